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

    # Checks raise the domain's JalonError before a command is pushed, so a refused value
    # never reaches the undo stack.
    def check_response(self, theme_id: str, name: str, value: Any) -> None:
        am.with_response(self.assessment, self.framework, theme_id, **{name: value})

    def check_answer(self, question_id: str, text: str) -> None:
        am.with_answer(self.assessment, self.framework, question_id, text)

    def check_participants(self, people: tuple[am.Participant, ...]) -> None:
        am.with_participants(self.assessment, people)

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
