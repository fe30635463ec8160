"""assessment.json: the exact round trip, timestamps, and what the schema cannot check."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jalon.core import assessment as am
from jalon.core.errors import InvalidInputError
from jalon.core.framework import Framework
from jalon.core.jurisdiction import municipality, workshop_group
from jalon.core.serialize import (
    assessment_from_json,
    assessment_to_json,
    format_timestamp,
    parse_timestamp,
)
from jalon.core.validation import check_assessment
from jalon.exchange import schemas
from jalon.exchange.safejson import canonical, parse_strict
from jalon.paths import resource

from .conftest import FIXED_NOW, complete_assessment
from .exchange_support import the_framework


def _through_bytes(a: am.Assessment) -> am.Assessment:
    data = canonical(assessment_to_json(a))
    return assessment_from_json(parse_strict(data, max_bytes=10**7))


def _jsonschema_errors(document: object) -> list[str]:
    schema = json.loads(resource("schemas", schemas.ASSESSMENT).read_text())
    return [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(document)]


def test_a_draft_assessment_round_trips_exactly(complete: am.Assessment) -> None:
    assert _through_bytes(complete) == complete


def test_a_signed_assessment_round_trips_exactly_with_microseconds(
    complete: am.Assessment,
) -> None:
    at = datetime(2026, 11, 3, 9, 15, 2, 123456, tzinfo=UTC)
    signed = am.sign(complete, am.Signature("Alex Tremblay", "CIO", "ab" * 32, at))
    back = _through_bytes(signed)
    assert back == signed
    assert back.signature is not None
    assert back.signature.signed_at == at


def test_a_municipality_with_accents_round_trips(framework: Framework) -> None:
    a = am.create(framework, municipality("Trois-Rivières"), "Stratégie numérique « 2026 »")
    a = am.with_answer(a, framework, framework.questions[0].id, "Réponse : oui\nligne 2\t😀")
    assert _through_bytes(a) == a
    group = am.create(framework, workshop_group("Group 3"), "Workshop")
    assert _through_bytes(group) == group


def test_the_json_form_lists_responses_in_framework_order(complete: am.Assessment) -> None:
    document = assessment_to_json(complete)
    assert [r["theme_id"] for r in document["responses"]] == [t.id for t in the_framework().themes]
    assert document["created_at"] == "2026-11-02T14:30:00Z"
    assert document["signature"] is None


def test_the_json_form_is_valid_against_the_published_schema(complete: am.Assessment) -> None:
    signed = am.sign(complete, am.Signature("Alex Tremblay", "CIO", "ab" * 32, FIXED_NOW))
    for a in (complete, signed):
        document = assessment_to_json(a)
        assert _jsonschema_errors(document) == []
        assert schemas.first_error(schemas.ASSESSMENT, document) is None


def test_timestamps_are_utc_with_a_z_whatever_zone_they_come_in() -> None:
    eastern = timezone(timedelta(hours=-5))
    assert format_timestamp(datetime(2026, 11, 2, 9, 30, tzinfo=eastern)) == "2026-11-02T14:30:00Z"
    assert parse_timestamp("2026-11-02T14:30:00.000001Z") == datetime(
        2026, 11, 2, 14, 30, 0, 1, tzinfo=UTC
    )


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-02T14:30:00+00:00",
        "2026-11-02 14:30:00Z",
        "2026-11-02T14:30:00.1Z",
        "2026-13-02T14:30:00Z",
        "2026-02-30T14:30:00Z",
        "yesterday",
    ],
)
def test_a_timestamp_in_any_other_spelling_is_refused(text: str) -> None:
    with pytest.raises(InvalidInputError, match="is not a UTC timestamp"):
        parse_timestamp(text)


def test_a_timestamp_without_a_zone_cannot_be_written() -> None:
    with pytest.raises(ValueError, match="time zone"):
        format_timestamp(datetime(2026, 11, 2, 14, 30))


def test_reading_refuses_a_government_under_another_name(complete: am.Assessment) -> None:
    document = assessment_to_json(complete)
    document["jurisdiction"]["name"]["en"] = "Quebec"
    with pytest.raises(InvalidInputError, match="is not its name"):
        assessment_from_json(document)


def test_reading_refuses_a_title_with_hidden_line_breaks(complete: am.Assessment) -> None:
    document = assessment_to_json(complete)
    document["title"] = "Digital\nstrategy"
    with pytest.raises(InvalidInputError, match="line breaks"):
        assessment_from_json(document)


def test_an_assessment_fits_the_framework_it_was_made_with(complete: am.Assessment) -> None:
    check_assessment(complete, the_framework())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: replace(r, current=7), "is not a maturity level"),
        (lambda r: replace(r, priority="urgent"), "is not an accepted answer"),
        (lambda r: replace(r, theme_id="astrology"), "themes in order"),
    ],
)
def test_an_assessment_that_does_not_fit_its_framework_is_refused(
    complete: am.Assessment, change: object, message: str
) -> None:
    first = change(complete.responses[0])  # type: ignore[operator]
    bad = replace(complete, responses=(first, *complete.responses[1:]))
    with pytest.raises(InvalidInputError, match=message):
        check_assessment(bad, the_framework())


def test_an_answer_to_a_question_the_framework_lacks_is_refused(complete: am.Assessment) -> None:
    bad = replace(complete, answers={**complete.answers, "astrology": "yes"})
    with pytest.raises(InvalidInputError, match="not part of this framework"):
        check_assessment(bad, the_framework())


def test_an_assessment_of_another_framework_version_does_not_fit(
    complete: am.Assessment,
) -> None:
    bad = replace(complete, framework=am.FrameworkRef("jc-digital-strategy", "2.0", "0" * 64))
    with pytest.raises(InvalidInputError, match="was made with framework"):
        check_assessment(bad, the_framework())


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
_instant = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)


@settings(max_examples=60, deadline=None)
@given(
    comment=_text,
    current=st.one_of(st.none(), st.integers(0, 4)),
    participant=_text,
    answer=_text,
    created=_instant,
    signed=st.one_of(st.none(), _instant),
)
def test_any_assessment_round_trips_through_canonical_bytes(
    comment: str,
    current: int | None,
    participant: str,
    answer: str,
    created: datetime,
    signed: datetime | None,
) -> None:
    fw = the_framework()
    a = complete_assessment(fw)
    first = replace(a.responses[0], comment=comment, current=current)
    a = replace(
        a,
        responses=(first, *a.responses[1:]),
        participants=(am.Participant(participant, participant, participant),),
        answers={fw.questions[0].id: answer},
        created_at=created,
        updated_at=created,
    )
    if signed is not None:
        a = am.sign(a, am.Signature("Name", "Title", "cd" * 32, signed))
    assert _through_bytes(a) == a
