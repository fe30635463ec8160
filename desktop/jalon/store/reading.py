"""The secretariat's read side as a repository: the consolidation's queries and the counts,
so that services ask the unit of work for what they need and never hold a SQLAlchemy
session themselves."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jalon.store import consolidation_queries as q
from jalon.store.exchange_repositories import generation
from jalon.store.models import AssessmentRevisionRow, SubmissionRow

FrameworkKey = tuple[str, str]


class ConsolidationRepository:
    """Reads over the imported submissions (see :mod:`jalon.store.consolidation_queries`)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def snapshot(self) -> None:
        """Make every later read in this unit of work see the same data, even while another
        secretariat member imports: one read transaction on SQLite (pysqlite opens none for
        SELECTs, so each would see the latest commit), REPEATABLE READ on a server."""
        if self.session.get_bind().dialect.name == "sqlite":
            self.session.connection().exec_driver_sql("BEGIN")
        else:  # asked for before the first statement, which fixes the transaction's level
            self.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})

    def generation(self) -> int:
        """The import generation as this transaction sees it: it goes up with every change
        to what the consolidation shows (an import, a revocation), whoever commits it; a
        value read after :meth:`snapshot` belongs to the same snapshot as the data."""
        return generation(self.session)

    def current(self, framework: FrameworkKey) -> q.Consolidation:
        """The submissions consolidated on ``framework`` (id, version), and their views."""
        return q.Consolidation(self.session, framework)

    def consolidated_ids(self, framework: FrameworkKey) -> set[int]:
        """The ids of the submissions consolidated on ``framework`` (id, version)."""
        return self.current(framework).ids()

    def all_submissions(self) -> list[q.SubmissionFacts]:
        """Every imported submission, every revision."""
        return q.all_submissions(self.session)

    def submissions_of(self, jurisdiction_code: str) -> list[q.SubmissionFacts]:
        """Every imported submission of one jurisdiction, oldest signature first."""
        return q.submissions_of(self.session, jurisdiction_code)

    def trend(self, jurisdiction_code: str) -> list[q.TrendRow]:
        """Every imported revision of one jurisdiction, oldest signature first, with its
        means."""
        return q.trend(self.session, jurisdiction_code)

    def signed_with(self, key_id: str) -> list[int]:
        return q.signed_with(self.session, key_id)

    def count_other_frameworks(self, framework: FrameworkKey) -> int:
        return q.count_other_frameworks(self.session, framework)

    def export_responses(self) -> list[q.ExportRow]:
        return q.export_responses(self.session)

    def export_answers(self) -> list[tuple[int, str, str]]:
        return q.export_answers(self.session)

    def missing_contents(self) -> list[int]:
        """Submissions without their rows in the dashboard's tables (see
        :func:`jalon.store.consolidation_queries.missing_contents`)."""
        return q.missing_contents(self.session)

    def count_assessments(self) -> int:
        """Assessments drafted here (each counted once, whatever its revisions)."""
        drafted = self.session.scalar(
            select(func.count(func.distinct(AssessmentRevisionRow.assessment_id)))
        )
        return int(drafted or 0)

    def count_submissions(self) -> int:
        """Submissions imported here, every revision."""
        return int(self.session.scalar(select(func.count()).select_from(SubmissionRow)) or 0)
