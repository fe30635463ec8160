"""Between domain values (``jalon.core``) and rows (``jalon.store.models``)."""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol

from jalon.core import assessment as am
from jalon.core.jurisdiction import Jurisdiction, from_record
from jalon.store.models import AnswerRow, AssessmentRevisionRow, ParticipantRow, ThemeResponseRow


class JurisdictionColumns(Protocol):
    """A stored row (or a result row, or query facts) with the four jurisdiction columns."""

    @property
    def jurisdiction_code(self) -> str: ...
    @property
    def jurisdiction_kind(self) -> str: ...
    @property
    def jurisdiction_name_en(self) -> str: ...
    @property
    def jurisdiction_name_fr(self) -> str: ...


def jurisdiction_of(row: JurisdictionColumns) -> Jurisdiction:
    """The jurisdiction a stored row names: the one mapping from the four columns, checked by
    :func:`jalon.core.jurisdiction.from_record`."""
    return _jurisdiction(
        row.jurisdiction_code,
        row.jurisdiction_kind,
        row.jurisdiction_name_en,
        row.jurisdiction_name_fr,
    )


@lru_cache(maxsize=16_384)
def _jurisdiction(code: str, kind: str, name_en: str, name_fr: str) -> Jurisdiction:
    """Each stored jurisdiction checked once (a dashboard lists thousands, again and again)."""
    return from_record(code, kind, name_en, name_fr)


def to_domain(row: AssessmentRevisionRow) -> am.Assessment:
    signature = None
    if row.signer_key_id and row.signed_at:
        signature = am.Signature(
            signer_name=row.signer_name or "",
            signer_title=row.signer_title or "",
            key_id=row.signer_key_id,
            signed_at=row.signed_at,
        )
    return am.Assessment(
        id=row.assessment_id,
        revision=row.revision,
        title=row.title,
        jurisdiction=jurisdiction_of(row),
        framework=am.FrameworkRef(row.framework_id, row.framework_version, row.framework_sha256),
        responses=tuple(
            am.ThemeResponse(
                theme_id=r.theme_id,
                current=r.current,
                target=r.target,
                priority=r.priority,
                role=r.role,
                capacity=r.capacity,
                comment=r.comment,
                evidence=r.evidence,
            )
            for r in sorted(row.responses, key=lambda r: r.position)
        ),
        answers={a.question_id: a.text for a in row.answers},
        participants=tuple(
            am.Participant(p.name, p.title, p.organization)
            for p in sorted(row.participants, key=lambda p: p.position)
        ),
        status=am.Status(row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
        signature=signature,
    )


def apply(row: AssessmentRevisionRow, a: am.Assessment) -> None:
    """Make ``row`` hold ``a``, touching only what differs (autosave writes little)."""
    fields = {
        "assessment_id": a.id,
        "revision": a.revision,
        "title": a.title,
        "jurisdiction_code": a.jurisdiction.code,
        "jurisdiction_kind": a.jurisdiction.kind.value,
        "jurisdiction_name_en": a.jurisdiction.name.en,
        "jurisdiction_name_fr": a.jurisdiction.name.fr,
        "framework_id": a.framework.id,
        "framework_version": a.framework.version,
        "framework_sha256": a.framework.sha256,
        "status": a.status.value,
        "created_at": a.created_at,
        "updated_at": a.updated_at,
        "signer_name": a.signature.signer_name if a.signature else None,
        "signer_title": a.signature.signer_title if a.signature else None,
        "signer_key_id": a.signature.key_id if a.signature else None,
        "signed_at": a.signature.signed_at if a.signature else None,
    }
    for name, value in fields.items():
        if getattr(row, name, None) != value:
            setattr(row, name, value)

    existing = {r.theme_id: r for r in row.responses}
    for position, response in enumerate(a.responses):
        target = existing.pop(response.theme_id, None)
        if target is None:
            target = ThemeResponseRow(theme_id=response.theme_id)
            row.responses.append(target)
        values = {
            "position": position,
            "current": response.current,
            "target": response.target,
            "priority": response.priority,
            "role": response.role,
            "capacity": response.capacity,
            "comment": response.comment,
            "evidence": response.evidence,
        }
        for name, value in values.items():
            if getattr(target, name, None) != value:
                setattr(target, name, value)
    for stale in existing.values():
        row.responses.remove(stale)

    answers = {ans.question_id: ans for ans in row.answers}
    for qid, text in a.answers.items():
        if qid in answers:
            if answers[qid].text != text:
                answers[qid].text = text
        else:
            row.answers.append(AnswerRow(question_id=qid, text=text))
    for qid, stale_answer in answers.items():
        if qid not in a.answers:
            row.answers.remove(stale_answer)

    people = sorted(row.participants, key=lambda p: p.position)
    for position, person in enumerate(a.participants):
        if position < len(people):
            slot = people[position]
            for name in ("name", "title", "organization"):
                if getattr(slot, name) != getattr(person, name):
                    setattr(slot, name, getattr(person, name))
        else:
            row.participants.append(
                ParticipantRow(
                    position=position,
                    name=person.name,
                    title=person.title,
                    organization=person.organization,
                )
            )
    for extra in people[len(a.participants) :]:
        row.participants.remove(extra)
