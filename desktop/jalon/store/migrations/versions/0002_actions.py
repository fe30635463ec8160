"""actions, and the imported submissions' contents in tables the dashboard can count

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 10:00:00

Written by hand: plain tables, indexes and foreign keys that SQLite and PostgreSQL both run.
Submissions imported before this revision are copied into the new tables from the
``assessment.json`` each one keeps, so the dashboard sees them too.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

import jalon.store.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _submission_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["submission_id"],
        ["submissions.id"],
        name=op.f(f"fk_{table}_submission_id_submissions"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "submission_responses",
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("current", sa.Integer(), nullable=True),
        sa.Column("target", sa.Integer(), nullable=True),
        sa.Column("priority", sa.String(length=32), nullable=True),
        sa.Column("role", sa.String(length=32), nullable=True),
        sa.Column("capacity", sa.String(length=32), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        _submission_fk("submission_responses"),
        sa.PrimaryKeyConstraint("submission_id", "theme_id", name=op.f("pk_submission_responses")),
    )
    op.create_index(
        "ix_submission_responses_levels",
        "submission_responses",
        ["submission_id", "theme_id", "current", "target", "priority", "role", "capacity"],
        unique=False,
    )
    op.create_index(
        "ix_submissions_consolidation",
        "submissions",
        [
            "framework_id",
            "framework_version",
            "assessment_id",
            "revision",
            "jurisdiction_code",
            "signed_at",
            "jurisdiction_kind",
        ],
        unique=False,
    )
    op.create_table(
        "submission_answers",
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _submission_fk("submission_answers"),
        sa.PrimaryKeyConstraint("submission_id", "question_id", name=op.f("pk_submission_answers")),
    )
    op.create_table(
        "submission_participants",
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("organization", sa.String(length=200), nullable=False),
        _submission_fk("submission_participants"),
        sa.PrimaryKeyConstraint(
            "submission_id", "position", name=op.f("pk_submission_participants")
        ),
    )
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.String(length=64), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", jalon.store.types.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", jalon.store.types.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actions")),
    )
    op.create_index("ix_actions_theme", "actions", ["theme_id"], unique=False)
    op.create_table(
        "action_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", jalon.store.types.UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.String(length=64), nullable=False),
        sa.Column("operation", sa.String(length=16), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_audit")),
    )
    op.create_index("ix_action_audit_action", "action_audit", ["action_id"], unique=False)
    _copy_existing_submissions()


def _copy_existing_submissions() -> None:
    """Fill the new tables for submissions imported before this revision.

    The rules are those of import time (``SubmissionRepository.add_contents``), written out
    again here on purpose: a migration must keep doing what it did when it was written.
    """
    bind = op.get_bind()
    submissions = sa.table(
        "submissions", sa.column("id", sa.Integer()), sa.column("assessment_json", sa.Text())
    )
    responses: list[dict[str, Any]] = []
    answers: list[dict[str, Any]] = []
    participants: list[dict[str, Any]] = []
    for submission_id, raw in bind.execute(
        sa.select(submissions.c.id, submissions.c.assessment_json)
    ):
        document = json.loads(raw)
        for position, r in enumerate(document["responses"]):
            responses.append(
                {
                    "submission_id": submission_id,
                    "theme_id": r["theme_id"],
                    "position": position,
                    "current": r["current"],
                    "target": r["target"],
                    "priority": r["priority"],
                    "role": r["role"],
                    "capacity": r["capacity"],
                    "comment": r["comment"],
                    "evidence": r["evidence"],
                }
            )
        for question_id, text in document["answers"].items():
            if text.strip():
                answers.append(
                    {"submission_id": submission_id, "question_id": question_id, "text": text}
                )
        for position, p in enumerate(document["participants"]):
            if p["name"].strip():
                participants.append(
                    {
                        "submission_id": submission_id,
                        "position": position,
                        "name": p["name"],
                        "title": p["title"],
                        "organization": p["organization"],
                    }
                )
    for name, rows in (
        ("submission_responses", responses),
        ("submission_answers", answers),
        ("submission_participants", participants),
    ):
        if rows:
            table = sa.table(name, *(sa.column(key) for key in rows[0]))
            bind.execute(sa.insert(table), rows)


def downgrade() -> None:
    op.drop_index("ix_action_audit_action", table_name="action_audit")
    op.drop_table("action_audit")
    op.drop_index("ix_actions_theme", table_name="actions")
    op.drop_table("actions")
    op.drop_table("submission_participants")
    op.drop_table("submission_answers")
    op.drop_index("ix_submissions_consolidation", table_name="submissions")
    op.drop_index("ix_submission_responses_levels", table_name="submission_responses")
    op.drop_table("submission_responses")
