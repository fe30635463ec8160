"""Fixtures and helpers shared by the editor's tests (no tests here).

Real parts only: a real SQLite store in ``tmp_path`` opened with ``Jalon.open``, assessments
made by the services, the real editor widget driven with pytest-qt.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from jalon.core import assessment as am
from jalon.core.jurisdiction import government
from jalon.services import assessments, demo
from jalon.services.app import Jalon
from jalon.ui.editor import EditorWidget
from jalon.ui.editor.participants_model import ParticipantsModel
from jalon.ui.editor.radar import RadarChart

#: Autosave must reach the store within a second of the last keystroke; allow for CI jitter.
SAVE_TIMEOUT_MS = 1500


@pytest.fixture
def jalon_app(data_dir: Path) -> Iterator[Jalon]:
    app = Jalon.open(data_dir)
    yield app
    app.close()


@pytest.fixture
def draft(jalon_app: Jalon) -> am.Assessment:
    """An empty draft: nothing answered yet."""
    return assessments.create(jalon_app, government("QC"), "Évaluation 2026")


@pytest.fixture
def complete_demo(jalon_app: Jalon) -> am.Assessment:
    """The demo assessment: every theme scored, both questions answered, four people."""
    return demo.create_demo(jalon_app, government("ON"), "en")


def open_editor(qtbot: QtBot, app: Jalon, assessment_id: str) -> EditorWidget:
    editor = EditorWidget(app, assessment_id)
    qtbot.addWidget(editor)
    editor.resize(1280, 900)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    return editor


@pytest.fixture
def editor(qtbot: QtBot, jalon_app: Jalon, draft: am.Assessment) -> EditorWidget:
    return open_editor(qtbot, jalon_app, draft.id)


@pytest.fixture
def demo_editor(qtbot: QtBot, jalon_app: Jalon, complete_demo: am.Assessment) -> EditorWidget:
    return open_editor(qtbot, jalon_app, complete_demo.id)


def stored(app: Jalon, assessment_id: str) -> am.Assessment:
    """The latest revision as the store has it now (not the editor's copy)."""
    return assessments.get(app, assessment_id)


def sign_in_store(app: Jalon, a: am.Assessment) -> am.Assessment:
    """Sign ``a``'s stored revision directly, as the export would."""
    signed = am.sign(
        assessments.get(app, a.id, a.revision),
        am.Signature(
            signer_name="Alex Tremblay",
            signer_title="Chief Information Officer",
            key_id="ab" * 32,
            signed_at=datetime(2026, 11, 2, 14, 30, tzinfo=UTC),
        ),
    )
    with app.writing() as uow:
        uow.assessments.save(signed, actor="test")
    return signed


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """Press ``key`` in whatever widget has the keyboard focus, as a person would."""
    target = focused()
    assert target is not None, "no widget has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    """Type ``text`` one key at a time into whichever widget has the focus at each key (a
    table starts a cell editor on the first key, and the rest goes to that editor)."""
    for char in text:
        target = focused()
        assert target is not None, "no widget has the keyboard focus"
        qtbot.keyClicks(target, char)


def _strip_tags(text: str) -> str:
    return re.sub(r"<[^>]+>", " ", text).replace("&#x27;", "'").replace("&amp;", "&")


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    # A list model's columnCount is private in Qt: it has one column.
    if isinstance(model, QAbstractListModel):
        return 1
    return model.columnCount(parent)


def _model_texts(model: QAbstractItemModel, parent: QModelIndex) -> Iterator[tuple[str, str]]:
    roles = (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ToolTipRole,
    )
    for row in range(model.rowCount(parent)):
        for column in range(_columns(model, parent)):
            index = model.index(row, column, parent)
            for role in roles:
                value = index.data(role)
                if isinstance(value, str) and value:
                    yield f"{row},{column},{int(role)}", value
            yield from (
                (f"{row},{column}/{where}", value) for where, value in _model_texts(model, index)
            )


def visible_texts(root: QWidget) -> dict[str, str]:
    """Every text a person can see or hear in ``root``'s visible widgets, keyed by where it is
    (stable across a language switch). Typed answers and participants' names (user data) are
    left out; item views give their headers and cells."""
    found: dict[str, str] = {}

    def add(where: str, text: str) -> None:
        if text and text.strip():
            found[where] = text

    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        key = f"{type(widget).__name__}@{id(widget):x}"
        add(f"{key}.accessibleName", widget.accessibleName())
        add(f"{key}.accessibleDescription", widget.accessibleDescription())
        add(f"{key}.toolTip", widget.toolTip())
        if isinstance(widget, QLabel):
            add(f"{key}.text", _strip_tags(widget.text()))
        elif isinstance(widget, QAbstractButton):
            add(f"{key}.text", widget.text())
        elif isinstance(widget, QGroupBox):
            add(f"{key}.title", widget.title())
        elif isinstance(widget, QPlainTextEdit):
            add(f"{key}.placeholder", widget.placeholderText())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for column in range(_columns(model, QModelIndex())):
                header = model.headerData(column, Qt.Orientation.Horizontal)
                if isinstance(header, str):
                    add(f"{key}.header{column}", header)
            if not isinstance(model, ParticipantsModel):  # names are user data
                for where, value in _model_texts(model, QModelIndex()):
                    add(f"{key}.{where}", value)
        elif isinstance(widget, RadarChart):
            for i, axis in enumerate(widget.data.axes):
                add(f"{key}.axis{i}", axis)
            add(f"{key}.legend0", widget.data.current_label)
            add(f"{key}.legend1", widget.data.target_label)
        for number, action in enumerate(widget.actions()):
            add(f"{key}.action{number}.text", action.text())
            add(f"{key}.action{number}.toolTip", action.toolTip())
    return found


def focusable_inputs(root: QWidget) -> list[QWidget]:
    """The widgets of ``root`` a keyboard user can reach with Tab right now."""
    return [
        w
        for w in root.findChildren(QWidget)
        if w.isVisible()
        and w.isEnabled()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.window() is root.window()
    ]


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""
