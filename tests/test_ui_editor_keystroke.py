"""A keystroke redraws only what it changes: typing leaves the navigator, the progress and
the undo button alone until a mark, a count or a step really changes."""

# The fixtures are imported from the shared module, then requested by name.
# ruff: noqa: F401, F811

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from jalon.core import assessment as am
from jalon.services.app import Jalon
from jalon.ui.editor import EditorWidget
from tests.test_ui_editor_fixtures import draft, editor, jalon_app

LEFT = Qt.MouseButton.LeftButton


def test_typing_a_comment_redraws_no_navigator_entry_and_no_progress(
    qtbot: QtBot, editor: EditorWidget
) -> None:
    theme = editor.document.framework.themes[0].id
    editor.show_page(theme)
    field = editor.theme_page.texts["comment"]
    qtbot.mouseClick(field.viewport(), LEFT)
    qtbot.keyClicks(field, "F")  # the first keystroke makes the undo step
    redrawn: list[object] = []
    editor.navigator_model.dataChanged.connect(lambda *args: redrawn.append(args))
    tips: list[str] = []
    editor.undo_action.changed.connect(lambda: tips.append(editor.undo_action.toolTip()))
    progress = editor.progress_label.text()
    qtbot.keyClicks(field, "irst steps on the shared platform")
    assert editor.assessment.response(theme).comment == "First steps on the shared platform"
    assert redrawn == []
    assert tips == []
    assert editor.progress_label.text() == progress
    assert editor.undo_action.toolTip().startswith("Undo: Edit the comment (Ctrl+Z")


def test_completing_a_theme_redraws_only_its_navigator_entry_and_the_count(
    qtbot: QtBot, editor: EditorWidget
) -> None:
    theme = editor.document.framework.themes[2]
    editor.show_page(theme.id)
    page = editor.theme_page
    redrawn: list[str] = []
    editor.navigator_model.dataChanged.connect(
        lambda first, _last, _roles: redrawn.append(first.data(Qt.ItemDataRole.UserRole + 1))
    )
    for radio in (
        page.levels.radios["current"][1],
        page.levels.radios["target"][3],
        page.pickers["priority"].radios[0],
        page.pickers["role"].radios[0],
    ):
        qtbot.mouseClick(radio, LEFT)
    assert redrawn == []  # still not complete: the entry shows the same
    assert editor.progress_label.text() == "0 of 14 themes complete"
    qtbot.mouseClick(page.pickers["capacity"].radios[0], LEFT)
    assert editor.assessment.response(theme.id).is_complete
    assert set(redrawn) == {theme.id}
    assert editor.navigator_model.index_of(theme.id).data().startswith("✓ 3.")
    assert editor.progress_label.text() == "1 of 14 themes complete"


def test_undoing_a_level_unchecks_it_on_the_page(
    qtbot: QtBot, editor: EditorWidget, jalon_app: Jalon, draft: am.Assessment
) -> None:
    theme = editor.document.framework.themes[0].id
    editor.show_page(theme)
    radio = editor.theme_page.levels.radios["current"][2]
    qtbot.mouseClick(radio, LEFT)
    assert editor.assessment.response(theme).current == 2
    editor.undo_action.trigger()
    assert editor.assessment.response(theme).current is None
    assert not radio.isChecked()
