"""The audit diff: one change per changed field, old value → new value."""

from __future__ import annotations

from datetime import timedelta

from jalon.core import assessment as am
from jalon.core.audit import Change, diff
from jalon.core.framework import Framework
from jalon.core.jurisdiction import government
from tests.conftest import FIXED_NOW


def test_no_change_gives_an_empty_diff(complete: am.Assessment) -> None:
    assert diff(complete, complete) == []


def test_a_new_timestamp_alone_is_not_a_change(
    framework: Framework, complete: am.Assessment
) -> None:
    touched = am.with_response(complete, framework, "security", now=FIXED_NOW + timedelta(days=1))
    assert touched.updated_at != complete.updated_at
    assert diff(complete, touched) == []


def test_each_changed_response_field_is_one_change_with_old_and_new(
    framework: Framework, complete: am.Assessment
) -> None:
    before = complete.response("security")
    after = am.with_response(
        complete, framework, "security", current=4, comment="Revised.", priority="low"
    )
    assert diff(complete, after) == [
        Change("theme.security.current", str(before.current), "4"),
        Change("theme.security.priority", before.priority, "low"),
        Change("theme.security.comment", before.comment, "Revised."),
    ]


def test_setting_and_clearing_a_level_uses_none_for_no_value(framework: Framework) -> None:
    a = am.create(framework, government("BC"), "Plan", now=FIXED_NOW)
    b = am.with_response(a, framework, "talent", target=0)
    assert diff(a, b) == [Change("theme.talent.target", None, "0")]
    c = am.with_response(b, framework, "talent", target=None)
    assert diff(b, c) == [Change("theme.talent.target", "0", None)]


def test_changes_follow_framework_order_across_themes(
    framework: Framework, complete: am.Assessment
) -> None:
    after = am.with_response(complete, framework, "procurement", evidence="")
    after = am.with_response(after, framework, "strategy", evidence="")
    assert [c.field for c in diff(complete, after)] == [
        "theme.strategy.evidence",
        "theme.procurement.evidence",
    ]


def test_a_title_change_is_one_change(complete: am.Assessment) -> None:
    assert diff(complete, am.with_title(complete, "Renamed")) == [
        Change("title", "Digital strategy 2026", "Renamed")
    ]


def test_answers_changes_are_recorded_per_question(
    framework: Framework, complete: am.Assessment
) -> None:
    after = am.with_answer(complete, framework, "crunchy_measures", "Ship the permit portal.")
    assert diff(complete, after) == [
        Change("answer.crunchy_measures", "Our answer to question 2.", "Ship the permit portal.")
    ]
    empty = am.create(framework, government("BC"), "Plan")
    first = am.with_answer(empty, framework, "council_role", "We co-lead.")
    assert diff(empty, first) == [Change("answer.council_role", "", "We co-lead.")]


def test_participants_change_as_one_readable_field(complete: am.Assessment) -> None:
    after = am.with_participants(complete, [am.Participant("Alex Tremblay", "CIO", "TBS")])
    (change,) = diff(complete, after)
    assert change.field == "participants"
    assert change.old is not None
    assert change.old.startswith("Alex Tremblay | Chief Information Officer | Treasury Board; ")
    assert change.new == "Alex Tremblay | CIO | TBS"


def test_signing_records_the_status_and_the_key(complete: am.Assessment) -> None:
    key_id = "cd" * 32
    signed = am.sign(complete, am.Signature("Alex", "CIO", key_id, FIXED_NOW))
    assert diff(complete, signed) == [
        Change("status", "draft", "signed"),
        Change("signature", None, key_id),
    ]
