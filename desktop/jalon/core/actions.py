"""Actions: the "next steps" the secretariat records for each theme after the report back.

An action is a plain value; the checks here are the rules every face applies (the desktop's
form and the services alike): a description of 1 to 2,000 characters, an owner of at most 200,
a real calendar date or none, a status among four, a theme of the framework.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from jalon.core.errors import N_, InvalidInputError, Message
from jalon.core.framework import Framework
from jalon.core.text import check_storable

MAX_DESCRIPTION = 2_000
MAX_OWNER = 200
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def is_closed(self) -> bool:
        return self in (ActionStatus.DONE, ActionStatus.DROPPED)


#: How each status reads in screens and reports (translated when shown).
STATUS_LABELS = {
    ActionStatus.OPEN: N_("To do"),
    ActionStatus.IN_PROGRESS: N_("In progress"),
    ActionStatus.DONE: N_("Done"),
    ActionStatus.DROPPED: N_("Dropped"),
}

#: Names of an action's fields inside messages and audit views (translated when shown).
ACTION_FIELD_LABELS = {
    "theme_id": N_("theme"),
    "description": N_("description"),
    "owner": N_("owner"),
    "due_date": N_("due date"),
    "status": N_("status"),
}


@dataclass(frozen=True, slots=True)
class Action:
    """One next step decided for a theme: what, who, by when, and where it stands."""

    id: int
    theme_id: str
    description: str
    owner: str
    due_date: date | None
    status: ActionStatus
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str


@dataclass(frozen=True, slots=True)
class ActionChange:
    """One line of the actions' audit trail: who changed which field of which action, when."""

    at: datetime
    actor: str
    action_id: int
    theme_id: str
    operation: str  # "create", "edit" or "delete"
    field: str
    old_value: str | None
    new_value: str | None


def check_description(text: str) -> str:
    """The description as stored: outer blank space removed, inner line breaks kept."""
    if not isinstance(text, str):
        raise InvalidInputError(N_("The description of an action must be text."))
    check_storable(text, Message(N_("description")))
    clean = text.strip()
    if not clean:
        raise InvalidInputError(
            N_("An action needs a description. Say in a few words what is to be done.")
        )
    if len(clean) > MAX_DESCRIPTION:
        raise InvalidInputError(
            N_(
                "The description of an action is {length} characters long; keep it to {limit} "
                "or fewer."
            ),
            length=len(clean),
            limit=MAX_DESCRIPTION,
        )
    return clean


def check_owner(text: str | None) -> str:
    """The owner as stored: one line, spaces collapsed; empty when no one is named yet."""
    if text is None:
        return ""
    if not isinstance(text, str):
        raise InvalidInputError(N_("The owner of an action must be text."))
    check_storable(text, Message(N_("owner")))
    clean = " ".join(text.split())
    if len(clean) > MAX_OWNER:
        raise InvalidInputError(
            N_("The owner of an action is {length} characters long; keep it to {limit} or fewer."),
            length=len(clean),
            limit=MAX_OWNER,
        )
    return clean


def check_due_date(value: date | str | None) -> date | None:
    """A calendar date (or an ISO ``YYYY-MM-DD`` string naming one), or None for no date."""
    if value is None:
        return None
    if isinstance(value, datetime):  # a datetime is a date too, but carries a time to drop
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if _ISO_DATE.fullmatch(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
    raise InvalidInputError(
        N_("{value!r} is not a date. Give a real date as YYYY-MM-DD, for example 2027-03-31."),
        value=str(value)[:40],
    )


def check_status(value: ActionStatus | str) -> ActionStatus:
    try:
        return ActionStatus(value)
    except ValueError:
        raise InvalidInputError(
            N_("{value!r} is not a status of an action. Use one of: {choices}."),
            value=str(value)[:40],
            choices=", ".join(s.value for s in ActionStatus),
        ) from None


def check_theme(framework: Framework, theme_id: str) -> str:
    if not isinstance(theme_id, str) or not framework.has_theme(theme_id):
        raise InvalidInputError(
            N_(
                "The theme {theme!r} is not part of the framework {framework}. Choose one of "
                "its {count} themes."
            ),
            theme=str(theme_id)[:64],
            framework=framework.id,
            count=len(framework.themes),
        )
    return theme_id
