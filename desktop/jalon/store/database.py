"""Opening the database: checks, backup, migrations, and the connection settings.

SQLite (the default) lives in the data directory as ``jalon.sqlite3`` with WAL journaling,
``synchronous=FULL`` and foreign keys on. Any other SQLAlchemy URL (PostgreSQL for a shared
secretariat) works the same way, through the same migrations.

Opening refuses, with a clear error and without writing anything, a data folder that cannot be
written, a file that is not a Jalon database, and a database made by a newer Jalon.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, inspect
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from jalon.core.errors import N_, StorageError
from jalon.store.backup import backup_sqlite, quick_check, read_only_uri
from jalon.store.faults import (
    DatabaseDamagedError,
    Fault,
    classify,
    fault_error,
    storage_failure,
)

DB_FILENAME = "jalon.sqlite3"
SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: How many times opening a new SQLite file is tried again when another process creating it at
#: the same moment has it locked.
NEW_FILE_BUSY_RETRIES = 3
#: Tables every Jalon database has; a database with tables but none of these is foreign.
JALON_TABLES = {"alembic_version", "assessment_revisions"}


@dataclass
class Database:
    """An open, migrated database and the sessions that talk to it."""

    engine: Engine
    sessions: sessionmaker[Session]
    path: Path | None  # the SQLite file, or None for a server database
    backup_path: Path | None = None  # the backup taken before migrating, if any
    created: bool = False  # the database was new (empty) when opened

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
    finally:
        cursor.close()


def _alembic_config(connection: Any = None) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def known_revisions() -> list[str]:
    """This version's migration ids, oldest first.

    Read from the file names (``NNNN_what.py`` holds revision ``NNNN``, a test checks it) so
    that opening an up-to-date database never pays for importing Alembic.
    """
    return sorted(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def head_revision() -> str:
    return known_revisions()[-1]


def _check_writable_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise StorageError(
            N_(
                "The data folder {folder} cannot be written to ({detail}). Choose a folder you "
                "can write to with --data-dir, or fix its permissions."
            ),
            folder=str(folder),
            detail=exc.strerror or type(exc).__name__,
        ) from None


def _not_jalon(where: str) -> StorageError:
    return StorageError(
        N_(
            "{file} is not a Jalon database. Choose another data folder with --data-dir, or "
            "move that file away; Jalon will not change it."
        ),
        file=where,
    )


def _too_new(where: str, version: str) -> StorageError:
    return StorageError(
        N_(
            "{file} was made by a newer version of Jalon (schema {version}). Install the newer "
            "version of Jalon to open it; this version will not change it."
        ),
        file=where,
        version=version,
    )


def _damaged(where: str, detail: str) -> DatabaseDamagedError:
    return DatabaseDamagedError(
        N_(
            "{file} is damaged or is not a Jalon database ({detail}). Restore the newest good "
            "backup (Jalon offers it when it opens, or run 'jalon doctor --restore'); the file "
            "itself is kept as it is."
        ),
        file=where,
        detail=detail,
    )


def _check_writable_database(path: Path) -> None:
    """Refuse, before anything is written, a database file SQLite could only read: every
    change would fail later, after the person has typed it."""
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists() and not os.access(file, os.R_OK | os.W_OK):
            raise fault_error(Fault.READ_ONLY, path.parent, f"{file.name}: read-only")


def _inspect_sqlite_file(path: Path) -> str | None:
    """The file's Alembic revision (None for a new, empty file); refuses foreign files."""
    try:
        if not path.exists() or path.stat().st_size == 0:
            return None
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise fault_error(Fault.READ_ONLY, path.parent, exc.strerror or str(exc)) from None
    if header != SQLITE_HEADER:
        raise _not_jalon(str(path))
    # With no -wal file, read the file as immutable: that writes nothing at all (a read-only
    # connection to a WAL database would leave -wal and -shm files), so a refused database is
    # left exactly as it was.
    uri = read_only_uri(path)
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as connection:
            objects = connection.execute("SELECT type, name FROM sqlite_master").fetchall()
            if not objects:
                return None
            # Any object (even a lone view or index) means someone else's database, not an
            # empty file: migrating it would mix Jalon's tables into it.
            tables = {name for kind, name in objects if kind == "table"}
            if not tables >= JALON_TABLES:
                raise _not_jalon(str(path))
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        # The file starts like a SQLite database but SQLite cannot read it: damaged (or
        # someone else's file with a SQLite header). A permission problem is not damage.
        specific = storage_failure(exc, path.parent)
        if specific is not None and not isinstance(specific, DatabaseDamagedError):
            raise specific from None
        raise _damaged(str(path), str(exc)) from None
    return row[0] if row else None


class Condition(StrEnum):
    """What :func:`diagnose` finds in a SQLite file."""

    OK = "ok"
    MISSING = "missing"  # no file, or an empty one: a new database
    CORRUPT = "corrupt"
    FOREIGN = "foreign"
    TOO_NEW = "too_new"
    UNREADABLE = "unreadable"


@dataclass(frozen=True, slots=True)
class Diagnosis:
    condition: Condition
    detail: str = ""
    version: str | None = None  # the schema revision, when it could be read


def diagnose(path: Path, *, check: bool = True) -> Diagnosis:
    """Read ``path`` without writing anything and say whether Jalon can use it; ``check``
    adds SQLite's ``quick_check`` (about 40 ms for 5,000 assessments, warm)."""
    try:
        if not path.exists() or path.stat().st_size == 0:
            return Diagnosis(Condition.MISSING)
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        return Diagnosis(Condition.UNREADABLE, exc.strerror or str(exc))
    if header != SQLITE_HEADER:
        return Diagnosis(Condition.FOREIGN, "no SQLite header")
    try:
        with contextlib.closing(sqlite3.connect(read_only_uri(path), uri=True)) as connection:
            objects = connection.execute("SELECT type, name FROM sqlite_master").fetchall()
            tables = {name for kind, name in objects if kind == "table"}
            if not objects:
                return Diagnosis(Condition.MISSING)
            if not tables >= JALON_TABLES:
                return Diagnosis(Condition.FOREIGN, "not Jalon's tables")
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        fault = classify(exc)
        if fault is Fault.READ_ONLY:
            return Diagnosis(Condition.UNREADABLE, str(exc))
        return Diagnosis(Condition.CORRUPT, str(exc))
    version = row[0] if row else None
    if version is not None and version not in known_revisions():
        return Diagnosis(Condition.TOO_NEW, version, version)
    if check:
        problem = quick_check(path)
        if problem != "ok":
            return Diagnosis(Condition.CORRUPT, problem[:300], version)
    return Diagnosis(Condition.OK, "", version)


def _inspect_server(bind: Engine | Connection, where: str) -> str | None:
    tables = set(inspect(bind).get_table_names())
    if not tables:
        return None
    if not tables >= JALON_TABLES:
        raise _not_jalon(where)
    query = "SELECT version_num FROM alembic_version"
    if isinstance(bind, Connection):
        row = bind.exec_driver_sql(query).fetchone()
    else:
        with bind.connect() as connection:
            row = connection.exec_driver_sql(query).fetchone()
    return row[0] if row else None


#: The PostgreSQL advisory lock that serializes Jalon's migrations of one database (advisory
#: locks belong to the database they are taken in): b"jalon-mi" as a signed 64-bit number.
MIGRATION_LOCK = int.from_bytes(b"jalon-mi", "big", signed=True)
#: How long a process waits for another one's migration of the same server database.
MIGRATION_WAIT_SECONDS = 300


def migrate(engine: Engine, where: str | None = None) -> None:
    """Bring the database up to the newest schema, all or nothing.

    Several processes may open a new (or older) database at the same moment, each having seen
    that it needs migrating: the first one migrates, the others wait for it, then find the
    database up to date and change nothing. On PostgreSQL a transaction-level advisory lock
    does this; on SQLite, ``BEGIN IMMEDIATE`` takes the file's write lock before Alembic reads
    the version. Either way Alembic reads the version with the lock held.
    """
    from alembic import command

    with engine.begin() as connection:
        dialect = connection.dialect.name
        if dialect == "sqlite":
            # pysqlite opens a transaction only before INSERT/UPDATE/DELETE, so each CREATE
            # would commit on its own and a failed migration would leave half a schema. SQLite
            # DDL is transactional: open the transaction ourselves so it is all or nothing,
            # taking the write lock at once (another process's migration is waited for).
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif dialect == "postgresql":
            # Released with the transaction, however it ends (a killed process included).
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{MIGRATION_WAIT_SECONDS}s'")
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
            # Once the lock is ours, another process may have finished migrating: settle it
            # again, with the lock held (a database that became foreign or newer is refused).
            where = where or _redact(engine.url.render_as_string())
            version = _inspect_server(connection, where)
            if version is not None and version not in known_revisions():
                raise _too_new(where, version)
            if version == head_revision():
                return
        command.upgrade(_alembic_config(connection), "head")


def open_database(
    data_dir: Path, url: str | None = None, *, now: datetime | None = None
) -> Database:
    """Open (creating or upgrading as needed) the database of ``data_dir`` or at ``url``."""
    if url:
        return _open_server(url)
    # Absolute: SQLite's read-only checks and backups open the file by URI, which needs one.
    data_dir = data_dir.absolute()
    _check_writable_folder(data_dir)
    path = data_dir / DB_FILENAME
    _check_writable_database(path)
    version = _inspect_sqlite_file(path)
    if version is not None and version not in known_revisions():
        raise _too_new(str(path), version)
    backup = None
    if version is not None and version != head_revision():
        backup = backup_sqlite(
            path, data_dir / "backups", label=f"before-{head_revision()}", now=now
        )
    # URL.create quotes the path: a folder named with "?" or "#" must not end the file name.
    engine = create_engine(URL.create("sqlite", database=str(path)), future=True)
    event.listen(engine, "connect", _sqlite_pragmas)
    try:
        for attempt in range(NEW_FILE_BUSY_RETRIES + 1):
            try:
                if version != head_revision():
                    migrate(engine)
                else:  # up to date: just open it, applying the connection settings now
                    with engine.connect():
                        pass
                break
            except (SQLAlchemyError, sqlite3.Error) as exc:
                # Several processes creating the same new file at once: switching it to WAL
                # can answer "locked" without waiting. Once it is switched, that is over.
                if version is not None or attempt == NEW_FILE_BUSY_RETRIES:
                    raise
                if classify(exc) is not Fault.BUSY:
                    raise
                engine.dispose()
    except (SQLAlchemyError, sqlite3.Error) as exc:
        engine.dispose()
        specific = storage_failure(exc, data_dir)
        if specific is not None:
            raise specific from None
        raise StorageError(
            N_(
                "The database {file} could not be prepared ({detail}). Nothing was changed; "
                "check the disk and try again."
            ),
            file=str(path),
            detail=str(getattr(exc, "orig", exc)),
        ) from None
    return Database(
        engine, sessionmaker(engine, expire_on_commit=False), path, backup, version is None
    )


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except SQLAlchemyError:
        return "(invalid URL)"


def _detail(exc: BaseException) -> str:
    """The first line of the driver's own message."""
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0][:300] if lines else type(exc).__name__


def _sqlstate(exc: BaseException) -> str:
    return str(getattr(getattr(exc, "orig", None), "sqlstate", None) or "")


def _unreachable(where: str, exc: BaseException) -> StorageError:
    """No connection could be made: the server, the network, or the URL itself (host, port,
    database name, user, password) is the thing to check."""
    return StorageError(
        N_(
            "The database at {url} cannot be reached ({detail}). Check that the server is "
            "running and the URL is right."
        ),
        url=where,
        detail=_detail(exc),
    )


def _not_prepared(where: str, exc: BaseException) -> StorageError:
    """The server answered, but Jalon's tables could not be created or upgraded: the URL is
    not what to check. The migration runs in one transaction: nothing was changed."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return StorageError(
            N_(
                "The database at {url} stopped answering while Jalon was preparing it "
                "({detail}). Nothing was changed; check that the server is running, then try "
                "again."
            ),
            url=where,
            detail=_detail(exc),
        )
    state = _sqlstate(exc)
    if state == "42501":  # insufficient_privilege
        return StorageError(
            N_(
                "The database user of {url} may not create Jalon's tables ({detail}). Nothing "
                "was changed; ask the database's administrator for that right, or use a user "
                "that has it."
            ),
            url=where,
            detail=_detail(exc),
        )
    if state == "55P03":  # lock_not_available: another migration held the lock too long
        return StorageError(
            N_(
                "Another Jalon has been preparing the database at {url} for more than {minutes} "
                "minutes. Nothing was changed; try again once it has finished."
            ),
            url=where,
            minutes=MIGRATION_WAIT_SECONDS // 60,
        )
    return StorageError(
        N_(
            "The database at {url} answered, but Jalon's tables could not be prepared in it "
            "({detail}). Nothing was changed; try again, and if it happens again, show this "
            "message to the database's administrator."
        ),
        url=where,
        detail=_detail(exc),
    )


def _open_server(url: str) -> Database:
    where = _redact(url)
    try:
        engine = create_engine(url, future=True, pool_pre_ping=True)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise StorageError(
            N_(
                "The database URL {url} cannot be used ({detail}). Give a URL such as "
                "postgresql+psycopg://user@host/jalon."
            ),
            url=where,
            detail=str(exc),
        ) from None
    if engine.dialect.name == "sqlite":  # a SQLite file named by URL gets the same settings
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        with engine.connect():
            pass
    except SQLAlchemyError as exc:
        engine.dispose()
        raise _unreachable(where, exc) from None
    try:
        version = _inspect_server(engine, where)
        if version is not None and version not in known_revisions():
            raise _too_new(where, version)
        if version != head_revision():
            migrate(engine, where)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise _not_prepared(where, exc) from None
    except StorageError:
        engine.dispose()
        raise
    return Database(engine, sessionmaker(engine, expire_on_commit=False), None)


def utcnow() -> datetime:
    return datetime.now(UTC)
