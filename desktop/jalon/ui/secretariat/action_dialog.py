"""The form of an action: theme, description, owner, due date (or none) and status.

The dialog does not decide what is valid: it hands the values to ``submit`` (a service call)
and shows the refusal, if any, under the form, keeping what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jalon.core.actions import MAX_OWNER, STATUS_LABELS, Action, ActionStatus
from jalon.core.errors import JalonError
from jalon.core.framework import Framework
from jalon.i18n import _, describe, text
from jalon.ui.editor.navigator import theme_title
from jalon.ui.plain_text import PlainLabel
from jalon.ui.widgets import error_label, show_inline_error


@dataclass(frozen=True, slots=True)
class ActionValues:
    theme_id: str
    description: str
    owner: str
    due_date: date | None
    status: ActionStatus


class ActionDialog(QDialog):
    """Adds an action (``action`` is None) or edits one; accepted once ``submit`` succeeded."""

    def __init__(
        self,
        framework: Framework,
        submit: Callable[[ActionValues], object],
        action: Action | None = None,
        theme_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._submit = submit
        self._editing = action is not None
        self.result_value: object = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        self.theme = QComboBox(self)
        for theme in framework.themes:
            self.theme.addItem(theme_title(theme.number, text(theme.name)), theme.id)
        self.description = QPlainTextEdit(self)
        self.description.setTabChangesFocus(True)
        self.description.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        self.owner = QLineEdit(self)
        self.owner.setMaxLength(MAX_OWNER)
        self.due = QDateEdit(self)
        self.due.setCalendarPopup(True)
        self.due.setDate(QDate.currentDate().addMonths(3))
        self.no_date = QCheckBox(self)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due)
        due_row.addWidget(self.no_date)
        due_row.addStretch(1)
        self.status = QComboBox(self)
        for status in ActionStatus:
            self.status.addItem("", status.value)

        self._labels = {
            name: PlainLabel("", self)
            for name in ("theme", "description", "owner", "due", "status")
        }
        for name, widget in (
            ("theme", self.theme),
            ("description", self.description),
            ("owner", self.owner),
            ("due", self.due),
            ("status", self.status),
        ):
            self._labels[name].setBuddy(widget)
        form.addRow(self._labels["theme"], self.theme)
        form.addRow(self._labels["description"], self.description)
        form.addRow(self._labels["owner"], self.owner)
        form.addRow(self._labels["due"], due_row)
        form.addRow(self._labels["status"], self.status)
        self.error = error_label()
        self.buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(self)
        self.save_button.setDefault(True)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.no_date.toggled.connect(lambda checked: self.due.setEnabled(not checked))

        if action is not None:
            self._select(self.theme, action.theme_id)
            self.description.setPlainText(action.description)
            self.owner.setText(action.owner)
            if action.due_date is None:
                self.no_date.setChecked(True)
            else:
                self.due.setDate(
                    QDate(action.due_date.year, action.due_date.month, action.due_date.day)
                )
            self._select(self.status, action.status.value)
        else:
            if theme_id:
                self._select(self.theme, theme_id)
            self.no_date.setChecked(True)
        self.retranslate()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 36)
        self.resize(self.fontMetrics().horizontalAdvance("M") * 45, self.sizeHint().height())

    @staticmethod
    def _select(combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)

    def values(self) -> ActionValues:
        due = None
        if not self.no_date.isChecked():
            d = self.due.date()
            due = date(d.year(), d.month(), d.day())
        return ActionValues(
            theme_id=str(self.theme.currentData()),
            description=self.description.toPlainText(),
            owner=self.owner.text(),
            due_date=due,
            status=ActionStatus(str(self.status.currentData())),
        )

    def accept(self) -> None:
        try:
            self.result_value = self._submit(self.values())
        except JalonError as error:
            show_inline_error(self.error, describe(error))
            self.description.setFocus()
            return
        super().accept()

    def retranslate(self) -> None:
        title = _("Edit the action") if self._editing else _("Add an action")
        self.setWindowTitle(title)
        self._labels["theme"].setText(_("&Theme:"))
        self._labels["description"].setText(_("&What is to be done:"))
        self._labels["owner"].setText(_("&Who carries it:"))
        self._labels["due"].setText(_("&Due date:"))
        self._labels["status"].setText(_("&Status:"))
        self.owner.setPlaceholderText(_("A person, a team or a jurisdiction (optional)"))
        self.no_date.setText(_("&No due date"))
        self.due.setAccessibleName(_("Due date"))
        for index in range(self.status.count()):
            status = ActionStatus(str(self.status.itemData(index)))
            self.status.setItemText(index, _(STATUS_LABELS[status]))
        self.save_button.setText(_("&Save the changes") if self._editing else _("&Add the action"))
        self.cancel_button.setText(_("Cancel"))
