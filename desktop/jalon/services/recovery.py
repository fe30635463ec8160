"""The database's health, its backups, and restoring the newest good one.

For the recovery window and ``jalon doctor``. Nothing here writes to a database it checks:
files are opened read-only (as immutable when no write-ahead log is beside them). A full
disk, a read-only disk and changed permissions are told apart from damage: their remedy is
to free space or fix the permissions, never to restore a backup (which would lose data).

Restoring never overwrites nor deletes the damaged file, and is atomic: the backup is copied
beside the database with SQLite's backup API (``jalon.sqlite3.<pid>.restoring``), fsynced and
checked; the current files get a second name, ``jalon-damaged-<time>.sqlite3`` (with its
``-wal`` and ``-shm``, hard links or copies); the current ``-wal``/``-shm`` are removed (they
would be replayed into the restored file); one rename puts the copy in place and the folder
is synced. A kill at any moment leaves a database: the old one or the restored one.

A check of the whole database (``quick_check``) takes about 40 ms for 5,000 assessments when
the file is in the system's cache, and about 0.4 s when it is not (the first start after the
computer starts): the app runs :func:`check_database` after its window shows, in the
background. A damaged database is also refused by ``Jalon.open`` when it takes its start-up
backup (at most every 12 hours), and by every save that meets the damage.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from jalon import paths
from jalon.core.errors import N_, Message, StorageError
from jalon.fileio import copy_atomically, disk_full, sync_folder
from jalon.services import instance
from jalon.services.app import BACKUPS
from jalon.services.history import DatabaseMissingError, missing_error, signs_of_a_database
from jalon.store.backup import (
    StoredAssessment,
    backup_files,
    contents,
    quick_check,
    read_only_uri,
    relabel_as_kept,
    remove_stale_partials,
    stored_assessments,
)
from jalon.store.database import DB_FILENAME, Condition, diagnose
from jalon.store.faults import DatabaseDamagedError, Fault, classify

__all__ = [
    "Backup",
    "DatabaseDamagedError",
    "DatabaseMissingError",
    "Health",
    "Restoration",
    "State",
    "StoredAssessment",
    "backup_assessments",
    "check_database",
    "database_path",
    "keep_backups_and_start_empty",
    "list_backups",
    "refuse_damaged",
    "restore_backup",
    "restore_newest_good_backup",
]

DAMAGED_PREFIX = "jalon-damaged-"


class State(StrEnum):
    """The health of a data folder's database."""

    OK = "ok"
    MISSING = "missing"  # no database yet: Jalon creates one
    CORRUPT = "corrupt"
    FOREIGN = "foreign"  # a file that is not a Jalon database
    TOO_NEW = "too_new"  # made by a newer Jalon
    UNREADABLE = "unreadable"  # permissions
    LOST = "lost"  # missing or empty, where there was one (backups, keys, settings)
    FULL = "full"  # the disk is full: the database is fine, nothing can be written
    READ_ONLY = "read_only"  # the disk or the files cannot be written: the database is fine


@dataclass(frozen=True, slots=True)
class Health:
    """What :func:`check_database` found, with a translated-on-display explanation."""

    state: State
    database: Path
    message: Message
    detail: str = ""

    @property
    def ok(self) -> bool:
        """Jalon can open and use the database (a missing one is created)."""
        return self.state in (State.OK, State.MISSING)

    @property
    def restorable(self) -> bool:
        """Restoring a backup is the remedy: the recovery screen offers it."""
        return self.state in (State.CORRUPT, State.FOREIGN, State.LOST)


@dataclass(frozen=True, slots=True)
class Backup:
    """One backup in the data folder's ``backups/``; ``good`` when it passes SQLite's check
    and is a Jalon database this version can open (``problem`` says why not otherwise)."""

    path: Path
    taken_at: datetime
    size: int
    good: bool
    label: str  # "startup", "export", "import", "quit", "hourly", "before-<revision>", ...
    problem: str = ""
    #: How many assessments it holds, and their latest change (None when it cannot be read).
    assessments: int | None = None
    latest_change: datetime | None = None

    @property
    def before_migration(self) -> bool:
        return self.label.startswith("before-")


@dataclass(frozen=True, slots=True)
class Restoration:
    """What :func:`restore_newest_good_backup` did."""

    backup: Backup
    database: Path
    #: The damaged database and its -wal/-shm, under their new names (empty if there was none).
    kept: tuple[Path, ...] = field(default_factory=tuple)


def _folder(data_dir: str | os.PathLike[str] | None) -> Path:
    return paths.data_dir(data_dir).absolute()


def database_path(data_dir: str | os.PathLike[str] | None = None) -> Path:
    return _folder(data_dir) / DB_FILENAME


def check_database(data_dir: str | os.PathLike[str] | None = None) -> Health:
    """The health of the database in ``data_dir`` (the default data folder when None).

    Safe beside an open app (it reads through its own read-only connection) and from a
    worker thread. Besides reading the database, it writes (and removes) a small file in the
    data folder, to tell a full or read-only disk from damage.
    """
    path = database_path(data_dir)
    found = diagnose(path)
    where = str(path)
    folder = path.parent
    if found.condition is Condition.MISSING:
        if signs_of_a_database(folder):
            return Health(State.LOST, path, missing_error(path).message)
        return Health(
            State.MISSING,
            path,
            Message(
                N_("There is no database in {folder} yet; Jalon creates one when it opens."),
                {"folder": str(folder)},
            ),
        )
    writing = (
        _writing_problem(path) if found.condition in (Condition.OK, Condition.CORRUPT) else None
    )
    if writing is not None and (
        found.condition is Condition.OK or classify_text(found.detail) is not Fault.DAMAGED
    ):
        return writing  # a failed read on a full or read-only disk is not damage
    if found.condition is Condition.OK:
        return Health(
            State.OK, path, Message(N_("The database {file} passed its check."), {"file": where})
        )
    if found.condition is Condition.CORRUPT:
        message = Message(
            N_(
                "The database {file} is damaged ({detail}). Restore the newest good backup; "
                "the damaged file is kept beside it under another name."
            ),
            {"file": where, "detail": found.detail},
        )
        return Health(State.CORRUPT, path, message, found.detail)
    if found.condition is Condition.FOREIGN:
        message = Message(
            N_(
                "{file} is not a Jalon database. Restore the newest good backup (the file is "
                "kept beside it under another name), or choose another data folder."
            ),
            {"file": where},
        )
        return Health(State.FOREIGN, path, message, found.detail)
    if found.condition is Condition.TOO_NEW:
        message = Message(
            N_(
                "{file} was made by a newer version of Jalon (schema {version}). Install the "
                "newer version of Jalon to open it; this version will not change it."
            ),
            {"file": where, "version": found.version or "?"},
        )
        return Health(State.TOO_NEW, path, message, found.detail)
    message = Message(
        N_(
            "The database {file} cannot be read ({detail}): permission is denied. It is not "
            "damaged: do not restore a backup. Give your user account the right to read and "
            "write the data folder and its jalon.sqlite3 files, then try again."
        ),
        {"file": where, "detail": found.detail},
    )
    return Health(State.UNREADABLE, path, message, found.detail)


def refuse_damaged(data_dir: str | os.PathLike[str] | None = None) -> None:
    """Refuse a data folder whose database file is damaged or is not a Jalon database, before
    the store opens it (opening writes ``-wal`` and ``-shm`` files beside it): raises
    :class:`DatabaseDamagedError`, or :class:`StorageError` for a foreign file, saying to run
    ``jalon doctor``. Reads only, through a connection that writes nothing; any other state
    is left to the store to open or explain."""
    path = database_path(data_dir)
    found = diagnose(path)
    if found.condition is Condition.CORRUPT:
        raise DatabaseDamagedError(
            N_(
                "The database {file} is damaged: Jalon cannot read it, and changed nothing. "
                "Run 'jalon doctor' to check it and list its backups, then 'jalon doctor "
                "--restore' to put the newest good backup in its place (the damaged file is "
                "kept under another name)."
            ),
            file=str(path),
        )
    if found.condition is Condition.FOREIGN:
        raise StorageError(
            N_(
                "{file} is damaged or is not a Jalon database: Jalon cannot read it, and "
                "changed nothing. Run 'jalon doctor' to check it and list the backups, then "
                "'jalon doctor --restore' to put the newest good backup in its place (the "
                "file is kept under another name), or choose another data folder with "
                "--data-dir."
            ),
            file=str(path),
        )


def classify_text(detail: str) -> Fault | None:
    """The fault a driver's message names (for a detail kept as text)."""
    import sqlite3 as _sqlite3

    return classify(_sqlite3.DatabaseError(detail)) if detail else None


#: Written to the data folder to see whether the disk has room: the size of a few saves.
_PROBE_BYTES = 256 * 1024


def _writing_problem(database: Path) -> Health | None:
    """A full disk, or a data folder or database that cannot be written; None when both can.

    Writes a small file in the data folder (and removes it): free space as the operating
    system reports it is not enough (quotas, limits set on the process)."""
    folder = database.parent
    # Named like an atomic write's temporary file: one a kill leaves is removed at start.
    probe = folder / f".jalon-space-check.{os.getpid()}.0.part"
    try:
        with probe.open("wb") as handle:
            handle.write(b"\0" * _PROBE_BYTES)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        with contextlib.suppress(OSError):
            probe.unlink()
        if disk_full(exc):
            return _full(database)
        return _read_only(database, exc.strerror or str(exc))
    with contextlib.suppress(OSError):
        probe.unlink()
    for file in (database, database.with_name(database.name + "-wal")):
        if file.exists() and not os.access(file, os.W_OK):
            return _read_only(database, f"{file.name}: read-only")
    return None


def _full(database: Path) -> Health:
    free = "?"
    with contextlib.suppress(OSError):
        free = f"{shutil.disk_usage(database.parent).free // (1024 * 1024)} MB"
    message = Message(
        N_(
            "The disk holding the data folder {folder} is full ({free} free). The database is "
            "not damaged: do not restore a backup. Free some space on that disk (empty the "
            "trash, move large files elsewhere), then start Jalon again."
        ),
        {"folder": str(database.parent), "free": free},
    )
    return Health(State.FULL, database, message, "disk full")


def _read_only(database: Path, detail: str) -> Health:
    message = Message(
        N_(
            "The data folder {folder} or its database cannot be written to ({detail}): the "
            "disk may be read-only, or the permissions were changed. The database is not "
            "damaged: do not restore a backup. Make the folder and its jalon.sqlite3 files "
            "writable again (or copy the folder somewhere writable and open it with "
            "--data-dir), then start Jalon again."
        ),
        {"folder": str(database.parent), "detail": detail},
    )
    return Health(State.READ_ONLY, database, message, detail)


def list_backups(data_dir: str | os.PathLike[str] | None = None) -> list[Backup]:
    """The backups of ``data_dir``, newest first, each checked (read-only)."""
    result = []
    for file in backup_files(_folder(data_dir) / BACKUPS):
        found = diagnose(file.path)
        try:
            size = file.size
        except OSError:
            continue  # removed meanwhile (pruned by a start-up backup)
        good = found.condition is Condition.OK
        held = contents(file.path) if good else None
        result.append(
            Backup(
                file.path,
                file.taken_at,
                size,
                good,
                file.label,
                found.detail,
                held.assessments if held else None,
                held.latest_change if held else None,
            )
        )
    return result


def backup_assessments(backup: Backup) -> list[StoredAssessment]:
    """What ``backup`` holds, read-only: the newest revision of each assessment, most
    recently changed first. The backup file is not changed."""
    return stored_assessments(backup.path)


def keep_backups_and_start_empty(data_dir: str | os.PathLike[str] | None = None) -> list[Path]:
    """For a lost database the person chose not to restore: every backup is made permanent
    (``kept-<label>``, never pruned), so that the new, empty database's backups never push
    out the old one's. The caller then opens the store with ``allow_new``."""
    folder = _folder(data_dir)
    with instance.holding(folder, kind=instance.COMMAND):
        return relabel_as_kept(folder / BACKUPS)


def restore_newest_good_backup(
    data_dir: str | os.PathLike[str] | None = None, *, now: datetime | None = None
) -> Restoration:
    """Put the newest good backup in place of the database, keeping the damaged file.

    Close every :class:`~jalon.services.app.Jalon` open on the folder first. Takes the
    folder's lock (or uses the one this process holds): refused with
    :class:`~jalon.services.instance.AlreadyRunningError` while another window or command
    uses the folder. :class:`StorageError` when there is no good backup.
    """
    folder = _folder(data_dir)
    with instance.holding(folder, kind=instance.COMMAND):
        good = [b for b in list_backups(folder) if b.good]
        if not good:
            raise StorageError(
                N_(
                    "There is no good backup of the database in {folder}, so nothing was "
                    "restored and nothing was changed. Copy the data folder somewhere safe and "
                    "ask for help; the damaged file may still be repaired."
                ),
                folder=str(folder),
            )
        return _restore(folder, good[0], now or datetime.now(UTC))


def restore_backup(
    data_dir: str | os.PathLike[str] | None, backup: Backup, *, now: datetime | None = None
) -> Restoration:
    """Put ``backup`` (one of :func:`list_backups`, good) in place of the database, keeping
    the current file. Same rules as :func:`restore_newest_good_backup`."""
    folder = _folder(data_dir)
    with instance.holding(folder, kind=instance.COMMAND):
        if not backup.good or quick_check(backup.path) != "ok":
            raise StorageError(
                N_(
                    "The backup {file} failed its check and cannot be restored. Choose "
                    "another backup."
                ),
                file=str(backup.path),
            )
        return _restore(folder, backup, now or datetime.now(UTC))


def _unused(folder: Path, stem: str) -> Path:
    """``<stem>.sqlite3`` in ``folder``, or ``<stem>-2.sqlite3``... if taken."""
    candidate = folder / f"{stem}.sqlite3"
    number = 2
    while any(
        candidate.with_name(candidate.name + suffix).exists() for suffix in ("", "-wal", "-shm")
    ):
        candidate = folder / f"{stem}-{number}.sqlite3"
        number += 1
    return candidate


def _second_name(current: Path, kept: Path) -> None:
    """Give ``current`` the name ``kept`` too (a hard link), or copy it where the file
    system has no links."""
    try:
        os.link(current, kept)
    except OSError:
        copy_atomically(current, kept)


def _restore(folder: Path, backup: Backup, now: datetime) -> Restoration:
    database = folder / DB_FILENAME
    incoming = folder / f"{DB_FILENAME}.{os.getpid()}.restoring"
    kept: list[Path] = []
    removed: list[tuple[Path, Path]] = []  # (log removed, its copy kept)
    remove_stale_partials(folder)  # the copy a restore killed half-way left
    try:
        # 1. A checked, durable copy of the backup beside the database, made by SQLite.
        with contextlib.suppress(OSError):
            incoming.unlink()
        with (
            contextlib.closing(sqlite3.connect(read_only_uri(backup.path), uri=True)) as source,
            contextlib.closing(sqlite3.connect(incoming)) as target,
        ):
            source.backup(target)
        with incoming.open("rb") as handle:
            os.fsync(handle.fileno())
        problem = quick_check(incoming)
        if problem != "ok":
            raise sqlite3.DatabaseError(problem)
        # 2. The current files get a second name: whatever happens next, they are kept.
        aside = _unused(folder, DAMAGED_PREFIX + now.strftime("%Y%m%dT%H%M%SZ"))
        for suffix in ("", "-wal", "-shm"):
            current = database.with_name(database.name + suffix)
            if current.exists():
                target_name = aside.with_name(aside.name + suffix)
                _second_name(current, target_name)
                kept.append(target_name)
        sync_folder(folder)
        # 3. The logs of the current file go (their copies are kept): a -wal left beside the
        #    restored file would be replayed into it.
        for suffix in ("-wal", "-shm"):
            log = database.with_name(database.name + suffix)
            if log.exists():
                log.unlink()
                removed.append((log, aside.with_name(aside.name + suffix)))
        # 4. One rename puts the copy in place.
        os.replace(incoming, database)
        sync_folder(folder)
    except (OSError, sqlite3.Error, StorageError) as exc:
        for log, copy in removed:  # put back what was removed
            with contextlib.suppress(OSError):
                if not log.exists():
                    os.link(copy, log)
        for name in kept:  # nothing was restored: no second names
            with contextlib.suppress(OSError):
                name.unlink()
        with contextlib.suppress(OSError):
            incoming.unlink()
        full = (isinstance(exc, OSError) and disk_full(exc)) or classify(exc) is Fault.FULL
        if full:
            raise StorageError(
                N_(
                    "The disk holding {folder} is full, so the backup {file} could not be "
                    "restored. The database was left as it was. Free some space on that disk, "
                    "then try again."
                ),
                folder=str(folder),
                file=str(backup.path),
            ) from None
        raise StorageError(
            N_(
                "The backup {file} could not be restored ({detail}). The database was left as "
                "it was. Free some disk space or check the folder's permissions, then try "
                "again."
            ),
            file=str(backup.path),
            detail=str(exc)[:300],
        ) from None
    return Restoration(backup, database, tuple(sorted(kept, key=lambda p: len(p.name))))
