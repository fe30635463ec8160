"""A writer process for the crash-safety tests, killed with SIGKILL at random moments.

It opens the store through the services (``Jalon.open``), then edits one assessment through
``jalon.services.assessments`` (or imports packages through ``jalon.services.exchange``) in a
loop, and after each call returns prints one line and flushes it::

    READY                                   the store is open
    SAVED <edit-id> <field> <value>         an edit the services reported saved
    SAVED <index> <file name> <status>      a package import that returned
    ERROR <what>                            an unexpected exception (the test fails)

Run directly (one writer per process)::

    python tests/reliability/writer.py edits DATA_DIR ASSESSMENT_ID SEED FIRST_ID [COUNT]
    python tests/reliability/writer.py imports DATA_DIR PACKAGE...

or as a warm parent (``serve``) that reads JSON commands on stdin and forks writers on
demand: starting Python and importing SQLAlchemy takes over a second on a laptop, a fork of
a process that has done it takes milliseconds, so hundreds of kill cycles fit in a test run.
Each forked writer opens the store itself, in its own process, exactly as a direct one does.

The edits follow :func:`plan`, deterministic from the seed, so the test knows which edit the
writer was making when it was killed.
"""

from __future__ import annotations

import json
import os
import random
import sys
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __name__ == "__main__":  # run as a script: make the source tree importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "desktop"))
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # for tests.edits

FIELDS = ("comment", "current", "answer", "participants")
_FILLER = "Lorem ipsum dolor sit amet, consectetur adipiscing. "


@dataclass(frozen=True, slots=True)
class Edit:
    id: int
    field: str  # "comment:<theme>", "current:<theme>", "answer:<question>", "participants"
    value: str  # a token without spaces

    def line(self) -> str:
        return f"SAVED {self.id} {self.field} {self.value}"


def plan(
    seed: int, first_id: int, themes: Sequence[str], questions: Sequence[str], levels: Sequence[int]
) -> Iterator[Edit]:
    """The writer's edits, in order: the same seed gives the same edits."""
    rng = random.Random(seed)
    edit_id = first_id
    while True:
        kind = rng.choice(FIELDS)
        if kind == "comment":
            yield Edit(edit_id, f"comment:{rng.choice(themes)}", f"c{edit_id}")
        elif kind == "current":
            yield Edit(edit_id, f"current:{rng.choice(themes)}", str(rng.choice(levels)))
        elif kind == "answer":
            yield Edit(edit_id, f"answer:{rng.choice(questions)}", f"a{edit_id}")
        else:
            yield Edit(edit_id, "participants", f"p{edit_id}")
        edit_id += 1


def answer_text(token: str) -> str:
    """A long answer (up to about 17,000 characters) so that saves span many pages."""
    number = int(token[1:])
    return f"{token} " + _FILLER * ((number * 7919) % 330)


def participants_for(token: str) -> list[Any]:
    from jalon.core.assessment import Participant

    number = int(token[1:])
    return [
        Participant(f"{token} {i}", f"Title {i}", f"Organization {number % 7}")
        for i in range(1 + number % 5)
    ]


def read_field(a: Any, field: str) -> str:
    """The token the stored assessment holds for ``field`` (what an edit wrote), or a
    description of what is there when it is not exactly something the writer writes."""
    kind, _, key = field.partition(":")
    if kind == "comment":
        return str(a.response(key).comment)
    if kind == "current":
        return str(a.response(key).current)
    if kind == "answer":
        text = str(a.answer(key))
        if not text:
            return ""
        token = text.split(" ", 1)[0]
        if text and token.startswith("a") and token[1:].isdigit() and text == answer_text(token):
            return token
        return f"UNEXPECTED:{text[:40]!r}"
    people = list(a.participants)
    if not people:
        return ""
    token = people[0].name.split(" ", 1)[0]
    if token.startswith("p") and token[1:].isdigit() and people == participants_for(token):
        return token
    return f"UNEXPECTED:{people[:1]!r}"


def apply(app: Any, assessment_id: str, edit: Edit) -> None:
    from tests import edits

    kind, _, key = edit.field.partition(":")
    if kind == "comment":
        edits.update_response(app, assessment_id, key, comment=edit.value)
    elif kind == "current":
        edits.update_response(app, assessment_id, key, current=int(edit.value))
    elif kind == "answer":
        edits.update_answer(app, assessment_id, key, answer_text(edit.value))
    else:
        edits.set_participants(app, assessment_id, participants_for(edit.value))


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def run_edits(
    data_dir: str, assessment_id: str, seed: int, first_id: int, count: int | None = None
) -> None:
    from jalon.services.app import Jalon

    app = Jalon.open(data_dir)
    fw = app.framework
    _say("READY")
    edits = plan(
        seed,
        first_id,
        [t.id for t in fw.themes],
        [q.id for q in fw.questions],
        list(fw.level_values),
    )
    for done, edit in enumerate(edits):
        if count is not None and done >= count:
            break
        apply(app, assessment_id, edit)
        _say(edit.line())
    app.close()


def run_imports(data_dir: str, packages: Sequence[str]) -> None:
    from jalon.services import exchange
    from jalon.services.app import Jalon

    app = Jalon.open(data_dir)
    _say("READY")
    for index, package in enumerate(packages):
        (outcome,) = exchange.import_packages(app, [Path(package)])
        _say(f"SAVED {index} {Path(package).name} {outcome.status.value}")
    app.close()


def run_restore(data_dir: str) -> None:
    """``jalon doctor --restore`` on ``data_dir``, as typed on the command line."""
    from jalon.cli.main import main as cli

    _say("READY")
    code = cli(["doctor", "--restore", "--data-dir", data_dir, "--lang", "en", "--json"])
    _say(f"SAVED restore {code}")


def run_backups(data_dir: str, count: int) -> None:
    """``count`` backups of the open store, one after the other (export, import, quit...)."""
    from jalon.services import backups
    from jalon.services.app import Jalon

    app = Jalon.open(data_dir)
    _say("READY")
    for index in range(count):
        taken = backups.take_backup(app, backups.EXPORT)
        if taken is None:
            raise RuntimeError(f"backup {index} failed: {app.backup_problem}")
        _say(f"SAVED {index} {taken.name}")
    app.close()


def run(command: dict[str, Any]) -> None:
    try:
        if command["op"] == "restore":
            run_restore(command["data_dir"])
        elif command["op"] == "backups":
            run_backups(command["data_dir"], int(command["count"]))
        elif command["op"] == "edits":
            run_edits(
                command["data_dir"],
                command["assessment_id"],
                int(command["seed"]),
                int(command["first_id"]),
                command.get("count"),
            )
        elif command["op"] == "imports":
            run_imports(command["data_dir"], command["packages"])
        else:
            raise ValueError(f"unknown command {command['op']!r}")
    except BaseException as exc:  # report it whole: the test prints it when it fails
        detail = "".join(traceback.format_exception(exc)).replace("\n", " | ")
        _say(f"ERROR {type(exc).__name__}: {exc} :: {detail}")
        raise SystemExit(3) from None


# -- the warm parent ----------------------------------------------------------------------------


def _warm() -> None:
    """Import, load and compile what every writer needs, once, before forking: a throwaway
    store gets one edit of each kind and one import attempt (SQLAlchemy compiles each
    statement the first time it runs). Every connection is closed before any fork."""
    import shutil
    import tempfile

    from jalon.core.jurisdiction import government
    from jalon.services import assessments, exchange
    from jalon.services.app import Jalon

    folder = Path(tempfile.mkdtemp(prefix="jalon-writer-warm-"))
    try:
        app = Jalon.open(folder)
        fw = app.framework
        a = assessments.create(app, government("ON"), "Warm-up")
        levels = list(fw.level_values)
        for field in (
            f"comment:{fw.themes[0].id}",
            f"current:{fw.themes[0].id}",
            f"answer:{fw.questions[0].id}",
            "participants",
        ):
            value = str(levels[0]) if field.startswith("current") else f"{field[0]}1"
            apply(app, a.id, Edit(1, field, value))
        from jalon.cli import doctor, main  # noqa: F401  (the restore's command line)
        from jalon.services import backups, recovery  # noqa: F401

        junk = folder / "not-a-package.jalon"
        junk.write_bytes(b"not a package")
        exchange.import_packages(app, [junk])
        app.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _spawn(command: dict[str, Any]) -> int:
    pid = os.fork()
    if pid:
        return pid
    # The writer: its stdout is its own log file, written line by line.
    status = 0
    try:
        descriptor = os.open(command["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(descriptor, 1)
        os.close(descriptor)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        run(command)
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        status = 4
    finally:
        os._exit(status)


def serve() -> None:
    """Answer JSON commands, one a line: spawn a writer (reply its pid), reap one (reply how
    it ended), or stop."""
    _warm()
    _say(json.dumps({"ready": True}))
    for line in sys.stdin:
        command = json.loads(line)
        if command["op"] == "stop":
            break
        if command["op"] == "reap":
            _, status = os.waitpid(int(command["pid"]), 0)
            signal_number = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
            code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
            _say(json.dumps({"signal": signal_number, "code": code}))
        else:
            _say(json.dumps({"pid": _spawn(command)}))


def main(argv: Sequence[str]) -> int:
    if argv[:1] == ["serve"]:
        serve()
        return 0
    if argv[:1] == ["edits"] and len(argv) in (5, 6):
        run(
            {
                "op": "edits",
                "data_dir": argv[1],
                "assessment_id": argv[2],
                "seed": argv[3],
                "first_id": argv[4],
                "count": int(argv[5]) if len(argv) == 6 else None,
            }
        )
        return 0
    if argv[:1] == ["imports"] and len(argv) >= 3:
        run({"op": "imports", "data_dir": argv[1], "packages": list(argv[2:])})
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
