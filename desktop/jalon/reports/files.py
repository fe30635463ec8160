"""Writing a finished report to disk without ever leaving half a file behind."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from jalon.core.errors import N_, StorageError


def save_report(data: bytes, path: Path) -> Path:
    """Write ``data`` to ``path`` atomically: a temporary file in the same folder, then a rename.

    An existing file at ``path`` is replaced only once the new one is complete. Raises
    :class:`StorageError` for a missing folder, a folder that cannot be written to, or a
    failed write; nothing is left behind in any of those cases.
    """
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise StorageError(
            N_("The folder {folder} does not exist. Choose an existing folder for the report."),
            folder=str(folder),
        )
    if target.is_dir():
        raise StorageError(
            N_("{file} is a folder. Give a file name for the report, ending in .pdf."),
            file=str(target),
        )
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except PermissionError:
        raise _read_only(folder) from None
    except OSError as exc:
        if exc.errno == errno.EROFS:
            raise _read_only(folder) from None
        raise _failed(target, exc) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
            raise _read_only(folder) from None
        raise _failed(target, exc) from None
    return target


def _read_only(folder: Path) -> StorageError:
    return StorageError(
        N_("The folder {folder} cannot be written to. Choose a folder where you can save files."),
        folder=str(folder),
    )


def _failed(target: Path, exc: OSError) -> StorageError:
    return StorageError(
        N_(
            "The report could not be saved as {file} ({detail}). Check that the disk has room "
            "and try again."
        ),
        file=str(target),
        detail=exc.strerror or str(exc),
    )
