"""The secretariat's actions (next steps per theme) and their audit trail."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from jalon.core.actions import Action, ActionChange, ActionStatus
from jalon.core.errors import N_, NotFoundError
from jalon.store.models import ActionAuditRow, ActionRow

#: The fields an edit may change, in the order the audit trail lists them.
FIELDS = ("theme_id", "description", "owner", "due_date", "status")


def _action(row: ActionRow) -> Action:
    return Action(
        id=row.id,
        theme_id=row.theme_id,
        description=row.description,
        owner=row.owner,
        due_date=row.due_date,
        status=ActionStatus(row.status),
        created_at=row.created_at,
        created_by=row.created_by,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


def _text(value: object) -> str | None:
    """A field's value as the audit trail keeps it: dates as ISO text, None as None."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class ActionRepository:
    """Actions per theme; every change leaves one audit row per field it changed."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self, action_id: int, *, for_change: bool = False) -> ActionRow:
        """The action's row; ``for_change`` locks it for the rest of the transaction and
        reads it afresh: of two people changing (or deleting) one action at the same moment
        on a server database, the second waits for the first, then works on what the first
        left (its audit row's old value is the first's new one; a deleted action is "no
        action")."""
        row = self.session.get(
            ActionRow, action_id, with_for_update=for_change, populate_existing=for_change
        )
        if row is None:
            raise NotFoundError(
                N_(
                    "There is no action {id}; it may have been deleted meanwhile. Reload the "
                    "list of actions."
                ),
                id=action_id,
            )
        return row

    def get(self, action_id: int) -> Action:
        return _action(self._row(action_id))

    def all(self, theme_id: str | None = None) -> list[Action]:
        query = select(ActionRow)
        if theme_id is not None:
            query = query.where(ActionRow.theme_id == theme_id)
        rows = self.session.scalars(query.order_by(ActionRow.id)).all()
        return [_action(r) for r in rows]

    def add(
        self,
        *,
        theme_id: str,
        description: str,
        owner: str,
        due_date: date | None,
        status: ActionStatus,
        actor: str,
        at: datetime,
    ) -> Action:
        row = ActionRow(
            theme_id=theme_id,
            description=description,
            owner=owner,
            due_date=due_date,
            status=status.value,
            created_at=at,
            created_by=actor,
            updated_at=at,
            updated_by=actor,
        )
        self.session.add(row)
        self.session.flush()
        self._audit(
            row,
            actor,
            at,
            "create",
            (
                (name, None, getattr(row, name))
                for name in FIELDS
                if getattr(row, name) not in ("", None)
            ),
        )
        return _action(row)

    def update(
        self, action_id: int, changes: dict[str, object], *, actor: str, at: datetime
    ) -> Action:
        """Apply ``changes`` (field name -> checked value); nothing is written when no value
        actually differs."""
        row = self._row(action_id, for_change=True)
        changed = []
        for name in FIELDS:
            if name not in changes:
                continue
            new = changes[name]
            stored = new.value if isinstance(new, ActionStatus) else new
            old = getattr(row, name)
            if old != stored:
                changed.append((name, old, stored))
                setattr(row, name, stored)
        if changed:
            row.updated_at = at
            row.updated_by = actor
            self._audit(row, actor, at, "edit", changed)
        return _action(row)

    def delete(self, action_id: int, *, actor: str, at: datetime) -> Action:
        row = self._row(action_id, for_change=True)
        gone = _action(row)
        self._audit(row, actor, at, "delete", [("description", row.description, None)])
        self.session.delete(row)
        return gone

    def _audit(
        self,
        row: ActionRow,
        actor: str,
        at: datetime,
        operation: str,
        changes: Iterable[tuple[str, object, object]],
    ) -> None:
        self.session.add_all(
            ActionAuditRow(
                at=at,
                actor=actor,
                action_id=row.id,
                theme_id=row.theme_id,
                operation=operation,
                field=name,
                old_value=_text(old),
                new_value=_text(new),
            )
            for name, old, new in changes
        )

    def history(self, action_id: int | None = None) -> list[ActionChange]:
        query = select(ActionAuditRow)
        if action_id is not None:
            query = query.where(ActionAuditRow.action_id == action_id)
        rows = self.session.scalars(query.order_by(ActionAuditRow.id)).all()
        return [
            ActionChange(
                r.at,
                r.actor,
                r.action_id,
                r.theme_id,
                r.operation,
                r.field,
                r.old_value,
                r.new_value,
            )
            for r in rows
        ]
