"""Noticing that the database file was removed or replaced under the running app.

SQLite keeps writing to the files it opened: if another program deletes ``jalon.sqlite3`` or
its ``-wal``, or puts another file in its place, every later save goes to a file nobody will
ever read again, and the editor would still say "Saved". So before each commit the store
checks that the file at the database's path is still the one it opened (device and inode),
and, where the system tells (``/proc/self/fd`` on Linux), that none of the files it has open
is a deleted one. A save that fails this check is refused with
:class:`DatabaseReplacedError`; the editor keeps the edits, and
:func:`rescue` writes them to a file beside the data.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jalon.core.errors import N_, StorageError

#: Where the open files of this process are listed (Linux); elsewhere only the inode is checked.
PROC_FDS = Path("/proc/self/fd")
DELETED = " (deleted)"


class DatabaseReplacedError(StorageError):
    """The database file (or its write-ahead log) was removed or replaced while open."""


def identity(path: Path) -> tuple[int, int] | None:
    """The file's device and inode, or None when there is no file at ``path``."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _deleted_while_open(database: Path) -> list[str]:
    """The names of the database's files this process still has open though they were
    deleted (or replaced: the file renamed over them is a new one)."""
    names = {str(database), f"{database}-wal"}
    gone = []
    try:
        descriptors = list(PROC_FDS.iterdir())
    except OSError:
        return []
    for descriptor in descriptors:
        try:
            target = os.readlink(descriptor)
        except OSError:
            continue
        if target.endswith(DELETED) and target.removesuffix(DELETED) in names:
            gone.append(Path(target.removesuffix(DELETED)).name)
    return sorted(set(gone))


def check(database: Path, opened: tuple[int, int] | None) -> None:
    """Refuse (:class:`DatabaseReplacedError`) when ``database`` is no longer the file opened
    (``opened``: its :func:`identity` then)."""
    now = identity(database)
    if opened is not None and now != opened:
        raise _replaced(database, removed=now is None)
    if _deleted_while_open(database.absolute()):
        raise _replaced(database, removed=False)


def _replaced(database: Path, *, removed: bool) -> DatabaseReplacedError:
    if removed:
        return DatabaseReplacedError(
            N_(
                "The database file {file} was removed by another program while Jalon was "
                "open, so your latest edits could not be saved in it. They are kept in this "
                "window; do not close it until they are saved elsewhere."
            ),
            file=str(database),
        )
    return DatabaseReplacedError(
        N_(
            "The database file {file} (or its journal, {file}-wal) was replaced or removed by "
            "another program while Jalon was open, so your latest edits could not be saved "
            "in it. They are kept in this window; do not close it until they are saved "
            "elsewhere."
        ),
        file=str(database),
    )


def rescue(folder: Path, name: str, document: dict[str, Any], previous: Path | None) -> Path:
    """Write ``document`` (an edited assessment) to ``previous`` if given, else to a new
    ``unsaved-edits-<name>-<time>.json`` in ``folder`` (the home folder if that is gone);
    returns the file written."""
    from jalon.fileio import write_atomically, write_new

    data = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    if previous is not None:
        return write_atomically(previous, data, private=True)
    if not folder.is_dir():
        folder = Path.home()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return write_new(folder / f"unsaved-edits-{name}-{stamp}.json", data, private=True)


def rescued_error(error: DatabaseReplacedError, file: Path | None) -> DatabaseReplacedError:
    """``error`` saying where the edits were written (or that they are only in the window)."""
    if file is None:
        return DatabaseReplacedError(
            N_(
                "{problem} Writing them to a file failed too: copy your text elsewhere, then "
                "quit Jalon and start it again (it offers the backups if the database is "
                "gone)."
            ),
            problem=error.message,
        )
    return DatabaseReplacedError(
        N_(
            "{problem} Your edits were written to {rescue}. Quit Jalon and start it again (it "
            "offers the backups if the database is gone), then enter them again from that "
            "file."
        ),
        problem=error.message,
        rescue=str(file),
    )


__all__ = ["DatabaseReplacedError", "check", "identity", "rescue", "rescued_error"]
