"""Carrying an assessment's answers from one framework version to the next, through the
mapping the new version's file declares (:mod:`jalon.core.framework_mapping`).

:func:`carry_forward` is a pure function: it takes an assessment made with the old version and
returns a draft on the new one, with a theme-by-theme account of what was carried, merged, split
or left behind. How a merge resolves answers that disagree:

* current level: the lower one (the merged theme is only as mature as its weakest part);
* target level: the higher one (the ambition of either source is kept);
* priority: the higher one (first in the framework's list); capacity: the more cautious one
  (last in the framework's list); Council role: kept only when every source agrees, otherwise
  left unanswered for the person to choose;
* comment and evidence: concatenated, each paragraph preceded by the old theme's name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from jalon.core.assessment import MAX_LONG_TEXT, Assessment, FrameworkRef, Status, ThemeResponse
from jalon.core.framework import Framework
from jalon.core.framework_mapping import FrameworkMapping, Kind


class Outcome(StrEnum):
    """What happened to the answers of one new theme (or one old theme left behind)."""

    CARRIED = "carried"  # kept or renamed: the answer as it was
    MERGED = "merged"  # several old themes into this one
    SPLIT = "split"  # copied from one old theme that became several
    ADDED = "added"  # a new theme: nothing to carry, to answer
    LEFT_BEHIND = "left_behind"  # an old theme removed: its answer stays in the old revision


@dataclass(frozen=True, slots=True)
class ThemeCarry:
    """The account of one theme: where its answers came from and what needed a decision.

    ``theme_id`` is the new theme (the old one for LEFT_BEHIND); ``sources`` the old themes;
    ``conflicts`` the fields whose sources disagreed, as ``(field, how it was resolved)``;
    ``dropped`` the fields whose old value has no place in the new version.
    """

    theme_id: str
    outcome: Outcome
    sources: tuple[str, ...]
    conflicts: tuple[tuple[str, str], ...] = ()
    dropped: tuple[str, ...] = ()
    answered: bool = False


@dataclass(frozen=True, slots=True)
class CarryForward:
    """A draft on the new version and the theme-by-theme account of how it was made."""

    draft: Assessment
    themes: tuple[ThemeCarry, ...]
    answers_carried: tuple[str, ...]
    answers_left_behind: tuple[str, ...]

    def of(self, outcome: Outcome) -> tuple[ThemeCarry, ...]:
        return tuple(t for t in self.themes if t.outcome is outcome)


def _option(new: Framework, kind: str, value: str | None) -> str | None:
    if value is None:
        return None
    return value if any(o.id == value for o in new.options(kind)) else None


def _translate(
    old: ThemeResponse, mapping: FrameworkMapping, new: Framework, target: str
) -> tuple[ThemeResponse, tuple[str, ...]]:
    """One old response on the new version's scale and options; the fields that fell off."""
    dropped: list[str] = []
    values: dict[str, Any] = {}
    for name in ("current", "target"):
        level = getattr(old, name)
        values[name] = None if level is None else mapping.levels.get(level)
        if level is not None and values[name] is None:
            dropped.append(name)
    for kind in ("priority", "role", "capacity"):
        values[kind] = _option(new, kind, getattr(old, kind))
        if getattr(old, kind) is not None and values[kind] is None:
            dropped.append(kind)
    response = ThemeResponse(target, comment=old.comment, evidence=old.evidence, **values)
    return response, tuple(dropped)


def _labelled(texts: Sequence[tuple[str, str]]) -> str:
    parts = [f"[{name}] {text}" for name, text in texts if text.strip()]
    return "\n\n".join(parts)[:MAX_LONG_TEXT]


def _merge(
    parts: Sequence[tuple[str, ThemeResponse]], new: Framework, target: str, lang: str
) -> tuple[ThemeResponse, tuple[tuple[str, str], ...]]:
    """One response from several, resolving disagreements as the module docstring says."""
    conflicts: list[tuple[str, str]] = []
    responses = [r for _, r in parts]

    def values(name: str) -> list[Any]:
        return [getattr(r, name) for r in responses if getattr(r, name) is not None]

    def pick(name: str, chosen: Any, rule: str) -> Any:
        found = values(name)
        if len(set(found)) > 1:
            conflicts.append((name, rule))
        return chosen(found) if found else None

    current = pick("current", min, "lower")
    target_level = pick("target", max, "higher")
    order = {kind: [o.id for o in new.options(kind)] for kind in ("priority", "capacity")}
    priority = pick("priority", lambda v: min(v, key=order["priority"].index), "higher")
    capacity = pick("capacity", lambda v: max(v, key=order["capacity"].index), "more cautious")
    roles = values("role")
    role = roles[0] if roles and len(set(roles)) == 1 else None
    if len(set(roles)) > 1:
        conflicts.append(("role", "unanswered"))
    names = [name for name, _ in parts]
    merged = ThemeResponse(
        target,
        current=current,
        target=target_level,
        priority=priority,
        role=role,
        capacity=capacity,
        comment=_labelled([(n, r.comment) for n, r in zip(names, responses, strict=True)]),
        evidence=_labelled([(n, r.evidence) for n, r in zip(names, responses, strict=True)]),
    )
    return merged, tuple(conflicts)


def _answered(r: ThemeResponse) -> bool:
    return any(
        getattr(r, f) is not None for f in ("current", "target", "priority", "role", "capacity")
    ) or bool(r.comment or r.evidence)


def carry_forward(
    a: Assessment,
    old: Framework,
    new: Framework,
    mapping: FrameworkMapping,
    *,
    lang: str = "en",
    now: datetime | None = None,
) -> CarryForward:
    """The next draft revision of ``a`` (made with ``old``) on ``new``, answers carried through
    ``mapping``; pure: nothing is stored. ``lang`` names old themes inside merged comments."""
    now = now or datetime.now(UTC)
    translated: dict[str, tuple[ThemeResponse, tuple[str, ...]]] = {}
    for r in a.responses:
        if old.has_theme(r.theme_id):
            translated[r.theme_id] = _translate(r, mapping, new, r.theme_id)

    accounts: list[ThemeCarry] = []
    responses: list[ThemeResponse] = []
    for theme in new.themes:
        sources = mapping.sources_of(theme.id)
        if not sources:
            responses.append(ThemeResponse(theme.id))
            accounts.append(ThemeCarry(theme.id, Outcome.ADDED, ()))
            continue
        kinds = {mapping.move(s).kind for s in sources}
        if len(sources) == 1 and Kind.MERGED not in kinds:
            response, dropped = translated.get(sources[0], (ThemeResponse(theme.id), ()))
            response = replace(response, theme_id=theme.id)
            outcome = Outcome.SPLIT if Kind.SPLIT in kinds else Outcome.CARRIED
            responses.append(response)
            accounts.append(
                ThemeCarry(theme.id, outcome, sources, (), dropped, _answered(response))
            )
            continue
        parts = [
            (old.theme(s).name.get(lang), translated.get(s, (ThemeResponse(s), ()))[0])
            for s in sources
        ]
        dropped_all = tuple(sorted({d for s in sources for d in translated.get(s, (None, ()))[1]}))
        merged, conflicts = _merge(parts, new, theme.id, lang)
        responses.append(merged)
        accounts.append(
            ThemeCarry(theme.id, Outcome.MERGED, sources, conflicts, dropped_all, _answered(merged))
        )
    for m in mapping.moves:
        if m.kind is Kind.REMOVED:
            left = translated.get(m.source)
            accounts.append(
                ThemeCarry(
                    m.source,
                    Outcome.LEFT_BEHIND,
                    (m.source,),
                    answered=left is not None and _answered(left[0]),
                )
            )

    carried = tuple(q for q, text in a.answers.items() if new.has_question(q) and text)
    left_behind = tuple(q for q, text in a.answers.items() if not new.has_question(q) and text)
    draft = replace(
        a,
        revision=a.revision + 1,
        framework=FrameworkRef.of(new),
        responses=tuple(responses),
        answers={q: a.answers[q] for q in carried},
        status=Status.DRAFT,
        signature=None,
        created_at=now,
        updated_at=now,
    )
    return CarryForward(draft, tuple(accounts), carried, left_behind)


Levels = tuple[int | None, int | None]


def project_levels(levels: Mapping[str, Levels], mapping: FrameworkMapping) -> dict[str, Levels]:
    """``(current, target)`` per old theme, seen on the new version through ``mapping`` with
    the carry-forward rules: levels through the level mapping, a merge keeps the lower current
    and the higher target, a split copies, a removed theme has no place, an added none yet."""
    projected: dict[str, list[Levels]] = {}
    for m in mapping.moves:
        if m.source not in levels:
            continue
        current, target = levels[m.source]
        mapped = (
            None if current is None else mapping.levels.get(current),
            None if target is None else mapping.levels.get(target),
        )
        for new_theme in m.targets:
            projected.setdefault(new_theme, []).append(mapped)
    result: dict[str, Levels] = {}
    for theme, pairs in projected.items():
        currents = [c for c, _ in pairs if c is not None]
        targets = [t for _, t in pairs if t is not None]
        result[theme] = (min(currents) if currents else None, max(targets) if targets else None)
    return result
