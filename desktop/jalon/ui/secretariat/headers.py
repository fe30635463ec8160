"""Table headers for long labels: rotated theme names over narrow heat-map columns, and
column titles that wrap onto several lines instead of widening the table."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget

ROTATED_MIN_EMS = 8
ROTATED_MAX_LINES = 3
WRAPPED_MAX_LINES = 4


def _label(header: QHeaderView, section: int) -> str:
    model = header.model()
    if model is None:
        return ""
    value = model.headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole)
    return str(value or "")


def _draw_frame(header: QHeaderView, painter: QPainter, rect: QRect, section: int) -> None:
    """The style's own header cell, without its text (drawn separately, rotated or wrapped)."""
    option = QStyleOptionHeader()
    header.initStyleOptionForIndex(option, section)
    option.rect = rect
    option.text = ""
    header.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, header)


class RotatedHeader(QHeaderView):
    """A horizontal header whose labels read bottom to top, wrapped on up to three lines, so
    fourteen theme names fit over narrow columns of numbers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(False)
        self.setHighlightSections(True)
        self._room: tuple[tuple[tuple[str, ...], str], int] | None = None

    def _max_height(self) -> int:
        """The narrowest line length (at least about eight letters) at which every label
        wraps on three lines or fewer: the header is no taller than the labels need."""
        metrics = self.fontMetrics()
        labels = tuple(_label(self, s) for s in range(self.count()))
        key = (labels, self.font().key())
        if self._room is not None and self._room[0] == key:
            return self._room[1]
        words = [w for label in labels for w in label.split()]
        room = max(
            metrics.horizontalAdvance("M") * ROTATED_MIN_EMS,
            max((metrics.horizontalAdvance(w) for w in words), default=0) + 4,
        )
        widest = max((metrics.horizontalAdvance(label) for label in labels), default=0)
        while room < widest and any(
            len(self._wrap(label, room)) > ROTATED_MAX_LINES for label in labels
        ):
            room += 4
        self._room = (key, room)
        return room

    def _wrap(self, label: str, room: int) -> list[str]:
        metrics = self.fontMetrics()
        lines: list[str] = []
        for word in label.split():
            if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= room:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        return lines or [""]

    def _lines(self, section: int) -> list[str]:
        """The label wrapped at word boundaries to the header's height (three lines at most;
        the tooltip gives it whole)."""
        lines = self._wrap(_label(self, section), self._max_height())
        if len(lines) > ROTATED_MAX_LINES:
            lines = [*lines[: ROTATED_MAX_LINES - 1], " ".join(lines[ROTATED_MAX_LINES - 1 :])]
        return lines

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        longest = max(
            (
                metrics.horizontalAdvance(line)
                for section in range(self.count())
                for line in self._lines(section)
            ),
            default=0,
        )
        return QSize(hint.width(), longest + 16)

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:  # noqa: N803 - Qt name
        lines = len(self._lines(logicalIndex))
        width = self.fontMetrics().lineSpacing() * max(lines, 1) + 10
        return QSize(width, self.sizeHint().height())

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:  # noqa: N803
        if not rect.isValid():
            return
        painter.save()
        _draw_frame(self, painter, rect, logicalIndex)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.translate(rect.left(), rect.bottom())
        painter.rotate(-90)
        area = QRect(6, 2, rect.height() - 12, rect.width() - 4)
        lines = self._lines(logicalIndex)
        metrics = self.fontMetrics()
        text = "\n".join(
            metrics.elidedText(line, Qt.TextElideMode.ElideRight, area.width()) for line in lines
        )
        painter.drawText(
            area, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text
        )
        painter.restore()


class WrappedHeader(QHeaderView):
    """A horizontal header whose titles wrap within their column (up to four lines)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._pending = False
        self.sectionResized.connect(self._resized)

    def _resized(self, *_args: object) -> None:
        if not self._pending:
            self._pending = True
            # With the header as context, the call is dropped if the header is deleted first.
            QTimer.singleShot(0, self, self._refit)

    def _refit(self) -> None:
        self._pending = False
        self.updateGeometry()
        view = self.parentWidget()
        update = getattr(view, "updateGeometries", None)
        if callable(update):
            update()

    def _text_rect(self, width: int) -> int:
        return max(width - 12, 8)

    def _height_for(self, section: int, width: int) -> int:
        metrics = self.fontMetrics()
        bounds = metrics.boundingRect(
            QRect(0, 0, self._text_rect(width), metrics.lineSpacing() * WRAPPED_MAX_LINES),
            int(Qt.TextFlag.TextWordWrap),
            _label(self, section),
        )
        return min(bounds.height(), metrics.lineSpacing() * WRAPPED_MAX_LINES) + 10

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:  # noqa: N803 - Qt name
        hint = super().sectionSizeFromContents(logicalIndex)
        metrics = self.fontMetrics()
        words = _label(self, logicalIndex).split() or [""]
        # As narrow as the longest word allows; the width grows when the column does.
        narrowest = max(metrics.horizontalAdvance(w) for w in words) + 16
        width = min(hint.width(), max(narrowest, metrics.horizontalAdvance("M") * 6))
        current = self.sectionSize(logicalIndex) if logicalIndex < self.count() else width
        return QSize(width, self._height_for(logicalIndex, max(current, width)))

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        height = max(
            (
                self._height_for(s, self.sectionSize(s))
                for s in range(self.count())
                if not self.isSectionHidden(s)
            ),
            default=hint.height(),
        )
        return QSize(hint.width(), max(height, hint.height()))

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:  # noqa: N803
        if not rect.isValid():
            return
        painter.save()
        _draw_frame(self, painter, rect, logicalIndex)
        painter.setPen(self.palette().color(self.foregroundRole()))
        area = rect.adjusted(6, 4, -6, -4)
        painter.drawText(
            area,
            int(
                Qt.AlignmentFlag.AlignLeft
                | Qt.AlignmentFlag.AlignVCenter
                | Qt.TextFlag.TextWordWrap
            ),
            _label(self, logicalIndex),
        )
        painter.restore()
