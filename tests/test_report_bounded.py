"""Rendering is bounded: a package whose texts are thousands of short or empty lines renders
its report and the consolidated report quickly, and the PDF says where text was cut
(issue 13). Timings are not asserted here: the page count stands for the work."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from pypdf import PdfReader

from jalon.core.jurisdiction import government
from jalon.reports import render_jurisdiction_report
from jalon.reports.bounded import MAX_CHARS, MAX_LINES, bound
from jalon.reports.consolidated import render_consolidated_report
from jalon.services import consolidation
from jalon.services.app import Jalon

from . import secretariat_support as support
from .exchange_support import SIGNED_AT, signed_assessment, signer_key, the_framework

#: Within the schema's 20,000 characters: ten thousand one-letter lines, and empty lines.
LINES = ("x\n" * 9_999) + "x"
EMPTY = "x" + "\n" * 19_998 + "x"


def flood(a):  # type: ignore[no-untyped-def]
    fw = the_framework()
    return replace(
        a,
        responses=tuple(replace(r, comment=LINES, evidence=EMPTY) for r in a.responses),
        answers={q.id: LINES for q in fw.questions},
    )


def pages(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def test_a_text_of_thousands_of_lines_is_cut_and_says_how_much() -> None:
    b = bound(LINES)
    assert sum(p.count("\n") + 1 for p in b.paragraphs) <= MAX_LINES
    assert b.cut_lines == 10_000 - MAX_LINES
    assert bound(EMPTY).paragraphs == ("x", "x")  # a run of blank lines is one break
    assert not bound(EMPTY).cut
    assert len("".join(bound("y" * 20_000).paragraphs)) == MAX_CHARS
    assert bound("y" * 20_000).cut_chars == 20_000 - MAX_CHARS


def test_a_report_of_thousands_of_lines_per_answer_is_bounded_and_says_where_it_is_cut() -> None:
    a = flood(signed_assessment(signer_key()))
    text = pages(render_jurisdiction_report(a, the_framework(), "fr", created=SIGNED_AT))
    assert len(text) < 60  # it was hundreds of pages (and 20 minutes)
    joined = " ".join(" ".join(t.split()) for t in text)
    assert "Coupé ici" in joined
    assert "assessment.json" in joined


def test_the_consolidated_report_of_such_a_package_is_bounded_and_says_so(
    tmp_path: Path,
) -> None:
    fw = the_framework()
    with Jalon.open(tmp_path / "data") as app:
        for seed, code in enumerate(("ON", "QC")):
            a = flood(support.varied_assessment(fw, government(code), seed))
            support.insert_submission(app, a)
        data = consolidation.consolidated_data(app)
    text = pages(render_consolidated_report(data, fw, "en", created=SIGNED_AT))
    assert len(text) < 80
    assert "Cut here" in " ".join(" ".join(t.split()) for t in text)
