"""The desktop session: noticing that the last one ended unexpectedly, and crash reports.

While a Jalon window has its data folder open, the file ``jalon.session`` in the folder says
so (its process id and start time); quitting normally removes it. Finding it at the next
start, once the folder's lock is ours (so no other window is using the folder), means the
last session ended without quitting: the power went, the process was killed, or it crashed.
The window then says so, and until when the work is kept: the time of the last edit the store
holds (edits are written within a second of the last keystroke).

A crash of the interpreter itself (a fatal error in a binding, a segmentation fault) writes
Python's :mod:`faulthandler` report into ``logs/crash-<time>-<pid>.log`` in the data folder.
The report file is opened at start and removed at a normal end when nothing was written to
it, so the reports left are the crashes; ``jalon doctor`` lists them
(:func:`crash_reports`).

This module imports nothing heavy at import time: the desktop app enables the crash report
before its window shows.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import sys
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING

from jalon import paths
from jalon.core.errors import StorageError
from jalon.fileio import write_atomically

if TYPE_CHECKING:
    from datetime import datetime

    from jalon.services.app import Jalon

MARKER_FILE = "jalon.session"
LOGS = "logs"
CRASH_PREFIX = "crash-"
CRASH_SUFFIX = ".log"
#: Crash reports kept in the logs: the newest ones, none older than the age below. A binding
#: that crashes at every start must not fill the disk of a laptop that nobody looks after.
CRASH_REPORTS_KEPT = 20
CRASH_REPORT_MAX_AGE_DAYS = 90


class UncleanExit:
    """What is known about a session that ended without quitting. (A plain class: this
    module is imported before the first window, and a dataclass costs about 1 ms to make.)"""

    __slots__ = ("crash_report", "last_saved", "started")

    def __init__(
        self, started: datetime | None, last_saved: datetime | None, crash_report: Path | None
    ) -> None:
        #: When that session started (None if its marker could not be read).
        self.started = started
        #: The time of the last edit the store holds (None when it holds no assessment).
        self.last_saved = last_saved
        #: The crash report that session wrote, if it wrote one.
        self.crash_report = crash_report


# -- crash reports ------------------------------------------------------------------------------


class CrashLog:
    """Python's fault handler writing into one report file of the data folder's logs, for as
    long as the app runs; :meth:`close` at a normal end removes the file if it stayed empty."""

    def __init__(self, path: Path, stream: IO[str], was_enabled: bool) -> None:
        self.path = path
        self._stream: IO[str] | None = stream
        self._was_enabled = was_enabled

    def close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        faulthandler.disable()
        if self._was_enabled:  # give the handler back to the standard error (a test run)
            with contextlib.suppress(ValueError, OSError, AttributeError):
                faulthandler.enable(sys.__stderr__)  # type: ignore[arg-type]
        with contextlib.suppress(OSError):
            stream.close()
        _remove_if_empty(self.path)


def _remove_if_empty(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.stat().st_size == 0:
            path.unlink()


def enable_crash_reports(data_dir: str | os.PathLike[str] | None = None) -> CrashLog | None:
    """Have a fatal error of this process write its report into the data folder's logs.

    Returns None when the folder cannot be written to (the app runs without reports then; the
    store says what is wrong with the folder)."""
    folder = paths.data_dir(data_dir) / LOGS
    when = time.strftime("%Y%m%d-%H%M%S", time.gmtime())  # UTC
    path = folder / f"{CRASH_PREFIX}{when}-{os.getpid()}{CRASH_SUFFIX}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stream = path.open("w", encoding="utf-8")
    except OSError:
        return None
    was_enabled = faulthandler.is_enabled()
    faulthandler.enable(stream, all_threads=True)
    return CrashLog(path, stream, was_enabled)


def crash_reports(data_dir: str | os.PathLike[str] | None = None) -> list[Path]:
    """The crash reports in the data folder's logs, newest first (empty files, left by a
    process that was killed or is running now, are not reports)."""
    folder = paths.data_dir(data_dir) / LOGS
    found: list[tuple[float, Path]] = []
    with contextlib.suppress(OSError):
        for path in folder.glob(f"{CRASH_PREFIX}*{CRASH_SUFFIX}"):
            with contextlib.suppress(OSError):
                stat = path.stat()
                if stat.st_size > 0:
                    found.append((stat.st_mtime, path))
    return [path for _mtime, path in sorted(found, reverse=True)]


# -- the session marker -------------------------------------------------------------------------


class Session:
    """This window's session on its data folder; :meth:`end` when quitting normally."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker
        self._open = True

    def end(self) -> None:
        """Quitting normally: the next start finds no marker and says nothing."""
        if self._open:
            self._open = False
            with contextlib.suppress(OSError):
                self.marker.unlink()


def _read_started(marker: Path) -> datetime | None:
    from datetime import UTC, datetime

    try:
        import json  # here: not needed before the first window

        started = json.loads(marker.read_text(encoding="utf-8"))["started"]
        when = datetime.fromisoformat(started)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _last_saved(app: Jalon) -> datetime | None:
    with app.uow() as uow:
        latest = uow.assessments.list_latest(include_archived=True)
    return max((a.updated_at for a in latest), default=None)


def _report_of(data_dir: Path, since: datetime | None, own: Path | None) -> Path | None:
    from datetime import UTC, datetime

    for path in crash_reports(data_dir):
        if path == own:
            continue
        with contextlib.suppress(OSError):
            written = datetime.fromtimestamp(path.stat().st_mtime, UTC)
            if since is None or written >= since:
                return path
    return None


def _tidy_reports(data_dir: Path, keep: set[Path]) -> None:
    """Remove the empty reports left by killed processes, and the reports beyond the newest
    :data:`CRASH_REPORTS_KEPT` or older than :data:`CRASH_REPORT_MAX_AGE_DAYS` days. The paths
    in ``keep`` (this process's own file, the report about to be shown) always stay."""
    from datetime import UTC, datetime

    with contextlib.suppress(OSError):
        for path in (data_dir / LOGS).glob(f"{CRASH_PREFIX}*{CRASH_SUFFIX}"):
            if path not in keep:
                _remove_if_empty(path)
    oldest = datetime.now(UTC).timestamp() - CRASH_REPORT_MAX_AGE_DAYS * 86400
    for rank, path in enumerate(crash_reports(data_dir)):
        if path in keep:
            continue
        with contextlib.suppress(OSError):
            if rank >= CRASH_REPORTS_KEPT or path.stat().st_mtime < oldest:
                path.unlink()


def begin(app: Jalon, crash_log: CrashLog | None = None) -> tuple[Session, UncleanExit | None]:
    """Start the window's session on ``app``'s data folder (whose lock this process holds):
    what is known of the last session if it ended without quitting, and the new marker.

    ``crash_log`` is this process's own report file, not to be taken for the last session's.
    """
    from datetime import UTC, datetime

    folder = Path(app.data_dir)
    marker = folder / MARKER_FILE
    own = crash_log.path if crash_log is not None else None
    unclean: UncleanExit | None = None
    if marker.exists():
        started = _read_started(marker)
        unclean = UncleanExit(started, _last_saved(app), _report_of(folder, started, own))
    keep = {path for path in (own, unclean.crash_report if unclean else None) if path}
    _tidy_reports(folder, keep)
    record = {
        "pid": os.getpid(),
        "started": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "app": "jalon",
    }
    with contextlib.suppress(StorageError, OSError):  # read-only: the store says so itself
        import json

        write_atomically(marker, json.dumps(record).encode("utf-8"))
    return Session(marker), unclean
