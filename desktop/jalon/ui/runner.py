"""The one way the windows run a long service call off the GUI thread: an :class:`Operation`.

Exporting a package, checking packages, an import, the report back, the dashboard's read,
making a key and opening the store all run here. The services open their own unit of work per
call, and the engine below them is shared safely between threads, so an operation calls the
same ``Jalon`` the window uses.

The operation that opens the store is made before the window is drawn, so this module imports
nothing that costs time at start-up (PySide6's ``Qt`` namespace is imported by the progress
dialog when one is made). An operation never touches a widget: it reports through
signals, which Qt queues to the window's thread, and it is cancelled by setting a flag the
service reads at its safe points (for an import: between packages).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QProgressDialog, QWidget

from jalon.core.errors import N_, JalonError, Message
from jalon.i18n import _, describe

log = logging.getLogger(__name__)


class Operation(QThread):
    """Runs ``work(operation)`` in a thread of its own.

    ``work`` may call :meth:`report` to say how far it is (it has the signature the services'
    ``progress`` callbacks take) and :meth:`is_cancelled` to know whether to stop.

    What ``work`` returned, or the exception it raised, is also kept in :attr:`result` /
    :attr:`error`, so a caller whose event loop has already stopped can still take it
    (:meth:`take`).

    Signals:
        progressed(int, int, object): done, total and a :class:`Message` saying what is done.
        succeeded(object): ``work`` returned this value.
        failed(object): ``work`` raised this exception (a :class:`JalonError`, an ``OSError``
            from a disk, or another exception for a bug, already logged);
            :func:`failure_text` says it in the user's language.
    """

    progressed = Signal(int, int, object)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[Operation], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()
        self.result: object = None
        self.error: BaseException | None = None
        self.finished.connect(lambda: _RUNNING.discard(self))

    def start(self, priority: QThread.Priority = QThread.Priority.InheritPriority) -> None:
        """Start the work; the operation is kept (and waited for when the application quits)
        until it ends, even if the window that started it is closed first."""
        _watch_quit()
        _RUNNING.add(self)
        super().start(priority)

    def run(self) -> None:
        try:
            result = self._work(self)
        except JalonError as error:
            self.error = error
            self.failed.emit(error)
        except Exception as error:  # a disk failing, or a bug: said in the window, not lost
            if not isinstance(error, OSError):
                log.exception("background work failed")
            self.error = error
            self.failed.emit(error)
        else:
            self.result = result
            self.succeeded.emit(result)

    def report(self, done: int, total: int, what: Message) -> None:
        self.progressed.emit(done, total, what)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def take(self) -> object:
        """Wait for the work to end and hand over what it returned (None if it failed); it
        is handed over once."""
        self.wait()
        result, self.result = self.result, None
        return result


#: Operations started and not yet ended: a QThread destroyed while running aborts the program.
_RUNNING: set[Operation] = set()
_watching = False


def _watch_quit() -> None:
    global _watching
    app = QCoreApplication.instance()
    if not _watching and app is not None:
        app.aboutToQuit.connect(wait_for_all)
        _watching = True


def wait_for_all(timeout_ms: int = 60_000) -> None:
    """Ask every running operation to stop at its next safe point, and wait for it to end (an
    import ends after the package it is storing: nothing is left half-imported)."""
    for operation in list(_RUNNING):
        operation.cancel()
        operation.wait(timeout_ms)


def failure_text(error: object) -> str:
    """What went wrong, in the user's language, never a traceback."""
    if isinstance(error, JalonError):
        return describe(error)
    if isinstance(error, OSError):  # a disk or USB stick failing mid-way
        return _("The disk answered with an error ({detail}). Check it, then try again.").format(
            detail=error.strerror or str(error)
        )
    return describe(
        Message(
            N_(
                "Something unexpected stopped the work ({detail}). Try again; if it happens "
                "again, send this message to your support team."
            ),
            {"detail": type(error).__name__},
        )
    )


def show_progress(bar: QProgressBar, label: QLabel, done: int, total: int, what: object) -> str:
    """An operation's report shown on a dialog's own bar and line (the line is also the bar's
    accessible description); returns the line, in the user's language."""
    text = describe(what) if isinstance(what, Message) else ""
    bar.setRange(0, max(total, 1))
    bar.setValue(done)
    label.setText(text)
    bar.setAccessibleDescription(text)
    return text


class OperationProgress(QProgressDialog):
    """The progress of an operation, window-modal, shown only when the work lasts.

    ``cancellable`` adds a Cancel button that asks the operation to stop at its next safe
    point (for an import: before the next package); the dialog then closes and the operation
    ends what it is doing.
    """

    SHOW_AFTER_MS = 400

    def __init__(
        self, operation: Operation, title: str, parent: QWidget, *, cancellable: bool
    ) -> None:
        from PySide6.QtCore import Qt

        from jalon.ui.plain_text import plain_progress

        super().__init__(parent)
        self._operation = operation
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
        operation.progressed.connect(self._progressed)
        operation.finished.connect(self.close)
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
        # Qt hides the dialog on Cancel; the panel says the operation is stopping until it has.
        self._operation.cancel()
        self._stopping = True

    @property
    def operation(self) -> Operation:
        return self._operation
