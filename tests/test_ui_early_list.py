"""A daily start with 200 assessments: the home list comes from the file before the store is
open, fills page by page while the window is usable, and once the store is open holds exactly
what the store lists, without a blink (``jalon.ui.early_list``).

The store is held back by a gate around ``open_installation`` (the real store opens once the
gate lets it), so that what happens before it opens can be seen and acted on.
"""

from __future__ import annotations

import gc
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from jalon import collector
from jalon.core.jurisdiction import government
from jalon.services import assessments, identity
from jalon.services.app import Jalon
from jalon.ui import early_list, startup
from jalon.ui.app import SETTINGS_FILE, run
from jalon.ui.home import AssessmentTableModel, HomePage
from jalon.ui.main_window import MainWindow, editor_class
from jalon.ui.secretariat_host import PAGE_KEY, SECRETARIAT
from tests.test_ui_app import Person, close_main_window, shown
from tests.test_ui_shell_support import close_all_windows

COUNT = 200


@pytest.fixture(scope="module")
def many_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("many") / "data"
    with Jalon.open(folder) as app:
        identity.set_identity(app, government("ON"), "Alex Tremblay", "CIO")
        identity.save_language(app, "en")
        made = [assessments.create(app, government("ON"), f"Strategy {i:03}") for i in range(COUNT)]
        assessments.archive(app, made[7].id)
    settings = QSettings(str(folder / SETTINGS_FILE), QSettings.Format.IniFormat)
    settings.setValue("ui/language", "en")
    settings.sync()
    return folder


@pytest.fixture
def many(qapp: QApplication, many_template: Path, tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "data"
    shutil.copytree(many_template, folder)
    yield folder
    close_all_windows()


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The store opens only once the test sets this event."""
    opened = threading.Event()
    real = startup.open_installation

    def held(*args: Any, **kwargs: Any) -> startup.Installation:
        assert opened.wait(60), "the test never let the store open"
        return real(*args, **kwargs)

    monkeypatch.setattr(startup, "open_installation", held)
    yield opened
    opened.set()


class Journey(Person):
    """A :class:`Person` whose failed step ends the app (the store let open) and is raised
    by :meth:`check`, instead of leaving the window open for ever."""

    def __init__(self, gate: threading.Event) -> None:
        super().__init__()
        self._gate = gate
        self.error: BaseException | None = None

    def _tick(self) -> None:
        try:
            super()._tick()
        except BaseException as error:
            self.error = error
            self.steps.clear()
            self._gate.set()
            QApplication.exit(3)

    def check(self) -> None:
        if self.error is not None:
            raise self.error


def main_window() -> MainWindow | None:
    window = shown(MainWindow)
    return window if isinstance(window, MainWindow) else None


def home_of(window: MainWindow) -> HomePage:
    assert window.home is not None
    return window.home


def rows_of(home: HomePage) -> list[Any]:
    return [home.model.summary(i) for i in range(home.model.rowCount())]


def shown_titles(home: HomePage) -> list[str]:
    proxy = home.proxy
    return [proxy.index(i, AssessmentTableModel.TITLE).data() for i in range(proxy.rowCount())]


def click_header(home: HomePage, column: int) -> None:
    header = home.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, 5)
    )


def test_the_list_is_read_from_the_file_and_filled_in_pages_before_the_store_opens(
    many: Path, gate: threading.Event
) -> None:
    person = Journey(gate)
    resets: list[int] = []
    kept: dict[str, Any] = {}

    def first_page() -> bool:
        window = main_window()
        if window is None or window.home is None:
            return False
        home = home_of(window)
        person.seen.append(f"first page, store open: {window.app is not None}")
        assert 0 < home.model.rowCount() <= COUNT
        assert window.current_page is home
        home.model.modelReset.connect(lambda: resets.append(1))
        return True

    def filled_while_usable() -> bool:
        window = main_window()
        assert window is not None
        home = home_of(window)
        if home.model.rowCount() < COUNT:
            return False
        person.seen.append(
            f"all {home.model.rowCount()} rows, store open: {window.app is not None}"
        )
        ids = [r.id for r in rows_of(home)]
        assert len(set(ids)) == COUNT
        assert home.proxy.rowCount() == COUNT - 1  # the archived one is hidden
        home.show_archived.click()
        assert home.proxy.rowCount() == COUNT
        home.show_archived.click()
        # Sorted by title from its header; keys move the selection.
        click_header(home, AssessmentTableModel.TITLE)
        titles = shown_titles(home)
        assert titles == sorted(titles) or titles == sorted(titles, reverse=True)
        home.table.setFocus()
        QTest.keyClick(home.table, Qt.Key.Key_Home)
        QTest.keyClick(home.table, Qt.Key.Key_Down)
        QTest.keyClick(home.table, Qt.Key.Key_Down)
        kept["selected"] = home.selected_id()
        kept["titles"] = titles
        assert kept["selected"] is not None
        # Changing the list needs the store: those commands wait for it.
        assert home.open_action.isEnabled()
        assert not home.new_action.isEnabled()
        assert not home.delete_action.isEnabled()
        gate.set()
        return True

    def store_listed() -> bool:
        window = main_window()
        assert window is not None
        home = home_of(window)
        if window.app is None or not home.store_listed:
            return False
        person.seen.append("store listed")
        stored = assessments.list_assessments(window.app)
        assert sorted(rows_of(home), key=lambda r: r.id) == sorted(stored, key=lambda r: r.id)
        assert home.selected_id() == kept["selected"]
        assert shown_titles(home) == kept["titles"]
        assert home.new_action.isEnabled()
        assert home.delete_action.isEnabled()
        return True

    person.then(first_page).then(filled_while_usable).then(store_listed).then(
        close_main_window(person)
    ).start()
    code = run(data_dir=str(many))
    person.check()
    assert code == 0
    assert person.seen[:4] == [
        "first page, store open: False",
        f"all {COUNT} rows, store open: False",
        "store listed",
        "main:Assessments:en",
    ]
    assert resets == []  # the store's rows came in place, not by a reset


def test_the_list_holds_what_the_store_holds_when_the_data_changed_before_it_opened(
    many: Path, gate: threading.Event
) -> None:
    person = Journey(gate)
    changed: dict[str, str] = {}

    def change_the_data_meanwhile() -> bool:
        window = main_window()
        if window is None or window.home is None:
            return False
        home = home_of(window)
        rows = rows_of(home)
        with Jalon.open(many) as app:  # another program, before this window's store opens
            assessments.delete(app, rows[0].id)
            assessments.rename(app, rows[1].id, "Renamed meanwhile")
            assessments.archive(app, rows[2].id)
            changed["new"] = assessments.create(app, government("ON"), "Made meanwhile").id
        changed.update(deleted=rows[0].id, renamed=rows[1].id, archived=rows[2].id)
        gate.set()
        return True

    def store_listed() -> bool:
        window = main_window()
        assert window is not None
        home = home_of(window)
        if window.app is None or not home.store_listed:
            return False
        shown_rows = rows_of(home)
        ids = [r.id for r in shown_rows]
        assert len(ids) == len(set(ids))  # none twice
        stored = assessments.list_assessments(window.app)
        assert sorted(shown_rows, key=lambda r: r.id) == sorted(stored, key=lambda r: r.id)
        assert changed["deleted"] not in ids
        assert changed["new"] in ids
        titles = shown_titles(home)
        assert "Renamed meanwhile" in titles
        assert "Made meanwhile" in titles
        assert home.proxy.rowCount() == COUNT - 2  # two archived now; one deleted, one made
        person.seen.append("store listed")
        return True

    person.then(change_the_data_meanwhile).then(store_listed).then(
        close_main_window(person)
    ).start()
    code = run(data_dir=str(many))
    person.check()
    assert code == 0
    assert person.seen[0] == "store listed"


@pytest.mark.skipif(editor_class() is None, reason="the editor is not in this build")
def test_enter_on_a_row_before_the_store_opens_opens_it_once_the_store_is_open(
    many: Path, gate: threading.Event
) -> None:
    person = Journey(gate)
    chosen: dict[str, str | None] = {}

    def press_enter_on_the_third_row() -> bool:
        window = main_window()
        if window is None or window.home is None:
            return False
        home = home_of(window)
        home.table.setFocus()
        QTest.keyClick(home.table, Qt.Key.Key_Home)
        QTest.keyClick(home.table, Qt.Key.Key_Down)
        QTest.keyClick(home.table, Qt.Key.Key_Down)
        chosen["id"] = home.selected_id()
        QTest.keyClick(home.table, Qt.Key.Key_Return)
        person.seen.append(f"editor before the store: {window.editor is not None}")
        assert window.statusBar().currentMessage()  # says it opens once the data is ready
        gate.set()
        return True

    def editor_shown() -> bool:
        window = main_window()
        assert window is not None
        if window.editor is None:
            return False
        person.seen.append(
            f"editor on the row chosen: {window.editor.assessment.id == chosen['id']}"  # type: ignore[attr-defined]
        )
        return True

    person.then(press_enter_on_the_third_row).then(editor_shown).then(
        close_main_window(person)
    ).start()
    code = run(data_dir=str(many))
    person.check()
    assert code == 0
    assert person.seen[:2] == ["editor before the store: False", "editor on the row chosen: True"]


def test_a_window_that_starts_on_the_secretariat_workspace_shows_no_early_list(
    many: Path, gate: threading.Event
) -> None:
    settings = QSettings(str(many / SETTINGS_FILE), QSettings.Format.IniFormat)
    settings.setValue(PAGE_KEY, SECRETARIAT)
    settings.sync()
    assert not early_list.starts_on_home(settings)
    person = Journey(gate)

    def drawn_and_waiting() -> bool:
        window = main_window()
        if window is None or window.loading is None:
            return False
        QTest.qWait(300)  # the first paint has come and gone
        person.seen.append(f"list before the store: {window.home is not None}")
        gate.set()
        return True

    def store_open() -> bool:
        window = main_window()
        return window is not None and window.app is not None

    person.then(drawn_and_waiting).then(store_open).then(close_main_window(person)).start()
    code = run(data_dir=str(many))
    person.check()
    assert code == 0
    assert person.seen == ["list before the store: False", "main:Secretariat:en"]


def test_the_switch_interval_is_restored_once_the_store_is_open(
    many: Path, gate: threading.Event
) -> None:
    usual = sys.getswitchinterval()
    person = Journey(gate)

    def list_shown() -> bool:
        window = main_window()
        if window is None or window.home is None:
            return False
        gate.set()
        return True

    person.then(list_shown).then(close_main_window(person)).start()
    code = run(data_dir=str(many))
    person.check()
    assert code == 0
    assert sys.getswitchinterval() == usual  # even though the loop ended first


def test_the_cycle_collector_waits_through_the_start_and_runs_once_the_store_is_open(
    many: Path, gate: threading.Event
) -> None:
    gc.collect()
    collector.pause()  # as the ``jalon`` program does, before anything else
    person = Journey(gate)

    def list_shown_with_the_collector_paused() -> bool:
        window = main_window()
        if window is None or window.home is None:
            return False
        person.seen.append(f"list shown, collector running: {gc.isenabled()}")
        gate.set()
        return True

    def store_open_with_the_collector_running() -> bool:
        window = main_window()
        return window is not None and window.app is not None and gc.isenabled()

    person.then(list_shown_with_the_collector_paused).then(
        store_open_with_the_collector_running
    ).then(close_main_window(person)).start()
    try:
        code = run(data_dir=str(many))
        person.check()
        frozen = gc.get_freeze_count()
    finally:
        collector.resume()
        gc.unfreeze()
        gc.enable()
    assert code == 0
    assert person.seen[0] == "list shown, collector running: False"
    assert frozen > 0  # what the start made is set apart from later passes


def test_the_first_page_read_before_the_store_fills_the_window_and_no_more(
    many: Path, qtbot: Any
) -> None:
    from jalon.services.home_list import QuickList

    quick = QuickList.open(str(many), None)
    assert quick is not None
    home = HomePage(None)
    qtbot.addWidget(home)
    home.resize(1000, 700)
    wanted = early_list.rows_to_fill(home.height(), home.row_height())
    home.add_rows(quick.next_page(wanted))
    quick.close()
    home.show()
    qtbot.waitExposed(home)
    view = home.table
    assert home.model.rowCount() == wanted
    assert view.rowAt(view.viewport().height() - 1) != -1  # rows down to the list's bottom
    assert wanted < 40  # what the window shows, not a fixed page of 40
