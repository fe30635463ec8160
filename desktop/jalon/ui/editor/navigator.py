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
    """The entries of the navigator, rebuilt in place when the assessment or language changes.

    Each entry remembers what it shows, so an edit costs Qt calls only for an entry whose mark
    or words really change (typing a comment changes none: about 0 calls a keystroke instead
    of 60 for redrawing every entry).
    """

    def __init__(self, framework: Framework, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._framework = framework
        self._items: dict[str, QStandardItem] = {}
        self._groups: dict[str, QStandardItem] = {}
        self._shown: dict[str, tuple[str, str, str]] = {}
        self._build()

    def _build(self) -> None:
        self.clear()
        self._items.clear()
        self._groups.clear()
        self._shown.clear()
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
        """Show every entry's text and completeness mark from ``a`` in the current language."""
        for group in self._framework.groups:
            self._show(
                self._groups[group.id],
                f"group:{group.id}",
                text(group.name),
                "",
                text(group.description),
            )
        for theme in self._framework.themes:
            self.update_entry(a, theme.id)
        self.update_entry(a, PARTICIPANTS)
        self.update_entry(a, QUESTIONS)
        summary = _("Summary")
        self._show(
            self._items[SUMMARY],
            SUMMARY,
            summary,
            summary,
            _("The radar chart, the gaps and what is still missing"),
        )

    def update_entry(self, a: am.Assessment, key: str) -> None:
        """Show the entry of page ``key`` (a theme id, ``participants`` or ``questions``) as
        ``a`` has it, after an edit on that page; nothing is redrawn if nothing changed."""
        if key == PARTICIPANTS:
            self._mark(key, _("Participants"), bool(a.participants))
        elif key == QUESTIONS:
            answered = all(a.answer(q.id).strip() for q in self._framework.questions)
            self._mark(key, _("Workshop questions"), answered)
        elif self._framework.has_theme(key):
            theme = self._framework.theme(key)
            title = theme_title(theme.number, text(theme.name))
            self._mark(key, title, a.response(key).is_complete)

    def _mark(self, key: str, title: str, done: bool) -> None:
        state = _("complete") if done else _("not complete")
        label = f"{DONE_MARK if done else TODO_MARK} {title}"
        spoken = _("{title}, {state}").format(title=title, state=state)
        self._show(self._items[key], key, label, spoken, spoken)

    def _show(self, item: QStandardItem, key: str, label: str, spoken: str, tip: str) -> None:
        shown = (label, spoken, tip)
        if self._shown.get(key) == shown:
            return
        self._shown[key] = shown
        item.setText(label)
        if spoken:
            item.setData(spoken, Qt.ItemDataRole.AccessibleTextRole)
        item.setToolTip(tip)

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
