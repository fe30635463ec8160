"""The database's health, its backups, and restoring the newest good one.

For the recovery screen and ``jalon doctor``. Nothing here writes to a database it checks:
files are opened read-only (as immutable when no write-ahead log is beside them). Restoring
never overwrites nor deletes the damaged file: it is renamed
``jalon-damaged-<time>.sqlite3`` (with its ``-wal`` and ``-shm``) in the data folder, and the
backup is copied into place with SQLite's backup API, then checked.

A check of the whole database (``quick_check``) takes about 40 ms for 5,000 assessments when
the file is in the system's cache, and about 0.4 s when it is not (the first start after the
computer starts): the app runs :func:`check_database` after its window shows, in the
background. A damaged database is also refused by ``Jalon.open`` when it takes its start-up
backup (at most every 12 hours), and by every save that meets the damage.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from jalon import paths
from jalon.core.errors import N_, Message, StorageError
from jalon.fileio import sync_folder
from jalon.services import instance
from jalon.services.app import BACKUPS
from jalon.store.backup import backup_files, quick_check, read_only_uri
from jalon.store.database import DB_FILENAME, Condition, diagnose
from jalon.store.faults import DatabaseDamagedError

__all__ = [
    "Backup",
    "DatabaseDamagedError",
    "Health",
    "Restoration",
    "State",
    "check_database",
    "database_path",
    "list_backups",
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
        return self.state in (State.CORRUPT, State.FOREIGN)


@dataclass(frozen=True, slots=True)
class Backup:
    """One backup in the data folder's ``backups/``; ``good`` when it passes SQLite's check
    and is a Jalon database this version can open (``problem`` says why not otherwise)."""

    path: Path
    taken_at: datetime
    size: int
    good: bool
    label: str  # "startup", "before-<revision>", "before-restore"
    problem: str = ""


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
    worker thread.
    """
    path = database_path(data_dir)
    found = diagnose(path)
    where = str(path)
    if found.condition is Condition.OK:
        return Health(
            State.OK, path, Message(N_("The database {file} passed its check."), {"file": where})
        )
    if found.condition is Condition.MISSING:
        return Health(
            State.MISSING,
            path,
            Message(
                N_("There is no database in {folder} yet; Jalon creates one when it opens."),
                {"folder": str(path.parent)},
            ),
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
            "The database {file} cannot be read ({detail}). Check the permissions of the data "
            "folder and of the file, then try again."
        ),
        {"file": where, "detail": found.detail},
    )
    return Health(State.UNREADABLE, path, message, found.detail)


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
        result.append(Backup(file.path, file.taken_at, size, good, file.label, found.detail))
    return result


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


def _restore(folder: Path, backup: Backup, now: datetime) -> Restoration:
    database = folder / DB_FILENAME
    incoming = folder / f"{DB_FILENAME}.{os.getpid()}.restoring"
    kept: list[Path] = []
    moved: list[tuple[Path, Path]] = []
    try:
        # 1. A checked copy of the backup beside the database, made by SQLite itself.
        with contextlib.suppress(OSError):
            incoming.unlink()
        with (
            contextlib.closing(sqlite3.connect(read_only_uri(backup.path), uri=True)) as source,
            contextlib.closing(sqlite3.connect(incoming)) as target,
        ):
            source.backup(target)
        problem = quick_check(incoming)
        if problem != "ok":
            raise sqlite3.DatabaseError(problem)
        # 2. The damaged files aside, the logs first: a -wal left beside the restored file
        #    would be replayed into it.
        aside = _unused(folder, DAMAGED_PREFIX + now.strftime("%Y%m%dT%H%M%SZ"))
        for suffix in ("-wal", "-shm", ""):
            current = database.with_name(database.name + suffix)
            if current.exists():
                target_name = aside.with_name(aside.name + suffix)
                current.rename(target_name)
                moved.append((current, target_name))
        kept = sorted((t for _, t in moved), key=lambda p: len(p.name))
        # 3. The copy in place.
        os.replace(incoming, database)
        sync_folder(folder)
    except (OSError, sqlite3.Error) as exc:
        for original, renamed in reversed(moved):  # put back what was moved
            with contextlib.suppress(OSError):
                if not original.exists():
                    renamed.rename(original)
        with contextlib.suppress(OSError):
            incoming.unlink()
        raise StorageError(
            N_(
                "The backup {file} could not be restored ({detail}). The database was left as "
                "it was. Free some disk space or check the folder's permissions, then try "
                "again."
            ),
            file=str(backup.path),
            detail=str(exc)[:300],
        ) from None
    return Restoration(backup, database, tuple(kept))
