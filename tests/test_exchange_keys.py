"""Signer keys: creation, the encrypted key file, unlocking, and key cards."""

from __future__ import annotations

import base64
import json
import os
import stat
from datetime import timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtensionOID, NameOID

from jalon.core.errors import InvalidInputError, JalonError
from jalon.core.jurisdiction import government, municipality
from jalon.exchange import keys
from jalon.exchange.errors import KeyCardError, KeyFileError, WrongPassphraseError
from jalon.exchange.keys import (
    SCRYPT_N,
    create_signing_key,
    key_card,
    load_signing_key,
    passphrase_strength,
    read_key_card,
    read_key_file,
    write_key_file,
)
from jalon.exchange.safejson import canonical
from jalon.paths import resource

from .conftest import FIXED_NOW
from .exchange_support import PASSPHRASE, TEST_SCRYPT_N, key_file, signer_key


@pytest.fixture
def key_path(tmp_path: Path) -> Path:
    path = tmp_path / "signing-key.json"
    write_key_file(path, key_file())
    return path


def _document(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text())
    return document


def _rewrite(path: Path, change: Any) -> None:
    document = _document(path)
    change(document)
    path.write_text(json.dumps(document))


def test_a_new_key_uses_the_full_scrypt_work_factor_and_unlocks(tmp_path: Path) -> None:
    created = create_signing_key(
        "Alex Tremblay", "Chief Information Officer", government("ON"), PASSPHRASE, now=FIXED_NOW
    )
    path = tmp_path / "key.json"
    write_key_file(path, created)
    document = _document(path)
    assert document["kdf"] == {
        "name": "scrypt",
        "salt": document["kdf"]["salt"],
        "n": 2**17,
        "r": 8,
        "p": 1,
    }
    assert SCRYPT_N == 2**17
    assert document["cipher"]["name"] == "AES-256-GCM"
    unlocked = load_signing_key(path, PASSPHRASE)
    assert unlocked.key_id == created.key_id
    signature = unlocked.sign(b"hello")
    public = serialization.load_der_public_key(unlocked.public_key_der)
    assert isinstance(public, ec.EllipticCurvePublicKey)
    public.verify(signature, b"hello", ec.ECDSA(hashes.SHA256()))


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_key_file_is_readable_by_its_owner_only(key_path: Path) -> None:
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    assert [p.name for p in key_path.parent.iterdir()] == [key_path.name]


def test_the_private_key_never_reaches_the_disk_in_clear(key_path: Path) -> None:
    der = signer_key().pkcs8_der()
    content = key_path.read_bytes()
    assert der not in content
    assert base64.b64encode(der) not in content
    assert b"PRIVATE KEY" not in content
    assert der[-32:] not in content


def test_the_key_id_is_the_sha256_of_the_public_key_der() -> None:
    import hashlib

    key = key_file()
    assert key.key_id == hashlib.sha256(key.public_key_der).hexdigest()
    assert len(key.fingerprint.split()) == 8


def test_the_certificate_names_the_signer_and_jurisdiction_for_pdf_validators() -> None:
    cert = key_file().certificate
    subject = cert.subject
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Alex Tremblay"
    assert subject.get_attributes_for_oid(NameOID.TITLE)[0].value == "Chief Information Officer"
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "Ontario"
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)[0].value == "ON"
    assert cert.issuer == subject
    usage = cert.extensions.get_extension_for_oid(ExtensionOID.KEY_USAGE)
    assert usage.critical
    assert usage.value.digital_signature
    assert usage.value.content_commitment
    assert not usage.value.key_cert_sign
    lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert timedelta(days=3650) <= lifetime <= timedelta(days=3660)
    assert cert.not_valid_before_utc == FIXED_NOW
    cert.verify_directly_issued_by(cert)
    assert isinstance(cert.signature_hash_algorithm, hashes.SHA256)


def test_a_nine_character_passphrase_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="at least 10 characters"):
        create_signing_key("Alex", "CIO", government("ON"), "ninechars", now=FIXED_NOW)


def test_a_signer_name_longer_than_any_name_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="1 to 200 characters"):
        create_signing_key(
            "A" * 201, "CIO", government("ON"), PASSPHRASE, now=FIXED_NOW, _scrypt_n=TEST_SCRYPT_N
        )


def test_a_long_signer_name_is_shortened_in_the_certificate_only(tmp_path: Path) -> None:
    name = "Marie-Ève " + "Tremblay-" * 10 + "Gagnon"
    title = "Sous-ministre adjointe, " + "Transformation numérique et services " * 3
    key = create_signing_key(
        name, title, government("QC"), PASSPHRASE, now=FIXED_NOW, _scrypt_n=TEST_SCRYPT_N
    )
    common_name = key.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert len(common_name.encode()) <= 64
    assert name.startswith(common_name)
    path = tmp_path / "key.json"
    write_key_file(path, key)
    assert read_key_file(path).signer_name == " ".join(name.split())
    card = read_key_card(key_card(key))
    assert card.signer_title == " ".join(title.split())


def test_a_municipality_key_keeps_its_full_name_outside_the_certificate() -> None:
    town = municipality("Municipalité régionale de comté de " + "Vallée " * 10)
    key = create_signing_key(
        "Marie Gagnon", "Directrice", town, PASSPHRASE, now=FIXED_NOW, _scrypt_n=TEST_SCRYPT_N
    )
    card = read_key_card(key_card(key))
    assert card.jurisdiction == town


def test_a_wrong_passphrase_is_a_clear_error_naming_the_file(key_path: Path) -> None:
    with pytest.raises(WrongPassphraseError) as caught:
        load_signing_key(key_path, "not the passphrase")
    assert isinstance(caught.value, JalonError)
    assert str(key_path) in str(caught.value)
    assert "does not unlock" in str(caught.value)


def test_a_passphrase_typed_in_another_normal_form_still_unlocks(tmp_path: Path) -> None:
    composed = "café crème brûlée"  # NFC
    decomposed = "cafe\u0301 cre\u0300me bru\u0302le\u0301e"
    key = create_signing_key(
        "Alex", "CIO", government("QC"), composed, now=FIXED_NOW, _scrypt_n=TEST_SCRYPT_N
    )
    assert key.unlock(decomposed).key_id == key.key_id


def test_a_tampered_ciphertext_does_not_unlock(key_path: Path) -> None:
    def flip(document: dict[str, Any]) -> None:
        raw = bytearray(base64.b64decode(document["ciphertext"]))
        raw[5] ^= 1
        document["ciphertext"] = base64.b64encode(bytes(raw)).decode()

    _rewrite(key_path, flip)
    with pytest.raises(WrongPassphraseError):
        load_signing_key(key_path, PASSPHRASE)


def test_a_key_file_whose_key_id_was_changed_is_refused_as_damaged(key_path: Path) -> None:
    _rewrite(key_path, lambda d: d.update(key_id="0" * 64))
    with pytest.raises(KeyFileError, match="damaged or is not a Jalon signing key"):
        read_key_file(key_path)


def test_a_key_file_with_another_keys_certificate_is_refused(key_path: Path) -> None:
    other = key_file("Sam Okafor", "ON")
    _rewrite(key_path, lambda d: d.update(certificate=other.certificate_pem))
    with pytest.raises(KeyFileError, match="damaged"):
        read_key_file(key_path)


def test_a_key_file_asking_for_a_huge_scrypt_cost_is_refused(key_path: Path) -> None:
    _rewrite(key_path, lambda d: d["kdf"].update(n=2**30))
    with pytest.raises(KeyFileError, match="damaged"):
        read_key_file(key_path)


@pytest.mark.parametrize(
    "content",
    [b"", b"not json", b'{"format": "jalon.signing-key"', b"[1, 2]", b'{"format": "other"}'],
)
def test_a_corrupt_or_foreign_key_file_is_a_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "key.json"
    path.write_bytes(content)
    with pytest.raises(KeyFileError, match="damaged or is not a Jalon signing key"):
        load_signing_key(path, PASSPHRASE)


def test_a_key_card_given_as_a_key_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "card.json"
    path.write_bytes(key_card(key_file()))
    with pytest.raises(KeyFileError, match="not a Jalon signing key"):
        load_signing_key(path, PASSPHRASE)


def test_a_key_file_from_a_newer_jalon_asks_for_an_update(key_path: Path) -> None:
    _rewrite(key_path, lambda d: d.update(version=2))
    with pytest.raises(KeyFileError, match="newer version of Jalon"):
        read_key_file(key_path)


def test_a_missing_key_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="cannot be read"):
        load_signing_key(tmp_path / "nowhere.json", PASSPHRASE)


def test_an_existing_key_is_never_overwritten(key_path: Path) -> None:
    before = key_path.read_bytes()
    with pytest.raises(KeyFileError, match="already exists"):
        write_key_file(key_path, key_file("Sam Okafor", "ON"))
    assert key_path.read_bytes() == before


# -- key cards --------------------------------------------------------------------------------


def test_a_key_card_is_canonical_json_valid_against_its_schema() -> None:
    card = key_card(key_file())
    document = json.loads(card)
    assert canonical(document) == card
    schema = json.loads(resource("schemas", "key-card.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(document)
    assert document["format"] == "jalon.keycard"
    assert document["format_version"] == 1
    assert document["signer"] == {"name": "Alex Tremblay", "title": "Chief Information Officer"}
    assert document["jurisdiction"]["code"] == "ON"


def test_a_key_card_needs_no_passphrase_and_reads_back_the_same(key_path: Path) -> None:
    stored = read_key_file(key_path)
    card = read_key_card(key_card(stored), source="ON.jalon-key")
    assert card.key_id == stored.key_id
    assert card.public_key_der == stored.public_key_der
    assert card.jurisdiction == government("ON")
    assert card.signer_name == "Alex Tremblay"
    assert card.created_at == FIXED_NOW
    assert card.fingerprint == stored.fingerprint
    assert key_card(signer_key()) == key_card(stored)


def _card(change: Any) -> bytes:
    document = json.loads(key_card(key_file()))
    change(document)
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"hello", "is not a Jalon key card"),
        (b'{"format": "jalon.keycard", "format": "jalon.keycard"}', "duplicate key"),
        (b'{"format": NaN}', "is not a Jalon key card"),
        (b"[" * 100 + b"]" * 100, "nested more than"),
        (b" " * 20_000, "is not a Jalon key card"),
        (_card(lambda d: d.update(format="jalon.package")), "is not a Jalon key card"),
        (_card(lambda d: d.update(extra=1)), "unexpected property"),
        (_card(lambda d: d["signer"].pop("title")), "'title' is a required property"),
        (_card(lambda d: d.update(public_key="!!!!")), "does not match"),
    ],
)
def test_a_malformed_key_card_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(KeyCardError, match=message) as caught:
        read_key_card(data, source="card.json")
    assert "card.json" in str(caught.value)


def test_a_key_card_from_a_newer_jalon_asks_for_an_update() -> None:
    with pytest.raises(KeyCardError, match="Update Jalon"):
        read_key_card(_card(lambda d: d.update(format_version=2)))


def test_a_key_card_whose_key_id_is_not_its_keys_hash_is_refused() -> None:
    with pytest.raises(KeyCardError, match="key id is not the hash"):
        read_key_card(_card(lambda d: d.update(key_id="a" * 64)))


def test_a_key_card_with_another_keys_certificate_is_refused() -> None:
    other = key_file("Sam Okafor", "ON")
    with pytest.raises(KeyCardError, match="certificate is unusable"):
        read_key_card(_card(lambda d: d.update(certificate=other.certificate_pem)))


def _with_x509_version(pem: str, version: int) -> str:
    """``pem`` with its version field (``[0] { INTEGER 2 }``, X.509 v3) set to ``version``."""
    der = bytearray(
        x509.load_pem_x509_certificate(pem.encode()).public_bytes(serialization.Encoding.DER)
    )
    index = der.index(bytes.fromhex("a003020102"))
    der[index + 4] = version
    body = base64.encodebytes(bytes(der)).decode()
    return f"-----BEGIN CERTIFICATE-----\n{body}-----END CERTIFICATE-----\n"


def test_a_key_card_whose_certificate_has_an_unknown_x509_version_is_refused() -> None:
    # Found by the fuzz test: cryptography's InvalidVersion is not a ValueError.
    pem = _with_x509_version(key_file().certificate_pem, 6)
    with pytest.raises(KeyCardError, match=r"certificate is unusable.*not a valid X509 version"):
        read_key_card(_card(lambda d: d.update(certificate=pem)))


def test_a_key_file_whose_certificate_has_an_unknown_x509_version_is_refused(
    key_path: Path,
) -> None:
    pem = _with_x509_version(key_file().certificate_pem, 6)
    _rewrite(key_path, lambda d: d.update(certificate=pem))
    with pytest.raises(KeyFileError, match="damaged"):
        read_key_file(key_path)


def test_a_key_card_claiming_another_jurisdiction_than_its_certificate_is_refused() -> None:
    quebec = {"code": "QC", "kind": "province", "name": {"en": "Quebec", "fr": "Québec"}}
    with pytest.raises(KeyCardError, match="names another signer or jurisdiction"):
        read_key_card(_card(lambda d: d.update(jurisdiction=quebec)))


def test_a_key_card_with_a_key_that_is_not_p256_is_refused() -> None:
    other = ec.generate_private_key(ec.SECP384R1()).public_key()
    der = other.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    import hashlib

    def change(d: dict[str, Any]) -> None:
        d.update(public_key=base64.b64encode(der).decode(), key_id=hashlib.sha256(der).hexdigest())

    with pytest.raises(KeyCardError, match="not an ECDSA P-256 public key"):
        read_key_card(_card(change))


def test_a_key_card_with_a_key_of_an_unknown_curve_is_refused() -> None:
    der = bytearray(key_file().public_key_der)
    index = der.index(bytes.fromhex("2a8648ce3d030107"))
    der[index + 7] = 0x08
    import hashlib

    def change(d: dict[str, Any]) -> None:
        d.update(
            public_key=base64.b64encode(bytes(der)).decode(),
            key_id=hashlib.sha256(bytes(der)).hexdigest(),
        )

    with pytest.raises(KeyCardError, match="not an ECDSA P-256 public key"):
        read_key_card(_card(change))


def test_a_key_card_whose_certificate_was_re_signed_by_someone_else_is_refused() -> None:
    # Same public key and names, but signed by another key: not self-signed any more.
    key = key_file()
    forger = ec.generate_private_key(ec.SECP256R1())
    original = key.certificate
    forged = (
        x509.CertificateBuilder()
        .subject_name(original.subject)
        .issuer_name(original.issuer)
        .public_key(original.public_key())
        .serial_number(original.serial_number)
        .not_valid_before(original.not_valid_before_utc)
        .not_valid_after(original.not_valid_after_utc)
        .sign(forger, hashes.SHA256())
    )
    pem = forged.public_bytes(serialization.Encoding.PEM).decode()
    with pytest.raises(KeyCardError, match="own signature does not verify"):
        read_key_card(_card(lambda d: d.update(certificate=pem)))


# -- passphrase hint --------------------------------------------------------------------------


def test_the_passphrase_hint_ranks_long_varied_passphrases_above_weak_ones() -> None:
    assert passphrase_strength("123456789") == 0
    assert passphrase_strength("aaaaaaaaaaaaaaa") == 1
    assert passphrase_strength("password1234") <= 1
    assert passphrase_strength("abcdefghijklmn") <= 1
    assert passphrase_strength("Tr0ub4dor&3x") >= 2
    assert passphrase_strength("correct horse battery staple") == 4
    assert passphrase_strength("Érable! brume; 7 lièvres au galop") == 4
    assert keys.MIN_LENGTH == 10
