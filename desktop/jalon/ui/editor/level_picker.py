"""The maturity levels of one theme, with the current and target level chosen side by side.

One row per level shows the level's number and name with the theme's own descriptor (not bare
numbers); the two radio columns choose the current and the target level. Each column is one
radio group: Tab reaches it once, the arrow keys choose within it, Home/End jump to the ends.
"""

from __future__ import annotations

import html
import itertools

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStyleOptionFocusRect,
    QStylePainter,
    QWidget,
)

from jalon.core.framework import Framework, Theme
from jalon.i18n import _, text
from jalon.ui.editor.widgets import ChoiceRadio, clear_group, exclusive_group

FIELDS = ("current", "target")


def level_title(value: int, name: str) -> str:
    return _("{level} — {name}").format(level=value, name=name)


#: Space around a level's text, also used to line the radio indicator up with its first line.
TEXT_MARGIN = 6


class LevelRadio(ChoiceRadio):
    """A text-less radio filling its whole grid cell (a large target for the mouse), with the
    indicator centred in the column and level with the first line of the level's text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def _indicator(self) -> QSize:
        style = self.style()
        return QSize(
            style.pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, None, self),
            style.pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorHeight, None, self),
        )

    def sizeHint(self) -> QSize:
        size = self._indicator()
        return QSize(size.width() + 4 * TEXT_MARGIN, size.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        size = self._indicator()
        line = self.fontMetrics().lineSpacing()
        top = max((line - size.height()) // 2, 0)
        option.rect = QRect((self.width() - size.width()) // 2, top, size.width(), size.height())
        painter.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorRadioButton, option)
        if self.hasFocus():
            focus = QStyleOptionFocusRect()
            focus.initFrom(self)
            focus.rect = option.rect.adjusted(-3, -3, 3, 3)
            painter.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, focus)


class LevelPicker(QWidget):
    """Chooses a theme's current and target maturity among the framework's levels.

    Signals:
        chosen(str, int): the person chose level ``int`` for ``"current"`` or ``"target"``.
    """

    chosen = Signal(str, int)

    def __init__(self, framework: Framework, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._framework = framework
        self._theme: Theme | None = None
        self._grid = QGridLayout(self)
        self._grid.setHorizontalSpacing(12)
        # Row spacing rather than label margins: QLabel under-reports its height for a width
        # when it has contents margins, which clipped the last line of long descriptors.
        self._grid.setVerticalSpacing(2 * TEXT_MARGIN)
        self._grid.setContentsMargins(TEXT_MARGIN, TEXT_MARGIN, TEXT_MARGIN, TEXT_MARGIN)
        self._headers = {name: QLabel(self) for name in (*FIELDS, "level")}
        for column, name in enumerate((*FIELDS, "level")):
            header = self._headers[name]
            header.setWordWrap(True)
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            # Aligned inside the label, not in the grid: an aligned grid item is given its
            # size hint rather than the cell, and a wrapped header would be clipped.
            align = Qt.AlignmentFlag.AlignHCenter if name in FIELDS else Qt.AlignmentFlag.AlignLeft
            header.setAlignment(align | Qt.AlignmentFlag.AlignBottom)
            self._grid.addWidget(header, 0, column)
        self.groups: dict[str, QButtonGroup] = {name: exclusive_group(self) for name in FIELDS}
        self.radios: dict[str, list[LevelRadio]] = {name: [] for name in FIELDS}
        self._texts: list[QLabel] = []
        for row, level in enumerate(framework.levels, start=1):
            for column, name in enumerate(FIELDS):
                radio = LevelRadio(self)
                self.groups[name].addButton(radio, level.value)
                self.radios[name].append(radio)
                self._grid.addWidget(radio, row, column)
            label = QLabel(self)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            self._texts.append(label)
            self._grid.addWidget(label, row, len(FIELDS))
        self._grid.setColumnStretch(len(FIELDS), 1)
        # One column after the other: Tab reaches the current levels, then the target levels.
        order = self.radios["current"] + self.radios["target"]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        for name in FIELDS:
            self.groups[name].idClicked.connect(lambda value, n=name: self.chosen.emit(n, value))
        self.retranslate()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.retranslate()

    def retranslate(self) -> None:
        self._headers["current"].setText(_("Current"))
        self._headers["target"].setText(_("Target"))
        self._headers["level"].setText(_("Level and what it looks like for this theme"))
        for index, level in enumerate(self._framework.levels):
            title = level_title(level.value, text(level.name))
            descriptor = (
                text(self._theme.descriptor(level.value)) if self._theme else text(level.descriptor)
            )
            self._texts[index].setText(f"<b>{html.escape(title)}</b><br>{html.escape(descriptor)}")
            self._texts[index].setToolTip(text(level.descriptor))
            for name in FIELDS:
                radio = self.radios[name][index]
                spoken = (
                    _("Current level: {level}") if name == "current" else _("Target level: {level}")
                ).format(level=title)
                radio.setAccessibleName(spoken)
                radio.setAccessibleDescription(descriptor)
                radio.setToolTip(spoken)

    def set_values(self, current: int | None, target: int | None) -> None:
        for name, value in zip(FIELDS, (current, target), strict=True):
            group = self.groups[name]
            if value is None:
                clear_group(group)
            else:
                button = group.button(value)
                if button is not None and not button.isChecked():
                    button.setChecked(True)

    def value(self, name: str) -> int | None:
        chosen = self.groups[name].checkedId()
        return None if chosen < 0 else chosen

    def set_read_only(self, read_only: bool) -> None:
        for radios in self.radios.values():
            for radio in radios:
                radio.setEnabled(not read_only)

    def first_input(self) -> QWidget:
        group = self.groups["current"]
        return group.checkedButton() or self.radios["current"][0]

    def paintEvent(self, event: QPaintEvent) -> None:
        # Banded rows so each level reads as one line across the three columns; palette roles
        # keep it right in light and dark themes.
        painter = QPainter(self)
        palette = self.palette()
        columns = self._grid.columnCount()
        for row in range(1, self._grid.rowCount()):
            first = self._grid.cellRect(row, 0)
            last = self._grid.cellRect(row, columns - 1)
            top = min(first.top(), last.top()) - TEXT_MARGIN
            bottom = max(first.bottom(), last.bottom()) + TEXT_MARGIN
            band = QRect(0, top, self.width(), bottom - top + 1)
            role = QPalette.ColorRole.AlternateBase if row % 2 else QPalette.ColorRole.Base
            painter.fillRect(band, palette.color(role))
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()
        super().paintEvent(event)
