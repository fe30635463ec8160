"""Asked to end by the system (logout, shutdown, ``kill``): Jalon closes as if the person had
quit. The next start says nothing about an unexpected end, and the data folder is free."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jalon.core.jurisdiction import government
from jalon.services import identity, session
from jalon.services.app import Jalon
from jalon.ui import handoff

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def started_window(data: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "LANG": "en_CA.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
    env.pop("JALON_LANG", None)
    window = subprocess.Popen(
        [sys.executable, "-m", "jalon", "--data-dir", str(data)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not handoff.send(data, [], timeout_ms=500):  # listening: the window is up
        assert window.poll() is None, window.stderr.read() if window.stderr else ""
        assert time.monotonic() < deadline, "the window never came up"
        time.sleep(0.2)
    marker = data / session.MARKER_FILE
    while not marker.exists():  # the store is open and the session begun
        assert time.monotonic() < deadline, "the session never began"
        time.sleep(0.1)
    return window


@pytest.mark.parametrize("ending", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_to_end_closes_jalon_as_a_quit_and_the_next_start_says_nothing(
    tmp_path: Path, ending: signal.Signals
) -> None:
    data = tmp_path / "data"
    with Jalon.open(data) as app:
        identity.set_identity(app, government("ON"), "Alex Tremblay", "Director")
        identity.save_language(app, "en")
    (data / "window.ini").write_text("[ui]\nlanguage=en\n", encoding="utf-8")
    window = started_window(data)

    window.send_signal(ending)
    try:
        code = window.wait(60)
    finally:
        if window.poll() is None:
            window.kill()
    stderr = window.stderr.read() if window.stderr else ""

    assert code == 0, stderr
    assert "Traceback" not in stderr
    assert not (data / session.MARKER_FILE).exists()  # no "closed unexpectedly" next time
    with Jalon.open(data) as app:  # the data folder is free again
        _session, unclean = session.begin(app)
        _session.end()
    assert unclean is None
