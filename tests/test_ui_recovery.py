"""The recovery window in the real app: started through ``jalon`` (offscreen) on a data folder
whose database is damaged or lost, it shows what happened and the backups, never an endless
"Loading…"; restoring lands in the list with the data back."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from jalon import i18n
from jalon.core.jurisdiction import government
from jalon.main import main as jalon
from jalon.services import assessments, identity, instance
from jalon.services.app import Jalon
from jalon.services.first_look import first_look
from jalon.store.backup import backup_sqlite
from jalon.store.database import DB_FILENAME
from jalon.ui.main_window import MainWindow
from jalon.ui.recovery import RecoveryDialog
from tests.reliability.test_recovery import damage
from tests.test_ui_shell_support import close_all_windows, migrated_data_fixture  # noqa: F401

TITLE = "Before the damage"
#: Ticks of 10 ms a step may wait: far more than opening a store takes on a busy machine.
PATIENCE = 3000


class Person:
    """Acts on whatever the app shows next, step by step, on a timer (so it also acts inside
    a dialog's own event loop). A step that never comes ends the app instead of hanging it:
    every window is closed and ``failure`` says what was awaited."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.steps: list[Callable[[], bool]] = []
        self.tries = 0
        self.failure: str | None = None

    def then(self, step: Callable[[], bool]) -> Person:
        self.steps.append(step)
        return self

    def start(self) -> None:
        QTimer.singleShot(0, self._tick)

    def _tick(self) -> None:
        if not self.steps or self.failure is not None:
            return
        # The next tick is scheduled before the step runs: a step that clicks a button
        # opening a dialog with exec() returns only when that dialog closes, and the steps
        # for that dialog must run meanwhile, inside its event loop.
        step = self.steps.pop(0)
        QTimer.singleShot(10, self._tick)
        if step():
            self.tries = 0
            return
        self.steps.insert(0, step)
        self.tries += 1
        if self.tries >= PATIENCE:
            self.failure = f"waited in vain for {step.__name__}; saw {self.seen}"
            for widget in QApplication.topLevelWidgets():
                if isinstance(widget, RecoveryDialog):
                    widget.quit_button.click()
                widget.close()


def shown(kind: type[QWidget]) -> QWidget | None:
    return next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None
    )


@pytest.fixture
def backed_up(qapp: QApplication, migrated_data: Path, tmp_path: Path) -> Iterator[Path]:
    """A set-up data folder with one assessment, and a backup holding it (the newest; the
    template's start-up backup, empty, is older)."""
    folder = tmp_path / "data"
    shutil.copytree(migrated_data, folder)
    with Jalon.open(folder) as app:
        identity.set_identity(app, government("MB"), "Jordan Lee", "CIO")
        assessments.create(app, government("MB"), TITLE)
    backup_sqlite(
        folder / DB_FILENAME,
        folder / "backups",
        label="startup",
        now=datetime.now(UTC) + timedelta(seconds=1),
        check=True,
    )
    yield folder
    close_all_windows()


def restore_from_the_recovery_window(person: Person) -> Callable[[], bool]:
    def recovery_window() -> bool:
        dialog = shown(RecoveryDialog)
        if not isinstance(dialog, RecoveryDialog):
            return False
        chosen = dialog.selected()
        person.seen.append(
            f"recovery:{dialog.windowTitle()}|{dialog.explanation.text()}|"
            f"{chosen.label if chosen else None}|{dialog.restore_button.isEnabled()}"
        )
        dialog.restore_button.click()
        return True

    return recovery_window


def the_list(person: Person) -> Callable[[], bool]:
    def assessments_listed() -> bool:
        window = shown(MainWindow)
        if not isinstance(window, MainWindow) or window.home is None:
            return False
        if window.stack.currentWidget() is not window.home:
            return False
        model = window.home.model
        if model.rowCount() == 0:  # the list is read once the page is shown
            return False
        titles = [model.summary(row).assessment.title for row in range(model.rowCount())]
        person.seen.append(f"list:{titles}")
        window.close()
        return True

    return assessments_listed


def test_a_damaged_database_opens_the_recovery_window_and_restoring_lands_in_the_list(
    backed_up: Path,
) -> None:
    damage(backed_up / DB_FILENAME)
    damaged = (backed_up / DB_FILENAME).read_bytes()
    person = Person()
    person.then(restore_from_the_recovery_window(person)).then(the_list(person)).start()
    assert jalon(["--data-dir", str(backed_up), "--lang", "en"]) == 0  # the real entry point
    assert person.failure is None, person.failure
    recovery, listed = person.seen
    title, text, label, restorable = recovery.removeprefix("recovery:").split("|")
    assert title == "Jalon cannot open its data"
    assert "is damaged" in text
    assert "btree" not in text.lower()  # plain words; SQLite's own words are apart, as detail
    assert "Traceback" not in text
    assert (label, restorable) == ("startup", "True")  # the newest good backup, selected
    assert listed == f"list:{[TITLE]}"
    # The damaged file is kept beside the restored one, under a name that says so.
    [kept] = [p for p in backed_up.iterdir() if p.name.startswith("jalon-damaged-")]
    assert kept.read_bytes() == damaged
    with sqlite3.connect(backed_up / DB_FILENAME) as db:
        assert db.execute("PRAGMA quick_check").fetchone() == ("ok",)
    assert instance.owner_info(backed_up) is None  # the lock is released at the end


def test_the_lock_is_not_held_while_the_recovery_window_is_open(backed_up: Path) -> None:
    damage(backed_up / DB_FILENAME)
    person = Person()

    def lock_is_free_then_quit() -> bool:
        dialog = shown(RecoveryDialog)
        if not isinstance(dialog, RecoveryDialog):
            return False
        person.seen.append(f"owner:{instance.owner_info(backed_up)}")
        dialog.quit_button.click()
        return True

    person.then(lock_is_free_then_quit).start()
    assert jalon(["--data-dir", str(backed_up), "--lang", "en"]) == 1
    assert person.failure is None, person.failure
    assert person.seen == ["owner:None"]  # 'jalon doctor --restore' could run meanwhile


def test_a_lost_database_opens_the_recovery_window_in_french_not_the_set_up(
    backed_up: Path,
) -> None:
    (backed_up / DB_FILENAME).unlink()
    for key in (backed_up / "keys").glob("*"):
        key.unlink()  # no key either: only the backups tell that there was a database
    assert first_look(str(backed_up), None) is None  # the store must say, not the set-up
    person = Person()
    person.then(restore_from_the_recovery_window(person)).then(the_list(person)).start()
    assert jalon(["--data-dir", str(backed_up), "--lang", "fr"]) == 0
    assert person.failure is None, person.failure
    recovery, listed = person.seen
    fr = i18n.translator("fr").gettext
    title, text, _label, _restorable = recovery.removeprefix("recovery:").split("|")
    assert title == fr("Jalon cannot open its data")
    assert text.startswith("La base de données"), text
    assert listed == f"list:{[TITLE]}"


def test_looking_inside_a_backup_lists_its_assessments_and_changes_nothing(
    backed_up: Path,
) -> None:
    from jalon.ui.recovery import BackupContentsDialog

    damage(backed_up / DB_FILENAME)
    before = {p: p.read_bytes() for p in [backed_up / DB_FILENAME, *backed_up.glob("backups/*")]}
    person = Person()

    def look_inside() -> bool:
        dialog = shown(RecoveryDialog)
        if not isinstance(dialog, RecoveryDialog):
            return False
        dialog.look_button.click()  # its own window, modal: the next steps run inside it
        return True

    def read_the_backup() -> bool:
        contents = shown(BackupContentsDialog)
        if not isinstance(contents, BackupContentsDialog):
            return False
        table = contents.table
        person.seen.append(f"holds:{[table.item(r, 0).text() for r in range(table.rowCount())]}")
        contents.reject()
        return True

    def then_quit() -> bool:
        dialog = shown(RecoveryDialog)
        if not isinstance(dialog, RecoveryDialog) or shown(BackupContentsDialog) is not None:
            return False
        dialog.quit_button.click()
        return True

    person.then(look_inside).then(read_the_backup).then(then_quit).start()
    assert jalon(["--data-dir", str(backed_up), "--lang", "en"]) == 1
    assert person.failure is None, person.failure
    assert person.seen == [f"holds:{[TITLE]}"]
    assert {p: p.read_bytes() for p in before} == before  # nothing written, nothing restored


def test_a_failed_backup_is_shown_in_the_status_bar(backed_up: Path) -> None:
    shutil.rmtree(backed_up / "backups")
    (backed_up / "backups").write_text("a file where the backups go")  # every backup fails
    person = Person()

    def read_the_status_bar() -> bool:
        window = shown(MainWindow)
        watch = getattr(window, "backup_watch", None)
        if watch is None or not watch.note.isVisible():
            return False
        person.seen.append(watch.note.text())
        assert isinstance(window, MainWindow)
        window.close()
        return True

    person.then(read_the_status_bar).start()
    assert jalon(["--data-dir", str(backed_up), "--lang", "en"]) == 0
    assert person.failure is None, person.failure
    [note] = person.seen
    assert note.startswith("Backup failed: "), note


def test_starting_empty_after_a_lost_database_keeps_every_old_backup(backed_up: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    from jalon.store.backup import backup_files

    old = {b.path.name for b in backup_files(backed_up / "backups")}
    (backed_up / DB_FILENAME).unlink()
    person = Person()

    def start_empty() -> bool:
        dialog = shown(RecoveryDialog)
        if not isinstance(dialog, RecoveryDialog) or not dialog.empty_button.isVisible():
            return False
        dialog.empty_button.click()  # asks first, in a box of its own
        return True

    def confirm() -> bool:
        box = shown(QMessageBox)
        if not isinstance(box, QMessageBox):
            return False
        person.seen.append(box.text())
        [yes] = [b for b in box.buttons() if b.text() == "Start empty"]
        yes.click()
        return True

    def an_empty_list() -> bool:
        window = shown(MainWindow)
        if not isinstance(window, MainWindow) or window.home is None:
            return False
        person.seen.append(f"rows:{window.home.model.rowCount()}")
        window.close()
        return True

    person.then(start_empty).then(confirm).then(an_empty_list).start()
    assert jalon(["--data-dir", str(backed_up), "--lang", "en"]) == 0
    assert person.failure is None, person.failure
    question, rows = person.seen
    assert "Every backup of the old one is kept" in question
    assert rows == "rows:0"
    kept = {b.path.name for b in backup_files(backed_up / "backups") if b.label.startswith("kept-")}
    assert len(kept) == len(old)  # every old backup, made permanent: never pruned
