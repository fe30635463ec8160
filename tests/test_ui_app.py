"""Starting the desktop app through ``jalon`` (offscreen): the store, the language, the
first-run wizard and the main window."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget, QWizard

from jalon import i18n
from jalon.core.jurisdiction import government
from jalon.main import main as jalon
from jalon.services import identity
from jalon.services.app import Jalon
from jalon.ui.app import SETTINGS_FILE, SKIPPED_SETUP, run
from jalon.ui.main_window import MainWindow
from jalon.ui.wizard import SetupWizard
from tests.test_ui_shell_support import close_all_windows, migrated_data_fixture  # noqa: F401


@pytest.fixture
def data(qapp: QApplication, migrated_data: Path, tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "data"
    shutil.copytree(migrated_data, folder)
    yield folder
    close_all_windows()


def with_identity(folder: Path, lang: str | None = None) -> None:
    with Jalon.open(folder) as app:
        identity.set_identity(app, government("MB"), "Jordan Lee", "CIO")
        if lang:
            identity.save_language(app, lang)


class Person:
    """Acts on whatever window the app shows next, then on the one after, and so on."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.steps: list[Callable[[], bool]] = []
        self.tries = 0

    def then(self, step: Callable[[], bool]) -> Person:
        self.steps.append(step)
        return self

    def start(self) -> None:
        QTimer.singleShot(0, self._tick)

    def _tick(self) -> None:
        if self.steps and self.steps[0]():
            self.steps.pop(0)
            self.tries = 0
        else:
            self.tries += 1
            assert self.tries < 1000, f"the app never showed what the test waited for: {self.seen}"
        if self.steps:
            QTimer.singleShot(10, self._tick)


def shown(kind: type[QWidget]) -> QWidget | None:
    return next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None
    )


def close_main_window(person: Person) -> Callable[[], bool]:
    def step() -> bool:
        window = shown(MainWindow)
        if window is None:
            return False
        person.seen.append(f"main:{window.windowTitle()}:{i18n.current_language()}")
        window.close()
        return True

    return step


def skip_the_set_up_for_the_secretariat(person: Person) -> Callable[[], bool]:
    """A step: once the set-up wizard shows, press its "Skip (secretariat)" button."""

    def step() -> bool:
        wizard = shown(SetupWizard)
        if not isinstance(wizard, SetupWizard):
            return False
        person.seen.append("wizard")
        wizard.button(QWizard.WizardButton.CustomButton1).click()
        return True

    return step


def test_jalon_opens_the_main_window_and_exits_zero_when_it_closes(data: Path) -> None:
    with_identity(data)
    person = Person()
    person.then(close_main_window(person)).start()
    assert jalon(["--data-dir", str(data), "--lang", "fr"]) == 0  # the real entry point
    assert person.seen == [f"main:{i18n.translator('fr').gettext('Assessments')}:fr"]


def test_the_windows_carry_jalons_icon_once_the_window_is_up(data: Path) -> None:
    # Given once the list is drawn (not before the first paint, which it would delay).
    from PySide6.QtGui import QIcon

    with_identity(data)
    QApplication.setWindowIcon(QIcon())
    person = Person()
    sizes: list[int] = []

    def icon_given() -> bool:
        window = shown(MainWindow)
        if window is None or window.app is None or QApplication.windowIcon().isNull():
            return False
        sizes.extend(size.width() for size in QApplication.windowIcon().availableSizes())
        assert not window.windowIcon().isNull()
        return True

    person.then(icon_given).then(close_main_window(person)).start()
    assert jalon(["--data-dir", str(data)]) == 0
    assert sizes == [16, 32, 48, 128, 256]


def test_the_saved_language_is_used_when_none_is_asked_for(data: Path) -> None:
    with_identity(data, lang="fr")
    person = Person()
    person.then(close_main_window(person)).start()
    assert run(data_dir=str(data)) == 0
    assert person.seen[0].endswith(":fr")


def test_lang_on_the_command_line_wins_over_the_saved_language(data: Path) -> None:
    with_identity(data, lang="fr")
    person = Person()
    person.then(close_main_window(person)).start()
    assert run(data_dir=str(data), lang="en") == 0
    assert person.seen == ["main:Assessments:en"]


def test_first_run_shows_the_wizard_and_skipping_for_the_secretariat_opens_its_workspace(
    data: Path,
) -> None:
    person = Person()

    def store_open() -> bool:  # the page is chosen once the store is open
        window = shown(MainWindow)
        return window is not None and window.app is not None

    person.then(skip_the_set_up_for_the_secretariat(person)).then(store_open).then(
        close_main_window(person)
    ).start()
    assert run(data_dir=str(data), lang="en") == 0
    assert person.seen == ["wizard", "main:Secretariat:en"]
    settings = QSettings(str(data / SETTINGS_FILE), QSettings.Format.IniFormat)
    assert settings.value(SKIPPED_SETUP, False, bool) is True
    with Jalon.open(data) as app:
        assert identity.get_identity(app) is None

    again = Person()

    def opened() -> bool:  # the page is chosen once the store is open
        window = shown(MainWindow)
        return window is not None and window.app is not None

    again.then(opened).then(close_main_window(again)).start()
    assert run(data_dir=str(data), lang="en") == 0
    assert again.seen == ["main:Secretariat:en"]  # no wizard this time, the same page


def test_a_data_folder_that_cannot_be_used_gets_a_clear_message_and_exit_code_1(
    qapp: QApplication, tmp_path: Path
) -> None:
    from jalon.ui.recovery import RecoveryDialog

    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("not a folder")
    person = Person()

    def read_and_quit() -> bool:
        box = QApplication.activeModalWidget()
        if not isinstance(box, RecoveryDialog):
            return False
        person.seen.append(f"{box.windowTitle()}|{box.explanation.text()}")
        box.quit_button.click()
        return True

    person.then(read_and_quit).start()
    assert run(data_dir=str(not_a_folder), lang="en") == 1
    [message] = person.seen
    title, text = message.split("|")
    assert title == "Jalon cannot open its data"
    assert text.startswith(f"The data folder {not_a_folder} cannot be written to")
    assert "Traceback" not in text
    assert not_a_folder.read_text() == "not a folder"
