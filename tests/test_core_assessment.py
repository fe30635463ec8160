"""Editing an assessment: every value checked against the framework; signed revisions frozen."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from jalon.core import assessment as am
from jalon.core.errors import InvalidInputError, ReadOnlyError
from jalon.core.framework import Framework
from jalon.core.jurisdiction import government, municipality
from tests.conftest import FIXED_NOW

LATER = FIXED_NOW + timedelta(hours=1)
SIGNATURE = am.Signature("Alex Tremblay", "Chief Information Officer", "ab" * 32, LATER)


@pytest.fixture
def draft(framework: Framework) -> am.Assessment:
    return am.create(framework, government("NS"), "Strategy 2027", now=FIXED_NOW)


def test_a_new_assessment_has_one_empty_response_per_theme_in_framework_order(
    framework: Framework, draft: am.Assessment
) -> None:
    assert [r.theme_id for r in draft.responses] == [t.id for t in framework.themes]
    for r in draft.responses:
        assert r == am.ThemeResponse(r.theme_id)
        assert r.missing() == ("current", "target", "priority", "role", "capacity")
        assert not r.is_complete
        assert r.gap is None


def test_a_new_assessment_is_a_draft_at_revision_one_on_the_given_framework(
    framework: Framework, draft: am.Assessment
) -> None:
    assert draft.revision == 1
    assert draft.status is am.Status.DRAFT
    assert not draft.is_frozen
    assert draft.signature is None
    assert draft.answers == {}
    assert draft.participants == ()
    assert draft.framework == am.FrameworkRef(framework.id, framework.version, framework.sha256)
    assert draft.created_at == draft.updated_at == FIXED_NOW
    assert draft.jurisdiction == government("NS")


def test_each_new_assessment_gets_a_fresh_id(framework: Framework) -> None:
    ids = {am.create(framework, government("ON"), "x").id for _ in range(20)}
    assert len(ids) == 20


def test_a_new_assessment_without_a_clock_is_stamped_now_in_utc(framework: Framework) -> None:
    before = datetime.now(UTC)
    a = am.create(framework, municipality("Lévis"), "Plan")
    assert a.created_at.tzinfo is not None
    assert before <= a.created_at <= datetime.now(UTC)


@pytest.mark.parametrize(
    ("given_title", "clean"),
    [
        ("  Digital   strategy\t2026 ", "Digital strategy 2026"),
        ("Stratégie\nnumérique", "Stratégie numérique"),
        ("x" * am.MAX_TITLE, "x" * am.MAX_TITLE),
    ],
)
def test_titles_are_trimmed_and_their_spaces_collapsed(
    framework: Framework, given_title: str, clean: str
) -> None:
    assert am.create(framework, government("ON"), given_title).title == clean


@pytest.mark.parametrize("bad_title", ["", "   ", "\n\t", "x" * (am.MAX_TITLE + 1)])
def test_an_empty_or_overlong_title_is_refused(framework: Framework, bad_title: str) -> None:
    with pytest.raises(InvalidInputError):
        am.create(framework, government("ON"), bad_title)


def test_an_overlong_title_is_refused_with_its_length_and_the_limit(
    draft: am.Assessment,
) -> None:
    with pytest.raises(InvalidInputError) as info:
        am.with_title(draft, "y" * 250)
    assert info.value.message.params == {"length": 250, "limit": am.MAX_TITLE}


def test_renaming_cleans_the_title_and_stamps_the_change(draft: am.Assessment) -> None:
    renamed = am.with_title(draft, "  New   name ", LATER)
    assert renamed.title == "New name"
    assert renamed.updated_at == LATER
    assert draft.title == "Strategy 2027", "the original value is unchanged"


def test_a_response_edit_changes_only_that_theme(
    framework: Framework, draft: am.Assessment
) -> None:
    edited = am.with_response(
        draft, framework, "security", now=LATER, current=1, target=3, priority="high"
    )
    security = edited.response("security")
    assert (security.current, security.target, security.priority) == (1, 3, "high")
    assert security.gap == 2
    assert security.missing() == ("role", "capacity")
    assert [r for r in edited.responses if r.theme_id != "security"] == [
        r for r in draft.responses if r.theme_id != "security"
    ]
    assert edited.updated_at == LATER
    assert draft.response("security").current is None


def test_a_response_with_every_required_field_is_complete(
    framework: Framework, draft: am.Assessment
) -> None:
    edited = am.with_response(
        draft,
        framework,
        "talent",
        current=2,
        target=2,
        priority="low",
        role="contributes",
        capacity="partly",
    )
    assert edited.response("talent").is_complete
    assert edited.response("talent").gap == 0


def test_a_level_can_be_cleared_again(framework: Framework, draft: am.Assessment) -> None:
    edited = am.with_response(draft, framework, "culture", current=2)
    cleared = am.with_response(edited, framework, "culture", current=None)
    assert cleared.response("culture").current is None


@pytest.mark.parametrize("level", [0, 1, 2, 3, 4])
def test_every_level_of_the_scale_is_accepted(
    framework: Framework, draft: am.Assessment, level: int
) -> None:
    edited = am.with_response(draft, framework, "strategy", current=level, target=level)
    assert edited.response("strategy").current == level


@pytest.mark.parametrize("bad", [True, False, -1, 5, 99, "2", 2.0, 2.5, [2], {"level": 2}])
@pytest.mark.parametrize("field_name", ["current", "target"])
def test_a_value_that_is_not_a_level_of_the_scale_is_refused(
    framework: Framework, draft: am.Assessment, bad: Any, field_name: str
) -> None:
    with pytest.raises(InvalidInputError) as info:
        am.with_response(draft, framework, "strategy", **{field_name: bad})
    assert info.value.message.params["low"] == 0
    assert info.value.message.params["high"] == 4
    assert "Choose a level from 0 to 4" in str(info.value)


@pytest.mark.parametrize(
    ("field_name", "good", "bad"),
    [
        ("priority", "medium", "urgent"),
        ("role", "co_leads", "leads"),
        ("capacity", "no", "maybe"),
        ("role", "not_council", "Owns"),
        ("priority", "low", 1),
        ("capacity", "yes", ""),
    ],
)
def test_an_option_outside_the_framework_is_refused_with_the_choices(
    framework: Framework, draft: am.Assessment, field_name: str, good: str, bad: Any
) -> None:
    assert getattr(
        am.with_response(draft, framework, "ecosystem", **{field_name: good}).response("ecosystem"),
        field_name,
    ) == (good)
    with pytest.raises(InvalidInputError) as info:
        am.with_response(draft, framework, "ecosystem", **{field_name: bad})
    ids = [o.id for o in framework.options(field_name)]
    assert info.value.message.params["choices"] == ", ".join(ids)


@pytest.mark.parametrize("field_name", ["comment", "evidence"])
def test_text_fields_are_kept_verbatim_up_to_their_limit(
    framework: Framework, draft: am.Assessment, field_name: str
) -> None:
    text = "  Ligne 1\n« guillemets »\u00a0— fin  " + "x" * (am.MAX_LONG_TEXT - 40)
    assert len(text) <= am.MAX_LONG_TEXT
    edited = am.with_response(draft, framework, "open_data", **{field_name: text})
    assert getattr(edited.response("open_data"), field_name) == text


@pytest.mark.parametrize("field_name", ["comment", "evidence"])
def test_text_fields_longer_than_the_limit_are_refused(
    framework: Framework, draft: am.Assessment, field_name: str
) -> None:
    with pytest.raises(InvalidInputError) as info:
        am.with_response(
            draft, framework, "open_data", **{field_name: "x" * (am.MAX_LONG_TEXT + 1)}
        )
    assert info.value.message.params["limit"] == am.MAX_LONG_TEXT
    assert info.value.message.params["length"] == am.MAX_LONG_TEXT + 1


@pytest.mark.parametrize("bad", [None, 3, b"bytes"])
def test_text_fields_must_be_text(framework: Framework, draft: am.Assessment, bad: Any) -> None:
    with pytest.raises(InvalidInputError):
        am.with_response(draft, framework, "open_data", comment=bad)


def test_an_unknown_theme_is_refused(framework: Framework, draft: am.Assessment) -> None:
    with pytest.raises(InvalidInputError) as info:
        am.with_response(draft, framework, "blockchain", current=1)
    assert "'blockchain'" in str(info.value)


def test_an_unknown_response_field_is_refused(framework: Framework, draft: am.Assessment) -> None:
    with pytest.raises(InvalidInputError):
        am.with_response(draft, framework, "security", weight=3)
    with pytest.raises(InvalidInputError):
        am.with_response(draft, framework, "security", gap=1)


def test_one_bad_value_refuses_the_whole_edit(framework: Framework, draft: am.Assessment) -> None:
    with pytest.raises(InvalidInputError):
        am.with_response(draft, framework, "security", current=2, target=9)
    assert draft.response("security").current is None


def test_an_answer_is_recorded_and_replaced(framework: Framework, draft: am.Assessment) -> None:
    first = am.with_answer(draft, framework, "council_role", "We co-lead.", LATER)
    assert first.answer("council_role") == "We co-lead."
    assert first.answer("crunchy_measures") == ""
    assert first.updated_at == LATER
    second = am.with_answer(first, framework, "council_role", "We own it.")
    assert second.answer("council_role") == "We own it."
    assert first.answer("council_role") == "We co-lead.", "the earlier value is unchanged"


def test_an_answer_to_an_unknown_question_is_refused(
    framework: Framework, draft: am.Assessment
) -> None:
    with pytest.raises(InvalidInputError) as info:
        am.with_answer(draft, framework, "favourite_colour", "blue")
    assert "'favourite_colour'" in str(info.value)


def test_an_overlong_or_non_text_answer_is_refused(
    framework: Framework, draft: am.Assessment
) -> None:
    am.with_answer(draft, framework, "council_role", "x" * am.MAX_LONG_TEXT)
    with pytest.raises(InvalidInputError):
        am.with_answer(draft, framework, "council_role", "x" * (am.MAX_LONG_TEXT + 1))
    with pytest.raises(InvalidInputError):
        am.with_answer(draft, framework, "council_role", 42)  # type: ignore[arg-type]


def test_participants_are_kept_in_the_order_given(draft: am.Assessment) -> None:
    people = [am.Participant("B", "t", "o"), am.Participant("A")]
    edited = am.with_participants(draft, people, LATER)
    assert edited.participants == tuple(people)
    assert edited.updated_at == LATER
    assert am.with_participants(edited, []).participants == ()


def test_too_many_participants_are_refused(draft: am.Assessment) -> None:
    am.with_participants(draft, [am.Participant(f"P{i}") for i in range(am.MAX_PARTICIPANTS)])
    with pytest.raises(InvalidInputError) as info:
        am.with_participants(
            draft, [am.Participant(f"P{i}") for i in range(am.MAX_PARTICIPANTS + 1)]
        )
    assert info.value.message.params["limit"] == am.MAX_PARTICIPANTS


@pytest.mark.parametrize(
    "person",
    [
        am.Participant("n" * (am.MAX_SHORT_TEXT + 1)),
        am.Participant("Name", title="t" * (am.MAX_SHORT_TEXT + 1)),
        am.Participant("Name", organization="o" * (am.MAX_SHORT_TEXT + 1)),
    ],
)
def test_a_participant_with_an_overlong_field_is_refused(
    draft: am.Assessment, person: am.Participant
) -> None:
    with pytest.raises(InvalidInputError):
        am.with_participants(draft, [am.Participant("Fine"), person])


def test_signing_freezes_the_revision(complete: am.Assessment) -> None:
    signed = am.sign(complete, SIGNATURE)
    assert signed.status is am.Status.SIGNED
    assert signed.is_frozen
    assert signed.signature == SIGNATURE
    assert signed.updated_at == SIGNATURE.signed_at
    assert signed.responses == complete.responses


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda a, fw: am.with_response(a, fw, "security", current=1), id="response"),
        pytest.param(lambda a, fw: am.with_response(a, fw, "security"), id="empty-response"),
        pytest.param(lambda a, fw: am.with_answer(a, fw, "council_role", "x"), id="answer"),
        pytest.param(lambda a, fw: am.with_participants(a, []), id="participants"),
        pytest.param(lambda a, fw: am.with_title(a, "Other"), id="title"),
        pytest.param(lambda a, fw: am.sign(a, SIGNATURE), id="sign-again"),
    ],
)
def test_a_signed_revision_refuses_every_edit(
    framework: Framework, complete: am.Assessment, edit: Any
) -> None:
    signed = am.sign(complete, SIGNATURE)
    with pytest.raises(ReadOnlyError) as info:
        edit(signed, framework)
    assert info.value.message.params == {"revision": 1}
    assert "Start a new revision" in str(info.value)


def test_an_exported_revision_is_frozen_too(framework: Framework, complete: am.Assessment) -> None:
    exported = replace(am.sign(complete, SIGNATURE), status=am.Status.EXPORTED)
    assert exported.is_frozen
    with pytest.raises(ReadOnlyError):
        am.with_answer(exported, framework, "council_role", "x")


def test_a_new_revision_is_the_next_draft_with_every_answer_carried_forward(
    framework: Framework, complete: am.Assessment
) -> None:
    signed = am.sign(complete, SIGNATURE)
    later = LATER + timedelta(days=30)
    draft = am.new_revision(signed, later)
    assert draft.id == signed.id
    assert draft.revision == 2
    assert draft.status is am.Status.DRAFT
    assert draft.signature is None
    assert draft.created_at == draft.updated_at == later
    assert draft.responses == signed.responses
    assert draft.answers == signed.answers
    assert draft.participants == signed.participants
    assert draft.title == signed.title
    # and it can be edited again
    edited = am.with_response(draft, framework, "security", current=4)
    assert edited.response("security").current == 4
    assert am.new_revision(am.sign(edited, SIGNATURE)).revision == 3


def test_response_lookup_of_an_unknown_theme_raises_key_error(draft: am.Assessment) -> None:
    with pytest.raises(KeyError):
        draft.response("blockchain")


def test_field_labels_are_messages_for_known_fields_and_names_otherwise() -> None:
    label = am.field_label("current")
    assert isinstance(label, am.Message)
    assert label.english() == "current maturity level"
    assert am.field_label("weight") == "weight"


def test_a_field_label_inside_an_error_reads_in_english(
    framework: Framework, draft: am.Assessment
) -> None:
    with pytest.raises(InvalidInputError) as info:
        am.with_response(draft, framework, "security", comment="x" * (am.MAX_LONG_TEXT + 1))
    assert str(info.value) == "The comment is 20001 characters long; keep it to 20000 or fewer."


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(
            lambda a, fw: am.with_response(a, fw, "talent", comment="a\x00b"), id="comment"
        ),
        pytest.param(
            lambda a, fw: am.with_response(a, fw, "talent", evidence="\x00"), id="evidence"
        ),
        pytest.param(lambda a, fw: am.with_answer(a, fw, "council_role", "x\x00"), id="answer"),
        pytest.param(lambda a, fw: am.with_title(a, "T\x00itle"), id="title"),
        pytest.param(
            lambda a, fw: am.with_participants(a, [am.Participant("N", "T", "O\x00")]),
            id="participant",
        ),
    ],
)
def test_text_with_a_nul_character_is_refused(
    framework: Framework, draft: am.Assessment, edit: Any
) -> None:
    with pytest.raises(InvalidInputError, match="NUL") as info:
        edit(draft, framework)
    assert isinstance(info.value.message.params["field"], am.Message)


def test_a_new_assessment_titled_with_a_nul_character_is_refused(framework: Framework) -> None:
    with pytest.raises(InvalidInputError, match="The title contains"):
        am.create(framework, government("ON"), "Plan\x00")
