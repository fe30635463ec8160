"""One output-safety rule for text that came from a package (or any other sender).

Text in a package is the sender's: it may carry terminal escapes, newlines that forge output
lines, bidirectional overrides that reorder what is shown, characters XML cannot hold, or
cells a spreadsheet would run as formulas. Every place such text is written goes through
one function here:

* a terminal: :func:`for_terminal` — control, escape and bidi characters shown visibly
  (``\\x1b``, ``\\n``, ``\\u202e``), never interpreted;
* Qt: widgets show it as plain text (``Qt.TextFormat.PlainText``), never rich text; the
  models return it as data, which views never interpret as markup;
* PDF: reportlab paragraphs are built from escaped text (already literal);
* XLSX: :func:`for_xml` — characters XML 1.0 cannot hold replaced by U+FFFD;
* CSV: :func:`for_csv` — the formula guard on every part a spreadsheet may split the cell
  into (comma, semicolon, tab, line or bar separated).
"""

from __future__ import annotations

import re
import unicodedata

#: Bidirectional formatting characters: embeddings, overrides, isolates and marks.
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Characters that begin a formula in spreadsheets (a tab or carriage return too).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
#: Where a spreadsheet may split one cell into several on opening or pasting (the list
#: separator of the locale, tabs, line breaks).
_SPLIT = re.compile(r"([,;\t\r\n|])")
#: XML 1.0 cannot hold C0 controls other than tab, LF and CR, surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def _visible(char: str) -> str:
    code = ord(char)
    if char == "\n":
        return "\\n"
    if char == "\r":
        return "\\r"
    if char == "\t":
        return "\\t"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _shown_escaped(char: str) -> bool:
    if char in BIDI:
        return True
    category = unicodedata.category(char)
    # Cc: controls (C0, DEL, C1); Cs: lone surrogates; Zl/Zp: line and paragraph separators;
    # Cf: other invisible format characters (zero-width joiners are kept: they shape scripts).
    if category in ("Cc", "Cs", "Zl", "Zp"):
        return True
    return category == "Cf" and char not in "\u200c\u200d"


def for_terminal(text: str) -> str:
    """``text`` for one line of a terminal: control, escape and bidi characters shown as
    visible escapes (a backslash itself is doubled so that an escape cannot be forged)."""
    if text.isprintable() and "\\" not in text and not any(c in BIDI for c in text):
        return text
    return "".join("\\\\" if c == "\\" else _visible(c) if _shown_escaped(c) else c for c in text)


def for_xml(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub(REPLACEMENT, text)


def _guard(part: str) -> str:
    # A part that starts with a space is text to a spreadsheet; one that starts with a
    # formula character is not.
    return "'" + part if part.startswith(FORMULA_START) else part


def for_csv(text: str) -> str:
    """``text`` for a CSV (or spreadsheet) cell: every part a spreadsheet may split the cell
    into that would start a formula gets an apostrophe in front (the text is otherwise kept
    as typed: CSV can hold any character)."""
    parts = _SPLIT.split(text)
    # Separators are kept at odd indexes; only the parts between them are guarded.
    return "".join(p if i % 2 else _guard(p) for i, p in enumerate(parts))
