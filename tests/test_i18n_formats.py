"""Jalon writes out a few of Babel's formats for the home list (no Babel import before the list
is drawn); they must stay Babel's, character for character, in both languages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from babel.dates import format_datetime
from babel.numbers import format_percent

from jalon import i18n


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_short_date_and_time_is_babels_for_every_minute_of_a_day(lang: str) -> None:
    translator = i18n.Translator(lang)
    start = datetime(2026, 1, 5)
    for minute in range(24 * 60):
        moment = start + timedelta(minutes=minute)
        assert translator.datetime(moment, "short") == format_datetime(
            moment, "short", locale=i18n.LOCALES[lang]
        )


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_short_date_and_time_is_babels_on_odd_days_and_years(lang: str) -> None:
    translator = i18n.Translator(lang)
    for moment in (
        datetime(999, 2, 3, 4, 5),
        datetime(2024, 2, 29, 23, 59),
        datetime(9999, 12, 31, 12, 0),
        datetime(2026, 12, 5, 0, 13, 10, tzinfo=UTC),
    ):
        local = moment.astimezone() if moment.tzinfo else moment
        expected = format_datetime(local, "short", locale=i18n.LOCALES[lang])
        assert translator.datetime(moment, "short") == expected


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_percentages_are_babels_whole_or_not(lang: str) -> None:
    translator = i18n.Translator(lang)
    ratios = [n / 100 for n in range(0, 1001)] + [n / 14 for n in range(15)] + [0.125, 0.005]
    for ratio in ratios:
        assert translator.percent(ratio) == format_percent(ratio, locale=i18n.LOCALES[lang])


def test_the_interface_offers_exactly_the_languages_a_framework_carries() -> None:
    # i18n checks languages against its own locales (core.text is not imported before the
    # first window); both lists must stay one.
    from jalon.core.text import LANGUAGES

    assert tuple(i18n.LOCALES) == LANGUAGES
    assert tuple(i18n.LANGUAGE_NAMES) == LANGUAGES
