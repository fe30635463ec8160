"""Backups of the SQLite database with SQLite's own online backup API.

Two kinds live in the data folder's ``backups/``: a rolling set taken at start-up (at most one
every :data:`ROLLING_INTERVAL`, the newest :data:`KEEP_ROLLING` kept) and one taken before
each migration (never pruned). A backup is written to a ``.partial`` file named after the
process writing it, checked, then renamed: a backup file that exists is whole. A start-up
backup of a database that fails SQLite's ``quick_check`` is not kept, so a damaged database
never pushes a good backup out of the set.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePath

from jalon.core.errors import N_, StorageError
from jalon.fileio import pid_alive
from jalon.store.faults import DatabaseDamagedError

#: How many start-up backups to keep; backups taken before a migration are never pruned.
KEEP_ROLLING = 5
#: A start-up backup is skipped when the newest one is younger than this.
ROLLING_INTERVAL = timedelta(hours=12)
STARTUP_LABEL = "startup"
_NAME = re.compile(r"^jalon-(\d{8}T\d{6}\d{6}Z)-([a-z0-9-]+)\.sqlite3$")
_PARTIAL = re.compile(r"^jalon-.*\.(\d+)\.partial$")


@dataclass(frozen=True, slots=True)
class BackupFile:
    """A backup in the backups folder, as its name tells it."""

    path: Path
    taken_at: datetime
    label: str

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def backup_files(folder: Path) -> list[BackupFile]:
    """The backups in ``folder``, newest first (``.partial`` files are not backups)."""
    found = []
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            match = _NAME.match(path.name)
            if match is None or not path.is_file():
                continue
            taken = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
            found.append(BackupFile(path, taken, match.group(2)))
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def file_uri(path: PurePath) -> str:
    """``path`` as a SQLite ``file:`` URI, on every platform.

    ``Path.as_uri`` quotes ``?``, ``#`` and ``%`` in names, but writes a Windows network path
    (``\\\\server\\share\\...``) as ``file://server/share/...``, whose authority SQLite
    refuses: SQLite wants the server inside the path, ``file:////server/share/...``.
    """
    absolute = path if path.is_absolute() or not isinstance(path, Path) else path.absolute()
    uri = absolute.as_uri()
    if uri.startswith("file://") and not uri.startswith("file:///"):
        uri = "file:////" + uri[len("file://") :]
    return uri


def read_only_uri(path: Path) -> str:
    """A URI that opens ``path`` without writing anything beside it.

    With no ``-wal`` file every page is in the main file and it is opened as immutable (a
    read-only connection to a WAL database would otherwise leave ``-wal``/``-shm`` files).
    """
    uri = f"{file_uri(path)}?mode=ro"
    if not path.with_name(path.name + "-wal").exists():
        uri += "&immutable=1"
    return uri


def quick_check(path: Path) -> str:
    """SQLite's ``quick_check`` of ``path``, opened read-only: ``"ok"`` or the first problem.

    A file SQLite cannot read at all gives the driver's message.
    """
    try:
        with contextlib.closing(sqlite3.connect(read_only_uri(path), uri=True)) as db:
            rows = db.execute("PRAGMA quick_check(1)").fetchall()
    except sqlite3.Error as exc:
        return str(exc) or type(exc).__name__
    # One line: SQLite's answer may span several ("*** in database main ***\nPage 24: ...").
    return " ".join(str(rows[0][0]).split()) if rows else "no answer"


def backup_sqlite(
    source: Path, folder: Path, *, label: str, now: datetime | None = None, check: bool = False
) -> Path:
    """Copy ``source`` into ``folder`` as a consistent snapshot; returns the backup's path.

    With ``check`` the copy must pass ``quick_check`` or it is removed and
    :class:`DatabaseDamagedError` raised (the source is damaged: the copy is page for page).
    """
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"jalon-{stamp}-{label}.sqlite3"
    partial = folder / f"{target.name}.{os.getpid()}.partial"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))  # private
        with (
            contextlib.closing(sqlite3.connect(f"{file_uri(source)}?mode=ro", uri=True)) as src,
            contextlib.closing(sqlite3.connect(partial)) as dst,
        ):
            src.backup(dst)
        problem = quick_check(partial) if check else "ok"
        if problem != "ok":
            raise DatabaseDamagedError(
                N_(
                    "The database {file} failed SQLite's check ({detail}), so no backup of it "
                    "was kept. Restore the newest good backup (Jalon offers it, or run 'jalon "
                    "doctor --restore')."
                ),
                file=str(source),
                detail=problem[:300],
            )
        partial.replace(target)
    except (OSError, sqlite3.Error, DatabaseDamagedError) as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        if isinstance(exc, DatabaseDamagedError):
            raise
        raise StorageError(
            N_(
                "A backup of {file} could not be written to {folder} ({detail}). Nothing was "
                "changed; free some disk space and try again."
            ),
            file=str(source),
            folder=str(folder),
            detail=str(exc),
        ) from None
    return target


def remove_stale_partials(folder: Path) -> list[Path]:
    """Remove ``.partial`` files left by a backup whose process died (killed, power cut)."""
    removed = []
    with contextlib.suppress(OSError):
        for path in folder.glob("*.partial"):
            match = _PARTIAL.match(path.name)
            if match is not None and pid_alive(int(match.group(1))):
                continue  # another process is writing it right now
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


def _last_change(source: Path) -> float:
    """When ``source`` last changed: its own time or its write-ahead log's, the later."""
    times = [source.stat().st_mtime]
    with contextlib.suppress(OSError):
        times.append(source.with_name(source.name + "-wal").stat().st_mtime)
    return max(times)


def rolling_backup_due(source: Path, folder: Path, now: datetime | None = None) -> bool:
    """Whether a start-up backup is due: there is a database, and the newest start-up backup
    is older than :data:`ROLLING_INTERVAL` and older than the database's last change."""
    if not source.exists() or source.stat().st_size == 0:
        return False
    startups = [b for b in backup_files(folder) if b.label == STARTUP_LABEL]
    if not startups:
        return True
    newest = startups[0]
    if (now or datetime.now(UTC)) - newest.taken_at < ROLLING_INTERVAL:
        return False
    with contextlib.suppress(OSError):
        if _last_change(source) <= newest.path.stat().st_mtime:
            return False  # nothing changed since: the newest backup is this very database
    return True


def rolling_backup(source: Path, folder: Path, now: datetime | None = None) -> Path | None:
    """A checked start-up backup now, keeping the newest :data:`KEEP_ROLLING`; None when
    there is no database yet.

    Raises :class:`DatabaseDamagedError` when the database fails the check (no backup is
    kept and none is pruned), :class:`StorageError` when the backup cannot be written.
    """
    remove_stale_partials(folder)
    if not source.exists() or source.stat().st_size == 0:
        return None
    path = backup_sqlite(source, folder, label=STARTUP_LABEL, now=now, check=True)
    startups = [b for b in backup_files(folder) if b.label == STARTUP_LABEL]
    for old in startups[KEEP_ROLLING:]:
        with contextlib.suppress(OSError):
            old.path.unlink()
    return path


def startup_backup(source: Path, folder: Path, now: datetime | None = None) -> Path | None:
    """The start-up backup when one is due (see :func:`rolling_backup_due`), else None.

    Cheap when none is due: a directory listing and two ``stat`` calls.
    """
    if not rolling_backup_due(source, folder, now):
        remove_stale_partials(folder)
        return None
    return rolling_backup(source, folder, now)
