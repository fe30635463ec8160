"""Backups of the SQLite database with SQLite's own online backup API.

Two kinds live in the data folder's ``backups/``: a rolling set (taken at start-up, at most one
every :data:`ROLLING_INTERVAL`, and by the app after a sign-and-export, an import batch, on a
clean quit and hourly while editing) and one taken before each migration (``before-<rev>``,
never pruned), plus the backups kept when a person chose to start with an empty database
(``kept-<label>``, never pruned). Rolling backups are pruned by :func:`prune`: the newest
:data:`KEEP_ROLLING`, and the newest of each day for :data:`KEEP_DAYS` days, are kept.

A backup is written to a ``.partial`` file named after the process writing it, checked, then
renamed: a backup file that exists is whole. A backup of a database that fails SQLite's
``quick_check`` is not kept, so a damaged database never pushes a good backup out of the set.
SQLite cannot open a file whose path is longer than about 500 bytes: in a data folder that
deep the backup is made in the system's temporary folder and copied into place.
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
from jalon.fileio import copy_atomically, pid_alive, sync_folder
from jalon.store.faults import DatabaseDamagedError

#: How many of the newest rolling backups to keep; backups taken before a migration are never
#: pruned.
KEEP_ROLLING = 5
#: For this many days, the newest rolling backup of each day is kept too.
KEEP_DAYS = 31
#: Labels of backups that :func:`prune` never removes start with one of these.
PERMANENT_PREFIXES = ("before-", "kept-")
#: SQLite refuses paths longer than this (SQLITE_MAX_PATHNAME is 512, less its own suffixes).
SQLITE_PATH_LIMIT = 480
#: A start-up backup is skipped when the newest one is younger than this.
ROLLING_INTERVAL = timedelta(hours=12)
STARTUP_LABEL = "startup"
_NAME = re.compile(r"^jalon-(\d{8}T\d{6}\d{6}Z)-([a-z0-9-]+)\.sqlite3$")
_PARTIAL = re.compile(r"^jalon.*\.(\d+)\.(?:partial|restoring)$")


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
    if len(os.fsencode(partial.absolute())) > SQLITE_PATH_LIMIT:
        return _backup_via_temporary(source, target, check=check)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))  # private
        with (
            contextlib.closing(sqlite3.connect(f"{file_uri(source)}?mode=ro", uri=True)) as src,
            contextlib.closing(sqlite3.connect(partial)) as dst,
        ):
            src.backup(dst)
        _fsync(partial)
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
        sync_folder(folder)
    except (OSError, sqlite3.Error, DatabaseDamagedError) as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        if isinstance(exc, DatabaseDamagedError):
            raise
        raise _not_written(source, folder, exc) from None
    return target


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _not_written(source: Path, folder: Path, exc: BaseException) -> StorageError:
    from jalon.store.faults import Fault, classify

    if classify(exc) is Fault.FULL or "full" in str(exc).lower():
        return StorageError(
            N_(
                "The disk is full: a backup of {file} could not be written to {folder}. "
                "Nothing was changed; free some space on that disk and the next backup will "
                "be taken."
            ),
            file=str(source),
            folder=str(folder),
        )
    return StorageError(
        N_(
            "A backup of {file} could not be written to {folder} ({detail}). Nothing was "
            "changed; free some disk space and try again."
        ),
        file=str(source),
        folder=str(folder),
        detail=str(exc),
    )


def _backup_via_temporary(source: Path, target: Path, *, check: bool) -> Path:
    """A backup for a folder whose path is too long for SQLite: made in the system's
    temporary folder, checked there, then copied into place atomically."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="jalon-backup-") as scratch:
        made = Path(scratch) / "backup.sqlite3"
        try:
            with (
                contextlib.closing(sqlite3.connect(f"{file_uri(source)}?mode=ro", uri=True)) as src,
                contextlib.closing(sqlite3.connect(made)) as dst,
            ):
                src.backup(dst)
            problem = quick_check(made) if check else "ok"
        except (OSError, sqlite3.Error) as exc:
            raise _not_written(source, target.parent, exc) from None
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
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            copy_atomically(made, target, temporary_suffix=f".{os.getpid()}.partial")
        except (OSError, StorageError) as exc:
            raise _not_written(source, target.parent, exc) from None
    return target


def remove_stale_partials(folder: Path) -> list[Path]:
    """Remove ``.partial`` files left by a backup (and ``.restoring`` files left by a restore)
    whose process died (killed, power cut)."""
    removed = []
    with contextlib.suppress(OSError):
        for path in [*folder.glob("*.partial"), *folder.glob("*.restoring")]:
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
    taken = backup_files(folder)
    if not taken:
        return True
    newest = taken[0]
    if (now or datetime.now(UTC)) - newest.taken_at < ROLLING_INTERVAL:
        return False
    with contextlib.suppress(OSError):
        if _last_change(source) <= newest.path.stat().st_mtime:
            return False  # nothing changed since: the newest backup is this very database
    return True


def rolling_backup(
    source: Path, folder: Path, now: datetime | None = None, *, label: str = STARTUP_LABEL
) -> Path | None:
    """A checked start-up backup now, keeping the newest :data:`KEEP_ROLLING`; None when
    there is no database yet.

    Raises :class:`DatabaseDamagedError` when the database fails the check (no backup is
    kept and none is pruned), :class:`StorageError` when the backup cannot be written.
    """
    remove_stale_partials(folder)
    if not source.exists() or source.stat().st_size == 0:
        return None
    path = backup_sqlite(source, folder, label=label, now=now, check=True)
    prune(folder, now)
    return path


def permanent(label: str) -> bool:
    """Whether a backup with ``label`` is never pruned (before a migration, or kept)."""
    return label.startswith(PERMANENT_PREFIXES)


def prune(folder: Path, now: datetime | None = None) -> list[Path]:
    """Remove the backups no longer needed: keeps the newest :data:`KEEP_ROLLING`, the newest
    of each of the last :data:`KEEP_DAYS` days, every ``kept-`` backup, and of the copies
    taken before a migration, the first and the last of each (a migration tried at every
    start until it works would otherwise leave one copy per start)."""
    moment = now or datetime.now(UTC)
    taken = backup_files(folder)  # newest first
    rolling = [b for b in taken if not permanent(b.label)]
    keep = {b.path for b in rolling[:KEEP_ROLLING]}
    keep |= {b.path for b in taken if b.label.startswith("kept-")}
    by_migration: dict[str, list[BackupFile]] = {}
    for b in taken:
        if b.label.startswith("before-"):
            by_migration.setdefault(b.label, []).append(b)
    for copies in by_migration.values():
        keep |= {copies[0].path, copies[-1].path}
    days: set[object] = set()
    for b in rolling:
        day = b.taken_at.date()
        if moment - b.taken_at <= timedelta(days=KEEP_DAYS) and day not in days:
            days.add(day)
            keep.add(b.path)
    removed = []
    for b in [*rolling, *(b for copies in by_migration.values() for b in copies)]:
        if b.path not in keep:
            with contextlib.suppress(OSError):
                b.path.unlink()
                removed.append(b.path)
    return removed


def relabel_as_kept(folder: Path) -> list[Path]:
    """Make every rolling backup permanent (``kept-<label>``): for when a person chose to
    start with an empty database, so that its backups never push out the old database's."""
    renamed = []
    for b in backup_files(folder):
        if permanent(b.label):
            continue
        target = b.path.with_name(
            b.path.name.replace(f"-{b.label}.sqlite3", f"-kept-{b.label}.sqlite3")
        )
        with contextlib.suppress(OSError):
            b.path.rename(target)
            renamed.append(target)
    sync_folder(folder)
    return renamed


def startup_backup(source: Path, folder: Path, now: datetime | None = None) -> Path | None:
    """The start-up backup when one is due (see :func:`rolling_backup_due`), else None.

    Cheap when none is due: a directory listing and two ``stat`` calls.
    """
    if not rolling_backup_due(source, folder, now):
        remove_stale_partials(folder)
        return None
    return rolling_backup(source, folder, now)


@dataclass(frozen=True, slots=True)
class Contents:
    """What a database file holds, read without writing anything: the number of assessments
    and the latest change to any of them (None when there is none)."""

    assessments: int
    latest_change: datetime | None


@dataclass(frozen=True, slots=True)
class StoredAssessment:
    """The newest revision of one assessment in a database file, read-only."""

    assessment_id: str
    title: str
    jurisdiction_en: str
    jurisdiction_fr: str
    revision: int
    status: str
    updated_at: datetime


def _moment(value: object) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)
    except ValueError:
        return None


def contents(path: Path) -> Contents | None:
    """What the database at ``path`` holds; None when it cannot be read."""
    try:
        with contextlib.closing(sqlite3.connect(read_only_uri(path), uri=True)) as db:
            count, latest = db.execute(
                "SELECT COUNT(DISTINCT assessment_id), MAX(updated_at) FROM assessment_revisions"
            ).fetchone()
    except sqlite3.Error:
        return None
    return Contents(int(count or 0), _moment(latest))


def stored_assessments(path: Path) -> list[StoredAssessment]:
    """The newest revision of every assessment in the database at ``path``, most recently
    changed first, read-only (the file is not changed); raises :class:`StorageError` when it
    cannot be read."""
    query = (
        "SELECT r.assessment_id, r.title, r.jurisdiction_name_en, r.jurisdiction_name_fr, "
        "r.revision, r.status, r.updated_at FROM assessment_revisions r "
        "JOIN (SELECT assessment_id, MAX(revision) AS revision FROM assessment_revisions "
        "GROUP BY assessment_id) n ON n.assessment_id = r.assessment_id "
        "AND n.revision = r.revision ORDER BY r.updated_at DESC"
    )
    try:
        with contextlib.closing(sqlite3.connect(read_only_uri(path), uri=True)) as db:
            rows = db.execute(query).fetchall()
    except sqlite3.Error as exc:
        raise StorageError(
            N_("The backup {file} cannot be read ({detail}). Choose another backup."),
            file=str(path),
            detail=str(exc)[:300],
        ) from None
    return [
        StoredAssessment(
            str(r[0]),
            str(r[1]),
            str(r[2]),
            str(r[3]),
            int(r[4]),
            str(r[5]),
            _moment(r[6]) or datetime.min.replace(tzinfo=UTC),
        )
        for r in rows
    ]
