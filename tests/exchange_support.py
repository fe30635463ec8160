"""Helpers for the exchange tests: keys, a real PDF, valid packages, and hand-made zips.

Keys and the base package are cached for the whole run (scrypt and PDF signing are slow);
every helper returns fresh bytes, never a shared mutable value.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from jalon.core import assessment as am
from jalon.core.framework import Framework, load_framework
from jalon.core.jurisdiction import Jurisdiction, government
from jalon.core.serialize import assessment_to_json
from jalon.exchange.keys import SigningKeyFile, UnlockedKey, create_signing_key
from jalon.exchange.package import TrustStatus, build_package
from jalon.exchange.safejson import canonical

from .conftest import FIXED_NOW, FRAMEWORK_FILE, FRAMEWORK_SCHEMA, complete_assessment

PASSPHRASE = "correct horse battery staple"
#: Test keys use a small scrypt work factor; one test checks the real one.
TEST_SCRYPT_N = 2**14
SIGNED_AT = FIXED_NOW + timedelta(hours=1)
#: "Now" when verifying: a little after signing.
VERIFY_NOW = SIGNED_AT + timedelta(days=2)
NAMES = ("manifest.json", "manifest.sig", "assessment.json", "report.pdf")


@cache
def the_framework() -> Framework:
    return load_framework(FRAMEWORK_FILE, FRAMEWORK_SCHEMA)


SIGNER_TITLE = "Chief Information Officer"
ASSESSMENT_ID = "6f1c2b9e-3d4a-4c1b-9a7e-2b8d5c0f1a11"


def key_file(name: str = "Alex Tremblay", code: str = "ON") -> SigningKeyFile:
    return _key_file(name, code)


@cache
def _key_file(name: str, code: str) -> SigningKeyFile:
    return create_signing_key(
        name, SIGNER_TITLE, government(code), PASSPHRASE, now=FIXED_NOW, _scrypt_n=TEST_SCRYPT_N
    )


def signer_key(name: str = "Alex Tremblay", code: str = "ON") -> UnlockedKey:
    return _signer_key(name, code)


@cache
def _signer_key(name: str, code: str) -> UnlockedKey:
    return _key_file(name, code).unlock(PASSPHRASE)


@cache
def report_pdf() -> bytes:
    """A small, real, unsigned PDF made with reportlab."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=letter, invariant=True)
    page.setTitle("Jalon test report")
    page.drawString(72, 720, "Digital strategy 2026 — Ontario")
    page.drawString(72, 700, "Rapport d'autoévaluation / Self-assessment report")
    page.showPage()
    page.drawString(72, 720, "Second page")
    page.showPage()
    page.save()
    return buffer.getvalue()


def signed_assessment(key: UnlockedKey, code: str = "ON", revision: int = 1) -> am.Assessment:
    a = complete_assessment(the_framework(), code)
    a = replace(a, id=ASSESSMENT_ID, revision=revision)
    return am.sign(a, am.Signature(key.signer_name, key.signer_title, key.key_id, FIXED_NOW))


@cache
def signed_report() -> bytes:
    """The test report signed once by the ON key (building many packages stays quick)."""
    from jalon.exchange.pdfsign import sign_pdf

    return sign_pdf(report_pdf(), signer_key(), reason="Test", location="Ontario", now=SIGNED_AT)


_SIGNED_REPORTS: dict[str, bytes] = {}


def signed_report_for(key: UnlockedKey) -> bytes:
    """The test report signed by ``key`` (import requires the manifest's key on the PDF)."""
    from jalon.exchange.pdfsign import sign_pdf

    if key.key_id == signer_key().key_id:
        return signed_report()
    if key.key_id not in _SIGNED_REPORTS:
        _SIGNED_REPORTS[key.key_id] = sign_pdf(
            report_pdf(), key, reason="Test", location="Test", now=SIGNED_AT
        )
    return _SIGNED_REPORTS[key.key_id]


@cache
def valid_package() -> bytes:
    """A valid package by the ON key, its report signed by build_package itself."""
    key = signer_key()
    return build_package(
        signed_assessment(key),
        report_pdf(),
        key,
        app_version="0.1.0",
        now=SIGNED_AT,
        package_id="00000000-0000-4000-8000-000000000001",
    )


def trust_only(
    *enrolled: tuple[str, str], revoked: Iterable[str] = ()
) -> Callable[[str, str], TrustStatus]:
    """A trust store holding ``(key_id, jurisdiction)`` pairs; ``revoked`` key ids."""
    keys = dict(enrolled)
    gone = set(revoked)

    def trust(key_id: str, jurisdiction: str) -> TrustStatus:
        if key_id in gone:
            return TrustStatus.REVOKED
        if key_id not in keys:
            return TrustStatus.UNKNOWN
        if keys[key_id] != jurisdiction:
            return TrustStatus.OTHER_JURISDICTION
        return TrustStatus.ENROLLED

    return trust


def trust_on() -> Callable[[str, str], TrustStatus]:
    return trust_only((signer_key().key_id, "ON"))


def members_of(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def manifest_of(package: bytes) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(members_of(package)["manifest.json"])
    return document


def zip_members(
    members: Iterable[tuple[str, bytes]], *, method: int = zipfile.ZIP_DEFLATED
) -> bytes:
    """A plain zip of ``members`` in that order, written by Python's zipfile."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = method
            archive.writestr(info, content)
    return buffer.getvalue()


def repack(package: bytes, **changes: bytes | None) -> bytes:
    """``package`` re-zipped with members replaced (``None`` drops one), in the usual order."""
    members = members_of(package)
    for attribute, content in changes.items():
        name = attribute.replace("_json", ".json").replace("_sig", ".sig").replace("_pdf", ".pdf")
        if content is None:
            members.pop(name)
        else:
            members[name] = content
    return zip_members((n, members[n]) for n in NAMES if n in members)


def forge(
    key: UnlockedKey,
    *,
    assessment_json: bytes | None = None,
    report: bytes | None = None,
    manifest_changes: Callable[[dict[str, Any]], None] | None = None,
    manifest_bytes: Callable[[dict[str, Any]], bytes] | None = None,
) -> bytes:
    """A package signed by ``key`` whose parts are given; the manifest lists their hashes.

    The result is validly signed, so whatever is wrong with it is found after step 3.
    """
    members = members_of(valid_package())
    assessment_json = members["assessment.json"] if assessment_json is None else assessment_json
    if report is None:
        report = (
            members["report.pdf"] if key.key_id == signer_key().key_id else signed_report_for(key)
        )
    manifest = json.loads(members["manifest.json"])
    manifest["signer"]["public_key"] = base64.b64encode(key.public_key_der).decode()
    manifest["signer"]["key_id"] = key.key_id
    manifest["signer"]["name"] = key.signer_name
    manifest["signer"]["title"] = key.signer_title
    manifest["files"] = [
        {
            "path": "assessment.json",
            "size": len(assessment_json),
            "sha256": hashlib.sha256(assessment_json).hexdigest(),
        },
        {"path": "report.pdf", "size": len(report), "sha256": hashlib.sha256(report).hexdigest()},
    ]
    if manifest_changes is not None:
        manifest_changes(manifest)
    data = manifest_bytes(manifest) if manifest_bytes else canonical(manifest)
    return zip_members(
        [
            ("manifest.json", data),
            ("manifest.sig", key.sign(data)),
            ("assessment.json", assessment_json),
            ("report.pdf", report),
        ]
    )


def assessment_document(key: UnlockedKey | None = None) -> dict[str, Any]:
    """The assessment.json of the valid package, as a dict to change."""
    return assessment_to_json(signed_assessment(key or signer_key()))


# -- hand-made zips -----------------------------------------------------------------------


@dataclass
class RawEntry:
    """One member of a hand-made zip; every field that a hostile archive might lie about."""

    name: bytes
    content: bytes
    method: int = 8
    flags: int = 0
    external: int = 0o100644 << 16
    made_by: int = (3 << 8) | 20
    crc: int | None = None
    size: int | None = None
    payload: bytes | None = None  # the stored bytes, if not the content compressed honestly
    extra: bytes = b""
    comment: bytes = b""


def deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def raw_zip(
    entries: Iterable[RawEntry], *, comment: bytes = b"", count: int | None = None
) -> bytes:
    """A zip written byte by byte, with no library between the test and the format."""
    out = bytearray()
    central = bytearray()
    entries = list(entries)
    for entry in entries:
        if entry.payload is not None:
            payload = entry.payload
        elif entry.method == 8:
            payload = deflate(entry.content)
        else:
            payload = entry.content
        crc = zlib.crc32(entry.content) if entry.crc is None else entry.crc
        size = len(entry.content) if entry.size is None else entry.size
        offset = len(out)
        out += struct.pack(
            "<4sHHHHHIIIHH",
            b"PK\x03\x04",
            20,
            entry.flags,
            entry.method,
            0,
            0x21,
            crc,
            len(payload),
            size,
            len(entry.name),
            len(entry.extra),
        )
        out += entry.name + entry.extra + payload
        central += struct.pack(
            "<4sHHHHHHIIIHHHHHII",
            b"PK\x01\x02",
            entry.made_by,
            20,
            entry.flags,
            entry.method,
            0,
            0x21,
            crc,
            len(payload),
            size,
            len(entry.name),
            len(entry.extra),
            len(entry.comment),
            0,
            0,
            entry.external,
            offset,
        )
        central += entry.name + entry.extra + entry.comment
    total = len(entries) if count is None else count
    end = struct.pack(
        "<4sHHHHIIH", b"PK\x05\x06", 0, 0, total, total, len(central), len(out), len(comment)
    )
    return bytes(out + central + end + comment)


def raw_package(
    replace_entries: Callable[[list[RawEntry]], list[RawEntry]] | None = None,
) -> bytes:
    """The valid package rebuilt by :func:`raw_zip`, after ``replace_entries`` edits it."""
    members = members_of(valid_package())
    entries = [RawEntry(name.encode(), members[name]) for name in NAMES]
    if replace_entries is not None:
        entries = replace_entries(entries)
    return raw_zip(entries)


def now_utc() -> datetime:
    return datetime.now(UTC)


def other_jurisdiction() -> Jurisdiction:
    return government("QC")
