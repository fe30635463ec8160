"""A signed revision opens read-only, says who signed it, and offers a new revision."""

# The fixtures are imported from the shared module, then requested by name.
# ruff: noqa: F401, F811

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QPlainTextEdit
from pytestqt.qtbot import QtBot

from jalon import i18n
from jalon.core import assessment as am
from jalon.services import assessments
from jalon.services.app import Jalon
from jalon.ui.editor import EditorWidget
from tests.test_ui_editor_fixtures import (
    SAVE_TIMEOUT_MS,
    complete_demo,
    jalon_app,
    open_editor,
    sign_in_store,
    stored,
)


def test_a_signed_revision_opens_read_only_and_says_who_signed_it_and_when(
    qtbot: QtBot, jalon_app: Jalon, complete_demo: am.Assessment
) -> None:
    sign_in_store(jalon_app, complete_demo)
    editor = open_editor(qtbot, jalon_app, complete_demo.id)
    assert editor.banner.isVisibleTo(editor)
    when = i18n.current().datetime(datetime(2026, 11, 2, 14, 30, tzinfo=UTC), fmt="short")
    assert editor.banner.text() == (
        f"Revision 1 was signed by Alex Tremblay, Chief Information Officer on {when} and "
        "cannot be changed. To change an answer, start a new revision."
    )
    assert editor.save_label.text() == "Signed: read-only"
    assert editor.current_page == "summary"
    assert not editor.export_button.isEnabled()

    editor.show_page("strategy")
    page = editor.theme_page
    radios = page.findChildren(QAbstractButton)
    assert radios
    assert not any(r.isEnabled() for r in radios)
    assert all(t.isReadOnly() for t in page.findChildren(QPlainTextEdit))
    page.texts["comment"].setFocus()
    qtbot.keyClicks(page.texts["comment"], "sneaky change")
    assert editor.undo_stack.count() == 0
    assert not editor.is_dirty()

    editor.show_page("participants")
    participants = editor.participants_page
    assert not participants.add_button.isEnabled()
    model = participants.model
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(model.index(0, 0), "Someone else")
    editor.flush()
    assert stored(jalon_app, complete_demo.id) == assessments.get(jalon_app, complete_demo.id, 1)
    assert stored(jalon_app, complete_demo.id).response("strategy").comment == (
        complete_demo.response("strategy").comment
    )


def test_start_a_new_revision_opens_an_editable_draft_and_keeps_the_signed_one(
    qtbot: QtBot, jalon_app: Jalon, complete_demo: am.Assessment
) -> None:
    signed = sign_in_store(jalon_app, complete_demo)
    editor = open_editor(qtbot, jalon_app, complete_demo.id)
    with qtbot.waitSignal(editor.status_message) as said:
        qtbot.mouseClick(editor.banner.new_revision_button, Qt.MouseButton.LeftButton)
    assert said.args == ["Revision 2 started: you can edit it now."]
    assert not editor.banner.isVisibleTo(editor)
    assert editor.assessment.revision == 2
    assert editor.save_label.text() == "✓ Saved"
    assert editor.export_button.isEnabled()
    assert "revision 2 (draft)" in editor._title.text()

    editor.show_page("strategy")
    comment = editor.theme_page.texts["comment"]
    assert not comment.isReadOnly()
    comment.setFocus()
    qtbot.keyClick(comment, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(comment, " Updated.")
    qtbot.waitUntil(
        lambda: (
            stored(jalon_app, complete_demo.id).response("strategy").comment.endswith(" Updated.")
        ),
        timeout=SAVE_TIMEOUT_MS,
    )
    assert stored(jalon_app, complete_demo.id).revision == 2
    assert assessments.get(jalon_app, complete_demo.id, 1) == signed
