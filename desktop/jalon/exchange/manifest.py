"""The manifest of a package (formats 1 and 2): what it holds, who signed it, and for whom.

``manifest.json`` is RFC 8785 canonical JSON valid against
``resources/schemas/package-manifest.schema.json``; ``manifest.sig`` signs its exact bytes.
"""

from __future__ import annotations

import base64
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jalon.core.assessment import FrameworkRef
from jalon.core.fingerprint import fingerprint
from jalon.core.jurisdiction import Jurisdiction
from jalon.core.serialize import (
    format_timestamp,
    jurisdiction_from_json,
    jurisdiction_to_json,
    parse_timestamp,
)

FORMAT = "jalon.package"
#: The format Jalon writes: the report in both official languages.
FORMAT_VERSION = 2
#: The first format: one report, in the signer's language. Still read, never written.
FORMAT_VERSION_1 = 1
#: Every format this version of Jalon reads.
FORMAT_VERSIONS = (FORMAT_VERSION_1, FORMAT_VERSION)
APP_NAME = "Jalon"

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
ASSESSMENT = "assessment.json"
#: The one report of a format-1 package.
REPORT = "report.pdf"
REPORT_EN = "report-en.pdf"
REPORT_FR = "report-fr.pdf"
#: The reports of a format-2 package, by language.
REPORTS = {"en": REPORT_EN, "fr": REPORT_FR}
#: The members of a package of each format, in the order they are written.
MEMBERS_BY_VERSION: dict[int, tuple[str, ...]] = {
    FORMAT_VERSION_1: (MANIFEST, SIGNATURE, ASSESSMENT, REPORT),
    FORMAT_VERSION: (MANIFEST, SIGNATURE, ASSESSMENT, REPORT_EN, REPORT_FR),
}
#: The members the manifest of each format lists, sorted by path.
LISTED_BY_VERSION: dict[int, tuple[str, ...]] = {
    version: tuple(sorted(names[2:])) for version, names in MEMBERS_BY_VERSION.items()
}
#: The members of a package Jalon writes, in order, and those its manifest lists.
MEMBERS = MEMBERS_BY_VERSION[FORMAT_VERSION]
LISTED = LISTED_BY_VERSION[FORMAT_VERSION]
#: Every PDF member a package of any format may hold.
PDF_MEMBERS = (REPORT, REPORT_EN, REPORT_FR)


def report_members(names: Collection[str]) -> tuple[str, ...]:
    """The reports among a package's member ``names``, in the order they are written."""
    return tuple(name for name in PDF_MEMBERS if name in names)


def report_member(names: Collection[str], lang: str) -> str:
    """The report to show a reader of ``lang`` among a package's member ``names``: the one
    in that language (format 2), else the other language's, else ``report.pdf`` (format 1).

    ``KeyError`` when the names hold no report."""
    preferred = REPORTS.get(lang, REPORT_EN)
    for name in (preferred, *REPORTS.values(), REPORT):
        if name in names:
            return name
    raise KeyError(REPORT)


@dataclass(frozen=True, slots=True)
class FileEntry:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class Signer:
    name: str
    title: str
    public_key_der: bytes
    key_id: str

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key_id)


@dataclass(frozen=True, slots=True)
class Manifest:
    """A package's manifest, as read (after its schema) or as about to be written."""

    package_id: str
    assessment_id: str
    revision: int
    jurisdiction: Jurisdiction
    framework: FrameworkRef
    signed_at: datetime
    signer: Signer
    app_name: str
    app_version: str
    files: tuple[FileEntry, ...]
    format_version: int = FORMAT_VERSION

    def file(self, path: str) -> FileEntry:
        return next(f for f in self.files if f.path == path)


def manifest_to_json(m: Manifest) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": m.format_version,
        "package_id": m.package_id,
        "assessment_id": m.assessment_id,
        "revision": m.revision,
        "jurisdiction": jurisdiction_to_json(m.jurisdiction),
        "framework": {
            "id": m.framework.id,
            "version": m.framework.version,
            "sha256": m.framework.sha256,
        },
        "signed_at": format_timestamp(m.signed_at),
        "signer": {
            "name": m.signer.name,
            "title": m.signer.title,
            "public_key": base64.b64encode(m.signer.public_key_der).decode("ascii"),
            "key_id": m.signer.key_id,
        },
        "app": {"name": m.app_name, "version": m.app_version},
        "files": [
            {"path": f.path, "size": f.size, "sha256": f.sha256}
            for f in sorted(m.files, key=lambda f: f.path)
        ],
    }


def manifest_from_json(raw: dict[str, Any]) -> Manifest:
    """The manifest in ``raw`` (already valid against the schema).

    Raises ``InvalidInputError`` (jurisdiction, timestamp) or ``binascii.Error`` (public key).
    """
    signer = raw["signer"]
    framework = raw["framework"]
    return Manifest(
        package_id=raw["package_id"],
        assessment_id=raw["assessment_id"],
        revision=raw["revision"],
        jurisdiction=jurisdiction_from_json(raw["jurisdiction"]),
        framework=FrameworkRef(framework["id"], framework["version"], framework["sha256"]),
        signed_at=parse_timestamp(raw["signed_at"]),
        signer=Signer(
            name=signer["name"],
            title=signer["title"],
            public_key_der=base64.b64decode(signer["public_key"], validate=True),
            key_id=signer["key_id"],
        ),
        app_name=raw["app"]["name"],
        app_version=raw["app"]["version"],
        files=tuple(FileEntry(f["path"], f["size"], f["sha256"]) for f in raw["files"]),
        format_version=raw["format_version"],
    )
