"""Bilingual text as data: the framework carries both official languages side by side."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

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
