"""The editor's table of contents: the themes by group, then participants, questions, summary.

Each entry says whether it is complete with a mark *and* words for screen readers
("✓ 3. Governance", read "3. Governance, complete"), never by colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QResizeEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from jalon.core import assessment as am
from jalon.core.framework import Framework
from jalon.i18n import _, text
from jalon.ui.editor.document import PARTICIPANTS, QUESTIONS, SUMMARY
from jalon.ui.editor.wrapping import WrappingDelegate

#: The role holding an entry's page key (a theme id, ``participants``, ...); None for groups.
PAGE_KEY_ROLE = Qt.ItemDataRole.UserRole + 1

DONE_MARK = "✓"
TODO_MARK = "○"


def theme_title(number: int, name: str) -> str:
    return _("{number}. {name}").format(number=number, name=name)


class NavigatorModel(QStandardItemModel):
    """The entries of the navigator, rebuilt in place when the assessment or language changes."""

    def __init__(self, framework: Framework, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._framework = framework
        self._items: dict[str, QStandardItem] = {}
        self._groups: dict[str, QStandardItem] = {}
        self._build()

    def _build(self) -> None:
        self.clear()
        self._items.clear()
        self._groups.clear()
        root = self.invisibleRootItem()
        for group in self._framework.groups:
            header = QStandardItem()
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = QFont(header.font())
            font.setBold(True)
            header.setFont(font)
            header.setData(None, PAGE_KEY_ROLE)
            self._groups[group.id] = header
            root.appendRow(header)
            for theme in self._framework.themes_in(group.id):
                header.appendRow(self._entry(theme.id))
        for key in (PARTICIPANTS, QUESTIONS, SUMMARY):
            root.appendRow(self._entry(key))

    def _entry(self, key: str) -> QStandardItem:
        item = QStandardItem()
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        item.setData(key, PAGE_KEY_ROLE)
        self._items[key] = item
        return item

    def set_framework(self, framework: Framework) -> None:
        if framework is not self._framework:
            self._framework = framework
            self._build()

    def refresh(self, a: am.Assessment) -> None:
        """Set every entry's text and completeness mark from ``a`` in the current language."""
        for group in self._framework.groups:
            self._groups[group.id].setText(text(group.name))
            self._groups[group.id].setToolTip(text(group.description))
        for theme in self._framework.themes:
            title = theme_title(theme.number, text(theme.name))
            self._mark(theme.id, title, a.response(theme.id).is_complete)
        self._mark(PARTICIPANTS, _("Participants"), bool(a.participants))
        answered = all(a.answer(q.id).strip() for q in self._framework.questions)
        self._mark(QUESTIONS, _("Workshop questions"), answered)
        summary = self._items[SUMMARY]
        summary.setText(_("Summary"))
        summary.setData(_("Summary"), Qt.ItemDataRole.AccessibleTextRole)
        summary.setToolTip(_("The radar chart, the gaps and what is still missing"))

    def _mark(self, key: str, title: str, done: bool) -> None:
        item = self._items[key]
        state = _("complete") if done else _("not complete")
        label = f"{DONE_MARK if done else TODO_MARK} {title}"
        spoken = _("{title}, {state}").format(title=title, state=state)
        if item.text() != label:
            item.setText(label)
        item.setData(spoken, Qt.ItemDataRole.AccessibleTextRole)
        item.setToolTip(spoken)

    def index_of(self, key: str) -> QModelIndex:
        return self._items[key].index()

    def keys(self) -> list[str]:
        """Every page key in the order of the pages (next / previous follow it)."""
        themes = [t.id for g in self._framework.groups for t in self._framework.themes_in(g.id)]
        return [*themes, PARTICIPANTS, QUESTIONS, SUMMARY]


class Navigator(QTreeView):
    """The list of pages; moving through it with the arrow keys opens each page at once.

    Signals:
        page_requested(str): the person chose the page with this key.
    """

    page_requested = Signal(str)

    def __init__(self, model: NavigatorModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self._model = model
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegate(WrappingDelegate(self))
        self.expandAll()
        self._quiet = False
        self.selectionModel().currentChanged.connect(self._current_changed)
        model.modelReset.connect(self.expandAll)

    def _current_changed(self, current: QModelIndex | QPersistentModelIndex, _old: object) -> None:
        key = current.data(PAGE_KEY_ROLE)
        if key and not self._quiet:
            self.page_requested.emit(str(key))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()  # rows wrap again at the new width

    def select_key(self, key: str) -> None:
        """Show ``key`` as the current entry without asking for the page again."""
        index = self._model.index_of(key)
        self._quiet = True
        try:
            self.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.scrollTo(index)
        finally:
            self._quiet = False
