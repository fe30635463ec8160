"""One writer per data folder: the lock file ``jalon.lock``.

A Jalon window holds the lock of its data folder for as long as it is open; a ``jalon``
command that changes data (setup, demo, export, import, enrolling or revoking a key, restoring
a backup) holds it for the length of the command. Commands that only read (list, verify,
report, export-data, doctor without ``--restore``) do not take it and work beside an open
window: SQLite lets readers and one writer share the database.

How: the file is locked with the operating system's own lock (``flock`` on macOS and Linux,
``msvcrt.locking`` on Windows), which the system releases when the holder ends however it
ends (closed, crashed, killed): a lock left by a process that died is recovered simply by
taking it. The holder writes its process id, host name, kind (``app`` or ``command``) and
start time into the file, for the message of whoever is refused. On a network share whose
locks do not reach other computers, a lock naming another computer is respected for
:data:`REMOTE_STALE_AFTER`, then taken over.

Why this and not a library: ``QLockFile`` is Qt, which the services do not import (the
command line takes the same lock), and it is no system lock: a lock left by a killed process
is judged stale from its process id and age, where the system simply frees this one.
``filelock`` takes the same system lock but
opens the file truncated, so each refused attempt would erase the holder's record that the
refusal message names, and on Windows it deletes the file on release; neither knows a lock
written by another computer on a shared folder. What remains here is that record and that
rule; the system lock does the rest, and ``psutil`` (through :func:`jalon.fileio.pid_alive`)
answers whether a process still runs where the file system has no locks. A second window is
handed the files it was given through ``QLocalServer`` (``jalon.ui.handoff``).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from jalon import paths
from jalon.core.errors import N_, StorageError
from jalon.fileio import pid_alive

LOCK_FILE = "jalon.lock"
#: How long a lock written by another computer is respected when its holder cannot be asked.
REMOTE_STALE_AFTER = timedelta(hours=12)
#: Windows locks a byte range and refuses reads inside it: lock a byte past any content.
_WINDOWS_LOCK_OFFSET = 1 << 20
APP = "app"
COMMAND = "command"


@dataclass(frozen=True, slots=True)
class LockOwner:
    """Who holds (or last held) a data folder's lock, as its lock file says."""

    pid: int
    host: str
    kind: str
    started: datetime | None

    @property
    def on_this_computer(self) -> bool:
        return self.host == _host()


class AlreadyRunningError(StorageError):
    """Another Jalon window (or a ``jalon`` command that changes data) is using the folder."""

    def __init__(self, folder: Path, owner: LockOwner | None) -> None:
        who = owner or LockOwner(0, _host(), APP, None)
        if not who.on_this_computer:
            super().__init__(
                N_(
                    "Jalon is open on the data folder {folder} on another computer, {host} "
                    "(process {pid}). Close it there, then try again; a lock left by a computer "
                    "that stopped is ignored after 12 hours."
                ),
                folder=str(folder),
                host=who.host,
                pid=who.pid,
            )
        elif who.kind == COMMAND:
            super().__init__(
                N_(
                    "A jalon command (process {pid}) is changing data in the data folder "
                    "{folder}. Wait for it to finish, then try again."
                ),
                folder=str(folder),
                pid=who.pid,
            )
        else:
            super().__init__(
                N_(
                    "Another Jalon window (process {pid}) is using the data folder {folder}. "
                    "Switch to that window, or close it and try again."
                ),
                folder=str(folder),
                pid=who.pid,
            )
        self.folder = folder
        self.owner = owner


def _host() -> str:
    try:
        return socket.gethostname() or "localhost"
    except OSError:
        return "localhost"


# -- the operating system's lock ----------------------------------------------------------------


def _try_lock(descriptor: int) -> bool | None:
    """Take the exclusive lock without waiting: True, or False when someone else holds it,
    or None on a file system that has no locks (then only the file's contents tell)."""
    if sys.platform == "win32":  # pragma: no cover - Windows
        import msvcrt

        os.lseek(descriptor, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:  # ENOLCK and the like: a file system without locks
        return None
    return True


def _unlock(descriptor: int) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":  # pragma: no cover - Windows
            import msvcrt

            os.lseek(descriptor, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(descriptor, fcntl.LOCK_UN)


# -- the lock file's contents ---------------------------------------------------------------------


def _parse(raw: bytes) -> LockOwner | None:
    try:
        data: Any = json.loads(raw.decode("utf-8"))
        pid = int(data["pid"])
        host = str(data["host"])
        kind = str(data.get("kind", APP))
        started = data.get("started")
        when = datetime.fromisoformat(started) if isinstance(started, str) else None
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return LockOwner(pid, host, kind, when)


def _read_descriptor(descriptor: int) -> bytes:
    os.lseek(descriptor, 0, os.SEEK_SET)
    chunks: list[bytes] = []
    while True:
        chunk = os.read(descriptor, 4096)
        if not chunk or len(chunks) > 16:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def _read_owner(path: Path) -> LockOwner | None:
    """The owner the lock file names; a holder may be writing it this very moment, so a few
    quick attempts are made before giving up."""
    for _ in range(20):
        try:
            owner = _parse(path.read_bytes())
        except OSError:
            return None
        if owner is not None:
            return owner
        time.sleep(0.005)
    return None


def _fresh_remote(owner: LockOwner | None, path: Path) -> bool:
    """A lock written by another computer, recently enough to be respected."""
    if owner is None or owner.on_this_computer:
        return False
    started = owner.started
    if started is None:
        with contextlib.suppress(OSError):
            started = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return started is not None and datetime.now(UTC) - started < REMOTE_STALE_AFTER


def _stands(previous: LockOwner | None, path: Path, locked: bool | None) -> bool:
    """Whether the lock the file names still holds although the system's lock was free (or
    the file system has none): another computer's recent lock, or, without system locks, a
    live process of this computer."""
    if previous is None:
        return False
    if locked is None and previous.on_this_computer:
        return previous.pid != os.getpid() and pid_alive(previous.pid)
    return _fresh_remote(previous, path)


def _unwritable(folder: Path, exc: OSError) -> StorageError:
    return StorageError(
        N_(
            "The data folder {folder} cannot be written to ({detail}). Choose a folder you "
            "can write to with --data-dir, or fix its permissions."
        ),
        folder=str(folder),
        detail=exc.strerror or type(exc).__name__,
    )


# -- the lock ---------------------------------------------------------------------------------


_HELD: dict[Path, InstanceLock] = {}


class InstanceLock:
    """The lock of one data folder, held by this process until :meth:`release` (or the end
    of a ``with`` block, or the end of the process)."""

    def __init__(self, folder: Path, descriptor: int, owner: LockOwner) -> None:
        self.folder = folder
        self.path = folder / LOCK_FILE
        self.owner = owner
        self._descriptor: int | None = descriptor

    @property
    def held(self) -> bool:
        return self._descriptor is not None

    def release(self) -> None:
        """Give the folder up and remove the lock file (emptied instead where an open file
        cannot be removed, on Windows)."""
        descriptor, self._descriptor = self._descriptor, None
        if descriptor is None:
            return
        _HELD.pop(self.folder, None)
        with contextlib.suppress(OSError):
            os.ftruncate(descriptor, 0)
        if _same_file(descriptor, self.path):
            with contextlib.suppress(OSError):
                self.path.unlink()  # still holding the lock: nobody can take this file now
        _unlock(descriptor)
        with contextlib.suppress(OSError):
            os.close(descriptor)

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _folder(data_dir: str | os.PathLike[str] | None) -> Path:
    return paths.data_dir(data_dir).absolute()


def _same_file(descriptor: int, path: Path) -> bool:
    """Whether ``path`` still names the file open as ``descriptor`` (a holder that released
    the lock removes the file; whoever opened it before must open the new one)."""
    try:
        mine, named = os.fstat(descriptor), os.stat(path)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (named.st_dev, named.st_ino)


def _open_locked(folder: Path, path: Path) -> tuple[int, bool | None]:
    """The lock file, open, with the system's lock taken (True), or None without system
    locks; AlreadyRunningError when another process holds it."""
    for _ in range(50):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0)
            descriptor = os.open(path, flags, 0o644)
        except OSError as exc:
            raise _unwritable(folder, exc) from None
        locked = _try_lock(descriptor)
        if locked is False:
            owner = _read_owner(path)
            os.close(descriptor)
            if owner is not None:
                raise AlreadyRunningError(folder, owner)
            time.sleep(0.01)  # being taken or released this very moment: look again
            continue
        if _same_file(descriptor, path):
            return descriptor, locked
        _unlock(descriptor)  # released and removed by its holder meanwhile: open it again
        os.close(descriptor)
    raise AlreadyRunningError(folder, _read_owner(path))


def acquire(data_dir: str | os.PathLike[str] | None = None, *, kind: str = APP) -> InstanceLock:
    """Take the lock of ``data_dir`` (the default data folder when None) for this process.

    Raises :class:`AlreadyRunningError` naming the holder when another process holds it,
    :class:`StorageError` when the folder cannot be written to.
    """
    folder = _folder(data_dir)
    path = folder / LOCK_FILE
    descriptor, locked = _open_locked(folder, path)
    try:
        # With the system's lock ours, no process on this computer holds the folder: a pid in
        # the file is a holder that died. Only another computer's recent lock stands.
        previous = _parse(_read_descriptor(descriptor))
        if _stands(previous, path, locked):
            _unlock(descriptor)
            raise AlreadyRunningError(folder, previous)
        owner = LockOwner(os.getpid(), _host(), kind, datetime.now(UTC).replace(microsecond=0))
        record = {
            "pid": owner.pid,
            "host": owner.host,
            "kind": owner.kind,
            "started": owner.started.isoformat() if owner.started else None,
            "app": "jalon",
        }
        os.ftruncate(descriptor, 0)
        os.lseek(descriptor, 0, os.SEEK_SET)
        os.write(descriptor, json.dumps(record).encode("utf-8"))
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    except OSError as exc:
        _unlock(descriptor)
        os.close(descriptor)
        raise _unwritable(folder, exc) from None
    except BaseException:
        os.close(descriptor)
        raise
    lock = InstanceLock(folder, descriptor, owner)
    _HELD[folder] = lock
    return lock


@contextlib.contextmanager
def holding(
    data_dir: str | os.PathLike[str] | None = None, *, kind: str = COMMAND
) -> Iterator[InstanceLock]:
    """The folder's lock for the length of a ``with`` block: the lock this process already
    holds (a window restoring a backup), else a new one released at the end."""
    held = _HELD.get(_folder(data_dir))
    if held is not None and held.held:
        yield held
        return
    with acquire(data_dir, kind=kind) as lock:
        yield lock


def owner_info(data_dir: str | os.PathLike[str] | None = None) -> LockOwner | None:
    """Who holds the folder's lock now; None when nobody does (or it was left by a process
    that died). This process's own lock counts."""
    folder = _folder(data_dir)
    held = _HELD.get(folder)
    if held is not None and held.held:
        return held.owner
    path = folder / LOCK_FILE
    try:
        descriptor = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return None
    except OSError:  # cannot open it to test the lock: believe what it says
        return _read_owner(path)
    try:
        locked = _try_lock(descriptor)
        if locked is False:
            return _read_owner(path) or LockOwner(0, _host(), APP, None)
        previous = _parse(_read_descriptor(descriptor))
        _unlock(descriptor)
        return previous if _stands(previous, path, locked) else None
    finally:
        os.close(descriptor)


def owner(data_dir: str | os.PathLike[str] | None = None) -> int | None:
    """The process id of whoever holds the folder's lock (0 if it cannot be read), or None."""
    found = owner_info(data_dir)
    return found.pid if found is not None else None
