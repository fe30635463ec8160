"""What changed between two versions of an assessment, field by field, for the audit trail."""

from __future__ import annotations

from dataclasses import dataclass

from jalon.core.assessment import RESPONSE_FIELDS, Assessment, Participant


@dataclass(frozen=True, slots=True)
class Change:
    """One changed field. ``field`` is a dotted path such as ``theme.security.current``."""

    field: str
    old: str | None
    new: str | None


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _people(people: tuple[Participant, ...]) -> str:
    return "; ".join(" | ".join((p.name, p.title, p.organization)) for p in people)


def diff(old: Assessment, new: Assessment) -> list[Change]:
    """The changes from ``old`` to ``new`` (same assessment), in a stable order."""
    changes: list[Change] = []
    for name in ("title", "status"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes.append(Change(name, _text(before), _text(after)))
    old_by_theme = {r.theme_id: r for r in old.responses}
    for response in new.responses:
        previous = old_by_theme.get(response.theme_id)
        for name in RESPONSE_FIELDS:
            before = getattr(previous, name) if previous else None
            after = getattr(response, name)
            if before != after:
                changes.append(
                    Change(f"theme.{response.theme_id}.{name}", _text(before), _text(after))
                )
    for qid in sorted(set(old.answers) | set(new.answers)):
        before_answer, after_answer = old.answers.get(qid, ""), new.answers.get(qid, "")
        if before_answer != after_answer:
            changes.append(Change(f"answer.{qid}", before_answer, after_answer))
    if old.participants != new.participants:
        changes.append(Change("participants", _people(old.participants), _people(new.participants)))
    if old.signature != new.signature and new.signature is not None:
        changes.append(Change("signature", None, new.signature.key_id))
    return changes
