"""Long service calls (an import, the report back) run off the GUI thread.

The services open their own unit of work per call, and the engine below them is shared safely
between threads, so a job calls the same ``Jalon`` the window uses. A job never touches a
widget: it reports through queued signals, and it is cancelled by setting a flag the service
reads between packages.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from jalon.core.errors import N_, JalonError, Message
from jalon.i18n import _, describe
from jalon.ui.plain_text import plain_progress

log = logging.getLogger(__name__)


class Job(QThread):
    """Runs ``work(job)`` in a thread of its own.

    ``work`` may call :meth:`report` to say how far it is and :meth:`is_cancelled` to know
    whether to stop.

    Signals:
        progressed(int, int, object): done, total and a :class:`Message` saying what is done.
        succeeded(object): ``work`` returned this value.
        failed(object): ``work`` raised this exception (a :class:`JalonError`, or another
            exception for a bug, already logged).
    """

    progressed = Signal(int, int, object)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[Job], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()
        self.finished.connect(lambda: _RUNNING.discard(self))

    def start(self, priority: QThread.Priority = QThread.Priority.InheritPriority) -> None:
        """Start the work; the job is kept (and waited for when the application quits) until
        it ends, even if the window that started it is closed first."""
        _watch_quit()
        _RUNNING.add(self)
        super().start(priority)

    def run(self) -> None:
        try:
            result = self._work(self)
        except JalonError as error:
            self.failed.emit(error)
        except Exception as error:  # a bug: say so in the window rather than lose the thread
            log.exception("background work failed")
            self.failed.emit(error)
        else:
            self.succeeded.emit(result)

    def report(self, done: int, total: int, what: Message) -> None:
        self.progressed.emit(done, total, what)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()


#: Jobs started and not yet ended: a QThread destroyed while running aborts the program.
_RUNNING: set[Job] = set()
_watching = False


def _watch_quit() -> None:
    global _watching
    app = QCoreApplication.instance()
    if not _watching and app is not None:
        app.aboutToQuit.connect(wait_for_all)
        _watching = True


def wait_for_all(timeout_ms: int = 60_000) -> None:
    """Ask every running job to stop at its next safe point, and wait for it to end (an
    import ends after the package it is storing: nothing is left half-imported)."""
    for job in list(_RUNNING):
        job.cancel()
        job.wait(timeout_ms)


def failure_text(error: object) -> str:
    """What went wrong, in the user's language, never a traceback."""
    if isinstance(error, JalonError):
        return describe(error)
    return describe(
        Message(
            N_(
                "Something unexpected stopped the work ({detail}). Try again; if it happens "
                "again, send this message to your support team."
            ),
            {"detail": type(error).__name__},
        )
    )


class JobProgress(QProgressDialog):
    """The progress of a job, window-modal, shown only when the work lasts.

    ``cancellable`` adds a Cancel button that asks the job to stop at its next safe point
    (for an import: before the next package); the dialog then closes and the job ends what
    it is doing.
    """

    SHOW_AFTER_MS = 400

    def __init__(self, job: Job, title: str, parent: QWidget, *, cancellable: bool) -> None:
        super().__init__(parent)
        self._job = job
        self._stopping = False
        self.setWindowTitle(title)
        # Progress names packages and jurisdictions: the sender's text, shown plain.
        self._label = plain_progress(self)
        self._label.setText(title)
        self.setMinimumDuration(self.SHOW_AFTER_MS)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setRange(0, 0)  # busy until the first report gives a total
        self.setWindowModality(Qt.WindowModality.WindowModal)
        if cancellable:
            self.setCancelButtonText(_("Cancel"))
            self.canceled.connect(self._cancel)
        else:
            self.setCancelButton(None)
        self.setAccessibleName(title)
        job.progressed.connect(self._progressed)
        job.finished.connect(self.close)
        self.setValue(0)

    def _progressed(self, done: int, total: int, what: object) -> None:
        if self._stopping:
            return  # cancelled: Qt hid the dialog, and it must not show itself again
        if total > 0:
            if self.maximum() != total:
                self.setRange(0, total)
            self.setValue(min(done, total))
        if isinstance(what, Message):
            self._label.setText(describe(what))

    def _cancel(self) -> None:
        # Qt hides the dialog on Cancel; the panel says the job is stopping until it has.
        self._job.cancel()
        self._stopping = True

    @property
    def job(self) -> Job:
        return self._job
