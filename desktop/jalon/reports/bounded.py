"""Free text from a package, bounded before it reaches the page.

A jurisdiction may type up to 20,000 characters per field; typed as thousands of short lines
they once took minutes to lay out (one paragraph of thousands of line breaks is split again
for every page it spans). Each text is cut to :data:`MAX_LINES` lines and :data:`MAX_CHARS`
characters, runs of blank lines count as one, and long texts are laid out in paragraphs of
at most :data:`LINES_PER_PARAGRAPH` lines. Where text is cut the report says so, and where
the whole text is (the package's ``assessment.json``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from jalon.core.errors import N_

MAX_LINES = 80
MAX_CHARS = 8000
LINES_PER_PARAGRAPH = 12
_BLANK_RUN = re.compile(r"\n[ \t\r\f\v]*(?:\n[ \t\r\f\v]*)+")


@dataclass(frozen=True, slots=True)
class Bounded:
    """``paragraphs`` to lay out; ``cut_lines`` and ``cut_chars`` left out (0 when whole)."""

    paragraphs: tuple[str, ...]
    cut_lines: int
    cut_chars: int

    @property
    def cut(self) -> bool:
        return bool(self.cut_lines or self.cut_chars)


def bound(text: str) -> Bounded:
    """``text`` as paragraphs (blank lines separate them, line breaks kept), cut to size."""
    whole = text.strip("\n")
    # Runs of blank lines separate paragraphs; "\x00" marks the break for the split below.
    marked = _BLANK_RUN.sub("\n\x00", whole)
    lines = marked.split("\n")
    kept = lines[:MAX_LINES]
    joined = "\n".join(kept)
    if len(joined) > MAX_CHARS:
        joined = joined[:MAX_CHARS]
        kept = joined.split("\n")
    cut_lines = max(0, len(lines) - len(kept))
    shown = joined.replace("\x00", "")
    cut_chars = max(0, len(marked.replace("\x00", "")) - len(shown))
    paragraphs: list[str] = []
    current: list[str] = []
    for line in kept:
        if line.startswith("\x00"):
            if current:
                paragraphs.append("\n".join(current))
            current = [line[1:]]
            continue
        current.append(line)
        if len(current) >= LINES_PER_PARAGRAPH:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return Bounded(tuple(p for p in paragraphs if p.strip()) or ("",), cut_lines, cut_chars)


def cut_notice(translate: Callable[[str], str], bounded: Bounded) -> str:
    """The sentence the report prints where a text was cut, in the report's language."""
    return translate(
        N_(
            "[Cut here: {lines} more lines and {chars} more characters are not shown. The whole "
            "text is in the signed package (assessment.json).]"
        )
    ).format(lines=bounded.cut_lines, chars=bounded.cut_chars)
