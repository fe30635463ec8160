"""Backups with SQLite's backup API: a consistent copy that opens, checks and holds the rows."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from jalon.core.errors import StorageError
from jalon.services import assessments as svc
from jalon.services.app import Jalon
from jalon.store.backup import KEEP_ROLLING, backup_sqlite, rolling_backup
from jalon.store.database import DB_FILENAME
from tests.conftest import FIXED_NOW, complete_assessment


def rows(path: Path, query: str) -> list[tuple[object, ...]]:
    with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as db:
        return db.execute(query).fetchall()


@pytest.fixture
def filled(data_dir: Path) -> Path:
    """A data folder whose database holds one complete assessment."""
    with Jalon.open(data_dir) as app:
        a = complete_assessment(app.framework)
        with app.writing() as uow:
            uow.assessments.add(a, actor="tester")
    return data_dir / DB_FILENAME


def test_a_backup_opens_passes_the_integrity_check_and_holds_the_same_rows(
    filled: Path, tmp_path: Path
) -> None:
    backup = backup_sqlite(filled, tmp_path / "backups", label="manual", now=FIXED_NOW)
    assert backup.name == "jalon-20261102T143000000000Z-manual.sqlite3"
    assert rows(backup, "PRAGMA integrity_check") == [("ok",)]
    for table in (
        "assessment_revisions",
        "theme_responses",
        "answers",
        "participants",
        "audit_log",
        "alembic_version",
    ):
        query = f"SELECT * FROM {table}"
        assert sorted(rows(backup, query), key=repr) == sorted(rows(filled, query), key=repr)
    assert len(rows(backup, "SELECT * FROM theme_responses")) == 14
    assert not list((tmp_path / "backups").glob("*.partial"))


def test_a_backup_taken_while_the_database_is_open_holds_committed_changes(
    data_dir: Path, tmp_path: Path
) -> None:
    with Jalon.open(data_dir) as app:
        with app.writing() as uow:
            uow.settings.set("probe", "in the write-ahead log")
        backup = backup_sqlite(data_dir / DB_FILENAME, tmp_path / "b", label="live")
        assert rows(backup, "SELECT value FROM settings WHERE key = 'probe'") == [
            ("in the write-ahead log",)
        ]


def test_a_backup_of_a_relative_path_works(
    filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(filled.parent)
    backup = backup_sqlite(Path(DB_FILENAME), Path("backups"), label="rel")
    assert (filled.parent / backup).is_file()


def test_the_backup_opens_as_a_jalon_database(filled: Path, tmp_path: Path) -> None:
    backup = backup_sqlite(filled, tmp_path / "restore", label="manual")
    backup.rename(tmp_path / "restore" / DB_FILENAME)
    with Jalon.open(tmp_path / "restore") as app:
        (summary,) = svc.list_assessments(app)
        assert summary.completeness.is_complete


def test_a_backup_that_cannot_be_written_is_refused_and_leaves_nothing(
    filled: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(StorageError) as info:
        backup_sqlite(filled, blocker / "backups", label="manual")
    assert "could not be written" in str(info.value)
    assert blocker.read_text(encoding="utf-8") == "x"


def test_a_backup_of_a_file_that_is_not_a_database_is_refused_and_leaves_nothing(
    tmp_path: Path,
) -> None:
    source = tmp_path / "notes.sqlite3"
    source.write_text("plain text, not a database " * 100, encoding="utf-8")
    folder = tmp_path / "backups"
    with pytest.raises(StorageError):
        backup_sqlite(source, folder, label="manual")
    assert list(folder.iterdir()) == []


def test_rolling_backups_keep_the_newest_five(filled: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    made = [rolling_backup(filled, folder, now=FIXED_NOW + timedelta(minutes=i)) for i in range(8)]
    kept = sorted(p.name for p in folder.glob("*.sqlite3"))
    assert len(kept) == KEEP_ROLLING == 5
    assert kept == sorted(p.name for p in made[-5:] if p is not None)
    for path in folder.glob("*.sqlite3"):
        assert rows(path, "PRAGMA integrity_check") == [("ok",)]


def test_rolling_backups_never_prune_other_backups(filled: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    before_migration = backup_sqlite(filled, folder, label="before-0002", now=FIXED_NOW)
    for i in range(7):
        rolling_backup(filled, folder, now=FIXED_NOW + timedelta(minutes=i + 1))
    assert before_migration.exists()
    assert len(list(folder.glob("*-startup.sqlite3"))) == KEEP_ROLLING


def test_there_is_no_rolling_backup_before_there_is_a_database(tmp_path: Path) -> None:
    assert rolling_backup(tmp_path / "missing.sqlite3", tmp_path / "backups") is None
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    assert rolling_backup(empty, tmp_path / "backups") is None
    assert not (tmp_path / "backups").exists()
