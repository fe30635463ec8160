"""Start Jalon (or a bare PySide6 window) and print the moment a person can see or act.

    python tools/startup_probe.py paint|setup|list|listed|settled jalon [JALON ARGS...]
    python tools/startup_probe.py paint bare

prints ``STARTUP <seconds since the process started>`` (from ``$JALON_PROBE_LAUNCHED`` when the
launcher sets it, else from ``/proc`` as the app's own ``JALON_SHOWN``) when the moment comes,
then ``RSS <kB>`` (the process's resident memory then) and ends the process at once:

* ``paint``: the main window (or the bare ``QMainWindow``) is first painted;
* ``setup``: the "Set up Jalon" window is first painted;
* ``list``: the home list is painted holding at least one assessment, and the next event is
  handled (a key pressed then would be);
* ``listed``: the same, holding at least ``$JALON_PROBE_ROWS`` rows (default 1): all of them;
* ``settled``: ``listed``, and the store is open (``MainWindow.app``): the start is over.

``list``, ``listed`` and ``settled`` also print ``PAINT <seconds>``, the main window's first
paint in the same run, so that the wait between the window and the list can be told.

It watches from outside the app, by wrapping ``QWidget.show`` and ``QDialog.exec``, so the same
probe measures any version of Jalon (``PYTHONPATH=<checkout>/desktop``) without hooks in it.
The probe itself costs what importing ``QtWidgets`` costs, which both sides pay. Jalon's
launcher (``jalon.launcher``; ``jalon.cli`` in versions before it) is imported before
PySide6, as the ``jalon`` program does: after
it, PySide6's import hook would read the source of every module the command line imports,
which a real start never does.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

_STARTED = time.monotonic()
#: ``time.time()`` read by the launcher just before starting this process (optional): finer
#: than ``/proc``'s start time, which counts in clock ticks (10 ms).
LAUNCHED_ENV = "JALON_PROBE_LAUNCHED"


def process_age() -> float:
    launched = os.environ.get(LAUNCHED_ENV)
    if launched:  # the launcher's clock just before it started this process: to the microsecond
        return max(0.0, time.time() - float(launched))
    try:
        stat = Path("/proc/self/stat").read_text()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        start_ticks = int(stat.rsplit(")", 1)[1].split()[19])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError, AttributeError):
        return time.monotonic() - _STARTED


def resident_kb() -> int:
    """The process's resident memory now, in kB (``VmRSS``; 0 where ``/proc`` is missing)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def close_local_servers() -> None:
    """Close the window's file hand-off socket, as a quit does: ``os._exit`` would leave its
    file behind, and the next run would start as after a crash (a stale socket to try)."""
    if "PySide6.QtNetwork" not in sys.modules:
        return
    from PySide6.QtNetwork import QLocalServer
    from PySide6.QtWidgets import QApplication

    for window in QApplication.topLevelWidgets():
        for server in window.findChildren(QLocalServer):
            server.close()


def main() -> None:
    moment, target, *rest = sys.argv[1:]
    if target == "jalon":
        # In the order ``jalon`` imports them: its command line before PySide6, so that (as in
        # a real start) PySide6's import hook does not inspect the command line's modules.
        # What the ``jalon`` program imports first: ``jalon.main`` (its console script does),
        # then its launcher, or (in versions before the launcher) its whole command line.
        import jalon.main

        try:  # ``jalon.main.main`` pauses the cycle collector before it imports anything
            from jalon import collector

            collector.pause()
        except ImportError:  # versions before it
            pass
        try:
            import jalon.launcher
        except ImportError:
            import jalon.cli
    from PySide6.QtCore import QObject, QTimer
    from PySide6.QtGui import QPaintEvent
    from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QMainWindow, QWidget

    rows_wanted = int(os.environ.get("JALON_PROBE_ROWS", "1")) if moment != "list" else 1

    def report() -> None:
        age = process_age()
        try:
            print("STARTUP", f"{age:.3f}", flush=True)
            print("RSS", resident_kb(), flush=True)
        except BrokenPipeError:  # read by `| head -1`: the process must end all the same
            pass
        finally:
            close_local_servers()
            os._exit(0)

    def painted() -> None:
        print("PAINT", f"{process_age():.3f}", flush=True)

    class OnPaint(QObject):
        def __init__(self, widget: QWidget, then: object, once: bool = False) -> None:
            super().__init__(widget)
            self._then = then
            self._once = once
            widget.installEventFilter(self)

        def eventFilter(self, watched: QObject, event: object) -> bool:
            if isinstance(event, QPaintEvent):
                QTimer.singleShot(0, self._then)  # once the paint is done
                if self._once:
                    watched.removeEventFilter(self)
            return False

    watching: list[QObject] = []

    class ListPainted(QObject):
        """Sees every paint of the application (an application-wide event filter, installed
        when the main window is shown): the first paint of a list's viewport holding the rows
        wanted ends the watch, and the report follows once that paint is done and the loop
        comes round (the next event a person's key would be). It sees the very paint that
        first shows the rows, where polling for them would only see a later one."""

        def __init__(self, window: QWidget) -> None:
            super().__init__(window)
            self._window = window
            self._done = False

        def eventFilter(self, watched: QObject, event: object) -> bool:
            if self._done or not isinstance(event, QPaintEvent):
                return False
            view = watched.parent() if isinstance(watched, QWidget) else None
            if not isinstance(view, QAbstractItemView) or not view.isVisible():
                return False
            if watched is not view.viewport():
                return False
            settled = moment != "settled" or getattr(self._window, "app", None) is not None
            model = view.model()
            if settled and model is not None and model.rowCount() >= rows_wanted:
                self._done = True
                QTimer.singleShot(0, report)
            return False

    def watch_list(window: QWidget) -> None:
        """``settled``: polls for the store and the rows, then asks for a paint to report."""
        settled = moment != "settled" or getattr(window, "app", None) is not None
        for view in window.findChildren(QAbstractItemView):
            model = view.model()
            if (
                settled
                and view.isVisible()
                and model is not None
                and model.rowCount() >= rows_wanted
            ):
                watching.append(OnPaint(view.viewport(), report))
                view.viewport().update()
                return
        QTimer.singleShot(5, lambda: watch_list(window))

    original_show = QWidget.show
    original_exec = QDialog.exec

    def show(self: QWidget) -> None:
        if isinstance(self, QMainWindow) and not watching:
            if moment == "paint":
                watching.append(OnPaint(self, report))
            elif moment in ("list", "listed", "settled"):
                watching.append(self)
                watching.append(OnPaint(self, painted, once=True))
                if moment == "settled":
                    QTimer.singleShot(0, lambda: watch_list(self))
                else:
                    lists = ListPainted(self)
                    watching.append(lists)
                    QApplication.instance().installEventFilter(lists)
        original_show(self)

    def exec_(self: QDialog) -> int:
        if moment == "setup" and type(self).__name__ == "SetupWizard":
            watching.append(OnPaint(self, report))
        return original_exec(self)

    QWidget.show = show  # type: ignore[method-assign]
    QDialog.exec = exec_  # type: ignore[method-assign]
    qapp = QApplication([sys.argv[0]])
    if target == "bare":
        window = QMainWindow()
        window.setWindowTitle("Bare")
        window.show()
        qapp.exec()
        return
    sys.exit(jalon.main.main(rest))


if __name__ == "__main__":
    main()
