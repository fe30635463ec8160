"""What an installation holds, in counts: which of the desktop app's two workspaces (a
jurisdiction's assessments, the secretariat's submissions) a person most likely wants first.

Counting only: a data folder with 5,000 submissions answers without reading one of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from jalon.services.app import Jalon
from jalon.store.models import AssessmentRevisionRow, SubmissionRow


@dataclass(frozen=True, slots=True)
class Holdings:
    """How many assessments (drafted here) and submissions (imported here) the store holds."""

    assessments: int
    submissions: int

    @property
    def only_submissions(self) -> bool:
        """A secretariat's store: submissions imported, no assessment of its own."""
        return self.submissions > 0 and self.assessments == 0


def holdings(app: Jalon) -> Holdings:
    with app.uow() as uow:
        session = uow.session
        drafted = session.scalar(
            select(func.count(func.distinct(AssessmentRevisionRow.assessment_id)))
        )
        imported = session.scalar(select(func.count()).select_from(SubmissionRow))
    return Holdings(assessments=int(drafted or 0), submissions=int(imported or 0))
