"""Submissions made with different framework versions, compared on one version through the
mappings (for the secretariat).

The dashboard consolidates one framework version at a time (``services/consolidation.py``).
This view puts the current submission of every jurisdiction side by side whatever version it
used: for each jurisdiction the submission signed last across the versions, its levels carried
to the newest version through each version's mapping (a merge shows the lower current and the
higher target, as carrying forward does), and which version it used.
"""

from __future__ import annotations

from jalon.core.carry_forward import Levels, project_levels
from jalon.core.consolidation import (
    ComparedSubmission,
    SubmissionInfo,
    VersionComparison,
    jurisdiction_order,
)
from jalon.core.errors import JalonError
from jalon.core.framework import Framework
from jalon.services.app import Jalon
from jalon.services.consolidation import read_snapshot, submission_info
from jalon.services.frameworks import chain, version_key

__all__ = ["ComparedSubmission", "VersionComparison", "compare"]


def _chain(app: Jalon, old: Framework, target: Framework) -> list[Framework] | None:
    """The versions from just after ``old`` up to ``target`` (the carry-forward's chain,
    :func:`jalon.services.frameworks.chain`); None when there is none."""
    if old.version == target.version:
        return []
    if version_key(old.version) > version_key(target.version):
        return None
    try:
        return chain(app, old, target)
    except JalonError:
        return None


def compare(app: Jalon, framework: Framework | None = None) -> VersionComparison:
    """Every jurisdiction's current submission, on ``framework`` (the newest by default)."""
    target = framework or app.framework
    versions = [f for f in app.frameworks.all() if f.id == target.id]
    latest: dict[str, tuple[SubmissionInfo, Framework, dict[str, Levels]]] = {}
    with read_snapshot(app) as uow:
        for fw in versions:
            found = uow.consolidation.current((fw.id, fw.version))
            cells: dict[int, dict[str, Levels]] = {}
            for submission_id, theme_id, current, target_level in found.heat_cells():
                cells.setdefault(submission_id, {})[theme_id] = (current, target_level)
            for facts in found.submissions():
                info = submission_info(facts)
                code = info.jurisdiction.code
                known = latest.get(code)
                if known is None or (info.signed_at, info.submission_id) > (
                    known[0].signed_at,
                    known[0].submission_id,
                ):
                    latest[code] = (info, fw, cells.get(info.submission_id, {}))
    rows = []
    for info, fw, levels in latest.values():
        chain = _chain(app, fw, target)
        if chain is None:  # a version that cannot be carried to the target: not comparable
            continue
        for step in chain:
            assert step.previous is not None
            levels = project_levels(levels, step.previous)
        rows.append(
            ComparedSubmission(
                info, fw.version, tuple(levels.get(t.id, (None, None)) for t in target.themes)
            )
        )
    rows.sort(key=lambda r: jurisdiction_order(r.info.jurisdiction))
    return VersionComparison(target, tuple(rows))
