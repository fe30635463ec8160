"""How one framework version maps the previous one: data read from the ``previous`` section
of a framework file, and the checks that it accounts for every old theme and level.

A new framework version's source file says what became of every theme of the version before it
(kept, renamed, merged into another, split into several, removed), which themes are new, and
where every old maturity level lands on the new scale. :func:`check_mapping` checks what the new
file alone can tell; :func:`check_mapping_against` what needs the previous version too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from jalon.core.errors import N_, FrameworkError

if TYPE_CHECKING:
    from jalon.core.framework import Framework


class Kind(StrEnum):
    """What became of an old theme."""

    KEPT = "kept"
    RENAMED = "renamed"
    MERGED = "merged"
    SPLIT = "split"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class ThemeMove:
    """One old theme and the new theme(s) it became."""

    source: str
    kind: Kind
    targets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FrameworkMapping:
    """The ``previous`` section of a framework file: from ``version`` to the file's version."""

    version: str
    sha256: str | None
    moves: tuple[ThemeMove, ...]
    added: tuple[str, ...]
    levels: Mapping[int, int]

    def move(self, source: str) -> ThemeMove:
        for m in self.moves:
            if m.source == source:
                return m
        raise KeyError(source)

    def sources_of(self, target: str) -> tuple[str, ...]:
        """The old themes whose answers flow into the new theme ``target``."""
        return tuple(m.source for m in self.moves if target in m.targets)


def mapping_from_json(raw: Mapping[str, Any]) -> FrameworkMapping:
    """The mapping as read from a (schema-valid) ``previous`` section."""
    return FrameworkMapping(
        version=raw["version"],
        sha256=raw.get("sha256"),
        moves=tuple(ThemeMove(m["from"], Kind(m["kind"]), tuple(m["to"])) for m in raw["themes"]),
        added=tuple(raw["added"]),
        levels={lv["from"]: lv["to"] for lv in raw["levels"]},
    )


def _bad(source: str, detail: str) -> FrameworkError:
    return FrameworkError(
        N_(
            "The mapping from the previous version in {file} is wrong: {detail}. Correct the "
            "'previous' section of the framework source and build it again."
        ),
        file=source,
        detail=detail,
    )


def check_mapping(mapping: FrameworkMapping, new: Framework, source: str) -> None:
    """What the new version alone can tell: kinds agree with their targets, targets exist,
    every new theme is reached or added, the levels land on the new scale."""
    seen: set[str] = set()
    for m in mapping.moves:
        if m.source in seen:
            raise _bad(source, f"the theme {m.source!r} is mapped twice")
        seen.add(m.source)
        expected = {
            Kind.KEPT: len(m.targets) == 1 and m.targets[0] == m.source,
            Kind.RENAMED: len(m.targets) == 1 and m.targets[0] != m.source,
            Kind.MERGED: len(m.targets) == 1,
            Kind.SPLIT: len(m.targets) >= 2 and len(set(m.targets)) == len(m.targets),
            Kind.REMOVED: not m.targets,
        }[m.kind]
        if not expected:
            raise _bad(
                source,
                f"the theme {m.source!r} is '{m.kind}' but maps to {list(m.targets)!r} "
                "(kept: itself; renamed or merged: one theme; split: two or more; removed: none)",
            )
        for target in m.targets:
            if not new.has_theme(target):
                raise _bad(source, f"{m.source!r} maps to {target!r}, which is not a theme")
    reached = {t for m in mapping.moves for t in m.targets}
    for added in mapping.added:
        if not new.has_theme(added):
            raise _bad(source, f"the added theme {added!r} is not a theme")
        if added in reached:
            raise _bad(source, f"the theme {added!r} is both added and the target of a mapping")
    for theme in new.themes:
        if theme.id not in reached and theme.id not in mapping.added:
            raise _bad(source, f"the theme {theme.id!r} is neither mapped to nor added")
    for old_level, new_level in mapping.levels.items():
        if new_level not in new.level_values:
            raise _bad(source, f"the level {old_level} maps to {new_level}, not a level")


def check_mapping_against(mapping: FrameworkMapping, old: Framework, source: str) -> None:
    """What needs the previous version: every old theme and every old level accounted for."""
    if old.version != mapping.version:
        raise _bad(source, f"it maps version {mapping.version}, not {old.version}")
    if mapping.sha256 is not None and mapping.sha256 != old.sha256:
        raise _bad(source, f"it maps another file of version {old.version} (SHA-256 differs)")
    mapped = {m.source for m in mapping.moves}
    for theme in old.themes:
        if theme.id not in mapped:
            raise _bad(source, f"the old theme {theme.id!r} is not accounted for")
    for source_id in mapped:
        if not old.has_theme(source_id):
            raise _bad(source, f"{source_id!r} is not a theme of version {old.version}")
    for level in old.level_values:
        if level not in mapping.levels:
            raise _bad(source, f"the old level {level} is not mapped")
