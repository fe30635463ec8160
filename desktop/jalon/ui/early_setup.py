"""The "Set up Jalon" window at once on a new installation, while the store opens behind it.

A new person's first need is the set-up window, and it does not need the store to be shown:
whether the installation is set up is read from the data folder without opening the store
(:mod:`jalon.services.first_look`). So, when it certainly is not, the window comes right after
the main window's first paint, and the store starts opening once the set-up window is drawn
(its imports would otherwise slow the drawing down).

The set-up window works on a :class:`PendingStore`: a language chosen before the store is open
is saved once it is (:meth:`PendingStore.later`); saving the signer or creating the key waits
for it (:meth:`PendingStore.wait`, a busy cursor, seldom seen: typing a name takes longer
than opening the store).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEventLoop, QObject, QSettings, Signal

from jalon.core.errors import N_, JalonError, StorageError
from jalon.services.first_look import FirstLook

if TYPE_CHECKING:
    from jalon.services.app import Jalon
    from jalon.ui.main_window import MainWindow
    from jalon.ui.runner import Operation


class StartupState(Protocol):
    """What the set-up window shares with the start-up (:class:`jalon.ui.app.Startup`),
    named here so that this module does not import the one that starts the app."""

    pending: PendingStore | None
    setup_offered: bool
    refused: bool


class PendingStore(QObject):
    """The store, open or on its way.

    Signals:
        settled(): the store is open, or it failed to open.
    """

    settled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app: Jalon | None = None
        self.error: object = None
        self._then: list[Callable[[Jalon], None]] = []

    def resolve(self, app: Jalon) -> None:
        """The store is open: do what waited for it, in order."""
        self.app = app
        then, self._then = self._then, []
        for step in then:
            with contextlib.suppress(JalonError):  # a choice not kept; the session goes on
                step(app)
        self.settled.emit()

    def reject(self, error: object) -> None:
        self.error = error
        self.settled.emit()

    def later(self, step: Callable[[Jalon], None]) -> None:
        """``step(app)`` now if the store is open, else as soon as it is."""
        if self.app is not None:
            step(self.app)
        else:
            self._then.append(step)

    def wait(self) -> Jalon:
        """The open store, waiting for it if need be; the error that refused it, raised."""
        if self.app is None and self.error is None:
            from jalon.ui.widgets import busy

            loop = QEventLoop()
            self.settled.connect(loop.quit)
            try:
                with busy():
                    loop.exec()
            finally:
                self.settled.disconnect(loop.quit)
        if self.app is not None:
            return self.app
        if isinstance(self.error, JalonError):
            raise self.error
        raise StorageError(
            N_(
                "Jalon cannot open its data ({detail}). Check the data folder, then start "
                "Jalon again."
            ),
            detail=str(self.error or ""),
        )


def ready(app: Jalon | PendingStore) -> Jalon:
    """``app``, or the pending store once open (see :meth:`PendingStore.wait`)."""
    return app.wait() if isinstance(app, PendingStore) else app


def when_ready(app: Jalon | PendingStore, step: Callable[[Jalon], None]) -> None:
    """``step(app)``, now or once the pending store is open."""
    if isinstance(app, PendingStore):
        app.later(step)
    else:
        step(app)


class EarlySetup(QObject):
    """Shows the set-up window before the store is open, then opens the store."""

    def __init__(
        self,
        window: MainWindow,
        settings: QSettings,
        startup: StartupState,
        opener: Operation,
        files: Sequence[str],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._startup = startup
        self._opener = opener
        self._files = list(files)
        self._store_started = False
        self.pending = PendingStore(self)
        opener.failed.connect(self.pending.reject)
        startup.pending = self.pending

    def begin(self) -> None:
        """The main window is drawn: the set-up window, then (once it is drawn) the store."""
        from jalon.ui.startup import FirstPaint
        from jalon.ui.wizard import SetupWizard

        wizard = SetupWizard(self.pending, self._window)
        FirstPaint(wizard).painted.connect(self._start_store)
        result = wizard.exec()
        wizard.deleteLater()
        startup = self._startup
        startup.pending = None
        startup.setup_offered = True
        if startup.refused:
            return
        if result == SetupWizard.SKIPPED:
            # "I work for the secretariat": the workspace now if the store is open, else once
            # it is; remembered with the window state (not as an identity) only then, since
            # a skip kept beside no database yet would make the store refuse to create one.
            self._window.secretariat.setup_skipped()
        self._start_store()  # if the set-up window was closed before it was drawn
        if self.pending.app is not None and self._window.isVisible():
            self._window.refresh_identity()
            self._window.open_files(self._files)

    def _start_store(self) -> None:
        if not self._store_started:
            self._store_started = True
            self._opener.start()


def offer(
    window: MainWindow,
    settings: QSettings,
    startup: StartupState,
    opener: Operation,
    files: Sequence[str],
    look: FirstLook,
) -> EarlySetup | None:
    """An :class:`EarlySetup` when ``look`` (the data folder seen by :func:`first_look`) says
    the installation is certainly not set up and the person has not said they work for the
    secretariat; None when the store must say."""
    from jalon.ui.settings_keys import SKIPPED_SETUP

    if not look.needs_setup or settings.value(SKIPPED_SETUP, False, bool):
        return None
    return EarlySetup(window, settings, startup, opener, files)
