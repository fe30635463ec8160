"""What counting an assessment's completeness needs of a framework file, read without building
the framework.

The home list counts, for each assessment, the themes and questions of its framework
(:func:`jalon.core.validation.completeness`). Building the whole framework
(:func:`jalon.core.framework.parse_framework`: every text in both languages, the levels'
descriptors, the options) and importing its types costs about 8 ms on the way to the list a
person came for; this reads the ids only, in the framework's own order. The file is one Jalon
ships and the store checks it in full as it opens; a file this cannot read raises, and the
caller then waits for the store.
"""

from __future__ import annotations

import json


class FrameworkOutline:
    """A framework's identity and the ids of its themes (by number) and questions (in order)."""

    __slots__ = ("id", "question_ids", "theme_ids", "version")

    def __init__(
        self, id: str, version: str, theme_ids: tuple[str, ...], question_ids: tuple[str, ...]
    ) -> None:
        self.id = id
        self.version = version
        self.theme_ids = theme_ids
        self.question_ids = question_ids


def read_outline(data: bytes) -> FrameworkOutline:
    """The outline of the framework file ``data``; ``ValueError``, ``KeyError`` or
    ``TypeError`` when it is not a framework file."""
    raw = json.loads(data)
    themes = sorted(raw["themes"], key=lambda t: t["number"])
    return FrameworkOutline(
        str(raw["id"]),
        str(raw["version"]),
        tuple(str(t["id"]) for t in themes),
        tuple(str(q["id"]) for q in raw["questions"]),
    )


__all__ = ["FrameworkOutline", "read_outline"]
