"""the import generation: a counter the dashboard's cache is keyed on (issue 17)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 12:45:00

One row per counter. ``imports`` goes up by one in every transaction that changes what the
dashboard shows (packages imported, a key revoked, contents filled in), so that each member
of the secretariat, on any computer, knows whether the dashboard it has is still current.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"  # the file-name prefix: database.known_revisions reads ids from names
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "generations",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_generations")),
    )
    op.bulk_insert(table, [{"name": "imports", "value": 0}])


def downgrade() -> None:
    op.drop_table("generations")
