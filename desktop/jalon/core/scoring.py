"""Gaps and summaries: what a report's executive summary and the dashboard show."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from jalon.core.assessment import Assessment
from jalon.core.framework import Framework


@dataclass(frozen=True, slots=True)
class ThemeGap:
    theme_id: str
    current: int
    target: int

    @property
    def gap(self) -> int:
        return self.target - self.current


@dataclass(frozen=True, slots=True)
class Summary:
    """Means over the themes scored (both levels chosen) of a group, or of all themes."""

    group_id: str | None
    themes_total: int
    themes_scored: int
    mean_current: float | None
    mean_target: float | None

    @property
    def mean_gap(self) -> float | None:
        if self.mean_current is None or self.mean_target is None:
            return None
        return self.mean_target - self.mean_current


def gaps(a: Assessment, fw: Framework) -> list[ThemeGap]:
    """The gap of every theme with both levels chosen, in framework order."""
    result = []
    for theme in fw.themes:
        r = a.response(theme.id)
        if r.current is not None and r.target is not None:
            result.append(ThemeGap(theme.id, r.current, r.target))
    return result


def largest_gaps(a: Assessment, fw: Framework, count: int = 5) -> list[ThemeGap]:
    """The ``count`` largest positive gaps, largest first; ties keep framework order."""
    positive = [g for g in gaps(a, fw) if g.gap > 0]
    return sorted(positive, key=lambda g: -g.gap)[:count]


def summarize(a: Assessment, fw: Framework, group_id: str | None = None) -> Summary:
    themes = list(fw.themes if group_id is None else fw.themes_in(group_id))
    scored = [g for g in gaps(a, fw) if group_id is None or fw.theme(g.theme_id).group == group_id]
    if not scored:
        return Summary(group_id, len(themes), 0, None, None)
    return Summary(
        group_id=group_id,
        themes_total=len(themes),
        themes_scored=len(scored),
        mean_current=sum(g.current for g in scored) / len(scored),
        mean_target=sum(g.target for g in scored) / len(scored),
    )


def summaries(a: Assessment, fw: Framework) -> list[Summary]:
    """The overall summary first, then one per group in framework order."""
    return [summarize(a, fw)] + [summarize(a, fw, g.id) for g in fw.groups]


def themes_with_priority(a: Assessment, fw: Framework, priority: str) -> list[str]:
    return [t.id for t in fw.themes if a.response(t.id).priority == priority]


def role_counts(a: Assessment, fw: Framework) -> Counter[str]:
    return Counter(r.role for r in a.responses if r.role is not None)
