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
from pathlib import Path
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
#: The members of a package Jalon writes (format 2), in order.
NAMES = ("manifest.json", "manifest.sig", "assessment.json", "report-en.pdf", "report-fr.pdf")
#: The members of a format-1 package (still read), in order.
NAMES_V1 = ("manifest.json", "manifest.sig", "assessment.json", "report.pdf")
#: The reports of a format-2 package.
REPORTS = ("report-en.pdf", "report-fr.pdf")
#: A format-1 package exported by the last Jalon that wrote format 1 (commit d432831; see
#: tests/fixtures/format1/make_fixture.py), and the key card of the key that signed it.
FORMAT_1_PACKAGE = Path(__file__).parent / "fixtures" / "format1" / "ON-format1.jalon"
FORMAT_1_CARD = Path(__file__).parent / "fixtures" / "format1" / "ON-format1-key-card.json"
#: Every name either format may hold, in the order they are written.
_ORDER = ("manifest.json", "manifest.sig", "assessment.json", "report.pdf", *REPORTS)


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
def report_pdf(lang: str = "en") -> bytes:
    """A small, real, unsigned PDF made with reportlab, in English or in French."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=letter, invariant=True)
    page.setTitle("Jalon test report" if lang == "en" else "Rapport d'essai Jalon")
    page.drawString(72, 720, "Digital strategy 2026 — Ontario")
    page.drawString(
        72, 700, "Self-assessment report" if lang == "en" else "Rapport d'autoévaluation"
    )
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
def signed_report(lang: str = "en") -> bytes:
    """The test report signed once by the ON key (building many packages stays quick)."""
    from jalon.exchange.pdfsign import sign_pdf

    return sign_pdf(
        report_pdf(lang), signer_key(), reason="Test", location="Ontario", now=SIGNED_AT
    )


def signed_reports() -> dict[str, bytes]:
    """Both test reports signed by the ON key, for ``build_package(..., sign_report=False)``."""
    return {"en": signed_report("en"), "fr": signed_report("fr")}


def unsigned_reports() -> dict[str, bytes]:
    """Both test reports, unsigned, for ``build_package``."""
    return {"en": report_pdf("en"), "fr": report_pdf("fr")}


_SIGNED_REPORTS: dict[tuple[str, str], bytes] = {}


def signed_report_for(key: UnlockedKey, lang: str = "en") -> bytes:
    """The test report signed by ``key`` (import requires the manifest's key on the PDF)."""
    from jalon.exchange.pdfsign import sign_pdf

    if key.key_id == signer_key().key_id:
        return signed_report(lang)
    if (key.key_id, lang) not in _SIGNED_REPORTS:
        _SIGNED_REPORTS[key.key_id, lang] = sign_pdf(
            report_pdf(lang), key, reason="Test", location="Test", now=SIGNED_AT
        )
    return _SIGNED_REPORTS[key.key_id, lang]


def signed_reports_for(key: UnlockedKey) -> dict[str, bytes]:
    """Both test reports signed by ``key``."""
    return {lang: signed_report_for(key, lang) for lang in ("en", "fr")}


@cache
def valid_package() -> bytes:
    """A valid package by the ON key, its report signed by build_package itself."""
    key = signer_key()
    return build_package(
        signed_assessment(key),
        unsigned_reports(),
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
    """``package`` re-zipped with members replaced (``None`` drops one), in the usual order:
    ``report_en_pdf=`` for report-en.pdf, ``report_pdf=`` for report.pdf (format 1)."""
    members = members_of(package)
    for attribute, content in changes.items():
        name = (
            attribute.replace("_json", ".json")
            .replace("_sig", ".sig")
            .replace("_pdf", ".pdf")
            .replace("_en", "-en")
            .replace("_fr", "-fr")
        )
        if content is None:
            members.pop(name)
        else:
            members[name] = content
    return zip_members((n, members[n]) for n in _ORDER if n in members)


def forge(
    key: UnlockedKey,
    *,
    assessment_json: bytes | None = None,
    report: bytes | None = None,
    reports: dict[str, bytes] | None = None,
    manifest_changes: Callable[[dict[str, Any]], None] | None = None,
    manifest_bytes: Callable[[dict[str, Any]], bytes] | None = None,
    format_version: int = 2,
) -> bytes:
    """A package signed by ``key`` whose parts are given; the manifest lists their hashes.

    ``report`` stands for every report of the package; ``reports`` (by member name) for
    some of them. ``format_version=1`` makes a format-1 package (one report.pdf), as the
    Jalon of format 1 wrote them. The result is validly signed, so whatever is wrong with it
    is found after step 3.
    """
    members = members_of(valid_package())
    assessment_json = members["assessment.json"] if assessment_json is None else assessment_json
    names = NAMES if format_version == 2 else NAMES_V1
    pdfs: dict[str, bytes] = {}
    for name in names[3:]:
        lang = "fr" if name == "report-fr.pdf" else "en"
        if reports is not None and name in reports:
            pdfs[name] = reports[name]
        elif report is not None:
            pdfs[name] = report
        elif key.key_id == signer_key().key_id and name in members:
            pdfs[name] = members[name]
        else:
            pdfs[name] = signed_report_for(key, lang)
    manifest = json.loads(members["manifest.json"])
    manifest["format_version"] = format_version
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
        *(
            {"path": name, "size": len(pdf), "sha256": hashlib.sha256(pdf).hexdigest()}
            for name, pdf in pdfs.items()
        ),
    ]
    if manifest_changes is not None:
        manifest_changes(manifest)
    data = manifest_bytes(manifest) if manifest_bytes else canonical(manifest)
    return zip_members(
        [
            ("manifest.json", data),
            ("manifest.sig", key.sign(data)),
            ("assessment.json", assessment_json),
            *pdfs.items(),
        ]
    )


def format1_package(key: UnlockedKey | None = None, *, lang: str = "en") -> bytes:
    """A valid format-1 package by ``key`` (the ON key by default), laid out byte for byte
    as the Jalon of format 1 wrote them: the same four members in the same order, the same
    member times, modes and methods, its one report.pdf (in ``lang``) signed by the key."""
    from jalon.exchange.package import _method, _zip

    key = key or signer_key()
    report = {"report.pdf": signed_report_for(key, lang)}
    forged = members_of(forge(key, reports=report, format_version=1))
    return _zip([(name, forged[name], _method(name)) for name in NAMES_V1])


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
