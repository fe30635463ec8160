"""Python's cycle collector during the desktop app's start.

A start creates about 95,000 long-lived objects (Qt's enums, the modules, SQLAlchemy's
mappings) and hardly any garbage: at the end of a start with 200 assessments, 640 objects
(144 KB) were unreachable. Yet the collector ran 319 times on the way, 90 to 110 ms in all
on this machine, each pass walking objects that all survive. So ``jalon`` pauses it from
its first line until the store is open, then moves everything the start made out of the
collector's way (:func:`gc.freeze`: later passes, while a person types, walk only what was
made since) and lets it run again.

Reference counting frees everything else as usual while the collector waits; only cycles
wait, and the start makes next to none.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Stop the cycle collector until :func:`resume` (nothing if it is already stopped: who
    stopped it restarts it)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume(*, freeze: bool = False) -> None:
    """Run the cycle collector again if :func:`pause` stopped it (any thread may call this).

    ``freeze``: first set every object alive now apart (:func:`gc.freeze`), never to be
    walked again: the start is over and what it made lives as long as the app.
    """
    global _paused
    if not _paused:
        return
    _paused = False
    if freeze:
        gc.freeze()
    gc.enable()


def paused() -> bool:
    """The collector is stopped by :func:`pause` and not yet resumed."""
    return _paused


__all__ = ["pause", "paused", "resume"]
