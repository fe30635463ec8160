"""Which submission of each jurisdiction counts now: the rule the submissions tab follows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from jalon.core.consolidation import SubmissionInfo, jurisdiction_order
from jalon.core.jurisdiction import Jurisdiction


@dataclass(frozen=True, slots=True)
class LatestSubmission:
    """A jurisdiction (or group), the submission of it that counts now, and how many
    submissions it has sent in all."""

    submission: SubmissionInfo
    count: int

    @property
    def jurisdiction(self) -> Jurisdiction:
        return self.submission.jurisdiction


def latest_per_jurisdiction(submissions: Iterable[SubmissionInfo]) -> list[LatestSubmission]:
    """One per jurisdiction, in :func:`jurisdiction_order`: the submission the consolidation
    uses (``current``), else, for a jurisdiction none of whose submissions is used (another
    framework, say), the one signed last (then the higher revision, then the later import)."""
    by_code: dict[str, list[SubmissionInfo]] = {}
    for info in submissions:
        by_code.setdefault(info.jurisdiction.code, []).append(info)
    latest = []
    for items in by_code.values():
        chosen = [i for i in items if i.current] or items
        pick = max(chosen, key=lambda i: (i.signed_at, i.revision, i.submission_id))
        latest.append(LatestSubmission(pick, len(items)))
    latest.sort(key=lambda row: jurisdiction_order(row.jurisdiction))
    return latest
