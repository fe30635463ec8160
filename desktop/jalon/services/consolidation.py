"""The secretariat's consolidation: the dashboard's data, one jurisdiction's trend, the
workshop answers side by side, and everything the report back prints.

Which submissions count: the latest revision of each assessment, then for each jurisdiction
(and each workshop group) the one signed last; only those made with the framework consolidated
(the newest installed, unless another is named). The counting happens in the database (the
unit of work's ``consolidation`` repository, :class:`jalon.store.reading.ConsolidationRepository`);
this module turns the rows into the plain values of ``jalon.core.consolidation``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Hashable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar, cast
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
    dashboard = load_dashboard(app)
    collated_answers(app)
    shown = dashboard.submissions
    code = trend_code or (shown[0].jurisdiction.code if shown else None)
    if code:
        trend(app, code)
    return dashboard


def _dashboard(uow: UnitOfWork, fw: Framework, found: q.Consolidation | None = None) -> Dashboard:
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

    # Heat map: one row per submission, cells filled from one query.
    blank = HeatCell(None, None)
    grids: dict[int, list[HeatCell]] = {i.submission_id: [blank] * len(theme_ids) for i in infos}
    # Cells are immutable and few distinct (levels × levels): share them.
    shared: dict[tuple[int | None, int | None], HeatCell] = {}
    for submission_id, theme_id, current, target in found.heat_cells():
        grid = grids.get(submission_id)
        col = column.get(theme_id)
        if grid is not None and col is not None:
            pair = (current, target)
            cell = shared.get(pair)
            if cell is None:
                cell = shared[pair] = HeatCell(current, target)
            grid[col] = cell

    # Levels, options and gaps of every theme: one query.
    levels = fw.level_values
    options = {choice: tuple(o.id for o in fw.options(choice)) for choice in CHOICES}
    stats = {(t.section, t.theme_id): t for t in found.theme_stats(levels, options)}
    counts = {
        c.submission_id: c
        for c in found.completeness(theme_ids, [question.id for question in fw.questions])
    }
    other = reads.count_other_frameworks(key)

    per_theme = len(REQUIRED_RESPONSE_FIELDS)
    items_total = per_theme * len(theme_ids) + len(fw.questions) + 1
    no_levels = {lv: 0 for lv in levels}

    def completeness(info: SubmissionInfo) -> Completeness:
        c = counts.get(info.submission_id)
        if c is None:
            return Completeness(0, len(theme_ids), 0, items_total)
        done = c.items_answered + c.questions_answered + (1 if c.participant_named else 0)
        return Completeness(c.themes_complete, len(theme_ids), done, items_total)

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
    result = []
    for question in fw.questions:
        entries: dict[Section, list[AnswerEntry]] = {s: [] for s in Section}
        missing: dict[Section, list[SubmissionInfo]] = {s: [] for s in Section}
        for info in infos:
            text = texts.get((info.submission_id, question.id))
            if text is None:
                missing[info.section].append(info)
            else:
                entries[info.section].append(AnswerEntry(info, text))
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
