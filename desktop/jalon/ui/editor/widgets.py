"""Small widgets the editor's pages share: wrapped labels, headings, text areas, radio
buttons that behave like a proper radio group, and a row that reflows when space runs out."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont, QKeyEvent, QKeySequence, QResizeEvent, QTextCursor
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QBoxLayout,
    QButtonGroup,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QSizePolicy,
    QWidget,
)


def wrapped_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A plain-text label that wraps, so long framework texts hold at any text size."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


def refit(*widgets: QWidget) -> None:
    """Make the layouts above ``widgets`` measure them again, up to their scrolled page.

    A wrapped label that gains a line inside a group box inside a scrolled page does not
    reliably grow its ancestors (their layout items cache the old height-for-width), which
    clipped the last lines of long descriptors; asking each ancestor again is cheap.
    """
    for widget in widgets:
        current: QWidget | None = widget
        while current is not None:
            current.updateGeometry()
            parent = current.parentWidget()
            if parent is None or isinstance(parent.parentWidget(), QAbstractScrollArea):
                break
            current = parent


def heading(level: int = 1, parent: QWidget | None = None) -> QLabel:
    """A bold heading, sized relative to the application font so it follows text scaling."""
    label = wrapped_label("", parent)
    font = QFont(label.font())
    scale = {1: 1.5, 2: 1.2}.get(level, 1.0)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleDescription("")
    return label


def italic(label: QLabel) -> QLabel:
    font = QFont(label.font())
    font.setItalic(True)
    label.setFont(font)
    return label


class UndoKeyRouter(QObject):
    """Lets Ctrl+Z / Ctrl+Shift+Z reach the editor's undo stack instead of the text widget's
    own undo, so one stack holds every edit of the session and each undo is autosaved."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # isinstance first: most events a text box receives are not keys (no Qt call then).
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.ShortcutOverride
            and _is_undo_or_redo(event)
        ):
            # Not accepting the override hands the key to the editor's shortcuts.
            event.ignore()
            return True
        return False


def _is_undo_or_redo(event: QEvent) -> bool:
    if not isinstance(event, QKeyEvent):
        return False
    return (
        event.matches(QKeySequence.StandardKey.Undo)
        or event.matches(QKeySequence.StandardKey.Redo)
        or _is_ctrl_shift_z(event)
    )


def _is_ctrl_shift_z(event: QKeyEvent) -> bool:
    wanted = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    return event.key() == Qt.Key.Key_Z and event.modifiers() == wanted


class TextArea(QPlainTextEdit):
    """A multi-line answer field.

    Tab moves focus on (a keyboard user must never be trapped in a text box) and the editor's
    undo stack, not the widget's, undoes typing.

    Signals:
        edited(str): the person changed the text (not emitted by :meth:`set_text_quietly`).
    """

    edited = Signal(str)

    def __init__(self, router: UndoKeyRouter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setUndoRedoEnabled(False)
        self.installEventFilter(router)
        self._quiet = False
        self._known = ""  # the text shown, kept here so comparing it costs no Qt call
        self.textChanged.connect(self._changed)
        lines = 5
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * lines)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def _changed(self) -> None:
        self._known = self.toPlainText()
        if not self._quiet:
            self.edited.emit(self._known)

    def set_text_quietly(self, text: str) -> None:
        """Show ``text`` (an undo, another page's data) without reporting it as an edit."""
        if self._known == text:
            return
        self._quiet = True
        try:
            self.setPlainText(text)
            # After an undo in the field being typed in, keep typing at the end; a page being
            # filled shows its text from the start.
            if self.hasFocus():
                self.moveCursor(QTextCursor.MoveOperation.End)
        finally:
            self._quiet = False


class ChoiceRadio(QRadioButton):
    """A radio button of an exclusive group that behaves as the WAI-ARIA radio group pattern.

    Arrow keys move *and choose* (Qt's default only moves focus when nothing is chosen yet),
    Home/End choose the first/last, and tabbing into the group lands on the chosen button.
    The whole cell is clickable, not only the small indicator.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def hitButton(self, pos: QPoint) -> bool:
        return bool(self.rect().contains(pos))

    def _buttons(self) -> list[QAbstractButton]:
        group = self.group()
        return [b for b in group.buttons() if b.isEnabled()] if group else [self]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        buttons = self._buttons()
        if self not in buttons:
            super().keyPressEvent(event)
            return
        index = buttons.index(self)
        key = event.key()
        target: int | None = None
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Right):
            target = min(index + 1, len(buttons) - 1) if self.isChecked() else index
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Left):
            target = max(index - 1, 0) if self.isChecked() else index
        elif key == Qt.Key.Key_Home:
            target = 0
        elif key == Qt.Key.Key_End:
            target = len(buttons) - 1
        if target is None:
            super().keyPressEvent(event)
            return
        chosen = buttons[target]
        chosen.setFocus(Qt.FocusReason.OtherFocusReason)
        if not chosen.isChecked():
            chosen.click()
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:
        group = self.group()
        checked = group.checkedButton() if group else None
        tabbing = event.reason() in (
            Qt.FocusReason.TabFocusReason,
            Qt.FocusReason.BacktabFocusReason,
        )
        if tabbing and checked is not None and checked is not self and checked.isEnabled():
            checked.setFocus(event.reason())
            return
        super().focusInEvent(event)


def exclusive_group(parent: QWidget) -> QButtonGroup:
    group = QButtonGroup(parent)
    group.setExclusive(True)
    return group


def clear_group(group: QButtonGroup) -> None:
    """Uncheck every button of an exclusive group (Qt refuses to uncheck the last one)."""
    group.setExclusive(False)
    for button in group.buttons():
        button.setChecked(False)
    group.setExclusive(True)


def _needed(widget: QWidget) -> int:
    needed = getattr(widget, "needed_width", None)
    return int(needed()) if callable(needed) else widget.sizeHint().width()


class ReflowRow(QWidget):
    """Children side by side when they fit, one above the other when they do not (narrow
    windows, 200 % text): a page never needs horizontal scrolling for its choices."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._widgets: list[QWidget] = []

    def add(self, widget: QWidget) -> None:
        self._widgets.append(widget)
        # No alignment flag: an aligned layout item ignores its widget's height-for-width,
        # which would clip wrapped hints.
        self._layout.addWidget(widget, 1)

    def _needed_width(self) -> int:
        spacing = self._layout.spacing() * max(len(self._widgets) - 1, 0)
        return sum(_needed(w) for w in self._widgets) + spacing

    def minimumSizeHint(self) -> QSize:
        # What the row needs once stacked; reporting the side-by-side width instead would keep
        # the page too wide to ever stack it.
        widths = [w.minimumSizeHint().width() for w in self._widgets] or [0]
        return QSize(max(widths), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.relayout()
        super().resizeEvent(event)

    def relayout(self) -> None:
        """Decide the direction for the current width (also after a language switch)."""
        direction = (
            QBoxLayout.Direction.LeftToRight
            if self.width() >= self._needed_width()
            else QBoxLayout.Direction.TopToBottom
        )
        if self._layout.direction() != direction:
            self._layout.setDirection(direction)
