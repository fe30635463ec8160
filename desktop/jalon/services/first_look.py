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
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from jalon import paths

#: The same names as ``jalon.store.database.DB_FILENAME`` and ``jalon.services.keys`` (a test
#: checks it); not imported from there, which would import SQLAlchemy.
DB_FILENAME = "jalon.sqlite3"
KEYS_DIR = "keys"
KEY_FILE = "signing-key.json"
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


@dataclass(frozen=True, slots=True)
class FirstLook:
    """The data folder as seen before the store opens."""

    folder: Path
    #: No database file yet: the store will create it.
    new_installation: bool
    #: Whether a signer is recorded (None: the database could not be read this way).
    identity: bool | None
    #: Whether a signing key file exists.
    key: bool

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
            return FirstLook(folder, True, False, key)
    except OSError:
        return None
    return FirstLook(folder, False, _signer_recorded(database_file), key)


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
