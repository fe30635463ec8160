"""Signer keys: ECDSA P-256, kept encrypted under a passphrase, unlocked only in memory.

The key file (``resources/schemas/signing-key.schema.json``) holds the PKCS#8 DER of the
private key encrypted with AES-256-GCM under a key derived from the passphrase by scrypt
(N=2^17, r=8, p=1), the key id as associated data, plus the public certificate, signer and
jurisdiction. (``cryptography``'s ``BestAvailableEncryption`` uses 2,048 PBKDF2 rounds: too
weak for a laptop that can be lost.) The private key never reaches the disk unencrypted.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jalon.core.errors import N_, InvalidInputError, StorageError
from jalon.core.fingerprint import fingerprint
from jalon.core.jurisdiction import Jurisdiction
from jalon.core.serialize import (
    format_timestamp,
    jurisdiction_from_json,
    jurisdiction_to_json,
    parse_timestamp,
)
from jalon.exchange import certs, schemas
from jalon.exchange.atomic import write_atomically
from jalon.exchange.errors import KeyFileError, WrongPassphraseError
from jalon.exchange.keycard import KeyCard, key_card, read_key_card
from jalon.exchange.passphrase import (
    MIN_LENGTH,
    Strength,
    check_passphrase,
    normalize,
    passphrase_strength,
    rate_passphrase,
)
from jalon.exchange.safejson import UnsafeJsonError, parse_strict

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec

__all__ = [
    "MIN_LENGTH",
    "KeyCard",
    "SigningKeyFile",
    "Strength",
    "UnlockedKey",
    "create_signing_key",
    "key_card",
    "load_signing_key",
    "passphrase_context",
    "passphrase_strength",
    "rate_passphrase",
    "read_key_card",
    "read_key_file",
    "write_key_file",
]

FORMAT = "jalon.signing-key"
FORMAT_VERSION = 1
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
#: Key files protected by less scrypt work than this are refused (a stolen file would yield
#: to a passphrase search too quickly). Tests lower it for their quick keys.
MIN_SCRYPT_N = SCRYPT_N
MAX_KEY_FILE_BYTES = 64 * 1024


@dataclass(frozen=True)
class SigningKeyFile:
    """A signer's key as stored: public parts in clear, the private key encrypted."""

    key_id: str
    public_key_der: bytes
    certificate_pem: str
    signer_name: str
    signer_title: str
    jurisdiction: Jurisdiction
    created_at: datetime
    salt: bytes
    scrypt_n: int
    nonce: bytes
    ciphertext: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key_id)

    @property
    def certificate(self) -> x509.Certificate:
        return certs.load_certificate_pem(self.certificate_pem)

    def to_bytes(self) -> bytes:
        """The key file's content (JSON, UTF-8)."""
        b64 = base64.b64encode
        document = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "key_id": self.key_id,
            "kdf": {
                "name": "scrypt",
                "salt": b64(self.salt).decode("ascii"),
                "n": self.scrypt_n,
                "r": SCRYPT_R,
                "p": SCRYPT_P,
            },
            "cipher": {"name": "AES-256-GCM", "nonce": b64(self.nonce).decode("ascii")},
            "ciphertext": b64(self.ciphertext).decode("ascii"),
            "certificate": self.certificate_pem,
            "signer": {"name": self.signer_name, "title": self.signer_title},
            "jurisdiction": jurisdiction_to_json(self.jurisdiction),
            "created_at": format_timestamp(self.created_at),
        }
        return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

    def unlock(self, passphrase: str, *, source: str = "") -> UnlockedKey:
        """The usable key; :class:`WrongPassphraseError` if ``passphrase`` does not open it."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        secret = _derive(passphrase, self.salt, self.scrypt_n)
        try:
            pkcs8 = AESGCM(secret).decrypt(self.nonce, self.ciphertext, self.key_id.encode())
        except InvalidTag:
            raise WrongPassphraseError(
                N_(
                    "This passphrase does not unlock the signing key {file}. Type it again, "
                    "minding capital letters and the keyboard language."
                ),
                file=source or self.signer_name,
            ) from None
        try:
            private_key = serialization.load_der_private_key(pkcs8, password=None)
        except ValueError:
            raise _damaged(source, "the decrypted key is not a private key") from None
        if not isinstance(private_key, ec.EllipticCurvePrivateKey) or (
            certs.spki_der(private_key.public_key()) != self.public_key_der
        ):
            raise _damaged(source, "the private key does not match the certificate")
        return UnlockedKey(self, private_key)


@dataclass(frozen=True)
class UnlockedKey:
    """A signer's key unlocked for signing: only ever in memory, for as long as it is used."""

    file: SigningKeyFile
    private_key: ec.EllipticCurvePrivateKey

    @property
    def key_id(self) -> str:
        return self.file.key_id

    @property
    def public_key_der(self) -> bytes:
        return self.file.public_key_der

    @property
    def certificate_pem(self) -> str:
        return self.file.certificate_pem

    @property
    def certificate(self) -> x509.Certificate:
        return self.file.certificate

    @property
    def signer_name(self) -> str:
        return self.file.signer_name

    @property
    def signer_title(self) -> str:
        return self.file.signer_title

    @property
    def jurisdiction(self) -> Jurisdiction:
        return self.file.jurisdiction

    @property
    def created_at(self) -> datetime:
        return self.file.created_at

    @property
    def fingerprint(self) -> str:
        return self.file.fingerprint

    def sign(self, data: bytes) -> bytes:
        """The DER ECDSA P-256 / SHA-256 signature of ``data``.

        Deterministic (RFC 6979) where the OpenSSL underneath offers it: the same manifest
        gets the same signature, so exporting a revision twice gives the same bytes, and
        the signature does not depend on the quality of the random numbers at hand. Always
        in low-S form (``s <= n/2``): the other form of the same signature is refused.
        """
        from cryptography.exceptions import UnsupportedAlgorithm
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec

        try:
            der = self.private_key.sign(data, ec.ECDSA(hashes.SHA256(), deterministic_signing=True))
        except UnsupportedAlgorithm:
            der = self.private_key.sign(data, ec.ECDSA(hashes.SHA256()))
        return certs.low_s(der)

    def pkcs8_der(self) -> bytes:
        """The private key as PKCS#8 DER, in memory, for a signing library that needs it."""
        return _pkcs8(self.private_key)


def _pkcs8(private_key: ec.EllipticCurvePrivateKey) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return private_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _derive(passphrase: str, salt: bytes, n: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=n, r=SCRYPT_R, p=SCRYPT_P).derive(normalize(passphrase))


def passphrase_context(
    signer_name: str, signer_title: str, jurisdiction: Jurisdiction | None
) -> tuple[str, ...]:
    """The words a guesser would try first for this signer: their name, title, jurisdiction."""
    names = (jurisdiction.name.en, jurisdiction.name.fr, jurisdiction.code) if jurisdiction else ()
    return (signer_name, signer_title, *names)


def create_signing_key(
    signer_name: str,
    signer_title: str,
    jurisdiction: Jurisdiction,
    passphrase: str,
    *,
    now: datetime,
    _scrypt_n: int = SCRYPT_N,
) -> SigningKeyFile:
    """A new P-256 key and self-signed certificate, encrypted under ``passphrase``.

    ``_scrypt_n`` is for tests only: a smaller work factor makes test keys quick to unlock.
    """
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    check_passphrase(passphrase, passphrase_context(signer_name, signer_title, jurisdiction))
    name, title = certs.check_signer_names(signer_name, signer_title)
    private_key = ec.generate_private_key(ec.SECP256R1())
    cert = certs.make_certificate(private_key, name, title, jurisdiction, now)
    public_key_der = certs.spki_der(private_key.public_key())
    key_id = certs.key_id_of(public_key_der)
    salt, nonce = os.urandom(16), os.urandom(12)
    pkcs8 = _pkcs8(private_key)
    ciphertext = AESGCM(_derive(passphrase, salt, _scrypt_n)).encrypt(nonce, pkcs8, key_id.encode())
    return SigningKeyFile(
        key_id=key_id,
        public_key_der=public_key_der,
        certificate_pem=certs.certificate_pem(cert),
        signer_name=name,
        signer_title=title,
        jurisdiction=jurisdiction,
        created_at=cert.not_valid_before_utc,
        salt=salt,
        scrypt_n=_scrypt_n,
        nonce=nonce,
        ciphertext=ciphertext,
    )


def _damaged(source: str, detail: str) -> KeyFileError:
    return KeyFileError(
        N_(
            "The file {file} is damaged or is not a Jalon signing key ({detail}). Choose your "
            "key file again, restore it from a backup, or create a new key and send the "
            "secretariat its key card."
        ),
        file=source,
        detail=detail,
    )


def parse_key_file(data: bytes, *, source: str) -> SigningKeyFile:
    """The key file in ``data``, its public parts checked (no passphrase needed)."""
    try:
        raw = parse_strict(data, max_bytes=MAX_KEY_FILE_BYTES)
    except UnsafeJsonError as exc:
        raise _damaged(source, str(exc)) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise _damaged(source, "no jalon.signing-key format")
    if raw.get("version") != FORMAT_VERSION:
        raise KeyFileError(
            N_(
                "The signing key {file} was made by a newer version of Jalon. Update Jalon to "
                "use it."
            ),
            file=source,
        )
    problem = schemas.first_error(schemas.SIGNING_KEY, raw)
    if problem is not None:
        raise _damaged(source, f"{problem[0]}: {problem[1]}")
    kdf = raw["kdf"]
    if kdf["n"] < MIN_SCRYPT_N or kdf["r"] < SCRYPT_R:
        raise KeyFileError(
            N_(
                "The signing key {file} is protected too weakly (scrypt N={n}, r={r}; Jalon "
                "requires at least N={min_n}, r={min_r}): a copy of the file would give way "
                "to a passphrase search. Create a new key with 'jalon setup', send the "
                "secretariat its key card, and ask them to revoke this one."
            ),
            file=source,
            n=kdf["n"],
            r=kdf["r"],
            min_n=MIN_SCRYPT_N,
            min_r=SCRYPT_R,
        )
    return _build(raw, source)


def _build(raw: dict[str, Any], source: str) -> SigningKeyFile:
    try:
        cert = certs.load_certificate_pem(raw["certificate"])
        public_key_der = certs.spki_der(certs.certificate_public_key(cert))
        name, title, code = certs.check_certificate(cert, public_key_der)
        salt = base64.b64decode(raw["kdf"]["salt"], validate=True)
        nonce = base64.b64decode(raw["cipher"]["nonce"], validate=True)
        ciphertext = base64.b64decode(raw["ciphertext"], validate=True)
        jurisdiction = jurisdiction_from_json(raw["jurisdiction"])
        created_at = parse_timestamp(raw["created_at"])
    except (ValueError, binascii.Error, TypeError, InvalidInputError) as exc:
        raise _damaged(source, str(exc)[:160]) from None
    if certs.key_id_of(public_key_der) != raw["key_id"]:
        raise _damaged(source, "the key id does not match the certificate")
    signer = raw["signer"]
    if not certs.names_match(
        (name, title, code), signer["name"], signer["title"], jurisdiction.code
    ):
        raise _damaged(source, "the certificate names another signer or jurisdiction")
    if len(salt) < 16 or len(nonce) != 12:
        raise _damaged(source, "unusable encryption parameters")
    return SigningKeyFile(
        key_id=raw["key_id"],
        public_key_der=public_key_der,
        certificate_pem=raw["certificate"],
        signer_name=signer["name"],
        signer_title=signer["title"],
        jurisdiction=jurisdiction,
        created_at=created_at,
        salt=salt,
        scrypt_n=raw["kdf"]["n"],
        nonce=nonce,
        ciphertext=ciphertext,
    )


def read_key_file(path: Path) -> SigningKeyFile:
    """The key file at ``path`` without unlocking it (enough for the key card)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_KEY_FILE_BYTES + 1)
    except OSError as exc:
        raise KeyFileError(
            N_(
                "The signing key {file} cannot be read ({detail}). Check that the file exists "
                "and that you may read it."
            ),
            file=str(path),
            detail=exc.strerror or str(exc),
        ) from None
    return parse_key_file(data, source=str(path))


def load_signing_key(path: Path, passphrase: str) -> UnlockedKey:
    """The key file at ``path`` unlocked with ``passphrase``."""
    return read_key_file(path).unlock(passphrase, source=str(path))


def write_key_file(path: Path, key: SigningKeyFile, *, overwrite: bool = False) -> None:
    """Write ``key`` to ``path`` atomically, readable by its owner only.

    Refuses to replace an existing key unless ``overwrite``: a lost key cannot be recovered.
    """
    if path.exists() and not overwrite:
        raise KeyFileError(
            N_(
                "A signing key already exists at {file}. Keep it, or move it elsewhere before "
                "creating a new one."
            ),
            file=str(path),
        )
    try:
        write_atomically(path, key.to_bytes(), private=True)
    except (OSError, StorageError) as exc:
        raise KeyFileError(
            N_(
                "The signing key cannot be written to {file} ({detail}). Choose a folder you "
                "may write to, with free space."
            ),
            file=str(path),
            detail=exc.message if isinstance(exc, StorageError) else exc.strerror or str(exc),
        ) from None
