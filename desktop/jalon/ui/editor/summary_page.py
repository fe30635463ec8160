"""The summary: how complete the assessment is, the radar of current vs target, the gap of
every theme, and what is still missing, each item a link to its page."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QListView,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jalon.core import assessment as am
from jalon.core.framework import Framework
from jalon.core.scoring import summarize
from jalon.core.validation import Completeness, Finding
from jalon.i18n import _, current, text
from jalon.ui.editor.navigator import PAGE_KEY_ROLE
from jalon.ui.editor.radar import RadarChart, RadarData
from jalon.ui.editor.summary_models import GapsModel, TodoModel, todo_items
from jalon.ui.editor.widgets import heading, wrapped_label
from jalon.ui.editor.wrapping import WrappingDelegate


class _LinkList(QListView):
    """A list whose rows are links: a click or Enter / Return / Space opens the row's page.

    Signals:
        link_activated(str): the page key of the row activated.
    """

    link_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setUniformItemSizes(False)
        self.setSpacing(2)
        self.setItemDelegate(WrappingDelegate(self, links=True))
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.clicked.connect(self._open)

    def _open(self, index: QModelIndex | QPersistentModelIndex) -> None:
        key = index.data(PAGE_KEY_ROLE)
        if key:
            self.link_activated.emit(str(key))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            index = self.currentIndex()
            if index.isValid():
                self._open(index)
                event.accept()
                return
        super().keyPressEvent(event)

    def fit_height(self) -> None:
        """Be exactly as tall as the rows at the current width: the page scrolls, not the list."""
        option = QStyleOptionViewItem()
        option.initFrom(self)
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        delegate = self.itemDelegate()
        height = sum(
            delegate.sizeHint(option, model.index(row, 0)).height() + 2 * self.spacing()
            for row in range(rows)
        )
        height += 2 * self.frameWidth()
        if self.minimumHeight() != height or self.maximumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_height()

    def focusInEvent(self, event: QFocusEvent) -> None:
        # Arriving by keyboard on a list with no current row would show no focus at all.
        if not self.currentIndex().isValid() and self.model() and self.model().rowCount():
            self.setCurrentIndex(self.model().index(0, 0))
        super().focusInEvent(event)


class _FittedTable(QTableView):
    """A table exactly as tall as its wrapped rows at its current width (the page scrolls)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def fit_height(self) -> None:
        self.resizeRowsToContents()
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(row) for row in range(rows))
        if self.minimumHeight() != height or self.maximumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_height()


class SummaryPage(QWidget):
    """The summary page.

    Signals:
        page_requested(str): the person followed a link to the page with this key.
    """

    page_requested = Signal(str)

    def __init__(self, framework: Framework, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._framework = framework
        self._assessment: am.Assessment | None = None
        self._completeness: Completeness | None = None
        self._findings: list[Finding] = []
        layout = QVBoxLayout(self)
        self._title = heading(1, self)
        self._progress = wrapped_label("", self)
        self._means = wrapped_label("", self)
        self._todo_title = heading(2, self)
        self._todo_hint = wrapped_label("", self)
        self.todo_model = TodoModel(self)
        self.todo = _LinkList(self)
        self.todo.setModel(self.todo_model)
        self.todo.link_activated.connect(self.page_requested)
        self._nothing_missing = wrapped_label("", self)
        self._radar_title = heading(2, self)
        self.radar = RadarChart(self)
        self._gaps_title = heading(2, self)
        self.gaps_model = GapsModel(framework, self)
        self.gaps = _FittedTable(self)
        self.gaps.setModel(self.gaps_model)
        self.gaps.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.gaps.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.gaps.setTabKeyNavigation(False)
        self.gaps.setWordWrap(True)
        self.gaps.setAlternatingRowColors(True)
        self.gaps.verticalHeader().setVisible(False)
        header = self.gaps.horizontalHeader()
        # Theme and level names wrap in equal columns rather than push the table sideways.
        for column in (0, 1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.gaps.doubleClicked.connect(self._gap_opened)
        for widget in (
            self._title,
            self._progress,
            self._todo_title,
            self._todo_hint,
            self.todo,
            self._nothing_missing,
            self._radar_title,
            self._means,
            self.radar,
            self._gaps_title,
            self.gaps,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.retranslate()

    def _gap_opened(self, index: QModelIndex | QPersistentModelIndex) -> None:
        key = index.data(PAGE_KEY_ROLE)
        if key:
            self.page_requested.emit(str(key))

    def show_summary(
        self,
        a: am.Assessment,
        framework: Framework,
        completeness: Completeness,
        findings: list[Finding],
    ) -> None:
        self._assessment = a
        self._framework = framework
        self._completeness = completeness
        self._findings = findings
        self.gaps_model.set_assessment(a, framework)
        self._fill()

    def first_input(self) -> QWidget:
        return self.todo if self.todo_model.rowCount() else self.gaps

    def _fill(self) -> None:
        a, fw, done = self._assessment, self._framework, self._completeness
        if a is None or done is None:
            return
        tr = current()
        self._progress.setText(
            _("{done} of {total} themes complete; {percent} of all items answered.").format(
                done=done.themes_complete, total=done.themes_total, percent=tr.percent(done.ratio)
            )
        )
        overall = summarize(a, fw)
        if overall.mean_current is None or overall.mean_target is None:
            self._means.setText(_("No theme has both levels chosen yet."))
        else:
            self._means.setText(
                _(
                    "Average over the themes with both levels chosen ({count}): current "
                    "{current}, target {target}."
                ).format(
                    count=overall.themes_scored,
                    current=tr.number(round(overall.mean_current, 1)),
                    target=tr.number(round(overall.mean_target, 1)),
                )
            )
        items = todo_items(a, fw, self._findings)
        self.todo_model.set_items(items)
        self.todo.setVisible(bool(items))
        self._todo_hint.setVisible(bool(items))
        self._nothing_missing.setVisible(not items)
        self.todo.fit_height()
        themes = fw.themes
        self.radar.set_data(
            RadarData(
                axes=[
                    _("{number}. {name}").format(number=t.number, name=text(t.name)) for t in themes
                ],
                short_axes=[str(t.number) for t in themes],
                current=[a.response(t.id).current for t in themes],
                target=[a.response(t.id).target for t in themes],
                max_level=fw.max_level,
                current_label=_("Current level (solid line, round markers)"),
                target_label=_("Target level (dashed line, square markers)"),
            )
        )
        self._fit_gaps()

    def _fit_gaps(self) -> None:
        self.gaps.fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.todo.fit_height()
        self._fit_gaps()

    def retranslate(self) -> None:
        self._title.setText(_("Summary"))
        self._todo_title.setText(_("Still to do"))
        self._todo_hint.setText(
            _("Each item opens its page: click it, or select it and press Enter.")
        )
        self._nothing_missing.setText(
            _(
                "Nothing is missing: every theme is scored, every question is answered and the "
                "participants are named."
            )
        )
        self._radar_title.setText(_("Current and target levels"))
        self._gaps_title.setText(_("Gaps by theme"))
        self.todo.setAccessibleName(_("Still to do"))
        self.gaps.setAccessibleName(_("Gaps by theme"))
        self.radar.setAccessibleName(_("Radar chart of the current and target levels"))
        self.radar.setAccessibleDescription(
            _("The table of gaps by theme below gives the same levels as text.")
        )
        self.gaps_model.retranslate()
        self._fill()
