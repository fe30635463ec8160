"""Writing a file so that it is either wholly there or not at all: the one writer for every
file Jalon writes (exports, reports, backups, settings, keys).

A temporary file in the same folder (``.<name>.<pid>.<random>.part``), flushed and fsynced,
then renamed over the target, then the folder synced so the rename itself survives a power
cut. A failure leaves nothing behind and raises :class:`StorageError` naming the file and
what to do; a temporary file left by a process that was killed is removed by
:func:`remove_leftovers`. This module is a top-level one: every layer may use it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from jalon.core.errors import N_, StorageError


def _read_only(folder: Path) -> StorageError:
    return StorageError(
        N_("The folder {folder} cannot be written to. Choose a folder where you can save files."),
        folder=str(folder),
    )


def write_atomically(
    path: Path, data: bytes, *, private: bool = False, mode: int | None = None
) -> Path:
    """Write ``data`` to ``path``; ``private`` makes it owner-only (0600) from the first byte,
    ``mode`` sets the permissions otherwise (default 0644, less the umask).

    On Windows the mode is ignored; the file inherits the folder's permissions.
    """
    return _write(Path(path), [data], private=private, mode=mode)


def copy_atomically(
    source: Path,
    path: Path,
    *,
    private: bool = False,
    mode: int | None = None,
    temporary_suffix: str = "",
) -> Path:
    """Copy the file ``source`` to ``path`` with the same guarantees as
    :func:`write_atomically`, a megabyte at a time."""

    def chunks() -> Iterator[bytes]:
        with Path(source).open("rb") as handle:
            while chunk := handle.read(1 << 20):
                yield chunk

    return _write(Path(path), chunks(), private=private, mode=mode, suffix=temporary_suffix)


def write_new(path: Path, data: bytes, *, private: bool = False, mode: int | None = None) -> Path:
    """Write ``data`` to ``path``, or to ``<stem> (2)<suffix>``, ``(3)``... when that name is
    taken: an existing file is never replaced, even one created meanwhile by another program.
    Same guarantees as :func:`write_atomically`; returns the name written."""
    target = Path(path)
    for number in range(1, 10_000):
        candidate = (
            target if number == 1 else target.with_name(f"{target.stem} ({number}){target.suffix}")
        )
        if candidate.exists() or candidate.is_symlink():
            continue
        try:
            return _write(candidate, [data], private=private, mode=mode, exclusive=True)
        except FileExistsError:
            continue  # taken between the check and the write: the next number
    raise StorageError(
        N_("There are too many files named like {file}. Choose another folder."),
        file=str(target),
    )


def temporary_name(target: Path, suffix: str = "") -> Path:
    """The temporary file beside ``target`` that an atomic write of it uses."""
    if suffix:
        return target.parent / f"{target.name}{suffix}"
    return target.parent / f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.part"


def _write(
    target: Path,
    data: Iterable[bytes],
    *,
    private: bool,
    mode: int | None,
    suffix: str = "",
    exclusive: bool = False,
) -> Path:
    folder = target.parent
    if not folder.is_dir():
        raise StorageError(
            N_(
                "The folder {folder} does not exist (a USB stick that was removed?). Choose an "
                "existing folder."
            ),
            folder=str(folder),
        )
    if target.is_dir():
        raise StorageError(N_("{file} is a folder. Give a file name instead."), file=str(target))
    temporary = temporary_name(target, suffix)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(temporary, flags, 0o600 if private else (mode or 0o644))
    except OSError as exc:
        if isinstance(exc, PermissionError) or exc.errno in (errno.EROFS, errno.EACCES):
            raise _read_only(folder) from None
        raise _failed(target, exc) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            for chunk in data:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        if exclusive:
            _link_new(temporary, target)
        else:
            os.replace(temporary, target)
    except FileExistsError:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
            raise _read_only(folder) from None
        raise _failed(target, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _sync_folder(folder)
    return target


def _link_new(temporary: Path, target: Path) -> None:
    """Give the finished file its name only if that name is free (FileExistsError if not)."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError:  # no hard links here (FAT, some network shares): check, then rename
        if target.exists():
            raise FileExistsError(errno.EEXIST, "exists", str(target)) from None
        os.replace(temporary, target)
        return
    temporary.unlink()


_LEFTOVER = re.compile(r"^\..+\.(\d+)\.[0-9a-f]+\.part$")


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove the temporary files of atomic writes in ``folder`` whose process is gone (a
    write interrupted by a kill or a power cut); a live process's are left alone."""
    removed = []
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            match = _LEFTOVER.match(path.name)
            if match is None or pid_alive(int(match.group(1))):
                continue
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


def disk_full(exc: OSError) -> bool:
    """Whether ``exc`` says there is no room left on the disk."""
    return exc.errno in _NO_ROOM


#: No room left: the disk is full, the user's quota is used up, or the file is larger than
#: the file system or a limit set on the process allows (EFBIG).
_NO_ROOM = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _failed(target: Path, exc: OSError) -> StorageError:
    if exc.errno in _NO_ROOM:
        return StorageError(
            N_(
                "The disk holding {file} is full. Free some space or choose another place, then "
                "try again."
            ),
            file=str(target),
        )
    return StorageError(
        N_("{file} could not be written ({detail}). Check the disk and try again."),
        file=str(target),
        detail=exc.strerror or str(exc),
    )


def sync_folder(folder: Path) -> None:
    """Make renames in ``folder`` durable (a no-op where folders cannot be synced)."""
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def pid_alive(pid: int) -> bool:
    """Whether a process ``pid`` exists on this computer (to recognise files left behind by
    a process that died: a lock on a file system without locks, a half-written backup).
    ``psutil`` answers on every platform (on Windows, a process that ended is not
    "alive" although its id is still open somewhere)."""
    if pid <= 0:
        return False
    import psutil  # here: 10 ms to import, and the first window needs none of it

    try:
        return psutil.pid_exists(pid)
    except (OSError, psutil.Error):
        return False
