"""Migrations: an empty database upgraded to head has exactly the schema of the models."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError

from jalon.store.database import _alembic_config, head_revision, known_revisions, migrate
from jalon.store.models import Base


def schema_differences(url: URL | str) -> list[object]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True}
            )
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def sqlite_url(path: Path) -> URL:
    return URL.create("sqlite", database=str(path))


def test_an_empty_database_upgraded_to_head_matches_the_models(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "empty.sqlite3")
    engine = create_engine(url)
    migrate(engine)
    engine.dispose()
    assert schema_differences(url) == []


def test_the_upgraded_database_is_stamped_with_the_head_revision(tmp_path: Path) -> None:
    engine = create_engine(sqlite_url(tmp_path / "db.sqlite3"))
    migrate(engine)
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head_revision()
    engine.dispose()


def test_upgrading_twice_changes_nothing(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "db.sqlite3")
    engine = create_engine(url)
    migrate(engine)
    migrate(engine)
    engine.dispose()
    assert schema_differences(url) == []


def test_the_models_create_every_table_the_migrations_create(tmp_path: Path) -> None:
    migrated = create_engine(sqlite_url(tmp_path / "migrated.sqlite3"))
    migrate(migrated)
    created = create_engine(sqlite_url(tmp_path / "created.sqlite3"))
    Base.metadata.create_all(created)
    assert set(inspect(migrated).get_table_names()) == (
        set(inspect(created).get_table_names()) | {"alembic_version"}
    )
    migrated.dispose()
    created.dispose()


def test_every_migration_downgrades_back_to_an_empty_database(tmp_path: Path) -> None:
    engine = create_engine(sqlite_url(tmp_path / "db.sqlite3"))
    migrate(engine)
    with engine.begin() as connection:
        command.downgrade(_alembic_config(connection), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate(engine)
    engine.dispose()
    assert schema_differences(sqlite_url(tmp_path / "db.sqlite3")) == []


def test_the_migration_history_is_one_line_with_a_single_head() -> None:
    script = ScriptDirectory.from_config(_alembic_config())
    assert script.get_heads() == [head_revision()]
    bases = script.get_bases()
    assert len(bases) == 1
    assert len(known_revisions()) == len(list(script.walk_revisions()))


def test_a_migration_that_fails_midway_leaves_no_half_made_schema(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as connection:
        # A view named like a later table makes the first migration fail after some tables.
        connection.execute("CREATE VIEW settings AS SELECT 1 AS x")
        connection.commit()
    engine = create_engine(sqlite_url(path))
    with pytest.raises(OperationalError, match="settings already exists"):
        migrate(engine)
    engine.dispose()
    with contextlib.closing(sqlite3.connect(path)) as connection:
        objects = connection.execute("SELECT type, name FROM sqlite_master").fetchall()
    assert objects == [("view", "settings")]
