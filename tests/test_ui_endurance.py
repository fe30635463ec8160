"""Endurance: a long typing session in the real main window, driven by keys and clicks as a
person types, keeps the app alive, stores every character exactly and leaves undo working.

An earlier binding (PySide6 6.12.0 on CPython 3.11) dropped a reference to ``None`` on every
void Qt call, so the editor aborted after a few hundred keystrokes; this test types more than
20,000 characters into comments, workshop answers and participants, moving between themes with
Ctrl+PgDown / Ctrl+PgUp as it goes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from jalon.core.jurisdiction import government
from jalon.services import assessments
from jalon.services.app import Jalon
from jalon.ui.main_window import MainWindow
from tests.test_ui_shell_support import (  # noqa: F401 - fixtures
    find_button,
    jalon_fixture,
    migrated_data_fixture,
)

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
LEFT = Qt.MouseButton.LeftButton

#: Enough words to make long, varied text (ASCII: Qt's key simulation types nothing else).
WORDS = (
    "the council agreed to publish its service standard and measure uptake each quarter; "
    "l'equipe a revise la strategie numerique, et ca avance bien a Quebec et a Moncton. "
    "Budget 2026: 4.2 M$ for identity, 1.1 M$ for data (see annex B, p. 12). "
)


def prose(length: int, seed: int) -> str:
    """``length`` characters of text that starts somewhere different for each ``seed``."""
    start = (seed * 37) % len(WORDS)
    text = (WORDS[start:] + WORDS) * (length // len(WORDS) + 2)
    return text[:length].strip() + f" [{seed}]"


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_twenty_thousand_typed_characters_are_all_stored_and_undo_still_works(
    qtbot: QtBot, jalon: Jalon
) -> None:
    a = assessments.create(jalon, government("ON"), "Endurance")
    window = MainWindow(jalon)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    home = window.home
    assert home is not None
    home.select(a.id)
    home.table.setFocus()
    qtbot.keyClick(home.table, Qt.Key.Key_Return)
    editor = window.editor
    assert editor is not None
    assert window.current_page is editor
    themes = [t.id for t in jalon.framework.themes]
    questions = [q.id for q in jalon.framework.questions]
    typed = 0

    # Comments: into theme 1's comment, then Ctrl+PgDown to each next theme, typing on.
    comments: dict[str, str] = {}
    field = editor.theme_page.texts["comment"]  # type: ignore[attr-defined]
    editor.show_page(themes[0])  # type: ignore[attr-defined]
    qtbot.mouseClick(field.viewport(), LEFT)
    assert focused() is field
    for number, theme in enumerate(themes):
        assert editor.current_page == theme  # type: ignore[attr-defined]
        comments[theme] = prose(1000, number)
        qtbot.keyClicks(field, comments[theme])
        typed += len(comments[theme])
        if number == 3:  # back one theme and forth again: the text there is unchanged
            qtbot.keyClick(field, Qt.Key.Key_PageUp, CTRL)
            assert field.toPlainText() == comments[themes[2]]
            qtbot.keyClick(field, Qt.Key.Key_PageDown, CTRL)
            assert field.toPlainText() == comments[theme]
        qtbot.keyClick(field, Qt.Key.Key_PageDown, CTRL)
    assert editor.current_page == "participants"  # type: ignore[attr-defined]

    # Participants: "Add a participant", then each cell typed and kept with Enter.
    page = editor.participants_page  # type: ignore[attr-defined]
    people: list[tuple[str, str, str]] = []
    for row in range(4):
        qtbot.mouseClick(find_button(page, "Add a participant"), LEFT)
        cells = tuple(prose(150, 100 + row * 3 + column) for column in range(3))
        for column, value in enumerate(cells):
            if column:
                qtbot.keyClick(page.table, Qt.Key.Key_Right)
                qtbot.keyClick(page.table, Qt.Key.Key_F2)
            qtbot.keyClicks(focused(), value)
            qtbot.keyClick(focused(), Qt.Key.Key_Return)
            qtbot.wait(1)  # the event loop turns between keys, as it does for a person
            typed += len(value)
        people.append(cells)  # type: ignore[arg-type]
    qtbot.keyClick(page.table, Qt.Key.Key_PageDown, CTRL)
    assert editor.current_page == "questions"  # type: ignore[attr-defined]

    # Workshop answers: each answer box clicked, then typed into.
    answers: dict[str, str] = {}
    for number, question in enumerate(questions):
        box = editor.questions_page.boxes[question].answer  # type: ignore[attr-defined]
        qtbot.mouseClick(box.viewport(), LEFT)
        answers[question] = prose(2400, 200 + number)
        qtbot.keyClicks(box, answers[question])
        typed += len(answers[question])
    assert typed >= 20_000

    # Still alive, on the page typed into.
    assert window.isVisible()
    assert window.current_page is editor

    # Undo takes back the last typing run (one step), redo puts it back, both saved.
    last = editor.questions_page.boxes[questions[-1]].answer  # type: ignore[attr-defined]
    qtbot.keyClick(last, Qt.Key.Key_Z, CTRL)
    assert last.toPlainText() == ""
    assert editor.assessment.answer(questions[-1]) == ""  # type: ignore[attr-defined]
    editor.flush()  # type: ignore[attr-defined]
    assert assessments.get(jalon, a.id).answer(questions[-1]) == ""
    qtbot.keyClick(last, Qt.Key.Key_Z, CTRL_SHIFT)
    assert last.toPlainText() == answers[questions[-1]]

    # File > Quit; then read everything back from the SQLite file afresh.
    window.quit_action.trigger()
    assert not window.isVisible()
    again = Jalon.open(jalon.data_dir)
    try:
        stored = assessments.get(again, a.id)
    finally:
        again.close()
    assert {t: stored.response(t).comment for t in themes} == comments
    assert [(p.name, p.title, p.organization) for p in stored.participants] == people
    assert {q: stored.answer(q) for q in questions} == answers
