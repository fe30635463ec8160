"""Backups of the SQLite database with SQLite's own online backup API."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from jalon.core.errors import N_, StorageError

#: How many start-up backups to keep; backups taken before a migration are never pruned.
KEEP_ROLLING = 5


def backup_sqlite(source: Path, folder: Path, *, label: str, now: datetime | None = None) -> Path:
    """Copy ``source`` into ``folder`` as a consistent snapshot; returns the backup's path."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"jalon-{stamp}-{label}.sqlite3"
    partial = target.with_suffix(".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with (
            contextlib.closing(
                sqlite3.connect(f"{source.absolute().as_uri()}?mode=ro", uri=True)
            ) as src,
            contextlib.closing(sqlite3.connect(partial)) as dst,
        ):
            src.backup(dst)
        partial.replace(target)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
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


def rolling_backup(source: Path, folder: Path, now: datetime | None = None) -> Path | None:
    """A start-up backup, keeping the newest ``KEEP_ROLLING``; None when there is nothing yet."""
    if not source.exists() or source.stat().st_size == 0:
        return None
    path = backup_sqlite(source, folder, label="startup", now=now)
    olds = sorted(folder.glob("jalon-*-startup.sqlite3"))
    for old in olds[:-KEEP_ROLLING]:
        with contextlib.suppress(OSError):
            old.unlink()
    return path
