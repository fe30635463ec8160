"""The dashboard is read once per import generation (issue 17): a counter in the database that
every import, revocation or supersession moves, in its own transaction, so that every member
of the secretariat sees a change made on another computer; on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event

from jalon.core.jurisdiction import government
from jalon.services import consolidation, exchange, trust
from jalon.services.app import Jalon
from jalon.store.exchange_repositories import generation

from . import secretariat_support as support
from .conftest import FIXED_NOW
from .exchange_support import the_framework
from .secretariat_support import enroll_key, quick_package, signing_key_for, varied_assessment

secretariat = support.secretariat
store_url = support.store_url


def generation_of(app: Jalon) -> int:
    with app.uow() as uow:
        return generation(uow.session)


def statements_during(app: Jalon) -> list[str]:
    said: list[str] = []
    event.listen(
        app.database.engine,
        "before_cursor_execute",
        lambda _c, _cur, statement, *_a: said.append(statement),
    )
    return said


def package(tmp_path: Path, code: str, seed: int, revision: int = 1, **kw: Any) -> Path:
    j = government(code)
    a = replace(varied_assessment(the_framework(), j, seed, **kw), revision=revision)
    path = tmp_path / f"{code}-{seed}-r{revision}.jalon"
    path.write_bytes(
        quick_package(a, signing_key_for(j), signed_at=FIXED_NOW + timedelta(days=revision))
    )
    return path


def test_the_dashboard_is_not_read_again_while_the_import_generation_stays(
    secretariat: Jalon, tmp_path: Path
) -> None:
    enroll_key(secretariat, signing_key_for(government("ON")))
    exchange.import_packages(secretariat, [package(tmp_path, "ON", 1)])
    first = consolidation.load_dashboard(secretariat)
    said = statements_during(secretariat)
    again = consolidation.load_dashboard(secretariat)
    assert again is first
    reads = [s for s in said if s.lstrip().upper().startswith(("SELECT", "WITH", "INSERT"))]
    assert len(reads) == 1  # the generation, nothing else
    assert "generations" in reads[0]


def test_an_import_moves_the_generation_and_the_dashboard_shows_it(
    secretariat: Jalon, tmp_path: Path
) -> None:
    for code in ("ON", "QC"):
        enroll_key(secretariat, signing_key_for(government(code)))
    exchange.import_packages(secretariat, [package(tmp_path, "ON", 1)])
    before = generation_of(secretariat)
    assert consolidation.load_dashboard(secretariat).jurisdictions.count == 1
    exchange.import_packages(secretariat, [package(tmp_path, "QC", 2)])
    assert generation_of(secretariat) == before + 1  # one batch, one step
    assert consolidation.load_dashboard(secretariat).jurisdictions.count == 2


def test_a_supersession_moves_the_generation_and_the_dashboard_shows_the_newer_revision(
    secretariat: Jalon, tmp_path: Path
) -> None:
    enroll_key(secretariat, signing_key_for(government("ON")))
    first = package(tmp_path, "ON", 1)
    exchange.import_packages(secretariat, [first])
    (row,) = consolidation.load_dashboard(secretariat).jurisdictions.heat_map.rows
    assert row.revision == 1
    assessment_id = row.assessment_id
    exchange.import_packages(
        secretariat, [package(tmp_path, "ON", 1, revision=2, assessment_id=assessment_id)]
    )
    (row,) = consolidation.load_dashboard(secretariat).jurisdictions.heat_map.rows
    assert row.revision == 2


def test_a_revocation_moves_the_generation_and_the_dashboard_marks_the_key(
    secretariat: Jalon, tmp_path: Path
) -> None:
    key_id = enroll_key(secretariat, signing_key_for(government("ON")))
    exchange.import_packages(secretariat, [package(tmp_path, "ON", 1)])
    (row,) = consolidation.load_dashboard(secretariat).jurisdictions.heat_map.rows
    assert not row.key_revoked
    before = generation_of(secretariat)
    trust.revoke(secretariat, key_id, reason="Laptop lost")
    assert generation_of(secretariat) == before + 1
    (row,) = consolidation.load_dashboard(secretariat).jurisdictions.heat_map.rows
    assert row.key_revoked


def test_a_refused_package_does_not_move_the_generation(secretariat: Jalon, tmp_path: Path) -> None:
    enroll_key(secretariat, signing_key_for(government("ON")))
    exchange.import_packages(secretariat, [package(tmp_path, "ON", 1)])
    before = generation_of(secretariat)
    not_enrolled = package(tmp_path, "QC", 2)
    (outcome,) = exchange.import_packages(secretariat, [not_enrolled])
    assert outcome.status is exchange.ImportStatus.REFUSED
    again = exchange.import_packages(secretariat, [tmp_path / "ON-1-r1.jalon"])
    assert again[0].status is exchange.ImportStatus.ALREADY
    assert generation_of(secretariat) == before


def test_an_import_by_another_member_of_the_secretariat_is_seen_on_this_computer(
    secretariat: Jalon, tmp_path: Path, store_url: str | None
) -> None:
    for code in ("ON", "QC"):
        enroll_key(secretariat, signing_key_for(government(code)))
    exchange.import_packages(secretariat, [package(tmp_path, "ON", 1)])
    assert consolidation.load_dashboard(secretariat).jurisdictions.count == 1
    # Another copy of Jalon on the same database (its own data folder on a server; the same
    # folder on SQLite) imports: this one's cache is out of date and knows it.
    elsewhere = tmp_path / "colleague" if store_url else secretariat.data_dir
    with Jalon.open(elsewhere, store_url) as colleague:
        exchange.import_packages(colleague, [package(tmp_path, "QC", 2)])
    assert consolidation.load_dashboard(secretariat).jurisdictions.count == 2


def test_the_workshop_answers_and_the_trend_are_kept_per_generation_too(
    secretariat: Jalon, tmp_path: Path
) -> None:
    enroll_key(secretariat, signing_key_for(government("ON")))
    exchange.import_packages(secretariat, [package(tmp_path, "ON", 1)])
    answers = consolidation.collated_answers(secretariat)
    points = consolidation.trend(secretariat, "ON")
    said = statements_during(secretariat)
    assert consolidation.collated_answers(secretariat) == answers
    assert consolidation.trend(secretariat, "ON") == points
    assert all("generations" in s for s in said if s.lstrip().upper().startswith("SELECT"))
    row = consolidation.load_dashboard(secretariat).jurisdictions.heat_map.rows[0]
    exchange.import_packages(
        secretariat, [package(tmp_path, "ON", 1, revision=2, assessment_id=row.assessment_id)]
    )
    assert len(consolidation.trend(secretariat, "ON")) == len(points) + 1
