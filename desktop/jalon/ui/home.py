"""The home page: the assessments drafted on this installation, and what can be done to them.

The rows come from ``services.assessments.list_assessments`` into a Qt item model; every button
calls one service and redraws. Signed revisions cannot be deleted (the service refuses); the
page then offers to archive instead.

The page can be shown before the store is open (``HomePage(None)``, see
``jalon.ui.early_list``): its rows then come from ``services.home_list`` page by page
(:meth:`HomePage.add_rows`), they can be selected, sorted and opened, and what needs the store
waits for :meth:`HomePage.attach`, which reads the list again through the store in a thread
of its own and brings the rows in line with it (:meth:`AssessmentTableModel.merge`: rows
changed in place, none twice, none left over). Importing this module imports no service.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QThread,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jalon import i18n
from jalon.core.assessment import Status
from jalon.core.errors import N_, JalonError, ReadOnlyError
from jalon.core.jurisdiction import government
from jalon.i18n import _
from jalon.services.home_list import AssessmentSummary
from jalon.ui.bridge import bridge
from jalon.ui.widgets import ask, scaled, show_error

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jalon.services.app import Jalon

log = logging.getLogger(__name__)

ModelIndex = QModelIndex | QPersistentModelIndex

#: The role under which every cell gives the value to sort by (numbers and dates, not text).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: The role under which every row gives its assessment id.
ID_ROLE = Qt.ItemDataRole.UserRole + 2
#: Whether the row's assessment is archived (the page hides those unless asked).
ARCHIVED_ROLE = Qt.ItemDataRole.UserRole + 3

#: The roles :meth:`AssessmentTableModel.data` answers, as plain ints: a view asks for about
#: ten roles per cell each time it draws or measures one, and this is the first test made.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_ANSWERED = frozenset(
    {_DISPLAY, _ACCESSIBLE, _TOOLTIP, _ALIGNMENT, int(SORT_ROLE), int(ID_ROLE), int(ARCHIVED_ROLE)}
)
_CENTRED = int(Qt.AlignmentFlag.AlignCenter)
#: Rows a column's width is measured on (Qt's default, 1000, measures every row of a long list
#: again at each change; these are more than a window shows).
MEASURED_ROWS = 40

STATUS_LABELS = {
    Status.DRAFT: N_("Draft"),
    Status.SIGNED: N_("Signed"),
    Status.EXPORTED: N_("Exported"),
}


class AssessmentTableModel(QAbstractTableModel):
    """One row per assessment (its latest revision), read from the services."""

    TITLE, JURISDICTION, STATUS, REVISION, COMPLETENESS, UPDATED = range(6)
    HEADERS = (
        N_("Title"),
        N_("Jurisdiction"),
        N_("Status"),
        N_("Revision"),
        N_("Completeness"),
        N_("Last change"),
    )

    def __init__(self, app: Jalon | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._rows: list[AssessmentSummary] = []
        #: Each row's texts and sort keys, made when first asked for (None: not yet, or the
        #: row or the language changed): drawing asks for them many times over.
        self._shown: list[tuple[tuple[str, ...], tuple[Any, ...]] | None] = []

    def attach(self, app: Jalon) -> None:
        self._app = app

    def refresh(self) -> None:
        """Read the list through the store (once it is open) and show it."""
        if self._app is None:
            return
        from jalon.services import assessments

        self.merge(assessments.list_assessments(self._app, include_archived=True))

    def extend(self, rows: Sequence[AssessmentSummary]) -> None:
        """Add ``rows`` after those shown, leaving out any already shown (by id)."""
        known = {r.id for r in self._rows}
        fresh = []
        for row in rows:
            if row.id not in known:
                known.add(row.id)
                fresh.append(row)
        if not fresh:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        self._rows.extend(fresh)
        self._shown.extend([None] * len(fresh))
        self.endInsertRows()

    def merge(self, rows: Sequence[AssessmentSummary]) -> None:
        """Hold exactly ``rows``, touching only what differs: rows gone are removed, rows
        changed are updated in place (the selection and the scroll stay), new rows are added.
        No reset, so nothing on screen blinks."""
        wanted = {r.id: r for r in rows}
        end = len(self._rows)
        while end > 0:  # runs of rows gone, from the bottom, so the indexes hold
            if self._rows[end - 1].id in wanted:
                end -= 1
                continue
            start = end - 1
            while start > 0 and self._rows[start - 1].id not in wanted:
                start -= 1
            self.beginRemoveRows(QModelIndex(), start, end - 1)
            del self._rows[start:end]
            del self._shown[start:end]
            self.endRemoveRows()
            end = start
        last = self.columnCount() - 1
        for i, old in enumerate(self._rows):
            new = wanted.pop(old.id)
            if new != old:
                self._rows[i] = new
                self._shown[i] = None
                self.dataChanged.emit(self.index(i, 0), self.index(i, last))
        self.extend([r for r in rows if r.id in wanted])

    def retranslate(self) -> None:
        self._shown = [None] * len(self._rows)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )

    def summary(self, row: int) -> AssessmentSummary:
        return self._rows[row]

    def row_of(self, assessment_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == assessment_id), -1)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        if role not in _ANSWERED or not index.isValid():
            return None
        number, column = index.row(), index.column()
        if role in (_DISPLAY, _ACCESSIBLE):
            return self._shown_row(number)[0][column]
        if role == SORT_ROLE:
            return self._shown_row(number)[1][column]
        row = self._rows[number]
        if role == ID_ROLE:
            return row.id
        if role == ARCHIVED_ROLE:
            return row.archived
        if role == _TOOLTIP and column == self.TITLE:
            return row.assessment.title
        if role == _TOOLTIP and column == self.COMPLETENESS:
            c = row.completeness
            return _("{done} of {total} answers given").format(
                done=c.items_done, total=c.items_total
            )
        if role == _ALIGNMENT and column == self.REVISION:
            return _CENTRED
        return None

    def _shown_row(self, number: int) -> tuple[tuple[str, ...], tuple[Any, ...]]:
        shown = self._shown[number]
        if shown is None:
            row = self._rows[number]
            texts = tuple(self._text(row, column) for column in range(len(self.HEADERS)))
            keys = tuple(self._sort_key(row, column, texts) for column in range(len(texts)))
            shown = self._shown[number] = (texts, keys)
        return shown

    def _text(self, row: AssessmentSummary, column: int) -> str:
        a = row.assessment
        tr = i18n.current()
        if column == self.TITLE:
            return a.title
        if column == self.JURISDICTION:
            return tr.text(a.jurisdiction.name)
        if column == self.STATUS:
            status = _(STATUS_LABELS.get(a.status, a.status.value))
            return _("{status}, archived").format(status=status) if row.archived else status
        if column == self.REVISION:
            return tr.number(a.revision)
        if column == self.COMPLETENESS:
            c = row.completeness
            return _("{done} of {total} themes · {percent}").format(
                done=c.themes_complete, total=c.themes_total, percent=tr.percent(c.percent / 100)
            )
        return tr.datetime(a.updated_at, "short")

    def _sort_key(self, row: AssessmentSummary, column: int, texts: tuple[str, ...]) -> Any:
        a = row.assessment
        if column == self.REVISION:
            return a.revision
        if column == self.COMPLETENESS:
            return row.completeness.ratio
        if column == self.UPDATED:
            return a.updated_at.timestamp()
        return texts[column].casefold()


class AssessmentFilter(QSortFilterProxyModel):
    """Sorts by each column's value and hides archived assessments unless asked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._show_archived = False

    def set_show_archived(self, show: bool) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self._show_archived = show
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._show_archived = show
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        if self._show_archived:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        return not index.data(ARCHIVED_ROLE)


class StoreListReader(QThread):
    """Reads the list through the store off the GUI thread (the first read after the store
    opens costs SQLAlchemy's first compilations, a few tenths of a second for 200 rows).

    Signals:
        listed(object): the ``list[AssessmentSummary]`` read.
        failed(object): the exception that stopped the read.
    """

    listed = Signal(object)
    failed = Signal(object)

    def __init__(self, app: Jalon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app

    def run(self) -> None:
        from jalon.services import assessments

        try:
            rows = assessments.list_assessments(self._app, include_archived=True)
        except Exception as error:  # shown by the page (read again on the GUI thread)
            self.failed.emit(error)
            return
        self.listed.emit(rows)


class HomePage(QWidget):
    """The list of assessments with New, Open, Duplicate as new revision, Archive and Delete.

    The page owns the actions; the main window puts the same actions in its File menu.
    Built with ``app=None`` before the store is open: see the module's description.

    Signals:
        open_requested(str): the user asked to open this assessment (double-click, Enter,
            the Open button, or right after creating one).
        status_message(str): a short confirmation for the status bar.
    """

    open_requested = Signal(str)
    status_message = Signal(str)

    def __init__(self, app: Jalon | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._active = True
        #: Counts the reads of the list: a read through the store started before the latest
        #: one (or before a change made here) brings nothing older on screen.
        self._reads = 0
        #: Whether the store's first read is awaited (attached, its rows not in yet).
        self._awaiting_store = False
        self._reader: StoreListReader | None = None
        self.model = AssessmentTableModel(app, self)
        self.proxy = AssessmentFilter(self)
        self.proxy.setSourceModel(self.model)

        self.new_action = QAction(self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.open_action = QAction(self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.duplicate_action = QAction(self)
        self.duplicate_action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.archive_action = QAction(self)
        self.delete_action = QAction(self)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        # The page is inside the main window's stack: Delete must not fire while typing elsewhere.
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.delete_action)

        self.heading = QLabel()
        self.heading.setFont(scaled(self.heading, 1.4, bold=True))
        self.heading.setWordWrap(True)
        self.intro = QLabel()
        self.intro.setWordWrap(True)

        self.buttons: dict[QAction, QPushButton] = {}
        buttons_row = QHBoxLayout()
        for action in (
            self.new_action,
            self.open_action,
            self.duplicate_action,
            self.archive_action,
            self.delete_action,
        ):
            button = QPushButton()
            button.clicked.connect(action.trigger)
            self.buttons[action] = button
            buttons_row.addWidget(button)
        buttons_row.addStretch(1)
        self.show_archived = QCheckBox()
        buttons_row.addWidget(self.show_archived)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(AssessmentTableModel.UPDATED, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AssessmentTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        header.setResizeContentsPrecision(MEASURED_ROWS)  # a long list costs no more to draw
        # With large text the other columns take their room first; the title keeps a readable
        # start (its tooltip holds all of it).
        header.setMinimumSectionSize(self.fontMetrics().averageCharWidth() * 14)
        # Enter, and a double-click (or a single click where the platform says so).
        self.table.activated.connect(self._open_index)

        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The empty list offers what to do, as buttons (not a command to type).
        self.create_button = QPushButton()
        self.create_button.clicked.connect(self.new_action.trigger)
        self.sample_button = QPushButton()
        self.sample_button.clicked.connect(self.create_sample)
        empty_buttons = QHBoxLayout()
        empty_buttons.addStretch(1)
        empty_buttons.addWidget(self.create_button)
        empty_buttons.addWidget(self.sample_button)
        empty_buttons.addStretch(1)
        empty_page = QWidget()
        empty_layout = QVBoxLayout(empty_page)
        empty_layout.addStretch(1)
        # A readable measure (about 70 characters), centred, not one line across the window.
        # Centred by stretches, not by an alignment flag: a layout gives an aligned label its
        # size hint, which holds the lines of the first language shown, so a longer text (the
        # French) was cut after a language switch; a plain item is given its height for width.
        self.empty.setMaximumWidth(self.fontMetrics().averageCharWidth() * 70)
        empty_row = QHBoxLayout()
        empty_row.addStretch(1)
        empty_row.addWidget(self.empty, 100)
        empty_row.addStretch(1)
        empty_layout.addLayout(empty_row)
        empty_layout.addLayout(empty_buttons)
        empty_layout.addStretch(2)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(empty_page)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addLayout(buttons_row)
        layout.addWidget(self.stack, 1)

        QWidget.setTabOrder(self.buttons[self.new_action], self.buttons[self.open_action])
        QWidget.setTabOrder(self.buttons[self.open_action], self.buttons[self.duplicate_action])
        QWidget.setTabOrder(self.buttons[self.duplicate_action], self.buttons[self.archive_action])
        QWidget.setTabOrder(self.buttons[self.archive_action], self.buttons[self.delete_action])
        QWidget.setTabOrder(self.buttons[self.delete_action], self.show_archived)
        QWidget.setTabOrder(self.show_archived, self.table)
        QWidget.setTabOrder(self.table, self.create_button)
        QWidget.setTabOrder(self.create_button, self.sample_button)

        self.new_action.triggered.connect(self.new_assessment)
        self.open_action.triggered.connect(self.open_selected)
        self.duplicate_action.triggered.connect(self.duplicate_selected)
        self.archive_action.triggered.connect(self.archive_selected)
        self.delete_action.triggered.connect(self.delete_selected)
        self.show_archived.toggled.connect(self._on_show_archived)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.proxy.modelReset.connect(self._update_actions)
        self.proxy.rowsInserted.connect(self._update_actions)
        self.proxy.rowsRemoved.connect(self._update_actions)

        bridge().language_changed.connect(self.retranslate)
        self.retranslate()
        self.refresh()

    # -- before the store is open ------------------------------------------------------------

    @property
    def app(self) -> Jalon | None:
        """The open store, or None while the page shows what was read before it opened."""
        return self._app

    @property
    def store_listed(self) -> bool:
        """Whether the rows shown were read through the store."""
        return self._app is not None and not self._awaiting_store

    def row_height(self) -> int:
        """The height of a row of the list, in pixels."""
        return int(self.table.verticalHeader().defaultSectionSize())

    def add_rows(self, rows: Sequence[AssessmentSummary]) -> None:
        """Show ``rows`` after those shown (the pages read before the store opened); none
        once the store's own list has been read."""
        if self.store_listed:
            return
        self.model.extend(rows)
        self._show_rows()

    def attach(self, app: Jalon) -> None:
        """The store is open: what needs it is enabled, and the list is read again through
        it (off the GUI thread) and replaces what was shown, without a blink."""
        if self._app is not None:
            return
        self._app = app
        self.model.attach(app)
        self._update_actions()
        self._reads += 1
        self._awaiting_store = True
        reader = self._reader = StoreListReader(app, self)
        generation = self._reads
        reader.listed.connect(lambda rows: self._store_listed(generation, rows))
        reader.failed.connect(lambda error: self._store_failed(generation, error))
        reader.finished.connect(self._reader_finished)
        reader.start()

    def _reader_finished(self) -> None:
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.deleteLater()

    def _store_listed(self, generation: int, rows: list[AssessmentSummary]) -> None:
        if generation != self._reads:  # read again since (a change made here): newer
            return
        self._awaiting_store = False
        self.model.merge(rows)  # the selection stays on its row, wherever it moves
        self._show_rows()

    def _store_failed(self, generation: int, error: object) -> None:
        if generation != self._reads:
            return
        self._awaiting_store = False
        log.warning("reading the list through the store failed: %s", error)
        try:
            self.refresh()  # here, so that what is wrong is said
        except JalonError as problem:
            show_error(self, problem)

    def wait(self) -> None:
        """Wait for the store's read in progress, if any (the window is closing)."""
        if self._reader is not None:
            self._reader.wait()

    def _show_rows(self, keep: str | None = None) -> None:
        self.stack.setCurrentIndex(0 if self.model.rowCount() or self._app is None else 1)
        if keep:
            self.select(keep)
        if self.selected() is None and self.proxy.rowCount():
            self.table.selectRow(0)
        self._update_actions()

    # -- texts -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.heading.setText(_("Assessments"))
        self.intro.setText(
            _(
                "Each assessment scores your jurisdiction on the 14 themes of the Joint "
                "Councils' digital strategy. Open one to continue it; your changes are saved "
                "as you type."
            )
        )
        self.new_action.setText(_("&New assessment…"))
        self.new_action.setStatusTip(_("Start a new, empty assessment"))
        self.open_action.setText(_("&Open"))
        self.open_action.setStatusTip(_("Open the selected assessment"))
        self.duplicate_action.setText(_("D&uplicate as new revision"))
        self.duplicate_action.setStatusTip(
            _(
                "Start a new draft from the selected assessment: the next revision of a signed "
                "one, or a copy of a draft"
            )
        )
        self.delete_action.setText(_("&Delete…"))
        self.delete_action.setStatusTip(_("Delete the selected draft assessment"))
        self._update_archive_text()
        for action, button in self.buttons.items():
            button.setText(action.text())
            button.setToolTip(action.statusTip())
        self.show_archived.setText(_("Show a&rchived"))
        self.table.setAccessibleName(_("Assessments"))
        self.empty.setText(
            _(
                "No assessment yet. Create one to start scoring your jurisdiction, or look at "
                "a complete example first: the sample assessment has every theme scored and "
                "every question answered."
            )
        )
        self.create_button.setText(_("&Create an assessment…"))
        self.create_button.setToolTip(self.new_action.statusTip())
        self.sample_button.setText(_("Add the &sample assessment"))
        self.model.retranslate()

    def _update_archive_text(self) -> None:
        summary = self.selected()
        if summary is not None and summary.archived:
            self.archive_action.setText(_("Unar&chive"))
            self.archive_action.setStatusTip(_("Show the selected assessment in the list again"))
        else:
            self.archive_action.setText(_("&Archive"))
            self.archive_action.setStatusTip(
                _("Hide the selected assessment from the list; nothing is deleted")
            )
        self.buttons[self.archive_action].setText(self.archive_action.text())
        self.buttons[self.archive_action].setToolTip(self.archive_action.statusTip())

    # -- state -------------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        """Read the list again, keeping (or moving) the selection."""
        keep = select or self.selected_id()
        if self._app is not None:
            self._reads += 1  # newer than a read through the store still under way
            self._awaiting_store = False
        self.model.refresh()
        self._show_rows(keep)

    def select(self, assessment_id: str) -> bool:
        row = self.model.row_of(assessment_id)
        if row < 0:
            return False
        proxy_index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not proxy_index.isValid():
            return False
        self.table.setCurrentIndex(proxy_index)
        self.table.selectRow(proxy_index.row())
        self.table.scrollTo(proxy_index)
        return True

    def selected(self) -> AssessmentSummary | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.summary(self.proxy.mapToSource(rows[0]).row())

    def selected_id(self) -> str | None:
        summary = self.selected()
        return summary.id if summary else None

    def set_active(self, active: bool) -> None:
        """Whether the page is shown: its actions (also in the File menu) act on its selection,
        so they are off while another page is in front."""
        self._active = active
        self._update_actions()

    def _update_actions(self) -> None:
        has = self._active and self.selected() is not None
        # Before the store is open, a row can be opened (once the store is: see
        # MainWindow.open_assessment); what changes the list waits for the store.
        ready = self._app is not None
        self.open_action.setEnabled(has)
        self.buttons[self.open_action].setEnabled(has)
        for action in (self.duplicate_action, self.archive_action, self.delete_action):
            action.setEnabled(has and ready)
            self.buttons[action].setEnabled(has and ready)
        self.new_action.setEnabled(ready)
        self.buttons[self.new_action].setEnabled(ready)
        self.sample_button.setEnabled(ready)
        self._update_archive_text()

    def _on_show_archived(self, show: bool) -> None:
        self.proxy.set_show_archived(show)
        if self.selected() is None and self.proxy.rowCount():
            self.table.selectRow(0)
        self._update_actions()

    def focus_list(self) -> None:
        (self.table if self.model.rowCount() else self.buttons[self.new_action]).setFocus()

    # -- actions (each calls one service and redraws) ----------------------------------------

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(str(index.data(ID_ROLE)))

    def open_selected(self) -> None:
        assessment_id = self.selected_id()
        if assessment_id:
            self.open_requested.emit(assessment_id)

    def new_assessment(self) -> None:
        if self._app is None:
            return
        from jalon.ui.new_assessment import NewAssessmentDialog

        dialog = NewAssessmentDialog(self._app, self)
        accepted = dialog.exec()
        dialog.deleteLater()
        if accepted and dialog.created is not None:
            self.refresh(select=dialog.created.id)
            self.status_message.emit(_("Created “{title}”.").format(title=dialog.created.title))
            self.open_requested.emit(dialog.created.id)

    def create_sample(self) -> None:
        if self._app is None:
            return
        from jalon.services import demo, identity

        who = identity.get_identity(self._app)
        jurisdiction = who.jurisdiction if who else government("ON")
        try:
            sample = demo.create_demo(self._app, jurisdiction, i18n.current_language())
        except JalonError as error:
            show_error(self, error)
            return
        self.refresh(select=sample.id)
        self.status_message.emit(
            _("Added the sample assessment “{title}”.").format(title=sample.title)
        )

    def duplicate_selected(self) -> None:
        summary = self.selected()
        if summary is None or self._app is None:
            return
        from jalon.services import assessments

        a = summary.assessment
        try:
            created = assessments.continue_from(
                self._app, a.id, _("{title} (copy)").format(title=a.title)
            )
        except JalonError as error:
            show_error(self, error)
            return
        if created.id == a.id:
            message = _("Started revision {revision} of “{title}”.").format(
                revision=i18n.current().number(created.revision), title=created.title
            )
        else:
            message = _("Created “{title}”.").format(title=created.title)
        self.refresh(select=created.id)
        self.status_message.emit(message)

    def archive_selected(self) -> None:
        summary = self.selected()
        if summary is None or self._app is None:
            return
        from jalon.services import assessments

        try:
            assessments.archive(self._app, summary.id, not summary.archived)
        except JalonError as error:
            show_error(self, error)
            return
        self.refresh(select=summary.id)
        if summary.archived:
            message = _("“{title}” is back in the list.")
        else:
            message = _("Archived “{title}”. Tick “Show archived” to see it again.")
        self.status_message.emit(message.format(title=summary.assessment.title))

    def delete_selected(self) -> None:
        summary = self.selected()
        if summary is None or self._app is None:
            return
        from PySide6.QtWidgets import QMessageBox

        from jalon.services import assessments

        title = summary.assessment.title
        choice = ask(
            self,
            _("Delete the assessment"),
            _("Delete “{title}” and all its revisions?").format(title=title),
            [
                (_("Delete"), QMessageBox.ButtonRole.DestructiveRole),
                (_("Keep it"), QMessageBox.ButtonRole.RejectRole),
            ],
            default=1,
            informative=_("This cannot be undone."),
            icon=QMessageBox.Icon.Warning,
        )
        if choice != 0:
            return
        try:
            assessments.delete(self._app, summary.id)
        except ReadOnlyError as refused:
            self._offer_archive(summary, refused)
            return
        except JalonError as error:
            show_error(self, error)
            return
        self.refresh()
        self.status_message.emit(_("Deleted “{title}”.").format(title=title))

    def _offer_archive(self, summary: AssessmentSummary, refused: ReadOnlyError) -> None:
        if summary.archived:
            show_error(self, refused)
            return
        from PySide6.QtWidgets import QMessageBox

        choice = ask(
            self,
            _("Signed assessments are kept"),
            i18n.describe(refused),
            [
                (_("Archive"), QMessageBox.ButtonRole.AcceptRole),
                (_("Cancel"), QMessageBox.ButtonRole.RejectRole),
            ],
            icon=QMessageBox.Icon.Information,
        )
        if choice == 0:
            self.archive_selected()
