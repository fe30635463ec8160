"""Use cases on the assessments drafted on this installation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jalon.core import assessment as am
from jalon.core.audit import Change
from jalon.core.errors import N_, InvalidInputError, JalonError, ReadOnlyError
from jalon.core.framework import Framework
from jalon.core.jurisdiction import Jurisdiction
from jalon.core.validation import Completeness, Finding, check_assessment, completeness, findings
from jalon.services import file_watch
from jalon.services.app import Jalon, now
from jalon.services.home_list import AssessmentSummary
from jalon.services.identity import get_identity
from jalon.store.repositories import AuditEntry, RevisionInfo


def list_assessments(app: Jalon, *, include_archived: bool = True) -> list[AssessmentSummary]:
    with app.uow() as uow:
        latest = uow.assessments.list_latest_archived(include_archived=include_archived)
    return [
        AssessmentSummary(a, completeness(a, app.framework_for(a)), archived)
        for a, archived in latest
    ]


def resolve(app: Jalon, id_or_prefix: str) -> str:
    """The full id of an assessment given its id or the start of it."""
    with app.uow() as uow:
        return uow.assessments.resolve(id_or_prefix)


def get(app: Jalon, assessment_id: str, revision: int | None = None) -> am.Assessment:
    with app.uow() as uow:
        return uow.assessments.get(assessment_id, revision)


def revisions(app: Jalon, assessment_id: str) -> list[RevisionInfo]:
    with app.uow() as uow:
        return uow.assessments.revisions(assessment_id)


def checked(app: Jalon, a: am.Assessment) -> am.Assessment:
    """``a`` once it keeps the integrity rules of :func:`jalon.core.validation.check_assessment`
    against its own framework; every service that stores or exports an assessment asks here
    first, so nothing that breaks them is written. Raises :class:`InvalidInputError`."""
    check_assessment(a, app.framework_for(a))
    return a


def check_jurisdiction(app: Jalon, jurisdiction: Jurisdiction) -> None:
    """Refuse, with :class:`InvalidInputError`, an assessment for another jurisdiction than
    the one this installation signs for: its key signs for that jurisdiction alone, so such a
    draft could never be exported. Without an identity (a secretariat's installation), any
    jurisdiction is accepted. Every service that starts an assessment asks here first."""
    who = get_identity(app)
    if who is None or who.jurisdiction.code == jurisdiction.code:
        return
    raise InvalidInputError(
        N_(
            "This installation signs for {own}, so its assessments are for {own}, not for "
            "{asked}: its key could never sign one for {asked}. Create the assessment for "
            "{own}, or prepare it on an installation set up for {asked}."
        ),
        own=who.jurisdiction,
        asked=jurisdiction,
    )


def _jurisdiction_of(app: Jalon, assessment_id: str) -> Jurisdiction:
    with app.uow() as uow:
        return uow.assessments.get(assessment_id).jurisdiction


def create(
    app: Jalon, jurisdiction: Jurisdiction, title: str, *, at: datetime | None = None
) -> am.Assessment:
    """A new empty draft on the newest framework, for the installation's own jurisdiction
    (see :func:`check_jurisdiction`)."""
    check_jurisdiction(app, jurisdiction)
    a = checked(app, am.create(app.framework, jurisdiction, title, now=at or now()))
    with app.writing() as uow:
        uow.assessments.add(a, actor=app.actor)
    return a


def _edit(app: Jalon, assessment_id: str, change: Any) -> tuple[am.Assessment, list[Change]]:
    """Load the latest revision, apply ``change(assessment, framework)``, save, audit."""
    with app.writing() as uow:
        current = uow.assessments.get(assessment_id)
        updated = checked(app, change(current, app.framework_for(current)))
        changes = uow.assessments.save(updated, actor=app.actor)
    return updated, changes


def rename(app: Jalon, assessment_id: str, title: str) -> am.Assessment:
    at = now()
    return _edit(app, assessment_id, lambda a, fw: am.with_title(a, title, at))[0]


def save(app: Jalon, updated: am.Assessment) -> list[Change]:
    """Store an edited draft as a whole (the editor's autosave); audits each changed field.

    Refused with :class:`InvalidInputError` when ``updated`` breaks the integrity rules (a
    level its framework does not offer, an answer to no question, ...): nothing is written.

    When the database file was removed or replaced under the app, the edits are written to a
    file beside the data instead, and :class:`~jalon.services.file_watch.DatabaseReplacedError`
    says where."""
    checked(app, updated)
    try:
        return _save(app, updated)
    except file_watch.DatabaseReplacedError as error:
        from jalon.core.serialize import assessment_to_json

        try:
            written = file_watch.rescue(
                app.data_dir,
                updated.id[:8],
                assessment_to_json(updated),
                app.rescued.get(updated.id),
            )
        except (OSError, JalonError):
            raise file_watch.rescued_error(error, None) from None
        app.rescued[updated.id] = written
        raise file_watch.rescued_error(error, written) from None


def _save(app: Jalon, updated: am.Assessment) -> list[Change]:
    with app.writing() as uow:
        stored = uow.assessments.get(updated.id, updated.revision)
        if stored.is_frozen:
            raise ReadOnlyError(
                N_(
                    "Revision {revision} of this assessment is signed and cannot change. Start "
                    "a new revision to edit it."
                ),
                revision=stored.revision,
            )
        return uow.assessments.save(updated, actor=app.actor)


def start_new_revision(app: Jalon, assessment_id: str) -> am.Assessment:
    """The next draft revision of a signed assessment, carrying every answer forward."""
    check_jurisdiction(app, _jurisdiction_of(app, assessment_id))
    with app.writing() as uow:
        latest = uow.assessments.get(assessment_id)
        if not latest.is_frozen:
            raise InvalidInputError(
                N_(
                    "Revision {revision} is still a draft; keep editing it instead of starting "
                    "a new one."
                ),
                revision=latest.revision,
            )
        draft = checked(app, am.new_revision(latest, now()))
        uow.assessments.add(draft, actor=app.actor, action="new_revision")
    return draft


def duplicate(app: Jalon, assessment_id: str, title: str | None = None) -> am.Assessment:
    """A new assessment (new id, revision 1) starting from the answers of this one; only of
    the installation's own jurisdiction (see :func:`check_jurisdiction`)."""
    check_jurisdiction(app, _jurisdiction_of(app, assessment_id))
    with app.writing() as uow:
        source = uow.assessments.get(assessment_id)
        at = now()
        copy = am.Assessment(
            id=am.new_assessment_id(),
            revision=1,
            title=source.title,
            jurisdiction=source.jurisdiction,
            framework=source.framework,
            responses=source.responses,
            answers=dict(source.answers),
            participants=source.participants,
            created_at=at,
            updated_at=at,
        )
        if title:  # checked and cleaned like any title
            copy = am.with_title(copy, title, at)
        uow.assessments.add(checked(app, copy), actor=app.actor, action="duplicate")
    return copy


def continue_from(app: Jalon, assessment_id: str, copy_title: str | None = None) -> am.Assessment:
    """The next piece of work from an assessment ("Duplicate as new revision"): the next draft
    revision of a signed one (same id), a copy titled ``copy_title`` of a draft (new id)."""
    with app.uow() as uow:
        latest = uow.assessments.get(assessment_id)
    if latest.is_frozen:
        return start_new_revision(app, assessment_id)
    return duplicate(app, assessment_id, copy_title)


def delete(app: Jalon, assessment_id: str) -> None:
    """Delete a draft assessment. Signed revisions are kept: archive them instead."""
    with app.writing() as uow:
        infos = uow.assessments.revisions(assessment_id)
        if any(am.Status(i.status).is_frozen for i in infos):
            raise ReadOnlyError(
                N_(
                    "This assessment has a signed revision and cannot be deleted. Archive it "
                    "instead."
                )
            )
        at = now()
        for info in infos:
            uow.assessments.delete(assessment_id, info.revision, actor=app.actor, at=at)
        if not infos:
            uow.assessments.get(assessment_id)  # raises NotFoundError


def archive(app: Jalon, assessment_id: str, archived: bool = True) -> None:
    with app.writing() as uow:
        uow.assessments.get(assessment_id)
        uow.assessments.set_archived(assessment_id, archived, actor=app.actor, at=now())


def audit_trail(app: Jalon, assessment_id: str) -> list[AuditEntry]:
    with app.uow() as uow:
        return list(uow.assessments.audit_trail(assessment_id))


def check(app: Jalon, a: am.Assessment) -> tuple[Completeness, list[Finding]]:
    fw: Framework = app.framework_for(a)
    return completeness(a, fw), findings(a, fw)
