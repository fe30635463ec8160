"""What the secretariat's panels share: a table model over plain rows, a configured table
view, and the few ways dates, jurisdictions and keys are written on screen."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabBar,
    QTableView,
    QTabWidget,
    QWidget,
)

from jalon.core.fingerprint import fingerprint
from jalon.core.jurisdiction import Jurisdiction, Kind
from jalon.i18n import _, current, text
from jalon.ui.plain_text import screen_text, tip

Index = QModelIndex | QPersistentModelIndex
Display = Qt.ItemDataRole.DisplayRole
Spoken = Qt.ItemDataRole.AccessibleTextRole
#: Every model of the secretariat gives its row's object under this role.
ROW_ROLE = Qt.ItemDataRole.UserRole + 10
#: A cell's raw value (a number, a date) under this role, for tests and sorting.
VALUE_ROLE = Qt.ItemDataRole.UserRole + 11
#: What a missing value shows (its spoken form is said in words).
DASH = "—"

R = TypeVar("R")


def item_data(index: Index, role: int) -> Any:
    """``index.data(role)``, asked of the Python model itself.

    PySide6 6.12 hands an empty value back to Python as ``None`` one reference short; on
    Python 3.11 enough of them (a delegate paints thousands of cells) end in "Fatal Python
    error: deallocating None". Calling the model's own ``data`` converts nothing.
    """
    model = index.model()
    return model.data(index, role) if model is not None else None


def when(moment: datetime) -> str:
    """A moment in the local time zone, written for the current language."""
    return current().datetime(moment, fmt="short")


def day(value: date) -> str:
    return current().date(value, fmt="medium")


def jurisdiction_name(j: Jurisdiction) -> str:
    """The name in the current language (as shown on screen: a municipality's or a group's
    name is the sender's text); a workshop group says it is one, and a municipality
    says so with its province ("Surrey (municipality, BC)"): two towns may share a name, and
    its code (``MUN-BC-5915015``) is for machines."""
    name = screen_text(text(j.name))
    if j.kind is Kind.GROUP:
        return _("{name} (workshop group)").format(name=name)
    if j.kind is Kind.MUNICIPALITY:
        parts = j.code.split("-")
        if len(parts) == 3 and parts[0] == "MUN":
            return _("{name} (municipality, {province})").format(name=name, province=parts[1])
        return _("{name} (municipality)").format(name=name)
    return name


def key_fingerprint(key_id: str) -> str:
    """The eight groups of four read aloud; a malformed id is shown as it is."""
    try:
        return fingerprint(key_id)
    except ValueError:
        return key_id


class RowsModel(QAbstractTableModel, Generic[R]):
    """A read-only table over a list of plain values; subclasses say what each column shows.

    Headers are English msgids translated when asked, so :meth:`retranslate` only needs to
    tell the views that every text changed.
    """

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    # -- rows --------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row(self, index: int) -> R:
        return self._rows[index]

    def retranslate(self) -> None:
        columns = self.columnCount()
        if columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, columns - 1)
        if self._rows and columns:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, columns - 1))

    # -- Qt ----------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Display) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Display:
            return _(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Display) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role in (Display, Spoken):
            shown = self.cell(row, index.column())
            if role == Spoken and shown == DASH:
                return _("none")
            # Cells are plain text to the view; what came in a package may still carry bidi
            # overrides (see jalon.ui.plain_text).
            return screen_text(shown)
        if role == VALUE_ROLE:
            return self.value(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(self.tooltip(row, index.column()))
        return None

    def cell(self, row: R, column: int) -> str:
        raise NotImplementedError

    def value(self, row: R, column: int) -> Any:
        return self.cell(row, column)

    def tooltip(self, row: R, column: int) -> str | None:
        return None


class LazyPanel(QWidget):
    """A page that reads the store when it is first shown, and again when shown after
    :meth:`mark_stale` (an import, a key revoked): a window with thousands of submissions
    opens at once, and hidden pages cost nothing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stale = True

    def reload(self) -> None:
        raise NotImplementedError

    def ensure_loaded(self) -> None:
        if self._stale:
            self._stale = False
            self.reload()

    def mark_stale(self) -> None:
        """The store changed: read it again now if on screen, else when next shown."""
        self._stale = True
        if self.isVisible():
            self.ensure_loaded()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_loaded()


class PaddedDelegate(QStyledItemDelegate):
    """Cells with a little air around their text, so dense tables stay readable."""

    PAD_X, PAD_Y = 10, 8

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + self.PAD_X, hint.height() + self.PAD_Y)


class RoomyTabBar(QTabBar):
    """Tabs a little taller than the style's: some styles clip the accent of a capital
    (« Évolution ») on the tabs not selected."""

    def tabSizeHint(self, index: int) -> QSize:
        hint = super().tabSizeHint(index)
        return QSize(hint.width(), hint.height() + max(4, self.fontMetrics().lineSpacing() // 3))


def tab_widget(parent: QWidget | None = None) -> QTabWidget:
    tabs = QTabWidget(parent)
    tabs.setTabBar(RoomyTabBar(tabs))
    return tabs


#: Up to this many rows, each row is as tall as its wrapped text; beyond, rows are one line
#: tall: measuring thousands of rows (municipalities) at every resize would freeze the window.
FIT_ROWS = 250
#: How many rows Qt reads to size a column to its contents.
MEASURED_ROWS = 200


def adapt_rows(view: QTableView) -> None:
    """Rows fitted to their text for a readable number of rows, one line each beyond that."""
    model = view.model()
    many = model is not None and model.rowCount() > FIT_ROWS
    mode = QHeaderView.ResizeMode.Fixed if many else QHeaderView.ResizeMode.ResizeToContents
    header = view.verticalHeader()
    if header.count() == 0 or header.sectionResizeMode(0) != mode:
        header.setSectionResizeMode(mode)


def table_view(model: QAbstractTableModel, parent: QWidget | None = None) -> QTableView:
    """A read-only table: whole rows selected, text wrapped, Tab leaves it (arrows move in
    it), rows as tall as their text (see :func:`adapt_rows`), the last column taking the room
    left."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.setWordWrap(True)
    view.setAlternatingRowColors(True)
    view.setItemDelegate(PaddedDelegate(view))
    rows = view.verticalHeader()
    rows.setVisible(False)
    rows.setDefaultSectionSize(view.fontMetrics().lineSpacing() + PaddedDelegate.PAD_Y + 4)
    rows.setResizeContentsPrecision(MEASURED_ROWS)
    adapt_rows(view)
    model.modelReset.connect(lambda: adapt_rows(view))
    header = view.horizontalHeader()
    header.setResizeContentsPrecision(MEASURED_ROWS)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return view


def selected_row(view: QTableView) -> Any:
    """The row object of the view's selected row, or None."""
    selection = view.selectionModel()
    rows = selection.selectedRows() if selection is not None else []
    return item_data(rows[0], ROW_ROLE) if rows else None


def select_first(view: QTableView) -> None:
    model = view.model()
    if model is not None and model.rowCount() and not view.selectionModel().hasSelection():
        view.selectRow(0)
