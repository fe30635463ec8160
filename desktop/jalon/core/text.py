"""Bilingual text as data: the framework carries both official languages side by side."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from jalon.core.errors import N_, InvalidInputError

Language = Literal["en", "fr"]
LANGUAGES: tuple[Language, ...] = ("en", "fr")


@dataclass(frozen=True, slots=True)
class Text:
    """A text in English and French."""

    en: str
    fr: str

    def get(self, lang: str) -> str:
        """The text in ``lang``; English for any language the framework does not carry."""
        return self.fr if lang == "fr" else self.en

    @classmethod
    def from_json(cls, data: Any) -> Text:
        return cls(en=str(data["en"]), fr=str(data["fr"]))

    def to_json(self) -> dict[str, str]:
        return {"en": self.en, "fr": self.fr}


def check_storable(value: str, field: object) -> None:
    """Refuse text with a NUL character: PostgreSQL cannot store one, and no one types it.

    ``field`` names the field in the message (a :class:`~jalon.core.errors.Message` or text).
    """
    if "\x00" in value:
        raise InvalidInputError(
            N_(
                "The {field} contains an invisible control character (NUL) that cannot be "
                "saved. Type the text again or paste it as plain text."
            ),
            field=field,
        )


NBSP = "\u00a0"
_SPACE_BEFORE = re.compile(r"[ \u202f\u2009]+(?=[:;!?»])")
_SPACE_AFTER = re.compile(r"(?<=«)[ \u00a0\u202f\u2009]*")
_CLOSING = re.compile(r"(?<=[^\s\u00a0])»")


def french_spaces(text: str) -> str:
    """French typography for print: the space before ``: ; ! ? »`` and after ``«`` made
    non-breaking (a line never starts with a colon or a lone guillemet), and guillemets given
    their space when it was left out (« mot » from «mot»).

    A space is never added before ``: ; ! ?`` where there was none (Quebec usage leaves it out
    before ``; ! ?``, and "https://" or "10:30" must stay as written). U+00A0 rather than the
    narrow U+202F: reportlab breaks lines at U+202F.
    """
    text = _SPACE_BEFORE.sub(NBSP, text)
    text = _SPACE_AFTER.sub(NBSP, text)
    return _CLOSING.sub(NBSP + "»", text)
