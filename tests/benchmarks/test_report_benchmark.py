"""Benchmark: the jurisdiction report against reportlab building as many pages of plain text.

Both are timed side by side in the same run, interleaved, in processor time (best of several
rounds), so that machine load affects both alike; the figure that matters is the ratio
(target: at most 2). pytest-benchmark's own table gives the report's wall-clock times. Run with
``uv run pytest tests/benchmarks --benchmark-enable``. With benchmarks disabled (the default
``addopts``) the test still runs once, quickly, as a smoke test of both builds.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from typing import Any

import pytest
from pypdf import PdfReader
from tests.conftest import FIXED_NOW, complete_assessment

from jalon.core.framework import Framework
from jalon.reports import render_jurisdiction_report
from jalon.reports import styles as st
from jalon.reports.fonts import SANS

TARGET_RATIO = 2.0
ROUNDS = 15

_TEXT = (
    "Les administrations ne sont pas toutes au même point: some have an approved digital "
    "strategy with a funded roadmap, others are drafting one, and a few rely on scattered "
    "plans. This paragraph stands in for the body of an ordinary report, set in the same "
    "typeface, size and margins as Jalon's reports, with nothing but running text on the "
    "page — no tables, charts, outline or page furniture."
)


def plain_pdf(paragraphs: int) -> bytes:
    """reportlab's own baseline: ``paragraphs`` plain paragraphs, same page and font."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = ParagraphStyle(
        "plain", fontName=SANS, fontSize=st.BODY_SIZE, leading=st.BODY_LEADING, spaceAfter=6
    )
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=(st.PAGE_WIDTH, st.PAGE_HEIGHT),
        leftMargin=st.MARGIN_LEFT,
        rightMargin=st.MARGIN_RIGHT,
        topMargin=st.MARGIN_TOP,
        bottomMargin=st.MARGIN_BOTTOM,
        invariant=1,
        initialFontName=SANS,
    )
    doc.build([Paragraph(f"{i}. {_TEXT}", style) for i in range(paragraphs)])
    return out.getvalue()


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def paragraphs_for(pages: int) -> int:
    """The largest number of plain paragraphs that fills exactly ``pages`` pages."""
    low, high = 1, 12 * pages
    while low < high:  # smallest count that overflows ``pages``, minus one
        mid = (low + high) // 2
        if page_count(plain_pdf(mid)) > pages:
            high = mid
        else:
            low = mid + 1
    return low - 1


def timed(function: Callable[[], Any], timings: list[float]) -> None:
    """Append the processor time ``function`` takes: other processes on a busy machine
    do not count, so the ratio holds steady where wall-clock times would not."""
    start = time.process_time()
    function()
    timings.append(time.process_time() - start)


def test_report_takes_at_most_twice_plain_reportlab_for_the_same_pages(
    benchmark: Any, framework: Framework, capsys: pytest.CaptureFixture[str]
) -> None:
    assessment = complete_assessment(framework)

    def report() -> bytes:
        return render_jurisdiction_report(assessment, framework, "en", created=FIXED_NOW)

    first = report()  # warm-up: fonts parsed, catalog loaded
    pages = page_count(first)
    count = paragraphs_for(pages)

    def plain() -> bytes:
        return plain_pdf(count)

    assert page_count(plain()) == pages

    rounds = 1 if benchmark.disabled else ROUNDS
    report_times: list[float] = []
    plain_times: list[float] = []
    for _ in range(rounds):  # interleaved, so both see the same machine
        timed(report, report_times)
        timed(plain, plain_times)
    result = benchmark.pedantic(report, rounds=rounds, iterations=1)
    assert result == first

    report_s, plain_s = min(report_times), min(plain_times)
    ratio = report_s / plain_s
    benchmark.extra_info.update(
        pages=pages,
        bytes=len(first),
        report_seconds=round(report_s, 4),
        plain_seconds=round(plain_s, 4),
        plain_paragraphs=count,
        ratio=round(ratio, 2),
    )
    with capsys.disabled():
        print(
            f"\njurisdiction report: {pages} pages, {len(first):,} bytes, {report_s:.3f} s CPU; "
            f"plain reportlab, {pages} pages of {count} paragraphs: {plain_s:.3f} s CPU; "
            f"ratio {ratio:.2f} (target <= {TARGET_RATIO})"
        )
    if not benchmark.disabled:
        assert ratio <= TARGET_RATIO
