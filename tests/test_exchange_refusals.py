"""Every bad package of issue 4 that steps 1-5 catch: refused at the right step, clearly.

Each refusal must name the package and the step, say what to do, and write nothing (the
verification runs in an empty working folder that must stay empty).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from jalon.core.fingerprint import fingerprint
from jalon.exchange.errors import PackageRefused, Step
from jalon.exchange.package import TrustStatus, verify_package
from jalon.exchange.safejson import canonical
from jalon.i18n import translator

from .exchange_support import (
    NAMES,
    VERIFY_NOW,
    RawEntry,
    assessment_document,
    deflate,
    forge,
    manifest_of,
    members_of,
    raw_package,
    raw_zip,
    repack,
    signer_key,
    the_framework,
    trust_on,
    trust_only,
    valid_package,
    zip_members,
)

SOURCE = "ON-digital-strategy-2026-r1.jalon"


@pytest.fixture(autouse=True)
def _nothing_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Verification happens in an empty working folder, which must stay empty."""
    monkeypatch.chdir(tmp_path)
    yield
    assert list(tmp_path.iterdir()) == []


def refused(
    package: bytes,
    step: Step,
    phrase: str,
    *,
    trust: Callable[[str, str], TrustStatus] | None = None,
    **options: Any,
) -> PackageRefused:
    with pytest.raises(PackageRefused) as caught:
        verify_package(package, source=SOURCE, trust=trust or trust_on(), now=VERIFY_NOW, **options)
    error = caught.value
    text = str(error)
    assert error.step is step, text
    assert phrase in text, text
    assert SOURCE in text
    assert f"step {step.number}" in text
    # Said in French too, without a crash, whatever the catalogue holds yet.
    assert SOURCE in translator("fr").error(error)
    return error


def _entries(change: Callable[[list[RawEntry]], None]) -> bytes:
    def edit(entries: list[RawEntry]) -> list[RawEntry]:
        change(entries)
        return entries

    return raw_package(edit)


def _entry(name: str) -> RawEntry:
    return RawEntry(name.encode(), members_of(valid_package())[name])


# -- step 1: the archive -----------------------------------------------------------------------


def test_a_valid_package_rebuilt_by_hand_is_accepted() -> None:
    # The hand-made writer below is faithful: without a fault, its zips verify.
    verify_package(raw_package(), source=SOURCE, trust=trust_on(), now=VERIFY_NOW)


@pytest.mark.parametrize("data", [b"", b"hello", b"%PDF-1.7\n" + b"x" * 100, b"\0" * 5000])
def test_import_refuses_a_file_that_is_not_a_zip(data: bytes) -> None:
    refused(data, Step.ZIP, "is not a zip archive")


@pytest.mark.parametrize("keep", [0.25, 0.5, 0.9, 0.99])
def test_import_refuses_a_truncated_package(keep: float) -> None:
    package = valid_package()
    error = refused(package[: int(len(package) * keep)], Step.ZIP, "archive")
    assert "cut short" in str(error) or "damaged" in str(error)


def test_import_refuses_data_before_the_archive() -> None:
    refused(b"MZ" + b"\0" * 200 + valid_package(), Step.ZIP, "before the start of the archive")


def test_import_refuses_data_before_the_archive_even_with_adjusted_offsets() -> None:
    # Like `zip -A`: the prefix is there and the offsets were shifted to match it.
    prefix = b"#!/bin/sh\nexit 0\n"
    package = raw_package()
    fixed = bytearray(prefix + package)
    end = len(fixed) - 22
    cd_offset = int.from_bytes(fixed[end + 16 : end + 20], "little") + len(prefix)
    fixed[end + 16 : end + 20] = cd_offset.to_bytes(4, "little")
    position = cd_offset
    for _ in range(4):
        local = int.from_bytes(fixed[position + 42 : position + 46], "little") + len(prefix)
        fixed[position + 42 : position + 46] = local.to_bytes(4, "little")
        name_len, extra_len, comment_len = (
            int.from_bytes(fixed[position + i : position + i + 2], "little") for i in (28, 30, 32)
        )
        position += 46 + name_len + extra_len + comment_len
    refused(bytes(fixed), Step.ZIP, "before the start of the archive")


def test_import_refuses_data_after_the_archive() -> None:
    refused(valid_package() + b"trailing bytes", Step.ZIP, "after the end of the archive")


def test_import_refuses_a_package_with_a_zip_comment() -> None:
    members = members_of(valid_package())
    entries = [RawEntry(n.encode(), members[n]) for n in NAMES]
    refused(raw_zip(entries, comment=b"hidden text"), Step.ZIP, "carries a comment")


def test_import_refuses_a_member_comment() -> None:
    refused(
        _entries(lambda e: e.__setitem__(3, replace(e[3], comment=b"note"))),
        Step.ZIP,
        "zip features Jalon packages never use (comments)",
    )


@pytest.mark.parametrize("name", NAMES)
def test_import_refuses_a_flipped_byte_in_any_member(name: str) -> None:
    package = bytearray(valid_package())
    content = members_of(valid_package())[name]
    # The member's data sits in the archive, stored or deflated: flip a byte inside it.
    with zipfile.ZipFile(__import__("io").BytesIO(bytes(package))) as archive:
        info = archive.getinfo(name)
    start = info.header_offset + 30 + len(name) + len(info.extra)
    middle = start + info.compress_size // 2
    package[middle] ^= 0x40
    assert content  # the member is not empty
    error = refused(bytes(package), Step.ZIP, name)
    # A stored member fails its checksum; a deflated one may also stop inflating where its
    # header says, or overflow it.
    assert "damaged" in str(error) or "more data than its header" in str(error)


@pytest.mark.parametrize("missing", NAMES)
def test_import_refuses_a_missing_member(missing: str) -> None:
    members = members_of(valid_package())
    refused(
        zip_members((n, members[n]) for n in NAMES if n != missing),
        Step.ZIP,
        f"lacks {missing}",
    )


def test_import_refuses_an_extra_member() -> None:
    members = members_of(valid_package())
    package = zip_members([*((n, members[n]) for n in NAMES), ("readme.txt", b"hello")])
    refused(package, Step.ZIP, "holds 6 entries")


def test_import_refuses_an_extra_member_in_place_of_a_known_one() -> None:
    refused(
        _entries(lambda e: e.__setitem__(3, RawEntry(b"readme.txt", b"hello"))),
        Step.ZIP,
        "unexpected file 'readme.txt'",
    )


@pytest.mark.parametrize("name", NAMES)
def test_import_refuses_a_duplicated_member(name: str) -> None:
    # zipfile would silently read the second copy: here the first copy is a decoy.
    def duplicate(entries: list[RawEntry]) -> None:
        index = NAMES.index(name)
        victim = (index + 1) % len(NAMES)
        entries[index] = RawEntry(name.encode(), b"{}")
        entries[victim] = _entry(name)

    refused(_entries(duplicate), Step.ZIP, f"'{name}' more than once")


def test_import_refuses_a_duplicated_member_as_a_sixth_entry() -> None:
    def duplicate(entries: list[RawEntry]) -> None:
        entries.append(_entry("manifest.json"))

    refused(_entries(duplicate), Step.ZIP, "holds 6 entries")


def test_import_refuses_a_duplicated_member_that_stays_within_five_entries() -> None:
    def duplicate(entries: list[RawEntry]) -> None:
        entries[1] = _entry("manifest.json")

    refused(_entries(duplicate), Step.ZIP, "more than once")


@pytest.mark.parametrize(
    "name",
    [
        b"../manifest.json",
        b"report.pdf/../manifest.json",
        b"/manifest.json",
        b"C:manifest.json",
        b"reports\\report.pdf",
        b"manifest.json\x00.txt",
        "r\u0435port.pdf".encode(),  # Cyrillic е
        "report\u2024pdf".encode(),  # one dot leader
        "ｍanifest.json".encode(),  # fullwidth m
        "manifest.json\u200b".encode(),  # zero-width space
        b"manifest.json\n",
    ],
)
def test_import_refuses_an_unsafe_member_name(name: bytes) -> None:
    error = refused(
        _entries(lambda e: e.__setitem__(3, replace(e[3], name=name))),
        Step.ZIP,
        "unsafe name",
    )
    assert "\n" not in str(error).replace("\\n", "")


def test_import_refuses_a_directory_member() -> None:
    def directory(entries: list[RawEntry]) -> None:
        entries.append(RawEntry(b"reports/", b"", method=0, external=(0o040755 << 16) | 0x10))

    refused(_entries(directory), Step.ZIP, "holds 6 entries")
    refused(
        _entries(lambda e: e.__setitem__(3, RawEntry(b"reports/", b"", method=0))),
        Step.ZIP,
        "a folder 'reports/'",
    )


def test_import_refuses_a_member_marked_as_a_directory_by_its_attributes() -> None:
    refused(
        _entries(lambda e: e.__setitem__(3, replace(e[3], external=0x10))),
        Step.ZIP,
        "a folder 'report-en.pdf'",
    )


def test_import_refuses_a_symlink_member() -> None:
    link = RawEntry(b"report-en.pdf", b"/etc/passwd", method=0, external=0o120777 << 16)
    refused(_entries(lambda e: e.__setitem__(3, link)), Step.ZIP, "link or special file")


@pytest.mark.parametrize("flag", [0x0001, 0x0040, 0x2000])
def test_import_refuses_an_encrypted_member(flag: int) -> None:
    refused(
        _entries(lambda e: e.__setitem__(2, replace(e[2], flags=flag))),
        Step.ZIP,
        "assessment.json is encrypted",
    )


@pytest.mark.parametrize("method", [1, 9, 12, 14, 93, 99])
def test_import_refuses_an_unsupported_compression_method(method: int) -> None:
    refused(
        _entries(lambda e: e.__setitem__(3, replace(e[3], method=method, payload=b"xx"))),
        Step.ZIP,
        f"method Jalon does not accept ({method})",
    )


def test_import_refuses_data_descriptors_and_other_unusual_flags() -> None:
    refused(
        _entries(lambda e: e.__setitem__(3, replace(e[3], flags=0x0008))),
        Step.ZIP,
        "zip features Jalon packages never use",
    )


def test_import_refuses_zip64_sizes() -> None:
    refused(
        _entries(lambda e: e.__setitem__(3, replace(e[3], size=0xFFFFFFFF))),
        Step.ZIP,
        "zip64",
    )


def test_import_refuses_a_zip_bomb_with_a_high_compression_ratio() -> None:
    # Honest headers, 20 MiB of zeros: within the size caps, but a ratio no report has.
    bomb = RawEntry(b"report-en.pdf", b"\0" * (20 * 1024 * 1024))
    refused(_entries(lambda e: e.__setitem__(3, bomb)), Step.ZIP, "looks like a zip bomb")


def test_import_refuses_a_zip_bomb_whose_header_lies_about_its_size() -> None:
    payload = deflate(b"\0" * (5 * 1024 * 1024))
    liar = RawEntry(b"report-en.pdf", b"%PDF-", payload=payload, size=5, crc=0)
    refused(_entries(lambda e: e.__setitem__(3, liar)), Step.ZIP, "more data than its header")


def test_import_refuses_a_member_declared_larger_than_a_package_allows() -> None:
    huge = RawEntry(b"assessment.json", b"{}", size=500 * 1024 * 1024)
    refused(_entries(lambda e: e.__setitem__(2, huge)), Step.ZIP, "more than the")


def test_import_refuses_a_member_smaller_than_its_header_says() -> None:
    short = replace(_entry("report-en.pdf"))
    short.size = len(short.content) + 10
    refused(_entries(lambda e: e.__setitem__(3, short)), Step.ZIP, "size does not match")


def test_import_refuses_an_archive_with_very_many_members() -> None:
    entries = [RawEntry(f"f{i}.txt".encode(), b"x", method=0) for i in range(10_000)]
    refused(raw_zip(entries), Step.ZIP, "holds 10000 entries")


def test_import_refuses_an_archive_whose_end_record_undercounts_its_members() -> None:
    members = members_of(valid_package())
    entries = [RawEntry(n.encode(), members[n]) for n in NAMES]
    entries.append(RawEntry(b"extra.txt", b"x"))
    refused(raw_zip(entries, count=4), Step.ZIP, "damaged")


def test_import_refuses_members_that_overlap() -> None:
    package = bytearray(raw_package())
    end = len(package) - 22
    cd_offset = int.from_bytes(package[end + 16 : end + 20], "little")
    # Point the second central entry at the first local header.
    position = cd_offset
    name_len, extra_len, comment_len = (
        int.from_bytes(package[position + i : position + i + 2], "little") for i in (28, 30, 32)
    )
    position += 46 + name_len + extra_len + comment_len
    package[position + 42 : position + 46] = (0).to_bytes(4, "little")
    refused(bytes(package), Step.ZIP, "damaged")


def test_import_refuses_a_package_larger_than_any_package_may_be() -> None:
    refused(b"PK\x03\x04" + b"\0" * (81 * 1024 * 1024), Step.ZIP, "more than a package may be")


# -- step 2: the manifest ----------------------------------------------------------------------


def _manifest(data: bytes) -> bytes:
    return repack(valid_package(), manifest_json=data)


def _changed_manifest(change: Callable[[dict[str, Any]], None]) -> bytes:
    document = manifest_of(valid_package())
    change(document)
    return _manifest(canonical(document))


@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        (b"not json", "not acceptable JSON"),
        (b"\xef\xbb\xbf{}", "not acceptable JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"[" * 5000 + b"]" * 5000, "nested more than"),
        (b'{"a":' * 40 + b"1" + b"}" * 40, "nested more than"),
        (b'{"format":"jalon.package","format":"jalon.package"}', "duplicate key"),
        (b'{"format":"jalon.package","format_version":NaN}', "NaN is not a JSON number"),
        (b'{"format":"jalon.package","format_version":Infinity}', "Infinity"),
        (b'{"format":"jalon.package","format_version":1.0}', "not a whole number"),
        (b'{"format":"jalon.package","format_version":1' + b"0" * 400 + b"}", "too large"),
        (b"[]", "is not a Jalon package manifest"),
        (b'{"format":"jalon.assessment","format_version":1}', "is not a Jalon package"),
    ],
)
def test_import_refuses_a_manifest_that_is_not_strict_json(data: bytes, phrase: str) -> None:
    refused(_manifest(data), Step.MANIFEST, phrase)


def test_import_refuses_a_huge_manifest() -> None:
    document = manifest_of(valid_package())
    document["padding"] = "x" * (100 * 1024)
    refused(_manifest(canonical(document)), Step.ZIP, "manifest.json would be")


def test_import_refuses_a_manifest_that_is_valid_json_but_not_canonical() -> None:
    document = manifest_of(valid_package())
    pretty = json.dumps(document, indent=2, sort_keys=True).encode()
    refused(_manifest(pretty), Step.MANIFEST, "not in canonical form")
    unsorted = json.dumps(dict(reversed(document.items())), separators=(",", ":")).encode()
    refused(_manifest(unsorted), Step.MANIFEST, "not in canonical form")


@pytest.mark.parametrize("version", [0, 3, 99, "1", "2", True, None])
def test_import_refuses_an_unknown_format_version(version: object) -> None:
    error = refused(
        _changed_manifest(lambda d: d.update(format_version=version)),
        Step.MANIFEST,
        "this version of Jalon does not read",
    )
    assert "Update Jalon" in str(error)


@pytest.mark.parametrize(
    ("change", "phrase"),
    [
        (lambda d: d.pop("package_id"), "'package_id' is a required property"),
        (lambda d: d.update(extra="x"), "unexpected property"),
        (lambda d: d.update(revision=0), "less than the minimum"),
        (lambda d: d.update(revision="1"), "is not of type integer"),
        (lambda d: d.update(assessment_id="not-a-uuid"), "$.assessment_id"),
        (lambda d: d.update(signed_at="2026-11-02 15:30"), "$.signed_at"),
        (lambda d: d["signer"].update(key_id="XYZ"), "$.signer.key_id"),
        (lambda d: d["signer"].update(name="A\u0000B"), "$.signer.name"),
        (lambda d: d["jurisdiction"].update(kind="country"), "$.jurisdiction.kind"),
        (lambda d: d["files"].append(d["files"][0]), "$.files"),
        (lambda d: d["files"][0].update(path="../etc/passwd"), "$.files[0].path"),
        (lambda d: d["app"].update(version="1.0; rm -rf /"), "$.app.version"),
    ],
)
def test_import_refuses_a_manifest_that_breaks_its_schema(
    change: Callable[[dict[str, Any]], None], phrase: str
) -> None:
    error = refused(_changed_manifest(change), Step.MANIFEST, "schema")
    assert phrase in str(error)


def test_import_refuses_a_manifest_listing_its_files_out_of_order() -> None:
    refused(
        _changed_manifest(lambda d: d["files"].reverse()),
        Step.MANIFEST,
        "must list assessment.json, report-en.pdf, report-fr.pdf",
    )


def test_import_refuses_a_manifest_naming_a_government_under_another_name() -> None:
    refused(
        _changed_manifest(lambda d: d["jurisdiction"]["name"].update(en="Quebec")),
        Step.MANIFEST,
        "inconsistent",
    )


def test_import_refuses_a_package_signed_far_in_the_future() -> None:
    future = (VERIFY_NOW + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    package = forge(signer_key(), manifest_changes=lambda d: d.update(signed_at=future))
    error = refused(package, Step.MANIFEST, "more than a day from now")
    assert "date and time" in str(error)


def test_a_package_signed_a_little_ahead_of_this_clock_is_accepted() -> None:
    ahead = (VERIFY_NOW + timedelta(hours=23)).strftime("%Y-%m-%dT%H:%M:%SZ")
    package = forge(signer_key(), manifest_changes=lambda d: d.update(signed_at=ahead))
    verify_package(package, source=SOURCE, trust=trust_on(), now=VERIFY_NOW)


# -- step 3: the signature ---------------------------------------------------------------------


def test_import_refuses_a_changed_manifest() -> None:
    error = refused(
        _changed_manifest(lambda d: d.update(revision=2)),
        Step.SIGNATURE,
        "signature does not match the manifest",
    )
    assert error.key_id == signer_key().key_id


@pytest.mark.parametrize(
    "signature",
    [b"", b"\x30\x00", b"garbage", bytes(70), None],
    ids=["empty", "empty-der", "garbage", "zeros", "truncated"],
)
def test_import_refuses_a_bad_or_truncated_signature(signature: bytes | None) -> None:
    if signature is None:
        signature = members_of(valid_package())["manifest.sig"][:-5]
    refused(
        repack(valid_package(), manifest_sig=signature),
        Step.SIGNATURE,
        "signature does not match the manifest",
    )


def test_import_refuses_a_signature_with_extra_bytes() -> None:
    signature = members_of(valid_package())["manifest.sig"] + b"\0"
    refused(repack(valid_package(), manifest_sig=signature), Step.SIGNATURE, "does not match")


def test_import_refuses_a_signature_larger_than_any_signature() -> None:
    refused(repack(valid_package(), manifest_sig=b"\0" * 2000), Step.ZIP, "manifest.sig would be")


def test_import_refuses_a_manifest_signed_by_another_key_than_it_names() -> None:
    other = signer_key("Sam Okafor", "ON")
    members = members_of(valid_package())
    package = repack(valid_package(), manifest_sig=other.sign(members["manifest.json"]))
    refused(package, Step.SIGNATURE, "signature does not match")


def test_import_refuses_a_manifest_whose_key_id_is_not_its_public_keys_hash() -> None:
    other = signer_key("Sam Okafor", "ON")
    package = forge(
        signer_key(), manifest_changes=lambda d: d["signer"].update(key_id=other.key_id)
    )
    refused(package, Step.SIGNATURE, "key id is not the hash of its public key")


def test_import_refuses_a_public_key_that_is_not_p256() -> None:
    key = ec.generate_private_key(ec.SECP384R1())
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )

    def change(d: dict[str, Any]) -> None:
        d["signer"].update(
            public_key=base64.b64encode(der).decode(), key_id=hashlib.sha256(der).hexdigest()
        )

    refused(forge(signer_key(), manifest_changes=change), Step.SIGNATURE, "P-256")


def _unknown_curve_key() -> bytes:
    """A P-256 public key whose curve OID was changed to one OpenSSL does not know."""
    der = bytearray(signer_key().public_key_der)
    index = der.index(bytes.fromhex("2a8648ce3d030107"))
    der[index + 7] = 0x08
    return bytes(der)


@pytest.mark.parametrize(
    "der",
    [
        _unknown_curve_key(),
        ec.generate_private_key(ec.SECP256K1())
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo),
    ],
    ids=["unknown-curve", "secp256k1"],
)
def test_import_refuses_a_public_key_of_an_unknown_or_other_curve(der: bytes) -> None:
    def change(d: dict[str, Any]) -> None:
        d["signer"].update(
            public_key=base64.b64encode(der).decode(), key_id=hashlib.sha256(der).hexdigest()
        )

    refused(forge(signer_key(), manifest_changes=change), Step.SIGNATURE, "P-256")


def test_import_refuses_a_public_key_that_is_not_base64_of_a_key() -> None:
    refused(
        forge(signer_key(), manifest_changes=lambda d: d["signer"].update(public_key="AAAA")),
        Step.SIGNATURE,
        "not a usable ECDSA P-256 key",
    )


# -- step 4: trust -----------------------------------------------------------------------------


def test_import_refuses_a_package_signed_by_an_unknown_signer() -> None:
    error = refused(valid_package(), Step.TRUST, "is not enrolled", trust=trust_only())
    assert signer_key().fingerprint in str(error)
    assert error.key_id == signer_key().key_id


def test_import_refuses_a_package_signed_by_a_revoked_key() -> None:
    key_id = signer_key().key_id
    refused(
        valid_package(),
        Step.TRUST,
        "has been revoked",
        trust=trust_only((key_id, "ON"), revoked=[key_id]),
    )


def test_import_refuses_a_package_signed_by_a_key_enrolled_for_another_jurisdiction() -> None:
    # A Quebec key signs an Ontario assessment: the key is enrolled, but for QC.
    quebec = signer_key("Marie Gagnon", "QC")
    package = forge(quebec)
    error = refused(
        package,
        Step.TRUST,
        "enrolled for another jurisdiction",
        trust=trust_only((quebec.key_id, "QC"), (signer_key().key_id, "ON")),
    )
    assert fingerprint(quebec.key_id) in str(error)


# -- step 5: the contents ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["assessment.json", "report-en.pdf", "report-fr.pdf"])
def test_import_refuses_a_member_changed_after_signing(name: str) -> None:
    content = bytearray(members_of(valid_package())[name])
    content[len(content) // 2] ^= 0x01
    package = repack(valid_package(), **{name.replace(".", "_").replace("-", "_"): bytes(content)})
    refused(package, Step.CONTENTS, f"{name} is not the file that was signed")


def test_import_refuses_a_member_with_bytes_appended_after_signing() -> None:
    pdf = members_of(valid_package())["report-fr.pdf"] + b"\n% appended\n"
    refused(
        repack(valid_package(), report_fr_pdf=pdf), Step.CONTENTS, "report-fr.pdf is not the file"
    )


def _signed_assessment_json(data: bytes) -> bytes:
    return forge(signer_key(), assessment_json=data)


@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        (b"{", "not acceptable JSON"),
        (b'{"id":"a","id":"b"}', "duplicate key"),
        (b'{"revision":NaN}', "NaN"),
        (b'{"revision":-Infinity}', "Infinity"),
        (b"[" * 100 + b"]" * 100, "nested more than"),
        (b'{"a":"' + b"x" * (9 * 1024 * 1024) + b'"}', "more than the"),
    ],
)
def test_import_refuses_an_assessment_that_is_not_strict_json(data: bytes, phrase: str) -> None:
    step = Step.ZIP if len(data) > 8 * 1024 * 1024 else Step.CONTENTS
    refused(_signed_assessment_json(data), step, phrase)


def test_import_refuses_an_assessment_that_is_not_canonical() -> None:
    pretty = json.dumps(assessment_document(), indent=1).encode()
    refused(_signed_assessment_json(pretty), Step.CONTENTS, "not in canonical form")


@pytest.mark.parametrize(
    ("change", "phrase"),
    [
        (lambda d: d.update(surprise=True), "unexpected property"),
        (lambda d: d.pop("responses"), "'responses' is a required property"),
        (lambda d: d["responses"][0].update(current=42), "$.responses[0].current"),
        (lambda d: d["responses"][0].update(priority="x" * 40), "$.responses[0].priority"),
        (lambda d: d["responses"][0].update(comment="x" * 20_001), "longer than 20000"),
        (lambda d: d["responses"][0].update(comment="a\u0000b"), "$.responses[0].comment"),
        (lambda d: d.update(title="t" * 201), "$.title"),
        (lambda d: d.update(participants=[{"name": "A"}] * 2), "$.participants[0]"),
        (lambda d: d["answers"].update({"Bad Key": "x"}), "$.answers"),
        (lambda d: d.update(status="archived"), "$.status"),
        (lambda d: d.update(revision=True), "$.revision"),
    ],
)
def test_import_refuses_an_assessment_that_breaks_its_schema(
    change: Callable[[dict[str, Any]], None], phrase: str
) -> None:
    document = assessment_document()
    change(document)
    error = refused(_signed_assessment_json(canonical(document)), Step.CONTENTS, "schema")
    assert phrase in str(error)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.update(id="00000000-0000-4000-8000-00000000dead"), "assessment id"),
        (lambda d: d.update(revision=2), "revision number"),
        (lambda d: d["framework"].update(version="1.1"), "framework"),
        (lambda d: d["framework"].update(sha256="0" * 64), "framework"),
        (lambda d: d.update(status="draft"), "status"),
        (lambda d: d.update(signature=None), "status"),
        (lambda d: d["signature"].update(key_id="0" * 64), "signer"),
        (lambda d: d["signature"].update(signer_name="Someone Else"), "signer"),
    ],
)
def test_import_refuses_an_assessment_that_disagrees_with_its_manifest(
    change: Callable[[dict[str, Any]], None], field: str
) -> None:
    document = assessment_document()
    change(document)
    refused(
        _signed_assessment_json(canonical(document)),
        Step.CONTENTS,
        f"assessment.json and manifest.json disagree about the {field}",
    )


def test_import_refuses_an_assessment_for_another_jurisdiction_than_the_manifest() -> None:
    document = assessment_document()
    document["jurisdiction"] = {
        "code": "QC",
        "kind": "province",
        "name": {"en": "Quebec", "fr": "Québec"},
    }
    refused(
        _signed_assessment_json(canonical(document)),
        Step.CONTENTS,
        "disagree about the jurisdiction",
    )


def test_import_refuses_an_assessment_naming_a_government_falsely() -> None:
    document = assessment_document()
    document["jurisdiction"]["name"]["fr"] = "Ontario-du-Nord"
    refused(_signed_assessment_json(canonical(document)), Step.CONTENTS, "is not its name")


def test_import_refuses_a_report_that_is_not_a_pdf() -> None:
    refused(forge(signer_key(), report=b"MZ\x90\x00"), Step.CONTENTS, "not a PDF document")


def test_import_refuses_an_assessment_for_a_framework_it_does_not_know() -> None:
    refused(
        valid_package(),
        Step.CONTENTS,
        "which this copy of Jalon does not have",
        framework_for=lambda ref: None,
    )


def test_import_refuses_an_assessment_that_does_not_fit_its_framework() -> None:
    document = assessment_document()
    document["responses"][0]["current"] = 9  # schema allows 0-9; the framework's scale does not
    fw = the_framework()
    refused(
        _signed_assessment_json(canonical(document)),
        Step.CONTENTS,
        "does not fit its framework",
        framework_for=lambda ref: fw,
    )


def test_steps_run_in_order_so_a_package_with_several_faults_fails_the_first() -> None:
    # Unknown signer AND a changed report: the trust step (4) comes before contents (5).
    pdf = members_of(valid_package())["report-en.pdf"] + b"x"
    package = repack(valid_package(), report_en_pdf=pdf)
    refused(package, Step.TRUST, "not enrolled", trust=trust_only())


def test_a_refusal_in_french_keeps_the_package_name_and_step() -> None:
    error = refused(b"hello", Step.ZIP, "not a zip")
    french = translator("fr").error(error)
    assert SOURCE in french
    assert os.path.basename(SOURCE) in french
