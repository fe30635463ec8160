"""The dialog that starts a new assessment: its title and the jurisdiction it speaks for."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from jalon import i18n
from jalon.core.assessment import MAX_TITLE, Assessment
from jalon.core.errors import JalonError
from jalon.core.jurisdiction import Jurisdiction
from jalon.i18n import _, describe
from jalon.services import assessments, identity
from jalon.services.app import Jalon
from jalon.ui.bridge import bridge
from jalon.ui.plain_text import PlainLabel
from jalon.ui.widgets import JurisdictionPicker, buddy, error_label, show_inline_error


class NewAssessmentDialog(QDialog):
    """Asks for a title and a jurisdiction, then creates the draft. ``created`` holds it once
    the dialog is accepted; a refusal is shown in the dialog, which stays open.

    An installation that signs for a jurisdiction shows that jurisdiction as fixed text
    (``picker`` is None, ``jurisdiction_value`` names it): its key signs for no other. A
    secretariat's installation (no identity) chooses the jurisdiction with ``picker``."""

    def __init__(self, app: Jalon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self.created: Assessment | None = None
        who = identity.get_identity(app)
        self.own: Jurisdiction | None = who.jurisdiction if who else None

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.title = QLineEdit()
        self.title.setMaxLength(MAX_TITLE)
        self.title_label = buddy(QLabel(), self.title)
        self.error = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        self.picker: JurisdictionPicker | None = None
        self.jurisdiction_label: QLabel | None = None
        self.jurisdiction_value: QLabel | None = None
        if self.own is None:
            self.picker = JurisdictionPicker()
            # The title joins the picker's form, so all the labels line up in one column.
            self.picker.form.insertRow(0, self.title_label, self.title)
            fields: QWidget = self.picker
        else:
            fields = QWidget()
            form = QFormLayout(fields)
            form.setContentsMargins(0, 0, 0, 0)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
            self.jurisdiction_label = QLabel()
            self.jurisdiction_value = PlainLabel()
            self.jurisdiction_value.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
            )
            form.addRow(self.title_label, self.title)
            form.addRow(self.jurisdiction_label, self.jurisdiction_value)

        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(self.intro)
        layout.addWidget(fields)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.title.textChanged.connect(lambda _text: show_inline_error(self.error, ""))
        if self.picker is not None:
            self.picker.changed.connect(lambda: show_inline_error(self.error, ""))
        bridge().language_changed.connect(self.retranslate)
        self.retranslate()
        if self.picker is not None:
            QWidget.setTabOrder(self.title, self.picker.combo)
            QWidget.setTabOrder(self.picker.combo, self.picker.name)
            QWidget.setTabOrder(self.picker.name, self.buttons)
        else:
            QWidget.setTabOrder(self.title, self.buttons)
        self.title.setFocus()
        # A width in characters, so the dialog grows with the text size; the layout's
        # constraint then lets it grow taller when an error appears.
        self.intro.setMinimumWidth(self.fontMetrics().averageCharWidth() * 75)

    def retranslate(self) -> None:
        self.setWindowTitle(_("New assessment"))
        self.title_label.setText(_("&Title:"))
        self.title.setPlaceholderText(_("for example, Digital strategy 2026"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("C&reate"))
        if self.picker is not None:
            self.intro.setText(
                _(
                    "Give the assessment a short title that your colleagues will recognise, "
                    "and choose the government or municipality it speaks for."
                )
            )
            self.picker.retranslate()
            return
        assert self.own is not None
        assert self.jurisdiction_label is not None
        assert self.jurisdiction_value is not None
        self.intro.setText(
            _(
                "Give the assessment a short title that your colleagues will recognise. It "
                "speaks for the jurisdiction this installation signs for: its key signs for "
                "no other."
            )
        )
        self.jurisdiction_label.setText(_("Jurisdiction:"))
        self.jurisdiction_value.setText(i18n.text(self.own.name))
        self.jurisdiction_value.setAccessibleName(_("Jurisdiction"))

    def jurisdiction(self) -> Jurisdiction:
        """The jurisdiction the new assessment is for: the installation's own, or the one
        chosen (raises :class:`JalonError` for an incomplete municipality)."""
        if self.picker is None:
            assert self.own is not None
            return self.own
        return self.picker.jurisdiction()

    def accept(self) -> None:
        try:
            self.created = assessments.create(self._app, self.jurisdiction(), self.title.text())
        except JalonError as error:
            show_inline_error(self.error, describe(error))
            self.adjustSize()  # room for the wrapped message, without squeezing the fields
            return
        super().accept()
