"""Languages: one gettext catalog (Babel), ``en_CA`` / ``fr_CA`` formatting, a language switch.

English is the source language. The French catalog's source is
``translations/fr/LC_MESSAGES/jalon.po``; nothing generated is committed. Compiling it (Babel)
takes about 0.35 s, so it is done once: the compiled ``.mo`` is named after the SHA-256 of the
``.po`` it comes from (:func:`compiled_name`) and looked for beside the ``.po`` (the desktop
bundle ships it, compiled at build time) and in Jalon's cache folder (:func:`jalon.paths.
cache_dir`), where the first start that needs it writes it. An edited ``.po`` has another
name, so a stale ``.mo`` is never read; a cache that cannot be written only costs the compile.

Import the functions you need explicitly (``from jalon.i18n import _``); nothing is pushed
into builtins. ``_`` translates into the current language; code that must write in a given
language whatever the current one (a report in French from an English session) uses
``translator(lang)``.
"""

from __future__ import annotations

import contextlib
import gettext as _gettext
import io
import os
import struct
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jalon.core.errors import N_, InvalidInputError, JalonError, Message

if TYPE_CHECKING:
    from datetime import date, datetime

    from jalon.core.text import Text

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
        values = {k: self._value(v) for k, v in message.params.items()}
        text = self.gettext(message.msgid)
        # A Jurisdiction value reads with its article after a preposition ("pour l'Ontario").
        # Imported here: the first window says nothing with values (3 ms before it is drawn).
        from jalon.core.jurisdiction import fill

        try:
            return fill(text, self.lang, **values)
        except (KeyError, IndexError, ValueError):  # a bad translation must not hide the error
            return fill(message.msgid, "en", **values)

    def _value(self, value: Any) -> Any:
        # Imported when a message is filled in: datetime and locale cost 3.5 ms before the
        # first window, which fills in none.
        from datetime import datetime

        if isinstance(value, Message):
            return self.message(value)
        if isinstance(value, datetime):  # when something happened, in the language's way
            return self.datetime(value, "medium")
        return value

    def error(self, error: JalonError) -> str:
        return self.message(error.message)

    def text(self, text: Text) -> str:
        return text.get(self.lang)

    def number(self, value: float, fmt: str | None = None) -> str:
        if fmt is None and type(value) is int and 0 <= value < 1000:
            return str(value)  # the same digits in en_CA and fr_CA, without Babel's lookups
        from babel.numbers import format_decimal

        return str(format_decimal(value, format=fmt, locale=self.locale))

    def percent(self, ratio: float) -> str:
        whole = round(ratio * 100, 9)
        sign = _PERCENT_SIGN.get(self.locale)
        if sign is not None and whole.is_integer() and 0 <= whole < 1000:
            return f"{int(whole)}{sign}"  # Babel's text, without its 8 ms import on the list
        from babel.numbers import format_percent

        return str(format_percent(ratio, locale=self.locale))

    def date(self, value: date, fmt: str = "long") -> str:
        from babel.dates import format_date

        return str(format_date(value, format=fmt, locale=self.locale))

    def datetime(self, value: datetime, fmt: str = "medium", tz: str | None = None) -> str:
        """``value`` in the local time zone (or ``tz``), formatted for the language."""
        if fmt == "short" and tz is None and self.locale in _SHORT_DATETIME:
            try:
                return _SHORT_DATETIME[self.locale](value.astimezone() if value.tzinfo else value)
            except (OverflowError, ValueError, OSError):
                pass  # out of the local time's range: Babel's way below
        from babel.dates import format_datetime, get_timezone

        zone = get_timezone(tz) if tz else None
        try:
            if zone is None:
                local = value.astimezone() if value.tzinfo else value
                return str(format_datetime(local, format=fmt, locale=self.locale))
            return str(format_datetime(value, format=fmt, tzinfo=zone, locale=self.locale))
        except (OverflowError, ValueError, OSError):
            # A moment near year 1 or 9999 has no local time (the offset takes it out of
            # range): shown as it was given, in UTC, rather than failing.
            from datetime import timedelta

            naive = value.replace(tzinfo=None) if value.utcoffset() == timedelta(0) else value
            if naive.tzinfo is not None:
                return naive.isoformat()
            return str(format_datetime(naive, format=fmt, locale=self.locale)) + " UTC"


def _short_en_ca(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    noon = "a.m." if moment.hour < 12 else "p.m."
    return (
        f"{moment.year}-{moment.month:02d}-{moment.day:02d}, {hour}:{moment.minute:02d}\u202f{noon}"
    )


def _short_fr_ca(moment: datetime) -> str:
    return (
        f"{moment.year}-{moment.month:02d}-{moment.day:02d} {moment.hour:02d} h {moment.minute:02d}"
    )


#: Babel's (CLDR's) short date and time and whole percentages in Jalon's two locales, written
#: out: the home list shows one of each per row, and importing Babel for them costs 8 ms
#: before the list is drawn. A test holds them equal to Babel's for every minute of a day and
#: every percentage; any other format goes through Babel.
_SHORT_DATETIME: dict[str, Callable[[datetime], str]] = {
    "en_CA": _short_en_ca,
    "fr_CA": _short_fr_ca,
}
_PERCENT_SIGN = {"en_CA": "%", "fr_CA": "\xa0%"}


def catalog_source(lang: str) -> Path:
    from jalon.paths import translations_dir

    return translations_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def compiled_name(lang: str, source: bytes) -> str:
    """The compiled catalog's file name: the language and the source's SHA-256."""
    import hashlib  # here: an English start reads no catalog

    return f"{DOMAIN}-{lang}-{hashlib.sha256(source).hexdigest()[:16]}.mo"


def compile_catalog(lang: str, source: bytes) -> bytes:
    """The ``.po`` text ``source`` compiled into ``.mo`` bytes (Babel, fuzzy entries left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(source), locale=LOCALES[lang])
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _read_compiled(path: Path) -> _gettext.GNUTranslations | None:
    try:
        return _gettext.GNUTranslations(io.BytesIO(path.read_bytes()))
    except (OSError, ValueError, LookupError, struct.error):  # missing, cut short, damaged
        return None


def _keep(path: Path, data: bytes) -> None:
    """Write the compiled catalog to the cache, whole or not at all; a failure is no error."""
    from jalon.core.errors import StorageError
    from jalon.fileio import write_atomically

    with contextlib.suppress(OSError, StorageError):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)


@cache
def _catalog(lang: str) -> _gettext.NullTranslations:
    if lang == "en":
        return _gettext.NullTranslations()
    from jalon.paths import cache_dir

    po = catalog_source(lang)
    source = po.read_bytes()
    name = compiled_name(lang, source)
    shipped = _read_compiled(po.with_name(name))
    if shipped is not None:
        return shipped
    cached = cache_dir() / "catalogs" / name
    found = _read_compiled(cached)
    if found is not None:
        return found
    compiled = compile_catalog(lang, source)
    _keep(cached, compiled)
    return _gettext.GNUTranslations(io.BytesIO(compiled))


@cache
def translator(lang: str) -> Translator:
    """The translator for ``lang`` ('en' or 'fr')."""
    return Translator(check_language(lang))


def check_language(lang: str) -> str:
    """``lang`` normalised, or an error naming the languages offered."""
    code = (lang or "").strip().lower().replace("-", "_")
    code = code.split("_")[0] if code.split("_")[0] in LOCALES else code
    if code not in LOCALES:
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
    import locale  # here: the environment says, nearly always

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
