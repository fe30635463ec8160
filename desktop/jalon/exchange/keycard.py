"""Key cards: the public half of a signer's key, as a jurisdiction hands it to the secretariat.

A card is small canonical JSON (``resources/schemas/key-card.schema.json``). Reading one checks
every part against the others: the key id is the hash of the public key, the certificate is
self-signed by that key and names the same signer and jurisdiction.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from jalon.core.errors import N_, InvalidInputError, Message
from jalon.core.fingerprint import fingerprint
from jalon.core.jurisdiction import Jurisdiction
from jalon.core.serialize import (
    format_timestamp,
    jurisdiction_from_json,
    jurisdiction_to_json,
    parse_timestamp,
)
from jalon.exchange import certs, schemas
from jalon.exchange.errors import KeyCardError
from jalon.exchange.safejson import UnsafeJsonError, canonical, parse_strict

FORMAT = "jalon.keycard"
FORMAT_VERSION = 1
MAX_CARD_BYTES = 16 * 1024


class PublicKeyInfo(Protocol):
    """What a card is made from: a key file or an unlocked key."""

    @property
    def key_id(self) -> str: ...
    @property
    def public_key_der(self) -> bytes: ...
    @property
    def certificate_pem(self) -> str: ...
    @property
    def signer_name(self) -> str: ...
    @property
    def signer_title(self) -> str: ...
    @property
    def jurisdiction(self) -> Jurisdiction: ...
    @property
    def created_at(self) -> datetime: ...


@dataclass(frozen=True, slots=True)
class KeyCard:
    """A checked key card: whose key it is, for which jurisdiction, and the key itself."""

    key_id: str
    public_key_der: bytes
    certificate_pem: str
    signer_name: str
    signer_title: str
    jurisdiction: Jurisdiction
    created_at: datetime

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key_id)


def key_card(key: PublicKeyInfo) -> bytes:
    """The key card of ``key`` as canonical JSON bytes."""
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "key_id": key.key_id,
        "public_key": base64.b64encode(key.public_key_der).decode("ascii"),
        "certificate": key.certificate_pem,
        "signer": {"name": key.signer_name, "title": key.signer_title},
        "jurisdiction": jurisdiction_to_json(key.jurisdiction),
        "created_at": format_timestamp(key.created_at),
    }
    return canonical(document)


def _not_a_card(source: str, detail: str) -> KeyCardError:
    return KeyCardError(
        N_(
            "The file {file} is not a Jalon key card ({detail}). Ask the jurisdiction to send "
            "its key card again."
        ),
        file=source,
        detail=detail,
    )


def _inconsistent(source: str, detail: Message | str) -> KeyCardError:
    return KeyCardError(
        N_(
            "The key card {file} does not hold together: {detail}. Do not enrol it; ask the "
            "jurisdiction to send its key card again."
        ),
        file=source,
        detail=detail,
    )


def read_key_card(data: bytes, *, source: str = "key card") -> KeyCard:
    """The key card in ``data``, checked; :class:`KeyCardError` if anything is wrong."""
    try:
        raw = parse_strict(data, max_bytes=MAX_CARD_BYTES)
    except UnsafeJsonError as exc:
        raise _not_a_card(source, str(exc)) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise _not_a_card(source, "no jalon.keycard format")
    if raw.get("format_version") != FORMAT_VERSION:
        raise KeyCardError(
            N_(
                "The key card {file} is in a format this version of Jalon does not know "
                "({version}). Update Jalon, then enrol the card again."
            ),
            file=source,
            version=str(raw.get("format_version"))[:20],
        )
    problem = schemas.first_error(schemas.KEY_CARD, raw)
    if problem is not None:
        raise _not_a_card(source, f"{problem[0]}: {problem[1]}")
    return _check(raw, source)


def _check(raw: dict[str, Any], source: str) -> KeyCard:
    try:
        public_key_der = base64.b64decode(raw["public_key"], validate=True)
        certs.load_p256_public_key(public_key_der)
    except (ValueError, binascii.Error) as exc:
        raise _inconsistent(
            source, Message(N_("its public key is unusable ({detail})"), {"detail": str(exc)})
        ) from None
    if certs.key_id_of(public_key_der) != raw["key_id"]:
        raise _inconsistent(source, Message(N_("its key id is not the hash of its public key")))
    try:
        cert = certs.load_certificate_pem(raw["certificate"])
        name, title, code = certs.check_certificate(cert, public_key_der)
    except ValueError as exc:
        raise _inconsistent(
            source, Message(N_("its certificate is unusable ({detail})"), {"detail": str(exc)})
        ) from None
    signer = raw["signer"]
    if not certs.names_match(
        (name, title, code), signer["name"], signer["title"], raw["jurisdiction"]["code"]
    ):
        raise _inconsistent(
            source, Message(N_("its certificate names another signer or jurisdiction"))
        )
    try:
        jurisdiction = jurisdiction_from_json(raw["jurisdiction"])
        created_at = parse_timestamp(raw["created_at"])
    except InvalidInputError as exc:
        raise _inconsistent(source, exc.message) from None
    return KeyCard(
        key_id=raw["key_id"],
        public_key_der=public_key_der,
        certificate_pem=raw["certificate"],
        signer_name=signer["name"],
        signer_title=signer["title"],
        jurisdiction=jurisdiction,
        created_at=created_at,
    )
