"""Start a new revision of an assessment on a newer framework version, answers carried through
the version's mapping. :func:`preview` shows what would happen and writes nothing;
:func:`carry_forward` stores the new draft revision (the signed revision stays as it was, on
its own framework version, readable and verifiable)."""

from __future__ import annotations

from jalon.core import assessment as am
from jalon.core.carry_forward import CarryForward, carry_through
from jalon.core.errors import N_, InvalidInputError, JalonError
from jalon.services import frameworks
from jalon.services.app import Jalon, now
from jalon.services.assessments import checked


def _plan(app: Jalon, latest: am.Assessment, version: str, lang: str) -> CarryForward:
    if not latest.is_frozen:
        raise InvalidInputError(
            N_(
                "Revision {revision} is still a draft. Sign it first: a new framework version "
                "starts a new revision from a signed one."
            ),
            revision=latest.revision,
        )
    old = app.framework_for(latest)
    new = frameworks.resolve(app, version, latest.framework.id)
    if frameworks.version_key(new.version) <= frameworks.version_key(old.version):
        raise InvalidInputError(
            N_(
                "This assessment is on version {current}; carry it forward only to a newer version."
            ),
            current=old.version,
        )
    # Through each version in between (v1 → v2 → v3), each with its own mapping.
    steps = frameworks.chain(app, old, new)
    return carry_through(latest, old, steps, lang=lang, now=now())


def preview(app: Jalon, assessment_id: str, version: str, lang: str = "en") -> CarryForward:
    """What carrying the latest revision forward to ``version`` would give; writes nothing."""
    with app.uow() as uow:
        latest = uow.assessments.get(assessment_id)
    return _plan(app, latest, version, lang)


def carry_forward(app: Jalon, assessment_id: str, version: str, lang: str = "en") -> CarryForward:
    """Store the next draft revision on ``version``, answers carried forward."""
    with app.writing() as uow:
        latest = uow.assessments.get(assessment_id)
        result = _plan(app, latest, version, lang)
        uow.assessments.add(checked(app, result.draft), actor=app.actor, action="carry_forward")
    return result


def newer_version(app: Jalon, a: am.Assessment) -> str | None:
    """The newest framework version ``a`` can be carried forward to (through the mappings of
    every version in between), or None."""
    newer = sorted(
        (
            fw
            for fw in app.frameworks.all()
            if fw.id == a.framework.id
            and frameworks.version_key(fw.version) > frameworks.version_key(a.framework.version)
        ),
        key=lambda fw: frameworks.version_key(fw.version),
        reverse=True,
    )
    if not newer:
        return None
    try:
        old = app.framework_for(a)
    except JalonError:
        return None
    for fw in newer:
        try:
            frameworks.chain(app, old, fw)
        except JalonError:
            continue
        return fw.version
    return None
