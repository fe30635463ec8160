"""Which submission of a jurisdiction the submissions tab shows first: the rule in core."""

from __future__ import annotations

from datetime import timedelta

from jalon.core.consolidation import SubmissionInfo
from jalon.core.jurisdiction import government, workshop_group
from jalon.core.submissions import latest_per_jurisdiction

from .conftest import FIXED_NOW


def info(
    submission_id: int, code: str, revision: int, minutes: int, *, current: bool = False
) -> SubmissionInfo:
    j = workshop_group(code) if code.startswith("Table") else government(code)
    return SubmissionInfo(
        submission_id=submission_id,
        jurisdiction=j,
        assessment_id=f"a-{code}",
        title="Digital strategy",
        revision=revision,
        signer_name="Alex Tremblay",
        signer_title="CIO",
        key_id="ab" * 32,
        signed_at=FIXED_NOW + timedelta(minutes=minutes),
        imported_at=FIXED_NOW,
        package_sha256=f"{submission_id:064x}",
        current=current,
    )


def test_the_submission_the_dashboard_uses_is_shown_even_when_another_was_signed_later() -> None:
    used = info(1, "ON", 2, 5, current=True)
    later = info(2, "ON", 1, 9)  # another assessment of Ontario's, on another framework say
    [row] = latest_per_jurisdiction([later, used])
    assert (row.submission, row.count) == (used, 2)


def test_without_a_used_submission_the_one_signed_last_is_shown_then_the_higher_revision() -> None:
    rows = latest_per_jurisdiction(
        [info(1, "QC", 1, 5), info(2, "QC", 3, 7), info(3, "QC", 2, 7), info(4, "QC", 9, 1)]
    )
    assert [(r.submission.submission_id, r.count) for r in rows] == [(2, 4)]


def test_jurisdictions_come_in_the_dashboards_order_groups_last() -> None:
    rows = latest_per_jurisdiction(
        [info(1, "Table A", 1, 0), info(2, "NU", 1, 0), info(3, "QC", 1, 0), info(4, "CA", 1, 0)]
    )
    assert [r.jurisdiction.code for r in rows] == ["CA", "QC", "NU", "GRP-TABLE-A"]
    assert latest_per_jurisdiction([]) == []
