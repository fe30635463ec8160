"""The database schema, as SQLAlchemy 2.0 typed declarative models.

One row of ``assessment_revisions`` per revision of an assessment; the revision's theme
responses, answers and participants hang off it. Imported packages live in ``submissions``
with their bytes kept verbatim; the trust store in ``trusted_keys`` and its history in
``trust_events``. Nothing here relies on SQLite-only SQL: the same models and migrations run on
PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from jalon.store.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class AssessmentRevisionRow(Base):
    """One revision of one assessment, drafted on this installation."""

    __tablename__ = "assessment_revisions"
    __table_args__ = (UniqueConstraint("assessment_id", "revision"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[str] = mapped_column(String(36), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    jurisdiction_code: Mapped[str] = mapped_column(String(64))
    jurisdiction_kind: Mapped[str] = mapped_column(String(16))
    jurisdiction_name_en: Mapped[str] = mapped_column(String(200))
    jurisdiction_name_fr: Mapped[str] = mapped_column(String(200))
    framework_id: Mapped[str] = mapped_column(String(64))
    framework_version: Mapped[str] = mapped_column(String(16))
    framework_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    signer_name: Mapped[str | None] = mapped_column(String(200))
    signer_title: Mapped[str | None] = mapped_column(String(200))
    signer_key_id: Mapped[str | None] = mapped_column(String(64))
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    responses: Mapped[list[ThemeResponseRow]] = relationship(
        back_populates="revision_row", cascade="all, delete-orphan", lazy="selectin"
    )
    answers: Mapped[list[AnswerRow]] = relationship(
        back_populates="revision_row", cascade="all, delete-orphan", lazy="selectin"
    )
    participants: Mapped[list[ParticipantRow]] = relationship(
        back_populates="revision_row",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="ParticipantRow.position",
    )


class ThemeResponseRow(Base):
    __tablename__ = "theme_responses"

    revision_pk: Mapped[int] = mapped_column(
        ForeignKey("assessment_revisions.pk", ondelete="CASCADE"), primary_key=True
    )
    theme_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    current: Mapped[int | None] = mapped_column(Integer)
    target: Mapped[int | None] = mapped_column(Integer)
    priority: Mapped[str | None] = mapped_column(String(32))
    role: Mapped[str | None] = mapped_column(String(32))
    capacity: Mapped[str | None] = mapped_column(String(32))
    comment: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")

    revision_row: Mapped[AssessmentRevisionRow] = relationship(back_populates="responses")


class AnswerRow(Base):
    __tablename__ = "answers"

    revision_pk: Mapped[int] = mapped_column(
        ForeignKey("assessment_revisions.pk", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")

    revision_row: Mapped[AssessmentRevisionRow] = relationship(back_populates="answers")


class ParticipantRow(Base):
    __tablename__ = "participants"

    revision_pk: Mapped[int] = mapped_column(
        ForeignKey("assessment_revisions.pk", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200), default="")
    organization: Mapped[str] = mapped_column(String(200), default="")

    revision_row: Mapped[AssessmentRevisionRow] = relationship(back_populates="participants")


class AuditRow(Base):
    """Who changed what on an assessment, from which value to which, and when."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_assessment", "assessment_id", "revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(200))
    assessment_id: Mapped[str] = mapped_column(String(36))
    revision: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(32))
    field: Mapped[str] = mapped_column(String(128), default="")
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)


class SettingRow(Base):
    """Small facts about this installation: who it signs as, the chosen language."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class TrustedKeyRow(Base):
    """A signer's public key enrolled by the secretariat, and which jurisdiction it signs for."""

    __tablename__ = "trusted_keys"

    key_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    certificate_pem: Mapped[str] = mapped_column(Text)
    jurisdiction_code: Mapped[str] = mapped_column(String(64), index=True)
    jurisdiction_kind: Mapped[str] = mapped_column(String(16))
    jurisdiction_name_en: Mapped[str] = mapped_column(String(200))
    jurisdiction_name_fr: Mapped[str] = mapped_column(String(200))
    signer_name: Mapped[str] = mapped_column(String(200))
    signer_title: Mapped[str] = mapped_column(String(200))
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime())
    enrolled_by: Mapped[str] = mapped_column(String(200))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by: Mapped[str | None] = mapped_column(String(200))
    revoke_reason: Mapped[str | None] = mapped_column(Text)


class TrustEventRow(Base):
    """The trust store's history: enrolments and revocations, who and when."""

    __tablename__ = "trust_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(16))
    key_id: Mapped[str] = mapped_column(String(64), index=True)
    jurisdiction_code: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="")


class SubmissionRow(Base):
    """An imported package, verified, read-only, with its bytes kept verbatim."""

    __tablename__ = "submissions"
    __table_args__ = (
        UniqueConstraint("assessment_id", "revision"),
        Index("ix_submissions_jurisdiction", "jurisdiction_code", "revision"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    package_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    package_id: Mapped[str] = mapped_column(String(64))
    assessment_id: Mapped[str] = mapped_column(String(36))
    revision: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    jurisdiction_code: Mapped[str] = mapped_column(String(64))
    jurisdiction_kind: Mapped[str] = mapped_column(String(16))
    jurisdiction_name_en: Mapped[str] = mapped_column(String(200))
    jurisdiction_name_fr: Mapped[str] = mapped_column(String(200))
    framework_id: Mapped[str] = mapped_column(String(64))
    framework_version: Mapped[str] = mapped_column(String(16))
    framework_sha256: Mapped[str] = mapped_column(String(64))
    signer_name: Mapped[str] = mapped_column(String(200))
    signer_title: Mapped[str] = mapped_column(String(200))
    key_id: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    imported_by: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(255))
    assessment_json: Mapped[str] = mapped_column(Text)
    package: Mapped[bytes] = mapped_column(LargeBinary)


# -- the secretariat's consolidation (migration 0002) -----------------------------------------


#: Which submissions the dashboard consolidates is decided from this index alone: the
#: submissions' rows are large (the package is kept whole), reading them would be slow.
Index(
    "ix_submissions_consolidation",
    SubmissionRow.framework_id,
    SubmissionRow.framework_version,
    SubmissionRow.assessment_id,
    SubmissionRow.revision,
    SubmissionRow.jurisdiction_code,
    SubmissionRow.signed_at,
    SubmissionRow.jurisdiction_kind,
)


class SubmissionResponseRow(Base):
    """One theme of an imported submission, copied out of its ``assessment.json`` at import so
    that the dashboard counts and averages in SQL (the JSON stays the source of truth)."""

    __tablename__ = "submission_responses"
    __table_args__ = (
        # Covers every column the dashboard counts: its queries never read the rows (which
        # also hold the comments and evidence).
        Index(
            "ix_submission_responses_levels",
            "submission_id",
            "theme_id",
            "current",
            "target",
            "priority",
            "role",
            "capacity",
        ),
    )

    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True
    )
    theme_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    current: Mapped[int | None] = mapped_column(Integer)
    target: Mapped[int | None] = mapped_column(Integer)
    priority: Mapped[str | None] = mapped_column(String(32))
    role: Mapped[str | None] = mapped_column(String(32))
    capacity: Mapped[str | None] = mapped_column(String(32))
    comment: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")


class SubmissionAnswerRow(Base):
    """A workshop answer of an imported submission; blank answers have no row."""

    __tablename__ = "submission_answers"

    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class SubmissionParticipantRow(Base):
    """A participant named in an imported submission; rows left blank (no name) are not kept,
    as they name no one."""

    __tablename__ = "submission_participants"

    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200), default="")
    organization: Mapped[str] = mapped_column(String(200), default="")


class ActionRow(Base):
    """A next step the secretariat decided for a theme."""

    __tablename__ = "actions"
    __table_args__ = (Index("ix_actions_theme", "theme_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    theme_id: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str] = mapped_column(String(200))


class ActionAuditRow(Base):
    """Who changed what on an action, from which value to which, and when. Kept after the
    action is deleted (no foreign key), so a deletion stays on record."""

    __tablename__ = "action_audit"
    __table_args__ = (Index("ix_action_audit_action", "action_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(200))
    action_id: Mapped[int] = mapped_column(Integer)
    theme_id: Mapped[str] = mapped_column(String(64))
    operation: Mapped[str] = mapped_column(String(16))
    field: Mapped[str] = mapped_column(String(32))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)


class GenerationRow(Base):
    """A counter that goes up with every change of a kind (``imports``: a package imported, a
    key revoked, contents filled in), in the transaction that makes the change: a cache keyed
    on it is current exactly when the counter has not moved, on every computer."""

    __tablename__ = "generations"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
