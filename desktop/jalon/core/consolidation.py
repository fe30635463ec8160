"""The consolidated picture: what the secretariat's dashboard and the report back show.

Plain, immutable values built by ``jalon.services.consolidation`` from the imported
submissions and rendered by the desktop and by ``jalon.reports.consolidated``. Workshop groups
are never mixed with jurisdictions: every view comes in two :class:`Section` s.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TypeVar

from jalon.core.actions import Action
from jalon.core.fingerprint import fingerprint
from jalon.core.framework import Framework
from jalon.core.jurisdiction import GOVERNMENTS, Jurisdiction, Kind
from jalon.core.validation import Completeness


class Section(StrEnum):
    """Which side of the picture a submission belongs to."""

    JURISDICTIONS = "jurisdictions"  # governments and municipalities
    GROUPS = "groups"  # the workshop's groups of four

    @classmethod
    def of(cls, kind: Kind | str) -> Section:
        return cls.GROUPS if Kind(kind) is Kind.GROUP else cls.JURISDICTIONS


class Measure(StrEnum):
    """What a heat-map cell shows."""

    CURRENT = "current"
    TARGET = "target"
    GAP = "gap"


_K = TypeVar("_K")

_GOVERNMENT_ORDER = {j.code: i for i, j in enumerate(GOVERNMENTS)}


def jurisdiction_order(j: Jurisdiction) -> tuple[int, int, str, str]:
    """Governments in the brief's order (federal, provinces, territories), then
    municipalities, then groups, each by name."""
    kind_rank = (
        0
        if j.kind in (Kind.FEDERAL, Kind.PROVINCE, Kind.TERRITORY)
        else (1 if j.kind is Kind.MUNICIPALITY else 2)
    )
    return (kind_rank, _GOVERNMENT_ORDER.get(j.code, 0), j.name.en.casefold(), j.code)


@dataclass(frozen=True, slots=True)
class SubmissionInfo:
    """An imported submission, the one read model of one (no answers, no bytes): the
    consolidation's views, the import's checks and ``jalon list --submissions`` all read it.

    ``current`` and ``key_revoked`` are worked out by the consolidation's reads; the import's
    reads of the store leave them at their defaults.
    """

    submission_id: int
    jurisdiction: Jurisdiction
    assessment_id: str
    title: str
    revision: int
    signer_name: str
    signer_title: str
    key_id: str
    signed_at: datetime
    imported_at: datetime
    package_sha256: str
    #: True when this is the submission the consolidation uses for its jurisdiction.
    current: bool = True
    #: True when the signer's key has been revoked since the package was imported.
    key_revoked: bool = False
    #: The version of the framework the submission was made with.
    framework_version: str = ""
    #: The framework's id and digest, the package's own id (the import's checks).
    framework_id: str = ""
    framework_sha256: str = ""
    package_id: str = ""
    #: Who imported it (the secretariat member's name) and the file's name then.
    imported_by: str = ""
    filename: str = ""

    @property
    def id(self) -> int:
        """:attr:`submission_id` (the name the import and the command line use)."""
        return self.submission_id

    @property
    def section(self) -> Section:
        return Section.of(self.jurisdiction.kind)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key_id)


@dataclass(frozen=True, slots=True)
class HeatCell:
    current: int | None
    target: int | None

    @property
    def gap(self) -> int | None:
        if self.current is None or self.target is None:
            return None
        return self.target - self.current

    def value(self, measure: Measure) -> int | None:
        if measure is Measure.CURRENT:
            return self.current
        if measure is Measure.TARGET:
            return self.target
        return self.gap


@dataclass(frozen=True)
class HeatMap:
    """Jurisdictions (rows) × themes (columns); every cell holds current and target."""

    rows: tuple[SubmissionInfo, ...]
    cols: tuple[str, ...]  # theme ids, in framework order
    cells: tuple[tuple[HeatCell, ...], ...]  # cells[row][col]

    def cell(self, row: int, col: int) -> HeatCell:
        return self.cells[row][col]

    def values(self, measure: Measure) -> list[list[int | None]]:
        """The grid of one measure, ``values(m)[row][col]``."""
        return [[c.value(measure) for c in row] for row in self.cells]

    def row_of(self, jurisdiction_code: str) -> int:
        for i, info in enumerate(self.rows):
            if info.jurisdiction.code == jurisdiction_code:
                return i
        raise KeyError(jurisdiction_code)

    def column_means(self, measure: Measure) -> list[float | None]:
        """The mean of each theme's column over the rows that have a value."""
        means: list[float | None] = []
        for col in range(len(self.cols)):
            values = [v for row in self.cells if (v := row[col].value(measure)) is not None]
            means.append(sum(values) / len(values) if values else None)
        return means


def leading(counts: Mapping[_K, int]) -> tuple[_K, ...]:
    """The answers chosen most often, in the order of ``counts``: every answer that ties for
    the most (an even split leads together); empty when no one answered. The one rule the
    dashboard, the reports and the command line all follow."""
    top = max(counts.values(), default=0)
    if top == 0:
        return ()
    return tuple(key for key, n in counts.items() if n == top)


@dataclass(frozen=True, slots=True)
class LevelDistribution:
    """How many rows chose each level for one theme (levels not chosen by anyone: 0)."""

    theme_id: str
    current: Mapping[int, int]
    target: Mapping[int, int]
    current_unanswered: int
    target_unanswered: int

    def leading(self, *, target: bool = False) -> tuple[int, ...]:
        """The level(s) chosen most often (current, or target), by :func:`leading`."""
        return leading(self.target if target else self.current)


@dataclass(frozen=True, slots=True)
class OptionCounts:
    """How many rows chose each option of a closed question for one theme."""

    theme_id: str
    counts: Mapping[str, int]  # option id -> count, every option of the framework present
    unanswered: int

    @property
    def answered(self) -> int:
        return sum(self.counts.values())

    def leading(self) -> tuple[str, ...]:
        """The option(s) chosen most often, by :func:`leading`."""
        return leading(self.counts)


@dataclass(frozen=True, slots=True)
class Consensus:
    """The counts of one closed question (``role``, ``capacity`` or ``priority``) per theme."""

    field: str
    options: tuple[str, ...]  # option ids in framework order
    themes: tuple[OptionCounts, ...]  # in framework order

    def theme(self, theme_id: str) -> OptionCounts:
        for counts in self.themes:
            if counts.theme_id == theme_id:
                return counts
        raise KeyError(theme_id)


@dataclass(frozen=True, slots=True)
class ThemeGapSummary:
    """One theme across the rows that scored both levels: means and the largest gap."""

    theme_id: str
    scored: int
    mean_current: float | None
    mean_target: float | None
    mean_gap: float | None
    max_gap: int | None


@dataclass(frozen=True, slots=True)
class CompletenessRow:
    submission: SubmissionInfo
    completeness: Completeness


@dataclass(frozen=True)
class SectionView:
    """Every view of the dashboard for one section (jurisdictions, or workshop groups)."""

    section: Section
    heat_map: HeatMap
    distributions: tuple[LevelDistribution, ...]
    roles: Consensus
    capacities: Consensus
    priorities: Consensus
    gaps: tuple[ThemeGapSummary, ...]  # in framework order
    completeness: tuple[CompletenessRow, ...]  # in the heat map's row order

    @property
    def count(self) -> int:
        return len(self.heat_map.rows)

    @property
    def is_empty(self) -> bool:
        return not self.heat_map.rows

    def largest_gaps(self, count: int | None = None) -> list[ThemeGapSummary]:
        """Themes by mean gap, largest first (ties keep framework order); unscored last out."""
        scored = [g for g in self.gaps if g.mean_gap is not None]
        ranked = sorted(scored, key=lambda g: -(g.mean_gap or 0.0))
        return ranked if count is None else ranked[:count]


@dataclass(frozen=True, slots=True)
class IndividualGap:
    """One jurisdiction's gap on one theme, for "the largest gaps" lists."""

    submission: SubmissionInfo
    theme_id: str
    current: int
    target: int

    @property
    def gap(self) -> int:
        return self.target - self.current


@dataclass(frozen=True)
class Dashboard:
    """The consolidation of the latest signed submission of every jurisdiction and group."""

    framework_id: str
    framework_version: str
    jurisdictions: SectionView
    groups: SectionView
    #: Submissions left out because they were made with another framework version.
    other_framework: int = 0

    def section(self, section: Section) -> SectionView:
        return self.jurisdictions if section is Section.JURISDICTIONS else self.groups

    @property
    def submissions(self) -> tuple[SubmissionInfo, ...]:
        return self.jurisdictions.heat_map.rows + self.groups.heat_map.rows

    def largest_individual_gaps(
        self, section: Section = Section.JURISDICTIONS, count: int = 10
    ) -> list[IndividualGap]:
        """The largest positive gaps of single rows, largest first, then in row/theme order."""
        heat = self.section(section).heat_map
        found = [
            IndividualGap(info, theme_id, cell.current, cell.target)
            for info, row in zip(heat.rows, heat.cells, strict=True)
            for theme_id, cell in zip(heat.cols, row, strict=True)
            if cell.current is not None and cell.target is not None and cell.target > cell.current
        ]
        return sorted(found, key=lambda g: -g.gap)[:count]


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One signed revision of a jurisdiction, with its mean levels over the scored themes."""

    submission_id: int
    assessment_id: str
    revision: int
    signed_at: datetime
    scored: int
    mean_current: float | None
    mean_target: float | None


@dataclass(frozen=True, slots=True)
class AnswerEntry:
    submission: SubmissionInfo
    text: str


@dataclass(frozen=True, slots=True)
class QuestionAnswers:
    """A workshop question's answers side by side: jurisdictions, then groups."""

    question_id: str
    jurisdictions: tuple[AnswerEntry, ...]
    groups: tuple[AnswerEntry, ...]
    #: Rows of the consolidation that left this question unanswered, per section.
    unanswered_jurisdictions: tuple[SubmissionInfo, ...] = ()
    unanswered_groups: tuple[SubmissionInfo, ...] = ()

    def section(self, section: Section) -> tuple[AnswerEntry, ...]:
        return self.jurisdictions if section is Section.JURISDICTIONS else self.groups


@dataclass(frozen=True, slots=True)
class ComparedSubmission:
    """A jurisdiction's current submission, its levels carried to the compared version."""

    info: SubmissionInfo
    version: str  # the framework version it was made with
    #: ``(current, target)`` per theme of the compared version, in its order.
    levels: tuple[tuple[int | None, int | None], ...]


@dataclass(frozen=True, slots=True)
class VersionComparison:
    """Every jurisdiction's current submission side by side on one framework version,
    whatever version each used (``services/version_compare.py`` builds it)."""

    framework: Framework
    rows: tuple[ComparedSubmission, ...]

    @property
    def versions_used(self) -> dict[str, int]:
        return dict(sorted(Counter(r.version for r in self.rows).items()))

    def heat_map(self, section: Section) -> HeatMap:
        """The rows of ``section`` as a heat map on the compared version."""
        rows = [r for r in self.rows if r.info.section is section]
        return HeatMap(
            rows=tuple(r.info for r in rows),
            cols=tuple(t.id for t in self.framework.themes),
            cells=tuple(tuple(HeatCell(c, t) for c, t in r.levels) for r in rows),
        )


@dataclass(frozen=True)
class ConsolidatedData:
    """Everything the report back prints: the dashboard, the answers, the actions, and every
    imported submission for the annex."""

    dashboard: Dashboard
    answers: tuple[QuestionAnswers, ...]  # in framework order
    actions: tuple[Action, ...]
    submissions: tuple[SubmissionInfo, ...]  # every imported submission, for the annex
    prepared_by: str = ""
    #: Every current submission compared on the report's version through the mappings, when
    #: more than one version of the framework is known (None otherwise).
    versions: VersionComparison | None = None

    def actions_for(self, theme_id: str) -> list[Action]:
        return [a for a in self.actions if a.theme_id == theme_id]
