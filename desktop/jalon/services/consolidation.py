"""The secretariat's consolidation: the dashboard's data, one jurisdiction's trend, the
workshop answers side by side, and everything the report back prints.

Which submissions count: the latest revision of each assessment, then for each jurisdiction
(and each workshop group) the one signed last; only those made with the framework consolidated
(the newest installed, unless another is named). The database decides which submissions
count and reads their rows (the unit of work's ``consolidation`` repository,
:class:`jalon.store.reading.ConsolidationRepository`); this module counts the dashboard's
levels, options and gaps from the rows the heat map reads anyway, and turns them into the
plain values of ``jalon.core.consolidation``.
"""

from __future__ import annotations

import gc
import threading
from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterator, Sequence
from contextlib import contextmanager
from typing import NamedTuple, TypeVar, cast
from weakref import WeakKeyDictionary

from jalon.core.assessment import REQUIRED_RESPONSE_FIELDS
from jalon.core.consolidation import (
    AnswerEntry,
    CompletenessRow,
    Consensus,
    ConsolidatedData,
    Dashboard,
    HeatCell,
    HeatMap,
    LevelDistribution,
    OptionCounts,
    QuestionAnswers,
    Section,
    SectionView,
    SubmissionInfo,
    ThemeGapSummary,
    TrendPoint,
    VersionComparison,
    jurisdiction_order,
)
from jalon.core.framework import Framework
from jalon.core.validation import Completeness
from jalon.services import identity
from jalon.services.app import Jalon
from jalon.store import consolidation_queries as q
from jalon.store.mapping import jurisdiction_of
from jalon.store.uow import UnitOfWork

CHOICES = ("role", "capacity", "priority")
T = TypeVar("T")


@contextmanager
def read_snapshot(app: Jalon) -> Iterator[UnitOfWork]:
    """A read-only unit of work whose queries all see the same data, even while another
    secretariat member imports (one read transaction on SQLite, REPEATABLE READ on a server)."""
    with app.uow() as uow:
        uow.consolidation.snapshot()
        yield uow


def submission_info(facts: q.SubmissionFacts, current: bool = True) -> SubmissionInfo:
    return SubmissionInfo(
        submission_id=facts.id,
        jurisdiction=jurisdiction_of(facts),
        assessment_id=facts.assessment_id,
        title=facts.title,
        revision=facts.revision,
        signer_name=facts.signer_name,
        signer_title=facts.signer_title,
        key_id=facts.key_id,
        signed_at=facts.signed_at,
        imported_at=facts.imported_at,
        package_sha256=facts.package_sha256,
        current=current,
        key_revoked=facts.key_revoked,
        framework_version=facts.framework_version,
    )


def _framework(app: Jalon, framework: Framework | None) -> Framework:
    return framework if framework is not None else app.framework


class _Cache:
    """Values read from one store, kept while its import generation does not move (the
    counter goes up in every transaction that changes what the dashboard shows, whoever
    commits it, on whichever computer)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.generation = -1
        self.values: dict[Hashable, object] = {}


_CACHES: WeakKeyDictionary[Jalon, _Cache] = WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def _cached(app: Jalon, uow: UnitOfWork, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``'s value for ``key``, read again only when the generation moved. Call
    inside :func:`read_snapshot`: the generation and the data are read in one snapshot."""
    current = uow.consolidation.generation()
    with _CACHES_LOCK:
        cache = _CACHES.get(app)
        if cache is None:
            cache = _CACHES[app] = _Cache()
    with cache.lock:
        if current > cache.generation:
            cache.generation, cache.values = current, {}
        elif current == cache.generation and key in cache.values:
            return cast(T, cache.values[key])
    value = compute()
    with cache.lock:
        if current == cache.generation:  # not if another thread saw a newer one meanwhile
            cache.values[key] = value
    return value


def _peek(app: Jalon, uow: UnitOfWork, key: Hashable) -> object | None:
    """The value kept for ``key`` if the generation has not moved since; None otherwise."""
    current = uow.consolidation.generation()
    with _CACHES_LOCK:
        cache = _CACHES.get(app)
    if cache is None:
        return None
    with cache.lock:
        return cache.values.get(key) if cache.generation == current else None


def _framework_key(fw: Framework) -> tuple[str, str, str]:
    return (fw.id, fw.version, fw.sha256)


def load_dashboard(app: Jalon, framework: Framework | None = None) -> Dashboard:
    """Every view of the dashboard, for jurisdictions and for workshop groups apart; kept
    until the next import, revocation or supersession (by anyone on this database)."""
    fw = _framework(app, framework)
    with read_snapshot(app) as uow:
        return _cached(app, uow, ("dashboard", _framework_key(fw)), lambda: _dashboard(uow, fw))


def current_dashboard(app: Jalon, framework: Framework | None = None) -> Dashboard | None:
    """The dashboard as last read, when nothing changed since (one small query: quick enough
    for a window's thread); None when it must be read again (:func:`read_dashboard`)."""
    fw = _framework(app, framework)
    with app.uow() as uow:
        found = _peek(app, uow, ("dashboard", _framework_key(fw)))
    return found if isinstance(found, Dashboard) else None


def read_dashboard(app: Jalon, *, trend_code: str | None = None) -> Dashboard:
    """Read the dashboard, and the views it opens on (every workshop answer, the trend of
    ``trend_code`` or of the first jurisdiction shown), so that showing them afterwards costs
    no more than :func:`current_dashboard`. For a background thread."""
    fw = app.framework
    with read_snapshot(app) as uow:
        # One consolidated set and one read of its submissions' facts for both views, in
        # one snapshot (each kept under the key its own function reads).
        shared: list[q.Consolidation] = []

        def found() -> q.Consolidation:
            if not shared:
                shared.append(uow.consolidation.current((fw.id, fw.version)))
            return shared[0]

        key = _framework_key(fw)
        dashboard = _cached(app, uow, ("dashboard", key), lambda: _dashboard(uow, fw, found()))
        _cached(app, uow, ("answers", key, None), lambda: _answers(uow, fw, None, found()))
    shown = dashboard.submissions
    code = trend_code or (shown[0].jurisdiction.code if shown else None)
    if code:
        trend(app, code)
    return dashboard


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while the dashboard is built.

    Building it makes some 100,000 small objects (a row, a heat-map cell, a count per theme
    of each submission) that hold no reference cycles: with the collector on, their
    allocation alone set off about a hundred collections, one of the whole heap, a quarter
    of the read's time at 5,000 submissions. Reference counting frees them as usual; the
    young objects are looked at once, at the end (in the time measured). Left as found if
    something else had turned the collector off."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            gc.collect(0)


def _dashboard(uow: UnitOfWork, fw: Framework, found: q.Consolidation | None = None) -> Dashboard:
    with _collector_paused():
        return _assemble_dashboard(uow, fw, found)


def _assemble_dashboard(
    uow: UnitOfWork, fw: Framework, found: q.Consolidation | None = None
) -> Dashboard:
    key = (fw.id, fw.version)
    reads = uow.consolidation
    found = found or reads.current(key)
    infos = sorted(
        (submission_info(f) for f in found.submissions()),
        key=lambda i: jurisdiction_order(i.jurisdiction),
    )
    rows = {section: tuple(i for i in infos if i.section is section) for section in Section}
    theme_ids = tuple(t.id for t in fw.themes)
    column = {theme_id: index for index, theme_id in enumerate(theme_ids)}

    # The consolidated responses are read once; the heat map, the counts of levels, options
    # and gaps, and what each submission answered are all taken from these rows (three
    # passes of the database over the same rows cost more than one pass here).
    levels = fw.level_values
    options = {choice: tuple(o.id for o in fw.options(choice)) for choice in CHOICES}
    section_of = {i.submission_id: i.section.value for i in infos}
    blank = HeatCell(None, None)
    grids: dict[int, list[HeatCell]] = {i.submission_id: [blank] * len(theme_ids) for i in infos}
    # Cells are immutable and few distinct (levels × levels): share them.
    shared: dict[tuple[int | None, int | None], HeatCell] = {}
    # How many rows of each section and theme hold each combination of answers (a few
    # hundred distinct at most): every count and mean below is worked out from these.
    combinations: Counter[_Combination] = Counter()
    chosen: dict[int, int] = dict.fromkeys(grids, 0)  # theme fields chosen per submission
    complete: dict[int, int] = dict.fromkeys(grids, 0)  # themes with all five chosen
    last = None
    grid: list[HeatCell] | None = None
    section = ""
    for sid, theme_id, current, target, priority, role, capacity in found.responses():
        if sid != last:  # a submission's rows come together
            last, grid, section = sid, grids.get(sid), section_of.get(sid, "")
        col = column.get(theme_id)
        if grid is None or col is None:
            continue
        pair = (current, target)
        cell = shared.get(pair)
        if cell is None:
            cell = shared[pair] = HeatCell(current, target)
        grid[col] = cell
        combinations[(section, theme_id, current, target, priority, role, capacity)] += 1
        fields = (
            (current is not None)
            + (target is not None)
            + (priority is not None)
            + (role is not None)
            + (capacity is not None)
        )
        chosen[sid] += fields
        if fields == 5:
            complete[sid] += 1
    stats = _theme_stats(combinations, levels, options)
    answered = {
        sid: (questions, named)
        for sid, questions, named in found.questions_and_participants(
            [question.id for question in fw.questions]
        )
    }
    other = reads.count_other_frameworks(key)

    per_theme = len(REQUIRED_RESPONSE_FIELDS)
    items_total = per_theme * len(theme_ids) + len(fw.questions) + 1
    no_levels = {lv: 0 for lv in levels}

    def completeness(info: SubmissionInfo) -> Completeness:
        sid = info.submission_id
        questions, named = answered.get(sid, (0, False))
        done = chosen.get(sid, 0) + questions + (1 if named else 0)
        return Completeness(complete.get(sid, 0), len(theme_ids), done, items_total)

    def view(section: Section) -> SectionView:
        members = rows[section]
        total = len(members)
        distributions = []
        gaps = []
        consensus: dict[str, list[OptionCounts]] = {choice: [] for choice in CHOICES}
        for theme_id in theme_ids:
            t = stats.get((section.value, theme_id))
            current = t.current if t else no_levels
            target = t.target if t else no_levels
            distributions.append(
                LevelDistribution(
                    theme_id,
                    current,
                    target,
                    total - sum(current.values()),
                    total - sum(target.values()),
                )
            )
            for choice in CHOICES:
                chosen = t.options[choice] if t else {o: 0 for o in options[choice]}
                consensus[choice].append(
                    OptionCounts(theme_id, chosen, total - sum(chosen.values()))
                )
            gaps.append(
                ThemeGapSummary(theme_id, 0, None, None, None, None)
                if t is None
                else ThemeGapSummary(
                    theme_id, t.scored, t.mean_current, t.mean_target, t.mean_gap, t.max_gap
                )
            )
        heat = HeatMap(members, theme_ids, tuple(tuple(grids[i.submission_id]) for i in members))
        return SectionView(
            section=section,
            heat_map=heat,
            distributions=tuple(distributions),
            roles=Consensus("role", options["role"], tuple(consensus["role"])),
            capacities=Consensus("capacity", options["capacity"], tuple(consensus["capacity"])),
            priorities=Consensus("priority", options["priority"], tuple(consensus["priority"])),
            gaps=tuple(gaps),
            completeness=tuple(CompletenessRow(i, completeness(i)) for i in members),
        )

    return Dashboard(
        framework_id=fw.id,
        framework_version=fw.version,
        jurisdictions=view(Section.JURISDICTIONS),
        groups=view(Section.GROUPS),
        other_framework=other,
    )


#: (section, theme id, current, target, priority, role, capacity) of a response.
_Combination = tuple[str, str, int | None, int | None, str | None, str | None, str | None]


class _ThemeStats(NamedTuple):
    """One theme of one section: levels, options and gaps counted over its rows."""

    current: dict[int, int]  # level -> how many chose it as current
    target: dict[int, int]
    options: dict[str, dict[str, int]]  # "role"/"capacity"/"priority" -> option id -> count
    scored: int  # rows with both levels
    mean_current: float | None
    mean_target: float | None
    mean_gap: float | None
    max_gap: int | None


class _Tally:
    """One section's theme while counting (see :func:`_theme_stats`)."""

    __slots__ = ("current", "max_gap", "options", "scored", "sum_current", "sum_target", "target")

    def __init__(self, levels: Sequence[int], options: dict[str, tuple[str, ...]]) -> None:
        self.current = dict.fromkeys(levels, 0)
        self.target = dict.fromkeys(levels, 0)
        self.options = {choice: dict.fromkeys(ids, 0) for choice, ids in options.items()}
        self.scored = 0
        self.sum_current = 0
        self.sum_target = 0
        self.max_gap: int | None = None


def _theme_stats(
    combinations: Counter[_Combination],
    levels: Sequence[int],
    options: dict[str, tuple[str, ...]],
) -> dict[tuple[str, str], _ThemeStats]:
    """Per (section, theme): how many chose each level and each option (values the framework
    does not list are not counted), and the means and largest gap over the rows with both
    levels, from the count of each combination of answers."""
    tallies: dict[tuple[str, str], _Tally] = {}
    for (section, theme_id, current, target, priority, role, capacity), n in combinations.items():
        t = tallies.get((section, theme_id))
        if t is None:
            t = tallies[(section, theme_id)] = _Tally(levels, options)
        if current in t.current:
            t.current[current] += n
        if target in t.target:
            t.target[target] += n
        for choice, value in (("priority", priority), ("role", role), ("capacity", capacity)):
            counted = t.options[choice]
            if value in counted:
                counted[value] += n
        if current is not None and target is not None:
            t.scored += n
            t.sum_current += n * current
            t.sum_target += n * target
            gap = target - current
            t.max_gap = gap if t.max_gap is None else max(t.max_gap, gap)
    # Exact integer sums divided once: the same doubles as the database's AVG gave.
    return {
        where: _ThemeStats(
            t.current,
            t.target,
            t.options,
            t.scored,
            t.sum_current / t.scored if t.scored else None,
            t.sum_target / t.scored if t.scored else None,
            (t.sum_target - t.sum_current) / t.scored if t.scored else None,
            t.max_gap,
        )
        for where, t in tallies.items()
    }


def trend(app: Jalon, jurisdiction_code: str) -> list[TrendPoint]:
    """One jurisdiction's imported revisions over time (every assessment), oldest first,
    with the mean current and target levels over the themes scored."""
    code = jurisdiction_code.strip().upper()
    with read_snapshot(app) as uow:
        rows = _cached(app, uow, ("trend", code), lambda: uow.consolidation.trend(code))
    return [
        TrendPoint(
            r.submission_id,
            r.assessment_id,
            r.revision,
            r.signed_at,
            r.scored,
            r.mean_current,
            r.mean_target,
        )
        for r in rows
    ]


def submission_history(app: Jalon, jurisdiction_code: str) -> list[SubmissionInfo]:
    """Every imported submission of one jurisdiction, oldest signature first; ``current``
    marks the one the consolidation uses."""
    code = jurisdiction_code.strip().upper()
    fw = app.framework
    with read_snapshot(app) as uow:
        used = uow.consolidation.consolidated_ids((fw.id, fw.version))
        facts = uow.consolidation.submissions_of(code)
    return [submission_info(f, f.id in used) for f in facts]


def collated_answers(
    app: Jalon,
    jurisdiction_codes: Collection[str] | None = None,
    framework: Framework | None = None,
) -> list[QuestionAnswers]:
    """The workshop answers of the consolidated submissions, question by question,
    jurisdictions then groups (each in the dashboard's order). ``jurisdiction_codes`` keeps
    only those jurisdictions or groups."""
    fw = _framework(app, framework)
    codes = None if jurisdiction_codes is None else tuple(sorted(jurisdiction_codes))
    with read_snapshot(app) as uow:
        return list(
            _cached(
                app,
                uow,
                ("answers", _framework_key(fw), codes),
                lambda: _answers(uow, fw, jurisdiction_codes),
            )
        )


def _answers(
    uow: UnitOfWork,
    fw: Framework,
    codes: Collection[str] | None,
    found: q.Consolidation | None = None,
) -> list[QuestionAnswers]:
    with _collector_paused():  # as for the dashboard: thousands of small objects, no cycles
        return _collate(uow, fw, codes, found)


def _collate(
    uow: UnitOfWork,
    fw: Framework,
    codes: Collection[str] | None,
    found: q.Consolidation | None = None,
) -> list[QuestionAnswers]:
    found = found or uow.consolidation.current((fw.id, fw.version))
    wanted = None if codes is None else {c.strip().upper() for c in codes}
    infos = sorted(
        (
            submission_info(f)
            for f in found.submissions()
            if wanted is None or f.jurisdiction_code in wanted
        ),
        key=lambda i: jurisdiction_order(i.jurisdiction),
    )
    texts: dict[tuple[int, str], str] = {
        (sid, qid): text for sid, qid, text in found.answers(wanted)
    }
    placed = [(info, info.section) for info in infos]  # the section once, not per question
    result = []
    for question in fw.questions:
        entries: dict[Section, list[AnswerEntry]] = {s: [] for s in Section}
        missing: dict[Section, list[SubmissionInfo]] = {s: [] for s in Section}
        for info, section in placed:
            text = texts.get((info.submission_id, question.id))
            if text is None:
                missing[section].append(info)
            else:
                entries[section].append(AnswerEntry(info, text))
        result.append(
            QuestionAnswers(
                question.id,
                tuple(entries[Section.JURISDICTIONS]),
                tuple(entries[Section.GROUPS]),
                tuple(missing[Section.JURISDICTIONS]),
                tuple(missing[Section.GROUPS]),
            )
        )
    return result


def consolidated_data(app: Jalon, framework: Framework | None = None) -> ConsolidatedData:
    """Everything the report back prints, read in one snapshot of the store."""
    from jalon.services import actions

    fw = _framework(app, framework)
    versions = _versions(app, fw)
    compared = {r.info.submission_id for r in versions.rows} if versions else set()
    with read_snapshot(app) as uow:
        found = uow.consolidation.current((fw.id, fw.version))
        dashboard = _dashboard(uow, fw, found)
        answers = _answers(uow, fw, None, found)
        # Collated on this version, or compared with it through the mappings.
        used = {i.submission_id for i in dashboard.submissions} | compared
        everything = [submission_info(f, f.id in used) for f in uow.consolidation.all_submissions()]
        listed = actions.sort_actions(uow.actions.all(), fw)
    everything.sort(
        key=lambda i: (jurisdiction_order(i.jurisdiction), i.signed_at, i.revision, i.submission_id)
    )
    return ConsolidatedData(
        dashboard=dashboard,
        answers=tuple(answers),
        actions=tuple(listed),
        submissions=tuple(everything),
        prepared_by=identity.report_author(app),
        versions=versions,
    )


def _versions(app: Jalon, fw: Framework) -> VersionComparison | None:
    """Every current submission compared on ``fw`` through the mappings (the dashboard's
    "Framework versions" view), when ``fw`` is one of several versions; None otherwise."""
    from jalon.services import version_compare

    if sum(f.id == fw.id for f in app.frameworks.all()) < 2:
        return None
    return version_compare.compare(app, fw)


def refresh_contents(app: Jalon) -> int:
    """Fill the dashboard's tables for any submission that lacks them (a store written by a
    version of Jalon that did not keep them); returns how many were filled."""
    import json

    from jalon.core.serialize import assessment_from_json

    with app.writing() as uow:
        missing = uow.consolidation.missing_contents()
        for submission_id in missing:
            document = json.loads(uow.submissions.assessment_json(submission_id))
            uow.submissions.add_contents(submission_id, assessment_from_json(document))
    return len(missing)


__all__: Sequence[str] = [
    "collated_answers",
    "consolidated_data",
    "current_dashboard",
    "load_dashboard",
    "read_dashboard",
    "refresh_contents",
    "submission_history",
    "trend",
]
