"""The dialog that starts a new assessment: its title and the jurisdiction it speaks for."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from jalon.core.assessment import MAX_TITLE, Assessment
from jalon.core.errors import JalonError
from jalon.i18n import _, describe
from jalon.services import assessments, identity
from jalon.services.app import Jalon
from jalon.ui.bridge import bridge
from jalon.ui.widgets import JurisdictionPicker, buddy, error_label, show_inline_error


class NewAssessmentDialog(QDialog):
    """Asks for a title and a jurisdiction (by default the installation's own), then creates
    the draft. ``created`` holds it once the dialog is accepted; a refusal is shown in the
    dialog, which stays open."""

    def __init__(self, app: Jalon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self.created: Assessment | None = None

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.title = QLineEdit()
        self.title.setMaxLength(MAX_TITLE)
        self.title_label = buddy(QLabel(), self.title)
        self.picker = JurisdictionPicker()
        who = identity.get_identity(app)
        self.picker.set_jurisdiction(who.jurisdiction if who else None)
        self.error = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        # The title joins the picker's form, so all the labels line up in one column.
        self.picker.form.insertRow(0, self.title_label, self.title)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(self.intro)
        layout.addWidget(self.picker)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.title.textChanged.connect(lambda _text: show_inline_error(self.error, ""))
        self.picker.changed.connect(lambda: show_inline_error(self.error, ""))
        bridge().language_changed.connect(self.retranslate)
        self.retranslate()
        QWidget.setTabOrder(self.title, self.picker.combo)
        QWidget.setTabOrder(self.picker.combo, self.picker.name)
        QWidget.setTabOrder(self.picker.name, self.buttons)
        self.title.setFocus()
        # A width in characters, so the dialog grows with the text size; the layout's
        # constraint then lets it grow taller when an error appears.
        self.intro.setMinimumWidth(self.fontMetrics().averageCharWidth() * 75)

    def retranslate(self) -> None:
        self.setWindowTitle(_("New assessment"))
        self.intro.setText(
            _(
                "Give the assessment a short title that your colleagues will recognise, and "
                "choose the government or municipality it speaks for."
            )
        )
        self.title_label.setText(_("&Title:"))
        self.title.setPlaceholderText(_("for example, Digital strategy 2026"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("C&reate"))
        self.picker.retranslate()

    def accept(self) -> None:
        try:
            self.created = assessments.create(
                self._app, self.picker.jurisdiction(), self.title.text()
            )
        except JalonError as error:
            show_inline_error(self.error, describe(error))
            self.adjustSize()  # room for the wrapped message, without squeezing the fields
            return
        super().accept()
