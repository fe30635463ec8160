"""The dashboard's queries: each view of the consolidation is one SQL statement.

Which submissions are consolidated is decided in SQL too (:func:`current_select`): the latest
revision of every assessment, then, per jurisdiction (or workshop group), the one signed last.
The rows of ``submission_responses`` (filled at import) of those submissions are read once
(:meth:`Consolidation.responses`): the heat map needs every one of them, so the dashboard
counts levels, options, gaps and completeness from those rows rather than asking the database
to read them twice more (issue 17).

Only standard SQL is used (window functions, CASE, CTEs), which SQLite and PostgreSQL share.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    Column,
    Float,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    and_,
    case,
    cast,
    exists,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.orm import Session

from jalon.core.consolidation import Section
from jalon.core.jurisdiction import Kind
from jalon.store.models import (
    SubmissionAnswerRow,
    SubmissionParticipantRow,
    SubmissionResponseRow,
    SubmissionRow,
    TrustedKeyRow,
)

S = SubmissionRow
R = SubmissionResponseRow
A = SubmissionAnswerRow
P = SubmissionParticipantRow

#: The section of a submission, as SQL: groups apart from jurisdictions.
SECTION = case(
    (S.jurisdiction_kind == Kind.GROUP.value, literal(Section.GROUPS.value)),
    else_=literal(Section.JURISDICTIONS.value),
)


#: The submissions consolidated, worked out once per read (see :class:`Consolidation`). A
#: temporary table: private to the connection, gone with the transaction, never migrated.
CURRENT = Table(
    "jalon_current_set",
    MetaData(),
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("section", String(16), nullable=False),
    prefixes=["TEMPORARY"],
)


def current_select(framework: tuple[str, str]) -> Select[Any]:
    """``(id, section)`` of the submission consolidated for each jurisdiction and group.

    The latest revision of each assessment (a replaced revision never counts), then for each
    jurisdiction code the one signed last (the higher id breaks a tie). Only submissions made
    with ``framework`` (id, version) are comparable, so only those are considered. Read from
    ``ix_submissions_consolidation`` alone.
    """
    per_assessment = (
        select(
            S.id,
            S.jurisdiction_code,
            S.signed_at,
            SECTION.label("section"),
            func.row_number()
            .over(partition_by=(S.jurisdiction_code, S.assessment_id), order_by=S.revision.desc())
            .label("newest"),
        )
        .where(S.framework_id == framework[0], S.framework_version == framework[1])
        .subquery("per_assessment")
    )
    per_jurisdiction = (
        select(
            per_assessment.c.id,
            per_assessment.c.section,
            func.row_number()
            .over(
                partition_by=per_assessment.c.jurisdiction_code,
                order_by=(per_assessment.c.signed_at.desc(), per_assessment.c.id.desc()),
            )
            .label("latest"),
        )
        .where(per_assessment.c.newest == 1)
        .subquery("per_jurisdiction")
    )
    return select(per_jurisdiction.c.id, per_jurisdiction.c.section).where(
        per_jurisdiction.c.latest == 1
    )


class SubmissionFacts(NamedTuple):
    id: int
    jurisdiction_code: str
    jurisdiction_kind: str
    jurisdiction_name_en: str
    jurisdiction_name_fr: str
    assessment_id: str
    title: str
    revision: int
    signer_name: str
    signer_title: str
    key_id: str
    signed_at: datetime
    imported_at: datetime
    package_sha256: str
    framework_version: str
    key_revoked: bool


_FACT_COLUMNS = (
    S.id,
    S.jurisdiction_code,
    S.jurisdiction_kind,
    S.jurisdiction_name_en,
    S.jurisdiction_name_fr,
    S.assessment_id,
    S.title,
    S.revision,
    S.signer_name,
    S.signer_title,
    S.key_id,
    S.signed_at,
    S.imported_at,
    S.package_sha256,
    S.framework_version,
)


def _facts_query() -> Any:
    revoked = (
        select(TrustedKeyRow.key_id)
        .where(TrustedKeyRow.key_id == S.key_id, TrustedKeyRow.revoked_at.is_not(None))
        .exists()
    )
    return select(*_FACT_COLUMNS, revoked.label("key_revoked"))


def _facts(rows: Sequence[Any]) -> list[SubmissionFacts]:
    return [SubmissionFacts._make((*row[:-1], bool(row[-1]))) for row in rows]


def all_submissions(session: Session) -> list[SubmissionFacts]:
    """Every imported submission, every revision, for the report's annex."""
    query = _facts_query().order_by(S.jurisdiction_code, S.signed_at, S.revision, S.id)
    return _facts(session.execute(query).all())


def submissions_of(session: Session, jurisdiction_code: str) -> list[SubmissionFacts]:
    query = (
        _facts_query()
        .where(S.jurisdiction_code == jurisdiction_code)
        .order_by(S.signed_at, S.revision, S.id)
    )
    return _facts(session.execute(query).all())


class Response(NamedTuple):
    """One theme of one consolidated submission, as imported."""

    submission_id: int
    theme_id: str
    current: int | None
    target: int | None
    priority: str | None
    role: str | None
    capacity: str | None


def cast_rows(rows: Sequence[Any]) -> Sequence[Response]:
    """Result rows as :class:`Response` for the type checker: the rows are already tuples of
    these fields in this order, and building 25,000 named tuples again costs more than the
    whole query."""
    return rows  # type: ignore[return-value]


class Consolidation:
    """The consolidation's queries over one session, for one framework.

    Creating it works out which submissions are consolidated, once, into a temporary table
    that every query below joins: each view is then one statement over the rows of
    ``submission_responses`` it needs, read from a covering index.
    """

    def __init__(self, session: Session, framework: tuple[str, str]) -> None:
        self.session = session
        self.framework = framework
        self._submissions: list[SubmissionFacts] | None = None
        # Core execution on the session's connection: these rows are plain values, and the
        # ORM's result processing would cost more than the queries themselves.
        self.connection = connection = session.connection()
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {CURRENT.name}")
        CURRENT.create(connection)
        connection.execute(
            insert(CURRENT).from_select(["id", "section"], current_select(framework))
        )

    def ids(self) -> set[int]:
        return set(self.connection.scalars(select(CURRENT.c.id)))

    def submissions(self) -> list[SubmissionFacts]:
        """The facts of every consolidated submission (no answers, no bytes); read once per
        consolidation (one snapshot), however many views ask."""
        if self._submissions is None:
            query = _facts_query().join(CURRENT, CURRENT.c.id == S.id)
            self._submissions = _facts(self.connection.execute(query).all())
        return list(self._submissions)

    def heat_cells(self) -> list[tuple[int, str, int | None, int | None]]:
        """``(submission id, theme id, current, target)`` of every consolidated submission."""
        query = select(R.submission_id, R.theme_id, R.current, R.target).join(
            CURRENT, CURRENT.c.id == R.submission_id
        )
        # fetchall: one call into the driver, not one per row (25,000 rows at 5,000
        # submissions).
        return [(r[0], r[1], r[2], r[3]) for r in self.connection.execute(query).all()]

    def responses(self) -> Sequence[Response]:
        """Every theme of every consolidated submission, read once (from the covering index
        ``ix_submission_responses_levels``), one submission's rows together: the dashboard
        draws its heat map, counts its levels, options and gaps, and counts what each
        submission answered from these rows, rather than reading them again for each view."""
        # IN (the set), not a join: the database then looks up the consolidated submissions'
        # rows by index instead of reading every row of every revision.
        query = select(
            R.submission_id, R.theme_id, R.current, R.target, R.priority, R.role, R.capacity
        ).where(R.submission_id.in_(select(CURRENT.c.id)))
        return cast_rows(self.connection.execute(query).all())

    def questions_and_participants(
        self, question_ids: Collection[str]
    ) -> list[tuple[int, int, bool]]:
        """``(submission id, questions answered among question_ids, a participant named)``
        for every consolidated submission (blank answers and blank participants were never
        stored)."""
        answered = (
            select(func.count())
            .where(A.submission_id == CURRENT.c.id, A.question_id.in_(list(question_ids)))
            .scalar_subquery()
        )
        named = exists().where(P.submission_id == CURRENT.c.id)
        query = select(CURRENT.c.id, answered, named)
        return [(r[0], int(r[1]), bool(r[2])) for r in self.connection.execute(query).all()]

    def answers(
        self, jurisdiction_codes: Collection[str] | None = None
    ) -> list[tuple[int, str, str]]:
        """``(submission id, question id, text)`` of the consolidated submissions (only those
        of ``jurisdiction_codes`` when given)."""
        query = select(A.submission_id, A.question_id, A.text).join(
            CURRENT, CURRENT.c.id == A.submission_id
        )
        if jurisdiction_codes is not None:
            query = query.join(S, S.id == A.submission_id).where(
                S.jurisdiction_code.in_(list(jurisdiction_codes))
            )
        return [(r[0], r[1], r[2]) for r in self.connection.execute(query)]


class TrendRow(NamedTuple):
    submission_id: int
    assessment_id: str
    revision: int
    signed_at: datetime
    scored: int
    mean_current: float | None
    mean_target: float | None


def trend(session: Session, jurisdiction_code: str) -> list[TrendRow]:
    """Every imported revision of one jurisdiction, oldest signature first, with its means."""
    both = and_(R.current.is_not(None), R.target.is_not(None))
    query = (
        select(
            S.id,
            S.assessment_id,
            S.revision,
            S.signed_at,
            func.sum(case((both, 1), else_=0)),
            func.avg(case((both, cast(R.current, Float)))),
            func.avg(case((both, cast(R.target, Float)))),
        )
        .join(R, R.submission_id == S.id, isouter=True)
        .where(S.jurisdiction_code == jurisdiction_code)
        .group_by(S.id, S.assessment_id, S.revision, S.signed_at)
        .order_by(S.signed_at, S.revision, S.id)
    )
    return [
        TrendRow(
            r[0],
            r[1],
            r[2],
            r[3],
            int(r[4] or 0),
            None if r[5] is None else float(r[5]),
            None if r[6] is None else float(r[6]),
        )
        for r in session.execute(query)
    ]


def count_other_frameworks(session: Session, framework: tuple[str, str]) -> int:
    return int(
        session.scalar(
            select(func.count()).where(
                (S.framework_id != framework[0]) | (S.framework_version != framework[1])
            )
        )
        or 0
    )


def signed_with(session: Session, key_id: str) -> list[int]:
    """The ids of the submissions whose package was signed with ``key_id``."""
    return list(session.scalars(select(S.id).where(S.key_id == key_id).order_by(S.id)))


# -- data for analysts ------------------------------------------------------------------------


class ExportRow(NamedTuple):
    submission_id: int
    theme_id: str
    position: int
    current: int | None
    target: int | None
    priority: str | None
    role: str | None
    capacity: str | None
    comment: str
    evidence: str


def export_responses(session: Session) -> list[ExportRow]:
    """Every theme of every imported submission, in submission then framework order."""
    query = select(
        R.submission_id,
        R.theme_id,
        R.position,
        R.current,
        R.target,
        R.priority,
        R.role,
        R.capacity,
        R.comment,
        R.evidence,
    ).order_by(R.submission_id, R.position)
    return [ExportRow._make(r) for r in session.execute(query)]


def export_answers(session: Session) -> list[tuple[int, str, str]]:
    query = select(A.submission_id, A.question_id, A.text).order_by(A.submission_id, A.question_id)
    return [(r[0], r[1], r[2]) for r in session.execute(query)]


def missing_contents(session: Session) -> list[int]:
    """Submissions without their rows in ``submission_responses`` (none, normally: import
    writes them, and migration 0002 filled them for older submissions)."""
    query = select(S.id).where(~exists().where(R.submission_id == S.id)).order_by(S.id)
    return list(session.scalars(query))
