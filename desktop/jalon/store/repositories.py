"""Repositories: the store's vocabulary over one SQLAlchemy session."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from jalon.core import assessment as am
from jalon.core.audit import Change, diff
from jalon.core.errors import N_, NotFoundError
from jalon.core.jurisdiction import Jurisdiction
from jalon.store.mapping import apply, jurisdiction_of, to_domain
from jalon.store.models import AssessmentRevisionRow, AuditRow, SettingRow


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    actor: str
    assessment_id: str
    revision: int
    action: str
    field: str
    old_value: str | None
    new_value: str | None


@dataclass(frozen=True, slots=True)
class RevisionInfo:
    """What the home screen lists for one revision, without loading its answers."""

    assessment_id: str
    revision: int
    title: str
    jurisdiction_code: str
    status: str
    archived: bool
    updated_at: datetime


class AssessmentRepository:
    """Revisions of assessments drafted on this installation, and their audit trail."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self, assessment_id: str, revision: int) -> AssessmentRevisionRow | None:
        return self.session.scalars(
            select(AssessmentRevisionRow).where(
                AssessmentRevisionRow.assessment_id == assessment_id,
                AssessmentRevisionRow.revision == revision,
            )
        ).one_or_none()

    def get(self, assessment_id: str, revision: int | None = None) -> am.Assessment:
        """A revision (the latest when ``revision`` is None)."""
        if revision is None:
            revision = self.latest_revision(assessment_id)
        row = self._row(assessment_id, revision) if revision is not None else None
        if row is None:
            raise NotFoundError(
                N_("There is no assessment {id}. Run 'jalon list' to see the assessments."),
                id=assessment_id if revision is None else f"{assessment_id} r{revision}",
            )
        return to_domain(row)

    def latest_revision(self, assessment_id: str) -> int | None:
        return self.session.scalar(
            select(func.max(AssessmentRevisionRow.revision)).where(
                AssessmentRevisionRow.assessment_id == assessment_id
            )
        )

    def resolve(self, prefix: str) -> str:
        """The full id of the assessment whose id starts with ``prefix`` (at least 4 characters)."""
        prefix = prefix.strip().lower()
        ids = (
            self.session.scalars(
                select(AssessmentRevisionRow.assessment_id)
                .where(AssessmentRevisionRow.assessment_id.startswith(prefix, autoescape=True))
                .distinct()
                .limit(2)
            ).all()
            if len(prefix) >= 4
            else []
        )
        if len(ids) != 1:
            if ids:
                raise NotFoundError(
                    N_("{id} matches more than one assessment. Give more of its id."), id=prefix
                )
            raise NotFoundError(
                N_("There is no assessment {id}. Run 'jalon list' to see the assessments."),
                id=prefix,
            )
        return ids[0]

    def list_latest(self, *, include_archived: bool = True) -> list[am.Assessment]:
        """The latest revision of every assessment, most recently changed first."""
        return [a for a, _archived in self.list_latest_archived(include_archived=include_archived)]

    def list_latest_archived(
        self, *, include_archived: bool = True
    ) -> list[tuple[am.Assessment, bool]]:
        """:meth:`list_latest` with whether each is archived, in the same query (not one
        :meth:`is_archived` per assessment, two queries each)."""
        latest = (
            select(
                AssessmentRevisionRow.assessment_id,
                func.max(AssessmentRevisionRow.revision).label("revision"),
            )
            .group_by(AssessmentRevisionRow.assessment_id)
            .subquery()
        )
        query = select(AssessmentRevisionRow).join(
            latest,
            (AssessmentRevisionRow.assessment_id == latest.c.assessment_id)
            & (AssessmentRevisionRow.revision == latest.c.revision),
        )
        if not include_archived:
            query = query.where(AssessmentRevisionRow.archived.is_(False))
        rows = self.session.scalars(
            query.order_by(AssessmentRevisionRow.updated_at.desc(), AssessmentRevisionRow.pk)
        ).all()
        return [(to_domain(r), bool(r.archived)) for r in rows]

    def revisions(self, assessment_id: str) -> list[RevisionInfo]:
        rows = self.session.scalars(
            select(AssessmentRevisionRow)
            .where(AssessmentRevisionRow.assessment_id == assessment_id)
            .order_by(AssessmentRevisionRow.revision)
        ).all()
        return [
            RevisionInfo(
                r.assessment_id,
                r.revision,
                r.title,
                r.jurisdiction_code,
                r.status,
                r.archived,
                r.updated_at,
            )
            for r in rows
        ]

    def is_archived(self, assessment_id: str) -> bool:
        revision = self.latest_revision(assessment_id)
        row = self._row(assessment_id, revision) if revision is not None else None
        return bool(row and row.archived)

    def add(self, a: am.Assessment, *, actor: str, action: str = "create") -> None:
        """Store a new revision and audit its creation."""
        row = AssessmentRevisionRow(archived=False)
        apply(row, a)
        self.session.add(row)
        self._audit(a, actor, action, [Change("revision", None, str(a.revision))], a.updated_at)

    def save(self, a: am.Assessment, *, actor: str, action: str = "edit") -> list[Change]:
        """Store ``a`` over its revision; writes one audit row per changed field."""
        row = self._row(a.id, a.revision)
        if row is None:
            raise NotFoundError(
                N_("There is no assessment {id}. Run 'jalon list' to see the assessments."),
                id=f"{a.id} r{a.revision}",
            )
        changes = diff(to_domain(row), a)
        if changes:
            apply(row, a)
            self._audit(a, actor, action, changes, a.updated_at)
        return changes

    def set_archived(self, assessment_id: str, archived: bool, *, actor: str, at: datetime) -> None:
        changed = False
        for row in self.session.scalars(
            select(AssessmentRevisionRow).where(
                AssessmentRevisionRow.assessment_id == assessment_id
            )
        ):
            if row.archived != archived:
                row.archived = archived
                changed = True
        latest = self.get(assessment_id)
        if not changed:  # already so: an audit row would claim a change that did not happen
            return
        self._audit(
            latest,
            actor,
            "archive" if archived else "unarchive",
            [Change("archived", str(not archived), str(archived))],
            at,
        )

    def delete(self, assessment_id: str, revision: int, *, actor: str, at: datetime) -> None:
        row = self._row(assessment_id, revision)
        if row is None:
            raise NotFoundError(
                N_("There is no assessment {id}. Run 'jalon list' to see the assessments."),
                id=f"{assessment_id} r{revision}",
            )
        self.session.delete(row)
        self.session.add(
            AuditRow(
                at=at,
                actor=actor,
                assessment_id=assessment_id,
                revision=revision,
                action="delete",
                field="revision",
                old_value=str(revision),
                new_value=None,
            )
        )

    def note(
        self,
        a: am.Assessment,
        *,
        actor: str,
        action: str,
        field: str,
        new_value: str,
        at: datetime,
        old_value: str | None = None,
    ) -> None:
        """An audit row for something done with a revision that is not a field change (an
        export and the package it produced)."""
        self._audit(a, actor, action, [Change(field, old_value, new_value)], at)

    def _audit(
        self, a: am.Assessment, actor: str, action: str, changes: Iterable[Change], at: datetime
    ) -> None:
        self.session.add_all(
            AuditRow(
                at=at,
                actor=actor,
                assessment_id=a.id,
                revision=a.revision,
                action=action,
                field=c.field,
                old_value=c.old,
                new_value=c.new,
            )
            for c in changes
        )

    def audit_trail(self, assessment_id: str) -> Sequence[AuditEntry]:
        rows = self.session.scalars(
            select(AuditRow).where(AuditRow.assessment_id == assessment_id).order_by(AuditRow.id)
        ).all()
        return [
            AuditEntry(
                r.at,
                r.actor,
                r.assessment_id,
                r.revision,
                r.action,
                r.field,
                r.old_value,
                r.new_value,
            )
            for r in rows
        ]


class _StoredJurisdiction(NamedTuple):
    """A jurisdiction's four settings, shaped like a row for :func:`jurisdiction_of`."""

    jurisdiction_code: str
    jurisdiction_kind: str
    jurisdiction_name_en: str
    jurisdiction_name_fr: str


class SettingsRepository:
    """Key-value facts of the installation."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key: str) -> str | None:
        row = self.session.get(SettingRow, key)
        return row.value if row else None

    def set(self, key: str, value: str) -> None:
        """Store ``value`` under ``key``, in one statement that inserts or replaces: two
        processes saving the same setting at the same moment on a shared database (two
        people choosing their language) must not both insert it; the last one wins."""
        dialect = self.session.get_bind().dialect.name
        if dialect not in ("postgresql", "sqlite"):  # pragma: no cover - other servers
            row = self.session.get(SettingRow, key)
            if row is None:
                self.session.add(SettingRow(key=key, value=value))
            elif row.value != value:
                row.value = value
            return
        from sqlalchemy.dialects import postgresql, sqlite

        statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(SettingRow)
        statement = statement.values(key=key, value=value)
        self.session.execute(
            statement.on_conflict_do_update(
                index_elements=[SettingRow.key], set_={"value": statement.excluded.value}
            ),
            execution_options={"synchronize_session": False},
        )
        loaded = self.session.identity_map.get(self.session.identity_key(SettingRow, key))
        if loaded is not None:  # this session's copy must say what was stored
            self.session.expire(loaded)

    def delete(self, key: str) -> None:
        self.session.execute(delete(SettingRow).where(SettingRow.key == key))

    def jurisdiction(self, prefix: str) -> Jurisdiction | None:
        """The jurisdiction kept under ``{prefix}jurisdiction_code``, ``_kind``, ``_name_en``
        and ``_name_fr`` (see :meth:`set_jurisdiction`), mapped the way every stored row is
        (:func:`jalon.store.mapping.jurisdiction_of`); None while any of them is unset."""
        values = [self.get(f"{prefix}{field}") for field in _StoredJurisdiction._fields]
        if not all(values):
            return None
        return jurisdiction_of(_StoredJurisdiction(*(v or "" for v in values)))

    def set_jurisdiction(self, prefix: str, jurisdiction: Jurisdiction) -> None:
        """Keep ``jurisdiction`` in four settings named after ``prefix``."""
        stored = _StoredJurisdiction(
            jurisdiction.code, jurisdiction.kind.value, jurisdiction.name.en, jurisdiction.name.fr
        )
        for field, value in zip(_StoredJurisdiction._fields, stored, strict=True):
            self.set(f"{prefix}{field}", value)
