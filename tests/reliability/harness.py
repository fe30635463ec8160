"""Running writer processes and killing them: the warm parent, logs, SIGKILL, checks."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

WRITER = Path(__file__).resolve().parent / "writer.py"
ROOT = Path(__file__).resolve().parents[2]

#: Crash tests need a real SIGKILL and fork(); Windows has neither.
needs_sigkill = pytest.mark.skipif(
    not hasattr(signal, "SIGKILL") or not hasattr(os, "fork"),
    reason="needs SIGKILL and fork (POSIX); on Windows a kill is TerminateProcess "
    "(Popen.kill), which these tests do not drive",
)


class Writers:
    """``writer.py serve``: a warm Python that forks a writer per command."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(WRITER), "serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
            cwd=ROOT,
        )
        assert self._answer() == {"ready": True}

    def _answer(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the writers' parent stopped (exit {self.process.wait()})")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def _ask(self, command: dict[str, Any]) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return self._answer()

    def spawn(self, command: dict[str, Any]) -> int:
        return int(self._ask(command)["pid"])

    def reap(self, pid: int) -> dict[str, Any]:
        """Wait for writer ``pid`` to end: ``{"signal": n or None, "code": n or None}``."""
        return self._ask({"op": "reap", "pid": pid})

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            assert self.process.stdin is not None
            self.process.stdin.write(json.dumps({"op": "stop"}) + "\n")
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextlib.contextmanager
def writers() -> Iterator[Writers]:
    parent = Writers()
    try:
        yield parent
    finally:
        parent.stop()


def lines(log: Path) -> list[str]:
    try:
        return log.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []


def wait_for_saved(log: Path, count: int, timeout: float = 20.0) -> None:
    """Until the writer has opened its store and reported ``count`` saves (or has failed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = lines(log)
        if any(line.startswith("ERROR") for line in text):
            return
        if "READY" in text and sum(line.startswith("SAVED ") for line in text) >= count:
            return
        time.sleep(0.001)
    raise AssertionError(f"the writer did not get that far in {timeout} s: {lines(log)}")


def kill(writers: Writers, pid: int, log: Path) -> tuple[list[str], bool]:
    """SIGKILL writer ``pid`` and wait for it: its log, and whether the kill is what ended it
    (a writer with a short list may have finished first); fails if it failed."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    ended = writers.reap(pid)
    text = lines(log)
    errors = [line for line in text if line.startswith("ERROR")]
    assert not errors, errors[0]
    killed = ended["signal"] == signal.SIGKILL
    assert killed or ended["code"] == 0, f"the writer failed: {ended} {text[-3:]}"
    return text, killed


def integrity(path: Path) -> list[str]:
    """``PRAGMA integrity_check`` of ``path`` as the crash left it (the log is recovered)."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        return [str(row[0]) for row in db.execute("PRAGMA integrity_check")]


def leftovers(folder: Path) -> list[str]:
    """Half-written files: temporary files of atomic writes, partial backups."""
    patterns = ("*.part", "*.partial", "*.tmp", "*.restoring")
    return sorted(str(p.relative_to(folder)) for pattern in patterns for p in folder.rglob(pattern))
