"""Reports as files: the jurisdiction report of one assessment."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from jalon.i18n import check_language
from jalon.services import assessments
from jalon.services.app import Jalon, now


def render_assessment_report(
    app: Jalon,
    assessment_id: str,
    lang: str,
    *,
    revision: int | None = None,
    created: datetime | None = None,
) -> bytes:
    """The PDF of an assessment (its latest revision unless ``revision`` is given)."""
    from jalon.reports import render_jurisdiction_report

    code = check_language(lang)
    a = assessments.get(app, assessments.resolve(app, assessment_id), revision)
    return render_jurisdiction_report(a, app.framework_for(a), code, created=created or now())


def write_assessment_report(
    app: Jalon, assessment_id: str, out: Path, lang: str, *, created: datetime | None = None
) -> Path:
    """Render and save the report; nothing is left at ``out`` unless it is complete."""
    from jalon.reports import save_report

    return save_report(render_assessment_report(app, assessment_id, lang, created=created), out)


def write_consolidated_report(
    app: Jalon, out: Path, lang: str, *, created: datetime | None = None
) -> Path:
    """Render the report back over every imported submission and save it; nothing is left at
    ``out`` unless it is complete."""
    from jalon.reports import save_report
    from jalon.reports.consolidated import render_consolidated_report
    from jalon.services.consolidation import consolidated_data

    code = check_language(lang)
    data = consolidated_data(app)
    pdf = render_consolidated_report(data, app.framework, code, created=created or now())
    return save_report(pdf, out)
