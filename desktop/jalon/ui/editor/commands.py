"""Undoable edits: one command per change a person makes, pushed on the editor's QUndoStack.

A command applies its change to the :class:`EditedAssessment` (which the autosaver then
writes), so every undo and redo is saved like any other edit. Undoing shows the page the
change was made on, so nothing changes out of sight.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from jalon.core import assessment as am
from jalon.core.errors import N_, Message
from jalon.ui.editor.document import PARTICIPANTS, QUESTIONS, EditedAssessment

Reveal = Callable[[str], None]

# Ids for QUndoCommand.mergeWith: consecutive keystrokes in one field merge into one undo step.
_MERGE_RESPONSE_TEXT = 1
_MERGE_ANSWER = 2

_FIELD_CHANGES = {
    "current": N_("Change the current maturity level"),
    "target": N_("Change the target maturity level"),
    "priority": N_("Change the priority"),
    "role": N_("Change the role of the Joint Councils"),
    "capacity": N_("Change the capacity to deliver"),
    "comment": N_("Edit the comment"),
    "evidence": N_("Edit the evidence"),
}


class EditCommand(QUndoCommand):
    """A change that knows its page and how to describe itself in the current language."""

    def __init__(
        self,
        document: EditedAssessment,
        page: str,
        reveal: Reveal,
        proposed: am.Assessment | None = None,
    ) -> None:
        super().__init__()
        self.document = document
        self.page = page
        self._reveal = reveal
        self._done_once = False
        #: The assessment with this change, already checked when the command was made.
        self._proposed = proposed

    def description(self) -> Message:
        raise NotImplementedError

    def apply(self, value: Any) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if self._done_once:
            self._reveal(self.page)
        elif self._proposed is not None:
            self._done_once = True
            self.document.adopt(self._proposed, self.page)
            self._proposed = None
            return
        self._done_once = True
        self.apply(self.new)

    def undo(self) -> None:
        self._reveal(self.page)
        self.apply(self.old)

    old: Any
    new: Any


class SetResponseField(EditCommand):
    """One field of one theme's response: a level, an option, or a text (typing merges)."""

    def __init__(
        self,
        document: EditedAssessment,
        reveal: Reveal,
        theme_id: str,
        name: str,
        old: Any,
        new: Any,
        proposed: am.Assessment | None = None,
    ) -> None:
        super().__init__(document, theme_id, reveal, proposed)
        self.theme_id = theme_id
        self.name = name
        self.old = old
        self.new = new

    def description(self) -> Message:
        return Message(_FIELD_CHANGES[self.name])

    def apply(self, value: Any) -> None:
        self.document.set_response(self.theme_id, self.name, value)

    def id(self) -> int:
        return _MERGE_RESPONSE_TEXT if self.name in am.RESPONSE_TEXT_FIELDS else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, SetResponseField)
            and other.theme_id == self.theme_id
            and other.name == self.name
        ):
            return False
        self.new = other.new
        self.setObsolete(self.new == self.old)
        return True


class SetAnswer(EditCommand):
    """The answer to one workshop question (typing merges into one step)."""

    def __init__(
        self,
        document: EditedAssessment,
        reveal: Reveal,
        question_id: str,
        old: str,
        new: str,
        proposed: am.Assessment | None = None,
    ) -> None:
        super().__init__(document, QUESTIONS, reveal, proposed)
        self.question_id = question_id
        self.old = old
        self.new = new

    def description(self) -> Message:
        number = self.document.framework.question(self.question_id).number
        return Message(N_("Edit the answer to question {number}"), {"number": number})

    def apply(self, value: Any) -> None:
        self.document.set_answer(self.question_id, value)

    def id(self) -> int:
        return _MERGE_ANSWER

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, SetAnswer) and other.question_id == self.question_id):
            return False
        self.new = other.new
        self.setObsolete(self.new == self.old)
        return True


class SetParticipants(EditCommand):
    """The whole list of participants after an add, a removal, a move or a cell edit."""

    def __init__(
        self,
        document: EditedAssessment,
        reveal: Reveal,
        old: tuple[am.Participant, ...],
        new: tuple[am.Participant, ...],
        what: str,
        proposed: am.Assessment | None = None,
    ) -> None:
        super().__init__(document, PARTICIPANTS, reveal, proposed)
        self.old = old
        self.new = new
        self._what = what

    def description(self) -> Message:
        return Message(self._what)

    def apply(self, value: Any) -> None:
        self.document.set_participants(value)


#: What a participants command is called in the undo button's tooltip.
PARTICIPANT_EDITS = {
    "add": N_("Add a participant"),
    "remove": N_("Remove a participant"),
    "move": N_("Move a participant"),
    "edit": N_("Edit a participant"),
}
