"""Waiting for a busy data folder instead of giving up at once.

A ``jalon import`` started while another ``jalon`` command is changing data in the same data
folder (another import, say) has a clear intent: it waits for the folder's lock, saying so,
then goes on. It waits at most the given number of seconds, and Ctrl+C stops the wait with
nothing written (the store is opened only once the lock is taken).

Only a *command* is waited for: it ends by itself. A Jalon window keeps the folder for as long
as it is open, and a lock held on another computer cannot be watched from here: both are
refused at once, as before, with the message that says what to do.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

from jalon.core.errors import N_, Message, StorageError
from jalon.services import instance

#: How often the lock is tried again while waiting.
POLL_SECONDS = 0.1


class StillBusyError(StorageError):
    """The folder was still busy when the wait ran out."""


def _waitable(error: instance.AlreadyRunningError) -> bool:
    owner = error.owner
    return owner is not None and owner.kind == instance.COMMAND and owner.on_this_computer


@contextmanager
def holding_when_free(
    data_dir: str | os.PathLike[str] | None,
    *,
    wait_seconds: float,
    on_wait: Callable[[Message], None],
    kind: str = instance.COMMAND,
) -> Iterator[instance.InstanceLock]:
    """The folder's lock for the length of a ``with`` block, waiting up to ``wait_seconds``
    for another command to finish; ``on_wait`` is told once, when the wait starts."""
    deadline = time.monotonic() + max(0.0, wait_seconds)
    told = False
    with ExitStack() as stack:
        while True:
            try:
                lock = stack.enter_context(instance.holding(data_dir, kind=kind))
                break
            except instance.AlreadyRunningError as busy:
                if not _waitable(busy) or wait_seconds <= 0:
                    raise
                if time.monotonic() >= deadline:
                    raise _still_busy(busy, wait_seconds) from None
                if not told:
                    on_wait(_waiting(busy, wait_seconds))
                    told = True
                time.sleep(min(POLL_SECONDS, max(0.0, deadline - time.monotonic())))
        yield lock


def _pid(busy: instance.AlreadyRunningError) -> int:
    return busy.owner.pid if busy.owner is not None else 0


def _waiting(busy: instance.AlreadyRunningError, wait_seconds: float) -> Message:
    return Message(
        N_(
            "The data folder {folder} is busy: a jalon command (process {pid}) is changing "
            "data in it. Waiting for it to finish (at most {seconds} s; Ctrl+C to cancel)…"
        ),
        {"folder": str(busy.folder), "pid": _pid(busy), "seconds": round(wait_seconds)},
    )


def _still_busy(busy: instance.AlreadyRunningError, wait_seconds: float) -> StillBusyError:
    return StillBusyError(
        N_(
            "The data folder {folder} is still busy after {seconds} s: a jalon command "
            "(process {pid}) is changing data in it. Nothing was done; try again once it has "
            "finished, or wait longer with --wait SECONDS."
        ),
        folder=str(busy.folder),
        seconds=round(wait_seconds),
        pid=_pid(busy),
    )
