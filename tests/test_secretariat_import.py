"""Importing for the secretariat, and the bad situations of issue 6: two imports at once, a
folder full of other files, bad key cards, revoking a jurisdiction's last key, and a
PostgreSQL server that goes away in the middle of an import."""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections import Counter
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, event, func, select, text

from jalon.core.errors import InvalidInputError, StorageError
from jalon.core.jurisdiction import government, workshop_group
from jalon.i18n import translator
from jalon.services import consolidation, exchange, trust
from jalon.services.app import Jalon
from jalon.store.models import (
    SubmissionAnswerRow,
    SubmissionParticipantRow,
    SubmissionResponseRow,
    SubmissionRow,
)

from . import secretariat_support as support
from .conftest import FIXED_NOW
from .exchange_support import the_framework
from .secretariat_support import (
    POSTGRES_ENV,
    enroll_key,
    fresh_postgres_database,
    quick_package,
    signing_key_for,
    varied_assessment,
)

# The fixtures every test here runs with: on SQLite, and on PostgreSQL when a server is given.
secretariat = support.secretariat
store_url = support.store_url


def rows_in(app: Jalon, model: Any) -> int:
    with app.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def write_packages(
    folder: Path, count_per: int = 2, codes: tuple[str, ...] = ("ON", "QC", "BC")
) -> dict[str, Any]:
    """Revisions 1..count_per of one assessment per jurisdiction, as real signed packages."""
    from jalon.exchange.package import package_filename

    fw = the_framework()
    folder.mkdir(parents=True, exist_ok=True)
    made = {}
    for seed, code in enumerate(codes):
        j = government(code)
        key = signing_key_for(j, "Alex Tremblay")
        first = varied_assessment(fw, j, seed)
        for revision in range(1, count_per + 1):
            a = replace(
                varied_assessment(fw, j, seed + revision, assessment_id=first.id),
                revision=revision,
                title=first.title,
            )
            data = quick_package(a, key, signed_at=FIXED_NOW + timedelta(days=revision))
            path = folder / package_filename(a)
            path.write_bytes(data)
            made[path.name] = a
    return made


def enroll_all(app: Jalon, codes: tuple[str, ...] = ("ON", "QC", "BC")) -> None:
    for code in codes:
        enroll_key(app, signing_key_for(government(code), "Alex Tremblay"))


# -- import fills the dashboard ---------------------------------------------------------------


def test_an_imported_package_appears_on_the_dashboard(secretariat: Jalon, tmp_path: Path) -> None:
    group = workshop_group("Table 2")
    key = signing_key_for(group, "Sam Okafor")
    enroll_key(secretariat, key)
    a = varied_assessment(secretariat.framework, group, 9)
    path = tmp_path / "group.jalon"
    path.write_bytes(quick_package(a, key))
    (outcome,) = exchange.import_packages(secretariat, [path])
    assert outcome.status is exchange.ImportStatus.IMPORTED
    dash = consolidation.load_dashboard(secretariat)
    assert dash.jurisdictions.is_empty
    (row,) = dash.groups.heat_map.rows
    assert row.jurisdiction == group
    assert row.fingerprint == key.fingerprint
    assert [dash.groups.heat_map.cell(0, i).current for i in range(14)] == [
        r.current for r in a.responses
    ]
    assert rows_in(secretariat, SubmissionResponseRow) == 14
    assert rows_in(secretariat, SubmissionAnswerRow) == 2
    assert rows_in(secretariat, SubmissionParticipantRow) == 1


# -- two imports at once ----------------------------------------------------------------------


def _import_in_child(
    data_dir: str, url: str | None, folder: str, barrier: Any, results: Any
) -> None:
    with Jalon.open(data_dir, url) as app:
        barrier.wait(timeout=60)
        outcomes = exchange.import_packages(app, [Path(folder)])
    results.put([(str(o.path), o.status.value, o.message.english()) for o in outcomes])


def test_two_imports_of_the_same_folder_at_once_store_each_package_exactly_once(
    secretariat: Jalon, store_url: str | None, tmp_path: Path
) -> None:
    folder = tmp_path / "usb"
    made = write_packages(folder, count_per=2)
    # One revision exported twice (another package id, the same answers), in a subfolder.
    first_name = sorted(made)[0]
    again = folder / "again" / first_name
    again.parent.mkdir()
    key = signing_key_for(made[first_name].jurisdiction, "Alex Tremblay")
    again.write_bytes(quick_package(made[first_name], key, signed_at=FIXED_NOW + timedelta(days=1)))
    assert again.read_bytes() != (folder / first_name).read_bytes()
    enroll_all(secretariat)

    context = multiprocessing.get_context("spawn")
    workers = 3
    barrier = context.Barrier(workers)
    results = context.Queue()
    processes = [
        context.Process(
            target=_import_in_child,
            args=(str(secretariat.data_dir), store_url, str(folder), barrier, results),
        )
        for _ in range(workers)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=180) for _ in processes]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0

    imported = Counter()
    for batch in outcomes:
        assert len(batch) == len(made) + 1
        for path, status, message in batch:
            assert status in ("imported", "already_imported"), message
            if status == "imported":
                imported[Path(path).name] += 1
    # Each revision stored once, by one of the workers, whichever file it came from.
    assert sum(imported.values()) == len(made)
    assert all(n == 1 for n in imported.values())
    assert rows_in(secretariat, SubmissionRow) == len(made)
    assert rows_in(secretariat, SubmissionResponseRow) == 14 * len(made)
    assert rows_in(secretariat, SubmissionAnswerRow) == 2 * len(made)
    assert not (secretariat.data_dir / exchange.JOURNAL).exists()  # nothing was refused
    dash = consolidation.load_dashboard(secretariat)
    assert [r.revision for r in dash.jurisdictions.heat_map.rows] == [2, 2, 2]


# -- a folder full of other files -------------------------------------------------------------


def test_a_folder_of_thousands_of_other_files_is_skipped_quickly(
    secretariat: Jalon, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stick = tmp_path / "stick"
    made = write_packages(stick / "deep" / "er", count_per=1, codes=("NS",))
    enroll_all(secretariat, ("NS",))
    others = 5000
    for i in range(others):
        sub = stick / f"folder-{i % 50}"
        sub.mkdir(exist_ok=True)
        suffix = (".pdf", ".json", ".txt", ".jalon.bak", ".JALON~")[i % 5]
        (sub / f"file-{i}{suffix}").write_bytes(b"not a package " * 8)
    (stick / "looks-like.jalon").mkdir()  # a folder named like a package is not read
    (stick / "looks-like.jalon" / "inside.txt").write_text("x")

    start = time.perf_counter()
    outcomes = exchange.import_packages(secretariat, [stick])
    seconds = time.perf_counter() - start
    with capsys.disabled():
        print(f"\nimport of a folder with {others:,} other files and 1 package: {seconds:.3f} s")
    assert [o.status for o in outcomes] == [exchange.ImportStatus.IMPORTED]
    assert [o.path.name for o in outcomes] == list(made)
    assert seconds < 5.0
    assert not (secretariat.data_dir / exchange.JOURNAL).exists()  # no refusal to journal


# -- key cards --------------------------------------------------------------------------------


def a_card() -> dict[str, Any]:
    from jalon.exchange.keycard import key_card

    return json.loads(key_card(signing_key_for(government("PE"), "Jordan Lee")))


def card_cases() -> list[tuple[str, Any]]:
    def jurisdiction(code: str, kind: str = "province") -> Any:
        def change(card: dict[str, Any]) -> dict[str, Any]:
            card["jurisdiction"] = {"code": code, "kind": kind, "name": {"en": code, "fr": code}}
            return card

        return change

    def key_id(card: dict[str, Any]) -> dict[str, Any]:
        card["key_id"] = "0" * 64
        return card

    def other_signer(card: dict[str, Any]) -> dict[str, Any]:
        card["signer"]["name"] = "Someone Else"
        return card

    return [
        ("not-json", b"\x89PNG\r\n\x1a\n not a card"),
        ("empty", b""),
        ("other-json", b'{"format": "something.else"}'),
        ("truncated", json.dumps(a_card()).encode()[:-40]),
        ("unknown-jurisdiction", jurisdiction("ZZ")),
        ("unknown-kind", jurisdiction("PE", "county")),
        ("named-for-another-jurisdiction", jurisdiction("QC")),
        ("key-id-not-the-key", key_id),
        ("certificate-of-another-signer", other_signer),
        ("huge", b"{" + b" " * 70_000 + b"}"),
    ]


@pytest.mark.parametrize(("name", "content"), card_cases(), ids=[c[0] for c in card_cases()])
def test_a_malformed_or_foreign_key_card_is_refused_and_nothing_is_enrolled(
    secretariat: Jalon, tmp_path: Path, name: str, content: Any
) -> None:
    path = tmp_path / f"{name}.json"
    data = content if isinstance(content, bytes) else json.dumps(content(a_card())).encode()
    path.write_bytes(data)
    with pytest.raises(InvalidInputError) as caught:
        trust.enroll(secretariat, trust.read_card_file(path))
    message = str(caught.value)
    assert str(path) in message or path.name in message, message
    assert translator("fr").error(caught.value)
    assert trust.list_keys(secretariat) == []
    assert trust.history(secretariat) == []


def test_a_key_card_that_cannot_be_read_is_refused(secretariat: Jalon, tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="cannot be read"):
        trust.read_card_file(tmp_path / "missing.json")
    assert trust.list_keys(secretariat) == []


# -- revoking the last key ----------------------------------------------------------------------


def test_revoking_a_jurisdictions_last_key_keeps_its_submissions_and_says_what_follows(
    secretariat: Jalon, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    write_packages(folder, count_per=2, codes=("ON",))
    enroll_all(secretariat, ("ON",))
    exchange.import_packages(secretariat, [folder])
    key_id = signing_key_for(government("ON"), "Alex Tremblay").key_id

    impact = trust.pending_impact(secretariat, key_id[:12])
    assert impact.imported_submissions == 2
    assert impact.consolidated_submissions == 1
    assert impact.last_active_key
    said = translator("en").message(impact.message)
    assert "last key enrolled for ON" in said
    assert ": 2;" in said
    assert translator("fr").message(impact.message)

    trust.revoke(secretariat, key_id, reason="Laptop lost")
    assert len(exchange.list_submissions(secretariat)) == 2  # nothing deleted
    (row,) = consolidation.load_dashboard(secretariat).jurisdictions.heat_map.rows
    assert row.key_revoked
    after = trust.pending_impact(secretariat, key_id)
    assert not after.last_active_key  # already revoked: nothing more to lose

    # The next package signed by the revoked key is refused at the trust step.
    fw = secretariat.framework
    newer = replace(varied_assessment(fw, government("ON"), 30), revision=3)
    late = tmp_path / "late.jalon"
    late.write_bytes(quick_package(newer, signing_key_for(government("ON"), "Alex Tremblay")))
    (outcome,) = exchange.import_packages(secretariat, [late])
    assert outcome.status is exchange.ImportStatus.REFUSED
    assert "revoked" in outcome.message.english()
    assert len(exchange.list_submissions(secretariat)) == 2


def test_revoking_one_of_two_keys_is_not_the_last(secretariat: Jalon) -> None:
    first = enroll_key(secretariat, signing_key_for(government("NL"), "Pat One"))
    enroll_key(secretariat, signing_key_for(government("NL"), "Pat Two"))
    impact = trust.pending_impact(secretariat, first)
    assert not impact.last_active_key
    assert impact.imported_submissions == 0
    assert "last key" not in translator("en").message(impact.message)


# -- PostgreSQL going away ----------------------------------------------------------------------


@pytest.fixture
def server_app(tmp_path: Path) -> Any:
    """An installation on a PostgreSQL database of its own, and a maintenance connection."""
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"set {POSTGRES_ENV} to test a PostgreSQL server going away")
    with fresh_postgres_database(server) as url:
        folder = tmp_path / "secretariat"
        folder.mkdir()
        app = Jalon.open(folder, url)
        maintenance = create_engine(server, isolation_level="AUTOCOMMIT")
        try:
            yield app, maintenance, url.rsplit("/", 1)[1]
        finally:
            app.close()
            with maintenance.connect() as connection:
                connection.execute(
                    text(f'ALTER DATABASE "{url.rsplit("/", 1)[1]}" ALLOW_CONNECTIONS true')
                )
            maintenance.dispose()


def cut_connections(maintenance: Any, database: str) -> int:
    with maintenance.connect() as connection:
        return len(
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :db AND pid <> pg_backend_pid()"
                ),
                {"db": database},
            ).all()
        )


@pytest.mark.postgres
def test_a_server_that_goes_away_mid_import_leaves_nothing_half_written(
    server_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, maintenance, database = server_app
    # One package per transaction here: the first is committed before the second is cut.
    # (A whole batch in one transaction: the next test.)
    monkeypatch.setattr(exchange, "BATCH_PACKAGES", 1)
    folder = tmp_path / "in"
    made = write_packages(folder, count_per=1)
    enroll_all(app)
    names = sorted(made)
    cut = {"armed": True}

    def cut_inside_the_transaction(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        # The second package's submission row is written; its themes are about to be. The
        # server drops the connection now, in the middle of that package's transaction.
        if cut["armed"] and statement.lstrip().upper().startswith(
            "INSERT INTO SUBMISSION_RESPONSES"
        ):
            with app.uow() as uow:
                done = uow.session.scalar(select(func.count()).select_from(SubmissionRow))
            if done == 1:
                cut["armed"] = False
                assert cut_connections(maintenance, database) >= 1

    event.listen(app.database.engine, "before_cursor_execute", cut_inside_the_transaction)
    try:
        with pytest.raises(exchange.ImportInterruptedError) as caught:
            exchange.import_packages(app, [folder])
    finally:
        event.remove(app.database.engine, "before_cursor_execute", cut_inside_the_transaction)
    error = caught.value
    message = str(error)
    assert names[1] in message
    assert "Nothing of the last change was saved" in message
    assert [o.path.name for o in error.outcomes] == names[:1]
    assert translator("fr").error(error)
    # Nothing of the interrupted package: one submission, with exactly its own rows.
    assert rows_in(app, SubmissionRow) == 1
    assert rows_in(app, SubmissionResponseRow) == 14
    assert not (app.data_dir / exchange.JOURNAL).exists()  # not a refusal of the package

    # The app keeps working: the same import again finishes the job.
    again = exchange.import_packages(app, [folder])
    assert [o.status.value for o in again] == ["already_imported", "imported", "imported"]
    assert rows_in(app, SubmissionResponseRow) == 14 * 3
    assert consolidation.load_dashboard(app).jurisdictions.count == 3


@pytest.mark.postgres
def test_a_server_that_goes_away_mid_batch_keeps_nothing_of_that_batch_and_names_where_to_resume(
    server_app: Any, tmp_path: Path
) -> None:
    app, maintenance, database = server_app
    folder = tmp_path / "in"
    names = sorted(write_packages(folder, count_per=1))
    enroll_all(app)
    seen = {"responses": 0}

    def cut_at_the_second_package(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO SUBMISSION_RESPONSES"):
            seen["responses"] += 1
            if seen["responses"] == 2:  # the first package stored, not yet committed
                assert cut_connections(maintenance, database) >= 1

    event.listen(app.database.engine, "before_cursor_execute", cut_at_the_second_package)
    try:
        with pytest.raises(exchange.ImportInterruptedError) as caught:
            exchange.import_packages(app, [folder])
    finally:
        event.remove(app.database.engine, "before_cursor_execute", cut_at_the_second_package)
    error = caught.value
    # The batch was one transaction: nothing of it is kept, and the message says to start
    # from its first package, with none handled before it.
    assert error.outcomes == []
    assert names[0] in str(error)
    assert "Packages handled before it: 0" in str(error)
    assert rows_in(app, SubmissionRow) == 0
    assert rows_in(app, SubmissionResponseRow) == 0
    again = exchange.import_packages(app, [folder])
    assert [o.status.value for o in again] == ["imported"] * 3


@pytest.mark.postgres
def test_a_server_that_stays_away_is_reported_clearly_and_the_app_recovers(
    server_app: Any, tmp_path: Path
) -> None:
    app, maintenance, database = server_app
    folder = tmp_path / "in"
    write_packages(folder, count_per=1, codes=("MB",))
    enroll_all(app, ("MB",))
    with maintenance.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false'))
    cut_connections(maintenance, database)
    with pytest.raises(StorageError) as caught:
        exchange.import_packages(app, [folder])
    assert "Check that the database server is running" in str(caught.value)
    with pytest.raises(StorageError, match="database server is running"):
        consolidation.load_dashboard(app)
    with maintenance.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true'))
    (outcome,) = exchange.import_packages(app, [folder])
    assert outcome.status is exchange.ImportStatus.IMPORTED
    assert consolidation.load_dashboard(app).jurisdictions.count == 1
