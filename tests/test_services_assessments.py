"""The assessment use cases over a real store: edits, audit trail, revisions, delete, archive."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from jalon.core import assessment as am
from jalon.core.errors import InvalidInputError, NotFoundError, ReadOnlyError
from jalon.core.jurisdiction import government, municipality
from jalon.core.validation import Severity
from jalon.services import assessments as svc
from jalon.services import identity
from jalon.services.app import Jalon
from jalon.store.repositories import AuditEntry
from tests import edits as on_record
from tests.conftest import FIXED_NOW, complete_assessment

SIGNATURE = am.Signature("Alex Tremblay", "CIO", "ab" * 32, FIXED_NOW + timedelta(hours=1))


@pytest.fixture
def app(data_dir: Path) -> Iterator[Jalon]:
    with Jalon.open(data_dir) as opened:
        yield opened


@pytest.fixture
def draft(app: Jalon) -> am.Assessment:
    return svc.create(app, government("ON"), "Digital strategy 2026", at=FIXED_NOW)


def store_signed(app: Jalon) -> am.Assessment:
    """A complete assessment signed in the store (signing itself belongs to the exchange)."""
    signed = am.sign(complete_assessment(app.framework), SIGNATURE)
    with app.writing() as uow:
        uow.assessments.add(signed, actor="signer")
    return signed


def edits(trail: list[AuditEntry]) -> list[tuple[str, str, str | None, str | None]]:
    return [(e.action, e.field, e.old_value, e.new_value) for e in trail]


def test_creating_stores_an_empty_draft_and_audits_it(app: Jalon, draft: am.Assessment) -> None:
    assert svc.get(app, draft.id) == draft
    assert draft.framework.sha256 == app.framework.sha256
    (entry,) = svc.audit_trail(app, draft.id)
    assert (entry.action, entry.field, entry.old_value, entry.new_value) == (
        "create",
        "revision",
        None,
        "1",
    )
    assert entry.actor == app.actor
    assert entry.at == FIXED_NOW
    assert entry.revision == 1


def test_the_actor_is_the_os_login_until_an_identity_is_set(app: Jalon) -> None:
    assert app.actor == getpass.getuser()
    identity.set_identity(app, government("ON"), "  Marie   Gagnon ", "Chief Digital Officer")
    assert app.actor == "Marie Gagnon"
    a = svc.create(app, government("ON"), "After setup")
    assert svc.audit_trail(app, a.id)[0].actor == "Marie Gagnon"


def test_a_response_edit_writes_one_audit_row_per_changed_field(
    app: Jalon, draft: am.Assessment
) -> None:
    before = datetime.now(UTC)
    updated = on_record.update_response(
        app, draft.id, "security", current=1, target=3, priority="high", comment="Gaps."
    )
    assert svc.get(app, draft.id) == updated
    trail = svc.audit_trail(app, draft.id)[1:]
    assert edits(trail) == [
        ("edit", "theme.security.current", None, "1"),
        ("edit", "theme.security.target", None, "3"),
        ("edit", "theme.security.priority", None, "high"),
        ("edit", "theme.security.comment", "", "Gaps."),
    ]
    for entry in trail:
        assert entry.actor == app.actor
        assert entry.assessment_id == draft.id
        assert entry.at == updated.updated_at
        assert before <= entry.at <= datetime.now(UTC)


def test_changing_a_value_records_the_old_and_the_new(app: Jalon, draft: am.Assessment) -> None:
    on_record.update_response(app, draft.id, "talent", current=1)
    on_record.update_response(app, draft.id, "talent", current=3)
    on_record.update_response(app, draft.id, "talent", current=None)
    assert edits(svc.audit_trail(app, draft.id)[1:]) == [
        ("edit", "theme.talent.current", None, "1"),
        ("edit", "theme.talent.current", "1", "3"),
        ("edit", "theme.talent.current", "3", None),
    ]


def test_answers_participants_and_title_edits_are_audited(app: Jalon, draft: am.Assessment) -> None:
    on_record.update_answer(app, draft.id, "council_role", "We co-lead.")
    on_record.set_participants(app, draft.id, [am.Participant("Alex", "CIO", "TBS")])
    svc.rename(app, draft.id, "  Renamed   plan ")
    assert edits(svc.audit_trail(app, draft.id)[1:]) == [
        ("edit", "answer.council_role", "", "We co-lead."),
        ("edit", "participants", "", "Alex | CIO | TBS"),
        ("edit", "title", "Digital strategy 2026", "Renamed plan"),
    ]
    stored = svc.get(app, draft.id)
    assert stored.title == "Renamed plan"
    assert stored.answer("council_role") == "We co-lead."
    assert stored.participants == (am.Participant("Alex", "CIO", "TBS"),)


def test_an_edit_that_changes_nothing_writes_no_audit_row(app: Jalon, draft: am.Assessment) -> None:
    on_record.update_response(app, draft.id, "culture", current=2)
    count = len(svc.audit_trail(app, draft.id))
    on_record.update_response(app, draft.id, "culture", current=2)
    svc.rename(app, draft.id, draft.title)
    on_record.update_answer(app, draft.id, "council_role", "")
    assert len(svc.audit_trail(app, draft.id)) == count


def test_saving_an_unchanged_assessment_writes_no_audit_row(
    app: Jalon, draft: am.Assessment
) -> None:
    assert svc.save(app, draft) == []
    assert svc.save(app, replace(draft, updated_at=FIXED_NOW + timedelta(days=1))) == []
    assert len(svc.audit_trail(app, draft.id)) == 1


def test_saving_an_edited_draft_stores_it_and_audits_each_field(
    app: Jalon, draft: am.Assessment
) -> None:
    fw = app.framework
    edited = am.with_response(draft, fw, "strategy", current=2, target=4)
    edited = am.with_answer(edited, fw, "crunchy_measures", "Publish the API.")
    changes = svc.save(app, edited)
    assert [c.field for c in changes] == [
        "theme.strategy.current",
        "theme.strategy.target",
        "answer.crunchy_measures",
    ]
    assert svc.get(app, draft.id) == edited
    assert len(svc.audit_trail(app, draft.id)) == 1 + 3


def test_a_refused_value_writes_nothing(app: Jalon, draft: am.Assessment) -> None:
    with pytest.raises(InvalidInputError):
        on_record.update_response(app, draft.id, "security", current=2, target=5)
    with pytest.raises(InvalidInputError):
        on_record.update_response(app, draft.id, "blockchain", current=2)
    with pytest.raises(InvalidInputError):
        on_record.update_answer(app, draft.id, "favourite_colour", "blue")
    with pytest.raises(InvalidInputError):
        svc.rename(app, draft.id, "   ")
    assert svc.get(app, draft.id) == draft
    assert len(svc.audit_trail(app, draft.id)) == 1


def test_editing_an_unknown_assessment_is_not_found(app: Jalon) -> None:
    with pytest.raises(NotFoundError):
        on_record.update_response(
            app, "00000000-0000-0000-0000-000000000000", "security", current=1
        )
    with pytest.raises(NotFoundError):
        svc.get(app, "nope")


@pytest.mark.parametrize(
    ("breakage", "phrase"),
    [
        ("level", "is not a maturity level"),
        ("choice", "is not an accepted answer"),
        ("question", "is not part of this framework"),
        ("themes", "themes in order"),
        ("title", "needs a title"),
    ],
)
def test_saving_an_assessment_that_breaks_the_integrity_rules_is_refused_and_writes_nothing(
    app: Jalon, draft: am.Assessment, breakage: str, phrase: str
) -> None:
    first = draft.responses[0]
    broken = {
        "level": replace(draft, responses=(replace(first, current=99), *draft.responses[1:])),
        "choice": replace(draft, responses=(replace(first, role="boss"), *draft.responses[1:])),
        "question": replace(draft, answers={"no_such_question": "An answer."}),
        "themes": replace(draft, responses=draft.responses[1:]),
        "title": replace(draft, title="   "),
    }[breakage]
    trail = svc.audit_trail(app, draft.id)
    with pytest.raises(InvalidInputError, match=phrase):
        svc.save(app, broken)
    assert svc.get(app, draft.id) == draft
    assert svc.audit_trail(app, draft.id) == trail


def test_a_signed_assessment_refuses_every_edit_and_writes_nothing(app: Jalon) -> None:
    signed = store_signed(app)
    trail = svc.audit_trail(app, signed.id)
    with pytest.raises(ReadOnlyError):
        on_record.update_response(app, signed.id, "security", current=0)
    with pytest.raises(ReadOnlyError):
        on_record.update_answer(app, signed.id, "council_role", "Changed.")
    with pytest.raises(ReadOnlyError):
        on_record.set_participants(app, signed.id, [])
    with pytest.raises(ReadOnlyError):
        svc.rename(app, signed.id, "Changed")
    with pytest.raises(ReadOnlyError):
        # even a whole assessment saved over it as a draft
        svc.save(app, replace(signed, status=am.Status.DRAFT, signature=None, title="Sneaky"))
    assert svc.get(app, signed.id) == signed
    assert svc.audit_trail(app, signed.id) == trail


def test_a_new_revision_of_a_signed_assessment_is_an_editable_draft(app: Jalon) -> None:
    signed = store_signed(app)
    draft = svc.start_new_revision(app, signed.id)
    assert (draft.revision, draft.status, draft.signature) == (2, am.Status.DRAFT, None)
    assert draft.responses == signed.responses
    assert svc.get(app, signed.id) == draft
    assert svc.get(app, signed.id, 1) == signed
    on_record.update_response(app, signed.id, "security", current=0)
    assert svc.get(app, signed.id, 1) == signed, "the signed revision is untouched"
    assert svc.get(app, signed.id).response("security").current == 0
    assert [(i.revision, i.status) for i in svc.revisions(app, signed.id)] == [
        (1, "signed"),
        (2, "draft"),
    ]
    new_revision = [e for e in svc.audit_trail(app, signed.id) if e.action == "new_revision"]
    assert [(e.revision, e.new_value) for e in new_revision] == [(2, "2")]


def test_a_new_revision_of_a_draft_is_refused(app: Jalon, draft: am.Assessment) -> None:
    with pytest.raises(InvalidInputError, match="still a draft"):
        svc.start_new_revision(app, draft.id)
    assert [i.revision for i in svc.revisions(app, draft.id)] == [1]


def test_deleting_a_draft_removes_it_and_keeps_its_audit_trail(
    app: Jalon, draft: am.Assessment
) -> None:
    on_record.update_response(app, draft.id, "security", current=2)
    svc.delete(app, draft.id)
    with pytest.raises(NotFoundError):
        svc.get(app, draft.id)
    assert svc.list_assessments(app) == []
    trail = svc.audit_trail(app, draft.id)
    assert edits(trail)[-1] == ("delete", "revision", "1", None)
    assert trail[-1].actor == app.actor


def test_deleting_an_assessment_with_a_signed_revision_is_refused(app: Jalon) -> None:
    signed = store_signed(app)
    svc.start_new_revision(app, signed.id)
    trail = svc.audit_trail(app, signed.id)
    with pytest.raises(ReadOnlyError, match="Archive it instead"):
        svc.delete(app, signed.id)
    assert [i.revision for i in svc.revisions(app, signed.id)] == [1, 2]
    assert svc.audit_trail(app, signed.id) == trail


def test_deleting_an_unknown_assessment_is_not_found(app: Jalon) -> None:
    with pytest.raises(NotFoundError):
        svc.delete(app, "00000000-0000-0000-0000-000000000000")


def test_archiving_hides_an_assessment_from_the_default_list_and_unarchiving_restores_it(
    app: Jalon, draft: am.Assessment
) -> None:
    other = svc.create(app, government("QC"), "Other")
    svc.archive(app, draft.id)
    assert [s.id for s in svc.list_assessments(app, include_archived=False)] == [other.id]
    listed = {s.id: s.archived for s in svc.list_assessments(app)}
    assert listed == {draft.id: True, other.id: False}
    svc.archive(app, draft.id, archived=False)
    assert len(svc.list_assessments(app, include_archived=False)) == 2
    assert edits(svc.audit_trail(app, draft.id))[1:] == [
        ("archive", "archived", "False", "True"),
        ("unarchive", "archived", "True", "False"),
    ]


def test_archiving_twice_records_only_the_real_change(app: Jalon, draft: am.Assessment) -> None:
    svc.archive(app, draft.id)
    svc.archive(app, draft.id)
    svc.archive(app, draft.id, archived=False)
    svc.archive(app, draft.id, archived=False)
    assert [e.action for e in svc.audit_trail(app, draft.id)] == [
        "create",
        "archive",
        "unarchive",
    ]


def test_archiving_a_signed_assessment_is_allowed(app: Jalon) -> None:
    signed = store_signed(app)
    svc.archive(app, signed.id)
    assert [s.archived for s in svc.list_assessments(app)] == [True]


def test_archiving_an_unknown_assessment_is_not_found(app: Jalon) -> None:
    with pytest.raises(NotFoundError):
        svc.archive(app, "00000000-0000-0000-0000-000000000000")


def test_the_list_shows_each_assessment_with_its_completeness(
    app: Jalon, draft: am.Assessment
) -> None:
    signed = store_signed(app)
    by_id = {s.id: s for s in svc.list_assessments(app)}
    assert by_id[signed.id].completeness.is_complete
    assert by_id[draft.id].completeness.percent == 0
    assert by_id[draft.id].assessment == draft


def test_an_assessment_is_resolved_from_the_start_of_its_id(
    app: Jalon, draft: am.Assessment
) -> None:
    assert svc.resolve(app, draft.id[:8]) == draft.id
    assert svc.resolve(app, draft.id.upper()) == draft.id
    with pytest.raises(NotFoundError):
        svc.resolve(app, "zzzzzzzz")


def test_duplicating_starts_a_new_assessment_from_the_answers(app: Jalon) -> None:
    signed = store_signed(app)
    copy = svc.duplicate(app, signed.id, "  Next   year ")
    assert copy.id != signed.id
    assert (copy.revision, copy.status, copy.signature) == (1, am.Status.DRAFT, None)
    assert copy.title == "Next year"
    assert copy.responses == signed.responses
    assert copy.answers == signed.answers
    assert copy.participants == signed.participants
    assert svc.get(app, copy.id) == copy
    assert [e.action for e in svc.audit_trail(app, copy.id)] == ["duplicate"]
    assert svc.duplicate(app, signed.id).title == signed.title


def test_continuing_from_a_signed_assessment_starts_its_next_revision_and_from_a_draft_a_copy(
    app: Jalon, draft: am.Assessment
) -> None:
    signed = store_signed(app)
    revised = svc.continue_from(app, signed.id, "Unused title")
    assert (revised.id, revised.revision, revised.status) == (signed.id, 2, am.Status.DRAFT)
    copy = svc.continue_from(app, draft.id, "Digital strategy 2026 (copy)")
    assert copy.id != draft.id
    assert (copy.revision, copy.title) == (1, "Digital strategy 2026 (copy)")
    assert [i.revision for i in svc.revisions(app, draft.id)] == [1]


@pytest.mark.parametrize("bad_title", ["   ", "x" * (am.MAX_TITLE + 1), "a\x00b"])
def test_duplicating_under_a_bad_title_is_refused_and_writes_nothing(
    app: Jalon, draft: am.Assessment, bad_title: str
) -> None:
    with pytest.raises(InvalidInputError):
        svc.duplicate(app, draft.id, bad_title)
    assert [s.id for s in svc.list_assessments(app)] == [draft.id]


def test_check_reports_completeness_and_findings(app: Jalon, draft: am.Assessment) -> None:
    done, found = svc.check(app, draft)
    assert done.items_done == 0
    assert all(f.severity is Severity.MISSING for f in found)
    full = svc.get(app, store_signed(app).id)
    done, found = svc.check(app, full)
    assert done.is_complete
    assert found == []


def test_a_municipal_assessment_is_stored_and_listed(app: Jalon) -> None:
    a = svc.create(app, municipality("Trois-Rivières"), "Plan municipal")
    (summary,) = svc.list_assessments(app)
    assert summary.assessment.jurisdiction.code == "MUN-TROIS-RIVIERES"
    assert summary.assessment == a


def test_the_identity_is_kept_and_read_back(app: Jalon) -> None:
    assert identity.get_identity(app) is None
    saved = identity.set_identity(app, municipality("Lévis"), "Éloïse Côté", "Directrice")
    assert identity.get_identity(app) == saved
    assert saved.jurisdiction.code == "MUN-LEVIS"


@pytest.mark.parametrize(
    ("name", "title"), [("", "CIO"), ("Name", "  "), ("n" * 201, "CIO"), ("A\x00", "CIO")]
)
def test_a_bad_identity_is_refused_and_nothing_is_kept(app: Jalon, name: str, title: str) -> None:
    with pytest.raises(InvalidInputError):
        identity.set_identity(app, government("ON"), name, title)
    assert identity.get_identity(app) is None


def test_the_chosen_language_is_kept(app: Jalon) -> None:
    assert identity.saved_language(app) is None
    identity.save_language(app, "fr")
    assert identity.saved_language(app) == "fr"


# -- an installation that signs for a jurisdiction starts assessments for it alone ------------


def stored_rows(app: Jalon) -> list[tuple[str, int]]:
    return [(s.assessment.id, s.assessment.revision) for s in svc.list_assessments(app)]


def test_creating_for_another_jurisdiction_than_the_identity_s_is_refused_and_writes_nothing(
    app: Jalon,
) -> None:
    identity.set_identity(app, government("ON"), "Marie Gagnon", "CIO")
    with pytest.raises(InvalidInputError) as refused:
        svc.create(app, government("QC"), "Stratégie 2027")
    english = refused.value.message.english()
    assert "signs for Ontario" in english
    assert "not for Quebec" in english
    assert "Create the assessment for Ontario" in english
    assert svc.list_assessments(app) == []


def test_the_refusal_names_both_jurisdictions_in_french(app: Jalon) -> None:
    from jalon.i18n import translator

    identity.set_identity(app, government("ON"), "Marie Gagnon", "DPI")
    with pytest.raises(InvalidInputError) as refused:
        svc.create(app, government("QC"), "Stratégie 2027")
    french = translator("fr").message(refused.value.message)
    assert "pour l'Ontario" in french
    assert "pour le Québec" in french


def test_creating_for_the_identity_s_own_jurisdiction_is_accepted(app: Jalon) -> None:
    identity.set_identity(app, government("ON"), "Marie Gagnon", "CIO")
    a = svc.create(app, government("ON"), "Strategy 2027")
    assert stored_rows(app) == [(a.id, 1)]


def test_a_municipality_signs_for_its_own_census_subdivision_only(app: Jalon) -> None:
    own = municipality("Lévis", province="QC", csd="2425213")
    identity.set_identity(app, own, "Éloïse Côté", "Directrice")
    with pytest.raises(InvalidInputError):
        svc.create(app, municipality("Lévis"), "Plan")  # the name alone is another code
    assert svc.create(app, own, "Plan").jurisdiction == own


def test_without_an_identity_any_jurisdiction_may_be_chosen(app: Jalon) -> None:
    # A secretariat's installation signs for nobody, and may prepare anyone's draft.
    made = [svc.create(app, government(code), "Plan") for code in ("ON", "QC", "NU")]
    assert {a.jurisdiction.code for a in made} == {"ON", "QC", "NU"}


def test_duplicating_or_continuing_another_jurisdiction_s_assessment_is_refused(
    app: Jalon,
) -> None:
    draft = svc.create(app, government("QC"), "Plan du Québec")  # before the identity was set
    signed = store_signed(app)  # Ontario's
    identity.set_identity(app, government("NU"), "Alex Tremblay", "CIO")
    before = stored_rows(app)
    for attempt in (
        lambda: svc.duplicate(app, draft.id, "Copy"),
        lambda: svc.continue_from(app, draft.id, "Copy"),
        lambda: svc.continue_from(app, signed.id, "Copy"),
        lambda: svc.start_new_revision(app, signed.id),
    ):
        with pytest.raises(InvalidInputError, match="signs for Nunavut"):
            attempt()
    assert stored_rows(app) == before


def test_duplicating_the_identity_s_own_assessment_is_accepted(app: Jalon) -> None:
    signed = store_signed(app)
    identity.set_identity(app, government("ON"), "Marie Gagnon", "CIO")
    assert svc.duplicate(app, signed.id, "Next year").jurisdiction == government("ON")
    assert svc.continue_from(app, signed.id).revision == 2


def test_the_sample_for_another_jurisdiction_than_the_identity_s_is_refused(app: Jalon) -> None:
    from jalon.services import demo

    identity.set_identity(app, government("ON"), "Marie Gagnon", "CIO")
    with pytest.raises(InvalidInputError, match="not for British Columbia"):
        demo.create_demo(app, government("BC"), "en")
    assert svc.list_assessments(app) == []
    assert demo.create_demo(app, government("ON"), "en").jurisdiction == government("ON")
