"""An assessment as JSON (``assessment.json`` in a package) and back, exactly.

The JSON form is data from outside the program when it is read back: ``assessment_from_json``
expects a document already valid against ``resources/schemas/assessment.schema.json`` and
still checks what a schema cannot say (a clean title, a known jurisdiction, real dates).
Timestamps are RFC 3339 in UTC with a ``Z``: seconds, plus exactly six digits of fraction when
the instant has microseconds, so that every instant has one spelling.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from jalon.core import assessment as am
from jalon.core.errors import N_, InvalidInputError
from jalon.core.framework import Framework
from jalon.core.jurisdiction import Jurisdiction, from_record

_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z$")


def format_timestamp(value: datetime) -> str:
    """``value`` (timezone-aware) as RFC 3339 UTC: ``2026-11-02T14:30:00Z``."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("a timestamp must carry its time zone")
    utc = value.astimezone(UTC)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S")
    if utc.microsecond:
        text += f".{utc.microsecond:06d}"
    return text + "Z"


def parse_timestamp(text: str) -> datetime:
    """The instant ``text`` names, in the one spelling :func:`format_timestamp` writes."""
    if not isinstance(text, str) or not _TIMESTAMP.fullmatch(text):
        raise InvalidInputError(
            N_("{value!r} is not a UTC timestamp such as 2026-11-02T14:30:00Z."), value=text
        )
    try:
        return datetime.fromisoformat(text[:-1]).replace(tzinfo=UTC)
    except ValueError:
        raise InvalidInputError(
            N_("{value!r} is not a UTC timestamp such as 2026-11-02T14:30:00Z."), value=text
        ) from None


def jurisdiction_to_json(j: Jurisdiction) -> dict[str, Any]:
    return {"code": j.code, "kind": j.kind.value, "name": j.name.to_json()}


def jurisdiction_from_json(data: Mapping[str, Any]) -> Jurisdiction:
    """The jurisdiction ``data`` names; refuses names that are not those of its code."""
    name = data["name"]
    j = from_record(data["code"], data["kind"], name["en"], name["fr"])
    if j.name.en != name["en"] or j.name.fr != name["fr"]:
        raise InvalidInputError(
            N_("The jurisdiction {code} is named {name!r}, which is not its name."),
            code=j.code,
            name=name["en"],
        )
    return j


def _framework_to_json(f: am.FrameworkRef) -> dict[str, Any]:
    return {"id": f.id, "version": f.version, "sha256": f.sha256}


def _signature_to_json(s: am.Signature | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {
        "signer_name": s.signer_name,
        "signer_title": s.signer_title,
        "key_id": s.key_id,
        "signed_at": format_timestamp(s.signed_at),
    }


def _response_to_json(r: am.ThemeResponse) -> dict[str, Any]:
    return {
        "theme_id": r.theme_id,
        "current": r.current,
        "target": r.target,
        "priority": r.priority,
        "role": r.role,
        "capacity": r.capacity,
        "comment": r.comment,
        "evidence": r.evidence,
    }


def assessment_to_json(a: am.Assessment) -> dict[str, Any]:
    """``a`` as plain JSON values; responses stay in framework order."""
    return {
        "id": a.id,
        "revision": a.revision,
        "title": a.title,
        "jurisdiction": jurisdiction_to_json(a.jurisdiction),
        "framework": _framework_to_json(a.framework),
        "status": a.status.value,
        "created_at": format_timestamp(a.created_at),
        "updated_at": format_timestamp(a.updated_at),
        "signature": _signature_to_json(a.signature),
        "participants": [
            {"name": p.name, "title": p.title, "organization": p.organization}
            for p in a.participants
        ],
        "responses": [_response_to_json(r) for r in a.responses],
        "answers": dict(a.answers),
    }


def assessment_from_json(data: Mapping[str, Any]) -> am.Assessment:
    """The assessment ``data`` holds. ``data`` must already be valid against the schema.

    Raises :class:`InvalidInputError` for what the schema cannot check.
    """
    title = data["title"]
    if title != " ".join(title.split()):
        raise InvalidInputError(
            N_("The title {title!r} has leading, trailing or repeated spaces or line breaks."),
            title=title,
        )
    signature = data["signature"]
    return am.Assessment(
        id=data["id"],
        revision=data["revision"],
        title=title,
        jurisdiction=jurisdiction_from_json(data["jurisdiction"]),
        framework=am.FrameworkRef(
            data["framework"]["id"], data["framework"]["version"], data["framework"]["sha256"]
        ),
        responses=tuple(
            am.ThemeResponse(
                theme_id=r["theme_id"],
                current=r["current"],
                target=r["target"],
                priority=r["priority"],
                role=r["role"],
                capacity=r["capacity"],
                comment=r["comment"],
                evidence=r["evidence"],
            )
            for r in data["responses"]
        ),
        answers=dict(data["answers"]),
        participants=tuple(
            am.Participant(p["name"], p["title"], p["organization"]) for p in data["participants"]
        ),
        status=am.Status(data["status"]),
        created_at=parse_timestamp(data["created_at"]),
        updated_at=parse_timestamp(data["updated_at"]),
        signature=None
        if signature is None
        else am.Signature(
            signer_name=signature["signer_name"],
            signer_title=signature["signer_title"],
            key_id=signature["key_id"],
            signed_at=parse_timestamp(signature["signed_at"]),
        ),
    )


def _level_or_none(value: Any, levels: set[int]) -> bool:
    return value is None or (type(value) is int and value in levels)


def _plain_text(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= am.MAX_LONG_TEXT and "\x00" not in value


def check_fits_framework(a: am.Assessment, framework: Framework) -> None:
    """Refuse an assessment read from outside that does not fit ``framework``.

    Every theme once, in the framework's order; levels and choices the framework offers;
    answers only to its questions. Raises :class:`InvalidInputError` naming the first problem.
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
