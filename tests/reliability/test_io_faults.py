"""I/O faults at open, save, export and import: a clear message, the app keeps working once
the fault is gone, and nothing is half-written.

Faults are real, in a child process (see :mod:`.faults`): a full disk is the child's own
``RLIMIT_FSIZE`` (writes past it fail with ``EFBIG``, as they fail with ``ENOSPC`` on a full
disk); read-only files and folders are permissions, with a child that obeys them even when
the tests run as root (from a checkout in any folder: see ``tests/unprivileged.py``).
"Keeps working": the same open ``Jalon`` does the same operation again once the limit is
lifted or the permissions restored, and it succeeds.
"Nothing half-written": ``PRAGMA integrity_check`` is ``ok``, no temporary or partial file
is left, the failed change is nowhere (not even in the audit trail), a package that was
being replaced is still the old one, byte for byte.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jalon.core.jurisdiction import government
from jalon.services import assessments, exchange
from jalon.services.app import Jalon
from jalon.store.database import DB_FILENAME, head_revision
from tests import edits

from ..secretariat_support import (
    Installation,
    answer_everything,
    enroll_card,
    export_to,
    jurisdiction_installation,
)
from .faults import (
    error_facts,
    french_exists,
    give_to_child,
    in_child,
    lift_file_size_limit,
    limit_file_size,
    needs_posix,
    shared_folder,
)
from .harness import integrity, leftovers

pytestmark = needs_posix

#: Below the 32 KiB SQLite's shared-memory index needs, below one WAL frame: nothing fits.
NO_ROOM = 2048
FULL_MSGIDS = {
    # SQLite reports a short write as SQLITE_FULL, a failed one (EFBIG) as an I/O error.
    "The disk holding the data folder {folder} is full ({detail}). What was being saved was "
    "not kept. Free some space on that disk, then try again.",
    "Jalon could not write to the data folder {folder} ({detail}): its disk may be full, "
    "removed or failing. What was being saved was not kept. Free some space or check the "
    "disk, then try again.",
}
READ_ONLY_MSGID = (
    "The database in the data folder {folder} cannot be written to ({detail}). What was being "
    "saved was not kept. Make the folder and the jalon.sqlite3 files in it writable again, or "
    "choose another data folder with --data-dir, then try again."
)


def attempt(action: Any) -> dict[str, Any]:
    """``{"ok": result}`` or the refusal's facts."""
    from jalon.core.errors import JalonError

    try:
        return {"ok": action()}
    except JalonError as exc:
        return error_facts(exc)


def assert_clear(refusal: dict[str, Any], msgids: set[str], folder: Path) -> None:
    assert "unexpected" not in refusal, refusal
    assert "StorageError" in refusal.get("classes", []), refusal
    assert refusal["msgid"] in msgids, refusal
    assert str(folder) in refusal["text"]
    assert french_exists(refusal["msgid"]), refusal["msgid"]


def assert_whole(data_dir: Path) -> None:
    assert integrity(data_dir / DB_FILENAME) == ["ok"]
    assert leftovers(data_dir) == []


@pytest.fixture
def folder() -> Iterator[Path]:
    with shared_folder("jalon-faults-") as path:
        yield path


@pytest.fixture
def drafted(folder: Path) -> tuple[Path, str]:
    """A data folder holding one assessment (and no backup yet)."""
    data_dir = folder / "data"
    with Jalon.open(data_dir) as app:
        a = assessments.create(app, government("ON"), "Faults")
    return data_dir, a.id


# -- a full disk ----------------------------------------------------------------------------


def test_a_full_disk_when_creating_the_database_is_reported_and_the_next_open_works(
    folder: Path,
) -> None:
    data_dir = folder / "new"

    def act() -> dict[str, Any]:
        limit_file_size(NO_ROOM)
        refused = attempt(lambda: Jalon.open(data_dir).close())
        lift_file_size_limit()
        with Jalon.open(data_dir) as app:
            a = assessments.create(app, government("ON"), "After the disk was freed")
        return {"refused": refused, "created": a.id}

    outcome = in_child(act)
    assert "unexpected" not in outcome, outcome
    assert_clear(outcome["refused"], FULL_MSGIDS, data_dir)
    assert_whole(data_dir)
    with contextlib.closing(sqlite3.connect(data_dir / DB_FILENAME)) as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (head_revision(),)
        ]


def test_a_full_disk_at_the_start_up_backup_does_not_stop_the_app_and_leaves_no_partial_file(
    drafted: tuple[Path, str],
) -> None:
    data_dir, assessment_id = drafted

    def act() -> dict[str, Any]:
        limit_file_size(64 * 1024)  # room for SQLite's index, not for a copy of the database
        app = Jalon.open(data_dir)
        problem = error_facts(app.backup_problem) if app.backup_problem else None
        title = assessments.get(app, assessment_id).title
        app.close()
        lift_file_size_limit()
        with Jalon.open(data_dir) as again:
            backup = str(again.startup_backup)
        return {"problem": problem, "title": title, "backup": backup}

    outcome = in_child(act)
    assert "unexpected" not in outcome, outcome
    assert outcome["problem"]["class"] == "StorageError"
    assert "could not be written" in outcome["problem"]["text"]
    assert outcome["title"] == "Faults"
    assert Path(outcome["backup"]).is_file()
    assert_whole(data_dir)


def test_a_full_disk_when_saving_keeps_nothing_of_the_change_and_the_next_save_works(
    drafted: tuple[Path, str],
) -> None:
    data_dir, assessment_id = drafted
    theme = Jalon.open(data_dir).framework.themes[0].id

    def act() -> dict[str, Any]:
        with Jalon.open(data_dir) as app:
            limit_file_size(NO_ROOM)
            refused = attempt(
                lambda: edits.update_response(app, assessment_id, theme, comment="lost")
            )
            lift_file_size_limit()
            edits.update_response(app, assessment_id, theme, comment="kept")
            return {"refused": refused}

    outcome = in_child(act)
    assert "unexpected" not in outcome, outcome
    assert_clear(outcome["refused"], FULL_MSGIDS, data_dir)
    assert_whole(data_dir)
    with Jalon.open(data_dir) as app:
        assert assessments.get(app, assessment_id).response(theme).comment == "kept"
        values = [e.new_value for e in assessments.audit_trail(app, assessment_id)]
    assert "kept" in values
    assert "lost" not in values


@pytest.fixture
def exported(folder: Path) -> Iterator[tuple[Path, str, Path, Path]]:
    """A jurisdiction's data folder, its assessment exported once to ``out``."""
    inst = jurisdiction_installation(folder, "ON")
    try:
        assessment_id = answer_everything(inst, seed=3)
        package = export_to(inst, assessment_id, folder / "out")
    finally:
        inst.close()
    return inst.folder, assessment_id, folder / "out", package


def test_a_full_disk_when_exporting_leaves_the_previous_package_whole_and_the_next_export_works(
    exported: tuple[Path, str, Path, Path],
) -> None:
    from ..exchange_support import PASSPHRASE

    data_dir, assessment_id, out, package = exported
    before = package.read_bytes()

    def act() -> dict[str, Any]:
        with Jalon.open(data_dir) as app:
            limit_file_size(16 * 1024)  # less than a package with its report
            refused = attempt(
                lambda: exchange.export_assessment(app, assessment_id, PASSPHRASE, out)
            )
            still = hashlib.sha256(package.read_bytes()).hexdigest()
            lift_file_size_limit()
            done = exchange.export_assessment(app, assessment_id, PASSPHRASE, out)
            return {"refused": refused, "still": still, "path": str(done.path)}

    outcome = in_child(act)
    assert "unexpected" not in outcome, outcome
    refusal = outcome["refused"]
    assert refusal["class"] == "StorageError", refusal
    assert refusal["msgid"].startswith("The disk holding {file} is full."), refusal
    # Exports never overwrite (issue 14): the next one takes the name with " (2)".
    second = package.with_name(f"{package.stem} (2){package.suffix}")
    assert str(second) in refusal["text"]
    assert french_exists(refusal["msgid"])
    assert outcome["still"] == hashlib.sha256(before).hexdigest()  # the old package, whole
    assert Path(outcome["path"]) == second
    assert package.read_bytes() == before  # never replaced
    assert leftovers(out) == []
    assert_whole(data_dir)


@pytest.fixture
def secretariat_and_package(
    exported: tuple[Path, str, Path, Path], folder: Path
) -> tuple[Path, Path]:
    """A secretariat's data folder that trusts the jurisdiction's key, and its package."""
    jurisdiction_dir, _, _, package = exported
    data_dir = folder / "secretariat"
    with Jalon.open(data_dir) as secretariat, Jalon.open(jurisdiction_dir) as jurisdiction:
        on = Installation(jurisdiction, government("ON"), jurisdiction_dir)
        enroll_card(secretariat, on, folder / "cards")
    return data_dir, package


def writable_again(data_dir: Path) -> None:
    for path in data_dir.glob(DB_FILENAME + "*"):
        path.chmod(0o644)


def submissions(data_dir: Path) -> int:
    with contextlib.closing(sqlite3.connect(data_dir / DB_FILENAME)) as db:
        return int(db.execute("SELECT count(*) FROM submissions").fetchone()[0])


def test_a_full_disk_when_importing_stores_nothing_and_the_next_import_works(
    secretariat_and_package: tuple[Path, Path],
) -> None:
    data_dir, package = secretariat_and_package
    journal = data_dir / exchange.JOURNAL

    def act() -> dict[str, Any]:
        with Jalon.open(data_dir) as app:
            limit_file_size(NO_ROOM)
            refused = attempt(lambda: exchange.import_packages(app, [package]))
            stored_then = submissions(data_dir)
            lift_file_size_limit()
            (outcome,) = exchange.import_packages(app, [package])
            return {"refused": refused, "then": stored_then, "status": outcome.status.value}

    outcome = in_child(act)
    assert "unexpected" not in outcome, outcome
    refusal = outcome["refused"]
    assert "ImportInterruptedError" in refusal["classes"], refusal
    assert refusal["params"]["file"] == package.name
    assert any(f.split("{")[0] in refusal["text"] for f in FULL_MSGIDS), refusal
    assert str(data_dir) in refusal["text"]
    assert outcome["then"] == 0
    assert outcome["status"] == "imported"
    assert not journal.exists()  # a full disk is not a refused package
    assert submissions(data_dir) == 1
    assert_whole(data_dir)


# -- read-only files and folders ---------------------------------------------------------------


def test_a_read_only_data_folder_is_refused_at_open_and_nothing_is_created(folder: Path) -> None:
    data_dir = folder / "data"
    data_dir.mkdir()
    give_to_child(data_dir)
    data_dir.chmod(0o555)
    outcome = in_child(lambda: attempt(lambda: Jalon.open(data_dir).close()), unprivileged=True)
    assert outcome["msgid"].startswith("The data folder {folder} cannot be written to"), outcome
    assert french_exists(outcome["msgid"])
    assert list(data_dir.iterdir()) == []


def test_a_read_only_database_is_refused_at_open_untouched_and_opens_once_writable(
    drafted: tuple[Path, str],
) -> None:
    data_dir, assessment_id = drafted
    database = data_dir / DB_FILENAME
    give_to_child(data_dir)
    database.chmod(0o444)
    before = database.read_bytes()

    def act() -> dict[str, Any]:
        refused = attempt(lambda: Jalon.open(data_dir).close())
        database.chmod(0o644)
        with Jalon.open(data_dir) as app:
            assessments.rename(app, assessment_id, "Writable again")
        return {"refused": refused}

    outcome = in_child(act, unprivileged=True)
    assert "unexpected" not in outcome, outcome
    assert_clear(outcome["refused"], {READ_ONLY_MSGID}, data_dir)
    assert "read-only" in outcome["refused"]["text"]
    assert database.read_bytes() != before  # the rename, after the permissions were restored
    with Jalon.open(data_dir) as app:
        assert assessments.get(app, assessment_id).title == "Writable again"
    assert_whole(data_dir)


def test_a_database_that_turns_read_only_while_open_refuses_the_save_clearly_then_saves(
    drafted: tuple[Path, str],
) -> None:
    data_dir, assessment_id = drafted
    database = data_dir / DB_FILENAME
    give_to_child(data_dir)

    def act() -> dict[str, Any]:
        with Jalon.open(data_dir) as app:
            database.chmod(0o444)
            app.database.engine.dispose()  # the next connection opens the file as it is now
            refused = attempt(lambda: assessments.rename(app, assessment_id, "Lost"))
            writable_again(data_dir)  # SQLite made its -wal and -shm read-only too
            app.database.engine.dispose()
            assessments.rename(app, assessment_id, "Saved")
            return {"refused": refused}

    outcome = in_child(act, unprivileged=True)
    assert "unexpected" not in outcome, outcome
    assert_clear(outcome["refused"], {READ_ONLY_MSGID}, data_dir)
    with Jalon.open(data_dir) as app:
        assert assessments.get(app, assessment_id).title == "Saved"
        values = [e.new_value for e in assessments.audit_trail(app, assessment_id)]
    assert "Lost" not in values
    assert_whole(data_dir)


def test_an_export_to_a_read_only_folder_is_refused_and_writes_nothing(
    exported: tuple[Path, str, Path, Path], folder: Path
) -> None:
    from ..exchange_support import PASSPHRASE

    data_dir, assessment_id, _, _ = exported
    give_to_child(folder)
    target = folder / "read-only-stick"
    target.mkdir()
    target.chmod(0o555)

    def act() -> dict[str, Any]:
        with Jalon.open(data_dir) as app:
            return attempt(
                lambda: exchange.export_assessment(app, assessment_id, PASSPHRASE, target)
            )

    outcome = in_child(act, unprivileged=True)
    assert outcome.get("class") == "StorageError", outcome
    assert outcome["msgid"].startswith("The folder {folder} cannot be written to."), outcome
    assert french_exists(outcome["msgid"])
    assert list(target.iterdir()) == []
    assert_whole(data_dir)


def test_an_import_into_a_read_only_database_stores_nothing_and_says_why(
    secretariat_and_package: tuple[Path, Path],
) -> None:
    data_dir, package = secretariat_and_package
    database = data_dir / DB_FILENAME
    give_to_child(data_dir)
    give_to_child(package.parent)

    def act() -> dict[str, Any]:
        with Jalon.open(data_dir) as app:
            database.chmod(0o444)
            app.database.engine.dispose()
            refused = attempt(lambda: exchange.import_packages(app, [package]))
            writable_again(data_dir)  # SQLite made its -wal and -shm read-only too
            app.database.engine.dispose()
            (outcome,) = exchange.import_packages(app, [package])
            return {"refused": refused, "status": outcome.status.value}

    outcome = in_child(act, unprivileged=True)
    assert "unexpected" not in outcome, outcome
    refusal = outcome["refused"]
    assert "ImportInterruptedError" in refusal["classes"], refusal
    assert "cannot be written to" in refusal["text"]
    assert str(data_dir) in refusal["text"]
    assert outcome["status"] == "imported"
    assert submissions(data_dir) == 1
    assert_whole(data_dir)
