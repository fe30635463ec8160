"""Start a new revision of an assessment on a newer framework version, answers carried through
the version's mapping. :func:`preview` shows what would happen and writes nothing;
:func:`carry_forward` stores the new draft revision (the signed revision stays as it was, on
its own framework version, readable and verifiable)."""

from __future__ import annotations

from jalon.core import assessment as am
from jalon.core.carry_forward import CarryForward
from jalon.core.carry_forward import carry_forward as carry
from jalon.core.errors import N_, InvalidInputError
from jalon.services import frameworks
from jalon.services.app import Jalon, now


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
    mapping = new.previous
    if mapping is None or mapping.version != old.version:
        raise InvalidInputError(
            N_(
                "Version {version} does not say how to map version {current}. Carry the "
                "assessment forward one version at a time."
            ),
            version=new.version,
            current=old.version,
        )
    return carry(latest, old, new, mapping, lang=lang, now=now())


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
        uow.assessments.add(result.draft, actor=app.actor, action="carry_forward")
    return result


def newer_version(app: Jalon, a: am.Assessment) -> str | None:
    """The newer framework version ``a`` can be carried forward to (the one whose mapping
    starts from ``a``'s version), or None."""
    for fw in app.frameworks.all():
        previous = fw.previous
        if (
            fw.id == a.framework.id
            and previous is not None
            and previous.version == (a.framework.version)
        ):
            return fw.version
    return None
