"""A person who works with the keyboard alone: from the main window, Ctrl+N makes an
assessment, then themes are scored with Tab, the arrow keys, Space, 0–4 and Shift+0–4, and
Ctrl+PgDown / Ctrl+PgUp move between themes. What the store holds and where the keyboard
focus lands are checked at every step; no widget is clicked or set directly."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from jalon.core.jurisdiction import government
from jalon.services import assessments, identity
from jalon.services.app import Jalon
from jalon.ui.editor import EditorWidget
from jalon.ui.main_window import MainWindow
from jalon.ui.new_assessment import NewAssessmentDialog
from tests.test_ui_shell_support import jalon_fixture, migrated_data_fixture  # noqa: F401

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
#: How long the autosave may take to reach the store on a busy machine.
SAVE_TIMEOUT_MS = 10_000


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """``key`` pressed in whatever has the keyboard focus, as a person would."""
    target = focused()
    assert target is not None, "no widget has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    target = focused()
    assert target is not None, "no widget has the keyboard focus"
    qtbot.keyClicks(target, text)


def test_a_person_scores_several_themes_from_the_main_window_with_the_keyboard_alone(
    qtbot: QtBot, jalon: Jalon
) -> None:
    identity.set_identity(jalon, government("NS"), "Alex Tremblay", "Chief Information Officer")
    window = MainWindow(jalon)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    assert window.home is not None
    assert focused() is window.home.buttons[window.home.new_action], "an empty list: New first"

    # Ctrl+N: the dialog opens with the keyboard in the title; Enter creates the assessment.
    seen: list[str] = []
    tries = [True] * 100

    def fill_in_the_new_assessment() -> None:
        dialog = QApplication.activeModalWidget()
        widget = focused()
        if not isinstance(dialog, NewAssessmentDialog) or (
            (widget is None or widget.window() is not dialog) and len(seen) < 1 and tries.pop()
        ):
            QTimer.singleShot(20, fill_in_the_new_assessment)  # not shown (or active) yet
            return
        try:
            seen.append(type(focused()).__name__)
            if focused() is dialog.title:
                type_text(qtbot, "Digital strategy 2026")
                press(qtbot, Qt.Key.Key_Return)
        finally:
            if dialog.isVisible():
                dialog.reject()  # never leave the test waiting inside the dialog

    QTimer.singleShot(0, fill_in_the_new_assessment)
    press(qtbot, Qt.Key.Key_N, CTRL)
    assert seen == ["QLineEdit"], "the dialog opens with the keyboard in the title"
    qtbot.waitUntil(lambda: isinstance(window.editor, EditorWidget), timeout=5_000)
    editor = window.editor
    assert isinstance(editor, EditorWidget)
    (created,) = assessments.list_assessments(jalon)
    assert created.assessment.jurisdiction.code == "NS", "the key's jurisdiction by default"
    page = editor.theme_page
    assert editor.current_page == "strategy"

    # The editor opens with the keyboard in the list of pages; Tab goes into the page shown.
    # (The offscreen platform has no window manager to give the window back its activation.)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    assert focused() is editor.navigator
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.levels.radios["current"][0], "Tab goes to the theme's first level"

    # Theme 1 by digits: 2 is the current level, Shift+4 the target; the focus stays put.
    press(qtbot, Qt.Key.Key_2)
    press(qtbot, Qt.Key.Key_4, SHIFT)
    assert focused() is page.levels.radios["current"][0]
    # Tab, Tab: priority, a radio group as any other (WAI-ARIA): the first arrow chooses the
    # option that has the focus, the next ones move and choose.
    press(qtbot, Qt.Key.Key_Tab)
    # As in any group of radio buttons, Tab lands on the one chosen.
    assert focused() is page.levels.radios["target"][4]
    press(qtbot, Qt.Key.Key_Tab)
    priority = page.pickers["priority"]
    assert focused() is priority.radios[0]
    press(qtbot, Qt.Key.Key_Down)
    assert focused() is priority.radios[0]
    assert priority.radios[0].isChecked()
    press(qtbot, Qt.Key.Key_Down)
    assert focused() is priority.radios[1]
    assert priority.radios[1].isChecked()
    # On to the comment, typed in.
    for _step in range(3):
        press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.texts["comment"]
    type_text(qtbot, "The 2024 plan is approved.")

    # Ctrl+PgDown: theme 2, with the keyboard on its first level, not in the comment left.
    press(qtbot, Qt.Key.Key_PageDown, CTRL)
    assert editor.current_page == "leadership"
    assert focused() is page.levels.radios["current"][0]
    assert page.texts["comment"].toPlainText() == ""
    # By arrows: they move without choosing; Space chooses.
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    assert focused() is page.levels.radios["current"][2]
    assert page.levels.value("current") is None, "moving along the scale chooses nothing"
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Right)
    assert focused() is page.levels.radios["target"][2]
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Space)
    assert (page.levels.value("current"), page.levels.value("target")) == (2, 3)

    # Theme 3: the ends of the scale, 0 and Shift+1 (whatever symbol Shift gives).
    press(qtbot, Qt.Key.Key_PageDown, CTRL)
    assert editor.current_page == "governance"
    assert focused() is page.levels.radios["current"][0]
    press(qtbot, Qt.Key.Key_0)
    press(qtbot, Qt.Key.Key_1, SHIFT)
    # A digit in a comment is text, not a level.
    for _step in range(5):
        press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.texts["comment"]
    type_text(qtbot, "3 teams")
    assert (page.levels.value("current"), page.levels.value("target")) == (0, 1)

    # Ctrl+PgUp twice: back on theme 1, as it was left, the keyboard on its current level.
    press(qtbot, Qt.Key.Key_PageUp, CTRL)
    press(qtbot, Qt.Key.Key_PageUp, CTRL)
    assert editor.current_page == "strategy"
    assert focused() is page.levels.radios["current"][2]
    assert (page.levels.value("current"), page.levels.value("target")) == (2, 4)
    assert page.texts["comment"].toPlainText() == "The 2024 plan is approved."

    # Everything reached the store.
    def stored() -> dict[str, tuple[object, ...]]:
        a = assessments.get(jalon, created.id)
        return {
            theme: (r.current, r.target, r.priority, r.comment)
            for theme in ("strategy", "leadership", "governance")
            for r in [a.response(theme)]
        }

    expected = {
        "strategy": (2, 4, priority._options[1].id, "The 2024 plan is approved."),
        "leadership": (2, 3, None, ""),
        "governance": (0, 1, None, "3 teams"),
    }
    qtbot.waitUntil(lambda: stored() == expected, timeout=SAVE_TIMEOUT_MS)

    # Ctrl+Z undoes the last step (the comment on theme 3), wherever the focus is.
    press(qtbot, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(
        lambda: assessments.get(jalon, created.id).response("governance").comment == "",
        timeout=SAVE_TIMEOUT_MS,
    )
