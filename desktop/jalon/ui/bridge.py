"""Core events reach the widgets through this one adapter (STYLE.md).

Signals:
    language_changed(str): after ``jalon.i18n.set_language`` switched the language; every
        window connects its ``retranslate()`` to it.
    store_changed(): stored data changed (packages imported, a key enrolled or revoked); the
        views that show stored data listen to it and read again when next shown.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from jalon import i18n


class Bridge(QObject):
    language_changed = Signal(str)
    store_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        i18n.on_language_changed(self.language_changed.emit)


_bridge: Bridge | None = None


def bridge() -> Bridge:
    """The process-wide bridge (created on first use, after the QApplication)."""
    global _bridge
    if _bridge is None:
        _bridge = Bridge()
    return _bridge
