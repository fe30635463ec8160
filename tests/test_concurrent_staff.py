"""Several secretariat staff on one shared database at once (issue 21).

Each test starts 4 to 8 processes at the same moment (:mod:`tests.crowd`: forked children of a
warm parent, released together by a barrier file) running ``jalon``'s own entry point, each
with a data folder of its own, on one PostgreSQL database (or on one SQLite data folder where
that is the situation). A try is repeated enough times to catch the race it is about: before
the fixes, each of these tests failed in most runs (the figures are in the issue's note).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from jalon.cli import main
from jalon.core.actions import ActionChange
from jalon.core.errors import StorageError
from jalon.i18n import translator
from jalon.services import actions, exchange, identity, instance, trust
from jalon.services.app import Jalon
from jalon.store import database
from jalon.store.database import head_revision
from jalon.store.models import Base, TrustedKeyRow, TrustEventRow

from .crowd import ROOT, Crowd, Finished
from .secretariat_support import POSTGRES_ENV, fresh_postgres_database, signing_key_for
from .test_secretariat_import import enroll_all, write_packages

#: Forked children: POSIX only (the races are the server's, not the operating system's).
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="the crowd forks its processes")
pytestmark = needs_fork


@pytest.fixture(scope="module")
def crowd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crowd]:
    with Crowd(tmp_path_factory.mktemp("crowd")) as warm:
        yield warm


@pytest.fixture
def server() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"set {POSTGRES_ENV} to run the shared-database tests")
    return url


def no_traceback(done: Finished) -> None:
    assert "Traceback" not in done.stderr, done.stderr
    assert "Error:" not in done.stderr.replace("jalon:", ""), done.stderr


def folders(root: Path, count: int) -> list[str]:
    return [str(root / f"staff-{i}") for i in range(count)]


# -- 1. the first use of an empty database --------------------------------------------------


@pytest.mark.postgres
def test_several_processes_opening_an_empty_shared_database_at_once_all_succeed(
    crowd: Crowd, server: str, tmp_path: Path
) -> None:
    tries, processes = 3, 6
    for attempt in range(tries):
        with fresh_postgres_database(server) as url:
            ended = crowd.run(
                [
                    ["--data-dir", folder, "--database", url, "keys", "list"]
                    for folder in folders(tmp_path / str(attempt), processes)
                ]
            )
            for done in ended:
                assert done.code == 0, done.stderr
                assert done.stderr == ""
                assert "No key is enrolled yet" in done.stdout
            engine = create_engine(url)
            try:
                with engine.connect() as connection:
                    versions = connection.execute(
                        text("SELECT version_num FROM alembic_version")
                    ).all()
                    tables = connection.execute(
                        text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
                    ).scalar()
            finally:
                engine.dispose()
            assert versions == [(head_revision(),)]
            assert tables == len(Base.metadata.tables) + 1  # and alembic_version


def test_several_processes_opening_a_new_data_folder_at_once_all_succeed(
    crowd: Crowd, tmp_path: Path
) -> None:
    tries, processes = 3, 4
    for attempt in range(tries):
        folder = str(tmp_path / str(attempt))
        ended = crowd.run([["--data-dir", folder, "keys", "list"]] * processes)
        for done in ended:
            assert done.code == 0, done.stderr
            assert done.stderr == ""
        with Jalon.open(folder) as app, app.uow() as uow:
            assert uow.session.scalar(text("SELECT version_num FROM alembic_version")) == (
                head_revision()
            )


@pytest.mark.postgres
def test_a_database_that_answers_but_cannot_be_prepared_does_not_blame_the_url(
    server: str, data_dir: Path
) -> None:
    with fresh_postgres_database(server) as url:
        engine = create_engine(server, isolation_level="AUTOCOMMIT")
        name = url.rsplit("/", 1)[1]
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql(
                    f'ALTER DATABASE "{name}" SET default_transaction_read_only = on'
                )
        finally:
            engine.dispose()
        with pytest.raises(StorageError) as info:
            Jalon.open(data_dir, url)
    message = str(info.value)
    assert "could not be prepared" in message
    assert "read-only transaction" in message
    assert "Nothing was changed" in message
    assert "URL" not in message
    assert "cannot be reached" not in message


@pytest.mark.postgres
def test_a_migration_held_too_long_by_another_process_is_reported_as_such(
    server: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "MIGRATION_WAIT_SECONDS", 1)
    with fresh_postgres_database(server) as url:
        other = create_engine(url)
        try:
            with other.begin() as connection:  # another Jalon, migrating (holding the lock)
                connection.execute(select(func.pg_advisory_xact_lock(database.MIGRATION_LOCK)))
                with pytest.raises(StorageError) as info:
                    Jalon.open(data_dir, url)
        finally:
            other.dispose()
        message = str(info.value)
        assert "Another Jalon has been preparing the database" in message
        assert "URL" not in message
        with Jalon.open(data_dir, url) as app, app.uow() as uow:  # the lock gone, it opens
            version = uow.session.scalar(text("SELECT version_num FROM alembic_version"))
        assert version == head_revision()


# -- 2. and 3. the same key card enrolled, the same key revoked, by several people at once --


def write_card(folder: Path, code: str = "ON") -> tuple[Path, str, str]:
    """A real key card file: (its path, the key id, the fingerprint)."""
    from jalon.core.jurisdiction import government
    from jalon.exchange.keycard import key_card

    key = signing_key_for(government(code), "Alex Tremblay")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{code}.jaloncard"
    path.write_bytes(key_card(key))
    return path, key.key_id, key.fingerprint


def trust_rows(url: str) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The trust store as stored: the keys (id, revoked by, reason) and the events."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            keys = connection.execute(
                select(TrustedKeyRow.key_id, TrustedKeyRow.revoked_by, TrustedKeyRow.revoke_reason)
            ).all()
            events = connection.execute(
                select(TrustEventRow.action, TrustEventRow.actor, TrustEventRow.detail).order_by(
                    TrustEventRow.id
                )
            ).all()
    finally:
        engine.dispose()
    return [tuple(k) for k in keys], [tuple(e) for e in events]


def staff(name: str, *argv: str) -> dict[str, object]:
    """A command run by ``name`` (the actor the trust store records, from the OS login)."""
    return {"argv": list(argv), "env": {"USER": name, "LOGNAME": name}}


@pytest.mark.postgres
def test_the_same_key_card_enrolled_by_several_people_at_once_is_enrolled_once(
    crowd: Crowd, server: str, tmp_path: Path
) -> None:
    card, key_id, fingerprint = write_card(tmp_path / "cards")
    tries, processes = 4, 6
    for attempt in range(tries):
        with fresh_postgres_database(server) as url:
            with Jalon.open(tmp_path / f"prepare-{attempt}", url):
                pass  # the schema exists: the race is the enrolment's, not the migration's
            people = [f"staff{i}" for i in range(processes)]
            ended = crowd.run(
                [
                    staff(person, "--data-dir", folder, "--database", url,
                          "keys", "enroll", str(card), "--yes")
                    for person, folder in zip(
                        people, folders(tmp_path / str(attempt), processes), strict=True
                    )
                ]
            )  # fmt: skip
            winners = [i for i, done in enumerate(ended) if done.code == 0]
            assert len(winners) == 1, [d.stderr for d in ended]
            for i, done in enumerate(ended):
                no_traceback(done)
                if i in winners:
                    assert f"Enrolled the key {fingerprint} for ON." in done.stdout
                    assert done.stderr == ""
                else:
                    assert done.code == 1
                    assert done.stderr == (
                        f"jalon: The key {fingerprint} is already enrolled for ON.\n"
                    )
            keys, events = trust_rows(url)
            assert keys == [(key_id, None, None)]
            assert events == [("enroll", people[winners[0]], "Alex Tremblay")]


@pytest.mark.postgres
def test_the_same_key_revoked_by_several_people_at_once_is_revoked_once_and_the_others_told_by_whom(
    crowd: Crowd, server: str, tmp_path: Path
) -> None:
    card, key_id, fingerprint = write_card(tmp_path / "cards")
    tries, processes = 4, 6
    for attempt in range(tries):
        with fresh_postgres_database(server) as url:
            with Jalon.open(tmp_path / f"prepare-{attempt}", url) as app:
                trust.enroll(app, trust.read_card_file(card))
            people = [f"staff{i}" for i in range(processes)]
            ended = crowd.run(
                [
                    staff(person, "--data-dir", folder, "--database", url,
                          "keys", "revoke", fingerprint, "--reason", f"Reason of {person}")
                    for person, folder in zip(
                        people, folders(tmp_path / str(attempt), processes), strict=True
                    )
                ]
            )  # fmt: skip
            winners = [i for i, done in enumerate(ended) if done.code == 0]
            assert len(winners) == 1, [d.stderr for d in ended]
            winner = people[winners[0]]
            keys, events = trust_rows(url)
            assert keys == [(key_id, winner, f"Reason of {winner}")]
            assert [e for e in events if e[0] == "revoke"] == [
                ("revoke", winner, f"Reason of {winner}")
            ]
            with Jalon.open(tmp_path / f"prepare-{attempt}", url) as app:
                (key,) = trust.list_keys(app)
            assert key.revoked_at is not None
            when = translator("en").datetime(key.revoked_at, "medium")
            for i, done in enumerate(ended):
                no_traceback(done)
                if i in winners:
                    assert f"Revoked the key {fingerprint} of ON" in done.stdout
                else:
                    assert done.code == 1
                    assert done.stderr == (
                        f"jalon: The key {fingerprint} was already revoked by {winner} on "
                        f"{when}; nothing was changed.\n"
                    )


@pytest.mark.postgres
def test_a_key_revoked_meanwhile_is_said_revoked_by_whom_and_when_in_french(
    crowd: Crowd, server: str, tmp_path: Path
) -> None:
    card, _, fingerprint = write_card(tmp_path / "cards")
    with fresh_postgres_database(server) as url:
        with Jalon.open(tmp_path / "prepare", url) as app:
            trust.enroll(app, trust.read_card_file(card))
        ended = crowd.run(
            [
                staff(person, "--lang", "fr", "--data-dir", str(tmp_path / person),
                      "--database", url, "keys", "revoke", fingerprint)
                for person in ("marie", "sam", "jordan", "alex")
            ]
        )  # fmt: skip
        (winner,) = [d for d in ended if d.code == 0]
        losers = [d for d in ended if d.code != 0]
        assert "Clé" in winner.stdout or "clé" in winner.stdout
        for done in losers:
            assert done.code == 1
            assert f"La clé {fingerprint} a déjà été révoquée par " in done.stderr
            assert "rien n'a été changé" in done.stderr


# -- 4. a busy local data folder ------------------------------------------------------------


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A folder of real signed packages (3 jurisdictions × 2 revisions) and their count."""
    folder = tmp_path_factory.mktemp("usb")
    return folder, len(write_packages(folder, count_per=2))


def secretariat_folder(path: Path) -> Path:
    """A SQLite data folder whose trust store accepts the packages' keys."""
    with Jalon.open(path) as app:
        enroll_all(app)
    return path


def submissions_in(folder: Path) -> int:
    with Jalon.open(folder) as app:
        return len(exchange.list_submissions(app))


WAITING = "is busy: a jalon command (process "


def test_several_imports_into_one_data_folder_at_once_wait_for_each_other_and_all_succeed(
    crowd: Crowd, tmp_path: Path, packages: tuple[Path, int]
) -> None:
    usb, count = packages
    tries, processes = 3, 4
    for attempt in range(tries):
        folder = secretariat_folder(tmp_path / f"secretariat-{attempt}")
        ended = crowd.run([["--data-dir", str(folder), "import", str(usb)]] * processes)
        waited = 0
        imported = 0
        for done in ended:
            assert done.code == 0, done.stderr
            no_traceback(done)
            lines = done.stderr.splitlines()
            assert len(lines) <= 1, lines  # at most the one line saying it waits
            if lines:
                assert WAITING in lines[0]
                assert "Waiting for it to finish (at most 60 s; Ctrl+C to cancel)" in lines[0]
                waited += 1
            imported += done.stdout.count(": imported revision")
        assert waited >= 1  # the folder was busy for all but the first
        assert imported == count  # each package stored once, whoever stored it
        assert submissions_in(folder) == count


def jalon_process(*args: str) -> subprocess.Popen[str]:
    """A real ``jalon`` process (``python -m jalon``), its stderr to be read as it comes."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "desktop")}
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "JALON_LANG", "JALON_DATA_DIR"):
        environment.pop(name, None)
    return subprocess.Popen(
        [sys.executable, "-m", "jalon", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        cwd=ROOT,
    )


def first_line_of_stderr(process: subprocess.Popen[str]) -> str:
    assert process.stderr is not None
    return process.stderr.readline()


def test_an_import_waits_for_a_busy_data_folder_saying_so_in_french_then_imports(
    tmp_path: Path, packages: tuple[Path, int]
) -> None:
    usb, count = packages
    folder = secretariat_folder(tmp_path / "secretariat")
    with instance.acquire(folder, kind=instance.COMMAND):  # another command is importing
        process = jalon_process("--lang", "fr", "--data-dir", str(folder), "import", str(usb))
        try:
            line = first_line_of_stderr(process)  # blocks until the process says it waits
            assert submissions_in(folder) == 0
        except BaseException:
            process.kill()
            raise
    out, err = process.communicate(timeout=120)  # the folder is free: it goes on
    assert line.startswith(f"jalon: Le dossier de données {folder} est occupé : une commande ")
    assert "Jalon attend qu'elle se termine (au plus 60 s; Ctrl+C pour annuler)" in line
    assert process.returncode == 0, err
    assert err == ""
    assert out.count("importé") >= count
    assert submissions_in(folder) == count


def test_ctrl_c_while_waiting_for_a_busy_data_folder_cancels_and_writes_nothing(
    tmp_path: Path, packages: tuple[Path, int]
) -> None:
    usb, _ = packages
    folder = secretariat_folder(tmp_path / "secretariat")
    assert submissions_in(folder) == 0  # (opening it again takes its start-up backup now)
    before = sorted(p.name for p in folder.rglob("*"))
    with instance.acquire(folder, kind=instance.COMMAND):
        process = jalon_process("--data-dir", str(folder), "import", str(usb))
        try:
            assert WAITING in first_line_of_stderr(process)
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == 130
    assert (out, err) == ("", "jalon: interrupted; nothing more was done.\n")
    assert submissions_in(folder) == 0
    assert sorted(p.name for p in folder.rglob("*")) == before
    assert not (folder / exchange.JOURNAL).exists()


def test_an_import_still_waiting_when_its_limit_runs_out_says_so_and_writes_nothing(
    tmp_path: Path, packages: tuple[Path, int]
) -> None:
    usb, _ = packages
    folder = secretariat_folder(tmp_path / "secretariat")
    with instance.acquire(folder, kind=instance.COMMAND):
        process = jalon_process("--data-dir", str(folder), "import", "--wait", "1", str(usb))
        out, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert out == ""
    waiting, refusal = err.splitlines()
    assert WAITING in waiting
    assert "Waiting for it to finish (at most 1 s; Ctrl+C to cancel)" in waiting
    assert f"jalon: The data folder {folder} is still busy after 1 s" in refusal
    assert "wait longer with --wait SECONDS" in refusal
    assert submissions_in(folder) == 0


def test_an_import_with_wait_0_is_refused_at_once_while_the_folder_is_busy(
    tmp_path: Path, packages: tuple[Path, int]
) -> None:
    usb, _ = packages
    folder = secretariat_folder(tmp_path / "secretariat")
    with instance.acquire(folder, kind=instance.COMMAND):
        process = jalon_process("--data-dir", str(folder), "import", "--wait", "0", str(usb))
        out, err = process.communicate(timeout=60)
    assert (process.returncode, out) == (1, "")
    assert "is changing data in the data folder" in err
    assert "Waiting" not in err
    assert submissions_in(folder) == 0


def test_an_import_does_not_wait_for_an_open_jalon_window(
    tmp_path: Path, packages: tuple[Path, int]
) -> None:
    usb, _ = packages
    folder = secretariat_folder(tmp_path / "secretariat")
    with instance.acquire(folder, kind=instance.APP):  # a window stays open: no use waiting
        process = jalon_process("--data-dir", str(folder), "import", str(usb))
        out, err = process.communicate(timeout=60)
    assert (process.returncode, out) == (1, "")
    assert "Another Jalon window (process" in err
    assert "Waiting" not in err


@pytest.mark.parametrize("given", ["-1", "soon", "100000"])
def test_an_import_wait_that_is_not_a_number_of_seconds_is_a_usage_error(
    tmp_path: Path, given: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--data-dir", str(tmp_path / "d"), "import", "--wait", given, str(tmp_path)])
    assert code == 2
    assert f"give a number of seconds from 0 to 86400, not {given}" in capsys.readouterr().err
    assert not (tmp_path / "d").exists()


# -- 5. the other paths that check, then write ----------------------------------------------


def call(function: str, person: str, folder: Path, url: str, *args: object) -> dict[str, object]:
    """``tests.crowd_calls.function(folder, url, *args)``, as ``person`` would from a window."""
    return {
        "call": f"tests.crowd_calls:{function}",
        "args": [str(folder), url, *args],
        "env": {"USER": person, "LOGNAME": person},
    }


def new_action(tmp_path: Path, url: str) -> int:
    with Jalon.open(tmp_path / "prepare", url) as app:
        return actions.add_action(app, app.framework.themes[0].id, "Publish the plan").id


def action_history(tmp_path: Path, url: str) -> list[ActionChange]:
    with Jalon.open(tmp_path / "prepare", url) as app:
        return [h for h in actions.history(app) if h.operation != "create"]


@pytest.mark.postgres
def test_one_action_changed_by_several_people_at_once_keeps_an_unbroken_audit_trail(
    crowd: Crowd, server: str, tmp_path: Path
) -> None:
    statuses = ["in_progress", "done", "dropped", "open", "done", "in_progress"]
    for attempt in range(3):
        with fresh_postgres_database(server) as url:
            action_id = new_action(tmp_path / str(attempt), url)
            ended = crowd.run(
                [
                    call("set_status", f"staff{i}", tmp_path / f"{attempt}-{i}", url, action_id,
                         status)
                    for i, status in enumerate(statuses)
                ]
            )  # fmt: skip
            for done in ended:
                assert done.code == 0, done.stderr
            trail = action_history(tmp_path / str(attempt), url)
            # Each change starts from what the one before it left: no change was lost.
            previous = "open"
            for change in trail:
                assert (change.field, change.old_value) == ("status", previous)
                previous = change.new_value
            with Jalon.open(tmp_path / str(attempt) / "prepare", url) as app:
                assert actions.get_action(app, action_id).status.value == previous


@pytest.mark.postgres
def test_an_action_deleted_while_others_edit_it_leaves_them_a_clean_message(
    crowd: Crowd, server: str, tmp_path: Path
) -> None:
    for attempt in range(3):
        with fresh_postgres_database(server) as url:
            action_id = new_action(tmp_path / str(attempt), url)
            ended = crowd.run(
                [call("delete", "staff0", tmp_path / f"{attempt}-0", url, action_id)]
                + [
                    call("edit_description", f"staff{i}", tmp_path / f"{attempt}-{i}", url,
                         action_id, f"Text of staff{i}")
                    for i in range(1, 6)
                ]
            )  # fmt: skip
            assert ended[0].code == 0, ended[0].stderr
            for done in ended[1:]:
                no_traceback(done)
                if done.code:  # came after the deletion
                    assert done.code == 1
                    assert done.stderr == (
                        f"There is no action {action_id}; it may have been deleted meanwhile. "
                        "Reload the list of actions.\n"
                    )
            trail = action_history(tmp_path / str(attempt), url)
            assert [c.operation for c in trail].count("delete") == 1
            assert trail[-1].operation == "delete"  # no edit after the deletion


@pytest.mark.postgres
def test_one_action_deleted_by_several_people_at_once_is_deleted_once(
    crowd: Crowd, server: str, tmp_path: Path
) -> None:
    for attempt in range(3):
        with fresh_postgres_database(server) as url:
            action_id = new_action(tmp_path / str(attempt), url)
            ended = crowd.run(
                [
                    call("delete", f"staff{i}", tmp_path / f"{attempt}-{i}", url, action_id)
                    for i in range(6)
                ]
            )
            assert sorted(done.code for done in ended) == [0, 1, 1, 1, 1, 1]
            for done in ended:
                no_traceback(done)
            trail = action_history(tmp_path / str(attempt), url)
            assert [c.operation for c in trail] == ["delete"]


@pytest.mark.postgres
def test_a_setting_saved_by_several_people_at_once_is_saved_without_error(
    crowd: Crowd, server: str, tmp_path: Path
) -> None:
    for attempt in range(5):
        with fresh_postgres_database(server) as url:
            with Jalon.open(tmp_path / f"prepare-{attempt}", url):
                pass
            ended = crowd.run(
                [
                    call("save_language", f"staff{i}", tmp_path / f"{attempt}-{i}", url,
                         "fr" if i % 2 else "en")
                    for i in range(6)
                ]
            )  # fmt: skip
            for done in ended:
                assert done.code == 0, done.stderr
                assert done.stdout.strip() in ('"en"', '"fr"')
            with Jalon.open(tmp_path / f"prepare-{attempt}", url) as app:
                assert identity.saved_language(app) in ("en", "fr")


def waiting_for_a_lock(url: str) -> int:
    """How many sessions of the database wait for a lock this moment."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return int(
                connection.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                        "current_database() AND wait_event_type = 'Lock'"
                    )
                ).scalar()
                or 0
            )
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_package_whose_key_is_revoked_during_the_import_is_refused_not_stored(
    server: str, tmp_path: Path, packages: tuple[Path, int]
) -> None:
    """The batch reads the trust store once, at its start; a revocation committed while it
    runs must still keep the key's packages out (it did not: they were stored)."""
    import threading

    from jalon.core.fingerprint import fingerprint as fingerprint_of

    usb, _ = packages
    ontario = sorted(usb.glob("*ON*.jalon"))[0]
    with fresh_postgres_database(server) as url:
        with Jalon.open(tmp_path / "prepare", url) as app:
            enroll_all(app)
            (key,) = [k for k in trust.list_keys(app) if k.jurisdiction.code == "ON"]
        revoking = create_engine(url)
        outcome: list[object] = []
        try:
            with revoking.begin() as connection:  # a colleague revokes the key, not yet saved
                connection.execute(
                    TrustedKeyRow.__table__.update()
                    .where(TrustedKeyRow.key_id == key.key_id)
                    .values(revoked_at=func.now(), revoked_by="colleague", revoke_reason="lost")
                )

                def run_import() -> None:
                    with Jalon.open(tmp_path / "importer", url) as importer:
                        outcome.extend(exchange.import_packages(importer, [ontario]))

                worker = threading.Thread(target=run_import)
                worker.start()
                # Until the import waits for the revocation (or, without the lock, finishes).
                while worker.is_alive() and not waiting_for_a_lock(url):
                    worker.join(timeout=0.02)
            worker.join(timeout=60)  # the revocation is saved: the import goes on
        finally:
            revoking.dispose()
        (result,) = outcome
        assert isinstance(result, exchange.ImportOutcome)
        assert (result.status, result.step) == (exchange.ImportStatus.REFUSED, "trust")
        assert f"the key {fingerprint_of(key.key_id)} that signed it has been revoked" in (
            result.message.english()
        )
        with Jalon.open(tmp_path / "prepare", url) as app:
            assert exchange.list_submissions(app) == []
