"""Asked to end by the system: the window closes as if the person had quit.

A desktop session that logs out or shuts down, a service manager, or ``kill`` sends SIGTERM
(SIGHUP when the terminal goes away, SIGINT for Ctrl+C in it). Python's default would end the
process at once: the last second of typing not yet saved, the session marker left behind (the
next start would say Jalon closed unexpectedly) and the database closed by the kernel. Here the
signal only wakes Qt's event loop through a socket (:func:`signal.set_wakeup_fd`), and the
windows are closed in the loop: the editor saves, the session ends normally, the store closes.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import sys

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtWidgets import QApplication

#: The signals that end Jalon as a quit does (POSIX only; Windows ends processes otherwise).
ENDING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)


class TerminationWatcher(QObject):
    """While it lives, the signals in :data:`ENDING_SIGNALS` close every window in the event
    loop. :meth:`stop` puts the previous handlers back."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous = {sig: signal.signal(sig, _noted) for sig in ENDING_SIGNALS}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)
        #: Whether a signal asked Jalon to end (the app then says it quit, not crashed).
        self.asked_to_end = False

    def _woken(self) -> None:
        received = b""
        with contextlib.suppress(BlockingIOError, InterruptedError):
            while chunk := self._reader.recv(64):
                received += chunk
        if any(number in received for number in ENDING_SIGNALS) and not self.asked_to_end:
            self.asked_to_end = True
            QApplication.closeAllWindows()  # the editor saves as it closes

    def stop(self) -> None:
        self._notifier.setEnabled(False)
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()


def _noted(_signum: int, _frame: object) -> None:
    """The Python-level handler: nothing to do here, the wake-up byte is what counts (a
    handler other than the default keeps the process alive until the loop closes it)."""


def watch_for_termination(parent: QObject | None = None) -> TerminationWatcher | None:
    """A watcher on POSIX systems, from the main thread; None elsewhere."""
    if sys.platform == "win32" or not ENDING_SIGNALS:
        return None
    try:
        return TerminationWatcher(parent)
    except (ValueError, OSError):  # not the main thread, or no socket: Python's defaults stay
        return None
