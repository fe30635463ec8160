"""The assessment being edited, held in memory between the widgets and the store.

Every edit goes through here, built with the domain's edit functions (which check the
values); the autosaver writes the result to the store and the pages redraw from it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from jalon.core import assessment as am
from jalon.core.framework import Framework

#: Page keys that are not theme ids.
PARTICIPANTS = "participants"
QUESTIONS = "questions"
SUMMARY = "summary"


class EditedAssessment(QObject):
    """One revision of one assessment under edit.

    Signals:
        changed(str): the assessment changed; the argument is the key of the page the change
            belongs to (a theme id, ``participants`` or ``questions``).
        replaced(): a different revision was loaded (a new revision was started).
    """

    changed = Signal(str)
    replaced = Signal()

    def __init__(self, assessment: am.Assessment, framework: Framework) -> None:
        super().__init__()
        self.assessment = assessment
        self.framework = framework

    @property
    def read_only(self) -> bool:
        return self.assessment.is_frozen

    def replace(self, assessment: am.Assessment, framework: Framework) -> None:
        self.assessment = assessment
        self.framework = framework
        self.replaced.emit()

    # An edit is checked once, by the domain's edit function, before its command is pushed:
    # a refused value raises JalonError and never reaches the undo stack; an accepted one is
    # adopted as it is (the command's first redo does not check it again).
    def propose_response(self, theme_id: str, name: str, value: Any) -> am.Assessment:
        return am.with_response(self.assessment, self.framework, theme_id, **{name: value})

    def propose_answer(self, question_id: str, text: str) -> am.Assessment:
        return am.with_answer(self.assessment, self.framework, question_id, text)

    def propose_participants(self, people: tuple[am.Participant, ...]) -> am.Assessment:
        return am.with_participants(self.assessment, people)

    def adopt(self, proposed: am.Assessment, key: str) -> None:
        """Take an edit made by one of the ``propose_*`` above; ``key`` names its page."""
        self.assessment = proposed
        self.changed.emit(key)

    def set_response(self, theme_id: str, name: str, value: Any) -> None:
        self.assessment = am.with_response(
            self.assessment, self.framework, theme_id, **{name: value}
        )
        self.changed.emit(theme_id)

    def set_answer(self, question_id: str, text: str) -> None:
        self.assessment = am.with_answer(self.assessment, self.framework, question_id, text)
        self.changed.emit(QUESTIONS)

    def set_participants(self, people: tuple[am.Participant, ...]) -> None:
        self.assessment = am.with_participants(self.assessment, people)
        self.changed.emit(PARTICIPANTS)
