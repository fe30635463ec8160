"""Framework files (``.jalonfw``): a framework version signed by the secretariat.

The design mirrors the assessment package (``docs/package-format.md``): a plain zip holding
exactly ``manifest.json`` (RFC 8785 canonical JSON), ``manifest.sig`` (DER ECDSA P-256 /
SHA-256 of the manifest's exact bytes) and ``framework.json`` (the framework source file's
exact bytes, whose SHA-256 is the framework's digest). Anyone can check one with ``unzip``,
``openssl dgst`` and ``sha256sum`` (``docs/framework-updates.md``).

This module builds and reads the file and checks that it holds together (signature, digests,
ids). Whether its signer is *trusted* is decided by the services layer against the shipped
secretariat key cards and the revocation list.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jalon.core.errors import N_, JalonError, Message
from jalon.core.framework import MAX_FRAMEWORK_BYTES, Framework, parse_framework
from jalon.core.serialize import format_timestamp, parse_timestamp
from jalon.exchange import certs
from jalon.exchange.errors import PackageRefused
from jalon.exchange.keys import UnlockedKey
from jalon.exchange.safejson import UnsafeJsonError, canonical, parse_canonical
from jalon.exchange.zipsafe import ZipLimits, read_members

FORMAT = "jalon.framework"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
FRAMEWORK = "framework.json"
MAX_MANIFEST_BYTES = 16 * 1024
MAX_SIGNATURE_BYTES = 512
LIMITS = ZipLimits(
    members={
        MANIFEST: MAX_MANIFEST_BYTES,
        SIGNATURE: MAX_SIGNATURE_BYTES,
        FRAMEWORK: MAX_FRAMEWORK_BYTES,
    },
    max_archive_bytes=MAX_FRAMEWORK_BYTES + 64 * 1024,
    max_total_bytes=MAX_FRAMEWORK_BYTES + MAX_MANIFEST_BYTES + MAX_SIGNATURE_BYTES,
)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FILE_MODE = 0o100644 << 16
_UNIX = 3


class FrameworkFileRefused(JalonError):  # noqa: N818 (named like PackageRefused)
    """A ``.jalonfw`` file that is damaged, changed, untrusted or not newer: nothing installed."""

    def __init__(self, msgid: str, /, *, file: str, **params: Any) -> None:
        self.file = file
        self.reason = Message(msgid, params)
        super().__init__(
            N_("The framework file {file} was refused: {reason}"), file=file, reason=self.reason
        )


@dataclass(frozen=True, slots=True)
class FrameworkFile:
    """A ``.jalonfw`` whose signature and digests check out (trust not decided yet)."""

    framework: Framework
    framework_bytes: bytes
    key_id: str
    signer_name: str
    signer_title: str
    signed_at: datetime

    @property
    def fingerprint(self) -> str:
        from jalon.core.fingerprint import fingerprint

        return fingerprint(self.key_id)


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = _UNIX
            info.external_attr = _FILE_MODE
            archive.writestr(info, content, compresslevel=9)
    return buffer.getvalue()


def build_framework_file(
    framework: Framework, source_bytes: bytes, key: UnlockedKey, *, app_version: str, now: datetime
) -> bytes:
    """The ``.jalonfw`` bytes of ``framework`` (parsed from ``source_bytes``), signed by ``key``."""
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "framework": {
            "id": framework.id,
            "version": framework.version,
            "sha256": framework.sha256,
            "published": framework.published,
        },
        "signed_at": format_timestamp(now),
        "signer": {
            "name": key.signer_name,
            "title": key.signer_title,
            "public_key": base64.b64encode(key.public_key_der).decode("ascii"),
            "key_id": key.key_id,
        },
        "app": {"name": "Jalon", "version": app_version},
        "files": [
            {
                "path": FRAMEWORK,
                "size": len(source_bytes),
                "sha256": hashlib.sha256(source_bytes).hexdigest(),
            }
        ],
    }
    manifest_json = canonical(manifest)
    return _zip(
        [(MANIFEST, manifest_json), (SIGNATURE, key.sign(manifest_json)), (FRAMEWORK, source_bytes)]
    )


def _field(raw: Any, *path: str) -> Any:
    for part in path:
        if not isinstance(raw, dict) or part not in raw:
            raise KeyError(".".join(path))
        raw = raw[part]
    return raw


def read_framework_file(data: bytes, *, source: str, schema: dict[str, Any]) -> FrameworkFile:
    """The framework in ``data``, its signature and digests checked; refused otherwise."""

    def refuse(msgid: str, **params: Any) -> FrameworkFileRefused:
        return FrameworkFileRefused(msgid, file=source, **params)

    again = Message(N_("Do not install it; ask the secretariat for the file again."))
    if len(data) > LIMITS.max_archive_bytes:
        raise refuse(
            N_("it is larger than a framework file may be ({limit} bytes). {again}"),
            limit=LIMITS.max_archive_bytes,
            again=again,
        )
    try:
        members = read_members(data, LIMITS, source=source)
    except PackageRefused as exc:
        raise refuse(N_("the archive is not usable: {detail}"), detail=exc.reason) from None
    if set(members) != {MANIFEST, SIGNATURE, FRAMEWORK}:
        raise refuse(
            N_("it does not hold exactly {names}. {again}"),
            names=", ".join((MANIFEST, SIGNATURE, FRAMEWORK)),
            again=again,
        )
    try:
        raw = parse_canonical(members[MANIFEST], max_bytes=MAX_MANIFEST_BYTES)
        if _field(raw, "format") != FORMAT or _field(raw, "format_version") != FORMAT_VERSION:
            raise KeyError("format")
        key_id = str(_field(raw, "signer", "key_id"))
        public_key_der = base64.b64decode(str(_field(raw, "signer", "public_key")), validate=True)
        public_key = certs.load_p256_public_key(public_key_der)
        signed_at = parse_timestamp(str(_field(raw, "signed_at")))
        files = _field(raw, "files")
        declared = _field(raw, "framework")
    except (UnsafeJsonError, KeyError, ValueError, binascii.Error) as exc:
        raise refuse(
            N_("its manifest is not a Jalon framework manifest ({detail}). {again}"),
            detail=str(exc)[:200],
            again=again,
        ) from None
    if certs.key_id_of(public_key_der) != key_id:
        raise refuse(N_("its key id is not the hash of its public key. {again}"), again=again)

    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    try:
        public_key.verify(members[SIGNATURE], members[MANIFEST], ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError):
        raise refuse(
            N_(
                "the signature does not match the manifest: the file was changed after it "
                "was signed, or damaged. {again}"
            ),
            again=again,
        ) from None
    content = members[FRAMEWORK]
    digest = hashlib.sha256(content).hexdigest()
    expected = [{"path": FRAMEWORK, "size": len(content), "sha256": digest}]
    if files != expected or not isinstance(declared, dict) or declared.get("sha256") != digest:
        raise refuse(
            N_("framework.json does not match the size and SHA-256 its manifest gives. {again}"),
            again=again,
        )
    framework = parse_framework(content, source=f"{source}:{FRAMEWORK}", schema=schema)
    if (declared.get("id"), declared.get("version")) != (framework.id, framework.version):
        raise refuse(
            N_("its manifest names another framework than the one it holds. {again}"),
            again=again,
        )
    signer = _field(raw, "signer")
    return FrameworkFile(
        framework=framework,
        framework_bytes=content,
        key_id=key_id,
        signer_name=str(signer.get("name", "")),
        signer_title=str(signer.get("title", "")),
        signed_at=signed_at,
    )
