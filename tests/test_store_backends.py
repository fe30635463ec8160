"""The store on every backend it supports: SQLite always, PostgreSQL when a server is given.

Set ``JALON_TEST_POSTGRES_URL`` to a SQLAlchemy URL of a role allowed to create databases
(``postgresql+psycopg://user:password@localhost/postgres``): each PostgreSQL test then runs in
a database of its own, created for it and dropped after it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

from jalon.core import assessment as am
from jalon.core.errors import InvalidInputError, NotFoundError, ReadOnlyError, StorageError
from jalon.core.jurisdiction import government, municipality
from jalon.services import assessments as svc
from jalon.services.app import Jalon
from jalon.store.database import DB_FILENAME, head_revision
from jalon.store.models import Base
from tests import edits
from tests.conftest import FIXED_NOW, complete_assessment

POSTGRES_ENV = "JALON_TEST_POSTGRES_URL"


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def store_url(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[str | None]:
    """The database URL to open: None for the data folder's SQLite file, or a fresh, empty
    PostgreSQL database that is dropped when the test ends."""
    if request.param == "sqlite":
        yield None
        return
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"set {POSTGRES_ENV} to run the store tests on PostgreSQL")
    from tests.secretariat_support import fresh_postgres_database

    with fresh_postgres_database(server) as url:  # (dropping it tolerates autovacuum)
        yield url


def engine_url(data_dir: Path, store_url: str | None) -> str | URL:
    return store_url or URL.create("sqlite", database=str(data_dir / DB_FILENAME))


@pytest.fixture
def app(data_dir: Path, store_url: str | None) -> Iterator[Jalon]:
    with Jalon.open(data_dir, store_url) as opened:
        yield opened


def test_a_new_database_upgraded_to_head_matches_the_models(
    app: Jalon, data_dir: Path, store_url: str | None
) -> None:
    engine = create_engine(engine_url(data_dir, store_url))
    try:
        with engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()
    assert version == head_revision()
    assert differences == []


def test_the_database_opens_a_second_time(data_dir: Path, store_url: str | None) -> None:
    with Jalon.open(data_dir, store_url) as first:
        a = svc.create(first, government("YT"), "Twice")
    with Jalon.open(data_dir, store_url) as second:
        assert svc.get(second, a.id) == a


def test_a_complete_assessment_round_trips(app: Jalon) -> None:
    original = complete_assessment(app.framework)
    with app.writing() as uow:
        uow.assessments.add(original, actor="tester")
    loaded = svc.get(app, original.id)
    assert loaded == original
    assert loaded.created_at.utcoffset() == timedelta(0)


def test_the_longest_accepted_values_are_stored(app: Jalon) -> None:
    fw = app.framework
    name = "Municipalité régionale de comté " + "x" * 88
    a = am.create(fw, municipality(name), "t" * am.MAX_TITLE, now=FIXED_NOW)
    long_text = "« é »\u00a0" * (am.MAX_LONG_TEXT // 6)
    a = am.with_response(a, fw, "security", comment=long_text, evidence=long_text)
    a = am.with_answer(a, fw, "council_role", long_text)
    a = am.with_participants(
        a, [am.Participant("n" * 200, "t" * 200, "o" * 200)] * am.MAX_PARTICIPANTS
    )
    with app.writing() as uow:
        uow.assessments.add(a, actor="a" * 200)
    assert svc.get(app, a.id) == a


def test_every_service_edit_is_audited_with_actor_field_old_new_and_time(app: Jalon) -> None:
    a = svc.create(app, government("NT"), "Audited", at=FIXED_NOW)
    edits.update_response(app, a.id, "security", current=1, target=3)
    edits.update_answer(app, a.id, "council_role", "We contribute.")
    svc.rename(app, a.id, "Audited, renamed")
    trail = svc.audit_trail(app, a.id)
    assert [(e.action, e.field, e.old_value, e.new_value) for e in trail] == [
        ("create", "revision", None, "1"),
        ("edit", "theme.security.current", None, "1"),
        ("edit", "theme.security.target", None, "3"),
        ("edit", "answer.council_role", "", "We contribute."),
        ("edit", "title", "Audited", "Audited, renamed"),
    ]
    assert {e.actor for e in trail} == {app.actor}
    assert all(e.at.utcoffset() == timedelta(0) for e in trail)
    assert trail[-1].at == svc.get(app, a.id).updated_at


def test_an_unchanged_save_writes_no_audit_row(app: Jalon) -> None:
    a = svc.create(app, government("NT"), "Quiet")
    before = len(svc.audit_trail(app, a.id))
    assert svc.save(app, replace(a, updated_at=a.updated_at + timedelta(minutes=5))) == []
    assert len(svc.audit_trail(app, a.id)) == before


def test_a_signed_assessment_is_kept_and_can_be_archived(app: Jalon) -> None:
    a = complete_assessment(app.framework)
    signed = am.sign(a, am.Signature("Alex", "CIO", "ab" * 32, FIXED_NOW))
    with app.writing() as uow:
        uow.assessments.add(signed, actor="tester")
    with pytest.raises(ReadOnlyError):
        svc.delete(app, a.id)
    svc.archive(app, a.id)
    assert [s.id for s in svc.list_assessments(app, include_archived=False)] == []
    assert [s.archived for s in svc.list_assessments(app)] == [True]


def test_prefixes_resolve_the_same_way(app: Jalon) -> None:
    fw = app.framework
    ids = ["abcd1111-0000-4000-8000-000000000001", "abcd2222-0000-4000-8000-000000000002"]
    with app.writing() as uow:
        for assessment_id in ids:
            uow.assessments.add(
                am.create(fw, government("PE"), "P", assessment_id=assessment_id), actor="t"
            )
    assert svc.resolve(app, "ABCD1") == ids[0]
    with pytest.raises(NotFoundError, match="more than one"):
        svc.resolve(app, "abcd")
    for prefix in ("abc_", "abc%", "ffff"):
        with pytest.raises(NotFoundError, match="There is no assessment"):
            svc.resolve(app, prefix)


def test_a_database_from_a_newer_jalon_is_refused(data_dir: Path, store_url: str | None) -> None:
    with Jalon.open(data_dir, store_url):
        pass
    engine = create_engine(engine_url(data_dir, store_url))
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    with pytest.raises(StorageError, match="newer version of Jalon"):
        Jalon.open(data_dir, store_url)
    engine = create_engine(engine_url(data_dir, store_url))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            "0099"
        )
    engine.dispose()


def test_another_programs_database_is_refused_and_left_alone(
    data_dir: Path, store_url: str | None
) -> None:
    engine = create_engine(engine_url(data_dir, store_url))
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)"))
        connection.execute(text("INSERT INTO invoices (id, total) VALUES (1, 125)"))
    with pytest.raises(StorageError, match="is not a Jalon database"):
        Jalon.open(data_dir, store_url)
    with engine.connect() as connection:
        tables = connection.dialect.get_table_names(connection)
        assert set(tables) == {"invoices"}
        assert connection.execute(text("SELECT total FROM invoices")).scalar() == 125
    engine.dispose()


def test_unusual_text_is_kept_exactly(app: Jalon) -> None:
    fw = app.framework
    weird = "  « Données »\u00a0— ligne\r\nline\t'q' \"dq\" \\ % _ 🇨🇦 \u202e end  "
    a = am.create(fw, government("QC"), "Texte", now=FIXED_NOW)
    a = am.with_response(a, fw, "open_data", comment=weird, evidence=weird)
    a = am.with_answer(a, fw, "crunchy_measures", weird)
    a = am.with_participants(a, [am.Participant("Éloïse Côté", weird[:200], "MCN")])
    with app.writing() as uow:
        uow.assessments.add(a, actor="Éloïse")
    assert svc.get(app, a.id) == a


def test_a_nul_character_is_refused_before_it_reaches_the_database(app: Jalon) -> None:
    # PostgreSQL cannot store NUL in text; the domain refuses it on every backend alike.
    a = svc.create(app, government("QC"), "NUL")
    before = svc.audit_trail(app, a.id)
    with pytest.raises(InvalidInputError, match="NUL"):
        edits.update_response(app, a.id, "security", comment="before\x00after")
    with pytest.raises(InvalidInputError, match="NUL"):
        edits.update_answer(app, a.id, "council_role", "\x00")
    with pytest.raises(InvalidInputError, match="NUL"):
        svc.rename(app, a.id, "Title\x00")
    with pytest.raises(InvalidInputError, match="NUL"):
        edits.set_participants(app, a.id, [am.Participant("A\x00B")])
    assert svc.audit_trail(app, a.id) == before
    assert svc.get(app, a.id) == a


def test_a_read_snapshot_keeps_seeing_the_data_of_its_first_read_while_another_commits(
    app: Jalon,
) -> None:
    from jalon.store.exchange_repositories import bump_generation

    with app.writing() as uow:
        uow.settings.set("probe", "before")
    with app.uow() as reading:
        reading.consolidation.snapshot()
        generation = reading.consolidation.generation()
        assert reading.settings.get("probe") == "before"
        with app.writing() as writing:  # another member's import, committed meanwhile
            writing.settings.set("probe", "after")
            bump_generation(writing.session)
        assert reading.consolidation.generation() == generation
        assert reading.settings.get("probe") == "before"
    with app.uow() as later:
        assert later.consolidation.generation() == generation + 1
        assert later.settings.get("probe") == "after"


def test_a_savepoint_refused_as_a_duplicate_undoes_only_itself_and_says_write_conflict(
    app: Jalon,
) -> None:
    from jalon.store.errors import WriteConflictError
    from jalon.store.models import SettingRow

    with app.writing() as uow:
        uow.settings.set("taken", "first")
    with app.writing() as uow:
        uow.settings.set("kept", "yes")

        def clash() -> None:
            with uow.savepoint():
                uow.settings.set("undone", "yes")
                uow.session.add(SettingRow(key="taken", value="second"))

        with pytest.raises(WriteConflictError):
            clash()
        uow.settings.set("after", "yes")
    with app.uow() as uow:
        values = {k: uow.settings.get(k) for k in ("taken", "kept", "undone", "after")}
    assert values == {"taken": "first", "kept": "yes", "undone": None, "after": "yes"}


def test_a_value_the_server_refuses_in_a_savepoint_says_value_refused(
    app: Jalon, store_url: str | None
) -> None:
    from jalon.store.errors import ValueRefusedError
    from jalon.store.models import SettingRow

    if store_url is None:
        pytest.skip("SQLite stores a value longer than its column")
    with app.writing() as uow:
        with pytest.raises(ValueRefusedError), uow.savepoint():
            uow.session.add(SettingRow(key="k" * 65, value="too long a key"))
        uow.settings.set("after", "yes")
    with app.uow() as uow:
        assert uow.settings.get("after") == "yes"
