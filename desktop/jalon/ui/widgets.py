"""Small helpers the shell's windows share: labelled inputs, questions, errors, file choice,
and the jurisdiction picker used by the setup wizard and the new-assessment dialog."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QLabel, QProgressBar, QWidget

if TYPE_CHECKING:
    # The dialogs' classes are looked up where they are used: each PySide6 class is built on
    # first use (2.5 ms for these), and the home list imports this module before it is drawn.
    from PySide6.QtWidgets import QMessageBox

from jalon import i18n
from jalon.core.errors import JalonError
from jalon.core.jurisdiction import (
    GOVERNMENTS,
    Jurisdiction,
    Kind,
    census_subdivision,
    census_subdivision_of,
    government,
    municipality,
)
from jalon.i18n import _
from jalon.ui.plain_text import PlainLabel, plain_box, screen_text

#: The combo-box value that stands for "a municipality, named below".
MUNICIPALITY = "MUN"


def slim(bar: QProgressBar) -> QProgressBar:
    """``bar`` as a thin band, half a line high: a progress bar the height of a text field,
    white inside, reads as a box to type in."""
    bar.setTextVisible(False)
    bar.setFixedHeight(max(6, bar.fontMetrics().height() // 2))
    return bar


def buddy(label: QLabel, widget: QWidget) -> QLabel:
    """Tie ``label`` to ``widget``: its mnemonic focuses the widget and screen readers read the
    label as the widget's name."""
    label.setBuddy(widget)
    return label


def error_label() -> QLabel:
    """A label for an inline error: word-wrapped, selectable, and empty (hidden) until used.

    The text itself says what is wrong, so nothing depends on its colour."""
    label = PlainLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setVisible(False)
    return label


def show_inline_error(label: QLabel, message: str) -> None:
    label.setText(message)
    label.setVisible(bool(message))
    if message:
        label.setAccessibleDescription(message)


def message_of(error: JalonError | str) -> str:
    return i18n.describe(error) if isinstance(error, JalonError) else error


def show_error(parent: QWidget | None, error: JalonError | str, title: str | None = None) -> None:
    """A refusal, in the user's language: one clear sentence, never a traceback."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Warning, title or _("Jalon"), screen_text(message_of(error)), parent=parent
    )
    plain_box(box)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def inform(parent: QWidget | None, text: str, title: str | None = None) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Information, title or _("Jalon"), screen_text(text), parent=parent
    )
    plain_box(box)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    choices: Sequence[tuple[str, QMessageBox.ButtonRole]],
    *,
    default: int = 0,
    informative: str = "",
    icon: QMessageBox.Icon | None = None,
) -> int | None:
    """A real question box with buttons named after what they do (never a bare Yes / No).
    ``icon``: a question mark unless another is given.

    Returns the index in ``choices`` of the button pressed, or None when the box was closed
    with Escape (which Qt maps to the button whose role is RejectRole, if any)."""
    from PySide6.QtWidgets import QMessageBox

    shown = QMessageBox.Icon.Question if icon is None else icon
    box = QMessageBox(shown, title, screen_text(text), parent=parent)
    if informative:
        box.setInformativeText(screen_text(informative))
    plain_box(box)
    buttons = [box.addButton(label, role) for label, role in choices]
    box.setDefaultButton(buttons[default])
    for button, (_label, role) in zip(buttons, choices, strict=True):
        if role == QMessageBox.ButtonRole.RejectRole:
            box.setEscapeButton(button)
    box.exec()
    clicked = box.clickedButton()
    return buttons.index(clicked) if clicked in buttons else None


@contextmanager
def busy() -> Iterator[None]:
    """A wait cursor for the few synchronous steps that take a noticeable moment."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


def choose_save_path(
    parent: QWidget | None, caption: str, suggested: Path, name_filter: str
) -> Path | None:
    """Ask where to save a file. A dialog object (not the static helper) so tests can drive it
    like a person: find it, pick a file, accept."""
    from PySide6.QtWidgets import QFileDialog

    dialog = QFileDialog(parent, caption, str(suggested.parent), name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.selectFile(suggested.name)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


def monospace(scale: float = 1.0, bold: bool = False) -> QFont:
    """The system's fixed-width font at the application's text size (it follows 200 % text)."""
    from PySide6.QtGui import QFontDatabase

    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    base = QGuiApplication.font().pointSizeF()
    if base > 0:
        font.setPointSizeF(base * scale)
    font.setBold(bold)
    return font


def scaled(widget: QWidget, scale: float, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    return font


class JurisdictionPicker(QWidget):
    """One of the fourteen governments, or a municipality named by its user with its
    Statistics Canada census subdivision code (its stable identity, ``MUN-BC-5915004``).

    ``require_census_subdivision``: the set-up asks for the code (the key is bound to it);
    elsewhere a municipality may be named alone.

    Signals:
        changed(): the choice, the municipality's name or its code changed.
    """

    changed = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, require_census_subdivision: bool = False
    ) -> None:
        from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit

        super().__init__(parent)
        self.require_census_subdivision = require_census_subdivision
        self.combo = QComboBox()
        for j in GOVERNMENTS:
            self.combo.addItem("", j.code)
        self.combo.addItem("", MUNICIPALITY)
        self.name = QLineEdit()
        self.name.setMaxLength(120)
        self.csd = QLineEdit()
        self.csd.setMaxLength(9)  # seven digits, and room for stray spaces typed
        self.csd.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.csd_hint = QLabel()
        self.csd_hint.setWordWrap(True)
        self.combo_label = buddy(QLabel(), self.combo)
        self.name_label = buddy(QLabel(), self.name)
        self.csd_label = buddy(QLabel(), self.csd)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.addRow(self.combo_label, self.combo)
        self.form.addRow(self.name_label, self.name)
        self.form.addRow(self.csd_label, self.csd)
        self.form.addRow(self.csd_hint)  # the whole width: a narrow column wraps it thin
        self.combo.currentIndexChanged.connect(self._on_choice)
        self.name.textChanged.connect(self.changed)
        self.csd.textChanged.connect(self.changed)
        self.setFocusProxy(self.combo)
        self._on_choice()
        self.retranslate()

    def retranslate(self) -> None:
        self.combo_label.setText(_("&Jurisdiction:"))
        self.name_label.setText(_("&Municipality's name:"))
        self.name.setPlaceholderText(_("for example, Trois-Rivières"))
        self.csd_label.setText(_("&Census subdivision code:"))
        self.csd.setPlaceholderText(_("seven digits, for example 5915004"))
        self.csd_hint.setText(
            _(
                "Statistics Canada's code for your municipality (its Census Profile shows it). "
                "It identifies your municipality however its name is written."
            )
            if self.require_census_subdivision
            else _("Optional: Statistics Canada's code for the municipality.")
        )
        for index, j in enumerate(GOVERNMENTS):
            self.combo.setItemText(index, i18n.text(j.name))
        self.combo.setItemText(len(GOVERNMENTS), _("A municipality (name it below)"))

    def _on_choice(self) -> None:
        for row in (self.name, self.csd, self.csd_hint):
            self.form.setRowVisible(row, self.is_municipality)
        self.changed.emit()

    @property
    def is_municipality(self) -> bool:
        return bool(self.combo.currentData() == MUNICIPALITY)

    def set_jurisdiction(self, jurisdiction: Jurisdiction | None) -> None:
        if jurisdiction is None:
            return
        if jurisdiction.kind is Kind.MUNICIPALITY:
            self.combo.setCurrentIndex(self.combo.findData(MUNICIPALITY))
            self.name.setText(jurisdiction.name.en)
            self.csd.setText(census_subdivision_of(jurisdiction))
        elif (index := self.combo.findData(jurisdiction.code)) >= 0:
            self.combo.setCurrentIndex(index)

    def jurisdiction(self) -> Jurisdiction:
        """The jurisdiction chosen; raises the domain's InvalidInputError for a bad name or
        census subdivision code."""
        if self.is_municipality:
            if self.require_census_subdivision or self.csd.text().strip():
                return census_subdivision(self.name.text(), self.csd.text())
            return municipality(self.name.text())
        return government(str(self.combo.currentData()))
