"""The deck's "next steps": actions the secretariat records per theme, with an audit trail.

Every change is checked (``jalon.core.actions``) before anything is written, and every field
it changes leaves an audit row: who, when, which action, which field, old and new value.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import Enum

from jalon.core.actions import (
    Action,
    ActionChange,
    ActionStatus,
    check_description,
    check_due_date,
    check_owner,
    check_status,
    check_theme,
)
from jalon.core.framework import Framework
from jalon.services.app import Jalon, now


class _Keep(Enum):
    """The value of an argument of :func:`update_action` left as it is."""

    KEEP = "keep"


KEEP = _Keep.KEEP


def add_action(
    app: Jalon,
    theme_id: str,
    description: str,
    *,
    owner: str = "",
    due_date: date | str | None = None,
    status: ActionStatus | str = ActionStatus.OPEN,
) -> Action:
    """Record a new action for a theme of the framework."""
    theme = check_theme(app.framework, theme_id)
    text = check_description(description)
    who = check_owner(owner)
    due = check_due_date(due_date)
    state = check_status(status)
    with app.writing() as uow:
        return uow.actions.add(
            theme_id=theme,
            description=text,
            owner=who,
            due_date=due,
            status=state,
            actor=app.actor,
            at=now(),
        )


def update_action(
    app: Jalon,
    action_id: int,
    *,
    description: str | _Keep = KEEP,
    owner: str | _Keep | None = KEEP,
    due_date: date | str | _Keep | None = KEEP,
    status: ActionStatus | str | _Keep = KEEP,
    theme_id: str | _Keep = KEEP,
) -> Action:
    """Change some fields of an action (``due_date=None`` clears the date). Unchanged values
    write nothing, not even an audit row."""
    changes: dict[str, object] = {}
    if not isinstance(theme_id, _Keep):
        changes["theme_id"] = check_theme(app.framework, theme_id)
    if not isinstance(description, _Keep):
        changes["description"] = check_description(description)
    if not isinstance(owner, _Keep):
        changes["owner"] = check_owner(owner)
    if not isinstance(due_date, _Keep):
        changes["due_date"] = check_due_date(due_date)
    if not isinstance(status, _Keep):
        changes["status"] = check_status(status)
    with app.writing() as uow:
        return uow.actions.update(action_id, changes, actor=app.actor, at=now())


def set_status(app: Jalon, action_id: int, status: ActionStatus | str) -> Action:
    return update_action(app, action_id, status=status)


def delete_action(app: Jalon, action_id: int) -> Action:
    """Delete an action; its audit trail stays, ending with the deletion. Returns what it was."""
    with app.writing() as uow:
        return uow.actions.delete(action_id, actor=app.actor, at=now())


def get_action(app: Jalon, action_id: int) -> Action:
    with app.uow() as uow:
        return uow.actions.get(action_id)


def sort_actions(actions: Iterable[Action], framework: Framework) -> list[Action]:
    """By theme in framework order, then open before closed, then by due date (undated last),
    then in the order they were recorded."""
    order = {t.id: i for i, t in enumerate(framework.themes)}
    return sorted(
        actions,
        key=lambda a: (
            order.get(a.theme_id, len(order)),
            a.status.is_closed,
            a.due_date is None,
            a.due_date or date.min,
            a.id,
        ),
    )


def list_actions(app: Jalon, theme_id: str | None = None) -> list[Action]:
    """Every action (or those of one theme), in :func:`sort_actions` order."""
    if theme_id is not None:
        check_theme(app.framework, theme_id)
    with app.uow() as uow:
        found = uow.actions.all(theme_id)
    return sort_actions(found, app.framework)


def actions_by_theme(app: Jalon) -> dict[str, list[Action]]:
    """Every theme of the framework (in order), each with its actions (possibly none)."""
    grouped: dict[str, list[Action]] = {t.id: [] for t in app.framework.themes}
    for action in list_actions(app):
        grouped.setdefault(action.theme_id, []).append(action)
    return grouped


def history(app: Jalon, action_id: int | None = None) -> list[ActionChange]:
    """The audit trail of one action, or of all actions, oldest first."""
    with app.uow() as uow:
        return uow.actions.history(action_id)
