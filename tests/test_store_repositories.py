"""The repositories over a real SQLite file: what goes in comes back out, whole and in UTC."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import StatementError

from jalon.core import assessment as am
from jalon.core.errors import NotFoundError
from jalon.core.framework import Framework
from jalon.core.jurisdiction import government, municipality, workshop_group
from jalon.services.app import Jalon
from jalon.store.models import AuditRow, ParticipantRow, ThemeResponseRow
from tests.conftest import FIXED_NOW, complete_assessment

SIGNED_AT = FIXED_NOW + timedelta(hours=2)


@pytest.fixture
def app(data_dir: Path) -> Iterator[Jalon]:
    with Jalon.open(data_dir) as opened:
        yield opened


def store(app: Jalon, *assessments: am.Assessment) -> None:
    with app.writing() as uow:
        for a in assessments:
            uow.assessments.add(a, actor="tester")


def fetch(app: Jalon, assessment_id: str, revision: int | None = None) -> am.Assessment:
    with app.uow() as uow:
        return uow.assessments.get(assessment_id, revision)


def count(app: Jalon, model: type[object]) -> int:
    with app.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_complete_assessment_comes_back_equal_after_a_reopen(
    data_dir: Path, framework: Framework
) -> None:
    original = complete_assessment(framework)
    with Jalon.open(data_dir) as app:
        store(app, original)
    with Jalon.open(data_dir) as app:
        loaded = fetch(app, original.id)
    assert loaded == original
    assert loaded.responses == original.responses
    assert loaded.answers == original.answers
    assert loaded.participants == original.participants


def test_datetimes_come_back_aware_and_in_utc(app: Jalon, complete: am.Assessment) -> None:
    store(app, complete)
    loaded = fetch(app, complete.id)
    for moment in (loaded.created_at, loaded.updated_at):
        assert moment.tzinfo is not None
        assert moment.utcoffset() == timedelta(0)
    assert loaded.created_at == FIXED_NOW


def test_a_time_given_in_another_zone_is_kept_as_the_same_instant(
    app: Jalon, framework: Framework
) -> None:
    eastern = timezone(timedelta(hours=-5))
    moment = datetime(2026, 11, 2, 9, 30, 15, 123456, tzinfo=eastern)
    a = am.create(framework, government("ON"), "Zones", now=moment)
    store(app, a)
    loaded = fetch(app, a.id)
    assert loaded.created_at == moment
    assert loaded.created_at.tzinfo == UTC
    assert loaded.created_at.hour == 14
    assert loaded.created_at.microsecond == 123456


def test_a_naive_datetime_is_refused_and_nothing_is_written(
    app: Jalon, framework: Framework
) -> None:
    a = am.create(framework, government("ON"), "Naive", now=datetime(2026, 1, 1))
    with pytest.raises(StatementError, match="naive datetimes are not stored"):
        store(app, a)
    assert count(app, AuditRow) == 0


def test_a_signed_municipal_assessment_round_trips_with_its_signature(
    app: Jalon, framework: Framework
) -> None:
    base = complete_assessment(framework)
    a = replace(base, jurisdiction=municipality("Trois-Rivières"))
    signed = am.sign(a, am.Signature("Marie Gagnon", "Directrice", "ef" * 32, SIGNED_AT))
    store(app, signed)
    loaded = fetch(app, a.id)
    assert loaded == signed
    assert loaded.signature is not None
    assert loaded.signature.signed_at.tzinfo is not None
    assert loaded.jurisdiction.code == "MUN-TROIS-RIVIERES"


def test_a_workshop_group_round_trips(app: Jalon, framework: Framework) -> None:
    a = am.create(framework, workshop_group("Groupe 3"), "Atelier", now=FIXED_NOW)
    store(app, a)
    assert fetch(app, a.id) == a


def test_an_empty_draft_round_trips_with_unanswered_fields(
    app: Jalon, framework: Framework
) -> None:
    a = am.create(framework, government("NU"), "Empty", now=FIXED_NOW)
    store(app, a)
    loaded = fetch(app, a.id)
    assert loaded == a
    assert all(r.current is None and r.comment == "" for r in loaded.responses)


def test_text_is_kept_exactly(app: Jalon, framework: Framework) -> None:
    text = "  « Données »\u00a0— ligne 1\r\nline 2\t'quote' \"dq\" \\ % _ 🇨🇦 \u202e end  "
    a = am.create(framework, government("QC"), "Texte", now=FIXED_NOW)
    a = am.with_response(a, framework, "open_data", comment=text, evidence=text * 100)
    a = am.with_answer(a, framework, "crunchy_measures", text)
    a = am.with_participants(a, [am.Participant("Éloïse Côté", "Analyste", "MCN")])
    store(app, a)
    assert fetch(app, a.id) == a


def test_each_revision_is_kept_and_the_latest_is_the_default(
    app: Jalon, complete: am.Assessment
) -> None:
    signed = am.sign(complete, am.Signature("A", "B", "ab" * 32, SIGNED_AT))
    second = am.new_revision(signed, SIGNED_AT + timedelta(days=1))
    store(app, signed, second)
    assert fetch(app, complete.id).revision == 2
    assert fetch(app, complete.id, 1) == signed
    assert fetch(app, complete.id, 2) == second
    with app.uow() as uow:
        assert uow.assessments.latest_revision(complete.id) == 2
        infos = uow.assessments.revisions(complete.id)
    assert [(i.revision, i.status) for i in infos] == [(1, "signed"), (2, "draft")]
    assert all(i.title == complete.title and i.jurisdiction_code == "ON" for i in infos)


def test_an_unknown_assessment_or_revision_is_not_found(
    app: Jalon, complete: am.Assessment
) -> None:
    store(app, complete)
    with pytest.raises(NotFoundError, match="jalon list"):
        fetch(app, "00000000-0000-0000-0000-000000000000")
    with pytest.raises(NotFoundError) as info:
        fetch(app, complete.id, 7)
    assert info.value.message.params["id"] == f"{complete.id} r7"
    with app.uow() as uow:
        assert uow.assessments.latest_revision("nope") is None
        assert uow.assessments.revisions("nope") == []


def test_the_list_shows_the_latest_revision_of_each_most_recent_first(
    app: Jalon, framework: Framework
) -> None:
    older = am.create(framework, government("AB"), "Older", now=FIXED_NOW)
    newer = am.create(framework, government("BC"), "Newer", now=FIXED_NOW + timedelta(days=1))
    signed = am.sign(older, am.Signature("A", "B", "ab" * 32, FIXED_NOW + timedelta(hours=1)))
    revised = am.new_revision(signed, FIXED_NOW + timedelta(days=2))
    store(app, signed, newer, revised)
    with app.uow() as uow:
        latest = uow.assessments.list_latest()
    assert [(a.title, a.revision) for a in latest] == [("Older", 2), ("Newer", 1)]


def test_archived_assessments_can_be_left_out_of_the_list(app: Jalon, framework: Framework) -> None:
    kept = am.create(framework, government("AB"), "Kept", now=FIXED_NOW)
    shelved = am.create(framework, government("BC"), "Shelved", now=FIXED_NOW)
    store(app, kept, shelved)
    with app.writing() as uow:
        uow.assessments.set_archived(shelved.id, True, actor="tester", at=FIXED_NOW)
    with app.uow() as uow:
        assert uow.assessments.is_archived(shelved.id)
        assert not uow.assessments.is_archived(kept.id)
        assert [a.title for a in uow.assessments.list_latest(include_archived=False)] == ["Kept"]
        assert len(uow.assessments.list_latest()) == 2


def with_id(framework: Framework, assessment_id: str) -> am.Assessment:
    return am.create(
        framework, government("PE"), "Prefix", assessment_id=assessment_id, now=FIXED_NOW
    )


def test_an_assessment_is_resolved_by_a_unique_prefix(app: Jalon, framework: Framework) -> None:
    a = with_id(framework, "abcd1111-0000-4000-8000-000000000001")
    b = with_id(framework, "abcd2222-0000-4000-8000-000000000002")
    store(app, a, b)
    with app.uow() as uow:
        assert uow.assessments.resolve("abcd1") == a.id
        assert uow.assessments.resolve("ABCD2") == b.id
        assert uow.assessments.resolve(f"  {a.id}  ") == a.id


def test_a_prefix_shared_by_two_assessments_is_ambiguous(app: Jalon, framework: Framework) -> None:
    store(
        app,
        with_id(framework, "abcd1111-0000-4000-8000-000000000001"),
        with_id(framework, "abcd2222-0000-4000-8000-000000000002"),
    )
    with app.uow() as uow, pytest.raises(NotFoundError, match="more than one assessment"):
        uow.assessments.resolve("abcd")


def test_a_prefix_that_matches_nothing_is_not_found(app: Jalon, framework: Framework) -> None:
    store(app, with_id(framework, "abcd1111-0000-4000-8000-000000000001"))
    with app.uow() as uow:
        for prefix in ("ffff", "abcd1112", "", "abc", "a"):
            with pytest.raises(NotFoundError, match="There is no assessment"):
                uow.assessments.resolve(prefix)


def test_wildcards_in_a_prefix_match_only_themselves(app: Jalon, framework: Framework) -> None:
    store(app, with_id(framework, "abcd1111-0000-4000-8000-000000000001"))
    with app.uow() as uow:
        for prefix in ("%%%%", "____", "abc_", "ab%1"):
            with pytest.raises(NotFoundError):
                uow.assessments.resolve(prefix)


def test_all_revisions_of_one_assessment_resolve_to_it_once(
    app: Jalon, framework: Framework
) -> None:
    a = with_id(framework, "abcd1111-0000-4000-8000-000000000001")
    signed = am.sign(a, am.Signature("A", "B", "ab" * 32, SIGNED_AT))
    store(app, signed, am.new_revision(signed, SIGNED_AT))
    with app.uow() as uow:
        assert uow.assessments.resolve("abcd") == a.id


def test_saving_an_unchanged_assessment_writes_nothing(app: Jalon, complete: am.Assessment) -> None:
    store(app, complete)
    audit_rows = count(app, AuditRow)
    with app.writing() as uow:
        assert uow.assessments.save(complete, actor="tester") == []
        touched = replace(complete, updated_at=FIXED_NOW + timedelta(days=3))
        assert uow.assessments.save(touched, actor="tester") == []
    assert count(app, AuditRow) == audit_rows


def test_saving_writes_the_changes_and_one_audit_row_for_each(
    app: Jalon, framework: Framework, complete: am.Assessment
) -> None:
    store(app, complete)
    later = FIXED_NOW + timedelta(days=1)
    edited = am.with_response(complete, framework, "security", now=later, current=4, comment="")
    edited = am.with_answer(edited, framework, "council_role", "Changed.", later)
    with app.writing() as uow:
        changes = uow.assessments.save(edited, actor="Marie")
    assert [c.field for c in changes] == [
        "theme.security.current",
        "theme.security.comment",
        "answer.council_role",
    ]
    assert fetch(app, complete.id) == edited
    with app.uow() as uow:
        trail = uow.assessments.audit_trail(complete.id)
    assert [(e.action, e.field) for e in trail] == [
        ("create", "revision"),
        ("edit", "theme.security.current"),
        ("edit", "theme.security.comment"),
        ("edit", "answer.council_role"),
    ]
    current = trail[1]
    old_level = str(complete.response("security").current)
    assert (current.actor, current.old_value, current.new_value) == ("Marie", old_level, "4")
    assert current.at == later
    assert current.at.tzinfo is not None
    assert trail[2].new_value == ""


def test_saving_a_revision_that_is_not_stored_is_not_found(
    app: Jalon, complete: am.Assessment
) -> None:
    with app.writing() as uow, pytest.raises(NotFoundError):
        uow.assessments.save(complete, actor="tester")
    assert count(app, AuditRow) == 0


def test_participants_can_grow_shrink_and_be_reordered(app: Jalon, complete: am.Assessment) -> None:
    store(app, complete)
    lists = [
        [am.Participant("Solo")],
        [am.Participant(f"P{i}", f"T{i}", f"O{i}") for i in range(7)],
        [am.Participant("P6"), am.Participant("P0")],
        [],
        [am.Participant("Back", "again", "")],
    ]
    current = complete
    for people in lists:
        current = am.with_participants(current, people)
        with app.writing() as uow:
            uow.assessments.save(current, actor="tester")
        assert fetch(app, complete.id).participants == tuple(people)
    assert count(app, ParticipantRow) == 1


def test_answers_can_be_added_changed_and_removed(
    app: Jalon, framework: Framework, complete: am.Assessment
) -> None:
    store(app, complete)
    without = replace(complete, answers={"council_role": "Only this one."})
    with app.writing() as uow:
        changes = uow.assessments.save(without, actor="tester")
    assert {c.field for c in changes} == {"answer.council_role", "answer.crunchy_measures"}
    assert fetch(app, complete.id).answers == {"council_role": "Only this one."}


def test_a_rolled_back_unit_of_work_leaves_nothing(app: Jalon, complete: am.Assessment) -> None:
    with app.uow() as uow:
        uow.assessments.add(complete, actor="tester")
        uow.settings.set("probe", "x")
        # no commit

    def interrupted() -> None:
        with app.writing() as uow:
            uow.assessments.add(complete, actor="tester")
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        interrupted()
    with app.uow() as uow:
        assert uow.assessments.list_latest() == []
        assert uow.settings.get("probe") is None
    assert count(app, AuditRow) == 0


def test_deleting_a_revision_removes_its_rows_and_audits_it(
    app: Jalon, complete: am.Assessment
) -> None:
    store(app, complete)
    with app.writing() as uow:
        uow.assessments.delete(complete.id, 1, actor="tester", at=FIXED_NOW)
    assert count(app, ThemeResponseRow) == 0
    assert count(app, ParticipantRow) == 0
    with app.uow() as uow:
        trail = uow.assessments.audit_trail(complete.id)
        with pytest.raises(NotFoundError):
            uow.assessments.delete(complete.id, 1, actor="tester", at=FIXED_NOW)
    assert [(e.action, e.old_value, e.new_value) for e in trail][-1] == ("delete", "1", None)


def test_settings_are_set_replaced_and_deleted(app: Jalon) -> None:
    with app.writing() as uow:
        assert uow.settings.get("ui.language") is None
        uow.settings.set("ui.language", "fr")
    with app.writing() as uow:
        assert uow.settings.get("ui.language") == "fr"
        uow.settings.set("ui.language", "en")
    with app.writing() as uow:
        assert uow.settings.get("ui.language") == "en"
        uow.settings.delete("ui.language")
        uow.settings.delete("never.set")
    with app.uow() as uow:
        assert uow.settings.get("ui.language") is None


def test_a_stored_jurisdiction_is_read_the_same_from_any_row_and_refused_when_inconsistent() -> (
    None
):
    from dataclasses import dataclass

    from jalon.core.errors import InvalidInputError
    from jalon.store.mapping import jurisdiction_of

    @dataclass(frozen=True)
    class Columns:
        jurisdiction_code: str
        jurisdiction_kind: str
        jurisdiction_name_en: str
        jurisdiction_name_fr: str

    assert jurisdiction_of(Columns("QC", "province", "Quebec", "Québec")) == government("QC")
    assert jurisdiction_of(Columns("MUN-LEVIS", "municipality", "Lévis", "Lévis")) == municipality(
        "Lévis"
    )
    with pytest.raises(InvalidInputError, match="Unknown jurisdiction code 'QC'"):
        jurisdiction_of(Columns("QC", "territory", "Quebec", "Québec"))
    with pytest.raises(InvalidInputError, match="not a valid municipality or group code"):
        jurisdiction_of(Columns("GRP-A", "municipality", "A", "A"))


def test_a_key_stored_twice_ends_the_second_unit_of_work_with_a_write_conflict_not_sqlalchemy(
    app: Jalon,
) -> None:
    from jalon.store.errors import WriteConflictError

    def enroll() -> None:
        with app.writing() as uow:
            uow.trust.enroll(
                key_id="ab" * 32,
                public_key=b"key",
                certificate_pem="certificate",
                jurisdiction=government("ON"),
                signer_name="Alex Tremblay",
                signer_title="CIO",
                actor="test",
                at=FIXED_NOW,
            )

    enroll()
    with pytest.raises(WriteConflictError) as caught:
        enroll()
    assert type(caught.value.__cause__).__module__.startswith("sqlalchemy")
    with app.uow() as uow:
        assert [k.key_id for k in uow.trust.all()] == ["ab" * 32]


def test_the_holdings_count_assessments_once_and_every_imported_submission(app: Jalon) -> None:
    from jalon.services import assessments, workspace

    assert workspace.holdings(app) == workspace.Holdings(assessments=0, submissions=0)
    draft = assessments.create(app, government("ON"), "Digital strategy 2026", at=FIXED_NOW)
    assessments.duplicate(app, draft.id, "Digital strategy 2027")
    held = workspace.holdings(app)
    assert held == workspace.Holdings(assessments=2, submissions=0)
    assert not held.only_submissions


def test_a_jurisdiction_kept_in_settings_comes_back_the_same_and_none_until_set(
    app: Jalon,
) -> None:
    montreal = municipality("Trois-Rivières")
    with app.writing() as uow:
        assert uow.settings.jurisdiction("identity.") is None
        uow.settings.set_jurisdiction("identity.", montreal)
        uow.settings.set_jurisdiction("other.", government("NU"))
    with app.uow() as uow:
        assert uow.settings.jurisdiction("identity.") == montreal
        assert uow.settings.jurisdiction("other.") == government("NU")
        assert uow.settings.get("identity.jurisdiction_kind") == "municipality"
    with app.writing() as uow:
        uow.settings.delete("identity.jurisdiction_name_fr")
    with app.uow() as uow:
        assert uow.settings.jurisdiction("identity.") is None
