"""Qt models of the summary page: the gap of every theme, and what is still to do by page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from jalon.core import assessment as am
from jalon.core.framework import Framework
from jalon.core.validation import Finding, Severity, Where
from jalon.i18n import _, describe, text
from jalon.ui.editor.document import PARTICIPANTS, QUESTIONS
from jalon.ui.editor.level_picker import level_title
from jalon.ui.editor.navigator import PAGE_KEY_ROLE, theme_title

Index = QModelIndex | QPersistentModelIndex
NOT_CHOSEN = "—"


def signed(gap: int) -> str:
    """A gap with its sign; the minus is U+2212 so it reads as a minus, not a hyphen."""
    if gap > 0:
        return f"+{gap}"
    if gap < 0:
        return f"−{-gap}"
    return "0"


class GapsModel(QAbstractTableModel):
    """One row per theme: theme, current level, target level, gap (target − current)."""

    def __init__(self, framework: Framework, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._framework = framework
        self._assessment: am.Assessment | None = None

    def set_assessment(self, a: am.Assessment, framework: Framework) -> None:
        self.beginResetModel()
        self._assessment = a
        self._framework = framework
        self.endResetModel()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 3))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() or self._assessment is None else len(self._framework.themes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return (_("Theme"), _("Current"), _("Target"), _("Gap"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._assessment is None:
            return None
        theme = self._framework.themes[index.row()]
        response = self._assessment.response(theme.id)
        column = index.column()
        if role == PAGE_KEY_ROLE:
            return theme.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if column == 0:
            return theme_title(theme.number, text(theme.name))
        if column in (1, 2):
            value = response.current if column == 1 else response.target
            if value is None:
                return _("not chosen") if role == Qt.ItemDataRole.AccessibleTextRole else NOT_CHOSEN
            return level_title(value, text(self._framework.level(value).name))
        gap = response.gap
        if gap is None:
            return _("not known") if role == Qt.ItemDataRole.AccessibleTextRole else NOT_CHOSEN
        if gap < 0:
            return _("{gap} (below current)").format(gap=signed(gap))
        return signed(gap)


@dataclass(frozen=True, slots=True)
class TodoItem:
    """What is left on one page: the page key and the findings' sentences."""

    page: str
    title: str
    messages: tuple[str, ...]
    warning: bool


def todo_items(a: am.Assessment, framework: Framework, found: list[Finding]) -> list[TodoItem]:
    """The findings grouped by page, in page order, each group one line of the list."""
    grouped: dict[str, list[Finding]] = {}
    for finding in found:
        if finding.where is Where.THEME:
            page = finding.target
        elif finding.where is Where.PARTICIPANTS:
            page = PARTICIPANTS
        else:
            page = QUESTIONS
        grouped.setdefault(page, []).append(finding)
    items = []
    for page, findings in grouped.items():
        if page == PARTICIPANTS:
            title = _("Participants")
        elif page == QUESTIONS:
            title = _("Workshop questions")
        else:
            theme = framework.theme(page)
            title = theme_title(theme.number, text(theme.name))
        messages = tuple(describe(f.message) for f in findings)
        untouched = page not in (PARTICIPANTS, QUESTIONS) and len(findings) == len(
            am.REQUIRED_RESPONSE_FIELDS
        )
        if untouched:
            # Five "… not chosen" in a row say less than this.
            messages = (_("Not scored yet"),)
        items.append(
            TodoItem(
                page=page,
                title=title,
                messages=messages,
                warning=any(f.severity is Severity.WARNING for f in findings),
            )
        )
    return items


class TodoModel(QAbstractListModel):
    """The still-to-do list; each row links to its page (``PAGE_KEY_ROLE``)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[TodoItem] = []

    def set_items(self, items: list[TodoItem]) -> None:
        self.beginResetModel()
        self._items = items
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        if role == PAGE_KEY_ROLE:
            return item.page
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            line = _("{page}: {problems}").format(
                page=item.title, problems="; ".join(item.messages)
            )
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return _("{line} (link to the page)").format(line=line)
            return f"→ {line}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("Go to {page} (Enter)").format(page=item.title)
        return None
