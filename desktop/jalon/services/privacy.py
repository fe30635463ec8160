"""The data folder is the installation's own: on POSIX, folders 0700 and files 0600.

The database, its backups, the signing keys and the security journal say who signed what and
who refused what; another account on the same computer has no business reading them.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def make_private(folder: Path) -> None:
    """Restrict ``folder`` and everything in it to its owner (nothing on Windows, where the
    user's profile folder already is private). Errors are ignored: a file another account
    owns stays as it is, and the app still works."""
    if os.name != "posix" or not folder.is_dir():
        return
    _chmod(folder, PRIVATE_DIR)
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            _chmod(Path(root, name), PRIVATE_DIR)
        for name in files:
            _chmod(Path(root, name), PRIVATE_FILE)


def _chmod(path: Path, mode: int) -> None:
    with contextlib.suppress(OSError):
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            return
        if stat.S_IMODE(info.st_mode) & ~mode:
            path.chmod(stat.S_IMODE(info.st_mode) & mode)
