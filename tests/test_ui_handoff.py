"""A file opened while Jalon runs goes to the window already open on that data folder: the
second ``jalon`` hands the paths over a local socket and ends with 0; the window opens them.
With two real processes, and the socket's protocol in process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from jalon.core.framework import Framework
from jalon.core.jurisdiction import government
from jalon.services import exchange, identity
from jalon.services.app import Jalon
from jalon.ui import handoff
from tests.conftest import complete_assessment
from tests.secretariat_support import enroll_key, quick_package, signing_key_for


def test_nothing_is_sent_when_no_window_is_open_on_the_folder(
    qapp: QApplication, tmp_path: Path
) -> None:
    assert handoff.send(tmp_path, [tmp_path / "x.jalon"], timeout_ms=500) is False


def test_a_second_window_does_not_take_the_socket_of_a_live_one(
    qapp: QApplication, tmp_path: Path
) -> None:
    first = handoff.HandoffServer(tmp_path)
    assert first.listen()
    second = handoff.HandoffServer(tmp_path)
    assert not second.listen()
    assert first.is_listening
    first.close()
    assert second.listen()  # once the first has gone
    second.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the socket file is Linux's")
def test_the_socket_file_looked_for_before_loading_qtnetwork_is_where_qt_puts_it(
    qapp: QApplication, tmp_path: Path
) -> None:
    """``send`` skips QtNetwork when no socket file exists: that path must be Qt's own, or a
    second start would miss the window already open."""
    server = handoff.HandoffServer(tmp_path)
    assert server.listen()
    where = handoff.socket_file(server.name)
    try:
        assert where is not None
        assert where.exists()
        assert handoff.send(tmp_path, [], timeout_ms=300) is False  # connected, but no loop reads
    finally:
        server.close()
    assert not where.exists()


def test_the_sha256_of_the_socket_name_is_hashlib_s(tmp_path: Path) -> None:
    import hashlib

    who = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    data = f"{who}\0{tmp_path.resolve()}".encode()
    expected = "jalon-" + hashlib.sha256(data).hexdigest()[:20]
    assert handoff.server_name(tmp_path) == expected


def test_the_socket_name_differs_per_data_folder(tmp_path: Path) -> None:
    assert handoff.server_name(tmp_path / "a") != handoff.server_name(tmp_path / "b")
    assert handoff.server_name(tmp_path / "a") == handoff.server_name(tmp_path / "a" / ".")


def environment() -> dict[str, str]:
    env = {**os.environ, "LANG": "en_CA.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
    env.pop("JALON_LANG", None)
    return env


@pytest.mark.skipif(sys.platform == "win32", reason="terminates the first process by signal")
def test_a_package_opened_while_jalon_runs_goes_to_the_running_window_which_imports_it(
    qapp: QApplication, framework: Framework, tmp_path: Path
) -> None:
    data = tmp_path / "secretariat"
    key = signing_key_for(government("ON"))
    with Jalon.open(data) as app:
        enroll_key(app, key)  # keys enrolled: packages opened here are imported
        identity.save_language(app, "en")
    # The secretariat said so in the set-up window: files handed over while that window is
    # open would wait for it to close (no dialog opens on top of another).
    (data / "window.ini").write_text("[ui]\nlanguage=en\n[setup]\nskipped=true\n", encoding="utf-8")
    package = tmp_path / "ON-digital-strategy-r1.jalon"
    package.write_bytes(quick_package(complete_assessment(framework, "ON"), key))

    first = subprocess.Popen(
        [sys.executable, "-m", "jalon", "--data-dir", str(data)],
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not handoff.send(data, [], timeout_ms=500):  # the first window is listening
            assert first.poll() is None, first.stderr.read() if first.stderr else ""
            assert time.monotonic() < deadline, "the first window never listened"
            time.sleep(0.2)
        second = subprocess.run(
            [sys.executable, "-m", "jalon", "--data-dir", str(data), str(package)],
            env=environment(),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert second.returncode == 0, second.stderr
        assert second.stderr == ""
        while True:
            with Jalon.open(data) as app:
                imported = exchange.list_submissions(app)
            if imported:
                break
            assert time.monotonic() < deadline + 60, "the running window imported nothing"
            time.sleep(0.3)
        assert [s.filename for s in imported] == [package.name]
        assert first.poll() is None  # the first window is still the one open
    finally:
        first.terminate()
        first.wait(30)


def test_a_file_the_system_asks_to_open_reaches_the_application_as_a_path(
    tmp_path: Path,
) -> None:
    # macOS's Finder sends a QFileOpenEvent to the application (a process of its own: the
    # tests' QApplication is not Jalon's).
    script = (
        "import sys\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from PySide6.QtGui import QFileOpenEvent\n"
        "from jalon.ui.handoff import JalonApplication\n"
        "app = JalonApplication([])\n"
        "opened = []\n"
        "app.file_opened.connect(opened.append)\n"
        "QCoreApplication.sendEvent(app, QFileOpenEvent(sys.argv[1]))\n"
        "print('OPENED', opened)\n"
    )
    target = str(tmp_path / "QC-plan.jalon")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", script, target],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    assert f"OPENED [{target!r}]" in done.stdout
