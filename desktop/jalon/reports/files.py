"""Writing a finished report to disk without ever leaving half a file behind."""

from __future__ import annotations

from pathlib import Path

from jalon import fileio
from jalon.core.errors import N_, StorageError


def save_report(data: bytes, path: Path) -> Path:
    """Write ``data`` to ``path`` atomically with :func:`jalon.fileio.write_atomically`: a
    temporary file in the same folder, fsynced, renamed, then the folder synced.

    An existing file at ``path`` is replaced only once the new one is complete. Raises
    :class:`StorageError` for a missing folder, a folder that cannot be written to, a full
    disk or a failed write; nothing is left behind in any of those cases.
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
    return fileio.write_atomically(target, data)
