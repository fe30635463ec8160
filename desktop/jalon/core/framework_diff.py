"""What changed between two versions of a framework, for a person deciding to install it.

Theme moves come from the newer version's mapping when it maps the older one; otherwise themes
are compared by id. Text changes (name, description, level descriptors) are listed per theme.
"""

from __future__ import annotations

from dataclasses import dataclass

from jalon.core.framework import Framework
from jalon.core.framework_mapping import Kind


@dataclass(frozen=True, slots=True)
class ThemeChange:
    """One line of a diff: ``kind`` is a mapping kind (kept, renamed, merged, split, removed)
    or ``added``; ``texts`` the parts whose wording changed (``name``, ``description``,
    ``levels``) for a theme that kept its id."""

    kind: str
    source: str | None
    targets: tuple[str, ...]
    texts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FrameworkDiff:
    old_version: str
    new_version: str
    themes: tuple[ThemeChange, ...]
    questions_added: tuple[str, ...]
    questions_removed: tuple[str, ...]
    levels_changed: bool
    mapped: bool

    @property
    def changed(self) -> tuple[ThemeChange, ...]:
        """Every line except themes kept with the same texts."""
        return tuple(t for t in self.themes if t.kind != Kind.KEPT or t.texts)


def _texts(old: Framework, new: Framework, old_id: str, new_id: str) -> tuple[str, ...]:
    a, b = old.theme(old_id), new.theme(new_id)
    changed = []
    if a.name != b.name:
        changed.append("name")
    if a.description != b.description:
        changed.append("description")
    if dict(a.level_descriptors) != dict(b.level_descriptors):
        changed.append("levels")
    return tuple(changed)


def diff(old: Framework, new: Framework) -> FrameworkDiff:
    """The changes from ``old`` to ``new`` (either order of versions works; the mapping is
    used only when ``new`` declares that it maps ``old``)."""
    lines: list[ThemeChange] = []
    mapping = new.previous
    mapped = mapping is not None and mapping.version == old.version
    if mapping is not None and mapped:
        for m in mapping.moves:
            texts: tuple[str, ...] = ()
            one = len(m.targets) == 1 and (
                m.kind in (Kind.KEPT, Kind.RENAMED) or m.targets[0] == m.source
            )
            if one and old.has_theme(m.source):
                texts = _texts(old, new, m.source, m.targets[0])
            lines.append(ThemeChange(str(m.kind), m.source, m.targets, texts))
        lines.extend(ThemeChange("added", None, (t,)) for t in mapping.added)
    else:
        for t in old.themes:
            if new.has_theme(t.id):
                lines.append(ThemeChange("kept", t.id, (t.id,), _texts(old, new, t.id, t.id)))
            else:
                lines.append(ThemeChange("removed", t.id, ()))
        lines.extend(
            ThemeChange("added", None, (t.id,)) for t in new.themes if not old.has_theme(t.id)
        )
    return FrameworkDiff(
        old_version=old.version,
        new_version=new.version,
        themes=tuple(lines),
        questions_added=tuple(q.id for q in new.questions if not old.has_question(q.id)),
        questions_removed=tuple(q.id for q in old.questions if not new.has_question(q.id)),
        levels_changed=old.levels != new.levels,
        mapped=mapped,
    )
