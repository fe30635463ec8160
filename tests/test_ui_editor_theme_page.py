"""Scoring a theme in the editor, driven as a person drives it: keys, clicks, typing."""

# The fixtures are imported from the shared module, then requested by name.
# ruff: noqa: F401, F811

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from jalon.core import assessment as am
from jalon.services.app import Jalon
from jalon.ui.editor import EditorWidget
from jalon.ui.editor.navigator import PAGE_KEY_ROLE
from tests.test_ui_editor_fixtures import (
    SAVE_TIMEOUT_MS,
    complete_demo,
    demo_editor,
    draft,
    editor,
    focused,
    jalon_app,
    press,
    stored,
)

NO = Qt.KeyboardModifier.NoModifier
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def test_the_theme_page_shows_what_the_workshop_said_and_every_level_but_no_deck_marks(
    editor: EditorWidget,
) -> None:
    """An official sees what helps them answer; the deck's marks (logic model, McKinsey) and
    the framework's editorial note on theme 10 are for the secretariat."""
    editor.show_page("digital_identity")
    page = editor.theme_page
    theme = editor.document.framework.theme("digital_identity")
    assert page._title.text() == "10. Digital identity management (GID)"
    assert page._deck.title() == "What the workshop said about this theme"
    assert page._comment_in_deck.text() == "Clearly a priority enabler"
    texts = [label.text() for label in page.levels._texts]
    assert "2 — Developing" in texts[2]
    for level, label in enumerate(texts):
        assert theme.descriptor(level).en.replace("'", "&#x27;") in label
    shown = " ".join(label.text() for label in page.findChildren(QLabel) if label.isVisibleTo(page))
    for internal in ("McKinsey", "logic model", "interpretation", "deck"):
        assert internal not in shown


def test_typing_a_comment_reaches_the_store_within_a_second(
    qtbot: QtBot, editor: EditorWidget, jalon_app: Jalon, draft: am.Assessment
) -> None:
    comment = editor.theme_page.texts["comment"]
    qtbot.mouseClick(comment.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(comment, "Cabinet approved a strategy in 2025.")
    qtbot.waitUntil(
        lambda: (
            stored(jalon_app, draft.id).response("strategy").comment
            == "Cabinet approved a strategy in 2025."
        ),
        timeout=SAVE_TIMEOUT_MS,
    )
    qtbot.waitUntil(lambda: "Saved" in editor.save_label.text(), timeout=SAVE_TIMEOUT_MS)


def test_space_and_digits_choose_the_current_and_the_target_level(
    qtbot: QtBot, editor: EditorWidget, jalon_app: Jalon, draft: am.Assessment
) -> None:
    levels = editor.theme_page.levels
    levels.radios["current"][0].setFocus(Qt.FocusReason.TabFocusReason)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Space)  # choose level 2
    assert levels.value("current") == 2
    assert focused() is levels.radios["current"][2]
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is levels.radios["target"][0], "Tab goes on to the target column"
    press(qtbot, Qt.Key.Key_3, Qt.KeyboardModifier.ShiftModifier)
    assert levels.value("target") == 3
    qtbot.waitUntil(
        lambda: (
            (
                stored(jalon_app, draft.id).response("strategy").current,
                stored(jalon_app, draft.id).response("strategy").target,
            )
            == (2, 3)
        ),
        timeout=SAVE_TIMEOUT_MS,
    )


def test_tabbing_back_into_a_level_column_lands_on_the_chosen_level(
    qtbot: QtBot, editor: EditorWidget
) -> None:
    levels = editor.theme_page.levels
    qtbot.mouseClick(levels.radios["current"][3], Qt.MouseButton.LeftButton)
    editor.navigator.setFocus()
    press(qtbot, Qt.Key.Key_Tab)  # straight into the page: its scroll area is no stop
    assert focused() is levels.radios["current"][3]


def test_a_click_anywhere_in_a_level_cell_chooses_it(qtbot: QtBot, editor: EditorWidget) -> None:
    radio = editor.theme_page.levels.radios["target"][4]
    far_from_the_indicator = QPoint(radio.width() - 2, radio.height() - 2)
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=far_from_the_indicator)
    assert editor.theme_page.levels.value("target") == 4


def test_choosing_an_option_with_the_mouse_shows_what_it_means(
    qtbot: QtBot, editor: EditorWidget, jalon_app: Jalon, draft: am.Assessment
) -> None:
    picker = editor.theme_page.pickers["role"]
    qtbot.mouseClick(picker.radios[1], Qt.MouseButton.LeftButton)
    assert picker.value() == "co_leads"
    assert picker._hint.text().startswith("The Joint Councils lead this element jointly")
    qtbot.waitUntil(
        lambda: stored(jalon_app, draft.id).response("strategy").role == "co_leads",
        timeout=SAVE_TIMEOUT_MS,
    )


def test_missing_fields_are_listed_and_a_target_below_current_is_flagged_in_words(
    qtbot: QtBot, editor: EditorWidget
) -> None:
    page = editor.theme_page
    assert page.status_text() == (
        "⚠ Still to answer for this theme: current maturity level, target maturity level, "
        "priority, role of the Joint Councils, capacity to deliver."
    )
    qtbot.mouseClick(page.levels.radios["current"][3], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.levels.radios["target"][1], Qt.MouseButton.LeftButton)
    assert page.level_warning() == (
        "⚠ The target level (1 — Initial) is below the current level (3 — Established). "
        "Check that stepping back on this theme is intended."
    )
    assert "target maturity level" not in page.status_text()
    qtbot.mouseClick(page.levels.radios["target"][4], Qt.MouseButton.LeftButton)
    assert page.level_warning() == ""


def test_the_whole_of_one_theme_can_be_scored_with_the_keyboard_alone(
    qtbot: QtBot, editor: EditorWidget, jalon_app: Jalon, draft: am.Assessment
) -> None:
    editor.navigator.setFocus(Qt.FocusReason.OtherFocusReason)
    press(qtbot, Qt.Key.Key_Tab)  # current level column (the page scrolls to the focus)
    press(qtbot, Qt.Key.Key_1)  # 1 — Initial
    press(qtbot, Qt.Key.Key_Tab)  # target level column
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Space)  # 3 — Established
    press(qtbot, Qt.Key.Key_Tab)  # priority
    press(qtbot, Qt.Key.Key_Space)  # high
    press(qtbot, Qt.Key.Key_Tab)  # role
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Down)  # co-leads
    press(qtbot, Qt.Key.Key_Tab)  # capacity
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)  # no
    press(qtbot, Qt.Key.Key_Tab)  # comment
    qtbot.keyClicks(focused(), "Scattered plans only.")
    press(qtbot, Qt.Key.Key_Tab)  # evidence: Tab leaves the comment, it is not typed
    qtbot.keyClicks(focused(), "Departmental plans 2025")

    expected = am.ThemeResponse(
        "strategy",
        1,
        3,
        "high",
        "co_leads",
        "no",
        "Scattered plans only.",
        "Departmental plans 2025",
    )
    qtbot.waitUntil(
        lambda: stored(jalon_app, draft.id).response("strategy") == expected,
        timeout=SAVE_TIMEOUT_MS,
    )
    assert editor.theme_page.status_text() == "✓ This theme is complete."
    item = editor.navigator_model.itemFromIndex(editor.navigator_model.index_of("strategy"))
    assert item.text() == "✓ 1. Strategy"
    assert item.data(Qt.ItemDataRole.AccessibleTextRole) == "1. Strategy, complete"
    assert editor.progress_label.text() == "1 of 14 themes complete"

    press(qtbot, Qt.Key.Key_Right, ALT)
    assert editor.current_page == "leadership"


def test_next_and_previous_follow_the_pages_and_show_their_shortcuts(
    qtbot: QtBot, editor: EditorWidget
) -> None:
    editor.show_page("strategy")
    assert not editor.previous_button.isEnabled()
    assert "Alt+Right" in editor.next_button.toolTip()
    assert "2. Leadership" in editor.next_button.toolTip()
    qtbot.mouseClick(editor.next_button, Qt.MouseButton.LeftButton)
    assert editor.current_page == "leadership"
    editor.navigator.setFocus()
    press(qtbot, Qt.Key.Key_PageDown, CTRL)
    assert editor.current_page == "governance"
    press(qtbot, Qt.Key.Key_Left, ALT)
    press(qtbot, Qt.Key.Key_PageUp, CTRL)
    assert editor.current_page == "strategy"
    editor.show_page("procurement")
    press(qtbot, Qt.Key.Key_Right, ALT)
    assert editor.current_page == "participants"
    editor.show_page("summary")
    assert not editor.next_button.isEnabled()


def test_the_navigator_opens_pages_with_the_arrow_keys_and_marks_completion_in_words(
    qtbot: QtBot, demo_editor: EditorWidget
) -> None:
    model = demo_editor.navigator_model
    demo_editor.show_page("strategy")
    demo_editor.navigator.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    assert demo_editor.current_page == "leadership"
    assert demo_editor.theme_page._title.text() == "2. Leadership"
    for key in demo_editor.page_keys():
        if key == "summary":
            continue
        item = model.itemFromIndex(model.index_of(key))
        assert item.text().startswith("✓ ")
        assert item.data(Qt.ItemDataRole.AccessibleTextRole).endswith(", complete")
        assert item.data(PAGE_KEY_ROLE) == key
    assert demo_editor.progress_label.text() == "14 of 14 themes complete"


def test_a_pasted_comment_over_the_limit_is_refused_with_a_message_and_not_saved(
    qtbot: QtBot, editor: EditorWidget, jalon_app: Jalon, draft: am.Assessment
) -> None:
    comment = editor.theme_page.texts["comment"]
    comment.setFocus()
    qtbot.keyClicks(comment, "Short.")
    QGuiApplication.clipboard().setText("x" * am.MAX_LONG_TEXT)
    with qtbot.waitSignal(editor.status_message) as said:
        qtbot.keyClick(comment, Qt.Key.Key_V, CTRL)
    assert said.args == ["The comment is 20006 characters long; keep it to 20000 or fewer."]
    assert comment.toPlainText() == "Short."
    editor.flush()
    assert stored(jalon_app, draft.id).response("strategy").comment == "Short."
