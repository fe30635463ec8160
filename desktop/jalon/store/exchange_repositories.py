"""The secretariat's side of the store: the trust store and the imported submissions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Table, func, insert, select, text, update
from sqlalchemy.orm import Session

from jalon.core.assessment import Assessment
from jalon.core.consolidation import SubmissionInfo
from jalon.core.errors import N_, NotFoundError
from jalon.core.jurisdiction import Jurisdiction
from jalon.store.mapping import jurisdiction_of
from jalon.store.models import (
    GenerationRow,
    SubmissionAnswerRow,
    SubmissionParticipantRow,
    SubmissionResponseRow,
    SubmissionRow,
    TrustedKeyRow,
    TrustEventRow,
)


@dataclass(frozen=True, slots=True)
class TrustedKey:
    """An enrolled key: whose it is, which jurisdiction it may sign for, and its state."""

    key_id: str
    public_key: bytes
    certificate_pem: str
    jurisdiction: Jurisdiction
    signer_name: str
    signer_title: str
    enrolled_at: datetime
    enrolled_by: str
    revoked_at: datetime | None
    revoked_by: str | None
    revoke_reason: str | None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


@dataclass(frozen=True, slots=True)
class TrustEvent:
    at: datetime
    actor: str
    action: str
    key_id: str
    jurisdiction_code: str
    detail: str


def _key(row: TrustedKeyRow) -> TrustedKey:
    return TrustedKey(
        key_id=row.key_id,
        public_key=row.public_key,
        certificate_pem=row.certificate_pem,
        jurisdiction=jurisdiction_of(row),
        signer_name=row.signer_name,
        signer_title=row.signer_title,
        enrolled_at=row.enrolled_at,
        enrolled_by=row.enrolled_by,
        revoked_at=row.revoked_at,
        revoked_by=row.revoked_by,
        revoke_reason=row.revoke_reason,
    )


class TrustRepository:
    """Enrolled signer keys and the history of enrolments and revocations.

    ``changed``: a key was revoked in this transaction (the dashboard marks its submissions).
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.changed = False

    def get(self, key_id: str, *, fresh: bool = False) -> TrustedKey | None:
        """The key, or None; ``fresh`` reads it again from the database (what another
        process committed meanwhile) instead of this session's copy."""
        row = self.session.get(TrustedKeyRow, key_id, populate_existing=fresh)
        return _key(row) if row else None

    def require(self, key_id: str, *, fresh: bool = False) -> TrustedKey:
        found = self.get(key_id, fresh=fresh)
        if found is None:
            raise NotFoundError(
                N_(
                    "No enrolled key has the id {key_id}. Run 'jalon keys list' to see the "
                    "enrolled keys."
                ),
                key_id=key_id,
            )
        return found

    def find(self, prefix: str) -> list[TrustedKey]:
        """Keys whose id starts with ``prefix`` (fingerprint spaces ignored, any case)."""
        clean = prefix.replace(" ", "").lower()
        rows = self.session.scalars(
            select(TrustedKeyRow)
            .where(TrustedKeyRow.key_id.startswith(clean, autoescape=True))
            .order_by(TrustedKeyRow.key_id)
            .limit(2)
        ).all()
        return [_key(r) for r in rows]

    def all(self) -> list[TrustedKey]:
        rows = self.session.scalars(
            select(TrustedKeyRow).order_by(
                TrustedKeyRow.jurisdiction_code, TrustedKeyRow.enrolled_at
            )
        ).all()
        return [_key(r) for r in rows]

    def enroll(
        self,
        *,
        key_id: str,
        public_key: bytes,
        certificate_pem: str,
        jurisdiction: Jurisdiction,
        signer_name: str,
        signer_title: str,
        actor: str,
        at: datetime,
    ) -> None:
        self.session.add(
            TrustedKeyRow(
                key_id=key_id,
                public_key=public_key,
                certificate_pem=certificate_pem,
                jurisdiction_code=jurisdiction.code,
                jurisdiction_kind=jurisdiction.kind.value,
                jurisdiction_name_en=jurisdiction.name.en,
                jurisdiction_name_fr=jurisdiction.name.fr,
                signer_name=signer_name,
                signer_title=signer_title,
                enrolled_at=at,
                enrolled_by=actor,
            )
        )
        self._event(at, actor, "enroll", key_id, jurisdiction.code, signer_name)

    def revoke(self, key_id: str, *, reason: str, actor: str, at: datetime) -> bool:
        """Revoke the key if it is still active: True, with an event recorded; False when it
        was revoked already (by another process a moment ago, say), and nothing is written.

        One conditional UPDATE decides: of two transactions revoking the same key at once, the
        second waits for the first's row lock, then finds the key revoked and changes nothing.
        """
        code = self.session.scalar(
            select(TrustedKeyRow.jurisdiction_code).where(TrustedKeyRow.key_id == key_id)
        )
        if code is None:
            self.require(key_id)
        changed = self.session.execute(
            update(TrustedKeyRow)
            .where(TrustedKeyRow.key_id == key_id, TrustedKeyRow.revoked_at.is_(None))
            .values(revoked_at=at, revoked_by=actor, revoke_reason=reason)
            .execution_options(synchronize_session=False)
        )
        if getattr(changed, "rowcount", 0) != 1:
            return False
        self._event(at, actor, "revoke", key_id, str(code), reason)
        self.changed = True
        return True

    def locked_state(self, key_id: str) -> tuple[str, bool] | None:
        """(jurisdiction code, revoked) of the key, read with a share lock held until the
        transaction ends (PostgreSQL; SQLite writes one at a time anyway): a revocation
        committed before it is seen, and one started after it waits for this transaction.
        None when the key is not enrolled."""
        row = self.session.execute(
            select(TrustedKeyRow.jurisdiction_code, TrustedKeyRow.revoked_at)
            .where(TrustedKeyRow.key_id == key_id)
            .with_for_update(read=True)
        ).one_or_none()
        return None if row is None else (row.jurisdiction_code, row.revoked_at is not None)

    def active_for(self, jurisdiction_code: str) -> list[TrustedKey]:
        rows = self.session.scalars(
            select(TrustedKeyRow).where(
                TrustedKeyRow.jurisdiction_code == jurisdiction_code,
                TrustedKeyRow.revoked_at.is_(None),
            )
        ).all()
        return [_key(r) for r in rows]

    def _event(
        self, at: datetime, actor: str, action: str, key_id: str, code: str, detail: str
    ) -> None:
        self.session.add(
            TrustEventRow(
                at=at,
                actor=actor,
                action=action,
                key_id=key_id,
                jurisdiction_code=code,
                detail=detail,
            )
        )

    def history(self) -> list[TrustEvent]:
        rows = self.session.scalars(select(TrustEventRow).order_by(TrustEventRow.id)).all()
        return [
            TrustEvent(r.at, r.actor, r.action, r.key_id, r.jurisdiction_code, r.detail)
            for r in rows
        ]


def _submission(row: Any) -> SubmissionInfo:
    """From a SubmissionRow or a result row of its columns (both have the attributes)."""
    return SubmissionInfo(
        submission_id=row.id,
        package_sha256=row.package_sha256,
        package_id=row.package_id,
        assessment_id=row.assessment_id,
        revision=row.revision,
        title=row.title,
        jurisdiction=jurisdiction_of(row),
        framework_id=row.framework_id,
        framework_version=row.framework_version,
        framework_sha256=row.framework_sha256,
        signer_name=row.signer_name,
        signer_title=row.signer_title,
        key_id=row.key_id,
        signed_at=row.signed_at,
        imported_at=row.imported_at,
        imported_by=row.imported_by,
        filename=row.filename,
    )


_FACTS = [c for c in SubmissionRow.__table__.columns if c.name not in ("package",)]
#: Values in one ``IN (...)`` (SQLite allows 32,766 parameters since 3.32, 999 before).
_IN_CHUNK = 500


class ValueTooLongError(ValueError):
    """A value longer than its column holds: refused before the database sees it (PostgreSQL
    would stop the transaction with a DataError; SQLite would store it silently)."""

    def __init__(self, table: str, column: str, limit: int, length: int) -> None:
        super().__init__(f"{table}.{column}: {length} characters, at most {limit}")
        self.table = table
        self.column = column
        self.limit = limit
        self.length = length


def check_lengths(model: Any, values: dict[str, Any]) -> None:
    """Raise :class:`ValueTooLongError` for the first string longer than its column."""
    limits = _limits(model)
    for name, value in values.items():
        limit = limits.get(name)
        if limit is not None and isinstance(value, str) and len(value) > limit:
            raise ValueTooLongError(model.__table__.name, name, limit, len(value))


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


@cache
def _limits(model: Any) -> dict[str, int]:
    """The length limit of each string column of ``model`` (read once: a batch checks
    thousands of rows)."""
    return {
        column.name: column.type.length
        for column in model.__table__.columns
        if getattr(column.type, "length", None) is not None
    }


class SubmissionRepository:
    """Imported packages: read-only once stored, bytes kept verbatim.

    ``changed``: a submission or its contents were stored in this transaction.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.changed = False
        #: The submissions of the batch's assessments, read at once under SQLite's write lock
        #: (see :meth:`begin_writing`); an assessment leaves it when a submission of it is
        #: added, so that a savepoint rolled back leaves nothing stale here.
        self._known: dict[str, list[SubmissionInfo]] = {}

    def begin_writing(self, assessment_ids: Iterable[str] = ()) -> None:
        """Start the transaction that stores a batch of packages. On SQLite the file's write
        lock is taken now (a read transaction that wants to write later fails at once when
        another writer went first); a server locks row by row.

        ``assessment_ids``, the assessments the batch will store: on SQLite, where no one
        else can write until this transaction ends, their submissions are read now in one
        query, and :meth:`of_assessment` answers from it (one query per batch, not one per
        package). A server reads each one after its lock (:meth:`lock_assessment`)."""
        self._known = {}
        connection = self.session.connection()
        if connection.dialect.name != "sqlite":
            return
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        wanted = sorted(set(assessment_ids))
        if not wanted:
            return
        known: dict[str, list[SubmissionInfo]] = {a: [] for a in wanted}
        for start in range(0, len(wanted), _IN_CHUNK):
            rows = connection.execute(
                select(*_FACTS)
                .where(SubmissionRow.assessment_id.in_(wanted[start : start + _IN_CHUNK]))
                .order_by(SubmissionRow.id)
            ).all()
            for row in rows:
                known[row.assessment_id].append(_submission(row))
        self._known = known

    def try_lock_assessment(self, assessment_id: str) -> bool:
        """Take the lock that serialises the storing of one assessment's submissions, held
        to the end of the transaction, if no one else holds it; False if someone does.

        Without it, two first imports of one assessment id from two jurisdictions at once
        (two revisions: no unique key between them) would both find it unowned and both
        store it. On SQLite the file's write lock already serialises every writer."""
        if self.session.connection().dialect.name != "postgresql":
            return True
        return bool(
            self.session.scalar(
                text(
                    "SELECT pg_try_advisory_xact_lock("
                    "hashtext('jalon.assessment'), hashtext(:assessment_id))"
                ),
                {"assessment_id": assessment_id},
            )
        )

    def lock_assessment(self, assessment_id: str) -> None:
        """Wait for the lock of :meth:`try_lock_assessment` (held to the transaction's end)."""
        if self.session.connection().dialect.name != "postgresql":
            return
        self.session.execute(
            text(
                "SELECT pg_advisory_xact_lock("
                "hashtext('jalon.assessment'), hashtext(:assessment_id))"
            ),
            {"assessment_id": assessment_id},
        )

    def by_sha256(self, sha256: str) -> SubmissionInfo | None:
        # The facts only: not the package's bytes (up to 48 MB) to say it is already here.
        row = (
            self.session.connection()
            .execute(select(*_FACTS).where(SubmissionRow.package_sha256 == sha256))
            .one_or_none()
        )
        return _submission(row) if row else None

    def of_assessment(self, assessment_id: str) -> list[SubmissionInfo]:
        """Every submission stored for ``assessment_id`` (all jurisdictions), first stored
        first: the owner, the latest revision and a given revision in one query."""
        if assessment_id in self._known:
            return list(self._known[assessment_id])
        # Core execution on the session's connection: plain values, no ORM result processing
        # (a batch asks this once per package).
        rows = (
            self.session.connection()
            .execute(
                select(*_FACTS)
                .where(SubmissionRow.assessment_id == assessment_id)
                .order_by(SubmissionRow.id)
            )
            .all()
        )
        return [_submission(row) for row in rows]

    def owner_of(self, assessment_id: str) -> SubmissionInfo | None:
        """The first submission stored for ``assessment_id`` (whose jurisdiction owns it)."""
        row = self.session.execute(
            select(*_FACTS)
            .where(SubmissionRow.assessment_id == assessment_id)
            .order_by(SubmissionRow.id)
            .limit(1)
        ).one_or_none()
        return _submission(row) if row else None

    def by_revision(
        self, jurisdiction_code: str, assessment_id: str, revision: int
    ) -> SubmissionInfo | None:
        row = self.session.execute(
            select(*_FACTS).where(
                SubmissionRow.jurisdiction_code == jurisdiction_code,
                SubmissionRow.assessment_id == assessment_id,
                SubmissionRow.revision == revision,
            )
        ).one_or_none()
        return _submission(row) if row else None

    def latest(self, jurisdiction_code: str, assessment_id: str) -> SubmissionInfo | None:
        """The highest revision of the assessment stored for that jurisdiction."""
        row = self.session.execute(
            select(*_FACTS)
            .where(
                SubmissionRow.jurisdiction_code == jurisdiction_code,
                SubmissionRow.assessment_id == assessment_id,
            )
            .order_by(SubmissionRow.revision.desc())
            .limit(1)
        ).one_or_none()
        return _submission(row) if row else None

    def latest_revision(self, jurisdiction_code: str, assessment_id: str) -> int | None:
        return self.session.scalar(
            select(func.max(SubmissionRow.revision)).where(
                SubmissionRow.jurisdiction_code == jurisdiction_code,
                SubmissionRow.assessment_id == assessment_id,
            )
        )

    def add(
        self,
        *,
        package: bytes,
        package_sha256: str,
        package_id: str,
        assessment_id: str,
        revision: int,
        title: str,
        jurisdiction: Jurisdiction,
        framework: tuple[str, str, str],
        signer_name: str,
        signer_title: str,
        key_id: str,
        signed_at: datetime,
        imported_at: datetime,
        imported_by: str,
        filename: str,
        assessment_json: str,
    ) -> int:
        """Store a submission; returns its id (the row is flushed, the transaction stays open).

        :class:`ValueTooLongError` if a value is longer than its column, before any SQL.
        """
        values = dict(
            package=package,
            package_sha256=package_sha256,
            package_id=package_id,
            assessment_id=assessment_id,
            revision=revision,
            title=title,
            jurisdiction_code=jurisdiction.code,
            jurisdiction_kind=jurisdiction.kind.value,
            jurisdiction_name_en=jurisdiction.name.en,
            jurisdiction_name_fr=jurisdiction.name.fr,
            framework_id=framework[0],
            framework_version=framework[1],
            framework_sha256=framework[2],
            signer_name=signer_name,
            signer_title=signer_title,
            key_id=key_id,
            signed_at=signed_at,
            imported_at=imported_at,
            imported_by=imported_by,
            filename=filename[:255],
            assessment_json=assessment_json,
        )
        check_lengths(SubmissionRow, values)
        self.changed = True
        self._known.pop(assessment_id, None)  # read again if the batch stores it once more
        # A Core INSERT ... RETURNING: no ORM object to build and flush for a row that is
        # never changed once stored.
        return int(
            self.session.connection()
            .execute(insert(_table(SubmissionRow)).returning(SubmissionRow.id), values)
            .scalar_one()
        )

    def add_contents(self, submission_id: int, a: Assessment) -> None:
        """Copy the submission's themes, answers and named participants into the tables the
        dashboard counts in (the same transaction as :meth:`add`). Blank answers and blank
        participant rows get no row: they answer nothing and name no one."""
        responses = [
            {
                "submission_id": submission_id,
                "theme_id": r.theme_id,
                "position": position,
                "current": r.current,
                "target": r.target,
                "priority": r.priority,
                "role": r.role,
                "capacity": r.capacity,
                "comment": r.comment,
                "evidence": r.evidence,
            }
            for position, r in enumerate(a.responses)
        ]
        answers = [
            {"submission_id": submission_id, "question_id": question_id, "text": text}
            for question_id, text in a.answers.items()
            if text.strip()
        ]
        participants = [
            {
                "submission_id": submission_id,
                "position": position,
                "name": p.name,
                "title": p.title,
                "organization": p.organization,
            }
            for position, p in enumerate(a.participants)
            if p.name.strip()
        ]
        tables = (
            (SubmissionResponseRow, responses),
            (SubmissionAnswerRow, answers),
            (SubmissionParticipantRow, participants),
        )
        for model, rows in tables:
            for one in rows:
                check_lengths(model, one)
        self.changed = True
        for model, rows in tables:
            if rows:
                # Core executemany, not the ORM's bulk path (three times the cost).
                self.session.connection().execute(insert(_table(model)), rows)

    def all(self) -> list[SubmissionInfo]:
        rows = self.session.execute(
            select(*_FACTS).order_by(
                SubmissionRow.jurisdiction_code, SubmissionRow.assessment_id, SubmissionRow.revision
            )
        ).all()
        return [_submission(row) for row in rows]

    def package(self, submission_id: int) -> bytes:
        data = self.session.scalar(
            select(SubmissionRow.package).where(SubmissionRow.id == submission_id)
        )
        if data is None:
            raise NotFoundError(
                N_("There is no submission {id}. Run 'jalon list --submissions' to see them."),
                id=submission_id,
            )
        return data

    def assessment_json(self, submission_id: int) -> str:
        data = self.session.scalar(
            select(SubmissionRow.assessment_json).where(SubmissionRow.id == submission_id)
        )
        if data is None:
            raise NotFoundError(
                N_("There is no submission {id}. Run 'jalon list --submissions' to see them."),
                id=submission_id,
            )
        return data

    def get(self, submission_id: int) -> SubmissionInfo:
        row = self.session.execute(
            select(*_FACTS).where(SubmissionRow.id == submission_id)
        ).one_or_none()
        if row is None:
            raise NotFoundError(
                N_("There is no submission {id}. Run 'jalon list --submissions' to see them."),
                id=submission_id,
            )
        return _submission(row)


__all__ = [
    "SubmissionRepository",
    "TrustEvent",
    "TrustRepository",
    "TrustedKey",
    "ValueTooLongError",
    "check_lengths",
]


#: The counter of changes to what the dashboard shows.
IMPORTS = "imports"


def generation(session: Session, name: str = IMPORTS) -> int:
    """The counter's value as this transaction sees it (0 before its first change)."""
    value = session.scalar(select(GenerationRow.value).where(GenerationRow.name == name))
    return int(value or 0)


def bump_generation(session: Session, name: str = IMPORTS) -> None:
    """Add one to the counter, in the caller's transaction (on a server the row stays locked
    until it ends: bump just before committing)."""
    changed = session.execute(
        update(GenerationRow)
        .where(GenerationRow.name == name)
        .values(value=GenerationRow.value + 1)
        .execution_options(synchronize_session=False)
    )
    if getattr(changed, "rowcount", 0) == 0:  # a store made from the models, not migrated
        session.execute(insert(GenerationRow).values(name=name, value=1))
