"""An assessment: one jurisdiction's scoring of every theme, its answers and participants.

Values are immutable; an edit returns a new :class:`Assessment` (``with_response``,
``with_answer``, ...). A signed revision is frozen: every edit function refuses it, and
:func:`new_revision` starts the next draft from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from jalon.core.errors import N_, InvalidInputError, Message, ReadOnlyError
from jalon.core.jurisdiction import Jurisdiction

if TYPE_CHECKING:  # named in annotations only: the home list reads assessments without it
    from jalon.core.framework import Framework
from jalon.core.text import check_storable

MAX_TITLE = 200
MAX_SHORT_TEXT = 200
MAX_LONG_TEXT = 20_000
MAX_PARTICIPANTS = 100

RESPONSE_CHOICE_FIELDS = ("priority", "role", "capacity")
RESPONSE_LEVEL_FIELDS = ("current", "target")
RESPONSE_TEXT_FIELDS = ("comment", "evidence")
RESPONSE_FIELDS = RESPONSE_LEVEL_FIELDS + RESPONSE_CHOICE_FIELDS + RESPONSE_TEXT_FIELDS
#: The fields a theme needs to count as complete; comment and evidence are encouraged, optional.
REQUIRED_RESPONSE_FIELDS = RESPONSE_LEVEL_FIELDS + RESPONSE_CHOICE_FIELDS


#: Names of fields as they appear inside error messages (translated when shown).
FIELD_LABELS = {
    "current": N_("current maturity level"),
    "target": N_("target maturity level"),
    "priority": N_("priority"),
    "role": N_("role of the Joint Councils"),
    "capacity": N_("capacity to deliver"),
    "comment": N_("comment"),
    "evidence": N_("evidence"),
    "answer": N_("answer"),
    "name": N_("name"),
    "title": N_("title"),
    "organization": N_("organization"),
}


def field_label(name: str) -> Message | str:
    return Message(FIELD_LABELS[name]) if name in FIELD_LABELS else name


class Status(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"
    EXPORTED = "exported"

    @property
    def is_frozen(self) -> bool:
        return self is not Status.DRAFT


@dataclass(frozen=True, slots=True)
class FrameworkRef:
    """Which framework file an assessment was made with."""

    id: str
    version: str
    sha256: str

    @classmethod
    def of(cls, framework: Framework) -> FrameworkRef:
        return cls(framework.id, framework.version, framework.sha256)


@dataclass(frozen=True, slots=True)
class Participant:
    name: str
    title: str = ""
    organization: str = ""


@dataclass(frozen=True, slots=True)
class ThemeResponse:
    """A jurisdiction's answer for one theme. ``None`` means not answered yet."""

    theme_id: str
    current: int | None = None
    target: int | None = None
    priority: str | None = None
    role: str | None = None
    capacity: str | None = None
    comment: str = ""
    evidence: str = ""

    @property
    def gap(self) -> int | None:
        """Target minus current, when both are chosen."""
        if self.current is None or self.target is None:
            return None
        return self.target - self.current

    def missing(self) -> tuple[str, ...]:
        """The required fields not answered yet, in display order."""
        return tuple(f for f in REQUIRED_RESPONSE_FIELDS if getattr(self, f) is None)

    @property
    def is_complete(self) -> bool:
        return not self.missing()


@dataclass(frozen=True, slots=True)
class Signature:
    """Who signed a revision, with which key, and when (UTC)."""

    signer_name: str
    signer_title: str
    key_id: str
    signed_at: datetime


@dataclass(frozen=True)
class Assessment:
    """One revision of one assessment. ``id`` is shared by every revision of the assessment."""

    id: str
    revision: int
    title: str
    jurisdiction: Jurisdiction
    framework: FrameworkRef
    responses: tuple[ThemeResponse, ...]
    answers: Mapping[str, str] = field(default_factory=dict)
    participants: tuple[Participant, ...] = ()
    status: Status = Status.DRAFT
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    updated_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    signature: Signature | None = None

    def response(self, theme_id: str) -> ThemeResponse:
        for r in self.responses:
            if r.theme_id == theme_id:
                return r
        raise KeyError(theme_id)

    def answer(self, question_id: str) -> str:
        return self.answers.get(question_id, "")

    @property
    def is_frozen(self) -> bool:
        return self.status.is_frozen


def new_assessment_id() -> str:
    import uuid  # here: it imports `platform` (2 ms) before the home list is drawn

    return str(uuid.uuid4())


def create(
    framework: Framework,
    jurisdiction: Jurisdiction,
    title: str,
    *,
    assessment_id: str | None = None,
    now: datetime | None = None,
) -> Assessment:
    """A new, empty draft (revision 1) with one unanswered response per theme."""
    now = now or datetime.now(UTC)
    return Assessment(
        id=assessment_id or new_assessment_id(),
        revision=1,
        title=_clean_title(title),
        jurisdiction=jurisdiction,
        framework=FrameworkRef.of(framework),
        responses=tuple(ThemeResponse(t.id) for t in framework.themes),
        created_at=now,
        updated_at=now,
    )


def check_title(title: str) -> str:
    """The title as stored (spaces folded); raises :class:`InvalidInputError` if unusable."""
    return _clean_title(title)


def check_answer_text(text: str) -> str:
    """An answer to a workshop question as stored; raises if it is not storable text."""
    return _check_text("answer", text, MAX_LONG_TEXT)


def check_participants(participants: Iterable[Participant]) -> tuple[Participant, ...]:
    """The participants as stored; raises if there are too many or a field is unusable."""
    people = tuple(participants)
    if len(people) > MAX_PARTICIPANTS:
        raise InvalidInputError(
            N_("An assessment can list at most {limit} participants."), limit=MAX_PARTICIPANTS
        )
    for p in people:
        _check_text("name", p.name, MAX_SHORT_TEXT)
        _check_text("title", p.title, MAX_SHORT_TEXT)
        _check_text("organization", p.organization, MAX_SHORT_TEXT)
    return people


def _clean_title(title: str) -> str:
    clean = " ".join(title.split())
    check_storable(clean, field_label("title"))
    if not clean:
        raise InvalidInputError(N_("An assessment needs a title. Give it a short title."))
    if len(clean) > MAX_TITLE:
        raise InvalidInputError(
            N_("The title is {length} characters long; keep it to {limit} or fewer."),
            length=len(clean),
            limit=MAX_TITLE,
        )
    return clean


def _require_draft(a: Assessment) -> None:
    if a.is_frozen:
        raise ReadOnlyError(
            N_(
                "Revision {revision} of this assessment is signed and cannot change. Start a "
                "new revision to edit it."
            ),
            revision=a.revision,
        )


def _check_text(name: str, value: str, limit: int) -> str:
    if not isinstance(value, str):
        raise InvalidInputError(N_("The {field} must be text."), field=field_label(name))
    check_storable(value, field_label(name))
    if len(value) > limit:
        raise InvalidInputError(
            N_("The {field} is {length} characters long; keep it to {limit} or fewer."),
            field=field_label(name),
            length=len(value),
            limit=limit,
        )
    return value


def check_response_value(framework: Framework, name: str, value: Any) -> Any:
    """Check one response field against the framework; returns the value to store."""
    if name in RESPONSE_LEVEL_FIELDS:
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or (value not in framework.level_values)
        ):
            raise InvalidInputError(
                N_("{value!r} is not a maturity level. Choose a level from {low} to {high}."),
                value=value,
                low=framework.min_level,
                high=framework.max_level,
            )
        return value
    if name in RESPONSE_CHOICE_FIELDS:
        if value is None:
            return None
        ids = [o.id for o in framework.options(name)]
        if value not in ids:
            raise InvalidInputError(
                N_(
                    "{value!r} is not an accepted answer for the {field}. Choose one of: {choices}."
                ),
                value=value,
                field=field_label(name),
                choices=", ".join(ids),
            )
        return value
    if name in RESPONSE_TEXT_FIELDS:
        return _check_text(name, value, MAX_LONG_TEXT)
    raise InvalidInputError(N_("{field!r} is not a field of a theme response."), field=name)


def with_response(
    a: Assessment, framework: Framework, theme_id: str, now: datetime | None = None, **changes: Any
) -> Assessment:
    """``a`` with the response for ``theme_id`` changed; values checked against ``framework``."""
    _require_draft(a)
    if not framework.has_theme(theme_id):
        raise InvalidInputError(
            N_("The theme {theme!r} is not part of this framework."), theme=theme_id
        )
    checked = {k: check_response_value(framework, k, v) for k, v in changes.items()}
    responses = tuple(replace(r, **checked) if r.theme_id == theme_id else r for r in a.responses)
    return replace(a, responses=responses, updated_at=now or datetime.now(UTC))


def with_answer(
    a: Assessment, framework: Framework, question_id: str, text: str, now: datetime | None = None
) -> Assessment:
    _require_draft(a)
    if not framework.has_question(question_id):
        raise InvalidInputError(
            N_("The question {question!r} is not part of this framework."), question=question_id
        )
    answers = dict(a.answers)
    answers[question_id] = check_answer_text(text)
    return replace(a, answers=answers, updated_at=now or datetime.now(UTC))


def with_participants(
    a: Assessment, participants: Iterable[Participant], now: datetime | None = None
) -> Assessment:
    _require_draft(a)
    people = check_participants(participants)
    return replace(a, participants=people, updated_at=now or datetime.now(UTC))


def with_title(a: Assessment, title: str, now: datetime | None = None) -> Assessment:
    _require_draft(a)
    return replace(a, title=_clean_title(title), updated_at=now or datetime.now(UTC))


def sign(a: Assessment, signature: Signature) -> Assessment:
    """``a`` frozen as signed by ``signature``."""
    _require_draft(a)
    return replace(a, status=Status.SIGNED, signature=signature, updated_at=signature.signed_at)


def new_revision(a: Assessment, now: datetime | None = None) -> Assessment:
    """The next draft revision, carrying every answer of ``a`` forward."""
    now = now or datetime.now(UTC)
    return replace(
        a,
        revision=a.revision + 1,
        status=Status.DRAFT,
        signature=None,
        created_at=now,
        updated_at=now,
    )
