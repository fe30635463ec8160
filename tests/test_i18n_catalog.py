"""The French catalog is complete at every commit, and the template matches the code."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from jalon import i18n
from jalon.core.errors import InvalidInputError, Message

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import catalog


def test_the_template_and_the_french_catalog_match_the_code_and_are_complete() -> None:
    problems = catalog.problems()
    assert problems == [], "\n".join(problems[:40])


def test_french_catalog_has_no_leftover_pending_translations_to_merge() -> None:
    french = {m.id: m.string for m in catalog.read(catalog.PO, "fr_CA") if m.id}
    unmerged = {k for k, v in catalog.pending().items() if french.get(k) not in (None, v)}
    assert unmerged == set(), "run tools/catalog.py update"


def test_messages_are_translated_into_french_with_their_values() -> None:
    error = InvalidInputError(
        "The title is {length} characters long; keep it to {limit} or fewer.", length=250, limit=200
    )
    i18n.set_language("fr")
    assert i18n.describe(error) == "Le titre compte 250 caractères; limitez-le à 200."


def test_message_parameters_that_are_messages_are_translated_too() -> None:
    message = Message("The {field} must be text.", {"field": Message("comment")})
    assert (
        i18n.translator("fr").message(message)
        == "Le champ «\u00a0commentaire\u00a0» doit être du texte."
    )
    assert i18n.translator("en").message(message) == "The comment must be text."


def test_dates_and_numbers_follow_canadian_conventions_in_each_language() -> None:
    when = datetime(2026, 11, 2, 14, 30, tzinfo=UTC)
    assert i18n.translator("en").date(when.date()) == "November 2, 2026"
    assert i18n.translator("fr").date(when.date()) == "2 novembre 2026"
    assert i18n.translator("en").number(1234.5) == "1,234.5"
    assert i18n.translator("fr").number(1234.5) == "1\u00a0234,5"
    assert i18n.translator("fr").percent(0.5) == "50\u00a0%"


@pytest.mark.parametrize("bad", ["de", "", "english", "xx"])
def test_an_unknown_language_is_refused_with_the_languages_offered(bad: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        i18n.set_language(bad)
    assert "'en' (English) or 'fr' (French)" in i18n.describe(caught.value)
    assert i18n.current_language() == "en"


@pytest.mark.parametrize(
    ("given", "expected"),
    [("fr", "fr"), ("FR", "fr"), ("fr_CA", "fr"), ("en-CA", "en"), ("en", "en")],
)
def test_language_codes_are_normalised(given: str, expected: str) -> None:
    assert i18n.check_language(given) == expected


def test_listeners_hear_every_language_switch_once() -> None:
    heard: list[str] = []
    i18n.on_language_changed(heard.append)
    i18n.set_language("fr")
    i18n.set_language("fr")
    i18n.set_language("en")
    assert heard == ["fr", "en"]
