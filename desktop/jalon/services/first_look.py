"""What the first window needs to know before the store is open, read without opening it.

Opening the store imports SQLAlchemy (and, for a new installation, Alembic and the
migrations): a second or more. Whether this installation still has to be set up is known far
sooner from the data folder itself: no database file, or a database whose ``settings`` table
holds no signer's name (one read-only ``sqlite3`` query), and no signing key file. Plain
Python, no SQLAlchemy: importing this module costs nothing worth measuring.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from jalon import paths

#: The same names as ``jalon.store.database.DB_FILENAME`` and ``jalon.services.keys`` (a test
#: checks it); not imported from there, which would import SQLAlchemy.
DB_FILENAME = "jalon.sqlite3"
KEYS_DIR = "keys"
KEY_FILE = "signing-key.json"
BACKUPS_DIR = "backups"
WINDOW_SETTINGS = "window.ini"
#: Keys the window settings hold only once a store was open (``jalon.services.history``).
SESSION_KEYS = ("geometry=", "skipped=")
#: The settings ``jalon.services.identity.get_identity`` needs, all of them non-empty.
IDENTITY_SETTINGS = tuple(
    f"identity.{k}"
    for k in (
        "jurisdiction_code",
        "jurisdiction_kind",
        "jurisdiction_name_en",
        "jurisdiction_name_fr",
        "name",
        "title",
    )
)


class FirstLook:
    """The data folder as seen before the store opens (a plain class: a dataclass costs about
    1 ms to make at import, on the way to the first list or set-up window)."""

    __slots__ = ("folder", "identity", "key", "new_installation")

    def __init__(self, folder: Path, new_installation: bool, identity: bool | None, key: bool):
        self.folder = folder
        #: No database file yet: the store will create it.
        self.new_installation = new_installation
        #: Whether a signer is recorded (None: not read, as a signing key exists, or the
        #: database could not be read this way).
        self.identity = identity
        #: Whether a signing key file exists.
        self.key = key

    @property
    def needs_setup(self) -> bool:
        """Certainly not set up: no signer recorded and no key (a key made earlier means the
        set-up window must show its card, which needs the store)."""
        return self.identity is False and not self.key


def first_look(data_dir: str | os.PathLike[str] | None, database: str | None) -> FirstLook | None:
    """The data folder's state, or None when it cannot be told without the store (a database
    server, a data folder that is not a writable folder, a database this query cannot read):
    the store, once open, then says."""
    if paths.database_url(database):
        return None
    folder = paths.data_dir(data_dir).absolute()
    try:
        if folder.exists() and not (folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)):
            return None
        key = (folder / KEYS_DIR / KEY_FILE).exists()
        database_file = folder / DB_FILENAME
        if not database_file.exists():
            if _held_a_database(folder):  # a lost database: the store refuses it, not set-up
                return None
            return FirstLook(folder, True, False, key)
    except OSError:
        return None
    if key:  # not to be set up whatever the database says: it need not be read (1 ms)
        return FirstLook(folder, False, None, key)
    return FirstLook(folder, False, _signer_recorded(database_file), key)


def _held_a_database(folder: Path) -> bool:
    """Backups, or window settings a session with an open store wrote: the signs
    ``jalon.services.history`` reads (that module imports the store, so not used here)."""
    with contextlib.suppress(OSError):
        if any(p.name.endswith(".sqlite3") for p in (folder / BACKUPS_DIR).iterdir()):
            return True
    with contextlib.suppress(OSError, UnicodeDecodeError):
        text = (folder / WINDOW_SETTINGS).read_text(encoding="utf-8")
        return any(key in text for key in SESSION_KEYS)
    return False


def _signer_recorded(path: Path) -> bool | None:
    uri = f"file:{quote(str(path))}?mode=ro"
    if not path.with_name(path.name + "-wal").exists():
        uri += "&immutable=1"  # every page is in the file: leave no -wal/-shm beside it
    marks = ",".join("?" * len(IDENTITY_SETTINGS))
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=0.2)) as connection:
            rows = connection.execute(
                f"SELECT key, value FROM settings WHERE key IN ({marks})", IDENTITY_SETTINGS
            ).fetchall()
    except sqlite3.Error:
        return None
    values = dict(rows)
    return all(values.get(key) for key in IDENTITY_SETTINGS)


__all__ = ["DB_FILENAME", "FirstLook", "first_look"]
