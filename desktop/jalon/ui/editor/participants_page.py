"""The people who took part: an editable table with add, remove and move up / down."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jalon.core import assessment as am
from jalon.i18n import _
from jalon.ui.editor.participants_model import ParticipantsModel
from jalon.ui.editor.widgets import heading, wrapped_label


class ParticipantsPage(QWidget):
    """Lists the participants; every change is reported as the whole new list.

    Signals:
        edit_requested(object, str): the new tuple of participants and what was done
            (``add``, ``remove``, ``move`` or ``edit``).
    """

    edit_requested = Signal(object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ParticipantsModel(self)
        self.model.edit_requested.connect(self.edit_requested)
        layout = QVBoxLayout(self)
        self._title = heading(1, self)
        self._intro = wrapped_label("", self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(self.fontMetrics().lineSpacing() * 12)
        self._hint = wrapped_label("", self)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self)
        self.remove_button = QPushButton(self)
        self.up_button = QPushButton(self)
        self.down_button = QPushButton(self)
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for widget in (self._title, self._intro, self.table, self._hint):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(+1))
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._read_only = False
        self.retranslate()

    def show_participants(self, people: tuple[am.Participant, ...]) -> None:
        self.model.set_participants(people)
        self._update_buttons()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.model.set_read_only(read_only)
        self._update_buttons()

    def first_input(self) -> QWidget:
        return self.table if self.model.rowCount() else self.add_button

    def current_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._update_buttons()

    def add(self) -> None:
        people = (*self.model.participants, am.Participant(""))
        self.edit_requested.emit(people, "add")
        row = len(people) - 1
        if self.model.rowCount() == len(people):
            self.select_row(row)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            self.table.edit(self.model.index(row, 0))

    def remove(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        people = list(self.model.participants)
        del people[row]
        self.edit_requested.emit(tuple(people), "remove")
        self.select_row(min(row, len(people) - 1))

    def move_selected(self, step: int) -> None:
        """Move the selected participant ``step`` rows (-1 up, +1 down)."""
        row = self.current_row()
        other = row + step
        people = list(self.model.participants)
        if row < 0 or not 0 <= other < len(people):
            return
        people[row], people[other] = people[other], people[row]
        self.edit_requested.emit(tuple(people), "move")
        self.select_row(other)

    def _update_buttons(self, *_args: object) -> None:
        row = self.current_row()
        count = self.model.rowCount()
        editable = not self._read_only
        self.add_button.setEnabled(editable and count < am.MAX_PARTICIPANTS)
        self.remove_button.setEnabled(editable and row >= 0)
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and 0 <= row < count - 1)

    def retranslate(self) -> None:
        self._title.setText(_("Participants"))
        self._intro.setText(
            _(
                "The people who took part in this assessment. The workshop works in groups of "
                "four; list everyone whose views the answers reflect."
            )
        )
        self._hint.setText(
            _(
                "To edit a cell, select it and start typing, or press F2. Enter keeps the "
                "change; Escape cancels it."
            )
        )
        self.table.setAccessibleName(_("Participants"))
        self.add_button.setText(_("Add a participant"))
        self.remove_button.setText(_("Remove"))
        self.up_button.setText(_("Move up"))
        self.down_button.setText(_("Move down"))
        self.remove_button.setToolTip(_("Remove the selected participant"))
        self.up_button.setToolTip(_("Move the selected participant up the list"))
        self.down_button.setToolTip(_("Move the selected participant down the list"))
        self.model.retranslate()
