"""Backups and recovery: start-up backups, a damaged database found, the newest good backup
restored without ever overwriting the damaged file, and ``jalon doctor``.

Damage is real: pages in the middle of a real database are overwritten with garbage (the
root page of a table, so that reading it fails), as a failing disk or a half-copied file
would leave them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from jalon.cli.main import main as cli
from jalon.core.errors import StorageError
from jalon.core.jurisdiction import government
from jalon.services import assessments, instance, recovery
from jalon.services.app import Jalon
from jalon.store.backup import (
    KEEP_ROLLING,
    backup_files,
    rolling_backup,
    startup_backup,
)
from jalon.store.database import DB_FILENAME
from tests import edits

from ..conftest import FIXED_NOW

PAGE = 4096


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def checkpoint(database: Path) -> None:
    """Copy the write-ahead log into the file and empty it (what closing the app does)."""
    with contextlib.closing(sqlite3.connect(database)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def damage(database: Path, table: str = "theme_responses") -> None:
    """Overwrite the root page of ``table`` and the page after it with garbage."""
    checkpoint(database)
    with contextlib.closing(sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)) as db:
        (root,) = db.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()
    with database.open("r+b") as handle:
        handle.seek((root - 1) * PAGE)
        handle.write(bytes((i * 37 + 11) % 256 for i in range(2 * PAGE)))
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            database.with_name(database.name + suffix).unlink()


@pytest.fixture
def installed(data_dir: Path) -> tuple[Path, str]:
    """A data folder with one assessment, answered, and a start-up backup of it."""
    with Jalon.open(data_dir) as app:
        a = assessments.create(app, government("ON"), "Backed up")
        theme = app.framework.themes[0].id
        edits.update_response(app, a.id, theme, comment="in the backup")
    assert rolling_backup(data_dir / DB_FILENAME, data_dir / "backups") is not None
    return data_dir, a.id


# -- start-up backups -------------------------------------------------------------------------


def test_a_new_database_gets_no_backup_and_the_second_start_gets_one(data_dir: Path) -> None:
    with Jalon.open(data_dir) as app:
        assert app.startup_backup is None
        assessments.create(app, government("ON"), "First")
    with Jalon.open(data_dir) as app:
        assert app.startup_backup is not None
        assert app.startup_backup.parent == data_dir / "backups"
    with Jalon.open(data_dir) as app:  # younger than 12 hours: none
        assert app.startup_backup is None
    assert len(backup_files(data_dir / "backups")) == 1


def test_a_start_up_backup_is_taken_again_after_12_hours_only_if_the_database_changed(
    installed: tuple[Path, str],
) -> None:
    data_dir, assessment_id = installed
    database, folder = data_dir / DB_FILENAME, data_dir / "backups"
    later = datetime.now(UTC) + timedelta(hours=13)
    assert startup_backup(database, folder, now=later) is None  # unchanged since
    with Jalon.open(data_dir) as app:
        assessments.rename(app, assessment_id, "Changed")
    os.utime(database, (time.time() + 60, time.time() + 60))  # (file times are coarse)
    assert startup_backup(database, folder, now=datetime.now(UTC)) is None  # too soon
    assert startup_backup(database, folder, now=later) is not None


def test_start_up_backups_keep_five_and_never_prune_for_a_damaged_database(
    installed: tuple[Path, str],
) -> None:
    data_dir, _ = installed
    database, folder = data_dir / DB_FILENAME, data_dir / "backups"
    for backup in backup_files(folder):
        backup.path.unlink()  # the install's own, made at the real time of day
    # Seven hourly backups within one day (tomorrow 01:00 to 07:00): at any time of day the
    # run starts, none crosses midnight, so no daily copy is kept besides the rolling ones.
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).replace(hour=0, minute=0, second=0)
    for hour in range(1, 8):
        rolling_backup(database, folder, now=tomorrow + timedelta(hours=hour))
    kept = backup_files(folder)
    assert len(kept) == KEEP_ROLLING
    damage(database)
    with pytest.raises(recovery.DatabaseDamagedError):
        rolling_backup(database, folder, now=tomorrow + timedelta(days=2))
    assert backup_files(folder) == kept
    assert not list(folder.glob("*.partial"))


def test_a_damaged_database_is_refused_at_start_up_when_its_backup_is_due(
    installed: tuple[Path, str],
) -> None:
    data_dir, _ = installed
    for backup in backup_files(data_dir / "backups"):
        backup.path.unlink()  # a backup is due
    damage(data_dir / DB_FILENAME)
    with pytest.raises(StorageError) as refused:
        Jalon.open(data_dir)
    assert isinstance(refused.value, recovery.DatabaseDamagedError)
    assert "jalon doctor --restore" in str(refused.value)
    assert backup_files(data_dir / "backups") == []


def test_a_partial_backup_left_by_a_dead_process_is_removed_and_a_live_ones_kept(
    installed: tuple[Path, str],
) -> None:
    data_dir, _ = installed
    folder = data_dir / "backups"
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    dead = folder / f"jalon-20260101T000000000000Z-startup.sqlite3.{done.stdout.strip()}.partial"
    live = folder / f"jalon-20260101T000001000000Z-startup.sqlite3.{os.getpid()}.partial"
    dead.write_bytes(b"half a backup")
    live.write_bytes(b"being written")
    with Jalon.open(data_dir):
        pass
    assert not dead.exists()
    assert live.exists()


def test_saving_into_a_damaged_database_says_it_is_damaged_and_how_to_restore(
    installed: tuple[Path, str],
) -> None:
    data_dir, assessment_id = installed
    with Jalon.open(data_dir) as app:
        theme = app.framework.themes[0].id
    damage(data_dir / DB_FILENAME)
    with Jalon.open(data_dir) as app, pytest.raises(recovery.DatabaseDamagedError) as refused:
        edits.update_response(app, assessment_id, theme, comment="lost")
    assert str(data_dir) in str(refused.value)
    assert "jalon doctor --restore" in str(refused.value)


# -- health --------------------------------------------------------------------------------------


def test_the_health_of_a_good_a_missing_and_a_damaged_database(
    installed: tuple[Path, str], tmp_path: Path
) -> None:
    data_dir, _ = installed
    good = recovery.check_database(data_dir)
    assert (good.state, good.ok, good.restorable) == (recovery.State.OK, True, False)
    assert recovery.check_database(tmp_path / "nothing-here").state is recovery.State.MISSING
    damage(data_dir / DB_FILENAME)
    before = sorted(p.name for p in data_dir.iterdir())
    bad = recovery.check_database(data_dir)
    assert (bad.state, bad.ok, bad.restorable) == (recovery.State.CORRUPT, False, True)
    assert bad.message.msgid.startswith("The database {file} is damaged")
    assert "\n" not in bad.detail
    assert sorted(p.name for p in data_dir.iterdir()) == before  # checking wrote nothing


def test_the_check_runs_beside_an_open_app_and_sees_its_unsaved_log(
    installed: tuple[Path, str],
) -> None:
    data_dir, assessment_id = installed
    with Jalon.open(data_dir) as app:
        assessments.rename(app, assessment_id, "Only in the write-ahead log so far")
        files = sorted(p.name for p in data_dir.iterdir())
        assert recovery.check_database(data_dir).state is recovery.State.OK
        assert sorted(p.name for p in data_dir.iterdir()) == files
        assessments.rename(app, assessment_id, "Still saving after the check")


def test_a_foreign_and_a_newer_database_are_told_apart(data_dir: Path) -> None:
    database = data_dir / DB_FILENAME
    with contextlib.closing(sqlite3.connect(database)) as db:
        db.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    assert recovery.check_database(data_dir).state is recovery.State.FOREIGN
    database.unlink()
    with Jalon.open(data_dir):
        pass
    with contextlib.closing(sqlite3.connect(database)) as db:
        db.execute("UPDATE alembic_version SET version_num = '0099'")
        db.commit()
    newer = recovery.check_database(data_dir)
    assert (newer.state, newer.restorable) == (recovery.State.TOO_NEW, False)


def test_the_check_of_5000_assessments_is_quick_enough_to_report(tmp_path: Path) -> None:
    """Not a benchmark: the figure in the README was measured on a 15 MB database of 5,000
    complete assessments (40 ms warm, 0.4 s cold). Here: the check runs and answers ok."""
    with Jalon.open(tmp_path / "d") as app:
        assessments.create(app, government("ON"), "One")
    started = time.perf_counter()
    assert recovery.check_database(tmp_path / "d").ok
    assert time.perf_counter() - started < 5


# -- restoring ---------------------------------------------------------------------------------


def test_restoring_keeps_the_damaged_file_byte_for_byte_and_the_restored_one_opens(
    installed: tuple[Path, str],
) -> None:
    data_dir, assessment_id = installed
    database = data_dir / DB_FILENAME
    with Jalon.open(data_dir) as app:  # a change after the backup: it is lost by restoring
        assessments.rename(app, assessment_id, "After the backup")
    damage(database)
    damaged = sha256(database)
    (backup,) = recovery.list_backups(data_dir)
    assert backup.good
    assert backup.label == "startup"
    assert backup.size == backup.path.stat().st_size
    backup_bytes = sha256(backup.path)

    done = recovery.restore_newest_good_backup(data_dir, now=FIXED_NOW)

    assert done.backup == backup
    assert done.kept == (data_dir / "jalon-damaged-20261102T143000Z.sqlite3",)
    assert sha256(done.kept[0]) == damaged
    assert sha256(backup.path) == backup_bytes  # the backup itself is untouched
    assert recovery.check_database(data_dir).ok
    with Jalon.open(data_dir) as app:
        restored = assessments.get(app, assessment_id)
        theme = app.framework.themes[0].id
    assert restored.title == "Backed up"
    assert restored.response(theme).comment == "in the backup"
    assert sorted(p.name for p in data_dir.iterdir() if p.is_file()) == [
        "jalon-damaged-20261102T143000Z.sqlite3",
        DB_FILENAME,
    ]


def test_restoring_moves_the_write_ahead_log_aside_with_the_damaged_file(
    installed: tuple[Path, str],
) -> None:
    data_dir, _ = installed
    database = data_dir / DB_FILENAME
    damage(database)
    wal = database.with_name(DB_FILENAME + "-wal")
    wal.write_bytes(b"a log that belongs to the damaged file")
    done = recovery.restore_newest_good_backup(data_dir, now=FIXED_NOW)
    assert {p.name for p in done.kept} == {
        "jalon-damaged-20261102T143000Z.sqlite3",
        "jalon-damaged-20261102T143000Z.sqlite3-wal",
    }
    assert (data_dir / "jalon-damaged-20261102T143000Z.sqlite3-wal").read_bytes() == (
        b"a log that belongs to the damaged file"
    )
    assert recovery.check_database(data_dir).ok


def test_restoring_twice_in_the_same_second_keeps_both_damaged_files(
    installed: tuple[Path, str],
) -> None:
    data_dir, _ = installed
    damage(data_dir / DB_FILENAME)
    first = recovery.restore_newest_good_backup(data_dir, now=FIXED_NOW)
    damage(data_dir / DB_FILENAME)
    second = recovery.restore_newest_good_backup(data_dir, now=FIXED_NOW)
    assert first.kept[0] != second.kept[0]
    assert first.kept[0].exists()
    assert second.kept[0].exists()


def test_a_damaged_backup_is_listed_as_such_and_skipped(installed: tuple[Path, str]) -> None:
    data_dir, _ = installed
    database = data_dir / DB_FILENAME
    (older,) = backup_files(data_dir / "backups")
    newer = rolling_backup(database, data_dir / "backups", now=datetime.now(UTC) + timedelta(1))
    assert newer is not None
    damage(newer)
    damage(database)
    listed = recovery.list_backups(data_dir)
    assert [(b.path, b.good) for b in listed] == [(newer, False), (older.path, True)]
    assert listed[0].problem
    assert recovery.restore_newest_good_backup(data_dir).backup.path == older.path


def test_with_no_good_backup_nothing_is_restored_and_nothing_changes(data_dir: Path) -> None:
    with Jalon.open(data_dir) as app:
        assessments.create(app, government("ON"), "Never backed up")
    damage(data_dir / DB_FILENAME)
    before = sha256(data_dir / DB_FILENAME)
    with pytest.raises(StorageError) as refused:
        recovery.restore_newest_good_backup(data_dir)
    assert "no good backup" in str(refused.value)
    assert sha256(data_dir / DB_FILENAME) == before
    assert not list(data_dir.glob("jalon-damaged-*"))


def test_restoring_is_refused_while_another_process_holds_the_data_folder(
    installed: tuple[Path, str],
) -> None:
    from .test_instance import holder

    data_dir, _ = installed
    damage(data_dir / DB_FILENAME)
    before = sha256(data_dir / DB_FILENAME)
    with holder(data_dir) as pid, pytest.raises(instance.AlreadyRunningError) as refused:
        recovery.restore_newest_good_backup(data_dir)
    assert refused.value.owner is not None
    assert refused.value.owner.pid == pid
    assert sha256(data_dir / DB_FILENAME) == before


def test_a_window_that_holds_the_lock_can_restore(installed: tuple[Path, str]) -> None:
    data_dir, _ = installed
    damage(data_dir / DB_FILENAME)
    with instance.acquire(data_dir):
        assert recovery.restore_newest_good_backup(data_dir).kept


# -- jalon doctor --------------------------------------------------------------------------------


def test_jalon_doctor_reports_a_healthy_database_and_its_backups(
    installed: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, _ = installed
    assert cli(["doctor", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "passed its check" in out
    assert "Backups (1), newest first:" in out
    assert "startup" in out
    assert "good" in out


def test_jalon_doctor_finds_the_damage_and_restore_puts_the_backup_back(
    installed: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, assessment_id = installed
    damage(data_dir / DB_FILENAME)
    assert cli(["doctor", "--data-dir", str(data_dir)]) == 1
    out = capsys.readouterr().out
    assert "is damaged" in out
    assert "jalon doctor --restore" in out

    assert cli(["doctor", "--restore", "--data-dir", str(data_dir), "--lang", "fr"]) == 0
    out = capsys.readouterr().out
    assert "a été restaurée" in out or "Restored" in out
    assert list(data_dir.glob("jalon-damaged-*.sqlite3"))
    assert cli(["list", "--data-dir", str(data_dir)]) == 0
    assert assessment_id[:8] in capsys.readouterr().out


def test_jalon_doctor_json_says_what_it_found(
    installed: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    data_dir, _ = installed
    damage(data_dir / DB_FILENAME)
    assert cli(["doctor", "--json", "--restore", "--data-dir", str(data_dir)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["state"] == "corrupt"
    assert report["backups"][0]["good"] is True
    assert report["restored"]["kept"][0].endswith(".sqlite3")


def test_jalon_doctor_restore_on_a_healthy_database_changes_nothing(
    installed: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, _ = installed
    before = sha256(data_dir / DB_FILENAME)
    assert cli(["doctor", "--restore", "--data-dir", str(data_dir)]) == 0
    assert "nothing was restored" in capsys.readouterr().out
    assert sha256(data_dir / DB_FILENAME) == before
