"""The whole journey of a jurisdiction, through the real ``jalon`` program, driven as a person
drives it: the first-run wizard (language, jurisdiction, signer, passphrase twice, the
fingerprint, the key card saved), a new assessment, all 14 themes scored, four participants,
both workshop questions, then sign and export. The package written is then verified with the
exchange code, and the key card enrols in a second installation, the secretariat's, which
imports the package.

Also here, how the program starts: the window first, in a "loading" state, the list once the
store is open; and a second window on the same data folder refused with a clear message.

The key is made with the real scrypt work factor, as a person's would be: about a second to
create it and another to unlock it at export.
"""

from __future__ import annotations

import shutil
import traceback
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget, QWizard
from pytestqt.qtbot import QtBot

from jalon.core import assessment as am
from jalon.core.jurisdiction import government
from jalon.exchange.package import VerifiedPackage, verify_package
from jalon.exchange.verify import TrustStatus
from jalon.main import main as jalon
from jalon.services import assessments, exchange, identity, instance, trust
from jalon.services.app import Jalon
from jalon.ui.export_dialog import ExportDialog
from jalon.ui.main_window import MainWindow
from jalon.ui.new_assessment import NewAssessmentDialog
from jalon.ui.wizard import SetupWizard
from tests.test_ui_shell_support import close_all_windows, migrated_data_fixture  # noqa: F401

PASSPHRASE = "maple lantern harbour quietly"
LEFT = Qt.MouseButton.LeftButton
#: How long one step may wait for what it expects (the store's first migration, scrypt).
STEP_TIMEOUT_S = 90


Condition = Callable[[], object]


class Person:
    """Drives the running program: ``script`` is a generator that yields a condition to wait
    for (a callable; the script goes on with its value once it is truthy). Anything that opens
    a modal window is done with :func:`later`, so the script never waits inside it.

    A failure is kept and every window closed, so the program ends and the test reports it.
    """

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.error: str | None = None
        self.done = False
        self._script: Iterator[Condition] | None = None
        self._waiting: Condition | None = None
        self._since = datetime.now(UTC)

    def start(self, script: Iterator[Condition]) -> None:
        self._script = script
        QTimer.singleShot(0, self._step)

    def _step(self) -> None:
        assert self._script is not None
        try:
            value = self._waiting() if self._waiting is not None else True
            if not value:
                if (datetime.now(UTC) - self._since).total_seconds() > STEP_TIMEOUT_S:
                    raise AssertionError(f"waited too long for {self._waiting}")
                QTimer.singleShot(20, self._step)
                return
            self._waiting = self._script.send(value if self._waiting is not None else None)
            self._since = datetime.now(UTC)
            QTimer.singleShot(0, self._step)
        except StopIteration:
            self.done = True
        except Exception:
            self.error = traceback.format_exc()
            QTimer.singleShot(0, self._give_up)

    @staticmethod
    def _give_up() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QWizard | QFileDialog | QMessageBox):
                widget.reject()
        for widget in QApplication.topLevelWidgets():
            widget.close()
        QCoreApplication.exit(99)


def verify_with_card(package: Path, card: Path, code: str = "ON") -> VerifiedPackage:
    """The package checked by the exchange code, trusting only the key on the saved card."""
    card_key = trust.read_card_file(card)
    return verify_package(
        package.read_bytes(),
        source=package.name,
        trust=lambda key_id, signed_for: (
            TrustStatus.ENROLLED
            if (key_id, signed_for) == (card_key.key_id, code)
            else TrustStatus.UNKNOWN
        ),
        now=datetime.now(UTC),
    )


def later(action: Callable[[], object]) -> None:
    QTimer.singleShot(0, action)


def modal(kind: type[QWidget]) -> Condition:
    def find() -> QWidget | None:
        widget = QApplication.activeModalWidget()
        return widget if isinstance(widget, kind) and widget.isVisible() else None

    return find


def main_window() -> MainWindow | None:
    return next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()),
        None,
    )


@pytest.fixture(autouse=True)
def _windows_closed(qapp: QApplication) -> Iterator[None]:
    yield
    close_all_windows()


def test_a_jurisdiction_sets_up_scores_everything_signs_and_exports_and_the_secretariat_imports(
    qtbot: QtBot, tmp_path: Path
) -> None:
    data = tmp_path / "jurisdiction"  # nothing yet: the very first start
    usb = tmp_path / "USB stick"
    usb.mkdir()
    card = tmp_path / "key card for the secretariat.json"
    seen: dict[str, object] = {}
    person = Person(qtbot)

    def journey() -> Iterator[Condition]:
        # The window is up before the store; the first-run wizard comes once it is open.
        wizard = yield modal(SetupWizard)
        assert isinstance(wizard, SetupWizard)
        window = main_window()
        assert window is not None
        qtbot.mouseClick(wizard.language_page.english, LEFT)
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), LEFT)
        combo = wizard.jurisdiction_page.picker.combo
        combo.setFocus()
        qtbot.keyClicks(combo, "Ontario")  # typing a name selects it, as in any list
        assert combo.currentData() == "ON"
        qtbot.keyClick(combo, Qt.Key.Key_Return)  # Enter presses Next
        yield lambda: wizard.currentId() == SetupWizard.SIGNER
        qtbot.keyClicks(wizard.signer_page.name, "Alex Tremblay")
        qtbot.keyClick(wizard.signer_page.name, Qt.Key.Key_Tab)
        qtbot.keyClicks(wizard.focusWidget(), "Chief Information Officer")
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), LEFT)
        page = wizard.passphrase_page
        assert page is not None
        qtbot.keyClicks(page.first, PASSPHRASE)
        qtbot.keyClicks(page.second, PASSPHRASE)
        assert page.strength.text() != "Strength: too short"
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), LEFT)  # scrypt
        yield lambda: wizard.currentId() == SetupWizard.FINGERPRINT
        fingerprint_page = wizard.fingerprint_page
        assert fingerprint_page is not None
        seen["fingerprint"] = " ".join(fingerprint_page.fingerprint.text().split())
        later(fingerprint_page.save.click)
        files = yield modal(QFileDialog)
        assert isinstance(files, QFileDialog)
        files.selectFile(str(card))
        later(files.accept)
        yield card.exists
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), LEFT)
        yield lambda: window.home is not None and QApplication.activeModalWidget() is None
        assert window.home is not None
        assert "Signing as Alex Tremblay" in window.identity_label.text()

        # A new assessment, by the keyboard: Ctrl+N, a title, Enter.
        window.activateWindow()
        later(lambda: qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier))
        dialog = yield modal(NewAssessmentDialog)
        assert isinstance(dialog, NewAssessmentDialog)
        assert dialog.picker is None  # the installation's jurisdiction, fixed
        assert dialog.jurisdiction() == government("ON")
        qtbot.keyClicks(dialog.title, "Ontario digital strategy 2026")
        later(lambda: qtbot.keyClick(dialog.title, Qt.Key.Key_Return))
        editor = yield lambda: window.editor
        fw = editor.document.framework  # type: ignore[attr-defined]

        # Every theme: levels and two of the three choices by mouse, the role by keyboard.
        for number, theme in enumerate(fw.themes):
            editor.show_page(theme.id)  # type: ignore[attr-defined]
            theme_page = editor.theme_page  # type: ignore[attr-defined]
            levels = theme_page.levels
            current = number % 4
            qtbot.mouseClick(levels.radios["current"][current], LEFT)
            qtbot.mouseClick(levels.radios["target"][min(current + 1, 4)], LEFT)
            pickers = theme_page.pickers
            qtbot.mouseClick(pickers["priority"].radios[number % 3], LEFT)
            role = pickers["role"].radios[0]
            role.setFocus(Qt.FocusReason.TabFocusReason)
            qtbot.keyClick(role, Qt.Key.Key_Space)
            qtbot.keyClick(role, Qt.Key.Key_Down)  # arrows move and choose
            qtbot.mouseClick(pickers["capacity"].radios[-1], LEFT)
            comment = theme_page.texts["comment"]
            qtbot.mouseClick(comment.viewport(), LEFT)
            qtbot.keyClicks(comment, f"Where we stand on theme {number + 1}.")
        assert editor.progress_label.text() == "14 of 14 themes complete"  # type: ignore[attr-defined]

        # Four participants, typed in the table.
        window.activateWindow()
        yield window.isActiveWindow
        editor.show_page("participants")  # type: ignore[attr-defined]
        people = editor.participants_page  # type: ignore[attr-defined]
        for name, title, organization in (
            ("Alex Tremblay", "Chief Information Officer", "Treasury Board"),
            ("Sam Okafor", "Director, Service Delivery", "ServiceOntario"),
            ("Marie Gagnon", "Policy Analyst", "Cabinet Office"),
            ("Jordan Lee", "Security Architect", "Digital Service"),
        ):
            people.add_button.setFocus()
            qtbot.keyClick(people.add_button, Qt.Key.Key_Space)
            for column, value in enumerate((name, title, organization)):
                if column:
                    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Right)
                for char in value:  # a table opens its cell editor on the first key
                    qtbot.keyClicks(window.focusWidget(), char)
                qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return)
                yield lambda: people.table.state() != people.table.State.EditingState
        # Both workshop questions.
        editor.show_page("questions")  # type: ignore[attr-defined]
        for box in editor.questions_page.boxes.values():  # type: ignore[attr-defined]
            qtbot.mouseClick(box.answer.viewport(), LEFT)
            qtbot.keyClicks(box.answer, f"Our answer to question {box.question.number}.")
        yield lambda: not editor.is_dirty()  # type: ignore[attr-defined]
        stored = assessments.get(window.app, editor.assessment.id)  # type: ignore[arg-type, attr-defined]
        assert len(stored.participants) == 4
        assert stored.participants[3] == am.Participant(
            "Jordan Lee", "Security Architect", "Digital Service"
        )

        # Sign and export onto the USB stick.
        later(editor.export_button.click)  # type: ignore[attr-defined]
        export = yield modal(ExportDialog)
        assert isinstance(export, ExportDialog)
        assert export.check_text.text().startswith("Nothing is missing")
        assert not export.confirm.isVisible()
        export.folder.selectAll()
        qtbot.keyClicks(export.folder, str(usb))
        qtbot.keyClicks(export.passphrase, PASSPHRASE)
        qtbot.mouseClick(export.export_button, LEFT)
        yield lambda: export.pages.currentIndex() == ExportDialog.DONE
        seen["package"] = Path(export.path.text())
        seen["export fingerprint"] = " ".join(export.fingerprint.text().split())
        later(export.close_button.click)
        yield lambda: QApplication.activeModalWidget() is None
        assert editor.banner.isVisible()  # type: ignore[attr-defined]
        seen["banner"] = editor.banner.new_revision_button.text()  # type: ignore[attr-defined]
        later(window.close)

    person.start(journey())
    code = jalon(["--data-dir", str(data), "--lang", "en"])
    assert person.error is None, person.error
    assert person.done
    assert code == 0

    package = seen["package"]
    assert isinstance(package, Path)
    assert package.parent == usb
    assert package.suffix == ".jalon"
    assert seen["export fingerprint"] == seen["fingerprint"]
    assert seen["banner"] == "Start a new revision"

    # The package verifies with the exchange code, trusting the key on the card saved.
    card_key = trust.read_card_file(card)
    verified = verify_with_card(package, card)
    assert verified.fingerprint == seen["fingerprint"]
    assert verified.assessment.title == "Ontario digital strategy 2026"
    assert all(r.is_complete for r in verified.assessment.responses)
    assert len(verified.assessment.responses) == 14
    assert len(verified.assessment.participants) == 4

    # The key card enrols at the secretariat, whose installation then imports the package.
    with Jalon.open(tmp_path / "secretariat") as secretariat:
        trust.enroll(secretariat, card_key)
        [checked] = exchange.verify_packages(secretariat, [package])
        assert checked.verdict is exchange.Verdict.TRUSTED
        [imported] = exchange.import_packages(secretariat, [package])
        assert imported.status is exchange.ImportStatus.IMPORTED
    with Jalon.open(data) as app:
        [row] = assessments.list_assessments(app)
        assert row.assessment.status is am.Status.EXPORTED
        assert row.completeness.is_complete


# -- how it starts ---------------------------------------------------------------------------


@pytest.fixture
def data(qapp: QApplication, migrated_data: Path, tmp_path: Path) -> Path:
    """An installation in use: set up, one assessment, the language kept with the window."""
    folder = tmp_path / "data"
    shutil.copytree(migrated_data, folder)
    with Jalon.open(folder) as app:
        identity.set_identity(app, government("MB"), "Jordan Lee", "CIO")
        assessments.create(app, government("MB"), "Plan 2026")
    (folder / "window.ini").write_text("[ui]\nlanguage=en\n", encoding="utf-8")
    return folder


def test_the_window_shows_at_once_and_the_list_fills_in_when_the_store_is_open(
    qtbot: QtBot, data: Path
) -> None:
    person = Person(qtbot)
    seen: list[str] = []

    def watch() -> Iterator[Condition]:
        window = yield main_window
        assert isinstance(window, MainWindow)
        if window.home is None:  # usually: the store opens in its own thread meanwhile
            assert window.loading is not None
            seen.append(window.loading.message.text())
            assert window.loading.bar.accessibleName() == "Loading your assessments…"
        yield lambda: window.home is not None  # read from the file, or once the store is open
        assert window.home is not None
        seen.append(window.home.model.summary(0).assessment.title)
        yield lambda: window.app is not None
        assert window.guide_action.shortcut().toString() == "F1"  # set once the store is open
        later(window.close)

    person.start(watch())
    code = jalon(["--data-dir", str(data)])
    assert person.error is None, person.error
    assert code == 0
    assert seen[-1] == "Plan 2026"
    assert seen[0] in ("Loading your assessments…", "Plan 2026")


def test_a_second_window_on_the_same_data_folder_is_refused_with_a_clear_message(
    qtbot: QtBot, data: Path
) -> None:
    person = Person(qtbot)
    seen: list[str] = []

    def read_the_refusal() -> Iterator[Condition]:
        box = yield modal(QMessageBox)
        assert isinstance(box, QMessageBox)
        seen.append(f"{box.windowTitle()}|{box.text()}")
        later(box.accept)

    with instance.acquire(data):  # the first window, still open
        person.start(read_the_refusal())
        code = jalon(["--data-dir", str(data)])
    assert person.error is None, person.error
    assert code == 1
    [message] = seen
    title, text = message.split("|")
    assert title == "Jalon cannot start"
    assert text.startswith("Another Jalon window (process ")
    assert "Switch to that window" in text
    # Nothing was opened beside it: the folder is free for the next start.
    assert instance.owner_info(data) is None
