"""Kill loops for restore and backups: ``jalon doctor --restore`` and a run of backups are
SIGKILLed at points spread over their whole run (from the command's start to its end). After
each kill the data folder holds the old database or the new one, never none and never an
empty one, and the next start never creates an empty database: it opens the restored data
or refuses the damaged file (the recovery window's case).

``--crash-cycles N`` scales the loops (one kill point per six cycles, at least 30).
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import time
from collections import Counter
from pathlib import Path

import pytest

from jalon.core.jurisdiction import government
from jalon.services import assessments
from jalon.services.app import Jalon
from jalon.store.backup import backup_files, quick_check, rolling_backup
from jalon.store.database import DB_FILENAME
from jalon.store.faults import DatabaseDamagedError
from tests import edits

from .harness import (
    Writers,
    integrity,
    kill,
    leftovers,
    lines,
    needs_sigkill,
    wait_for_saved,
    writers,
)
from .test_recovery import damage

ASSESSMENTS = 12


def kill_points(crash_cycles: int) -> int:
    return max(30, crash_cycles // 6)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assessments_in(path: Path) -> int:
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as db:
        (count,) = db.execute(
            "SELECT count(DISTINCT assessment_id) FROM assessment_revisions"
        ).fetchone()
    return int(count)


@pytest.fixture
def damaged_template(tmp_path: Path) -> Path:
    """A data folder with a few assessments, a good backup of them, and a damaged database."""
    folder = tmp_path / "template"
    with Jalon.open(folder) as app:
        fw = app.framework
        for index in range(ASSESSMENTS):
            a = assessments.create(app, government("ON"), f"Assessment {index}")
            for theme in fw.themes:
                edits.update_response(app, a.id, theme.id, comment=f"{index} {theme.id} " * 40)
    assert rolling_backup(folder / DB_FILENAME, folder / "backups") is not None
    damage(folder / DB_FILENAME)
    return folder


def incoming(folder: Path) -> bool:
    """Whether the restore has begun writing its copy beside the database."""
    return any(folder.glob(f"{DB_FILENAME}.*.restoring"))


def run_once(
    parent: Writers, folder: Path, delay: float | None, *, from_copy: bool = False
) -> tuple[bool, float]:
    """Start a restore on ``folder``; SIGKILL it ``delay`` seconds after it started, or after
    it began its copy (``from_copy``); None: let it finish. Whether the kill ended it, and how
    long it ran (from the start, or from the copy)."""
    log = folder.parent / f"{folder.name}.log"
    pid = parent.spawn({"op": "restore", "data_dir": str(folder), "log": str(log)})
    start = time.monotonic()
    if from_copy:
        deadline = start + 60
        while not incoming(folder) and not any(x.startswith("SAVED") for x in lines(log)):
            assert time.monotonic() < deadline, lines(log)
            time.sleep(0.0001)
        start = time.monotonic()
    if delay is None:
        wait_for_saved(log, 1, timeout=60)
        ended = parent.reap(pid)
        assert ended["code"] == 0, (ended, lines(log))
        return False, time.monotonic() - start
    while time.monotonic() - start < delay:
        time.sleep(0.0001)
    _, killed = kill(parent, pid, log)
    return killed, time.monotonic() - start


@needs_sigkill
def test_a_kill_at_any_point_of_doctor_restore_leaves_the_old_or_the_new_database_never_none(
    damaged_template: Path, tmp_path: Path, crash_cycles: int
) -> None:
    old = sha(damaged_template / DB_FILENAME)
    points = kill_points(crash_cycles)
    outcomes: Counter[str] = Counter()
    with writers() as parent:
        # How long a restore takes here, from the command's start to its end.
        calibration = tmp_path / "calibration"
        shutil.copytree(damaged_template, calibration)
        _, length = run_once(parent, calibration, None)
        assert assessments_in(calibration / DB_FILENAME) == ASSESSMENTS
        # And the restore itself: from its copy beside the database to the end.
        shutil.rmtree(calibration)
        shutil.copytree(damaged_template, calibration)
        _, copying = run_once(parent, calibration, None, from_copy=True)
        # Half the kills spread over the whole command, half over the restore itself (the
        # copy, the second names, the logs removed, the rename, the folder synced).
        half = points // 2
        for point in range(points):
            folder = tmp_path / f"cycle-{point}"
            shutil.copytree(damaged_template, folder)
            if point < half:
                delay = length * point / (half - 1)
                killed, _ = run_once(parent, folder, delay)
            else:
                delay = 1.2 * copying * (point - half) / (points - half - 1)
                killed, _ = run_once(parent, folder, delay, from_copy=True)
            database = folder / DB_FILENAME
            assert database.exists(), f"no database after a kill at {delay:.4f} s"
            if sha(database) == old:
                state = "old"
            else:
                assert quick_check(database) == "ok", integrity(database)
                assert assessments_in(database) == ASSESSMENTS
                state = "new"
            outcomes[f"{state}:{'killed' if killed else 'finished'}"] += 1
            # The next start: the restored data, or the damaged file refused; never empty.
            try:
                with Jalon.open(folder, check=True) as app:
                    opened = len(assessments.list_assessments(app))
            except DatabaseDamagedError:
                assert state == "old"
            else:
                assert state == "new"
                assert opened == ASSESSMENTS
            assert leftovers(folder) == [], "the next start removes what the kill left"
            shutil.rmtree(folder)
    ran = f"{length * 1000:.1f} ms, the restore itself {copying * 1000:.1f} ms"
    print(f"\nrestore kill loop: {points} kill points over {ran}: {dict(sorted(outcomes.items()))}")
    assert sum(outcomes.values()) == points
    assert outcomes["old:killed"]  # killed before the rename: the old file, as it was


@needs_sigkill
def test_a_kill_at_any_point_of_a_backup_leaves_the_database_whole_and_no_half_backup(
    damaged_template: Path, tmp_path: Path, crash_cycles: int
) -> None:
    folder = tmp_path / "data"
    with Jalon.open(folder) as app:
        fw = app.framework
        for index in range(ASSESSMENTS):
            a = assessments.create(app, government("ON"), f"Assessment {index}")
            for theme in fw.themes:
                edits.update_response(app, a.id, theme.id, comment=f"{index} " * 200)
    points = kill_points(crash_cycles)
    outcomes: Counter[str] = Counter()
    log = tmp_path / "backups.log"
    with writers() as parent:
        command = {"op": "backups", "data_dir": str(folder), "log": str(log), "count": 3}
        pid = parent.spawn(command)
        wait_for_saved(log, 3, timeout=60)
        assert parent.reap(pid)["code"] == 0
        started = [line for line in lines(log) if line.startswith("SAVED")]
        assert len(started) == 3
        for point in range(points):
            pid = parent.spawn(
                {"op": "backups", "data_dir": str(folder), "log": str(log), "count": 3}
            )
            wait_for_saved(log, 0, timeout=60)
            time.sleep(0.003 * (point % 10))
            text, killed = kill(parent, pid, log)
            saved = sum(line.startswith("SAVED") for line in text)
            outcomes[f"{saved} saved:{'killed' if killed else 'finished'}"] += 1
            for backup in backup_files(folder / "backups"):
                assert quick_check(backup.path) == "ok", backup.path  # never half a backup
            with Jalon.open(folder, check=True) as app:  # whole, and the leftovers go
                assert len(assessments.list_assessments(app)) == ASSESSMENTS
            assert leftovers(folder) == []
    print(f"\nbackup kill loop: {points} kills: {dict(sorted(outcomes.items()))}")
