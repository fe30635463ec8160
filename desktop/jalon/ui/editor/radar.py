"""A radar chart of the current and target levels of every theme, drawn with QPainter.

The two series differ by line style, marker shape *and* a legend, not by colour alone; the
level rings are numbered and every axis carries the theme's number and name. Colours come
from the palette, so the chart reads in light and dark themes alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from jalon.radar_geometry import label_side, reach, spoke

#: Space between the rings, the labels and the edges.
MARGIN = 8.0
LEGEND_SAMPLE = 36.0
LEGEND_GAP = 32.0


@dataclass(frozen=True, slots=True)
class _Shape:
    radius: float
    label_width: float
    label_height: float
    short: bool


@dataclass
class RadarData:
    """What the chart shows: one axis per theme, a value or None per series and axis."""

    axes: list[str] = field(default_factory=list)
    #: The same axes in a word or two (theme numbers), used when full names leave no room.
    short_axes: list[str] = field(default_factory=list)
    current: list[int | None] = field(default_factory=list)
    target: list[int | None] = field(default_factory=list)
    max_level: int = 4
    current_label: str = ""
    target_label: str = ""


class RadarChart(QWidget):
    """Current (solid line, round markers) versus target (dashed line, square markers)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data = RadarData()
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumSize(320, 360)

    def set_data(self, data: RadarData) -> None:
        self._data = data
        self.updateGeometry()
        self.update()

    @property
    def data(self) -> RadarData:
        return self._data

    def sizeHint(self) -> QSize:
        return QSize(640, self.heightForWidth(640))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        shape = self._shape(width)
        return int(2 * (shape.radius + shape.label_height + MARGIN) + self._legend_height(width))

    # -- geometry --------------------------------------------------------------------------

    def _shape(self, width: float) -> _Shape:
        """Radius and labels for ``width``: full theme names around the chart when they leave
        it a useful size, else theme numbers only (narrow windows, 200 % text); the table of
        gaps beside the chart names every theme either way."""
        metrics = self.fontMetrics()
        line = metrics.lineSpacing()
        largest, smallest = 16 * line, 8 * line
        words = [w for label in self._data.axes for w in label.split()]
        longest = max((metrics.horizontalAdvance(w) for w in words), default=0)
        # About eleven letters a line, never less than the longest word, which cannot wrap.
        full = float(max(metrics.horizontalAdvance("M") * 11, longest + 4))
        radius = min(width / 2 - full - MARGIN, largest)
        if radius >= smallest or not self._data.short_axes:
            return _Shape(max(radius, 30.0), full, 4.0 * line, short=False)
        numbers = max((metrics.horizontalAdvance(n) for n in self._data.short_axes), default=0)
        short = float(numbers + 8)
        return _Shape(max(min(width / 2 - short - MARGIN, largest), 30.0), short, line, short=True)

    def _legend_entries(self) -> list[tuple[str, bool]]:
        return [(self._data.current_label, False), (self._data.target_label, True)]

    def _legend_widths(self) -> list[float]:
        metrics = self.fontMetrics()
        return [
            LEGEND_SAMPLE + 8.0 + metrics.horizontalAdvance(label)
            for label, _square in self._legend_entries()
        ]

    def _legend_rows(self, width: float) -> int:
        """One row when both entries fit side by side, else one row each."""
        return 1 if sum(self._legend_widths()) + LEGEND_GAP <= width else 2

    def _legend_height(self, width: float) -> int:
        return self.fontMetrics().lineSpacing() * (self._legend_rows(width) + 1) + 8

    def _point(self, centre: QPointF, radius: float, axis: float, value: float) -> QPointF:
        dx, dy = spoke(axis, len(self._data.axes))
        scale = radius * reach(value, 0, max(self._data.max_level, 1))
        return QPointF(centre.x() + scale * dx, centre.y() - scale * dy)  # y grows downwards

    # -- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        shape = self._shape(self.width())
        legend = self._legend_height(self.width())
        room = (self.height() - legend) / 2 - shape.label_height - MARGIN
        radius = max(min(shape.radius, room), 30.0)
        centre = QPointF(self.width() / 2, MARGIN + shape.label_height + radius)
        count = len(self._data.axes)
        if count >= 3:
            self._draw_grid(painter, palette, centre, radius)
            self._draw_labels(painter, palette, centre, radius, shape)
            current_colour = palette.color(QPalette.ColorRole.Highlight)
            target_colour = palette.color(QPalette.ColorRole.WindowText)
            self._draw_series(
                painter,
                self._data.current,
                centre,
                radius,
                current_colour,
                Qt.PenStyle.SolidLine,
                square=False,
            )
            self._draw_series(
                painter,
                self._data.target,
                centre,
                radius,
                target_colour,
                Qt.PenStyle.DashLine,
                square=True,
            )
            self._draw_legend(painter, palette, current_colour, target_colour)
        painter.end()

    def _draw_grid(
        self, painter: QPainter, palette: QPalette, centre: QPointF, radius: float
    ) -> None:
        count = len(self._data.axes)
        grid = QPen(palette.color(QPalette.ColorRole.Mid), 1)
        painter.setPen(grid)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for level in range(1, self._data.max_level + 1):
            ring = QPolygonF([self._point(centre, radius, i, level) for i in range(count)])
            painter.drawPolygon(ring)
        for i in range(count):
            painter.drawLine(centre, self._point(centre, radius, i, self._data.max_level))
        # Ring numbers half-way between the first two axes, clear of the lines and the labels.
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        metrics = self.fontMetrics()
        for level in range(0, self._data.max_level + 1):
            point = self._point(centre, radius, 0.5, level)
            label = str(level)
            width = metrics.horizontalAdvance(label) + 4
            box = QRectF(
                point.x() - width / 2, point.y() - metrics.height() / 2, width, metrics.height()
            )
            painter.fillRect(box, palette.color(QPalette.ColorRole.Window))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)

    def _draw_labels(
        self, painter: QPainter, palette: QPalette, centre: QPointF, radius: float, shape: _Shape
    ) -> None:
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        width, height = shape.label_width, shape.label_height
        labels = self._data.short_axes if shape.short else self._data.axes
        count = len(labels)
        for i, label in enumerate(labels):
            cos, up = spoke(i, count)
            sin = -up  # y grows downwards on screen
            anchor = QPointF(centre.x() + (radius + 8) * cos, centre.y() + (radius + 8) * sin)
            side = label_side(cos)
            if side == "start":
                x, horizontal = anchor.x(), Qt.AlignmentFlag.AlignLeft
            elif side == "end":
                x, horizontal = anchor.x() - width, Qt.AlignmentFlag.AlignRight
            else:
                x, horizontal = anchor.x() - width / 2, Qt.AlignmentFlag.AlignHCenter
            if sin < -0.5:
                y, vertical = anchor.y() - height, Qt.AlignmentFlag.AlignBottom
            elif sin > 0.5:
                y, vertical = anchor.y(), Qt.AlignmentFlag.AlignTop
            else:
                y, vertical = anchor.y() - height / 2, Qt.AlignmentFlag.AlignVCenter
            painter.drawText(
                QRectF(x, y, width, height), horizontal | vertical | Qt.TextFlag.TextWordWrap, label
            )

    def _draw_series(
        self,
        painter: QPainter,
        values: list[int | None],
        centre: QPointF,
        radius: float,
        colour: QColor,
        style: Qt.PenStyle,
        *,
        square: bool,
    ) -> None:
        count = len(values)
        pen = QPen(colour, 2.5, style)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        # Lines join neighbouring themes that are both scored; an unscored theme leaves a gap.
        for i in range(count):
            j = (i + 1) % count
            a, b = values[i], values[j]
            if a is not None and b is not None:
                painter.drawLine(
                    self._point(centre, radius, i, a), self._point(centre, radius, j, b)
                )
        painter.setPen(QPen(colour, 2, Qt.PenStyle.SolidLine))
        for i, value in enumerate(values):
            if value is not None:
                self._marker(painter, self._point(centre, radius, i, value), colour, square)

    def _marker(self, painter: QPainter, at: QPointF, colour: QColor, square: bool) -> None:
        size = 5.0
        if square:
            painter.setBrush(QBrush(self.palette().color(QPalette.ColorRole.Base)))
            painter.drawRect(QRectF(at.x() - size, at.y() - size, 2 * size, 2 * size))
        else:
            painter.setBrush(QBrush(colour))
            painter.drawEllipse(at, size, size)
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _draw_legend(
        self, painter: QPainter, palette: QPalette, current: QColor, target: QColor
    ) -> None:
        line = self.fontMetrics().lineSpacing()
        entries = [
            (self._data.current_label, current, Qt.PenStyle.SolidLine, False),
            (self._data.target_label, target, Qt.PenStyle.DashLine, True),
        ]
        widths = self._legend_widths()
        rows = self._legend_rows(self.width())
        top = self.height() - self._legend_height(self.width()) + line
        if rows == 1:
            x = max((self.width() - sum(widths) - LEGEND_GAP) / 2, 4.0)
            places = [(x, top), (x + widths[0] + LEGEND_GAP, top)]
        else:
            x = max((self.width() - max(widths)) / 2, 4.0)
            places = [(x, top), (x, top + line)]
        for (label, colour, style, square), width, (x, y) in zip(
            entries, widths, places, strict=True
        ):
            painter.setPen(QPen(colour, 2.5, style))
            painter.drawLine(QPointF(x, y), QPointF(x + LEGEND_SAMPLE, y))
            painter.setPen(QPen(colour, 2))
            self._marker(painter, QPointF(x + LEGEND_SAMPLE / 2, y), colour, square)
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            painter.drawText(
                QRectF(x + LEGEND_SAMPLE + 8, y - line / 2, width, line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
