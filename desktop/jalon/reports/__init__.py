"""Reports: the PDF documents Jalon produces (reportlab), independent of the store.

reportlab is imported only when a report is rendered, so importing this package costs nothing
at start-up.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from jalon.reports.files import save_report

if TYPE_CHECKING:
    from jalon.core.assessment import Assessment
    from jalon.core.framework import Framework


def render_jurisdiction_report(
    assessment: Assessment,
    framework: Framework,
    lang: str,
    *,
    created: datetime,
    signer_note: str | None = None,
) -> bytes:
    """The jurisdiction report of ``assessment`` in ``lang`` as PDF bytes (nothing written).

    Deterministic for the same data, language and ``created`` time. Raises
    :class:`~jalon.core.errors.InvalidInputError` for a language that is not offered.
    """
    from jalon.reports.jurisdiction import render_jurisdiction_report as render

    return render(assessment, framework, lang, created=created, signer_note=signer_note)


__all__ = ["render_jurisdiction_report", "save_report"]
