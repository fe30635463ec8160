"""Languages: one gettext catalog (Babel), ``en_CA`` / ``fr_CA`` formatting, a language switch.

English is the source language. The French catalog is read from
``translations/fr/LC_MESSAGES/jalon.po`` and compiled in memory the first time it is needed, so
nothing generated is committed and a plain ``pip install .`` works.

Import the functions you need explicitly (``from jalon.i18n import _``); nothing is pushed
into builtins. ``_`` translates into the current language; code that must write in a given
language whatever the current one (a report in French from an English session) uses
``translator(lang)``.
"""

from __future__ import annotations

import gettext as _gettext
import io
import locale
import os
from collections.abc import Callable
from datetime import date, datetime
from functools import cache

from jalon.core.errors import N_, InvalidInputError, JalonError, Message
from jalon.core.jurisdiction import fill
from jalon.core.text import LANGUAGES, Text

DOMAIN = "jalon"
LOCALES = {"en": "en_CA", "fr": "fr_CA"}
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}

_language = "en"
_listeners: list[Callable[[str], None]] = []


class Translator:
    """Translations and formatting for one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.locale = LOCALES[lang]
        self._catalog = _catalog(lang)

    def gettext(self, msgid: str) -> str:
        return self._catalog.gettext(msgid)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalog.ngettext(singular, plural, n)

    def pgettext(self, context: str, msgid: str) -> str:
        return self._catalog.pgettext(context, msgid)

    def message(self, message: Message) -> str:
        """``message`` translated, its Message parameters translated in turn."""
        values = {
            k: self.message(v) if isinstance(v, Message) else v for k, v in message.params.items()
        }
        text = self.gettext(message.msgid)
        # A Jurisdiction value reads with its article after a preposition ("pour l'Ontario").
        try:
            return fill(text, self.lang, **values)
        except (KeyError, IndexError, ValueError):  # a bad translation must not hide the error
            return fill(message.msgid, "en", **values)

    def error(self, error: JalonError) -> str:
        return self.message(error.message)

    def text(self, text: Text) -> str:
        return text.get(self.lang)

    def number(self, value: float, fmt: str | None = None) -> str:
        from babel.numbers import format_decimal

        return str(format_decimal(value, format=fmt, locale=self.locale))

    def percent(self, ratio: float) -> str:
        from babel.numbers import format_percent

        return str(format_percent(ratio, locale=self.locale))

    def date(self, value: date, fmt: str = "long") -> str:
        from babel.dates import format_date

        return str(format_date(value, format=fmt, locale=self.locale))

    def datetime(self, value: datetime, fmt: str = "medium", tz: str | None = None) -> str:
        """``value`` in the local time zone (or ``tz``), formatted for the language."""
        from babel.dates import format_datetime, get_timezone

        zone = get_timezone(tz) if tz else None
        if zone is None:
            local = value.astimezone() if value.tzinfo else value
            return str(format_datetime(local, format=fmt, locale=self.locale))
        return str(format_datetime(value, format=fmt, tzinfo=zone, locale=self.locale))


@cache
def _catalog(lang: str) -> _gettext.NullTranslations:
    if lang == "en":
        return _gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    from jalon.paths import translations_dir

    po = translations_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=LOCALES[lang])
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


@cache
def translator(lang: str) -> Translator:
    """The translator for ``lang`` ('en' or 'fr')."""
    return Translator(check_language(lang))


def check_language(lang: str) -> str:
    """``lang`` normalised, or an error naming the languages offered."""
    code = (lang or "").strip().lower().replace("-", "_")
    code = code.split("_")[0] if code.split("_")[0] in LANGUAGES else code
    if code not in LANGUAGES:
        raise InvalidInputError(
            N_("The language {lang!r} is not offered. Use 'en' (English) or 'fr' (French)."),
            lang=lang,
        )
    return code


def system_language() -> str:
    """French when the system's locale is French, English otherwise."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "fr" if loc.lower().startswith("fr") else "en"


def current_language() -> str:
    return _language


def set_language(lang: str) -> str:
    """Make ``lang`` the current language for the whole program and tell the listeners."""
    global _language
    code = check_language(lang)
    translator(code)  # load (and check) the catalog before switching
    changed = code != _language
    _language = code
    if changed:
        for listener in list(_listeners):
            listener(code)
    return code


def on_language_changed(listener: Callable[[str], None]) -> None:
    """Call ``listener(lang)`` after every language switch (the UI re-emits it as a signal)."""
    _listeners.append(listener)


def current() -> Translator:
    return translator(current_language())


def _(msgid: str) -> str:
    """``msgid`` in the current language."""
    return current().gettext(msgid)


def ngettext(singular: str, plural: str, n: int) -> str:
    return current().ngettext(singular, plural, n)


def pgettext(context: str, msgid: str) -> str:
    return current().pgettext(context, msgid)


def describe(error: JalonError | Message) -> str:
    """An error or message as one sentence in the current language."""
    message = error.message if isinstance(error, JalonError) else error
    return current().message(message)


def text(value: Text) -> str:
    return value.get(current_language())


__all__ = [
    "LANGUAGE_NAMES",
    "N_",
    "Translator",
    "_",
    "check_language",
    "current",
    "current_language",
    "describe",
    "ngettext",
    "on_language_changed",
    "pgettext",
    "set_language",
    "system_language",
    "text",
    "translator",
]
