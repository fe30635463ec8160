"""Editing a stored draft in one step, for tests that need an edit on record without an
editor: load the latest revision, apply the domain's edit, check and save it in one write
transaction (as the editor's autosave saves, through the store's unit of work).

This was the ``update_*`` service API, which only tests used: the desktop app edits in
memory and saves whole drafts with :func:`jalon.services.assessments.save`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from jalon.core import assessment as am
from jalon.core.framework import Framework
from jalon.services.app import Jalon, now
from jalon.services.assessments import checked


def edit(
    app: Jalon, assessment_id: str, change: Callable[[am.Assessment, Framework], am.Assessment]
) -> am.Assessment:
    """The latest revision with ``change(assessment, framework)`` applied, stored (audited)."""
    with app.writing() as uow:
        current = uow.assessments.get(assessment_id)
        updated = checked(app, change(current, app.framework_for(current)))
        uow.assessments.save(updated, actor=app.actor)
    return updated


def update_response(app: Jalon, assessment_id: str, theme_id: str, **values: Any) -> am.Assessment:
    """Change fields of one theme's response (``current=2, comment="..."``)."""
    at = now()
    return edit(app, assessment_id, lambda a, fw: am.with_response(a, fw, theme_id, at, **values))


def update_answer(app: Jalon, assessment_id: str, question_id: str, text: str) -> am.Assessment:
    at = now()
    return edit(app, assessment_id, lambda a, fw: am.with_answer(a, fw, question_id, text, at))


def set_participants(
    app: Jalon, assessment_id: str, participants: Iterable[am.Participant]
) -> am.Assessment:
    people = tuple(participants)
    at = now()
    return edit(app, assessment_id, lambda a, _fw: am.with_participants(a, people, at))
