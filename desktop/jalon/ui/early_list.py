"""The home list at once on a daily start, while the store opens behind it.

The list a person came for does not need the store to be shown: ``services.home_list`` reads
it from the SQLite file with plain ``sqlite3`` (read-only, against the schema version it
knows). So, once the main window is first drawn, :class:`EarlyList` reads the first page
(enough rows to fill the window) and shows the home page holding it. Once the list is drawn
the other pages follow, one per turn of the event loop, while the window already answers keys
and clicks; the store starts opening after the last of them, or after
:data:`PAGES_BEFORE_STORE` of them for a long list (its imports would otherwise slow the list
down). When the store is open the home page reads the list again through it and brings the
rows in line (``HomePage.attach``); the pages stop then.

While the store opens, its thread imports and runs Python for a second or so, and the GUI
thread needs the interpreter for every row it draws and every key it handles: with Python's
usual switch interval (5 ms) each of those waits up to 5 ms for its turn, and a list being
drawn or scrolled crawls. So the interval is shortened while the store opens
(:data:`OPENING_SWITCH_INTERVAL`, 0.1 ms: measured, 200 rows drawn in full 0.32 s after the
start instead of 0.51 s at 0.5 ms, the store open no later) and restored once it is open.

Nothing is shown early when the store must say: a database server, a database at another
schema version, a framework update installed in the data folder, no assessment yet, or a
window that starts on the secretariat's workspace. The loading page then waits for the store,
as before.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from jalon.services.home_list import QuickList
    from jalon.ui.app import Startup
    from jalon.ui.home import HomePage
    from jalon.ui.main_window import MainWindow
    from jalon.ui.runner import Operation

#: Rows read per page after the first. The first holds what the window can show
#: (:func:`rows_to_fill`): every row read and measured before the list is drawn delays it.
PAGE = 40
#: Rows below the window's height added to the first page, so that it fills the window
#: whatever the page puts above the list.
SPARE_ROWS = 2
#: Later pages read before the store starts opening (a list of a few hundred is complete by
#: then; a longer one goes on filling while the store opens, as both then compete for Python).
PAGES_BEFORE_STORE = 10
#: Python's thread switch interval (seconds) while the store opens beside a usable window.
OPENING_SWITCH_INTERVAL = 0.0001


def starts_on_home(settings: QSettings | None) -> bool:
    """Whether the window starts on the list of assessments (not the secretariat's
    workspace), as far as the window state tells (see ``SecretariatHost.attached``; with
    assessments listed, the store's answer is the home page unless the state says otherwise)."""
    from jalon.ui.secretariat_host import ASSESSMENTS, PAGE_KEY, SECRETARIAT
    from jalon.ui.settings_keys import SKIPPED_SETUP

    if settings is None:
        return True
    remembered = settings.value(PAGE_KEY, "", str)
    if remembered == SECRETARIAT:
        return False
    if remembered == ASSESSMENTS:
        return True
    return not settings.value(SKIPPED_SETUP, False, bool)


def rows_to_fill(height: int, row_height: int) -> int:
    """The rows of a first page that fills a list ``height`` pixels tall (the window's: more
    than the list gets)."""
    return height // max(row_height, 1) + SPARE_ROWS


class EarlyList(QObject):
    """Shows the first page of the home list before the store opens, then opens the store
    (:meth:`begin`, once the main window is drawn) and adds the other pages."""

    def __init__(
        self,
        window: MainWindow,
        opener: Operation,
        data_dir: str | None,
        database: str | None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._opener = opener
        self._data_dir = data_dir
        self._database = database
        self._quick: QuickList | None = None
        self._home: HomePage | None = None
        self._store_started = False
        self._pages = 0

    def begin(self) -> None:
        """The main window is drawn: the list's first page, then (once drawn) the store."""
        try:
            shown = self._show_first_page()
        except BaseException:
            self._start_store()
            raise
        if shown is None:
            self._start_store()
            return
        from jalon.ui.startup import FirstPaint

        FirstPaint(shown.table.viewport()).painted.connect(self._list_drawn)

    def _list_drawn(self) -> None:
        if self._quick is None:
            self._start_store()
        else:  # the next pages first (each turn short), the store after a few
            QTimer.singleShot(0, self, self._next_page)

    def _start_store(self) -> None:
        if self._store_started:
            return
        self._store_started = True
        from PySide6.QtCore import Qt

        usual = sys.getswitchinterval()
        sys.setswitchinterval(min(usual, OPENING_SWITCH_INTERVAL))
        # Restored in the store's thread as it ends, even when no event loop runs any more.
        self._opener.finished.connect(
            lambda: sys.setswitchinterval(usual), Qt.ConnectionType.DirectConnection
        )
        self._opener.start()

    @property
    def home(self) -> HomePage | None:
        """The home page shown before the store opened (None: nothing was)."""
        return self._home

    def _show_first_page(self) -> HomePage | None:
        window = self._window
        if window.app is not None or window.home is not None:
            return None
        if not window.isVisible() or not starts_on_home(window.settings):
            return None
        from jalon.services.home_list import QuickList

        quick = QuickList.open(self._data_dir, self._database)
        if quick is None:
            return None
        from jalon.ui.home import HomePage

        home = HomePage(None)
        first = quick.next_page(rows_to_fill(window.height(), home.row_height()))
        if not first:
            quick.close()
            home.deleteLater()
            return None
        self._home = home
        # Shown, then filled: rows added to a page not yet shown are measured for nothing
        # (the page measures them again as it is shown).
        window.show_home_early(home)
        home.add_rows(first)
        home.focus_list()
        if not quick.done:
            self._quick = quick  # the next pages once the store is opening
        return home

    def _next_page(self) -> None:
        quick, home = self._quick, self._home
        if quick is None or home is None:
            self._start_store()
            return
        if home.store_listed or not self._window.isVisible():  # the store's rows are in
            self.stop()
            self._start_store()
            return
        home.add_rows(quick.next_page(PAGE))
        self._pages += 1
        if quick.done:
            self._quick = None
        if quick.done or self._pages >= PAGES_BEFORE_STORE:
            self._start_store()
        if not quick.done:
            QTimer.singleShot(0, self, self._next_page)

    def stop(self) -> None:
        """No more pages (the reading is closed)."""
        quick, self._quick = self._quick, None
        if quick is not None:
            quick.close()


def after_first_paint(
    window: MainWindow,
    settings: QSettings,
    startup: Startup,
    opener: Operation,
    files: Sequence[str],
    data_dir: str | None,
    database: str | None,
) -> Callable[[], None]:
    """What follows the main window's first paint, the store's opening included: the set-up
    window on a new installation (``jalon.ui.early_setup``), else the home list's first page
    (:class:`EarlyList`). Both look at the data folder then, not before the paint."""

    def begin() -> None:
        from jalon.services.first_look import first_look

        look = first_look(data_dir, database)
        if look is not None and look.needs_setup:  # the set-up window's module, only then
            from jalon.ui import early_setup

            early = early_setup.offer(window, settings, startup, opener, files, look)
            if early is not None:
                early.begin()
                return
        EarlyList(window, opener, data_dir, database).begin()

    return begin


__all__ = ["PAGE", "EarlyList", "after_first_paint", "rows_to_fill", "starts_on_home"]
