"""After something went wrong: a lost database is never silently replaced, a full or read-only
disk is never called damage, restores are atomic, backups are taken after more moments and
kept by a retention that never loses the old database's, a failed backup is told.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from jalon.cli.main import main as cli
from jalon.core.errors import StorageError
from jalon.core.jurisdiction import government
from jalon.fileio import write_new
from jalon.services import assessments, backups, recovery
from jalon.services.app import Jalon
from jalon.services.history import DatabaseMissingError
from jalon.store.backup import backup_files, backup_sqlite, prune, rolling_backup
from jalon.store.database import DB_FILENAME

from ..unprivileged import is_root
from .faults import (
    in_child,
    lift_file_size_limit,
    limit_file_size,
    needs_posix,
    shared_folder,
)
from .test_recovery import damage

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def installed(data_dir: Path) -> tuple[Path, str]:
    """A data folder with one assessment and a start-up backup of it."""
    with Jalon.open(data_dir) as app:
        a = assessments.create(app, government("ON"), "Before the loss")
    assert rolling_backup(data_dir / DB_FILENAME, data_dir / "backups") is not None
    return data_dir, a.id


def remove_database(data_dir: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            (data_dir / (DB_FILENAME + suffix)).unlink()


# -- a lost database ---------------------------------------------------------------------------


def test_a_missing_database_with_backups_is_refused_and_nothing_is_created(
    installed: tuple[Path, str],
) -> None:
    data_dir, _ = installed
    remove_database(data_dir)
    with pytest.raises(DatabaseMissingError) as refused:
        Jalon.open(data_dir)
    assert "jalon doctor --restore" in str(refused.value)
    assert not (data_dir / DB_FILENAME).exists()
    assert recovery.check_database(data_dir).state is recovery.State.LOST
    assert recovery.check_database(data_dir).restorable


def test_an_empty_database_file_with_signing_keys_is_refused_and_left_as_it_is(
    data_dir: Path,
) -> None:
    (data_dir / "keys").mkdir(parents=True, exist_ok=True)
    (data_dir / "keys" / "signing-key.json").write_text("{}")
    (data_dir / DB_FILENAME).write_bytes(b"")
    with pytest.raises(DatabaseMissingError):
        Jalon.open(data_dir)
    assert (data_dir / DB_FILENAME).read_bytes() == b""


def test_a_missing_database_where_the_window_settings_say_a_session_ran_is_refused(
    data_dir: Path,
) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "window.ini").write_text("[window]\ngeometry=@ByteArray(x)\n")
    with pytest.raises(DatabaseMissingError):
        Jalon.open(data_dir)


def test_a_new_data_folder_still_gets_a_new_database(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "window.ini").write_text("[ui]\nlanguage=fr\n")  # written before any store
    with Jalon.open(data_dir) as app:
        assert app.database.created


def test_doctor_says_a_lost_database_is_lost_and_restore_brings_it_back(
    installed: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, assessment_id = installed
    remove_database(data_dir)
    assert cli(["doctor", "--data-dir", str(data_dir), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "is missing or empty, but this data folder held one" in out
    assert "jalon doctor --restore" in out
    assert cli(["doctor", "--restore", "--data-dir", str(data_dir), "--lang", "en"]) == 0
    with Jalon.open(data_dir) as app:
        assert assessments.get(app, assessment_id).title == "Before the loss"


def test_starting_empty_after_a_loss_keeps_every_old_backup_from_pruning(
    installed: tuple[Path, str],
) -> None:
    data_dir, _ = installed
    old = backup_files(data_dir / "backups")
    remove_database(data_dir)
    recovery.keep_backups_and_start_empty(data_dir)
    with Jalon.open(data_dir, allow_new=True) as app:
        assessments.create(app, government("ON"), "New start")
    later = datetime.now(UTC)
    for day in range(1, 60):  # two months of backups of the new database
        rolling_backup(data_dir / DB_FILENAME, data_dir / "backups", later + timedelta(days=day))
    kept = [b for b in backup_files(data_dir / "backups") if b.label.startswith("kept-")]
    assert [b.taken_at for b in kept] == [b.taken_at for b in old]
    assert all(recovery.Backup(b.path, b.taken_at, 0, True, b.label).path.exists() for b in kept)


# -- retention ---------------------------------------------------------------------------------


def test_retention_keeps_the_last_five_one_a_day_for_a_month_and_every_pre_migration_copy(
    installed: tuple[Path, str],
) -> None:
    data_dir, _ = installed
    folder, database = data_dir / "backups", data_dir / DB_FILENAME
    for b in backup_files(folder):
        b.path.unlink()
    start = datetime(2026, 1, 1, 12, tzinfo=UTC)
    backup_sqlite(database, folder, label="before-0002", now=start)
    for hour in range(0, 24 * 60, 6):  # four a day for 60 days
        backup_sqlite(database, folder, label="hourly", now=start + timedelta(hours=hour))
    now = start + timedelta(days=60)
    prune(folder, now)
    left = backup_files(folder)
    rolling = [b for b in left if b.label == "hourly"]
    assert [b.label for b in left].count("before-0002") == 1  # never pruned, labelled
    newest_five = sorted(rolling, key=lambda b: b.taken_at)[-5:]
    assert all(now - b.taken_at < timedelta(days=2) for b in newest_five)
    days = {b.taken_at.date() for b in rolling}
    assert len(rolling) == len(days) + 3  # one a day, plus the newest day's others
    assert min(days) >= (now - timedelta(days=31)).date()
    assert 31 <= len(days) <= 32  # every day of the last 31 (both ends counted)


# -- backups after an export, an import, at quitting; failures told -------------------------


def test_a_backup_is_taken_on_demand_and_only_when_the_database_changed(
    installed: tuple[Path, str],
) -> None:
    data_dir, assessment_id = installed
    with Jalon.open(data_dir) as app:
        assert backups.backup_if_changed(app, backups.QUIT) is None  # nothing changed
        assessments.rename(app, assessment_id, "Changed")
        os.utime(app.database.path, (datetime.now().timestamp() + 5,) * 2)  # type: ignore[arg-type]
        taken = backups.backup_if_changed(app, backups.QUIT)
    assert taken is not None
    assert taken.name.endswith("-quit.sqlite3")


def test_a_failed_backup_is_kept_on_the_app_and_shown_by_doctor_until_one_works(
    installed: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, _ = installed
    folder = data_dir / "backups"
    with Jalon.open(data_dir) as app:
        folder.chmod(0o500)
        try:
            if is_root():  # root writes through permissions: a file in the way
                folder.chmod(0o700)
                blocker = folder.with_name("backups-real")
                folder.rename(blocker)
                folder.write_text("not a folder")
            assert backups.take_backup(app, backups.EXPORT) is None
            assert app.backup_problem is not None
        finally:
            if folder.is_file():
                folder.unlink()
                folder.with_name("backups-real").rename(folder)
            folder.chmod(0o700)
    backups.record_backup_problem(folder, app.backup_problem)
    assert cli(["doctor", "--data-dir", str(data_dir), "--lang", "en"]) == 0
    assert "The last backup failed" in capsys.readouterr().out
    with Jalon.open(data_dir) as app:
        assert backups.take_backup(app, backups.EXPORT) is not None
        assert app.backup_problem is None
    assert backups.last_backup_problem(folder) is None


def test_backups_work_in_a_data_folder_whose_path_is_too_long_for_sqlite(tmp_path: Path) -> None:
    deep = tmp_path
    while len(os.fsencode(deep)) < 470:
        deep = deep / ("d" * 40)
    with Jalon.open(deep) as app:
        assessments.create(app, government("ON"), "Deep")
    path = backup_sqlite(deep / DB_FILENAME, deep / "backups", label="startup")
    assert path.is_file()
    assert len(os.fsencode(path)) > 512
    with contextlib.closing(sqlite3.connect(":memory:")):
        pass
    assert not list((deep / "backups").glob("*.partial"))


# -- full, read-only and permission problems are not damage ---------------------------------


@needs_posix
def test_doctor_calls_a_full_disk_full_and_suggests_freeing_space_not_a_restore(
    installed: tuple[Path, str],
) -> None:
    data_dir, _ = installed

    def act() -> dict[str, Any]:
        limit_file_size(16 * 1024)
        health = recovery.check_database(data_dir)
        lift_file_size_limit()
        return {
            "state": health.state.value,
            "restorable": health.restorable,
            "text": str(health.message.english()),
        }

    outcome = in_child(act)
    assert outcome["state"] == "full", outcome
    assert not outcome["restorable"]
    assert "is full" in outcome["text"]
    assert "do not restore" in outcome["text"]


@needs_posix
def test_doctor_calls_a_read_only_data_folder_read_only_not_damaged() -> None:
    with shared_folder("jalon-ro-") as base:
        data_dir = base / "data"
        with Jalon.open(data_dir) as app:
            assessments.create(app, government("ON"), "Read-only")
        for p in [data_dir, *data_dir.iterdir()]:
            p.chmod(0o555 if p.is_dir() else 0o444)
        try:
            outcome = in_child(
                lambda: {"state": recovery.check_database(data_dir).state.value},
                unprivileged=True,
            )
        finally:
            data_dir.chmod(0o755)
    assert outcome == {"state": "read_only"}, outcome


def test_doctor_still_calls_real_damage_damage(installed: tuple[Path, str]) -> None:
    data_dir, _ = installed
    damage(data_dir / DB_FILENAME)
    health = recovery.check_database(data_dir)
    assert health.state is recovery.State.CORRUPT
    assert health.restorable


def test_a_damaged_database_is_refused_when_the_app_opens_it_with_a_check(
    installed: tuple[Path, str],
) -> None:
    data_dir, _ = installed
    damage(data_dir / DB_FILENAME)
    with pytest.raises(recovery.DatabaseDamagedError):
        Jalon.open(data_dir, check=True)


# -- restore -----------------------------------------------------------------------------------


def test_restoring_a_lost_database_needs_no_file_to_keep(installed: tuple[Path, str]) -> None:
    data_dir, _ = installed
    remove_database(data_dir)
    done = recovery.restore_newest_good_backup(data_dir)
    assert done.kept == ()
    assert recovery.check_database(data_dir).ok


def test_a_restore_that_fails_leaves_the_database_and_its_log_as_they_were(
    installed: tuple[Path, str],
) -> None:
    data_dir, _ = installed
    database = data_dir / DB_FILENAME
    damage(database)
    before = database.read_bytes()
    (backup,) = recovery.list_backups(data_dir)
    backup.path.write_bytes(b"garbage now")  # fails its check after it was listed as good
    with pytest.raises(StorageError):
        recovery.restore_backup(data_dir, backup)
    assert database.read_bytes() == before
    assert sorted(p.name for p in data_dir.iterdir() if p.is_file()) == [DB_FILENAME]


# -- exports never overwrite; terminal encodings ----------------------------------------------


def test_a_second_file_of_the_same_name_gets_a_number_and_the_first_is_untouched(
    tmp_path: Path,
) -> None:
    first = write_new(tmp_path / "ON-plan-r1-2026-12-05.jalon", b"first")
    second = write_new(tmp_path / "ON-plan-r1-2026-12-05.jalon", b"second")
    third = write_new(tmp_path / "ON-plan-r1-2026-12-05.jalon", b"third")
    assert first.read_bytes() == b"first"
    assert second.name == "ON-plan-r1-2026-12-05 (2).jalon"
    assert third.name == "ON-plan-r1-2026-12-05 (3).jalon"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [first.name, second.name, third.name]
    )


def test_cjk_text_on_a_latin1_terminal_is_replaced_not_a_traceback(data_dir: Path) -> None:
    with Jalon.open(data_dir) as app:
        assessments.create(app, government("ON"), "数字战略 stratégie")
    env = {**os.environ, "PYTHONIOENCODING": "latin-1", "JALON_LANG": "en"}
    result = subprocess.run(
        [sys.executable, "-m", "jalon", "list", "--data-dir", str(data_dir)],
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    assert "???? stratégie".encode("latin-1") in result.stdout


def test_doctor_json_reports_the_lost_state(
    installed: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, _ = installed
    remove_database(data_dir)
    cli(["doctor", "--json", "--data-dir", str(data_dir)])
    report = json.loads(capsys.readouterr().out)
    assert report["state"] == "lost"
    assert report["backups"][0]["good"]


def test_retention_keeps_the_first_and_last_copy_before_each_migration_and_every_kept_one(
    installed: tuple[Path, str],
) -> None:
    data_dir, _ = installed
    folder, database = data_dir / "backups", data_dir / DB_FILENAME
    start = datetime(2026, 1, 1, 12, tzinfo=UTC)
    tries = [
        backup_sqlite(database, folder, label="before-0002", now=start + timedelta(days=day))
        for day in range(6)  # a migration that failed at five starts, then worked
    ]
    other = backup_sqlite(database, folder, label="before-0003", now=start + timedelta(days=9))
    kept = backup_sqlite(database, folder, label="kept-startup", now=start)
    prune(folder, start + timedelta(days=400))
    left = {b.path for b in backup_files(folder)}
    assert {tries[0], tries[-1], other, kept} <= left
    assert not left & set(tries[1:-1])  # the copies in between were the same database
