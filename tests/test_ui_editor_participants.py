"""The participants page: add, edit, remove and reorder people; every change is saved."""

# The fixtures are imported from the shared module, then requested by name.
# ruff: noqa: F401, F811

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView
from pytestqt.qtbot import QtBot

from jalon.core import assessment as am
from jalon.services.app import Jalon
from jalon.ui.editor import EditorWidget
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
    type_text,
)

CTRL = Qt.KeyboardModifier.ControlModifier


def names(app: Jalon, assessment_id: str) -> list[str]:
    return [p.name for p in stored(app, assessment_id).participants]


def done_editing(qtbot: QtBot, table: QTableView) -> None:
    # The delegate commits a cell on the next turn of the event loop, as it would for a person.
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)


def test_a_participant_is_added_and_typed_in_with_the_keyboard(
    qtbot: QtBot, editor: EditorWidget, jalon_app: Jalon, draft: am.Assessment
) -> None:
    editor.show_page("participants")
    page = editor.participants_page
    assert page.first_input() is page.add_button
    page.add_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    # The new row opens for typing on its name at once.
    type_text(qtbot, "Nathalie Bergeron")
    press(qtbot, Qt.Key.Key_Return)
    done_editing(qtbot, page.table)
    press(qtbot, Qt.Key.Key_Right)
    type_text(qtbot, "Chief Information Officer")  # typing starts editing the cell
    press(qtbot, Qt.Key.Key_Return)
    done_editing(qtbot, page.table)
    qtbot.waitUntil(
        lambda: (
            stored(jalon_app, draft.id).participants
            == (am.Participant("Nathalie Bergeron", "Chief Information Officer"),)
        ),
        timeout=SAVE_TIMEOUT_MS,
    )
    item = editor.navigator_model.itemFromIndex(editor.navigator_model.index_of("participants"))
    assert item.text() == "✓ Participants"


def test_removing_a_participant_is_saved_and_can_be_undone(
    qtbot: QtBot, demo_editor: EditorWidget, jalon_app: Jalon, complete_demo: am.Assessment
) -> None:
    before = names(jalon_app, complete_demo.id)
    demo_editor.show_page("participants")
    page = demo_editor.participants_page
    assert not page.remove_button.isEnabled(), "nothing selected, nothing to remove"
    page.select_row(1)
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: names(jalon_app, complete_demo.id) == [before[0], *before[2:]],
        timeout=SAVE_TIMEOUT_MS,
    )
    assert page.model.rowCount() == 3
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: names(jalon_app, complete_demo.id) == before, timeout=SAVE_TIMEOUT_MS)


def test_participants_are_reordered_with_move_up_and_move_down(
    qtbot: QtBot, demo_editor: EditorWidget, jalon_app: Jalon, complete_demo: am.Assessment
) -> None:
    a, b, c, d = names(jalon_app, complete_demo.id)
    demo_editor.show_page("participants")
    page = demo_editor.participants_page
    page.select_row(2)
    qtbot.mouseClick(page.up_button, Qt.MouseButton.LeftButton)
    assert page.current_row() == 1, "the selection follows the person moved"
    qtbot.mouseClick(page.up_button, Qt.MouseButton.LeftButton)
    assert not page.up_button.isEnabled(), "the first row cannot go higher"
    qtbot.waitUntil(
        lambda: names(jalon_app, complete_demo.id) == [c, a, b, d], timeout=SAVE_TIMEOUT_MS
    )
    page.select_row(2)
    page.down_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    assert not page.down_button.isEnabled()
    qtbot.waitUntil(
        lambda: names(jalon_app, complete_demo.id) == [c, a, d, b], timeout=SAVE_TIMEOUT_MS
    )


def test_an_edited_cell_is_trimmed_and_an_unchanged_one_writes_nothing(
    qtbot: QtBot, demo_editor: EditorWidget, jalon_app: Jalon, complete_demo: am.Assessment
) -> None:
    demo_editor.show_page("participants")
    model = demo_editor.participants_page.model
    index = model.index(0, 2)
    assert not model.setData(index, model.data(index)), "same value: no edit"
    assert demo_editor.undo_stack.count() == 0
    assert model.setData(index, "  Treasury   Board ")
    qtbot.waitUntil(
        lambda: (
            stored(jalon_app, complete_demo.id).participants[0].organization == "Treasury Board"
        ),
        timeout=SAVE_TIMEOUT_MS,
    )
