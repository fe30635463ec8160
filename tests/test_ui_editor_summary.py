"""The summary page: what is still missing (each a link to its page), gaps, and the radar."""

# The fixtures are imported from the shared module, then requested by name.
# ruff: noqa: F401, F811

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from jalon.core import assessment as am
from jalon.services.app import Jalon
from jalon.ui.editor import EditorWidget
from tests.test_ui_editor_fixtures import (
    complete_demo,
    demo_editor,
    draft,
    editor,
    focused,
    jalon_app,
    press,
)


def todo_lines(editor: EditorWidget) -> list[str]:
    model = editor.summary_page.todo_model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_what_is_missing_is_listed_by_page_in_page_order(editor: EditorWidget) -> None:
    editor.show_page("summary")
    lines = todo_lines(editor)
    assert len(lines) == 14 + 2  # every theme, the participants, the questions
    assert lines[0] == "→ 1. Strategy: Not scored yet"
    assert lines[-2] == "→ Participants: No participant named"
    assert lines[-1] == "→ Workshop questions: Question 1 not answered; Question 2 not answered"
    assert editor.summary_page._progress.text() == (
        "0 of 14 themes complete; 0% of all items answered."
    )


def test_a_click_on_a_missing_item_opens_its_page_ready_for_input(
    qtbot: QtBot, editor: EditorWidget
) -> None:
    editor.show_page("summary")
    view = editor.summary_page.todo
    rect = view.visualRect(view.model().index(2, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert editor.current_page == "governance"
    assert focused() is editor.theme_page.levels.radios["current"][0]


def test_the_missing_items_are_links_for_the_keyboard_too(
    qtbot: QtBot, editor: EditorWidget
) -> None:
    editor.show_page("summary")
    view = editor.summary_page.todo
    view.setFocus(Qt.FocusReason.TabFocusReason)
    assert view.currentIndex().row() == 0, "arriving by keyboard selects the first item"
    press(qtbot, Qt.Key.Key_End)
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Return)
    assert editor.current_page == "participants"
    assert focused() is editor.participants_page.add_button
    editor.show_page("summary")
    editor.summary_page.todo.setFocus()
    press(qtbot, Qt.Key.Key_End)
    press(qtbot, Qt.Key.Key_Space)
    assert editor.current_page == "questions"
    assert focused() is editor.questions_page.boxes["council_role"].answer


def test_a_complete_assessment_says_nothing_is_missing_but_keeps_the_warnings(
    demo_editor: EditorWidget,
) -> None:
    demo_editor.show_page("summary")
    # The demo plans to step back on procurement: a warning, not a missing answer.
    assert todo_lines(demo_editor) == [
        "→ 14. Procurement: Target level 2 is below the current level 3"
    ]
    assert demo_editor.summary_page._progress.text() == (
        "14 of 14 themes complete; 100% of all items answered."
    )


def test_the_gaps_table_gives_every_theme_its_levels_and_gap_in_words(
    demo_editor: EditorWidget, complete_demo: am.Assessment
) -> None:
    demo_editor.show_page("summary")
    model = demo_editor.summary_page.gaps_model
    assert model.rowCount() == 14
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["Theme", "Current", "Target", "Gap"]
    row = [model.index(0, c).data() for c in range(4)]
    strategy = complete_demo.response("strategy")
    assert row[0] == "1. Strategy"
    assert row[1].startswith(f"{strategy.current} — ")
    assert row[3] == f"+{strategy.gap}"
    procurement = [model.index(13, c).data() for c in range(4)]
    assert procurement[3] == "−1 (below current)"


def test_the_gaps_table_marks_unchosen_levels(editor: EditorWidget) -> None:
    editor.show_page("summary")
    model = editor.summary_page.gaps_model
    assert [model.index(0, c).data() for c in range(1, 4)] == ["—", "—", "—"]
    assert model.index(0, 1).data(Qt.ItemDataRole.AccessibleTextRole) == "not chosen"


def test_the_radar_draws_current_and_target_for_every_theme_with_a_legend(
    demo_editor: EditorWidget, complete_demo: am.Assessment, jalon_app: Jalon
) -> None:
    demo_editor.show_page("summary")
    radar = demo_editor.summary_page.radar
    themes = jalon_app.framework.themes
    assert radar.data.axes[0] == "1. Strategy"
    assert len(radar.data.axes) == 14
    assert radar.data.current == [complete_demo.response(t.id).current for t in themes]
    assert radar.data.target == [complete_demo.response(t.id).target for t in themes]
    assert "solid line" in radar.data.current_label
    assert "dashed line" in radar.data.target_label
    image = radar.grab().toImage()
    assert image.width() >= 320
    assert len({image.pixel(x, image.height() // 2) for x in range(image.width())}) > 3


def test_the_summary_follows_edits_made_elsewhere_and_names_what_is_left(
    qtbot: QtBot, editor: EditorWidget
) -> None:
    qtbot.mouseClick(editor.theme_page.levels.radios["current"][2], Qt.MouseButton.LeftButton)
    editor.show_page("summary")
    assert editor.summary_page.radar.data.current[0] == 2
    assert todo_lines(editor)[0] == (
        "→ 1. Strategy: Target maturity level not chosen; Priority not chosen; Role of the "
        "Joint Councils not chosen; Capacity to deliver not chosen"
    )
