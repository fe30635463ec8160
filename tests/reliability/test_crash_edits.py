"""Crash safety of editing: a writer killed with SIGKILL at random never loses a saved edit.

Method (after SQLite's own crash tests): a writer process opens the store through the
services and edits one assessment in a loop through ``jalon.services.assessments``
(``tests.edits.update_response``, ``update_answer`` with answers up to 17,000 characters,
``set_participants``), printing ``SAVED <edit-id> <field> <value>`` after each call returns.
The test kills it with SIGKILL at a random moment: one time in ten while it is still opening
the store (0 to 60 ms after it starts), otherwise 0 to 30 ms (an edit takes 20 to 70 ms)
after it has reported 0 to 3 edits saved, so that kills land in every phase of an edit
however fast the machine is. Then it checks the database as the kill left it (``PRAGMA
integrity_check`` must say ``ok``), reopens it with ``Jalon.open``, and compares every field
the writers ever touched with the last value reported saved: the stored value must be that
one, or the value of the edit the writer was making when it was killed (which may or may not
have been committed).
One data folder serves every cycle, so the database and its audit trail grow as it runs.

``--crash-cycles N`` (default 200) sets the number of kills.
"""

from __future__ import annotations

import itertools
import random
import time
from pathlib import Path

from jalon.core.jurisdiction import government
from jalon.services import assessments
from jalon.services.app import Jalon
from jalon.store.database import DB_FILENAME

from .harness import integrity, kill, leftovers, needs_sigkill, wait_for_saved, writers
from .writer import Edit, plan, read_field

pytestmark = needs_sigkill


def _saved(line: str) -> tuple[int, str, str]:
    _, edit_id, field, value = line.split(" ", 3)
    return int(edit_id), field, value


def test_no_edit_reported_saved_is_lost_when_the_writer_is_killed_at_random(
    tmp_path: Path, crash_cycles: int
) -> None:
    data_dir = tmp_path / "data"
    database = data_dir / DB_FILENAME
    with Jalon.open(data_dir) as app:
        a = assessments.create(app, government("ON"), "Crash safety")
        fw = app.framework
    themes = [t.id for t in fw.themes]
    questions = [q.id for q in fw.questions]
    levels = list(fw.level_values)
    fields = (
        [f"comment:{t}" for t in themes]
        + [f"current:{t}" for t in themes]
        + [f"answer:{q}" for q in questions]
        + ["participants"]
    )
    expected = {field: read_field(a, field) for field in fields}
    rng = random.Random(20261102)
    saved_total = lost = in_flight_committed = killed_while_opening = 0
    problems: list[str] = []
    started = time.monotonic()

    with writers() as parent:
        for cycle in range(crash_cycles):
            log = tmp_path / "writer.log"
            log.unlink(missing_ok=True)  # a new log for each writer
            seed = rng.randrange(1 << 30)
            first_id = cycle * 100_000 + 1
            pid = parent.spawn(
                {
                    "op": "edits",
                    "data_dir": str(data_dir),
                    "assessment_id": a.id,
                    "seed": seed,
                    "first_id": first_id,
                    "log": str(log),
                }
            )
            if rng.random() < 0.1:
                time.sleep(rng.uniform(0, 0.06))  # somewhere in opening the store
            else:  # somewhere in the edit after the first 0 to 3 reported saved
                wait_for_saved(log, rng.randrange(4))
                time.sleep(rng.uniform(0, 0.03))
            text, killed = kill(parent, pid, log)
            assert killed  # this writer never stops by itself

            reported = [_saved(line) for line in text if line.startswith("SAVED ")]
            edits: list[Edit] = list(
                itertools.islice(plan(seed, first_id, themes, questions, levels), len(reported) + 1)
            )
            assert [(e.id, e.field, e.value) for e in edits[: len(reported)]] == reported
            for edit in edits[: len(reported)]:
                expected[edit.field] = edit.value
            saved_total += len(reported)
            in_flight = edits[len(reported)] if "READY" in text else None
            killed_while_opening += in_flight is None

            assert integrity(database) == ["ok"], f"cycle {cycle}"
            with Jalon.open(data_dir) as app:
                stored = assessments.get(app, a.id)
            for field in fields:
                value = read_field(stored, field)
                if value == expected[field]:
                    continue
                if in_flight is not None and (field, value) == (in_flight.field, in_flight.value):
                    expected[field] = value  # committed just before the kill: not reported
                    in_flight_committed += 1
                    continue
                lost += 1
                problems.append(
                    f"cycle {cycle}: {field} is {value!r}, expected {expected[field]!r}"
                    f" (in flight: {in_flight})"
                )
            assert leftovers(data_dir) == [], f"cycle {cycle}"

    elapsed = time.monotonic() - started
    print(
        f"\ncrash-edits: {crash_cycles} kills ({killed_while_opening} while opening the store), "
        f"{saved_total} edits reported saved, {lost} lost, {in_flight_committed} in-flight "
        f"edits found committed, {elapsed:.1f} s"
    )
    assert problems == []
    assert lost == 0
    assert saved_total > crash_cycles  # the kills did land among the edits
