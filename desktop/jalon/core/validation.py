"""What is missing or inconsistent in an assessment, and how complete it is.

Findings are data (a kind, where, and a translatable message); screens and reports decide how
to show them. A target below the current level is allowed (a jurisdiction may plan to step
back from a theme) but flagged for a second look.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from jalon.core import assessment as am
from jalon.core.assessment import REQUIRED_RESPONSE_FIELDS, Assessment
from jalon.core.errors import N_, InvalidInputError, Message

if TYPE_CHECKING:  # the home list counts completeness without building a framework
    from jalon.core.framework import Framework


class Counted(Protocol):
    """What :func:`completeness` reads of a framework: a :class:`Framework`, or the outline
    the home list reads (:class:`jalon.core.framework_outline.FrameworkOutline`)."""

    @property
    def theme_ids(self) -> Sequence[str]: ...

    @property
    def question_ids(self) -> Sequence[str]: ...


class Severity(StrEnum):
    MISSING = "missing"  # not answered yet: blocks nothing, counted as incomplete
    WARNING = "warning"  # answered, but worth a second look


class Where(StrEnum):
    THEME = "theme"
    QUESTION = "question"
    PARTICIPANTS = "participants"


_FIELD_MISSING = {
    "current": N_("Current maturity level not chosen"),
    "target": N_("Target maturity level not chosen"),
    "priority": N_("Priority not chosen"),
    "role": N_("Role of the Joint Councils not chosen"),
    "capacity": N_("Capacity to deliver not chosen"),
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing to fix or check. ``target`` is a theme id or question id, or '' for the whole."""

    severity: Severity
    where: Where
    target: str
    field: str
    message: Message


def _has_named_participant(a: Assessment) -> bool:
    # A row left blank in the participants table names no one.
    return any(p.name.strip() for p in a.participants)


def findings(a: Assessment, fw: Framework) -> list[Finding]:
    """Every finding, in the order of the editor's pages."""
    result: list[Finding] = []
    for theme in fw.themes:
        r = a.response(theme.id)
        for name in r.missing():
            result.append(
                Finding(
                    Severity.MISSING, Where.THEME, theme.id, name, Message(_FIELD_MISSING[name])
                )
            )
        if r.gap is not None and r.gap < 0:
            result.append(
                Finding(
                    Severity.WARNING,
                    Where.THEME,
                    theme.id,
                    "target",
                    Message(
                        N_("Target level {target} is below the current level {current}"),
                        {"target": r.target, "current": r.current},
                    ),
                )
            )
    if not _has_named_participant(a):
        result.append(
            Finding(
                Severity.MISSING,
                Where.PARTICIPANTS,
                "",
                "participants",
                Message(N_("No participant named")),
            )
        )
    for q in fw.questions:
        if not a.answer(q.id).strip():
            result.append(
                Finding(
                    Severity.MISSING,
                    Where.QUESTION,
                    q.id,
                    "answer",
                    Message(N_("Question {number} not answered"), {"number": q.number}),
                )
            )
    return result


def missing(a: Assessment, fw: Framework) -> list[Finding]:
    return [f for f in findings(a, fw) if f.severity is Severity.MISSING]


@dataclass(frozen=True, slots=True)
class Completeness:
    """How much of the assessment is answered."""

    themes_complete: int
    themes_total: int
    items_done: int
    items_total: int

    @property
    def ratio(self) -> float:
        return self.items_done / self.items_total if self.items_total else 1.0

    @property
    def percent(self) -> int:
        """Whole percent, rounded down so 99.6 % never reads as complete."""
        return (self.items_done * 100) // self.items_total if self.items_total else 100

    @property
    def is_complete(self) -> bool:
        return self.items_done == self.items_total


def completeness(a: Assessment, fw: Counted) -> Completeness:
    """Items are each required theme field, each question, and naming at least one participant."""
    per_theme = len(REQUIRED_RESPONSE_FIELDS)
    theme_ids, question_ids = fw.theme_ids, fw.question_ids
    responses = [a.response(theme_id) for theme_id in theme_ids]
    theme_items = sum(per_theme - len(r.missing()) for r in responses)
    answered = sum(1 for q in question_ids if a.answer(q).strip())
    total = per_theme * len(theme_ids) + len(question_ids) + 1
    done = theme_items + answered + (1 if _has_named_participant(a) else 0)
    return Completeness(
        themes_complete=sum(1 for r in responses if r.is_complete),
        themes_total=len(theme_ids),
        items_done=done,
        items_total=total,
    )


def _level_or_none(value: Any, levels: set[int]) -> bool:
    return value is None or (type(value) is int and value in levels)


def _plain_text(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= am.MAX_LONG_TEXT and "\x00" not in value


def check_assessment(a: am.Assessment, framework: Framework) -> None:
    """The integrity rules every assessment keeps, whoever made it: the one check services
    apply before a save, after an import and before an export.

    Made with ``framework``; every theme once, in the framework's order; levels and choices
    the framework offers, storable texts within their limits; answers only to its questions;
    the participants and the title as the editor allows them. Raises
    :class:`InvalidInputError` naming the first problem.
    """
    if a.framework != am.FrameworkRef.of(framework):
        raise InvalidInputError(
            N_(
                "The assessment was made with framework {framework} {version}, not with "
                "{expected} {expected_version}."
            ),
            framework=a.framework.id,
            version=a.framework.version,
            expected=framework.id,
            expected_version=framework.version,
        )
    theme_ids = [r.theme_id for r in a.responses]
    expected_ids = [t.id for t in framework.themes]
    if theme_ids != expected_ids:
        raise InvalidInputError(
            N_("The assessment's themes are not the framework's {count} themes in order."),
            count=len(expected_ids),
        )
    # The sets make the common case quick; the message for a bad value is the editor's own.
    levels = set(framework.level_values)
    choices = {kind: {o.id for o in framework.options(kind)} for kind in am.RESPONSE_CHOICE_FIELDS}
    for r in a.responses:
        fine = (
            all(_level_or_none(getattr(r, f), levels) for f in am.RESPONSE_LEVEL_FIELDS)
            and all(getattr(r, f) is None or getattr(r, f) in choices[f] for f in choices)
            and all(_plain_text(getattr(r, f)) for f in am.RESPONSE_TEXT_FIELDS)
        )
        if not fine:
            for name in am.RESPONSE_FIELDS:
                am.check_response_value(framework, name, getattr(r, name))
    for question_id in a.answers:
        if not framework.has_question(question_id):
            raise InvalidInputError(
                N_("The question {question!r} is not part of this framework."),
                question=question_id,
            )
        am.check_answer_text(a.answers[question_id])
    am.check_participants(a.participants)
    am.check_title(a.title)
