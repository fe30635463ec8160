"""Backups taken while the app runs, and what became of the last attempt.

Besides the start-up backup (:meth:`jalon.services.app.Jalon.open`), a checked backup is taken
with SQLite's backup API after each sign-and-export (``export``), after each import batch
(``import``), on a clean quit (``quit``) and hourly while editing (``hourly``, only when the
database changed since the newest backup). Each prunes the rolling set (see
:func:`jalon.store.backup.prune`).

A backup that fails never stops the work it follows: the failure is kept on the app
(:attr:`~jalon.services.app.Jalon.backup_problem`, shown in the status bar) and in the
backups folder (``last-problem.json``, shown by ``jalon doctor``) until a backup succeeds.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jalon.core.errors import Message, StorageError
from jalon.fileio import write_atomically
from jalon.store.backup import backup_files, rolling_backup

if TYPE_CHECKING:
    from jalon.services.app import Jalon

PROBLEM_FILE = "last-problem.json"
#: How often a backup is taken while editing.
EDITING_INTERVAL = timedelta(hours=1)
EXPORT, IMPORT, QUIT, HOURLY = "export", "import", "quit", "hourly"


@dataclass(frozen=True, slots=True)
class BackupProblem:
    """A backup that failed: when, and why (translated when shown)."""

    at: datetime
    message: Message


def _plain(value: Any) -> Any:
    if isinstance(value, Message):
        return value.english()
    return value if isinstance(value, (str, int, float)) else str(value)


def record_backup_problem(folder: Path, problem: StorageError | None) -> None:
    """Keep ``problem`` in ``folder`` for ``jalon doctor``; None clears it (a backup worked).
    Best effort: on a full disk the record itself may not be written."""
    file = folder / PROBLEM_FILE
    if problem is None:
        with contextlib.suppress(OSError):
            file.unlink()
        return
    record = {
        "at": datetime.now(UTC).isoformat(),
        "msgid": problem.message.msgid,
        "params": {k: _plain(v) for k, v in problem.message.params.items()},
    }
    with contextlib.suppress(OSError, StorageError):
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(file, json.dumps(record, ensure_ascii=False).encode("utf-8"))


def last_backup_problem(folder: Path) -> BackupProblem | None:
    """The failure :func:`record_backup_problem` kept in ``folder``, if any."""
    try:
        record = json.loads((folder / PROBLEM_FILE).read_text(encoding="utf-8"))
        at = datetime.fromisoformat(record["at"])
        message = Message(str(record["msgid"]), dict(record.get("params") or {}))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return BackupProblem(at, message)


def _backups_folder(app: Jalon) -> Path | None:
    path = app.database.path
    return None if path is None else path.parent / "backups"


def take_backup(app: Jalon, label: str, *, now: datetime | None = None) -> Path | None:
    """A checked backup of the app's database now, labelled ``label``; None for a server
    database or when it failed (then :attr:`Jalon.backup_problem` says why)."""
    folder = _backups_folder(app)
    if folder is None or app.database.path is None:
        return None
    try:
        path = rolling_backup(app.database.path, folder, now, label=label)
    except StorageError as exc:  # a full disk, or a damaged database (kept, not backed up)
        app.backup_problem = exc
        record_backup_problem(folder, exc)
        return None
    app.backup_problem = None
    record_backup_problem(folder, None)
    return path


def _changed_since_newest(source: Path, folder: Path) -> bool:
    taken = backup_files(folder)
    if not taken:
        return True
    try:
        wal = source.with_name(source.name + "-wal")
        # A log that exists but is empty was only created by opening the database.
        logs = [wal] if wal.exists() and wal.stat().st_size > 0 else []
        changed = max(p.stat().st_mtime for p in [source, *logs])
        return changed > taken[0].path.stat().st_mtime
    except (OSError, ValueError):
        return True


def backup_if_changed(app: Jalon, label: str, *, now: datetime | None = None) -> Path | None:
    """A backup labelled ``label`` when the database changed since the newest backup."""
    folder = _backups_folder(app)
    source = app.database.path
    if folder is None or source is None or not _changed_since_newest(source, folder):
        return None
    return take_backup(app, label, now=now)


def backup_if_due(app: Jalon, *, now: datetime | None = None) -> Path | None:
    """The hourly backup while editing: taken when the newest backup is older than
    :data:`EDITING_INTERVAL` and the database changed since; else None."""
    folder = _backups_folder(app)
    if folder is None:
        return None
    moment = now or datetime.now(UTC)
    taken = backup_files(folder)
    if taken and moment - taken[0].taken_at < EDITING_INTERVAL:
        return None
    return backup_if_changed(app, HOURLY, now=moment)
