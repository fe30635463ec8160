"""A ``.jalon`` package: building one (format 2), naming it, and verifying one (1 or 2).

A package Jalon writes is a zip holding exactly ``manifest.json``, ``manifest.sig``,
``assessment.json``, ``report-en.pdf`` and ``report-fr.pdf``: the report in both official
languages, both signed (see ``docs/package-format.md``; format 1 held one ``report.pdf`` in
the signer's language and is still read). Building is deterministic apart from the package
id and the PDF signatures: fixed member order, fixed timestamps, fixed attributes.
Verification lives in :mod:`jalon.exchange.verify` and is re-exported here.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from jalon.core.assessment import Assessment, Status
from jalon.core.errors import N_, InvalidInputError
from jalon.core.fingerprint import fingerprint
from jalon.core.serialize import assessment_to_json
from jalon.core.text import Text
from jalon.exchange import schemas
from jalon.exchange.errors import PackageRefused, Step
from jalon.exchange.manifest import (
    APP_NAME,
    ASSESSMENT,
    MANIFEST,
    MEMBERS,
    REPORTS,
    SIGNATURE,
    FileEntry,
    Manifest,
    Signer,
    manifest_to_json,
)
from jalon.exchange.safejson import canonical
from jalon.exchange.verify import (
    FrameworkLookup,
    TrustCheck,
    TrustStatus,
    VerifiedPackage,
    trust_refusal,
    verify_package,
)

if TYPE_CHECKING:
    from jalon.exchange.keys import UnlockedKey

__all__ = [
    "EXTENSION",
    "FrameworkLookup",
    "PackageRefused",
    "Step",
    "TrustCheck",
    "TrustStatus",
    "VerifiedPackage",
    "build_package",
    "package_filename",
    "trust_refusal",
    "verify_package",
]

EXTENSION = ".jalon"
MAX_FILENAME = 120
#: Members are stamped with the earliest time a zip can hold, so a package does not vary
#: with the moment it was zipped.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FILE_MODE = 0o100644 << 16
_UNIX = 3
_REASON = Text(
    en="Signed digital strategy self-assessment",
    fr="Autoévaluation de la stratégie numérique signée",
)


def package_filename(a: Assessment) -> str:
    """``<jurisdiction>-<title slug or id>-r<revision>[-<date signed>].jalon``: ASCII,
    FAT32/exFAT safe. The date tells apart the exports of a title over the years."""
    # Codes of municipalities and groups are at most 52 characters; one read from elsewhere
    # is cut there too, so that the name stays within MAX_FILENAME (FAT32 allows 255 bytes).
    code = re.sub(r"[^A-Za-z0-9-]+", "", a.jurisdiction.code)[:52].strip("-") or "XX"
    ascii_title = unicodedata.normalize("NFKD", a.title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    signed = f"-{a.signature.signed_at.date().isoformat()}" if a.signature is not None else ""
    tail = f"-r{a.revision}{signed}{EXTENSION}"
    room = MAX_FILENAME - len(code) - 1 - len(tail)
    slug = slug[:room].rstrip("-") or re.sub(r"[^a-z0-9]", "", a.id.lower())[:8] or "assessment"
    return f"{code}-{slug}{tail}"


def _zip(members: list[tuple[str, bytes, int]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content, method in members:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = method
            info.create_system = _UNIX
            info.external_attr = _FILE_MODE
            archive.writestr(info, content, compresslevel=9 if method else None)
    return buffer.getvalue()


def _readable(key_id: str) -> str:
    try:
        return fingerprint(key_id)
    except ValueError:
        return key_id[:32]


def _both(text: Text) -> str:
    return text.en if text.en == text.fr else " / ".join((text.en, text.fr))


def build_package(
    assessment: Assessment,
    reports: Mapping[str, bytes],
    key: UnlockedKey,
    *,
    app_version: str,
    now: datetime,
    package_id: str | None = None,
    sign_report: bool = True,
    signing: Callable[[str], None] | None = None,
) -> bytes:
    """The ``.jalon`` bytes (format 2) for a signed ``assessment`` and its (unsigned)
    reports, ``reports`` holding the English and the French one: ``{"en": …, "fr": …}``.

    ``assessment`` must be signed with ``key``. Each report gets a PAdES signature by
    ``key`` unless ``sign_report`` is False, which is only for reports that already carry
    one (tests and benchmarks that build many packages from one report). ``signing(lang)``,
    when given, is called before each report is signed (for progress).
    """
    if set(reports) != set(REPORTS):
        raise ValueError(f"a package holds the report in {sorted(REPORTS)}, not {sorted(reports)}")
    signature = assessment.signature
    if assessment.status is Status.DRAFT or signature is None:
        raise InvalidInputError(
            N_(
                "Revision {revision} of this assessment is not signed yet. Sign it, then export it."
            ),
            revision=assessment.revision,
        )
    if signature.key_id != key.key_id:
        raise InvalidInputError(
            N_(
                "This revision was signed with another key ({fingerprint}). Export it with "
                "that key, or start a new revision and sign it with this one."
            ),
            fingerprint=_readable(signature.key_id),
        )
    # "exported" is a state of the local copy; the package always holds the signed revision,
    # so exporting the same revision twice yields the same assessment.json.
    signed = replace(assessment, status=Status.SIGNED)
    document = assessment_to_json(signed)
    problem = schemas.first_error(schemas.ASSESSMENT, document)
    if problem is not None:
        raise InvalidInputError(
            N_("This assessment cannot be exported: {path} {detail}. Correct it and sign again."),
            path=problem[0],
            detail=problem[1],
        )
    assessment_json = canonical(document)
    pdfs = {REPORTS[lang]: reports[lang] for lang in REPORTS}
    if sign_report:
        from jalon.exchange.pdfsign import sign_pdf

        for lang, name in REPORTS.items():
            if signing is not None:
                signing(lang)
            pdfs[name] = sign_pdf(
                pdfs[name],
                key,
                reason=_both(_REASON),
                location=_both(assessment.jurisdiction.name),
                now=now,
            )
    contents = {ASSESSMENT: assessment_json, **pdfs}
    manifest = Manifest(
        package_id=package_id or str(uuid.uuid4()),
        assessment_id=assessment.id,
        revision=assessment.revision,
        jurisdiction=assessment.jurisdiction,
        framework=assessment.framework,
        signed_at=now,
        signer=Signer(
            name=signature.signer_name,
            title=signature.signer_title,
            public_key_der=key.public_key_der,
            key_id=key.key_id,
        ),
        app_name=APP_NAME,
        app_version=app_version,
        files=tuple(
            FileEntry(path, len(content), hashlib.sha256(content).hexdigest())
            for path, content in sorted(contents.items())
        ),
    )
    manifest_document = manifest_to_json(manifest)
    problem = schemas.first_error(schemas.MANIFEST, manifest_document)
    if problem is not None:
        raise InvalidInputError(
            N_("This assessment cannot be exported: {path} {detail}. Correct it and sign again."),
            path=problem[0],
            detail=problem[1],
        )
    manifest_json = canonical(manifest_document)
    contents[MANIFEST] = manifest_json
    contents[SIGNATURE] = key.sign(manifest_json)
    # The signature does not compress; everything else is deflated.
    return _zip([(name, contents[name], _method(name)) for name in MEMBERS])


def _method(name: str) -> int:
    return zipfile.ZIP_STORED if name == SIGNATURE else zipfile.ZIP_DEFLATED
