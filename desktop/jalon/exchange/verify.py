"""Verifying a package (format 1 or 2), steps 1 to 5 of DESIGN.md, in order, refusing at
the first failure.

Step 6 (is this revision newer than what is stored?) needs the store: the result carries what
it needs (assessment id, revision, the package's and the assessment's SHA-256). Trust (step 4)
is asked of a callable, so that the store's trust list can answer; with
``require_trust=False`` an untrusted signer does not stop verification and the answer is
reported in :attr:`VerifiedPackage.trust` ("valid, but the signer is not enrolled").
"""

from __future__ import annotations

import binascii
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from jalon.core.assessment import Assessment, FrameworkRef, Status
from jalon.core.errors import N_, InvalidInputError, Message
from jalon.core.fingerprint import fingerprint
from jalon.core.framework import Framework
from jalon.core.serialize import assessment_from_json, format_timestamp
from jalon.core.validation import check_assessment
from jalon.exchange import certs, schemas
from jalon.exchange.errors import PackageRefused, Step
from jalon.exchange.manifest import (
    ASSESSMENT,
    FORMAT,
    FORMAT_VERSIONS,
    LISTED_BY_VERSION,
    MANIFEST,
    MEMBERS_BY_VERSION,
    PDF_MEMBERS,
    SIGNATURE,
    Manifest,
    manifest_from_json,
    report_member,
    report_members,
)
from jalon.exchange.safejson import (
    NotCanonicalError,
    UnsafeJsonError,
    is_canonical,
    parse_canonical,
    parse_strict,
)
from jalon.exchange.zipsafe import ZipLimits, read_members

MiB = 1024 * 1024
MAX_MANIFEST_BYTES = 64 * 1024
MAX_SIGNATURE_BYTES = 512
MAX_ASSESSMENT_BYTES = 8 * MiB
#: The cap of each report (format 2 holds two).
MAX_REPORT_BYTES = 32 * MiB
#: The whole file: two full reports and a full assessment, with room for zip headers and
#: the few bytes deflate adds to what does not compress.
MAX_ARCHIVE_BYTES = 80 * MiB
LIMITS = ZipLimits(
    members={
        MANIFEST: MAX_MANIFEST_BYTES,
        SIGNATURE: MAX_SIGNATURE_BYTES,
        ASSESSMENT: MAX_ASSESSMENT_BYTES,
        **dict.fromkeys(PDF_MEMBERS, MAX_REPORT_BYTES),
    },
    max_archive_bytes=MAX_ARCHIVE_BYTES,
    max_total_bytes=(
        MAX_MANIFEST_BYTES + MAX_SIGNATURE_BYTES + MAX_ASSESSMENT_BYTES + 2 * MAX_REPORT_BYTES
    ),
    layouts=tuple(MEMBERS_BY_VERSION.values()),
)
#: How far ahead of this computer's clock a package may say it was signed (clocks drift).
CLOCK_TOLERANCE = timedelta(hours=24)
#: No package can have been signed before the exchange format existed.
FORMAT_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)

_AGAIN = Message(N_("Ask the sender to export the package again and send it unchanged."))


class TrustStatus(StrEnum):
    """What the trust store says about a key for a jurisdiction."""

    ENROLLED = "enrolled"
    UNKNOWN = "unknown"
    REVOKED = "revoked"
    OTHER_JURISDICTION = "other_jurisdiction"


#: ``trust(key_id, jurisdiction_code)``: the trust store's answer for that key and jurisdiction.
TrustCheck = Callable[[str, str], TrustStatus]
#: ``framework_for(ref)``: the framework an assessment names, or None if this copy lacks it.
FrameworkLookup = Callable[[FrameworkRef], Framework | None]


@dataclass(frozen=True)
class VerifiedPackage:
    """A package whose steps 1-3 and 5 passed; ``trust`` is step 4's answer.

    ``sha256`` is the hash of the whole file (same package again: same hash);
    ``assessment_sha256`` the hash of ``assessment.json`` (same revision, same content);
    ``reports`` the package's PDF reports by member name (``report.pdf`` in format 1,
    ``report-en.pdf`` and ``report-fr.pdf`` in format 2), each checked.
    """

    source: str
    sha256: str
    size: int
    manifest: Manifest
    manifest_json: bytes
    assessment: Assessment
    assessment_json: bytes
    assessment_sha256: str
    reports: dict[str, bytes]
    trust: TrustStatus

    def report(self, lang: str) -> bytes:
        """The report for a reader of ``lang``: in that language when the package has it
        (format 2), else the one it has (format 1)."""
        return self.reports[report_member(self.reports, lang)]

    @property
    def package_id(self) -> str:
        return self.manifest.package_id

    @property
    def assessment_id(self) -> str:
        return self.manifest.assessment_id

    @property
    def revision(self) -> int:
        return self.manifest.revision

    @property
    def key_id(self) -> str:
        return self.manifest.signer.key_id

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key_id)

    @property
    def trusted(self) -> bool:
        return self.trust is TrustStatus.ENROLLED


class _Verification:
    def __init__(self, source: str, now: datetime) -> None:
        self.source = source
        self.now = now
        self.key_id: str | None = None

    def refuse(self, step: Step, msgid: str, **params: Any) -> PackageRefused:
        return PackageRefused(step, msgid, file=self.source, key_id=self.key_id, **params)

    # -- step 2 --------------------------------------------------------------------------

    def manifest(self, data: bytes) -> Manifest:
        step = Step.MANIFEST
        try:
            raw = parse_strict(data, max_bytes=MAX_MANIFEST_BYTES)
        except UnsafeJsonError as exc:
            raise self.refuse(
                step,
                N_("manifest.json is not acceptable JSON ({detail}). {again}"),
                detail=str(exc),
                again=_AGAIN,
            ) from None
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise self.refuse(
                step,
                N_(
                    "manifest.json is not a Jalon package manifest. Choose a .jalon file "
                    "exported by Jalon."
                ),
            )
        version = raw.get("format_version")
        if type(version) is not int or version not in FORMAT_VERSIONS:
            raise self.refuse(
                step,
                N_(
                    "the package is in format version {version}, which this version of Jalon "
                    "does not read (it reads versions {supported}). Update Jalon, or ask the "
                    "sender which version of Jalon made it."
                ),
                version=str(version)[:20],
                supported=", ".join(str(v) for v in FORMAT_VERSIONS),
            )
        if not is_canonical(data, raw):
            raise self.refuse(
                step,
                N_(
                    "manifest.json is not in canonical form (RFC 8785), so it was not "
                    "written by Jalon or was changed. {again}"
                ),
                again=_AGAIN,
            )
        problem = schemas.first_error(schemas.MANIFEST, raw)
        if problem is not None:
            raise self.refuse(
                step,
                N_(
                    "manifest.json does not follow the manifest schema at {path}: {detail}. {again}"
                ),
                path=problem[0],
                detail=problem[1],
                again=_AGAIN,
            )
        self.key_id = raw["signer"]["key_id"]
        try:
            manifest = manifest_from_json(raw)
        except (InvalidInputError, binascii.Error, ValueError) as exc:
            detail = exc.message if isinstance(exc, InvalidInputError) else str(exc)
            raise self.refuse(
                step,
                N_("manifest.json is inconsistent: {detail}. {again}"),
                detail=detail,
                again=_AGAIN,
            ) from None
        listed = LISTED_BY_VERSION[manifest.format_version]
        if [f.path for f in manifest.files] != list(listed):
            raise self.refuse(
                step,
                N_("manifest.json must list {names}, once each and in that order. {again}"),
                names=", ".join(listed),
                again=_AGAIN,
            )
        if manifest.signed_at > self.now + CLOCK_TOLERANCE:
            raise self.refuse(
                step,
                N_(
                    "the package says it was signed at {signed_at}, more than a day from "
                    "now. Check this computer's date and time, and ask the sender to "
                    "check theirs and export again."
                ),
                code="signed_at_out_of_range",
                signed_at=format_timestamp(manifest.signed_at),
            )
        if manifest.signed_at < FORMAT_EPOCH:
            raise self.refuse(
                step,
                N_(
                    "the package says it was signed at {signed_at}, before {epoch}, when no "
                    "Jalon package could be signed. Ask the sender to check their computer's "
                    "date and time and export again."
                ),
                code="signed_at_out_of_range",
                signed_at=format_timestamp(manifest.signed_at),
                epoch=format_timestamp(FORMAT_EPOCH),
            )
        return manifest

    def layout(self, manifest: Manifest, members: dict[str, bytes]) -> None:
        """The archive holds the members of the manifest's format (the zip reader accepts
        the members of any format; only the manifest says which one this package is)."""
        expected = MEMBERS_BY_VERSION[manifest.format_version]
        if set(members) != set(expected):
            raise self.refuse(
                Step.MANIFEST,
                N_(
                    "manifest.json says the package is in format version {version}, which "
                    "holds exactly {names}, but the archive holds {found}. {again}"
                ),
                version=manifest.format_version,
                names=", ".join(expected),
                found=", ".join(members),
                again=_AGAIN,
            )

    # -- step 3 --------------------------------------------------------------------------

    def signature(self, manifest: Manifest, manifest_json: bytes, signature: bytes) -> None:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec

        step = Step.SIGNATURE
        try:
            public_key = certs.load_p256_public_key(manifest.signer.public_key_der)
        except ValueError:
            raise self.refuse(
                step,
                N_(
                    "the signer's public key in the manifest is not a usable ECDSA P-256 "
                    "key. {again}"
                ),
                again=_AGAIN,
            ) from None
        if certs.key_id_of(manifest.signer.public_key_der) != manifest.signer.key_id:
            raise self.refuse(
                step,
                N_("the manifest's key id is not the hash of its public key. {again}"),
                again=_AGAIN,
            )
        if certs.is_high_s(signature):
            raise self.refuse(
                step,
                N_(
                    "the signature is not in the low-S form Jalon writes (it may be a "
                    "malleated copy of a real signature). Do not use it; ask the sender to "
                    "export it again."
                ),
                code="high_s_signature",
            )
        try:
            public_key.verify(signature, manifest_json, ec.ECDSA(hashes.SHA256()))
        except (InvalidSignature, ValueError):
            raise self.refuse(
                step,
                N_(
                    "the signature does not match the manifest: the package was changed "
                    "after it was signed, or damaged. Do not use it; ask the sender to "
                    "export it again."
                ),
            ) from None

    # -- step 4 --------------------------------------------------------------------------

    def trust_refusal(self, status: TrustStatus, manifest: Manifest) -> PackageRefused:
        return _trust_refusal(status, manifest, self.source)

    # -- step 5 --------------------------------------------------------------------------

    def contents(
        self,
        manifest: Manifest,
        members: dict[str, bytes],
        framework_for: FrameworkLookup | None,
        check_report: bool = True,
    ) -> Assessment:
        step = Step.CONTENTS
        for entry in manifest.files:
            content = members[entry.path]
            if len(content) != entry.size or hashlib.sha256(content).hexdigest() != entry.sha256:
                raise self.refuse(
                    step,
                    N_(
                        "{name} is not the file that was signed (its size or SHA-256 "
                        "differs from the manifest): it was changed or damaged. Do not "
                        "use it; ask the sender to export it again."
                    ),
                    name=entry.path,
                )
        assessment = self.assessment(manifest, members[ASSESSMENT])
        if framework_for is not None:
            self.fits_framework(assessment, framework_for)
        # Every report passes every check, in the order they are written (English first).
        for name in report_members(members):
            if not members[name].startswith(b"%PDF-"):
                raise self.refuse(
                    step, N_("{name} is not a PDF document. {again}"), name=name, again=_AGAIN
                )
            if check_report:
                self.report(manifest, members[name], name)
        return assessment

    def report(self, manifest: Manifest, pdf: bytes, name: str) -> None:
        """The report ``name`` carries one valid PAdES signature by the manifest's key,
        covering the whole file, and nothing that acts when it is opened (scripts, launch,
        open actions)."""
        from jalon.exchange.errors import PdfSignatureError
        from jalon.exchange.pdfcheck import check_report_signature

        step = Step.CONTENTS
        try:
            status = check_report_signature(pdf, source=name)
        except PdfSignatureError as exc:
            raise self.refuse(
                step,
                N_("{name} is not a signed report that can be checked: {detail} {again}"),
                code="report_not_signed",
                name=name,
                detail=exc.message,
                again=_AGAIN,
            ) from None
        active = status.active
        if status.key_id != manifest.signer.key_id:
            raise self.refuse(
                step,
                N_(
                    "{name} is signed with another key ({other}), not the key that signed "
                    "the package. {again}"
                ),
                code="report_other_key",
                name=name,
                other=fingerprint(status.key_id),
                again=_AGAIN,
            )
        if not status.ok:
            raise self.refuse(
                step,
                N_(
                    "the signature of {name} does not cover the whole file or does not "
                    "verify: the report was changed after it was signed. {again}"
                ),
                code="report_changed_after_signing",
                name=name,
                again=_AGAIN,
            )
        if active is not None:
            raise self.refuse(
                step,
                N_(
                    "{name} holds active content ({what}), which Jalon never writes into "
                    "a report; it is not opened. Do not use this package; tell the sender."
                ),
                code="report_active_content",
                name=name,
                what=active,
            )

    def assessment(self, manifest: Manifest, data: bytes) -> Assessment:
        step = Step.CONTENTS
        try:
            raw = parse_canonical(data, max_bytes=MAX_ASSESSMENT_BYTES)
        except NotCanonicalError:
            raise self.refuse(
                step,
                N_("assessment.json is not in canonical form (RFC 8785). {again}"),
                again=_AGAIN,
            ) from None
        except UnsafeJsonError as exc:
            raise self.refuse(
                step,
                N_("assessment.json is not acceptable JSON ({detail}). {again}"),
                detail=str(exc),
                again=_AGAIN,
            ) from None
        problem = schemas.first_error(schemas.ASSESSMENT, raw)
        if problem is not None:
            raise self.refuse(
                step,
                N_(
                    "assessment.json does not follow the assessment schema at {path}: "
                    "{detail}. {again}"
                ),
                path=problem[0],
                detail=problem[1],
                again=_AGAIN,
            )
        try:
            assessment = assessment_from_json(raw)
        except InvalidInputError as exc:
            raise self.refuse(
                step,
                N_("assessment.json is inconsistent: {detail}. {again}"),
                detail=exc.message,
                again=_AGAIN,
            ) from None
        self.agrees(manifest, assessment)
        return assessment

    def agrees(self, manifest: Manifest, a: Assessment) -> None:
        signature = a.signature
        checks = (
            (N_("the assessment id"), a.id == manifest.assessment_id),
            (N_("the revision number"), a.revision == manifest.revision),
            (N_("the jurisdiction"), a.jurisdiction == manifest.jurisdiction),
            (N_("the framework"), a.framework == manifest.framework),
            (N_("the status"), a.status is Status.SIGNED and signature is not None),
            (
                N_("the signer"),
                signature is not None
                and (signature.key_id, signature.signer_name, signature.signer_title)
                == (manifest.signer.key_id, manifest.signer.name, manifest.signer.title),
            ),
        )
        for field, ok in checks:
            if not ok:
                raise self.refuse(
                    Step.CONTENTS,
                    N_("assessment.json and manifest.json disagree about {field}. {again}"),
                    field=Message(field),
                    again=_AGAIN,
                )
        assert signature is not None
        # The assessment is signed first, then packaged: its signature cannot be later than
        # the package's, nor earlier than the format.
        if not FORMAT_EPOCH <= signature.signed_at <= manifest.signed_at:
            raise self.refuse(
                Step.CONTENTS,
                N_(
                    "the assessment says it was signed at {assessment_at}, but the package at "
                    "{signed_at}: an assessment is signed before it is packaged. {again}"
                ),
                code="signing_times_disagree",
                assessment_at=format_timestamp(signature.signed_at),
                signed_at=format_timestamp(manifest.signed_at),
                again=_AGAIN,
            )

    def fits_framework(self, a: Assessment, framework_for: FrameworkLookup) -> None:
        framework = framework_for(a.framework)
        if framework is None:
            raise self.refuse(
                Step.CONTENTS,
                N_(
                    "the assessment was made with framework {framework} version {version}, "
                    "which this copy of Jalon does not have. Install that version's framework "
                    "file (.jalonfw) with File › Install a framework update…, or “jalon "
                    "framework install FILE”, then import again."
                ),
                framework=a.framework.id,
                version=a.framework.version,
            )
        published = _published(framework)
        signature = a.signature
        if published is not None and signature is not None and signature.signed_at < published:
            raise self.refuse(
                Step.CONTENTS,
                N_(
                    "the assessment says it was signed at {signed_at}, before the year its "
                    "framework {framework} was published ({published}). Ask the sender to "
                    "check their computer's date and time, sign again and export."
                ),
                code="signed_at_out_of_range",
                signed_at=format_timestamp(signature.signed_at),
                framework=a.framework.id,
                published=framework.published,
            )
        try:
            check_assessment(a, framework)
        except InvalidInputError as exc:
            raise self.refuse(
                Step.CONTENTS,
                N_("the assessment does not fit its framework: {detail}. {again}"),
                detail=exc.message,
                again=_AGAIN,
            ) from None


def _published(framework: Framework) -> datetime | None:
    """The first day of the year the framework was published: assessments are signed with a
    framework's drafts in the months before it is published, never in an earlier year."""
    try:
        year = int(framework.published[:4])
        return datetime(year, 1, 1, tzinfo=UTC)
    except ValueError:
        return None


def verify_package(
    data: bytes,
    *,
    source: str,
    trust: TrustCheck,
    now: datetime,
    require_trust: bool = True,
    framework_for: FrameworkLookup | None = None,
    check_report: bool = True,
) -> VerifiedPackage:
    """Run steps 1-5 on the package ``data``; :class:`PackageRefused` at the first failure.

    ``source`` names the package in messages (its file name). With ``require_trust`` (the
    default, for import) a signer that is not enrolled for the jurisdiction is refused at
    step 4; without it (for ``verify``) step 5 still runs and the answer is in ``.trust``.
    ``framework_for``, when given, also requires the assessment to fit a known framework.
    ``check_report`` (the default) requires every report (report.pdf in format 1,
    report-en.pdf and report-fr.pdf in format 2) to carry one PAdES signature by the
    manifest's key over the whole file and no active content; only tests turn it off.
    """
    if now.tzinfo is None:
        raise ValueError("now must carry its time zone")
    check = _Verification(source, now)
    members = read_members(data, LIMITS, source=source)
    manifest_json = members[MANIFEST]
    manifest = check.manifest(manifest_json)
    check.layout(manifest, members)
    check.signature(manifest, manifest_json, members[SIGNATURE])
    status = TrustStatus(trust(manifest.signer.key_id, manifest.jurisdiction.code))
    if require_trust and status is not TrustStatus.ENROLLED:
        raise check.trust_refusal(status, manifest)
    assessment = check.contents(manifest, members, framework_for, check_report)
    return VerifiedPackage(
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        manifest=manifest,
        manifest_json=manifest_json,
        assessment=assessment,
        assessment_json=members[ASSESSMENT],
        assessment_sha256=manifest.file(ASSESSMENT).sha256,
        reports={name: members[name] for name in report_members(members)},
        trust=status,
    )


def _trust_refusal(status: TrustStatus, manifest: Manifest, source: str) -> PackageRefused:
    params = {
        "fingerprint": manifest.signer.fingerprint,
        "jurisdiction": manifest.jurisdiction.code,
    }
    if status is TrustStatus.REVOKED:
        msgid = N_(
            "the key {fingerprint} that signed it has been revoked. Ask {jurisdiction} to "
            "sign with its current key and export again."
        )
    elif status is TrustStatus.OTHER_JURISDICTION:
        msgid = N_(
            "the key {fingerprint} that signed it is enrolled for another jurisdiction, "
            "not for {jurisdiction}. A key may sign only for its own jurisdiction; ask "
            "{jurisdiction} to sign with its own key."
        )
    else:
        msgid = N_(
            "the key {fingerprint} that signed it is not enrolled. Check this "
            "fingerprint with the signer of {jurisdiction} (by telephone, for example), "
            "enrol their key card, then import again."
        )
    return PackageRefused(Step.TRUST, msgid, file=source, key_id=manifest.signer.key_id, **params)


def trust_refusal(package: VerifiedPackage) -> PackageRefused:
    """The step-4 refusal for a package verified with ``require_trust=False``, not trusted."""
    return _trust_refusal(package.trust, package.manifest, package.source)
