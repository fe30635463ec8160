"""Writing a file so that it is either wholly there or not at all: :mod:`jalon.fileio`'s
writer, the one every file Jalon writes goes through."""

from __future__ import annotations

from pathlib import Path

from jalon import fileio


def write_atomically(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename,
    then sync the folder (see :func:`jalon.fileio.write_atomically`).

    ``private`` creates the file readable and writable by its owner only (0600) from the
    first byte, so a secret is never briefly readable by others. On Windows the mode is
    ignored; the file inherits the folder's permissions, which are the user's own.
    """
    fileio.write_atomically(path, data, private=private)
