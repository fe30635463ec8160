"""The participants as an editable Qt table model over the edited assessment.

The model never changes the list itself: an edit is reported through ``edit_requested`` and
comes back through :meth:`ParticipantsModel.set_participants` once the undoable command has
applied it, so undo, autosave and the view all see one source of truth.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from jalon.core import assessment as am
from jalon.i18n import _
from jalon.ui.plain_text import screen_text

COLUMNS = ("name", "title", "organization")
Index = QModelIndex | QPersistentModelIndex


class ParticipantsModel(QAbstractTableModel):
    """Rows are participants; columns are name, title and organization.

    Signals:
        edit_requested(object, str): the list as it should become (a tuple of Participant)
            and what was done (``edit``).
    """

    edit_requested = Signal(object, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._people: tuple[am.Participant, ...] = ()
        self._read_only = False

    @property
    def participants(self) -> tuple[am.Participant, ...]:
        return self._people

    def set_participants(self, people: tuple[am.Participant, ...]) -> None:
        """Show ``people``, signalling only what changed so editing and selection survive."""
        old = self._people
        if len(people) == len(old):
            self._people = people
            for row, (before, after) in enumerate(zip(old, people, strict=True)):
                if before != after:
                    self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
            return
        self.beginResetModel()
        self._people = people
        self.endResetModel()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._people)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = getattr(self._people[index.row()], COLUMNS[index.column()])
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.DisplayRole:
            return screen_text(value)  # a submission's participants are the sender's text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return screen_text(value) or _("(empty)")
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return (_("Name"), _("Title"), _("Organization"))[section]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self._read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self._read_only:
            return False
        clean = " ".join(str(value).split())
        row = index.row()
        person = self._people[row]
        name = COLUMNS[index.column()]
        if getattr(person, name) == clean:
            return False
        people = list(self._people)
        people[row] = replace(person, **{name: clean})
        self.edit_requested.emit(tuple(people), "edit")
        return True
