"""The maturity levels of one theme, with the current and target level chosen side by side.

One row per level shows the level's number and name with the theme's own descriptor (not bare
numbers); the two radio columns choose the current and the target level. Each column is one
radio group that Tab reaches once. On the scale the keyboard reads before it chooses: the
arrow keys and Home/End only move the focus (up and down a column, left and right between the
columns), Space chooses the focused level, the digit keys 0–4 choose the current level and
Shift with a digit the target level, wherever the focus is on the scale.
"""

from __future__ import annotations

import html
import itertools
import sys

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QWidget,
)

from jalon.core.framework import Framework, Theme
from jalon.i18n import _, text
from jalon.ui.editor.widgets import ChoiceRadio, clear_group, exclusive_group

FIELDS = ("current", "target")


def level_title(value: int, name: str) -> str:
    return _("{level} — {name}").format(level=value, name=name)


#: The number-row keys 0–9 by their place on the keyboard, whatever the layout: Shift+1 is "!" on
#: a US keyboard and the unshifted "1" key is "&" on a French one, but the key is the same.
#: Linux (X11 and Wayland) gives evdev codes + 8, Windows set-1 scan codes, macOS virtual keys.
_NUMBER_ROW = {
    "linux": ("scan", (19, 10, 11, 12, 13, 14, 15, 16, 17, 18)),
    "win32": ("scan", (11, 2, 3, 4, 5, 6, 7, 8, 9, 10)),
    "darwin": ("virtual", (0x1D, 0x12, 0x13, 0x14, 0x15, 0x17, 0x16, 0x1A, 0x1C, 0x19)),
}

_ARROWS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right)
_ENDS = (Qt.Key.Key_Home, Qt.Key.Key_End)


def digit_pressed(event: QKeyEvent) -> int | None:
    """The digit of a number-row or keypad key, or None for any other key."""
    key = event.key()
    if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
        return int(key - Qt.Key.Key_0)
    kind, codes = _NUMBER_ROW.get(sys.platform, ("scan", ()))
    code = event.nativeScanCode() if kind == "scan" else event.nativeVirtualKey()
    return codes.index(code) if code in codes else None


#: Space around a level's text, also used to line the radio indicator up with its first line.
TEXT_MARGIN = 6


#: The focus ring's distance from the indicator, in pixels.
_RING = 3


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
        return QSize(size.width() + 4 * TEXT_MARGIN, size.height() + 2 * _RING)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        size = self._indicator()
        line = self.fontMetrics().lineSpacing()
        top = max((line - size.height()) // 2, _RING)  # room for the focus ring above
        option.rect = QRect((self.width() - size.width()) // 2, top, size.width(), size.height())
        painter.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorRadioButton, option)
        if self.hasFocus():
            # A ring of the highlight colour, whatever the style: Fusion draws its focus frame
            # only after a Tab, so the focus put here by Ctrl+PgDown or a digit was invisible.
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(option.rect.adjusted(-_RING, -_RING, _RING, _RING), 4, 4)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        picker = self.parentWidget()
        key = event.key()
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if isinstance(picker, LevelPicker) and plain and key in (*_ARROWS, *_ENDS):
            picker.move_focus(self, Qt.Key(key))
            event.accept()
            return
        # Space chooses (QRadioButton's own handling, not ChoiceRadio's arrow keys); keys a
        # radio ignores, the digits among them, go up to the picker.
        QRadioButton.keyPressEvent(self, event)


def _scroll_to(widget: QWidget) -> None:
    """Bring ``widget`` into view in the scrolled page holding it (focus moved by arrows does
    not scroll on its own, only Tab does)."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if isinstance(parent, QScrollArea):
        parent.ensureWidgetVisible(widget)


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

    def move_focus(self, radio: LevelRadio, key: Qt.Key) -> None:
        """Move the focus from ``radio`` as ``key`` says, without choosing anything."""
        name = "current" if radio in self.radios["current"] else "target"
        column = self.radios[name]
        row = column.index(radio)
        if key == Qt.Key.Key_Up:
            row = max(row - 1, 0)
        elif key == Qt.Key.Key_Down:
            row = min(row + 1, len(column) - 1)
        elif key == Qt.Key.Key_Home:
            row = 0
        elif key == Qt.Key.Key_End:
            row = len(column) - 1
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            name = "current" if key == Qt.Key.Key_Left else "target"
        target = self.radios[name][row]
        if target.isEnabled():
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            _scroll_to(target)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """0–4 choose the current level, Shift+0–4 the target level."""
        digit = digit_pressed(event)
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        shift = Qt.KeyboardModifier.ShiftModifier
        if digit is None or mods not in (Qt.KeyboardModifier.NoModifier, shift):
            super().keyPressEvent(event)
            return
        name = "target" if mods == shift else "current"
        button = self.groups[name].button(digit)
        if button is None or not button.isEnabled():
            super().keyPressEvent(event)
            return
        if not button.isChecked():
            button.click()
        event.accept()

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
