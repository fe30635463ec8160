"""One writer per data folder, with real processes: a second one is refused naming the first,
a lock left by a process that died (even by SIGKILL) is recovered, another computer's recent
lock is respected and an old one taken over, and the command line does not write under an
open window but reads beside it."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from jalon.cli.main import main as cli
from jalon.core.jurisdiction import government
from jalon.services import assessments, instance
from jalon.services.app import Jalon

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"
HOLD = """
import sys
sys.path.insert(0, {desktop!r})
from jalon.services import instance
lock = instance.acquire({folder!r}, kind={kind!r})
print("HELD", flush=True)
sys.stdin.read()
lock.release()
print("RELEASED", flush=True)
"""


@contextlib.contextmanager
def holder(folder: Path, kind: str = instance.APP) -> Iterator[int]:
    """Another process holding ``folder``'s lock until the block ends; yields its pid."""
    code = HOLD.format(desktop=str(DESKTOP), folder=str(folder), kind=kind)
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "HELD"
        yield process.pid
    finally:
        if process.poll() is None:
            assert process.stdin is not None
            process.stdin.close()
            process.wait(timeout=20)


def test_a_second_process_is_refused_with_the_first_ones_pid_then_gets_the_lock(
    data_dir: Path,
) -> None:
    with holder(data_dir) as pid:
        assert instance.owner(data_dir) == pid
        with pytest.raises(instance.AlreadyRunningError) as refused:
            instance.acquire(data_dir)
        error = refused.value
        assert error.owner is not None
        assert error.owner.pid == pid
        assert error.message.msgid.startswith("Another Jalon window (process {pid})")
        assert str(data_dir) in str(error)
        assert "Switch to that window, or close it" in str(error)
    assert instance.owner(data_dir) is None
    with instance.acquire(data_dir) as lock:
        assert instance.owner(data_dir) == os.getpid()
        assert lock.owner.pid == os.getpid()
    assert not (data_dir / instance.LOCK_FILE).exists()  # released: removed


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_the_lock_of_a_process_killed_with_sigkill_is_recovered(data_dir: Path) -> None:
    with holder(data_dir) as pid:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        left = json.loads((data_dir / instance.LOCK_FILE).read_text(encoding="utf-8"))
        assert left["pid"] == pid  # the file still names the dead process
        assert instance.owner(data_dir) is None
        with instance.acquire(data_dir) as lock:
            assert lock.owner.pid == os.getpid()


def test_a_stale_lock_file_naming_a_process_that_ended_is_recovered(data_dir: Path) -> None:
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    (data_dir / instance.LOCK_FILE).write_text(
        json.dumps({"pid": int(ended.stdout), "host": socket.gethostname(), "kind": "app"}),
        encoding="utf-8",
    )
    assert instance.owner(data_dir) is None
    with instance.acquire(data_dir):
        assert instance.owner(data_dir) == os.getpid()


def test_refused_attempts_leave_the_holders_record_when_a_second_process_tries_again(
    data_dir: Path,
) -> None:
    with holder(data_dir) as pid:
        for _ in range(3):  # each refusal names the holder: the tries did not erase its record
            with pytest.raises(instance.AlreadyRunningError) as refused:
                instance.acquire(data_dir, kind=instance.COMMAND)
            assert refused.value.owner is not None
            assert refused.value.owner.pid == pid
        left = json.loads((data_dir / instance.LOCK_FILE).read_text(encoding="utf-8"))
        assert (left["pid"], left["kind"]) == (pid, instance.APP)


def test_a_process_counts_as_gone_when_it_has_ended_and_as_running_while_it_runs() -> None:
    from jalon.fileio import pid_alive

    running = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    try:
        assert pid_alive(running.pid)
    finally:
        assert running.stdin is not None
        running.stdin.close()
        running.wait(timeout=20)
    assert not pid_alive(running.pid)
    assert pid_alive(os.getpid())
    assert not pid_alive(0)
    assert not pid_alive(-1)


def _remote_lock(data_dir: Path, started: datetime) -> None:
    (data_dir / instance.LOCK_FILE).write_text(
        json.dumps(
            {
                "pid": 4242,
                "host": "laptop-of-a-colleague",
                "kind": "app",
                "started": started.isoformat(),
            }
        ),
        encoding="utf-8",
    )


def test_another_computers_recent_lock_is_respected_and_named(data_dir: Path) -> None:
    _remote_lock(data_dir, datetime.now(UTC) - timedelta(hours=1))
    assert instance.owner(data_dir) == 4242
    with pytest.raises(instance.AlreadyRunningError) as refused:
        instance.acquire(data_dir)
    assert "laptop-of-a-colleague" in str(refused.value)
    assert "another computer" in str(refused.value)


def test_another_computers_lock_older_than_12_hours_is_taken_over(data_dir: Path) -> None:
    _remote_lock(data_dir, datetime.now(UTC) - timedelta(hours=13))
    assert instance.owner(data_dir) is None
    with instance.acquire(data_dir) as lock:
        assert lock.owner.host == socket.gethostname()


def test_a_lock_file_with_garbage_in_it_is_taken_over(data_dir: Path) -> None:
    (data_dir / instance.LOCK_FILE).write_bytes(b"\x00\xff not json")
    with instance.acquire(data_dir):
        pass


def test_the_lock_in_a_folder_that_cannot_be_written_is_a_clear_storage_error(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(instance.StorageError) as refused:
        instance.acquire(blocker / "data")
    assert "cannot be written to" in str(refused.value)


def test_holding_reuses_the_lock_this_process_already_holds(data_dir: Path) -> None:
    with instance.acquire(data_dir) as window:
        with instance.holding(data_dir) as same:
            assert same is window
        assert window.held  # the inner block did not release the window's lock
    with instance.holding(data_dir) as fresh:
        assert fresh.held
    assert not fresh.held


def test_a_command_that_changes_data_is_refused_while_a_window_is_open_and_reads_work(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Jalon.open(data_dir) as app:
        assessments.create(app, government("ON"), "Open in the app")
    with holder(data_dir, instance.APP) as pid:
        assert cli(["demo", "--data-dir", str(data_dir)]) == 1
        error = capsys.readouterr().err
        assert f"Another Jalon window (process {pid})" in error
        assert cli(["list", "--data-dir", str(data_dir)]) == 0  # reading is fine
        assert "Open in the app" in capsys.readouterr().out
    assert cli(["demo", "--data-dir", str(data_dir)]) == 0
    with Jalon.open(data_dir) as app:
        assert len(assessments.list_assessments(app)) == 2


def test_a_window_is_told_when_a_command_is_changing_data(data_dir: Path) -> None:
    with (
        holder(data_dir, instance.COMMAND) as pid,
        pytest.raises(instance.AlreadyRunningError) as refused,
    ):
        instance.acquire(data_dir)
    assert f"A jalon command (process {pid}) is changing data" in str(refused.value)
