"""Validation: what is missing or worth a second look, and how complete an assessment is."""

from __future__ import annotations

import pytest

from jalon.core import assessment as am
from jalon.core.framework import Framework
from jalon.core.jurisdiction import government
from jalon.core.validation import (
    Completeness,
    Severity,
    Where,
    completeness,
    findings,
    missing,
)
from tests.conftest import FIXED_NOW

ITEMS_PER_THEME = 5  # current, target, priority, role, capacity


@pytest.fixture
def empty(framework: Framework) -> am.Assessment:
    return am.create(framework, government("MB"), "Empty", now=FIXED_NOW)


def items_total(framework: Framework) -> int:
    return ITEMS_PER_THEME * len(framework.themes) + len(framework.questions) + 1


def test_an_empty_assessment_lists_every_required_field_of_every_theme(
    framework: Framework, empty: am.Assessment
) -> None:
    theme_findings = [f for f in findings(empty, framework) if f.where is Where.THEME]
    assert len(theme_findings) == ITEMS_PER_THEME * len(framework.themes)
    assert all(f.severity is Severity.MISSING for f in theme_findings)
    first = theme_findings[:ITEMS_PER_THEME]
    assert [f.field for f in first] == ["current", "target", "priority", "role", "capacity"]
    assert {f.target for f in first} == {framework.themes[0].id}
    assert first[0].message.english() == "Current maturity level not chosen"
    assert first[3].message.english() == "Role of the Joint Councils not chosen"


def test_findings_follow_the_order_of_the_editor_pages(
    framework: Framework, empty: am.Assessment
) -> None:
    wheres = [f.where for f in findings(empty, framework)]
    assert wheres == sorted(wheres, key=[Where.THEME, Where.PARTICIPANTS, Where.QUESTION].index)
    theme_order = [f.target for f in findings(empty, framework) if f.where is Where.THEME]
    assert list(dict.fromkeys(theme_order)) == [t.id for t in framework.themes]


def test_missing_participants_and_answers_are_findings(
    framework: Framework, empty: am.Assessment
) -> None:
    found = findings(empty, framework)
    people = [f for f in found if f.where is Where.PARTICIPANTS]
    assert len(people) == 1
    assert people[0].message.english() == "No participant named"
    questions = [f for f in found if f.where is Where.QUESTION]
    assert [f.target for f in questions] == ["council_role", "crunchy_measures"]
    assert questions[1].message.english() == "Question 2 not answered"


def test_a_blank_answer_still_counts_as_not_answered(
    framework: Framework, empty: am.Assessment
) -> None:
    a = am.with_answer(empty, framework, "council_role", "  \n\t ")
    assert any(f.target == "council_role" for f in missing(a, framework))
    assert completeness(a, framework).items_done == 0


def test_a_complete_assessment_has_no_findings(
    framework: Framework, complete: am.Assessment
) -> None:
    assert findings(complete, framework) == []
    assert missing(complete, framework) == []


def test_a_target_below_the_current_level_is_a_warning_but_counts_as_complete(
    framework: Framework, complete: am.Assessment
) -> None:
    a = am.with_response(complete, framework, "security", current=3, target=1)
    found = findings(a, framework)
    assert len(found) == 1
    warning = found[0]
    assert warning.severity is Severity.WARNING
    assert (warning.where, warning.target, warning.field) == (Where.THEME, "security", "target")
    assert warning.message.english() == "Target level 1 is below the current level 3"
    assert missing(a, framework) == []
    done = completeness(a, framework)
    assert done.is_complete
    assert done.themes_complete == len(framework.themes)


def test_an_equal_target_and_current_is_not_flagged(
    framework: Framework, complete: am.Assessment
) -> None:
    a = am.with_response(complete, framework, "security", current=2, target=2)
    assert findings(a, framework) == []


def test_a_partly_answered_theme_lists_only_what_is_missing(
    framework: Framework, empty: am.Assessment
) -> None:
    a = am.with_response(empty, framework, "culture", current=1, role="owns")
    culture = [f.field for f in findings(a, framework) if f.target == "culture"]
    assert culture == ["target", "priority", "capacity"]


def test_an_empty_assessment_is_zero_of_every_item(
    framework: Framework, empty: am.Assessment
) -> None:
    done = completeness(empty, framework)
    assert done == Completeness(
        themes_complete=0,
        themes_total=14,
        items_done=0,
        items_total=items_total(framework),
    )
    assert done.items_total == 73
    assert done.percent == 0
    assert done.ratio == 0.0
    assert not done.is_complete


def test_the_complete_fixture_is_one_hundred_percent(
    framework: Framework, complete: am.Assessment
) -> None:
    done = completeness(complete, framework)
    assert done.items_done == done.items_total == items_total(framework)
    assert done.themes_complete == done.themes_total == 14
    assert done.percent == 100
    assert done.ratio == 1.0
    assert done.is_complete


def test_one_missing_item_reads_99_percent_never_100(
    framework: Framework, complete: am.Assessment
) -> None:
    a = am.with_response(complete, framework, "procurement", capacity=None)
    done = completeness(a, framework)
    assert done.items_done == done.items_total - 1
    assert done.percent == 98  # 72 * 100 // 73 = 98.6 rounded down
    assert not done.is_complete
    assert done.themes_complete == 13


def test_percent_rounds_down() -> None:
    assert Completeness(0, 1, 2, 3).percent == 66
    assert Completeness(0, 1, 199, 200).percent == 99
    assert Completeness(0, 1, 1, 200).percent == 0


def test_an_assessment_with_nothing_to_answer_counts_as_complete() -> None:
    done = Completeness(0, 0, 0, 0)
    assert done.percent == 100
    assert done.ratio == 1.0
    assert done.is_complete


def test_naming_one_participant_and_answering_one_question_count_one_item_each(
    framework: Framework, empty: am.Assessment
) -> None:
    a = am.with_participants(empty, [am.Participant("Alex")])
    assert completeness(a, framework).items_done == 1
    a = am.with_answer(a, framework, "crunchy_measures", "Open the permits API.")
    assert completeness(a, framework).items_done == 2
    a = am.with_response(a, framework, "talent", current=1, target=2)
    assert completeness(a, framework).items_done == 4
    assert completeness(a, framework).themes_complete == 0


def test_a_participant_without_a_name_does_not_count_as_named(
    framework: Framework, complete: am.Assessment
) -> None:
    blank = am.with_participants(complete, [am.Participant("  ", "Analyst", "Finance")])
    assert [f.field for f in findings(blank, framework)] == ["participants"]
    assert completeness(blank, framework).items_done == items_total(framework) - 1
    named = am.with_participants(complete, [am.Participant(""), am.Participant("Sam")])
    assert findings(named, framework) == []
