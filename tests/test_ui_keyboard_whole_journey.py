"""A whole assessment with the keyboard alone, through the real ``jalon`` program: the first-run
wizard (language, jurisdiction, signer, passphrase twice, the key card saved through the file
window), Ctrl+N for a new assessment, all 14 themes scored with digits and Shift+digits and
Ctrl+PgDown, then Ctrl+E, the passphrase and Enter to sign and export. Every key goes to the
widget that has the keyboard focus, as it would for a person who never touches a mouse: no
widget is clicked, set or focused by the test. The package written is then verified.

(The offscreen platform has no window manager: when a window closes, the test asks Qt to
activate the one a window manager would activate. That is the only call that is not a key.)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from jalon.core import assessment as am
from jalon.main import main as jalon
from jalon.services import assessments
from jalon.services.app import Jalon
from jalon.ui.editor import EditorWidget
from jalon.ui.export_dialog import ExportDialog
from jalon.ui.new_assessment import NewAssessmentDialog
from jalon.ui.wizard import SetupWizard
from tests.test_ui_journey import (
    Condition,
    Person,
    later,
    main_window,
    modal,
    verify_with_card,
)
from tests.test_ui_shell_support import close_all_windows

PASSPHRASE = "maple lantern harbour quietly"
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
NONE = Qt.KeyboardModifier.NoModifier
DIGITS = (Qt.Key.Key_0, Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4)


@pytest.fixture(autouse=True)
def _windows_closed(qapp: QApplication) -> Iterator[None]:
    yield
    close_all_windows()


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "no widget has the keyboard focus"
    return widget


# The offscreen platform cannot raise windows or grab the keyboard (popups and windows brought
# to the front ask it to); a desktop platform can.
@pytest.mark.qt_log_ignore("This plugin does not support raise", "does not support grabbing")
def test_a_person_sets_up_scores_every_theme_signs_and_exports_with_the_keyboard_alone(
    qtbot: QtBot, tmp_path: Path
) -> None:
    data = tmp_path / "data"  # nothing yet: the very first start
    usb = tmp_path / "usb"
    usb.mkdir()
    card = usb / "card.json"
    seen: dict[str, object] = {}
    person = Person(qtbot)

    def press(key: Qt.Key, modifier: Qt.KeyboardModifier = NONE) -> None:
        qtbot.keyClick(focused(), key, modifier)

    def press_later(key: Qt.Key, modifier: Qt.KeyboardModifier = NONE) -> None:
        """A key that opens a modal window: pressed once the script has yielded."""
        later(lambda: press(key, modifier))

    def type_text(text: str) -> None:
        qtbot.keyClicks(focused(), text)

    class Until:
        """A condition that names itself, so a step that waits too long says which."""

        def __init__(self, name: str, check: Condition) -> None:
            self.name, self.check = name, check

        def __call__(self) -> object:
            return self.check()

        def __repr__(self) -> str:
            focus = QApplication.focusWidget()
            shown = [type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible()]
            return f"{self.name} (focus: {focus!r}; windows shown: {shown})"

    def active(window: QWidget) -> Condition:
        def check() -> bool:
            if QApplication.activeWindow() is not window:
                window.activateWindow()  # what a window manager does when a window closes
                return False
            return QApplication.focusWidget() is not None

        return Until(f"{type(window).__name__} active", check)

    def journey() -> Iterator[Condition]:
        wizard = yield modal(SetupWizard)
        assert isinstance(wizard, SetupWizard)
        yield active(wizard)
        # Language: English is chosen; Enter goes on.
        assert wizard.currentId() == SetupWizard.LANGUAGE
        press(Qt.Key.Key_Return)
        yield Until("jurisdiction page", lambda: wizard.currentId() == SetupWizard.JURISDICTION)
        combo = wizard.jurisdiction_page.picker.combo
        assert focused() is combo, "the jurisdiction's list has the keyboard"
        type_text("Ontario")  # typing a name selects it, as in any list
        assert combo.currentData() == "ON"
        press(Qt.Key.Key_Return)
        yield Until("signer page", lambda: wizard.currentId() == SetupWizard.SIGNER)
        assert focused() is wizard.signer_page.name
        type_text("Alex Tremblay")
        press(Qt.Key.Key_Tab)
        assert focused() is wizard.signer_page.title_edit
        type_text("Chief Information Officer")
        press(Qt.Key.Key_Return)
        yield Until("passphrase page", lambda: wizard.currentId() == SetupWizard.PASSPHRASE)
        page = wizard.passphrase_page
        assert focused() is page.first
        type_text(PASSPHRASE)
        press(Qt.Key.Key_Tab)
        assert focused() is page.second
        type_text(PASSPHRASE)
        press(Qt.Key.Key_Return)  # the key is made (scrypt), then its fingerprint shown
        yield Until("fingerprint page", lambda: wizard.currentId() == SetupWizard.FINGERPRINT)
        fingerprint_page = wizard.fingerprint_page
        seen["fingerprint"] = " ".join(fingerprint_page.fingerprint.text().split())
        yield active(wizard)
        assert focused() is fingerprint_page.save, "saving the card is what comes next"
        press_later(Qt.Key.Key_Space)
        files = yield modal(QFileDialog)
        assert isinstance(files, QFileDialog)
        yield active(files)
        # The file window opens with the keyboard in the name; a whole path may be typed.
        field = focused()
        qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
        type_text(str(card))
        press(Qt.Key.Key_Return)
        yield Until("card saved", card.exists)
        yield active(wizard)
        assert focused() is wizard.button(wizard.WizardButton.FinishButton)
        press(Qt.Key.Key_Return)
        window = yield Until(
            "the main window's list",
            lambda: (
                (w := main_window()) is not None
                and w.home is not None
                and QApplication.activeModalWidget() is None
                and w
            ),
        )
        yield active(window)

        # Ctrl+N: a title, Enter.
        press_later(Qt.Key.Key_N, CTRL)
        dialog = yield modal(NewAssessmentDialog)
        assert isinstance(dialog, NewAssessmentDialog)
        yield active(dialog)
        assert focused() is dialog.title
        type_text("Ontario digital strategy 2026")
        press(Qt.Key.Key_Return)
        editor = yield Until(
            "the editor", lambda: isinstance(window.editor, EditorWidget) and window.editor
        )
        assert isinstance(editor, EditorWidget)
        yield active(window)
        fw = editor.document.framework
        # From the list of pages, Tab goes to the theme's first level.
        assert focused() is editor.navigator
        press(Qt.Key.Key_Tab)
        levels = editor.theme_page.levels
        for number, theme in enumerate(fw.themes):
            assert editor.current_page == theme.id
            assert focused() is levels.radios["current"][0], theme.id
            current = number % 4
            press(DIGITS[current])
            press(DIGITS[current + 1], SHIFT)
            # Priority, role, capacity: Tab into each group, an arrow chooses its first option.
            press(Qt.Key.Key_Tab)  # the target's chosen level
            for _group in ("priority", "role", "capacity"):
                press(Qt.Key.Key_Tab)
                press(Qt.Key.Key_Down)
            # Back to the first level of the next theme: Ctrl+PgDown.
            press(Qt.Key.Key_PageDown, CTRL)
        yield Until("saved", lambda: not editor.is_dirty())
        stored = assessments.get(window.app, editor.assessment.id)
        assert all(r.is_complete for r in stored.responses), [
            (r.theme_id, r.current, r.target, r.priority, r.role, r.capacity)
            for r in stored.responses
            if not r.is_complete
        ]

        # Ctrl+E: the export window, the passphrase, Enter.
        press_later(Qt.Key.Key_E, CTRL)
        export = yield modal(ExportDialog)
        assert isinstance(export, ExportDialog)
        yield active(export)
        # The keyboard is in the passphrase; the folder follows it.
        assert focused() is export.passphrase
        type_text(PASSPHRASE)
        press(Qt.Key.Key_Tab)
        assert focused() is export.folder
        press(Qt.Key.Key_A, CTRL)
        type_text(str(usb))
        # The participants and the workshop questions were left out: the box that says so
        # sits above, Shift+Tab twice reaches it, Space ticks it.
        assert export.needs_confirmation
        press(Qt.Key.Key_Tab, SHIFT)
        press(Qt.Key.Key_Tab, SHIFT)
        assert focused() is export.confirm
        press(Qt.Key.Key_Space)
        assert export.confirm.isChecked()
        press(Qt.Key.Key_Return)
        yield Until("exported", lambda: export.pages.currentIndex() == ExportDialog.DONE)
        seen["package"] = Path(export.path.text())
        yield active(export)
        press(Qt.Key.Key_Escape)
        yield Until("export closed", lambda: QApplication.activeModalWidget() is None)
        yield active(window)
        seen["exported"] = True
        press_later(Qt.Key.Key_Q, CTRL)
        yield Until(
            "every window closed after Ctrl+Q",
            lambda: not [w for w in QApplication.topLevelWidgets() if w.isVisible()],
        )

    person.start(journey())
    code = jalon(["--data-dir", str(data), "--lang", "en"])
    assert person.error is None, person.error
    assert person.done
    assert code == 0

    package = seen["package"]
    assert isinstance(package, Path)
    verified = verify_with_card(package, card)
    assert verified.fingerprint == seen["fingerprint"]
    assert len(verified.assessment.responses) == 14
    assert all(r.is_complete for r in verified.assessment.responses)
    with Jalon.open(data) as app:
        [row] = assessments.list_assessments(app)
        assert row.assessment.status is am.Status.EXPORTED
