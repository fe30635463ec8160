"""The list of assessments costs the same number of queries for 2 assessments as for 20 (it
was two more per assessment, to ask whether each was archived)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event

from jalon.core.jurisdiction import government
from jalon.services import assessments
from jalon.services.app import Jalon


def statements_to_list(app: Jalon) -> tuple[int, list[assessments.AssessmentSummary]]:
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(str(args[2]))

    event.listen(app.database.engine, "before_cursor_execute", count)
    try:
        listed = assessments.list_assessments(app, include_archived=True)
    finally:
        event.remove(app.database.engine, "before_cursor_execute", count)
    return len(seen), listed


def test_listing_assessments_does_not_query_once_per_assessment(tmp_path: Path) -> None:
    with Jalon.open(tmp_path / "data") as app:
        made = [assessments.create(app, government("ON"), f"A{i}") for i in range(2)]
        assessments.archive(app, made[0].id)
        few, listed = statements_to_list(app)
        assert {s.assessment.title: s.archived for s in listed} == {"A0": True, "A1": False}
        for i in range(2, 20):
            assessments.create(app, government("ON"), f"A{i}")
        many, listed = statements_to_list(app)
    assert len(listed) == 20
    assert [s.assessment.title for s in listed if s.archived] == ["A0"]
    assert many == few
