"""Alembic environment: migrations always run on a connection Jalon hands over."""

from __future__ import annotations

from alembic import context

from jalon.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - Jalon always passes its connection
    raise RuntimeError("Jalon's migrations run through jalon.store.database.migrate()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
