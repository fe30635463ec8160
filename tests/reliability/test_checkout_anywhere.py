"""The tests pass wherever the checkout lives: a clone in a folder made like ``mktemp -d``
(mode 0700, only its owner may enter) runs the I/O fault tests, whose read-only faults need a
process that obeys permissions (see ``tests/unprivileged.py``).

Kept quick: the clone reuses uv's cache (``uv sync --frozen``, nothing downloaded, nothing
byte-compiled) and runs only ``tests/reliability/test_io_faults.py``. It runs with the rest of
the suite (``uv run pytest``, so in CI); it is skipped, saying why, outside a git checkout or
without ``git`` and ``uv``.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from ..unprivileged import is_root

ROOT = Path(__file__).resolve().parents[2]
FAULT_TESTS = "tests/reliability/test_io_faults.py"


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"needs {name} on the PATH to clone the checkout and set it up")
    return found


def head_commit(git: str) -> str:
    done = subprocess.run(
        [git, "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"needs a git checkout to clone ({ROOT} is not one: {done.stderr.strip()})")
    return done.stdout.strip()


def clean_environment() -> dict[str, str]:
    """This process's environment without what ties a child to this checkout's ``.venv``."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env.update(
        {
            "QT_QPA_PLATFORM": "offscreen",
            "UV_PYTHON": sys._base_executable,  # the interpreter of this run, not a download
            "UV_NO_PROGRESS": "1",
            "UV_LINK_MODE": "copy",  # the cache may be on another file system than /tmp
        }
    )
    return env


def test_the_fault_tests_pass_in_a_clone_inside_a_folder_only_its_owner_may_enter() -> None:
    git, uv = tool("git"), tool("uv")
    commit = head_commit(git)
    scratch = Path(tempfile.mkdtemp(prefix="jalon-clone-"))  # 0700, as mktemp -d makes it
    try:
        assert stat.S_IMODE(scratch.stat().st_mode) == 0o700
        clone = scratch / "jalon"
        env = clean_environment()

        def run(*command: str, timeout: float) -> str:
            done = subprocess.run(
                command,
                cwd=clone if clone.exists() else scratch,
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
            output = done.stdout + done.stderr
            assert done.returncode == 0, f"{' '.join(command)}\n{output}"
            return output

        run(git, "clone", "--quiet", "--no-checkout", str(ROOT), str(clone), timeout=120)
        run(git, "-C", str(clone), "checkout", "--quiet", "--detach", commit, timeout=120)
        run(uv, "sync", "--frozen", "--no-compile-bytecode", timeout=600)
        output = run(
            uv,
            "run",
            "--frozen",
            "--no-sync",
            "pytest",
            "-q",
            "-rs",
            FAULT_TESTS,
            timeout=900,
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    summary = output.strip().splitlines()[-1]
    assert " passed" in summary, output
    assert "failed" not in summary, output
    if is_root() and sys.platform.startswith("linux"):
        # As root on Linux every read-only fault can be made: none is skipped.
        assert "skipped" not in summary, output
