"""Benchmark of the start-up checks (issue 7): ``quick_check`` and the start-up backup of a
database of 5,000 complete assessments.

Target: the check under 100 ms to run it before the window shows; it is not (about 40 ms
with the file in the system's cache, about 0.4 s without, the first start after the computer
starts), so the app runs ``recovery.check_database`` after its window shows. With benchmarks
disabled (the default ``addopts``) it runs once on 50 assessments as a smoke test and prints
its figures without asserting them.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import complete_assessment

from jalon.services import recovery
from jalon.services.app import Jalon
from jalon.store.backup import rolling_backup
from jalon.store.database import DB_FILENAME

ASSESSMENTS = 5_000
SMOKE_ASSESSMENTS = 50


def fill(data_dir: Path, count: int) -> Path:
    """``count`` complete assessments: one through the repository, the rest copied in SQL
    (the same rows under new ids, which is what the check reads)."""
    with Jalon.open(data_dir) as app, app.writing() as uow:
        uow.assessments.add(complete_assessment(app.framework), actor="benchmark")
    database = data_dir / DB_FILENAME
    with contextlib.closing(sqlite3.connect(database)) as db:
        columns = [r[1] for r in db.execute("PRAGMA table_info(assessment_revisions)")][2:]
        (template,) = db.execute("SELECT pk FROM assessment_revisions").fetchone()
        listed = ", ".join(columns)
        for _ in range(count - 1):
            cursor = db.execute(
                f"INSERT INTO assessment_revisions (assessment_id, {listed}) "
                f"SELECT ?, {listed} FROM assessment_revisions WHERE pk = ?",
                (str(uuid.uuid4()), template),
            )
            pk = cursor.lastrowid
            for table in ("theme_responses", "answers", "participants"):
                rest = [r[1] for r in db.execute(f"PRAGMA table_info({table})")][1:]
                names = ", ".join(rest)
                db.execute(
                    f"INSERT INTO {table} (revision_pk, {names}) "
                    f"SELECT ?, {names} FROM {table} WHERE revision_pk = ?",
                    (pk, template),
                )
        db.commit()
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return database


def best(function: Any, rounds: int) -> float:
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return min(timings)


def test_the_start_up_check_and_backup_of_5000_assessments(
    benchmark: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    count = SMOKE_ASSESSMENTS if benchmark.disabled else ASSESSMENTS
    rounds = 1 if benchmark.disabled else 5
    data_dir = tmp_path / "data"
    database = fill(data_dir, count)
    size_mb = database.stat().st_size / 1e6

    check = best(lambda: recovery.check_database(data_dir), rounds)
    backups = data_dir / "backups"
    backup = best(lambda: rolling_backup(database, backups), rounds)
    listing = best(lambda: recovery.list_backups(data_dir), rounds)
    opening = best(lambda: Jalon.open(data_dir).close(), rounds)  # no backup due: cheap
    assert recovery.check_database(data_dir).ok
    benchmark.pedantic(lambda: recovery.check_database(data_dir), rounds=1, iterations=1)
    benchmark.extra_info.update(
        assessments=count,
        size_mb=round(size_mb, 1),
        quick_check_ms=round(check * 1000, 1),
        backup_ms=round(backup * 1000, 1),
        open_ms=round(opening * 1000, 1),
    )
    with capsys.disabled():
        print(
            f"\n{count:,} assessments ({size_mb:.1f} MB): quick_check {check * 1000:.0f} ms "
            f"(warm), checked start-up backup {backup * 1000:.0f} ms, listing and checking "
            f"the backups {listing * 1000:.0f} ms, Jalon.open with no backup due "
            f"{opening * 1000:.0f} ms"
        )
