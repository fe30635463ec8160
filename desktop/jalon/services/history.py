"""Whether a data folder held a database before: so that a missing or emptied
``jalon.sqlite3`` is recognised as lost, never silently replaced by a new, empty one.

A data folder that has backups, signing keys, or window settings written by a session that
had its store open has held a database. Opening it without one is refused
(:class:`DatabaseMissingError`); the recovery window (and ``jalon doctor``) offer to restore
the newest good backup, or, when the person says so, to start with an empty database.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from jalon.core.errors import N_, StorageError

#: The window settings file the desktop app keeps beside the data (see ``jalon.ui.app``).
WINDOW_SETTINGS = "window.ini"
#: Keys the desktop app writes to the window settings only once a store was open.
_SESSION_KEYS = ("geometry=", "skipped=")
BACKUPS = "backups"
KEYS = "keys"


class DatabaseMissingError(StorageError):
    """The data folder held a database, and it is gone or empty now."""


def _has_files(folder: Path) -> bool:
    with contextlib.suppress(OSError):
        return any(p.is_file() for p in folder.iterdir())
    return False


def signs_of_a_database(folder: Path) -> list[str]:
    """What shows that ``folder`` held a database: ``"backups"``, ``"keys"``, ``"settings"``
    (empty when nothing does: a new installation)."""
    from jalon.store.backup import backup_files

    signs = []
    if backup_files(folder / BACKUPS):
        signs.append("backups")
    if _has_files(folder / KEYS):
        signs.append("keys")
    with contextlib.suppress(OSError, UnicodeDecodeError):
        text = (folder / WINDOW_SETTINGS).read_text(encoding="utf-8")
        if any(key in text for key in _SESSION_KEYS):
            signs.append("settings")
    return signs


def missing_error(database: Path) -> DatabaseMissingError:
    return DatabaseMissingError(
        N_(
            "The database {file} is missing or empty, but this data folder held one (it has "
            "backups, signing keys or saved settings). Jalon did not create a new, empty one. "
            "Restore the newest good backup (Jalon offers it when it opens, or run 'jalon "
            "doctor --restore'), or put the file back."
        ),
        file=str(database),
    )
