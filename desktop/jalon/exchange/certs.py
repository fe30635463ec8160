"""Public halves of signer keys: key ids, P-256 public keys, self-signed certificates.

A key id is the lower-case hex SHA-256 of the key's DER SubjectPublicKeyInfo. The signer's
certificate names the signer (CN, title), the jurisdiction (O: its English name, OU: its
code) and the country; it is self-signed with ECDSA/SHA-256, valid about ten years, with the
key usages PDF validators look for (digitalSignature, nonRepudiation).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from jalon.core.errors import N_, InvalidInputError, Message
from jalon.core.jurisdiction import Jurisdiction

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes

#: Longest signer name and title Jalon accepts (as the rest of the program does).
MAX_NAME = 200
#: Longest name and title a certificate carries (RFC 5280's upper bounds); longer ones are
#: shortened there, and kept whole in the key file, the key card and every manifest.
CERTIFICATE_MAX = 64
VALIDITY = timedelta(days=3652)


def key_id_of(public_key_der: bytes) -> str:
    """The key id of a DER SubjectPublicKeyInfo."""
    return hashlib.sha256(public_key_der).hexdigest()


def spki_der(public_key: PublicKeyTypes) -> bytes:
    """The DER SubjectPublicKeyInfo of any public key."""
    from cryptography.hazmat.primitives import serialization

    return public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def load_p256_public_key(der: bytes) -> ec.EllipticCurvePublicKey:
    """The P-256 public key in ``der``; ``ValueError`` for anything else or another encoding.

    The DER must be the key's one canonical encoding, so that one key has one key id.
    """
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    try:
        key = serialization.load_der_public_key(der)
    except UnsupportedAlgorithm:  # an algorithm or curve OpenSSL does not know
        raise ValueError("not an ECDSA P-256 public key") from None
    if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != "secp256r1":
        raise ValueError("not an ECDSA P-256 public key")
    if spki_der(key) != der:
        raise ValueError("not the canonical DER encoding of the key")
    return key


def in_certificate(text: str) -> str:
    """``text`` as a certificate carries it: at most 64 bytes of UTF-8, whole characters."""
    return text.encode("utf-8")[:CERTIFICATE_MAX].decode("utf-8", "ignore").rstrip()


def names_match(certificate_names: tuple[str, str, str], name: str, title: str, code: str) -> bool:
    """Whether a certificate's (name, title, code) are those of this signer, shortened."""
    return certificate_names == (in_certificate(name), in_certificate(title), code)


def check_signer_names(signer_name: str, signer_title: str) -> tuple[str, str]:
    """The signer's name and title, cleaned, or a clear refusal."""
    name = " ".join(signer_name.split())
    title = " ".join(signer_title.split())
    for field, value in (
        (Message(N_("signer's name")), name),
        (Message(N_("signer's title")), title),
    ):
        if not value or len(value) > MAX_NAME:
            raise InvalidInputError(
                N_("Give the {field} in 1 to {limit} characters."), field=field, limit=MAX_NAME
            )
    return name, title


def make_certificate(
    private_key: ec.EllipticCurvePrivateKey,
    signer_name: str,
    signer_title: str,
    jurisdiction: Jurisdiction,
    now: datetime,
) -> x509.Certificate:
    """A self-signed certificate for the signer's key, valid from ``now`` for ten years."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CA"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, in_certificate(jurisdiction.name.en)),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, jurisdiction.code),
            x509.NameAttribute(NameOID.TITLE, in_certificate(signer_title)),
            x509.NameAttribute(NameOID.COMMON_NAME, in_certificate(signer_name)),
        ]
    )
    public_key = private_key.public_key()
    start = now.replace(microsecond=0)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .sign(private_key, hashes.SHA256())
    )


def _attribute(cert: x509.Certificate, oid: x509.ObjectIdentifier) -> str:
    values = cert.subject.get_attributes_for_oid(oid)
    if len(values) != 1 or not isinstance(values[0].value, str):
        raise ValueError("the certificate does not name the signer and jurisdiction")
    return values[0].value


def check_certificate(cert: x509.Certificate, public_key_der: bytes) -> tuple[str, str, str]:
    """Check that ``cert`` is a signer certificate for ``public_key_der``; ``ValueError`` if not.

    Returns ``(signer_name, signer_title, jurisdiction_code)`` as the certificate states them
    (names at most 64 characters: compare with :func:`names_match`).
    """
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = certificate_public_key(cert)
    if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != "secp256r1":
        raise ValueError("the certificate is not for an ECDSA P-256 key")
    if spki_der(key) != public_key_der:
        raise ValueError("the certificate is for another key")
    if cert.issuer != cert.subject:
        raise ValueError("the certificate is not self-signed")
    try:
        cert.verify_directly_issued_by(cert)
    except Exception:  # InvalidSignature, or an unsupported algorithm
        raise ValueError("the certificate's own signature does not verify") from None
    return (
        _attribute(cert, NameOID.COMMON_NAME),
        _attribute(cert, NameOID.TITLE),
        _attribute(cert, NameOID.ORGANIZATIONAL_UNIT_NAME),
    )


def certificate_public_key(cert: x509.Certificate) -> PublicKeyTypes:
    """The certificate's public key; ``ValueError`` if it is of a kind OpenSSL cannot load."""
    from cryptography.exceptions import UnsupportedAlgorithm

    try:
        return cert.public_key()
    except UnsupportedAlgorithm:
        raise ValueError("the certificate's key is of an unknown kind") from None


def load_certificate_pem(pem: str) -> x509.Certificate:
    """The certificate in ``pem``; ``ValueError`` for anything that is not one, a version
    X.509 does not define included (cryptography raises its own ``InvalidVersion`` for that,
    which is not a ``ValueError``)."""
    from cryptography import x509

    try:
        return x509.load_pem_x509_certificate(pem.encode("ascii"))
    except x509.InvalidVersion as exc:
        raise ValueError(str(exc)) from None


def certificate_pem(cert: x509.Certificate) -> str:
    from cryptography.hazmat.primitives import serialization

    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


#: The order of the P-256 group.
P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def is_high_s(signature: bytes) -> bool:
    """Whether the DER ECDSA P-256 ``signature`` has ``s > n/2`` (False if not DER: such a
    signature fails verification anyway).

    For every valid (r, s), (r, n - s) is valid too: accepting both would let anyone make a
    second, different signature of a signed manifest. Only the low form is accepted.
    """
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    try:
        _, s = decode_dss_signature(signature)
    except ValueError:
        return False
    return s > P256_ORDER // 2


def low_s(signature: bytes) -> bytes:
    """The low-S form of the DER ECDSA P-256 ``signature``."""
    from cryptography.hazmat.primitives.asymmetric.utils import (
        decode_dss_signature,
        encode_dss_signature,
    )

    r, s = decode_dss_signature(signature)
    return encode_dss_signature(r, P256_ORDER - s) if s > P256_ORDER // 2 else signature
