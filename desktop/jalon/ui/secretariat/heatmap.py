"""The heat map: jurisdictions (rows) × themes (columns), one measure at a time (current level,
target level or gap), every cell printing its number over a shade, plus a row of means.

The number is always there, so the map reads without colour (and aloud: each cell's accessible
text names the jurisdiction, the theme and the value); the shade only helps the eye.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from jalon.core.consolidation import HeatMap, Measure
from jalon.core.framework import Framework
from jalon.i18n import _, current, text
from jalon.ui.editor.navigator import theme_title
from jalon.ui.editor.summary_models import signed
from jalon.ui.plain_text import tip
from jalon.ui.secretariat.common import (
    DASH,
    ROW_ROLE,
    VALUE_ROLE,
    Index,
    item_data,
    jurisdiction_name,
)
from jalon.ui.secretariat.headers import RotatedHeader

#: The role giving a cell's shade strength, 0 to 1 (None: no shade; negative: a step back).
SHADE_ROLE = Qt.ItemDataRole.UserRole + 20
#: True for the cells of the means row.
MEAN_ROLE = Qt.ItemDataRole.UserRole + 21

#: The far end of the shading on light and on dark backgrounds.
DARK_INK = QColor("#1F3A5F")
LIGHT_INK = QColor("#9CC0EC")


def measure_name(measure: Measure) -> str:
    return {
        Measure.CURRENT: _("Current level"),
        Measure.TARGET: _("Target level"),
        Measure.GAP: _("Gap (target minus current)"),
    }[measure]


class HeatMapModel(QAbstractTableModel):
    """The cells of one section's heat map for one measure; the last row holds the means."""

    def __init__(self, framework: Framework, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._framework = framework
        self._heat = HeatMap((), (), ())
        self._grid: list[list[int | None]] = []
        self._means: list[float | None] = []
        self.measure = Measure.CURRENT

    def set_heat_map(self, heat: HeatMap, framework: Framework) -> None:
        self.beginResetModel()
        self._heat = heat
        self._framework = framework
        self._fill()
        self.endResetModel()

    def set_measure(self, measure: Measure) -> None:
        self.beginResetModel()
        self.measure = measure
        self._fill()
        self.endResetModel()

    def _fill(self) -> None:
        self._grid = self._heat.values(self.measure)
        self._means = self._heat.column_means(self.measure) if self._heat.rows else []

    def retranslate(self) -> None:
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self.rowCount():
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, self.rowCount() - 1)
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )

    @property
    def heat_map(self) -> HeatMap:
        return self._heat

    def jurisdiction_rows(self) -> int:
        return len(self._heat.rows)

    def is_mean_row(self, row: int) -> bool:
        return row == len(self._heat.rows)

    # -- Qt ------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        if parent.isValid() or not self._heat.rows:
            return 0
        return len(self._heat.rows) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._heat.cols)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Horizontal:
            if section >= len(self._heat.cols):
                return None
            theme = self._framework.theme(self._heat.cols[section])
            return theme_title(theme.number, text(theme.name))
        if self.is_mean_row(section):
            return _("Mean")
        if section >= len(self._heat.rows):
            return None
        info = self._heat.rows[section]
        name = jurisdiction_name(info.jurisdiction)
        if info.key_revoked:
            name = _("{name} ⚠ key revoked since").format(name=name)
        return tip(name) if role == Qt.ItemDataRole.ToolTipRole else name

    def value(self, row: int, column: int) -> float | int | None:
        if self.is_mean_row(row):
            return self._means[column]
        return self._grid[row][column]

    def text(self, row: int, column: int) -> str:
        value = self.value(row, column)
        if value is None:
            return DASH
        if self.is_mean_row(row):
            rounded = round(float(value), 1)
            shown = current().number(rounded, "0.0")
            return shown if self.measure is not Measure.GAP or rounded <= 0 else f"+{shown}"
        if self.measure is Measure.GAP:
            return signed(int(value))
        return str(value)

    def spoken(self, row: int, column: int) -> str:
        theme = self._framework.theme(self._heat.cols[column])
        who = self.headerData(row, Qt.Orientation.Vertical)
        value = self.value(row, column)
        if value is None:
            said = _("not scored")
        elif self.is_mean_row(row) or self.measure is Measure.GAP:
            said = self.text(row, column)
        else:
            said = _("{level} ({name})").format(
                level=value, name=text(self._framework.level(int(value)).name)
            )
        return _("{who}, {theme}, {measure}: {value}").format(
            who=who,
            theme=text(theme.name),
            measure=measure_name(self.measure),
            value=said,
        )

    def shade(self, row: int, column: int) -> float | None:
        """0 (lightest) to 1 (strongest); -1 for a negative gap; None when nothing is known."""
        value = self.value(row, column)
        if value is None:
            return None
        fw = self._framework
        span = max(fw.max_level - fw.min_level, 1)
        if self.measure is Measure.GAP:
            if value < 0:
                return -1.0
            return min(float(value) / span, 1.0)
        return max(0.0, min((float(value) - fw.min_level) / span, 1.0))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.spoken(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(self.spoken(row, column))
        if role == VALUE_ROLE:
            return self.value(row, column)
        if role == SHADE_ROLE:
            return None if self.is_mean_row(row) else self.shade(row, column)
        if role == MEAN_ROLE:
            return self.is_mean_row(row)
        if role == ROW_ROLE:
            return None if self.is_mean_row(row) else self._heat.rows[row]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def shade_colour(strength: float, palette: QPalette) -> QColor:
    """From the table's own background (0) to a deep blue on light themes, a pale blue on dark
    ones (1)."""
    base = palette.color(QPalette.ColorRole.Base)
    ink = LIGHT_INK if _is_dark(palette) else DARK_INK
    t = max(0.0, min(strength, 1.0))
    return QColor(
        round(base.red() + (ink.red() - base.red()) * t),
        round(base.green() + (ink.green() - base.green()) * t),
        round(base.blue() + (ink.blue() - base.blue()) * t),
    )


def readable_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on ``background``."""
    r, g, b = (background.redF(), background.greenF(), background.blueF())
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return QColor("#000000") if luminance > 0.45 else QColor("#FFFFFF")


class HeatDelegate(QStyledItemDelegate):
    """Paints a cell's shade and its number; a step back (negative gap) is hatched, so it
    differs by pattern as well as by its minus sign."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        palette = option.palette
        rect = option.rect
        strength = item_data(index, SHADE_ROLE)
        mean = bool(item_data(index, MEAN_ROLE))
        if mean:
            background = palette.color(QPalette.ColorRole.AlternateBase)
        elif strength is None or strength < 0:
            background = palette.color(QPalette.ColorRole.Base)
        else:
            background = shade_colour(float(strength), palette)
        painter.fillRect(rect, background)
        ink = (
            palette.color(QPalette.ColorRole.Text)
            if mean or strength is None or strength < 0
            else readable_on(background)
        )
        if strength is not None and strength < 0:
            hatch = QColor(palette.color(QPalette.ColorRole.Text))
            hatch.setAlpha(70)
            painter.fillRect(rect, QBrush(hatch, Qt.BrushStyle.BDiagPattern))
        font = QFont(option.font)
        if mean:
            font.setBold(True)
        painter.setFont(font)
        painter.setPen(ink)
        shown = str(item_data(index, Qt.ItemDataRole.DisplayRole) or "")
        if strength is not None and strength < 0:
            # A plate under the number keeps it legible over the hatching.
            width = painter.fontMetrics().horizontalAdvance(shown) + 6
            height = painter.fontMetrics().height()
            plate = QRect(0, 0, width, height)
            plate.moveCenter(rect.center())
            painter.fillRect(plate, palette.color(QPalette.ColorRole.Base))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), shown)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        if selected or focused:
            pen = QPen(palette.color(QPalette.ColorRole.Highlight), 3 if focused else 2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        # Thin lines between the cells, in the table's background, like the report's grid.
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Base), 1))
        painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        metrics = option.fontMetrics
        return QSize(metrics.horizontalAdvance("+4.0") + 16, metrics.lineSpacing() * 2)


def metrics_width(view: QWidget) -> int:
    metrics = view.fontMetrics()
    return max(metrics.horizontalAdvance("+4.0") + 16, metrics.lineSpacing() * 2 + 10)


def heat_map_view(model: HeatMapModel, parent: QWidget | None = None) -> QTableView:
    """A table for the heat map: rotated theme names over narrow columns, cells selectable one
    by one so the arrow keys read the map cell by cell."""
    view = QTableView(parent)
    view.setHorizontalHeader(RotatedHeader(view))
    view.setModel(model)
    view.setItemDelegate(HeatDelegate(view))
    view.setShowGrid(False)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    view.setTabKeyNavigation(False)
    view.setWordWrap(False)
    # Columns share the width (the numbers are short); never narrower than their contents.
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    header.setMinimumSectionSize(metrics_width(view))
    # Every row is two lines tall (fixed: thousands of municipalities stay quick to show).
    rows = view.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(view.fontMetrics().lineSpacing() * 2)
    view.verticalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    )
    return view
