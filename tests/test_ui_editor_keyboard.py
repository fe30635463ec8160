"""Scoring by keyboard: the scale's digit keys, arrows that read before they choose, a Tab
order that follows the screen, and the focus following the page on Ctrl+PgDown."""

# The fixtures are imported from the shared module, then requested by name.
# ruff: noqa: F401, F811

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from jalon.core import assessment as am
from jalon.services.app import Jalon
from jalon.ui.editor import EditorWidget
from jalon.ui.editor.level_picker import _NUMBER_ROW
from jalon.ui.editor.theme_page import ThemePage
from tests.test_ui_editor_fixtures import (
    SAVE_TIMEOUT_MS,
    draft,
    editor,
    focused,
    jalon_app,
    press,
    stored,
)

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def test_digit_keys_choose_the_current_level_and_shift_digits_the_target_on_the_scale(
    qtbot: QtBot, editor: EditorWidget, jalon_app: Jalon, draft: am.Assessment
) -> None:
    levels = editor.theme_page.levels
    levels.radios["target"][0].setFocus(Qt.FocusReason.TabFocusReason)
    press(qtbot, Qt.Key.Key_2)  # in the target column, still the current level
    press(qtbot, Qt.Key.Key_4, SHIFT)
    assert (levels.value("current"), levels.value("target")) == (2, 4)
    assert focused() is levels.radios["target"][0], "choosing by digit leaves the focus put"
    press(qtbot, Qt.Key.Key_3)
    assert levels.value("current") == 3
    qtbot.waitUntil(
        lambda: (
            (
                stored(jalon_app, draft.id).response("strategy").current,
                stored(jalon_app, draft.id).response("strategy").target,
            )
            == (3, 4)
        ),
        timeout=SAVE_TIMEOUT_MS,
    )


def test_a_digit_outside_the_scale_or_typed_in_a_comment_chooses_nothing(
    qtbot: QtBot, editor: EditorWidget
) -> None:
    page = editor.theme_page
    page.levels.radios["current"][0].setFocus(Qt.FocusReason.TabFocusReason)
    press(qtbot, Qt.Key.Key_7)
    assert page.levels.value("current") is None
    page.texts["comment"].setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(focused(), "2 plans")
    assert page.levels.value("current") is None
    assert page.texts["comment"].toPlainText() == "2 plans"


def test_shift_and_a_number_key_choose_the_target_whatever_symbol_the_layout_gives(
    qtbot: QtBot, editor: EditorWidget
) -> None:
    """On a US keyboard Shift+1 arrives as "!"; the key's place on the keyboard decides."""
    levels = editor.theme_page.levels
    radio = levels.radios["current"][0]
    radio.setFocus(Qt.FocusReason.TabFocusReason)
    kind, codes = _NUMBER_ROW.get(sys.platform, _NUMBER_ROW["linux"])
    code = codes[1]
    for kind_of_event in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(
            kind_of_event,
            Qt.Key.Key_Exclam,
            SHIFT,
            code if kind == "scan" else 0,
            code if kind == "virtual" else 0,
            0,
            "!",
        )
        QApplication.sendEvent(radio, event)
    assert levels.value("target") == 1
    assert levels.value("current") is None


def test_arrow_keys_move_along_the_scale_without_choosing_and_space_chooses(
    qtbot: QtBot, editor: EditorWidget
) -> None:
    levels = editor.theme_page.levels
    levels.radios["current"][0].setFocus(Qt.FocusReason.TabFocusReason)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    assert focused() is levels.radios["current"][2]
    assert levels.value("current") is None, "reading a level does not choose it"
    press(qtbot, Qt.Key.Key_Right)
    assert focused() is levels.radios["target"][2]
    press(qtbot, Qt.Key.Key_End)
    assert focused() is levels.radios["target"][4]
    press(qtbot, Qt.Key.Key_Space)
    assert levels.value("target") == 4
    press(qtbot, Qt.Key.Key_Up)
    assert levels.value("target") == 4, "moving off a chosen level keeps it chosen"
    press(qtbot, Qt.Key.Key_Left)
    press(qtbot, Qt.Key.Key_Home)
    assert focused() is levels.radios["current"][0]
    assert levels.value("current") is None


def _place(widget: QWidget, page: QWidget) -> tuple[int, int]:
    top_left = widget.mapTo(page, QPoint(0, 0))
    return top_left.y(), top_left.x()


def test_tab_goes_through_a_theme_page_in_the_order_it_reads_and_shift_tab_back(
    qtbot: QtBot, editor: EditorWidget
) -> None:
    page = editor.theme_page
    first = page.first_input()
    first.setFocus(Qt.FocusReason.TabFocusReason)
    forward = [first]
    while forward[-1] is not page.texts["evidence"]:
        press(qtbot, Qt.Key.Key_Tab)
        widget = focused()
        assert widget is not None
        assert page.isAncestorOf(widget), "Tab left the page too soon"
        forward.append(widget)
    assert forward == [
        page.levels.radios["current"][0],
        page.levels.radios["target"][0],
        page.pickers["priority"].radios[0],
        page.pickers["role"].radios[0],
        page.pickers["capacity"].radios[0],
        page.texts["comment"],
        page.texts["evidence"],
    ]
    places = [_place(w, page) for w in forward]
    assert places == sorted(places), f"Tab jumps back up or left on the screen: {places}"
    backward = [forward[-1]]
    for _ in forward[1:]:
        press(qtbot, Qt.Key.Key_Backtab, SHIFT)
        backward.append(focused())
    assert backward == forward[::-1], "Shift+Tab lands on the first level, not on 4 — Leading"


def test_ctrl_page_down_puts_the_focus_on_the_next_theme_s_first_control(
    qtbot: QtBot, editor: EditorWidget
) -> None:
    page = editor.theme_page
    page.texts["comment"].setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(focused(), "Plans")
    press(qtbot, Qt.Key.Key_PageDown, CTRL)
    assert editor.current_page == "leadership"
    assert focused() is page.levels.radios["current"][0]
    press(qtbot, Qt.Key.Key_3)
    assert page.levels.value("current") == 3
    press(qtbot, Qt.Key.Key_PageUp, CTRL)
    assert editor.current_page == "strategy"
    assert focused() is page.levels.radios["current"][0]
    assert page.texts["comment"].toPlainText() == "Plans"


def test_the_level_with_the_keyboard_focus_shows_a_ring_even_when_no_tab_put_it_there(
    qtbot: QtBot, editor: EditorWidget
) -> None:
    """Ctrl+PgDown and the digits move the focus without a Tab; Fusion then draws no focus
    frame, so the scale draws its own ring in the highlight colour."""
    radio = editor.theme_page.levels.radios["current"][1]
    highlight = radio.palette().color(radio.palette().ColorRole.Highlight)

    def ring_pixels() -> int:
        image = radio.grab().toImage()
        return sum(
            1
            for x in range(image.width())
            for y in range(image.height())
            if image.pixelColor(x, y) == highlight
        )

    radio.clearFocus()
    assert ring_pixels() == 0
    radio.setFocus(Qt.FocusReason.OtherFocusReason)
    assert radio.hasFocus()
    assert ring_pixels() > 10
