"""One jurisdiction's revisions over time: the mean current and target levels of each signed
revision, as a line chart (values printed at every marker) and as a table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from jalon.core.consolidation import TrendPoint
from jalon.core.errors import N_
from jalon.i18n import _, current
from jalon.ui.secretariat.common import DASH, RowsModel, day

MARKER = 5.0


def mean_text(value: float | None) -> str:
    return DASH if value is None else current().number(round(value, 1), "0.0")


class TrendModel(RowsModel[TrendPoint]):
    REVISION, SIGNED, SCORED, CURRENT, TARGET = range(5)
    HEADERS = (
        N_("Revision"),
        N_("Signed on"),
        N_("Themes scored"),
        N_("Mean current level"),
        N_("Mean target level"),
    )

    def cell(self, row: TrendPoint, column: int) -> str:
        if column == self.REVISION:
            return str(row.revision)
        if column == self.SIGNED:
            return day(row.signed_at.date())
        if column == self.SCORED:
            return str(row.scored)
        if column == self.CURRENT:
            return mean_text(row.mean_current)
        return mean_text(row.mean_target)

    def value(self, row: TrendPoint, column: int) -> Any:
        return {
            self.REVISION: row.revision,
            self.SCORED: row.scored,
            self.CURRENT: row.mean_current,
            self.TARGET: row.mean_target,
        }.get(column, self.cell(row, column))


class TrendChart(QWidget):
    """Mean current level (solid line, round markers) and mean target level (dashed line,
    square markers) of each revision, oldest on the left; each marker carries its value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: list[TrendPoint] = []
        self._max = 4
        self._min = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * 12)

    def set_points(self, points: list[TrendPoint], min_level: int, max_level: int) -> None:
        self._points = list(points)
        self._min, self._max = min_level, max_level
        self.update()

    @property
    def points(self) -> list[TrendPoint]:
        return list(self._points)

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().lineSpacing()
        return QSize(line * 30, line * 16)

    def _labels(self) -> tuple[str, str]:
        return (
            _("Mean current level (solid line, round markers)"),
            _("Mean target level (dashed line, square markers)"),
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        metrics = self.fontMetrics()
        line = metrics.lineSpacing()
        ink = palette.color(QPalette.ColorRole.WindowText)
        if not self._points:
            painter.setPen(ink)
            painter.drawText(
                QRectF(self.rect()),
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                _("No revision to show: choose a jurisdiction that has submitted."),
            )
            painter.end()
            return
        left = metrics.horizontalAdvance("0") * 2 + 16.0
        right = 24.0
        top = line * 1.0
        legend = line * 2.6
        bottom = line * 2.6 + legend
        plot = QRectF(left, top, self.width() - left - right, self.height() - top - bottom)
        if plot.width() < 40 or plot.height() < 40:
            painter.end()
            return

        def y_of(value: float) -> float:
            span = max(self._max - self._min, 1)
            return plot.bottom() - (value - self._min) / span * plot.height()

        count = len(self._points)

        def x_of(i: int) -> float:
            if count == 1:
                return plot.center().x()
            return plot.left() + plot.width() * (0.06 + 0.88 * i / (count - 1))

        grid = QPen(palette.color(QPalette.ColorRole.Mid), 1)
        for level in range(self._min, self._max + 1):
            y = y_of(level)
            painter.setPen(grid)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(ink)
            painter.drawText(
                QRectF(0, y - line / 2, left - 8, line),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                str(level),
            )
        painter.setPen(ink)
        for i, point in enumerate(self._points):
            x = x_of(i)
            label = _("Rev. {revision}").format(revision=point.revision)
            date = day(point.signed_at.date())
            width = max(metrics.horizontalAdvance(label), metrics.horizontalAdvance(date)) + 8
            painter.drawText(
                QRectF(x - width / 2, plot.bottom() + 4, width, line * 2.2),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                f"{label}\n{date}",
            )

        current_colour = palette.color(QPalette.ColorRole.Highlight)
        if palette.color(QPalette.ColorRole.Base).lightness() < 128:
            current_colour = current_colour.lighter(150)
        series = (
            ([p.mean_current for p in self._points], current_colour, Qt.PenStyle.SolidLine, False),
            ([p.mean_target for p in self._points], ink, Qt.PenStyle.DashLine, True),
        )
        for values, colour, style, square in series:
            painter.setPen(QPen(colour, 2.5, style))
            for i in range(count - 1):
                a, b = values[i], values[i + 1]
                if a is not None and b is not None:
                    painter.drawLine(QPointF(x_of(i), y_of(a)), QPointF(x_of(i + 1), y_of(b)))
            for i, value in enumerate(values):
                if value is None:
                    continue
                at = QPointF(x_of(i), y_of(value))
                self._marker(painter, at, colour, square)
                shown = mean_text(value)
                width = metrics.horizontalAdvance(shown) + 6
                # Target values above their marker, current values below: they rarely collide.
                dy = -line - MARKER if square else MARKER + 2
                box = QRectF(at.x() + MARKER + 2, at.y() + dy, width, line)
                if box.right() > self.width():
                    box.moveRight(at.x() - MARKER - 2)
                painter.setPen(colour)
                painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), shown)
        self._legend(painter, palette, current_colour, ink, self.height() - legend + line * 0.4)
        painter.end()

    def _marker(self, painter: QPainter, at: QPointF, colour: QColor, square: bool) -> None:
        painter.setPen(QPen(colour, 2))
        if square:
            painter.setBrush(QBrush(self.palette().color(QPalette.ColorRole.Base)))
            painter.drawRect(QRectF(at.x() - MARKER, at.y() - MARKER, 2 * MARKER, 2 * MARKER))
        else:
            painter.setBrush(QBrush(colour))
            painter.drawEllipse(at, MARKER, MARKER)
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _legend(
        self, painter: QPainter, palette: QPalette, first: QColor, second: QColor, top: float
    ) -> None:
        line = self.fontMetrics().lineSpacing()
        sample = 36.0
        labels = self._labels()
        for row, (label, colour, style, square) in enumerate(
            (
                (labels[0], first, Qt.PenStyle.SolidLine, False),
                (labels[1], second, Qt.PenStyle.DashLine, True),
            )
        ):
            y = top + row * line
            x = 16.0
            painter.setPen(QPen(colour, 2.5, style))
            painter.drawLine(QPointF(x, y), QPointF(x + sample, y))
            self._marker(painter, QPointF(x + sample / 2, y), colour, square)
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            painter.drawText(
                QRectF(x + sample + 8, y - line / 2, self.width() - x - sample - 12, line),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                label,
            )
