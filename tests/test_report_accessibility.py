"""What the reports carry for screen readers and other assistive technology, read back with pypdf.

reportlab (open source) writes no structure tree, so the reports are not tagged PDF and must not
say they are; what they can carry, they do: language, title shown by the reader, author, subject
and an outline. docs/accessibility.md says what is and is not possible.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import BooleanObject

from jalon.core import assessment as am
from jalon.core.framework import Framework
from jalon.reports import render_jurisdiction_report
from jalon.services import reports
from jalon.services.app import Jalon
from tests.conftest import FIXED_NOW

PDF_LANG = {"en": "en-CA", "fr": "fr-CA"}


def _outline_titles(reader: PdfReader, entries: list, level: int = 0) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for entry in entries:
        if isinstance(entry, list):
            found += _outline_titles(reader, entry, level + 1)
        else:
            found.append((level, str(entry.title)))
    return found


def _check_reader_facing_catalog(data: bytes, lang: str) -> PdfReader:
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == PDF_LANG[lang]
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert root["/PageMode"] == "/UseOutlines"
    assert reader.metadata is not None
    assert (reader.metadata.title or "").strip()
    assert (reader.metadata.author or "").strip()
    assert (reader.metadata.subject or "").strip()
    # Not tagged, so it must not claim to be: no /MarkInfo /Marked true without a structure tree.
    assert "/StructTreeRoot" not in root
    assert "/MarkInfo" not in root or root["/MarkInfo"].get("/Marked") != BooleanObject(True)
    return reader


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_jurisdiction_report_shows_its_title_and_names_its_language_and_every_theme(
    framework: Framework, complete: am.Assessment, lang: str
) -> None:
    data = render_jurisdiction_report(complete, framework, lang, created=FIXED_NOW)
    reader = _check_reader_facing_catalog(data, lang)
    titles = [title for level, title in _outline_titles(reader, reader.outline) if level == 1]
    for theme in framework.themes:
        assert any(t.startswith(f"{theme.number}. ") for t in titles), theme.number


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_report_back_shows_its_title_and_names_its_language(tmp_path: Path, lang: str) -> None:
    out = tmp_path / "back.pdf"
    with Jalon.open(tmp_path / "data") as app:
        reports.write_consolidated_report(app, out, lang, created=FIXED_NOW)
    reader = _check_reader_facing_catalog(out.read_bytes(), lang)
    assert reader.outline


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_signed_report_keeps_its_language_title_display_and_outline(
    framework: Framework, complete: am.Assessment, lang: str
) -> None:
    from jalon.exchange.pdfsign import sign_pdf
    from tests.exchange_support import SIGNED_AT, signer_key

    draft = render_jurisdiction_report(complete, framework, lang, created=FIXED_NOW)
    signed = sign_pdf(draft, signer_key(), reason="Test", location="Ontario", now=SIGNED_AT)

    assert signed.startswith(draft)  # an incremental update: the signing is unchanged
    reader = _check_reader_facing_catalog(signed, lang)
    assert "/AcroForm" in reader.trailer["/Root"]
    before = PdfReader(io.BytesIO(draft))
    assert _outline_titles(reader, reader.outline) == _outline_titles(before, before.outline)
