"""Opening the store: connection settings, and every unusable data folder or database refused
with nothing written."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.exc import IntegrityError

from jalon.core.errors import StorageError
from jalon.services.app import Jalon
from jalon.store.database import DB_FILENAME, head_revision, known_revisions


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the SHA-256 of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def refused(folder: Path) -> StorageError:
    """Open ``folder``, expect a StorageError, and check that nothing under it changed."""
    before = snapshot(folder) if folder.is_dir() else None
    with pytest.raises(StorageError) as info:
        Jalon.open(folder)
    if before is not None:
        assert snapshot(folder) == before, "a refused database is left byte for byte"
    return info.value


def make_jalon_database(folder: Path) -> Path:
    with Jalon.open(folder):
        pass
    return folder / DB_FILENAME


@contextlib.contextmanager
def raw_sqlite(path: Path) -> Iterator[sqlite3.Connection]:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        yield connection
        connection.commit()


# --- a good database -----------------------------------------------------------------------


def test_a_fresh_data_folder_gets_a_database_at_the_newest_schema(data_dir: Path) -> None:
    with Jalon.open(data_dir) as app:
        assert app.database.is_sqlite
        assert app.database.path == data_dir / DB_FILENAME
        assert app.database.backup_path is None
        with app.database.engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert version == head_revision()
    assert (data_dir / DB_FILENAME).read_bytes().startswith(b"SQLite format 3\x00")


def test_a_missing_data_folder_is_created(tmp_path: Path) -> None:
    folder = tmp_path / "deep" / "er" / "data"
    with Jalon.open(folder):
        pass
    assert (folder / DB_FILENAME).is_file()


def test_the_database_opens_again_and_keeps_its_contents(data_dir: Path) -> None:
    with Jalon.open(data_dir) as app, app.writing() as uow:
        uow.settings.set("probe", "kept")
    for _ in range(2):
        with Jalon.open(data_dir) as app, app.uow() as uow:
            assert uow.settings.get("probe") == "kept"
            assert app.database.backup_path is None, "nothing to migrate, nothing backed up"


def test_connections_use_wal_full_synchronous_and_foreign_keys(data_dir: Path) -> None:
    with Jalon.open(data_dir) as app, app.database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_every_pooled_connection_gets_the_settings(data_dir: Path) -> None:
    with Jalon.open(data_dir) as app:
        engine = app.database.engine
        with engine.connect() as first, engine.connect() as second:
            for connection in (first, second):
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2


def test_foreign_keys_are_enforced(data_dir: Path) -> None:
    with Jalon.open(data_dir) as app, app.database.engine.connect() as connection:
        with pytest.raises(IntegrityError):
            connection.exec_driver_sql(
                "INSERT INTO answers (revision_pk, question_id, text) VALUES (999, 'q', 'x')"
            )
        connection.rollback()


def test_a_relative_data_folder_opens_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for _ in range(2):  # the second open inspects the existing file
        with Jalon.open("relative-data") as app:
            assert app.database.path == tmp_path / "relative-data" / DB_FILENAME
    assert (tmp_path / "relative-data" / DB_FILENAME).is_file()


@pytest.mark.parametrize(
    "name", ["Marie-Ève Gagnon", "with space", "odd#name", "what?", "100%", "a&b=c;d"]
)
def test_a_data_folder_with_unusual_characters_keeps_the_database_inside_it(
    tmp_path: Path, name: str
) -> None:
    folder = tmp_path / name / "data"
    for _ in range(2):
        with Jalon.open(folder) as app, app.writing() as uow:
            uow.settings.set("probe", name)
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    assert (folder / DB_FILENAME).is_file()
    with raw_sqlite(folder / DB_FILENAME) as connection:
        assert connection.execute("SELECT value FROM settings").fetchall() == [(name,)]


def test_the_data_folder_can_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "from-env"
    monkeypatch.setenv("JALON_DATA_DIR", str(folder))
    monkeypatch.delenv("JALON_DATABASE_URL", raising=False)
    with Jalon.open() as app:
        assert app.database.path == folder / DB_FILENAME


def test_an_empty_file_is_taken_as_a_new_database(data_dir: Path) -> None:
    (data_dir / DB_FILENAME).touch()
    with Jalon.open(data_dir), Jalon.open(data_dir) as again:
        assert again.database.path == data_dir / DB_FILENAME


def test_an_empty_sqlite_database_is_taken_as_a_new_database(data_dir: Path) -> None:
    with raw_sqlite(data_dir / DB_FILENAME) as connection:
        connection.execute("PRAGMA user_version = 0")
        connection.execute("VACUUM")
    with Jalon.open(data_dir) as app, app.uow() as uow:
        assert uow.assessments.list_latest() == []


def test_the_head_is_a_known_revision() -> None:
    assert head_revision() in known_revisions()


# --- unusable folders and databases ------------------------------------------------------------


def test_a_text_file_in_place_of_the_database_is_refused_untouched(data_dir: Path) -> None:
    (data_dir / DB_FILENAME).write_text("My notes about the workshop.\n", encoding="utf-8")
    error = refused(data_dir)
    assert "is not a Jalon database" in str(error)
    assert str(data_dir / DB_FILENAME) in str(error)
    assert sorted(p.name for p in data_dir.iterdir()) == [DB_FILENAME]


def test_a_file_shorter_than_a_sqlite_header_is_refused_untouched(data_dir: Path) -> None:
    (data_dir / DB_FILENAME).write_bytes(b"SQLite")
    assert "is not a Jalon database" in str(refused(data_dir))


def test_a_damaged_sqlite_file_is_refused_untouched(data_dir: Path) -> None:
    path = data_dir / DB_FILENAME
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    assert "is not a Jalon database" in str(refused(data_dir))


def test_another_programs_sqlite_database_is_refused_untouched(data_dir: Path) -> None:
    path = data_dir / DB_FILENAME
    with raw_sqlite(path) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        connection.execute("INSERT INTO invoices (total) VALUES (12.5)")
    error = refused(data_dir)
    assert "is not a Jalon database" in str(error)
    assert "Jalon will not change it" in str(error)
    assert sorted(p.name for p in data_dir.iterdir()) == [DB_FILENAME]


def test_another_programs_wal_database_is_refused_without_adding_files(data_dir: Path) -> None:
    path = data_dir / DB_FILENAME
    with raw_sqlite(path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    assert sorted(p.name for p in data_dir.iterdir()) == [DB_FILENAME]
    assert "is not a Jalon database" in str(refused(data_dir))
    assert sorted(p.name for p in data_dir.iterdir()) == [DB_FILENAME]


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE VIEW settings AS SELECT 1 AS x",
        "CREATE VIEW answers_view AS SELECT 1 AS x",
    ],
)
def test_a_database_with_no_tables_but_other_objects_is_refused_untouched(
    data_dir: Path, statement: str
) -> None:
    with raw_sqlite(data_dir / DB_FILENAME) as connection:
        connection.execute(statement)
    assert "is not a Jalon database" in str(refused(data_dir))
    with raw_sqlite(data_dir / DB_FILENAME) as connection:
        assert [r[0] for r in connection.execute("SELECT type FROM sqlite_master")] == ["view"]


def test_a_database_with_only_an_alembic_table_of_another_program_is_refused(
    data_dir: Path,
) -> None:
    with raw_sqlite(data_dir / DB_FILENAME) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        connection.execute("INSERT INTO alembic_version VALUES ('ae1027a6acf')")
        connection.execute("CREATE TABLE users (id INTEGER PRIMARY KEY)")
    assert "is not a Jalon database" in str(refused(data_dir))


def test_a_database_from_a_newer_jalon_is_refused_untouched(data_dir: Path) -> None:
    path = make_jalon_database(data_dir)
    with raw_sqlite(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    error = refused(data_dir)
    assert "newer version of Jalon" in str(error)
    assert error.message.params["version"] == "0099"
    assert sorted(p.name for p in data_dir.iterdir()) == [DB_FILENAME]


def test_a_newer_version_still_in_the_write_ahead_log_is_seen_and_refused(
    data_dir: Path,
) -> None:
    path = make_jalon_database(data_dir)
    with contextlib.closing(sqlite3.connect(path)) as live:
        # Another program keeps the database open: the change sits in the -wal file only.
        live.execute("PRAGMA journal_mode=WAL")
        live.execute("PRAGMA wal_autocheckpoint=0")
        live.execute("UPDATE alembic_version SET version_num = '0099'")
        live.commit()
        assert path.with_name(DB_FILENAME + "-wal").stat().st_size > 0
        main_file = path.read_bytes()
        with pytest.raises(StorageError) as info:
            Jalon.open(data_dir)
        assert "newer version of Jalon" in str(info.value)
        assert path.read_bytes() == main_file


def test_a_data_folder_below_a_regular_file_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    folder = blocker / "data"
    error = refused(folder)
    assert "cannot be written to" in str(error)
    assert str(folder) in str(error)
    assert blocker.read_text(encoding="utf-8") == "x"


def test_a_data_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "data"
    file.write_bytes(b"\x00\x01 not a folder")
    error = refused(file)
    assert "cannot be written to" in str(error)
    assert file.read_bytes() == b"\x00\x01 not a folder"


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0,
    reason="root writes through directory permissions; the file-below-a-file case covers it",
)
def test_a_read_only_data_folder_is_refused(data_dir: Path) -> None:
    data_dir.chmod(0o500)
    try:
        assert "cannot be written to" in str(refused(data_dir))
        assert list(data_dir.iterdir()) == []
    finally:
        data_dir.chmod(0o700)


def test_a_refused_database_can_be_opened_by_pointing_elsewhere(
    tmp_path: Path, data_dir: Path
) -> None:
    (data_dir / DB_FILENAME).write_text("not mine", encoding="utf-8")
    refused(data_dir)
    with Jalon.open(tmp_path / "other") as app:
        assert app.database.path == tmp_path / "other" / DB_FILENAME


def test_an_unreachable_database_server_is_refused_without_showing_the_password(
    data_dir: Path,
) -> None:
    url = "postgresql+psycopg://jalon:s3cret-pass@127.0.0.1:1/jalon?connect_timeout=2"
    with pytest.raises(StorageError) as info:
        Jalon.open(data_dir, url)
    message = str(info.value)
    assert "cannot be reached (" in message
    assert "could not be prepared" not in message
    assert "s3cret-pass" not in message
    assert "***" in message
    assert list(data_dir.iterdir()) == [], "nothing is written to the data folder"


@pytest.mark.parametrize("url", ["nosuchdialect://host/db", "postgresql+nosuchdriver://h/db"])
def test_a_database_url_that_cannot_be_used_is_refused(data_dir: Path, url: str) -> None:
    with pytest.raises(StorageError, match="cannot be used"):
        Jalon.open(data_dir, url)


def test_a_sqlite_database_given_by_url_gets_the_same_connection_settings(
    tmp_path: Path, data_dir: Path
) -> None:
    url = str(URL.create("sqlite", database=str(tmp_path / "by-url.sqlite3")))
    with Jalon.open(data_dir, url) as app, app.database.engine.connect() as connection:
        assert app.database.path is None
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
