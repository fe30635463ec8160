"""The dashboard reads the store in the background, and shows at once what it read last when
nothing was imported, revoked or superseded since (issue 17)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from jalon.services.app import Jalon
from jalon.ui.secretariat import SecretariatWidget

from .test_ui_secretariat_support import (  # noqa: F401 - fixtures
    jalon_fixture,
    migrated_data_fixture,
    run_import,
    show_dashboard,
    workspace_fixture,
    write_demo_packages,
)


def test_the_dashboard_reads_the_store_off_the_windows_thread_and_the_window_stays_usable(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, tmp_path: Path
) -> None:
    demo = write_demo_packages(jalon, tmp_path / "usb")
    run_import(qtbot, workspace, [demo.folder])
    readers: set[int] = set()

    def slow_read(_c: Any, _cur: Any, statement: str, *_a: Any) -> None:
        if "submission_responses" in statement and statement.lstrip().upper().startswith(
            ("SELECT", "WITH")
        ):
            readers.add(threading.get_ident())
            time.sleep(0.3)  # a big store: the window must not wait for this

    engine = jalon.database.engine
    event.listen(engine, "before_cursor_execute", slow_read)
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    try:
        workspace.show_tab(workspace.DASHBOARD)
        dashboard = workspace.dashboard
        assert dashboard.is_loading
        qtbot.waitUntil(lambda: not dashboard.is_loading, timeout=30_000)
    finally:
        timer.stop()
        event.remove(engine, "before_cursor_execute", slow_read)
    assert readers
    assert threading.get_ident() not in readers  # never on the window's thread
    assert len(ticks) >= 10  # the window went on handling its events meanwhile
    assert dashboard.heat_model.jurisdiction_rows() == 4


def test_the_dashboard_shown_again_with_nothing_new_is_filled_at_once_from_what_it_read(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, tmp_path: Path
) -> None:
    demo = write_demo_packages(jalon, tmp_path / "usb")
    run_import(qtbot, workspace, [demo.files["ON"]])
    show_dashboard(qtbot, workspace)
    dashboard = workspace.dashboard
    assert dashboard.heat_model.jurisdiction_rows() == 1
    workspace.show_tab(workspace.SUBMISSIONS)
    dashboard.mark_stale()  # as after an import that brought nothing new
    workspace.show_tab(workspace.DASHBOARD)
    assert not dashboard.is_loading  # nothing read in the background: nothing changed
    assert dashboard.heat_model.jurisdiction_rows() == 1
    # Something new arrives: read again, in the background.
    run_import(qtbot, workspace, [demo.files["QC"]])
    with qtbot.waitSignal(dashboard.loaded, timeout=30_000):
        workspace.show_tab(workspace.DASHBOARD)
    assert dashboard.heat_model.jurisdiction_rows() == 2
