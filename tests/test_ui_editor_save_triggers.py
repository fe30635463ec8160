"""Saving without waiting for the pause in typing: leaving a field, changing theme, the window
losing focus, the application going to the background and closing each write what is pending,
and typing without a pause is written every second.

The pause is made a minute long here, so a write seen within the test came from the trigger.
"""

# The fixtures are imported from the shared module, then requested by name.
# ruff: noqa: F401, F811

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from jalon.core import assessment as am
from jalon.services.app import Jalon
from jalon.ui.editor import EditorWidget, autosave
from tests.test_ui_editor_fixtures import (
    SAVE_TIMEOUT_MS,
    draft,
    editor,
    jalon_app,
    stored,
)

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def _long_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(autosave, "DEBOUNCE_MS", 60_000)
    monkeypatch.setattr(autosave, "MAX_WAIT_MS", 60_000)


def type_comment(qtbot: QtBot, editor: EditorWidget, words: str) -> str:
    theme = editor.document.framework.themes[0].id
    editor.show_page(theme)
    field = editor.theme_page.texts["comment"]
    qtbot.mouseClick(field.viewport(), LEFT)
    qtbot.keyClicks(field, words)
    assert editor.is_dirty()
    return theme


def test_leaving_a_field_with_tab_saves_what_was_typed_in_it(
    qtbot: QtBot, editor: EditorWidget, jalon_app: Jalon, draft: am.Assessment
) -> None:
    theme = type_comment(qtbot, editor, "Typed, then Tab")
    assert stored(jalon_app, draft.id).response(theme).comment == ""
    qtbot.keyClick(editor.theme_page.texts["comment"], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor.theme_page.texts["evidence"]
    qtbot.waitUntil(
        lambda: stored(jalon_app, draft.id).response(theme).comment == "Typed, then Tab",
        timeout=SAVE_TIMEOUT_MS,
    )
    assert not editor.is_dirty()


def test_changing_theme_with_ctrl_page_down_saves_the_theme_left(
    qtbot: QtBot, editor: EditorWidget, jalon_app: Jalon, draft: am.Assessment
) -> None:
    theme = type_comment(qtbot, editor, "Typed, then the next theme")
    qtbot.keyClick(editor.theme_page.texts["comment"], Qt.Key.Key_PageDown, CTRL)
    assert editor.current_page != theme
    assert stored(jalon_app, draft.id).response(theme).comment == "Typed, then the next theme"
    assert not editor.is_dirty()


def test_the_window_losing_focus_to_another_window_saves(
    qtbot: QtBot, editor: EditorWidget, jalon_app: Jalon, draft: am.Assessment
) -> None:
    theme = type_comment(qtbot, editor, "Typed, then another window")
    other = QLineEdit()
    qtbot.addWidget(other)
    with qtbot.waitActive(other):
        other.show()
        other.activateWindow()
    qtbot.waitUntil(
        lambda: stored(jalon_app, draft.id).response(theme).comment == "Typed, then another window",
        timeout=SAVE_TIMEOUT_MS,
    )


def test_the_application_going_to_the_background_saves(
    qtbot: QtBot, editor: EditorWidget, jalon_app: Jalon, draft: am.Assessment
) -> None:
    theme = type_comment(qtbot, editor, "Typed, then another program")
    # What the platform says when another program comes to the front (the offscreen test
    # platform has no other program to switch to).
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)
    qtbot.waitUntil(
        lambda: (
            stored(jalon_app, draft.id).response(theme).comment == "Typed, then another program"
        ),
        timeout=SAVE_TIMEOUT_MS,
    )


def test_closing_the_editor_saves_what_is_pending(
    qtbot: QtBot, editor: EditorWidget, jalon_app: Jalon, draft: am.Assessment
) -> None:
    theme = type_comment(qtbot, editor, "Typed, then closed")
    editor.close()
    assert stored(jalon_app, draft.id).response(theme).comment == "Typed, then closed"


def test_moving_between_fields_with_nothing_typed_writes_nothing(
    qtbot: QtBot, editor: EditorWidget, jalon_app: Jalon, draft: am.Assessment
) -> None:
    before = stored(jalon_app, draft.id)
    editor.show_page(editor.document.framework.themes[0].id)
    field = editor.theme_page.texts["comment"]
    qtbot.mouseClick(field.viewport(), LEFT)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    qtbot.wait(50)
    assert stored(jalon_app, draft.id).updated_at == before.updated_at


def test_typing_without_a_pause_is_written_within_a_second_while_it_goes_on(
    qtbot: QtBot,
    editor: EditorWidget,
    jalon_app: Jalon,
    draft: am.Assessment,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(autosave, "MAX_WAIT_MS", 1000)
    theme = type_comment(qtbot, editor, "S")
    field = editor.theme_page.texts["comment"]
    typed = "S"
    written: list[str] = []
    for letter in "teady typing, a key every tenth of a second":
        qtbot.keyClicks(field, letter)
        typed += letter
        qtbot.wait(100)  # far shorter than the pause (a minute here): no pause ever
        written.append(stored(jalon_app, draft.id).response(theme).comment)
    assert editor.is_dirty() or written[-1] == typed
    progress = [w for w in written if w]
    assert progress, "nothing was written while the typing went on"
    assert all(typed.startswith(w) for w in progress)
    # At ten keys a second, a write at least every second: never ten keys or more behind
    # for long (allowing for a slow machine's timers).
    assert len(progress) >= len(written) - 15
