"""What a failure of the local SQLite database means for the person at the keyboard.

SQLite reports a full disk, a read-only file, a failing or removed disk and a damaged file
with its own result codes; the driver's text ("disk I/O error", "attempt to write a readonly
database") names none of the folder involved and nothing to do. :func:`storage_failure`
turns each into a :class:`StorageError` that names the data folder and the remedy. A server
database (PostgreSQL) has no data folder to name; its failures keep the generic message of
:mod:`jalon.store.uow`.
"""

from __future__ import annotations

import errno
import sqlite3
from enum import StrEnum
from pathlib import Path

from jalon.core.errors import N_, StorageError


class Fault(StrEnum):
    """The kinds of database failure a person can act on."""

    FULL = "full"
    READ_ONLY = "read_only"
    IO = "io"
    DAMAGED = "damaged"
    BUSY = "busy"


class DatabaseDamagedError(StorageError):
    """The database file is damaged; the remedy is to restore a backup (the recovery screen,
    or ``jalon doctor --restore``)."""


def _driver_error(exc: BaseException) -> BaseException:
    """The DB-API exception beneath a SQLAlchemy one (or ``exc`` itself)."""
    return getattr(exc, "orig", None) or exc


def classify(exc: BaseException) -> Fault | None:
    """The fault ``exc`` reports, for SQLite errors and OS errors; None for anything else."""
    error = _driver_error(exc)
    if isinstance(error, OSError):
        return _os_fault(error)
    if not isinstance(error, sqlite3.Error):
        return None
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:  # very old SQLite: only the text tells
        return _fault_from_text(str(error))
    primary = code & 0xFF  # an extended code carries its primary code in the low byte
    if primary == sqlite3.SQLITE_FULL:
        return Fault.FULL
    if primary in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN):
        return Fault.READ_ONLY
    if primary == sqlite3.SQLITE_IOERR:
        return Fault.IO
    if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return Fault.DAMAGED
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return Fault.BUSY
    return None


def _os_fault(error: OSError) -> Fault | None:
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EFBIG):
        return Fault.FULL
    if isinstance(error, PermissionError) or error.errno == errno.EROFS:
        return Fault.READ_ONLY
    if error.errno == errno.EIO:
        return Fault.IO
    return None


def _fault_from_text(text: str) -> Fault | None:
    text = text.lower()
    for needle, fault in (
        ("disk is full", Fault.FULL),
        ("readonly", Fault.READ_ONLY),
        ("unable to open", Fault.READ_ONLY),
        ("disk i/o error", Fault.IO),
        ("malformed", Fault.DAMAGED),
        ("not a database", Fault.DAMAGED),
        ("locked", Fault.BUSY),
    ):
        if needle in text:
            return fault
    return None


def detail_of(exc: BaseException) -> str:
    """The driver's first line, short: for the message's ``{detail}`` and for logs."""
    error = _driver_error(exc)
    lines = str(error).strip().splitlines()
    text = lines[0] if lines else type(error).__name__
    if isinstance(error, OSError) and error.strerror:
        text = error.strerror
    return text[:300]


def storage_failure(exc: BaseException, folder: Path | None) -> StorageError | None:
    """A :class:`StorageError` naming ``folder`` and what to do, if ``exc`` is a fault a person
    can act on; None otherwise (the caller keeps its own message)."""
    fault = classify(exc)
    if fault is None or folder is None:
        return None
    return fault_error(fault, folder, detail_of(exc))


def fault_error(fault: Fault, folder: Path, detail: str) -> StorageError:
    where = str(folder)
    if fault is Fault.FULL:
        return StorageError(
            N_(
                "The disk holding the data folder {folder} is full ({detail}). What was being "
                "saved was not kept. Free some space on that disk, then try again."
            ),
            folder=where,
            detail=detail,
        )
    if fault is Fault.READ_ONLY:
        return StorageError(
            N_(
                "The database in the data folder {folder} cannot be written to ({detail}). What "
                "was being saved was not kept. Make the folder and the jalon.sqlite3 files in "
                "it writable again, or choose another data folder with --data-dir, then try "
                "again."
            ),
            folder=where,
            detail=detail,
        )
    if fault is Fault.IO:
        return StorageError(
            N_(
                "Jalon could not write to the data folder {folder} ({detail}): its disk may be "
                "full, removed or failing. What was being saved was not kept. Free some space "
                "or check the disk, then try again."
            ),
            folder=where,
            detail=detail,
        )
    if fault is Fault.BUSY:
        return StorageError(
            N_(
                "The database in the data folder {folder} is busy: another program is writing "
                "to it ({detail}). What was being saved was not kept. Close the other Jalon "
                "window or command, then try again."
            ),
            folder=where,
            detail=detail,
        )
    return DatabaseDamagedError(
        N_(
            "The database in the data folder {folder} is damaged ({detail}). Open Jalon to "
            "restore the newest good backup, or run 'jalon doctor --restore'; the damaged "
            "file is kept."
        ),
        folder=where,
        detail=detail,
    )
