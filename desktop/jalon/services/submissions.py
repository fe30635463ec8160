"""The submissions tab's read model: every jurisdiction with the submission that counts now."""

from __future__ import annotations

from jalon.core.submissions import LatestSubmission, latest_per_jurisdiction
from jalon.services.app import Jalon
from jalon.services.consolidation import submission_info


def latest_by_jurisdiction(app: Jalon) -> list[LatestSubmission]:
    """Every jurisdiction (and group) that submitted, with the submission the dashboard uses
    (or the one signed last) and whether its key was revoked since; one consistent read."""
    fw = app.framework
    with app.uow() as uow:
        reads = uow.consolidation
        reads.snapshot()
        used = reads.consolidated_ids((fw.id, fw.version))
        infos = [submission_info(f, f.id in used) for f in reads.all_submissions()]
    return latest_per_jurisdiction(infos)
