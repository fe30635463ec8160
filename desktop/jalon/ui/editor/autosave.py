"""Autosave: every change reaches the store within a second of the last keystroke.

Edits restart a short single-shot timer (never past a second after the first change not yet
written, so typing without a pause is written too); when it fires, the whole edited
assessment is written with ``services.assessments.save``. The editor also writes at once when
a field is left, the page changes, the window loses focus or closes
(:meth:`Autosaver.save_soon`, :meth:`Autosaver.flush`), so a crash costs at most about a
second of typing.

A refused or failed write keeps the edit in memory, says why, and is tried again (on the next
change, on :meth:`Autosaver.flush`, and every few seconds), so a full disk or a busy
database never loses a keystroke.
"""

from __future__ import annotations

import logging
import time
from enum import Enum

from PySide6.QtCore import QObject, QTimer, Signal

from jalon.core.errors import N_, JalonError, StorageError
from jalon.i18n import _, describe
from jalon.services import assessments
from jalon.services.app import Jalon
from jalon.ui.editor.document import EditedAssessment

log = logging.getLogger(__name__)

#: Wait this long after the last change before writing: typing a word costs one write.
DEBOUNCE_MS = 500
#: But never longer than this after the first change not yet written: someone typing without
#: a pause still has their text written every second (a crash then costs at most a second).
MAX_WAIT_MS = 1000
#: After a failed write, try again this often even if nothing else changes.
#: (A locked database blocks each attempt for the store's busy timeout, so not too often.)
RETRY_MS = 10_000


class SaveState(Enum):
    SAVED = "saved"
    PENDING = "pending"  # changed, write scheduled
    SAVING = "saving"
    FAILED = "failed"
    READ_ONLY = "read_only"


class Autosaver(QObject):
    """Writes the edited assessment to the store shortly after each change.

    Signals:
        state_changed(): the save state (and so :meth:`text`) changed.
    """

    state_changed = Signal()

    def __init__(
        self, app: Jalon, document: EditedAssessment, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._document = document
        self._dirty = False
        self._dirty_since = 0.0  # time.monotonic() of the first change not yet written
        self._state = SaveState.READ_ONLY if document.read_only else SaveState.SAVED
        self._error: JalonError | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)
        document.changed.connect(self._on_changed)
        document.replaced.connect(self._on_replaced)

    @property
    def state(self) -> SaveState:
        return self._state

    @property
    def is_dirty(self) -> bool:
        """True while an edit is in memory but not yet in the store."""
        return self._dirty

    @property
    def error(self) -> JalonError | None:
        """Why the last write failed, while it has not succeeded since."""
        return self._error

    def text(self) -> str:
        """The state as shown to the person, in the current language."""
        if self._state is SaveState.FAILED and self._error is not None:
            return _("Not saved: {reason}").format(reason=describe(self._error))
        return {
            SaveState.SAVED: _("Saved"),
            SaveState.PENDING: _("Saving…"),
            SaveState.SAVING: _("Saving…"),
            SaveState.READ_ONLY: _("Signed: read-only"),
            SaveState.FAILED: _("Not saved"),
        }[self._state]

    def _set_state(self, state: SaveState, error: JalonError | None = None) -> None:
        changed = (state, error) != (self._state, self._error)
        self._state = state
        self._error = error
        if changed:
            self.state_changed.emit()

    def _on_changed(self, _page: str) -> None:
        now = time.monotonic()
        if not self._dirty:
            self._dirty_since = now
        self._dirty = True
        if self._state is SaveState.FAILED:  # retried at the pause, not on every keystroke
            self._timer.start(DEBOUNCE_MS)
        else:
            waited_ms = (now - self._dirty_since) * 1000
            self._timer.start(int(max(0.0, min(DEBOUNCE_MS, MAX_WAIT_MS - waited_ms))))
        if self._state is not SaveState.FAILED:
            self._set_state(SaveState.PENDING)

    def _on_replaced(self) -> None:
        self._timer.stop()
        self._dirty = False
        self._set_state(SaveState.READ_ONLY if self._document.read_only else SaveState.SAVED)

    def save_soon(self) -> None:
        """Write the pending edit as soon as the event loop turns, without waiting for the
        pause (a field left, the window losing focus); a failed write keeps its retry pace."""
        if self._dirty and self._state is not SaveState.FAILED:
            self._timer.start(0)

    def flush(self) -> None:
        """Write the pending edit now (leaving the page, closing the window, exporting)."""
        self._timer.stop()
        if not self._dirty or self._document.read_only:
            return
        self._set_state(SaveState.SAVING)
        try:
            assessments.save(self._app, self._document.assessment)
        except JalonError as error:
            self._fail(error)
            return
        except Exception as error:  # a full disk or a locked database must not lose the edit
            log.exception("autosave failed")
            detail = str(error).splitlines()[0] if str(error) else type(error).__name__
            self._fail(
                StorageError(
                    N_(
                        "The database could not be written ({detail}). Your edits are kept "
                        "in this window; free some disk space or close other copies of Jalon."
                    ),
                    detail=detail,
                )
            )
            return
        self._dirty = False
        self._set_state(SaveState.SAVED)

    def _fail(self, error: JalonError) -> None:
        self._set_state(SaveState.FAILED, error)
        self._timer.start(RETRY_MS)
