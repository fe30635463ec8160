"""Several ``jalon`` commands started at the same moment, for the tests of issue 21.

Run as a script, it imports Jalon once, then for each round of command lines it reads, forks
one child per command line. Each child sends its output to files of its own, says it is ready
by creating ``ready-N`` in the work folder, and waits for the barrier file ``go``; the parent
creates ``go`` only when every child is ready, so all of them enter ``jalon``'s own entry point
(:func:`jalon.main.main`, what the ``jalon`` program runs) at the same moment. Starting Python
and importing SQLAlchemy takes most of a second on a busy machine, and starting that many
programs one after the other would spread them over seconds; a fork of a process that has done
it takes milliseconds, which is what makes the races of the shared database show up.

The parent reads one round (a JSON object: the work folder and the command lines) per line on
stdin and answers with one line: a JSON list of ``{"code", "stdout", "stderr"}``, one per child.

From a test: ``with Crowd(folder) as crowd: crowd.run([...])``; the parent stays warm between
rounds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GO = "go"


@dataclass(frozen=True, slots=True)
class Finished:
    """How one of the commands ended."""

    code: int
    stdout: str
    stderr: str


class Crowd:
    """A warm parent (this file run as a script) that starts each round of commands."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.rounds = 0
        folder.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "desktop"), str(ROOT)])},
        )

    def run(self, commands: list[list[str]] | list[dict[str, Any]]) -> list[Finished]:
        """Run ``commands`` (``jalon``'s arguments without the program name, or see
        :func:`_child`) at the same moment, each in a process of its own; how each ended, in
        the order given."""
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.rounds += 1
        work = self.folder / f"round-{self.rounds}"
        work.mkdir()
        self.process.stdin.write(json.dumps({"folder": str(work), "commands": commands}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise AssertionError(f"the crowd's parent stopped (exit {self.process.wait()})")
        return [Finished(**answer) for answer in json.loads(line)]

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> Crowd:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _child(index: int, folder: Path, command: list[str] | dict[str, Any]) -> None:
    """In the forked child: wait at the barrier, run the command, leave with its exit code.

    A command is ``jalon``'s arguments, or ``{"argv": [...], "env": {...}}`` to run it with
    more environment variables (``USER`` names who acts), or ``{"call": "module:function",
    "args": [...], "env": {...}}`` to call a Python function the way a Jalon window would
    (its JSON result on stdout; a refusal on stderr, exit 1)."""
    code = 70
    try:
        out = os.open(folder / f"out-{index}", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        err = os.open(folder / f"err-{index}", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(out, 1)
        os.dup2(err, 2)
        spec = command if isinstance(command, dict) else {"argv": command}
        os.environ.update(spec.get("env", {}))
        (folder / f"ready-{index}").touch()
        go = folder / GO
        while not go.exists():
            time.sleep(0.0005)
        if "call" in spec:
            code = _call(spec["call"], spec.get("args", []))
        else:
            from jalon.main import main

            code = main(spec["argv"])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 71
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _call(target: str, args: list[Any]) -> int:
    import importlib

    from jalon import i18n
    from jalon.core.errors import JalonError

    module, name = target.split(":")
    try:
        result = getattr(importlib.import_module(module), name)(*args)
    except JalonError as exc:
        print(i18n.describe(exc), file=sys.stderr)
        return 1
    print(json.dumps(result))
    return 0


def _warm_up() -> None:
    """What every command needs, imported (and the shipped frameworks checked) once, before
    forking; no database connection is opened here."""
    import alembic.command  # noqa: F401
    import psycopg  # noqa: F401
    import sqlalchemy  # noqa: F401

    import jalon.cli.main
    import jalon.services.exchange
    import jalon.services.trust
    import jalon.store.database  # noqa: F401
    from jalon import paths
    from jalon.services.app import shipped_frameworks

    shipped_frameworks(paths.resource("frameworks"))


def _round(folder: Path, commands: list[Any]) -> list[dict[str, Any]]:
    sys.stdout.flush()
    sys.stderr.flush()
    pids = []
    for index, argv in enumerate(commands):
        pid = os.fork()
        if pid == 0:
            _child(index, folder, argv)
        pids.append(pid)
    deadline = time.monotonic() + 60
    while not all((folder / f"ready-{i}").exists() for i in range(len(commands))):
        if time.monotonic() > deadline:
            raise SystemExit("the children did not get ready")
        time.sleep(0.001)
    (folder / GO).touch()  # the barrier opens: every child starts now
    codes = []
    for pid in pids:
        _, status = os.waitpid(pid, 0)
        codes.append(os.waitstatus_to_exitcode(status))
    return [
        {
            "code": code,
            "stdout": (folder / f"out-{index}").read_text(encoding="utf-8", errors="replace"),
            "stderr": (folder / f"err-{index}").read_text(encoding="utf-8", errors="replace"),
        }
        for index, code in enumerate(codes)
    ]


def _serve() -> None:
    _warm_up()
    for line in sys.stdin:
        spec = json.loads(line)
        answers = _round(Path(spec["folder"]), spec["commands"])
        sys.stdout.write(json.dumps(answers) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    _serve()
