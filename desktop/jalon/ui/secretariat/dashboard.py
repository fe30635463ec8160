"""The consolidation dashboard: the heat map, the levels chosen theme by theme, the Councils'
role, capacity and priorities, completeness, one jurisdiction's trend, and the workshop
answers side by side. Jurisdictions and workshop groups are shown apart, one or the other.

Everything comes from ``services.consolidation``; the panel reads it again when it is next
shown after an import (:meth:`mark_stale`), in the background unless nothing changed since
it was last read.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jalon.core.consolidation import Dashboard, Measure, Section, SubmissionInfo
from jalon.core.errors import JalonError
from jalon.core.framework import Framework
from jalon.i18n import _, text
from jalon.services import consolidation
from jalon.services.app import Jalon
from jalon.ui.editor.widgets import wrapped_label
from jalon.ui.plain_text import PlainLabel
from jalon.ui.runner import Operation, failure_text
from jalon.ui.secretariat.answers import AnswersModel
from jalon.ui.secretariat.common import (
    FIT_ROWS,
    LazyPanel,
    jurisdiction_name,
    tab_widget,
    table_view,
)
from jalon.ui.secretariat.counts import (
    CONSENSUS_TITLES,
    LEADING_MARK,
    BarDelegate,
    CompletenessModel,
    ConsensusModel,
    DistributionModel,
)
from jalon.ui.secretariat.headers import WrappedHeader
from jalon.ui.secretariat.heatmap import HeatMapModel, heat_map_view, measure_name
from jalon.ui.secretariat.trend import TrendChart, TrendModel


def _radios(
    parent: QWidget, keys: list[str]
) -> tuple[QButtonGroup, dict[str, QRadioButton], QLabel, QHBoxLayout]:
    """A row "Label: (o) first ( ) second …" (one line, not a framed box, to leave the room
    to the tables at large text sizes)."""
    group = QButtonGroup(parent)
    row = QHBoxLayout()
    label = PlainLabel("", parent)
    row.addWidget(label)
    buttons = {}
    for i, key in enumerate(keys):
        button = QRadioButton(parent)
        group.addButton(button, i)
        buttons[key] = button
        row.addWidget(button)
    row.addStretch(1)
    buttons[keys[0]].setChecked(True)
    return group, buttons, label, row


def _counts_view(model: object, parent: QWidget) -> QTableView:
    view = table_view(model, parent)  # type: ignore[arg-type]
    header = WrappedHeader(view)
    view.setHorizontalHeader(header)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    view.setItemDelegate(BarDelegate(view))
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectItems)
    return view


class DashboardPanel(LazyPanel):
    """The consolidated picture of the latest submission of every jurisdiction and group.

    Signals:
        status_message(str): a short message for the window's status bar.
        loaded(): the views show what was read from the store (or why it could not be read).
    """

    status_message = Signal(str)
    loaded = Signal()

    HEAT, LEVELS, CONSENSUS, COMPLETENESS, TREND, ANSWERS, VERSIONS = range(7)

    def __init__(self, app: Jalon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._framework: Framework = app.framework
        self._dashboard: Dashboard | None = None
        self._problem: object | None = None
        self._job: Operation | None = None
        self._again = False

        layout = QVBoxLayout(self)
        self._overview = wrapped_label("", self)
        self._empty = wrapped_label("", self)
        self.section_group, self.section_buttons, self._show_label, show = _radios(
            self, [Section.JURISDICTIONS.value, Section.GROUPS.value]
        )

        self.tabs = tab_widget(self)
        self.tabs.setDocumentMode(True)
        self._areas: list[QScrollArea] = []
        self._build_heat_map()
        self._build_levels()
        self._build_consensus()
        self._build_completeness()
        self._build_trend()
        self._build_answers()
        self._build_versions()

        layout.addWidget(self._overview)
        layout.addLayout(show)
        layout.addWidget(self._empty)
        layout.addWidget(self.tabs, 1)

        self.section_group.idClicked.connect(lambda _id: self._show_section())
        self.measure_group.idClicked.connect(lambda _id: self._measure_changed())
        self.level_group.idClicked.connect(lambda _id: self._levels_changed())
        self.consensus_group.idClicked.connect(lambda _id: self._consensus_changed())
        self.trend_combo.currentIndexChanged.connect(lambda _i: self._trend_changed())
        self.answers_combo.currentIndexChanged.connect(lambda _i: self._answers_changed())
        self.retranslate()

    # -- construction --------------------------------------------------------------------------

    def _page(self) -> tuple[QWidget, QVBoxLayout]:
        """A page of the views; it scrolls when the window is too small for its table (large
        text), rather than squeezing the table to nothing."""
        area = QScrollArea(self.tabs)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget(area)
        area.setWidget(page)
        self._areas.append(area)
        return page, QVBoxLayout(page)

    def _add_page(self) -> None:
        self.tabs.addTab(self._areas[-1], "")

    def _build_heat_map(self) -> None:
        page, layout = self._page()
        self.measure_group, self.measure_buttons, self._measure_label, row = _radios(
            page, [m.value for m in Measure]
        )
        self.heat_model = HeatMapModel(self._framework, self)
        self.heat_view = heat_map_view(self.heat_model, page)
        self._heat_legend = wrapped_label("", page)
        self._scale = wrapped_label("", page)
        layout.addLayout(row)
        layout.addWidget(self.heat_view, 1)
        layout.addWidget(self._heat_legend)
        layout.addWidget(self._scale)
        self._add_page()

    def _build_levels(self) -> None:
        page, layout = self._page()
        self.level_group, self.level_buttons, self._level_label, row = _radios(
            page, ["current", "target"]
        )
        self.levels_model = DistributionModel(self._framework, self)
        self.levels_view = _counts_view(self.levels_model, page)
        self._levels_note = wrapped_label("", page)
        layout.addLayout(row)
        layout.addWidget(self.levels_view, 1)
        layout.addWidget(self._levels_note)
        self._add_page()

    def _build_consensus(self) -> None:
        page, layout = self._page()
        self.consensus_group, self.consensus_buttons, self._consensus_label, row = _radios(
            page, list(CONSENSUS_TITLES)
        )
        self.consensus_model = ConsensusModel(self._framework, self)
        self.consensus_view = _counts_view(self.consensus_model, page)
        self._consensus_note = wrapped_label("", page)
        layout.addLayout(row)
        layout.addWidget(self.consensus_view, 1)
        layout.addWidget(self._consensus_note)
        self._add_page()

    def _build_completeness(self) -> None:
        page, layout = self._page()
        self.completeness_model = CompletenessModel(self)
        self.completeness_view = table_view(self.completeness_model, page)
        self.completeness_view.setItemDelegate(BarDelegate(self.completeness_view))
        self.completeness_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch
        )
        self._completeness_note = wrapped_label("", page)
        layout.addWidget(self._completeness_note)
        layout.addWidget(self.completeness_view, 1)
        self._add_page()

    def _build_versions(self) -> None:
        from jalon.ui.secretariat.versions import VersionsPanel

        page, layout = self._page()
        self.versions = VersionsPanel(self._app, page)
        layout.addWidget(self.versions, 1)
        self._add_page()

    def _build_trend(self) -> None:
        page, layout = self._page()
        row = QHBoxLayout()
        self._trend_label = PlainLabel("", page)
        self.trend_combo = QComboBox(page)
        self._trend_label.setBuddy(self.trend_combo)
        row.addWidget(self._trend_label)
        row.addWidget(self.trend_combo, 1)
        self.trend_chart = TrendChart(page)
        self.trend_model = TrendModel(self)
        self.trend_view = table_view(self.trend_model, page)
        splitter = QSplitter(Qt.Orientation.Vertical, page)
        splitter.addWidget(self.trend_chart)
        splitter.addWidget(self.trend_view)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout.addLayout(row)
        layout.addWidget(splitter, 1)
        self._add_page()

    def _build_answers(self) -> None:
        page, layout = self._page()
        row = QHBoxLayout()
        self._answers_label = PlainLabel("", page)
        self.answers_combo = QComboBox(page)
        self._answers_label.setBuddy(self.answers_combo)
        row.addWidget(self._answers_label)
        row.addWidget(self.answers_combo, 1)
        self.answers_model = AnswersModel(self._framework, self)
        self.answers_view = table_view(self.answers_model, page)
        header = WrappedHeader(self.answers_view)
        self.answers_view.setHorizontalHeader(header)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.answers_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectItems)
        layout.addLayout(row)
        layout.addWidget(self.answers_view, 1)
        self._add_page()

    # -- data ----------------------------------------------------------------------------------

    @property
    def dashboard(self) -> Dashboard | None:
        return self._dashboard

    @property
    def section(self) -> Section:
        return (
            Section.GROUPS
            if self.section_buttons[Section.GROUPS.value].isChecked()
            else Section.JURISDICTIONS
        )

    @property
    def measure(self) -> Measure:
        return Measure(self._checked(self.measure_buttons))

    def _checked(self, buttons: dict[str, QRadioButton]) -> str:
        return next(key for key, button in buttons.items() if button.isChecked())

    @property
    def is_loading(self) -> bool:
        """Whether the store is being read for the dashboard (in the background)."""
        return self._job is not None

    def reload(self) -> None:
        """Read the consolidation again from the store. When nothing was imported, revoked or
        superseded since it was last read (by anyone), the views are filled at once from what
        was read then; otherwise it is read in the background, the window stays usable, and
        :attr:`loaded` says when the views show it. A reload asked while one runs follows it.
        """
        self._stale = False
        if self._job is not None:
            self._again = True
            return
        try:
            current = consolidation.current_dashboard(self._app)
        except JalonError as error:
            self._read_failed(error)
            return
        if current is not None:
            if current is self._dashboard and self._framework is self._app.framework:
                self.loaded.emit()  # the very data already shown: nothing to redraw
            else:
                self._show_dashboard(current)
            return
        app = self._app
        trend_code = self._trend_code()
        job = Operation(lambda _job: consolidation.read_dashboard(app, trend_code=trend_code))
        self._job = job
        job.succeeded.connect(self._show_dashboard)
        job.failed.connect(self._read_failed)
        job.finished.connect(self._read_ended)
        self._overview.setText(_("Reading the submissions…"))
        job.start()

    def wait(self, timeout_ms: int = 30_000) -> None:
        """Block until a background read (if any) has ended (closing the window does)."""
        if self._job is not None:
            self._job.wait(timeout_ms)

    def _show_dashboard(self, dashboard: object) -> None:
        assert isinstance(dashboard, Dashboard)
        self._dashboard = dashboard
        self._problem = None
        self._framework = self._app.framework
        self.versions.reload()
        self._fill_trend_choices()
        self._show_section()
        self._show_overview()
        self.loaded.emit()

    def _read_failed(self, error: object) -> None:
        self._dashboard = None
        self._problem = error
        self.status_message.emit(failure_text(error))
        self._show_overview()
        self.loaded.emit()

    def _read_ended(self) -> None:
        job, self._job = self._job, None
        if job is not None:
            job.deleteLater()
        if self._again:
            self._again = False
            self.reload()

    def _show_section(self) -> None:
        dash = self._dashboard
        if dash is None:
            return
        view = dash.section(self.section)
        fw = self._framework
        self.heat_model.set_heat_map(view.heat_map, fw)
        self.levels_model.set_view(view, fw)
        self.consensus_model.set_view(view, fw)
        self.completeness_model.set_rows(list(view.completeness))
        self._fill_answer_choices()
        self._answers_changed()
        self._fit()
        empty = view.is_empty
        self.tabs.setEnabled(not dash.jurisdictions.is_empty or not dash.groups.is_empty)
        self._empty.setVisible(empty)
        self._show_overview()

    def _fit(self) -> None:
        for view in (self.levels_view, self.consensus_view, self.completeness_view):
            if view.model().rowCount() <= FIT_ROWS:
                view.resizeRowsToContents()
        # Room for the header and a few rows at least; the page scrolls beyond that.
        line = self.fontMetrics().lineSpacing()
        heat = self.heat_view
        heat.setMinimumHeight(heat.horizontalHeader().sizeHint().height() + line * 2 * 4 + 8)
        for view in (self.levels_view, self.consensus_view, self.answers_view):
            view.setMinimumHeight(line * 16)
        self.completeness_view.setMinimumHeight(line * 10)
        self.trend_chart.setMinimumHeight(line * 14)

    def _measure_changed(self) -> None:
        self.heat_model.set_measure(self.measure)
        self.heat_view.setAccessibleName(
            _("Heat map: {measure}").format(measure=measure_name(self.measure))
        )

    def _levels_changed(self) -> None:
        self.levels_model.set_target(self.level_buttons["target"].isChecked())
        self._fit()

    def _consensus_changed(self) -> None:
        self.consensus_model.set_field(self._checked(self.consensus_buttons))
        self._fit()

    # -- trend ---------------------------------------------------------------------------------

    def _trend_choices(self) -> list[SubmissionInfo]:
        dash = self._dashboard
        return list(dash.submissions) if dash is not None else []

    def _fill_trend_choices(self) -> None:
        chosen = self._trend_code()
        self.trend_combo.blockSignals(True)
        self.trend_combo.clear()
        for info in self._trend_choices():
            self.trend_combo.addItem(jurisdiction_name(info.jurisdiction), info.jurisdiction.code)
        index = self.trend_combo.findData(chosen) if chosen else 0
        self.trend_combo.setCurrentIndex(max(index, 0))
        self.trend_combo.blockSignals(False)
        self._trend_changed()

    def _trend_code(self) -> str | None:
        # An empty combo would hand back an empty value (see common.item_data).
        return str(self.trend_combo.currentData()) if self.trend_combo.count() else None

    def show_trend(self, code: str) -> None:
        index = self.trend_combo.findData(code)
        if index >= 0:
            self.trend_combo.setCurrentIndex(index)
            self.tabs.setCurrentIndex(self.TREND)

    def _trend_changed(self) -> None:
        code = self._trend_code()
        points = consolidation.trend(self._app, str(code)) if code else []
        fw = self._framework
        self.trend_chart.set_points(points, fw.min_level, fw.max_level)
        self.trend_model.set_rows(points)
        name = self.trend_combo.currentText()
        self.trend_chart.setAccessibleName(
            _("Trend of {jurisdiction}").format(jurisdiction=name) if name else _("Trend")
        )

    # -- answers -------------------------------------------------------------------------------

    def _fill_answer_choices(self) -> None:
        chosen = self.answers_combo.currentData()
        self.answers_combo.blockSignals(True)
        self.answers_combo.clear()
        every = (
            _("Every jurisdiction")
            if self.section is Section.JURISDICTIONS
            else _("Every workshop group")
        )
        self.answers_combo.addItem(every, "")
        dash = self._dashboard
        if dash is not None:
            for info in dash.section(self.section).heat_map.rows:
                self.answers_combo.addItem(
                    jurisdiction_name(info.jurisdiction), info.jurisdiction.code
                )
        index = self.answers_combo.findData(chosen) if chosen is not None else 0
        self.answers_combo.setCurrentIndex(max(index, 0))
        self.answers_combo.blockSignals(False)

    def _answers_changed(self) -> None:
        code = self.answers_combo.currentData()
        codes = [str(code)] if code else None
        try:
            answers = consolidation.collated_answers(self._app, codes)
        except JalonError as error:
            self.status_message.emit(failure_text(error))
            return
        self.answers_model.set_answers(answers, self.section, self._framework)
        if self.answers_model.rowCount() <= FIT_ROWS:
            self.answers_view.resizeRowsToContents()

    # -- language ------------------------------------------------------------------------------

    def _show_overview(self) -> None:
        dash = self._dashboard
        if dash is None:
            self._overview.setText(failure_text(self._problem) if self._problem else "")
            return
        parts = [
            _(
                "Jurisdictions: {jurisdictions} · Workshop groups: {groups} · Framework: "
                "{framework}, version {version}"
            ).format(
                jurisdictions=dash.jurisdictions.count,
                groups=dash.groups.count,
                framework=text(self._framework.title),
                version=dash.framework_version,
            )
        ]
        if dash.other_framework:
            parts.append(
                _(
                    "Submissions made with another version of the framework, not collated "
                    "here: {count}."
                ).format(count=dash.other_framework)
            )
        self._overview.setText(" ".join(parts))
        self.section_buttons[Section.JURISDICTIONS.value].setText(
            _("&Jurisdictions ({count})").format(count=dash.jurisdictions.count)
        )
        self.section_buttons[Section.GROUPS.value].setText(
            _("Workshop &groups ({count})").format(count=dash.groups.count)
        )
        if self.section is Section.GROUPS:
            self._empty.setText(_("No workshop group has submitted yet."))
        else:
            self._empty.setText(
                _("No jurisdiction has submitted yet. Import packages in the Intake tab.")
            )

    def retranslate(self) -> None:
        self._show_label.setText(_("Show:"))
        self.section_buttons[Section.JURISDICTIONS.value].setText(_("&Jurisdictions"))
        self.section_buttons[Section.GROUPS.value].setText(_("Workshop &groups"))
        for index, title in (
            (self.HEAT, _("Heat map")),
            (self.LEVELS, _("Levels by theme")),
            (self.CONSENSUS, _("Role, capacity, priority")),
            (self.COMPLETENESS, _("Completeness")),
            (self.TREND, _("Trend")),
            (self.ANSWERS, _("Workshop answers")),
            (self.VERSIONS, _("Framework versions")),
        ):
            self.tabs.setTabText(index, title)
            self._areas[index].setAccessibleName(title)
        self.tabs.setAccessibleName(_("Views of the dashboard"))
        self.tabs.tabBar().setAccessibleName(_("Views of the dashboard"))
        self._measure_label.setText(_("Each cell shows:"))
        for measure in Measure:
            self.measure_buttons[measure.value].setText(measure_name(measure))
        self.heat_view.setAccessibleName(
            _("Heat map: {measure}").format(measure=measure_name(self.measure))
        )
        self._heat_legend.setText(
            _(
                "One row per jurisdiction, one column per theme. Each cell prints its value; "
                "the stronger the shade, the higher the value. A dash means not scored; a "
                "hatched cell steps back (target below current). The last row gives the mean "
                "of each column."
            )
        )
        scale = " · ".join(
            _("{level} {name}").format(level=lv.value, name=text(lv.name))
            for lv in self._framework.levels
        )
        self._scale.setText(_("Maturity scale: {scale}").format(scale=scale))
        self._level_label.setText(_("Count the levels:"))
        self.level_buttons["current"].setText(_("Current level"))
        self.level_buttons["target"].setText(_("Target level"))
        self.levels_view.setAccessibleName(_("How many chose each level, theme by theme"))
        self._levels_note.setText(
            _("{mark} marks the level chosen most often on a theme.").format(mark=LEADING_MARK)
        )
        self._consensus_label.setText(_("Count the answers to:"))
        for field, title in CONSENSUS_TITLES.items():
            self.consensus_buttons[field].setText(_(title))
        self.consensus_view.setAccessibleName(_("How many gave each answer, theme by theme"))
        self._consensus_note.setText(
            _("{mark} marks the answer given most often on a theme.").format(mark=LEADING_MARK)
        )
        self._completeness_note.setText(
            _(
                "How much of each submission is answered: the themes with every field chosen, "
                "and every item (levels, choices, questions, participants)."
            )
        )
        self.completeness_view.setAccessibleName(_("Completeness of each submission"))
        self._trend_label.setText(_("&Revisions of:"))
        self.trend_combo.setAccessibleName(_("Jurisdiction whose revisions are shown"))
        self.trend_view.setAccessibleName(_("Mean levels of each revision"))
        self._answers_label.setText(_("&Answers of:"))
        self.answers_combo.setAccessibleName(_("Whose answers are shown"))
        self.answers_view.setAccessibleName(_("Workshop answers side by side"))
        for model in (
            self.heat_model,
            self.levels_model,
            self.consensus_model,
            self.completeness_model,
            self.trend_model,
            self.answers_model,
        ):
            model.retranslate()
        if self._dashboard is not None:
            self._fill_trend_choices()
            self._fill_answer_choices()
            self._answers_changed()
        self._show_overview()
        self.trend_chart.update()
