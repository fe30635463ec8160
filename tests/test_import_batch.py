"""A batch of packages is stored in one transaction with a savepoint per package (issue 17):
one refusal never undoes the others, on SQLite and on PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.exc import DataError

from jalon.core.jurisdiction import government
from jalon.services import exchange
from jalon.services.app import Jalon
from jalon.store.models import SubmissionResponseRow, SubmissionRow

from . import secretariat_support as support
from .conftest import FIXED_NOW
from .exchange_support import the_framework
from .secretariat_support import enroll_key, quick_package, signing_key_for, varied_assessment
from .test_secretariat_import import rows_in

secretariat = support.secretariat
store_url = support.store_url


def three_packages(app: Jalon, folder: Path) -> list[str]:
    """Three valid packages of three assessments (ON, QC, BC), file names in import order."""
    fw = the_framework()
    folder.mkdir()
    names = []
    for seed, code in enumerate(("ON", "QC", "BC")):
        j = government(code)
        key = signing_key_for(j)
        enroll_key(app, key)
        name = f"{seed}-{code}.jalon"
        (folder / name).write_bytes(quick_package(varied_assessment(fw, j, seed), key))
        names.append(name)
    return names


def commits_during(app: Jalon) -> list[int]:
    """A list that counts the commits of the app's engine from now on."""
    commits: list[int] = []
    event.listen(app.database.engine, "commit", lambda _conn: commits.append(1))
    return commits


def test_a_package_refused_after_its_rows_were_written_leaves_the_rest_of_its_batch_stored(
    secretariat: Jalon, tmp_path: Path
) -> None:
    names = three_packages(secretariat, tmp_path / "in")
    inserts = {"responses": 0}

    def refuse_the_second_packages_themes(_c: Any, _cur: Any, statement: str, *a: Any) -> None:
        # The second package's submission row is written in its savepoint; its themes are
        # refused by the database (a value it cannot hold, say).
        if statement.lstrip().upper().startswith("INSERT INTO SUBMISSION_RESPONSES"):
            inserts["responses"] += 1
            if inserts["responses"] == 2:
                raise DataError(statement, None, Exception("value out of range"))

    commits = commits_during(secretariat)
    engine = secretariat.database.engine
    event.listen(engine, "before_cursor_execute", refuse_the_second_packages_themes)
    try:
        outcomes = exchange.import_packages(secretariat, [tmp_path / "in"])
    finally:
        event.remove(engine, "before_cursor_execute", refuse_the_second_packages_themes)
    assert [(o.path.name, o.status) for o in outcomes] == [
        (names[0], exchange.ImportStatus.IMPORTED),
        (names[1], exchange.ImportStatus.REFUSED),
        (names[2], exchange.ImportStatus.IMPORTED),
    ]
    assert outcomes[1].code == "value_refused_by_database"
    assert len(commits) == 1  # the three in one transaction
    # The refused package's own submission row went with its savepoint; the others stayed.
    assert [s.jurisdiction.code for s in exchange.list_submissions(secretariat)] == ["BC", "ON"]
    assert rows_in(secretariat, SubmissionRow) == 2
    assert rows_in(secretariat, SubmissionResponseRow) == 2 * 14
    journal = (secretariat.data_dir / exchange.JOURNAL).read_text(encoding="utf-8")
    assert names[1] in journal


def test_a_replay_in_the_middle_of_a_batch_is_refused_and_the_packages_around_it_are_stored(
    secretariat: Jalon, tmp_path: Path
) -> None:
    fw = the_framework()
    j = government("ON")
    key = signing_key_for(j)
    enroll_key(secretariat, key)
    folder = tmp_path / "in"
    folder.mkdir()
    first = varied_assessment(fw, j, 1)
    newer = replace(varied_assessment(fw, j, 2, assessment_id=first.id), revision=2)
    other = varied_assessment(fw, j, 3)
    at = FIXED_NOW
    (folder / "a-r2.jalon").write_bytes(quick_package(newer, key, signed_at=at + timedelta(1)))
    (folder / "b-r1.jalon").write_bytes(quick_package(first, key, signed_at=at))
    (folder / "c-other.jalon").write_bytes(quick_package(other, key, signed_at=at))
    commits = commits_during(secretariat)
    outcomes = exchange.import_packages(secretariat, [folder])
    assert [o.status for o in outcomes] == [
        exchange.ImportStatus.IMPORTED,
        exchange.ImportStatus.REFUSED,
        exchange.ImportStatus.IMPORTED,
    ]
    assert outcomes[1].code == "replay"
    assert len(commits) == 1
    assert sorted(
        (s.assessment_id, s.revision) for s in exchange.list_submissions(secretariat)
    ) == (sorted([(first.id, 2), (other.id, 1)]))


def test_a_batch_larger_than_one_transaction_is_stored_in_several_and_whole(
    secretariat: Jalon, tmp_path: Path, monkeypatch: Any
) -> None:
    three_packages(secretariat, tmp_path / "in")
    monkeypatch.setattr(exchange, "BATCH_PACKAGES", 2)
    commits = commits_during(secretariat)
    outcomes = exchange.import_packages(secretariat, [tmp_path / "in"])
    assert [o.status for o in outcomes] == [exchange.ImportStatus.IMPORTED] * 3
    assert len(commits) == 2
    assert rows_in(secretariat, SubmissionRow) == 3


def test_a_cancelled_batch_stores_the_packages_checked_before_the_cancel_and_no_more(
    secretariat: Jalon, tmp_path: Path
) -> None:
    three_packages(secretariat, tmp_path / "in")
    asked = {"count": 0}

    def cancel_after_two() -> bool:
        asked["count"] += 1
        return asked["count"] > 2

    outcomes = exchange.import_packages(secretariat, [tmp_path / "in"], cancelled=cancel_after_two)
    assert [o.status for o in outcomes] == [exchange.ImportStatus.IMPORTED] * 2
    assert rows_in(secretariat, SubmissionRow) == 2


@pytest.mark.postgres
def test_a_batch_that_meets_an_assessment_another_import_is_storing_keeps_its_work_then_waits(
    tmp_path: Path,
) -> None:
    """Waiting for another import's assessment lock while holding its own could deadlock two
    batches; a batch first commits what it stored, then waits."""
    import os
    import threading
    import time

    from sqlalchemy import create_engine, text

    server = os.environ.get(support.POSTGRES_ENV)
    if not server:
        pytest.skip(f"set {support.POSTGRES_ENV} to run the secretariat's tests on PostgreSQL")
    with support.fresh_postgres_database(server) as url, Jalon.open(tmp_path / "d", url) as app:
        names = three_packages(app, tmp_path / "in")
        contested = exchange.verify_packages(app, [tmp_path / "in" / names[1]])[0]
        other = create_engine(url)
        seen_before_release: list[int] = []
        with other.connect() as holder:
            holder.execute(
                text("SELECT pg_advisory_lock(hashtext('jalon.assessment'), hashtext(:a))"),
                {"a": contested.assessment_id},
            )

            def release_once_the_first_is_committed() -> None:
                for _ in range(200):
                    with other.connect() as look:
                        count = look.execute(text("SELECT COUNT(*) FROM submissions")).scalar()
                    if count:
                        seen_before_release.append(int(count))
                        break
                    time.sleep(0.05)
                holder.execute(
                    text("SELECT pg_advisory_unlock(hashtext('jalon.assessment'), hashtext(:a))"),
                    {"a": contested.assessment_id},
                )
                holder.commit()

            releaser = threading.Thread(target=release_once_the_first_is_committed)
            releaser.start()
            outcomes = exchange.import_packages(app, [tmp_path / "in"])
            releaser.join()
        other.dispose()
        assert seen_before_release == [1]  # the first package was committed before waiting
        assert [o.status for o in outcomes] == [exchange.ImportStatus.IMPORTED] * 3


def test_a_package_rolled_back_in_its_savepoint_is_not_seen_by_the_next_of_its_assessment(
    secretariat: Jalon, tmp_path: Path
) -> None:
    """The batch reads its assessments' submissions once (on SQLite); a submission written
    then undone by its savepoint must not count later in the batch as already imported or as
    the assessment's owner."""
    fw = the_framework()
    j = government("ON")
    key = signing_key_for(j)
    enroll_key(secretariat, key)
    folder = tmp_path / "in"
    folder.mkdir()
    first = varied_assessment(fw, j, 1)
    data = quick_package(first, key, signed_at=FIXED_NOW)
    (folder / "a-r1.jalon").write_bytes(data)
    (folder / "b-r1-copy.jalon").write_bytes(data)
    inserts = {"responses": 0}

    def refuse_the_first_packages_themes(_c: Any, _cur: Any, statement: str, *a: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO SUBMISSION_RESPONSES"):
            inserts["responses"] += 1
            if inserts["responses"] == 1:
                raise DataError(statement, None, Exception("value out of range"))

    engine = secretariat.database.engine
    event.listen(engine, "before_cursor_execute", refuse_the_first_packages_themes)
    try:
        outcomes = exchange.import_packages(secretariat, [folder])
    finally:
        event.remove(engine, "before_cursor_execute", refuse_the_first_packages_themes)
    assert [o.status for o in outcomes] == [
        exchange.ImportStatus.REFUSED,
        exchange.ImportStatus.IMPORTED,
    ]
    assert [(s.assessment_id, s.filename) for s in exchange.list_submissions(secretariat)] == [
        (first.id, "b-r1-copy.jalon")
    ]


def test_a_batch_sees_the_submissions_stored_before_it(secretariat: Jalon, tmp_path: Path) -> None:
    fw = the_framework()
    j = government("ON")
    key = signing_key_for(j)
    enroll_key(secretariat, key)
    first = varied_assessment(fw, j, 1)
    newer = replace(varied_assessment(fw, j, 2, assessment_id=first.id), revision=2)
    (tmp_path / "r2.jalon").write_bytes(
        quick_package(newer, key, signed_at=FIXED_NOW + timedelta(1))
    )
    (tmp_path / "r1.jalon").write_bytes(quick_package(first, key, signed_at=FIXED_NOW))
    stored = exchange.import_packages(secretariat, [tmp_path / "r2.jalon"])
    assert [o.status for o in stored] == [exchange.ImportStatus.IMPORTED]
    again = exchange.import_packages(secretariat, [tmp_path / "r2.jalon", tmp_path / "r1.jalon"])
    assert [(o.status, o.code) for o in again] == [
        (exchange.ImportStatus.ALREADY, None),
        (exchange.ImportStatus.REFUSED, "replay"),
    ]
