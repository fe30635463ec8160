"""Autosave and undo: no keystroke is lost, every undo is saved, a failed save says why."""

# The fixtures are imported from the shared module, then requested by name.
# ruff: noqa: F401, F811

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from jalon import i18n
from jalon.core import assessment as am
from jalon.core.errors import ReadOnlyError, StorageError
from jalon.services.app import Jalon
from jalon.ui.editor import EditorWidget
from jalon.ui.editor.autosave import SaveState
from tests.test_ui_editor_fixtures import (
    SAVE_TIMEOUT_MS,
    draft,
    editor,
    jalon_app,
    press,
    sign_in_store,
    stored,
)

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_an_edit_shows_saving_then_saved_once_it_is_in_the_store(
    qtbot: QtBot, editor: EditorWidget, jalon_app: Jalon, draft: am.Assessment
) -> None:
    assert editor.save_label.text() == "✓ Saved"
    states: list[str] = []
    editor.saved_state_changed.connect(states.append)
    qtbot.mouseClick(editor.theme_page.levels.radios["current"][2], Qt.MouseButton.LeftButton)
    assert editor.save_label.text() == "… Saving…"
    assert editor.is_dirty()
    qtbot.waitUntil(lambda: states == ["Saving…", "Saved"], timeout=SAVE_TIMEOUT_MS)
    assert stored(jalon_app, draft.id).response("strategy").current == 2
    assert editor.save_label.text() == "✓ Saved"
    assert not editor.is_dirty()


def test_flush_writes_a_pending_edit_at_once(
    qtbot: QtBot, editor: EditorWidget, jalon_app: Jalon, draft: am.Assessment
) -> None:
    area = editor.questions_page.boxes["council_role"].answer
    editor.show_page("questions")
    area.setFocus()
    qtbot.keyClicks(area, "Co-lead the enablers.")
    assert stored(jalon_app, draft.id).answer("council_role") == ""  # still waiting
    editor.flush()
    assert stored(jalon_app, draft.id).answer("council_role") == "Co-lead the enablers."
    assert not editor.is_dirty()


def test_typing_is_one_undo_step_and_undo_and_redo_are_saved_too(
    qtbot: QtBot, editor: EditorWidget, jalon_app: Jalon, draft: am.Assessment
) -> None:
    page = editor.theme_page
    qtbot.mouseClick(page.levels.radios["current"][1], Qt.MouseButton.LeftButton)
    comment = page.texts["comment"]
    comment.setFocus()
    qtbot.keyClicks(comment, "Plans exist")
    assert "Edit the comment" in editor.undo_action.toolTip()
    assert "Ctrl+Z" in editor.undo_action.toolTip()

    qtbot.keyClick(comment, Qt.Key.Key_Z, CTRL)  # the editor's undo, not the text box's own
    assert comment.toPlainText() == ""
    qtbot.waitUntil(
        lambda: (
            stored(jalon_app, draft.id).response("strategy")
            == am.ThemeResponse("strategy", current=1)
        ),
        timeout=SAVE_TIMEOUT_MS,
    )
    qtbot.keyClick(comment, Qt.Key.Key_Z, CTRL)
    assert page.levels.value("current") is None
    qtbot.waitUntil(
        lambda: stored(jalon_app, draft.id).response("strategy").current is None,
        timeout=SAVE_TIMEOUT_MS,
    )
    assert not editor.undo_action.isEnabled()

    qtbot.keyClick(comment, Qt.Key.Key_Z, CTRL_SHIFT)
    qtbot.keyClick(comment, Qt.Key.Key_Z, CTRL_SHIFT)
    assert comment.toPlainText() == "Plans exist"
    assert page.levels.value("current") == 1
    qtbot.waitUntil(
        lambda: stored(jalon_app, draft.id).response("strategy").comment == "Plans exist",
        timeout=SAVE_TIMEOUT_MS,
    )


def test_undoing_an_edit_made_on_another_page_opens_that_page(
    qtbot: QtBot, editor: EditorWidget, jalon_app: Jalon, draft: am.Assessment
) -> None:
    qtbot.mouseClick(editor.theme_page.pickers["priority"].radios[0], Qt.MouseButton.LeftButton)
    editor.show_page("participants")
    editor.navigator.setFocus()
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert editor.current_page == "strategy"
    assert editor.theme_page.pickers["priority"].value() is None
    qtbot.waitUntil(
        lambda: stored(jalon_app, draft.id).response("strategy").priority is None,
        timeout=SAVE_TIMEOUT_MS,
    )


def test_a_refused_save_keeps_the_edit_in_memory_and_says_why(
    qtbot: QtBot, editor: EditorWidget, jalon_app: Jalon, draft: am.Assessment
) -> None:
    # Another window signed this revision behind the editor's back: the store refuses writes.
    sign_in_store(jalon_app, draft)
    comment = editor.theme_page.texts["comment"]
    comment.setFocus()
    qtbot.keyClicks(comment, "Do not lose me")
    qtbot.waitUntil(lambda: editor.autosaver.state is SaveState.FAILED, timeout=SAVE_TIMEOUT_MS)
    assert editor.save_label.text() == "⚠ Not saved"
    assert editor._save_problem.isVisibleTo(editor)
    assert editor._save_problem.text() == (
        "Not saved: Revision 1 of this assessment is signed and cannot change. Start a new "
        "revision to edit it."
    )
    assert editor.is_dirty()
    assert editor.assessment.response("strategy").comment == "Do not lose me"
    assert comment.toPlainText() == "Do not lose me"
    kept = stored(jalon_app, draft.id)
    assert kept.is_frozen
    assert kept.response("strategy").comment == ""


def test_flush_reports_a_refused_write_so_the_window_can_offer_to_stay(
    qtbot: QtBot, editor: EditorWidget, jalon_app: Jalon, draft: am.Assessment
) -> None:
    sign_in_store(jalon_app, draft)
    qtbot.mouseClick(editor.theme_page.pickers["capacity"].radios[2], Qt.MouseButton.LeftButton)
    with pytest.raises(ReadOnlyError) as refused:
        editor.flush()
    assert "Start a new revision" in i18n.describe(refused.value)
    assert editor.is_dirty()
    assert editor.assessment.response("strategy").capacity == "no"


def test_a_database_locked_by_another_copy_keeps_the_edit_until_it_can_be_written(
    qtbot: QtBot, editor: EditorWidget, jalon_app: Jalon, draft: am.Assessment, data_dir: Path
) -> None:
    other_copy = sqlite3.connect(data_dir / "jalon.sqlite3", isolation_level=None)
    other_copy.execute("BEGIN EXCLUSIVE")
    try:
        qtbot.mouseClick(editor.theme_page.pickers["priority"].radios[1], Qt.MouseButton.LeftButton)
        with pytest.raises(StorageError) as refused:
            editor.flush()  # waits for the store's busy timeout, then gives up
        assert "database is locked" in i18n.describe(refused.value)
        assert editor.save_label.text() == "⚠ Not saved"
        problem = editor._save_problem.text()
        assert problem.startswith("Not saved: ")
        assert "database is locked" in problem
        assert editor.is_dirty()
    finally:
        other_copy.rollback()
        other_copy.close()
    editor.flush()
    assert not editor.is_dirty()
    assert editor.save_label.text() == "✓ Saved"
    assert stored(jalon_app, draft.id).response("strategy").priority == "medium"
