"""Starting quickly: the store is opened in a thread of its own while the main window is
already on screen, and a hook measures how long the window took to appear.

Opening the store imports SQLAlchemy and runs the migrations (a second or more on a laptop);
nothing a person sees needs it before the list of assessments. This module imports neither
the services nor anything heavy, so importing it costs nothing at start-up.

What is shown before the store is open is deliberately plain (:class:`LoadingPage`): even
PySide6's ``Qt`` namespace (its enums take about 50 ms to create) is first touched after the
window is drawn.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QFont, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from jalon.i18n import _
from jalon.ui.bridge import bridge
from jalon.ui.runner import Operation

if TYPE_CHECKING:
    from jalon.services.app import Jalon
    from jalon.services.instance import InstanceLock

log = logging.getLogger(__name__)

#: Set to 1 to print the seconds from process start to the main window's first paint, then
#: quit (the start-up benchmark uses it).
EXIT_WHEN_SHOWN_ENV = "JALON_EXIT_WHEN_SHOWN"
#: The line printed, followed by the seconds: ``JALON_SHOWN 0.412``.
SHOWN_MARK = "JALON_SHOWN"

_IMPORTED_AT = time.monotonic()


def process_age() -> float:
    """Seconds since this process started (Linux: from ``/proc``, to the clock tick;
    elsewhere: since this module was imported, a slight underestimate)."""
    try:
        stat = Path("/proc/self/stat").read_text()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        # The command name (field 2) may hold spaces; the fields after its ")" are fixed.
        start_ticks = int(stat.rsplit(")", 1)[1].split()[19])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError, AttributeError):
        return time.monotonic() - _IMPORTED_AT


class Installation:
    """The open store and the data folder's lock, held while the window is open so that a
    second window (or a command that changes data) is refused with a clear message.

    A plain class, not a dataclass: making a dataclass costs about 1 ms at import, before the
    window is drawn."""

    __slots__ = ("app", "lock")

    def __init__(self, app: Jalon, lock: InstanceLock) -> None:
        self.app = app
        self.lock = lock

    def close(self) -> None:
        from jalon.services import backups

        try:
            backups.backup_if_changed(self.app, backups.QUIT)  # a clean quit: a backup
        finally:
            try:
                self.app.close()
            finally:
                self.lock.release()


def open_installation(
    data_dir: str | None, database: str | None, *, allow_new: bool = False
) -> Installation:
    """Lock the data folder, then open and check its store (``Jalon.open``); raises the
    services' :class:`~jalon.core.errors.JalonError` when either is refused, and then holds
    no lock. ``allow_new``: a lost database may be replaced by an empty one."""
    from jalon.services import instance
    from jalon.services.app import Jalon

    lock = instance.acquire(data_dir, kind=instance.APP)
    try:
        return Installation(Jalon.open(data_dir, database, check=True, allow_new=allow_new), lock)
    except BaseException:
        lock.release()
        raise


def store_opener(
    data_dir: str | None, database: str | None, *, allow_new: bool = False
) -> Operation:
    """An operation that opens the installation (:func:`open_installation`) off the GUI
    thread, once started.

    ``succeeded`` carries the open :class:`Installation`; ``failed`` the
    :class:`~jalon.core.errors.JalonError` that refused it (or, for a bug, another exception,
    already logged). :func:`take_installation` hands the installation over even when the
    event loop has already stopped (the window closed while the store was opening), so that
    it is still closed.
    """
    # The services are imported in the operation's thread: that import (SQLAlchemy) is most
    # of the cost moved off the window's start.
    return Operation(lambda _operation: open_installation(data_dir, database, allow_new=allow_new))


def take_installation(opener: Operation | None) -> Installation | None:
    """Wait for ``opener`` (:func:`store_opener`) and hand over what it opened (None if it
    failed, or was never made)."""
    taken = opener.take() if opener is not None else None
    return taken if isinstance(taken, Installation) else None


class FirstPaint(QObject):
    """Tells when ``window`` is first painted, that is when a person can see it.

    The store is opened after that moment, not before: its imports would otherwise compete
    with drawing the window for the interpreter. If no paint comes (a window shown minimised),
    the signal is sent anyway after :data:`FALLBACK_MS`.

    Signals:
        painted(): the window was drawn (sent once).
    """

    painted = Signal()

    FALLBACK_MS = 400

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._sent = False
        window.installEventFilter(self)
        QTimer.singleShot(self.FALLBACK_MS, self, self._send)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # isinstance, not event.type(): QEvent.Type is a large enum, slow to create.
        if watched is self._window and isinstance(event, QPaintEvent) and not self._sent:
            # After this paint is done, not during it.
            QTimer.singleShot(0, self, self._send)
        return False

    def _send(self) -> None:
        if self._sent:
            return
        self._sent = True
        self._window.removeEventFilter(self)
        self.painted.emit()


class LoadingPage(QWidget):
    """What the main window shows while the store opens: the page's heading and "Loading your
    assessments…" with a busy bar (named for screen readers). Built without Qt's enums, so it
    costs nothing worth measuring."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        font = QFont(self.heading.font())
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy: how long opening takes is not known
        self.bar.setTextVisible(False)
        width = self.fontMetrics().averageCharWidth() * 44
        self.message.setMinimumWidth(width)  # one line, not a narrow column
        self.bar.setMaximumWidth(width)
        middle = QHBoxLayout()  # centred by stretches, which need no alignment flags
        middle.addStretch(1)
        column = QVBoxLayout()
        column.addWidget(self.message)
        column.addWidget(self.bar)
        middle.addLayout(column)
        middle.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addStretch(1)
        layout.addLayout(middle)
        layout.addStretch(2)
        bridge().language_changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(_("Assessments"))
        self.message.setText(_("Loading your assessments…"))
        self.bar.setAccessibleName(_("Loading your assessments…"))
        self.setAccessibleName(_("Loading your assessments…"))


def report_shown_and_quit() -> None:
    """The start-up benchmark's probe (``JALON_EXIT_WHEN_SHOWN=1``): print
    ``JALON_SHOWN <seconds since the process started>``, then quit."""
    print(SHOWN_MARK, f"{process_age():.3f}", flush=True)  # for the benchmark, not a person
    QCoreApplication.quit()


def exit_when_shown() -> bool:
    return os.environ.get(EXIT_WHEN_SHOWN_ENV, "") not in ("", "0")


def holds_data(folder: Path, besides: str) -> bool:
    """Whether ``folder`` already holds an installation's files (other than ``besides``)."""
    try:
        return folder.is_dir() and any(p.name != besides for p in folder.iterdir())
    except OSError:
        return False


__all__ = [
    "EXIT_WHEN_SHOWN_ENV",
    "SHOWN_MARK",
    "FirstPaint",
    "Installation",
    "LoadingPage",
    "exit_when_shown",
    "holds_data",
    "open_installation",
    "process_age",
    "report_shown_and_quit",
    "store_opener",
    "take_installation",
]
