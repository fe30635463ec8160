"""The quick check of report.pdf on import (issue 17) keeps issue 13's guarantee: one PAdES
signature by the manifest's key over the whole file, and no active content, even where a
reader would find it and a quick scan might not. Every hostile report here is validly signed
by the enrolled key: only its layout is hostile."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from jalon.exchange.errors import PackageRefused, PdfSignatureError, Step
from jalon.exchange.package import verify_package
from jalon.exchange.pdfcheck import check_report_signature, signature_der
from jalon.exchange.pdfsign import ACTIVE_CONTENT, sign_pdf, validate_pdf_signature

from .exchange_support import (
    SIGNED_AT,
    VERIFY_NOW,
    forge,
    signed_report,
    signer_key,
    the_framework,
    trust_on,
)
from .test_exchange_report_pdf import with_catalog_entries


def refused_for(report: bytes) -> PackageRefused:
    package = forge(signer_key(), report=report)
    with pytest.raises(PackageRefused) as caught:
        verify_package(package, source="p.jalon", trust=trust_on(), now=VERIFY_NOW)
    assert caught.value.step is Step.CONTENTS
    return caught.value


def signed(pdf: bytes) -> bytes:
    return sign_pdf(pdf, signer_key(), reason="Test", location="Ontario", now=SIGNED_AT)


def hand_pdf(objects: list[bytes], *, hidden: bytes | None = None) -> bytes:
    """A PDF with ``objects`` (bodies of objects 1, 2, ...) and a classic xref table.

    With ``hidden``, one more object is written inside the body of a stream (object
    ``len(objects) + 1``, a stream of its own) and the xref table points at it there: a reader
    that follows the table finds it, a scan that skips stream bodies does not.
    """
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    if hidden is not None:
        number = len(objects) + 1
        offsets.append(len(out))
        inner_number = number + 1
        prefix = b"%d 0 obj\n<< /Length " % number
        # The body holds the hidden object; its offset is known once the header is written.
        inner = b"%d 0 obj\n" % inner_number + hidden + b"\nendobj\n"
        head = prefix + b"%d >>\nstream\n" % len(inner)
        out += head
        hidden_at = len(out)
        out += inner + b"\nendstream\nendobj\n"
        offsets.append(hidden_at)
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(offsets) + 1,
        xref_at,
    )
    return bytes(out)


PAGE_OBJECTS = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
]


def test_a_genuine_french_report_passes_the_quick_check_as_it_passes_pyhanko() -> None:
    from jalon.reports import render_jurisdiction_report

    from .conftest import complete_assessment

    fw = the_framework()
    report = render_jurisdiction_report(complete_assessment(fw), fw, "fr", created=SIGNED_AT)
    pdf = signed(report)
    quick = check_report_signature(pdf)
    full = validate_pdf_signature(pdf)
    assert quick.ok
    assert full.ok
    assert quick.active is None
    assert quick.key_id == full.key_id == signer_key().key_id


def test_a_package_whose_report_hides_javascript_behind_an_escaped_name_is_refused() -> None:
    from .test_exchange_report_pdf import javascript_action, report_pdf

    # "/OpenActionXX" and "/Op#65nAction" have the same length: the offsets stay right.
    marked = with_catalog_entries(report_pdf(), {"/OpenActionXX": javascript_action()})
    escaped = marked.replace(b"/OpenActionXX", b"/Op#65nAction")
    assert b"/OpenAction" not in escaped
    hostile = signed(escaped)
    error = refused_for(hostile)
    assert error.code == "report_active_content"
    assert "/OpenAction" in error.message.english()


def test_a_package_whose_report_hides_an_object_inside_a_stream_is_refused() -> None:
    hidden = b"<< /JavaScript << /Names [(x) << /S /JavaScript /JS (app.alert(1)) >>] >> >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Names 5 0 R >>",
        *PAGE_OBJECTS[1:],
    ]
    pdf = hand_pdf(objects, hidden=hidden.replace(b"/JavaScript", b"/JavaScrip#74"))
    hostile = signed(pdf)
    error = refused_for(hostile)
    assert error.code == "report_not_signed"
    assert "points at no object" in error.message.english()


def test_a_package_whose_report_holds_an_object_stream_is_refused() -> None:
    import zlib

    inner = b"5 0 << /S /JavaScript /JS (x) >>"
    body = zlib.compress(inner)
    objects = [
        *PAGE_OBJECTS,
        b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(body)
        + body
        + b"\nendstream",
    ]
    hostile = signed(hand_pdf(objects))
    error = refused_for(hostile)
    assert error.code == "report_not_signed"
    assert "/ObjStm" in error.message.english()


def test_a_package_whose_report_has_bytes_appended_after_signing_is_refused() -> None:
    changed = signed_report() + b"% a comment added after signing\n"
    assert refused_for(changed).code == "report_changed_after_signing"


def test_a_package_whose_report_had_a_signed_byte_changed_is_refused() -> None:
    report = signed_report()
    at = report.index(b"Jalon test report")
    changed = report[:at] + b"j" + report[at + 1 :]  # the same length, one letter changed
    assert changed != report
    assert refused_for(changed).code == "report_changed_after_signing"


def test_a_report_whose_signature_hole_is_not_its_contents_cannot_be_checked() -> None:
    report = signed_report()
    start = report.index(b"/ByteRange [0 ") + len(b"/ByteRange [0 ")
    first = report[start:].split(b" ", 1)[0]
    # Point the range one byte earlier: the hole no longer frames the hex string.
    moved = str(int(first) - 1).encode().rjust(len(first))
    hostile = report[:start] + moved + report[start + len(first) :]
    with pytest.raises(PdfSignatureError):
        check_report_signature(hostile)


@pytest.mark.parametrize(
    "damage",
    [
        lambda pdf: pdf[: len(pdf) // 2],
        lambda pdf: pdf.replace(b"endstream", b"endstrea_", 1),
        lambda pdf: pdf.replace(b"startxref", b"startxreg"),
        lambda pdf: b"%PDF-1.7\n(" + pdf[9:],
    ],
    ids=["cut in half", "stream not ended", "no startxref", "unterminated string"],
)
def test_a_damaged_report_cannot_be_checked_and_says_so(damage: object) -> None:
    with pytest.raises(PdfSignatureError):
        check_report_signature(damage(signed_report()))  # type: ignore[operator]


def test_a_report_whose_cross_reference_entries_point_at_other_objects_cannot_be_read() -> None:
    """A reader that meets such a table rebuilds it by scanning every byte, stream bodies
    included, where an object may hide: refused before any signature is looked at."""
    pdf = hand_pdf(PAGE_OBJECTS)
    table = pdf.index(b"xref\n")
    lines = pdf[table:].split(b"\n")
    # Lines 3 and 4 are the entries of objects 1 and 2 (same length): swap them.
    lines[3], lines[4] = lines[4], lines[3]
    swapped = pdf[:table] + b"\n".join(lines)
    assert len(swapped) == len(pdf)
    with pytest.raises(PdfSignatureError) as caught:
        check_report_signature(swapped)
    assert "points at no object or another" in caught.value.message.english()
    with pytest.raises(PdfSignatureError) as unsigned:
        check_report_signature(pdf)  # the same file, its table intact: read, but not signed
    assert "carries no signature" in unsigned.value.message.english()


@pytest.mark.parametrize(
    "der",
    [
        b"\x30\x03\x02\x01\x00",  # short form, the last byte of the signature is zero
        b"\x30\x81\x80" + b"\x04\x7e" + b"\x11" * 125 + b"\x00",  # long form, ends in zero
    ],
)
def test_a_signature_that_ends_in_zero_bytes_is_read_whole_from_its_padded_place(
    der: bytes,
) -> None:
    assert signature_der(der + b"\x00" * 64) == der


@pytest.mark.parametrize(
    "contents",
    [
        b"",
        b"\x04\x01\x00",  # not a SEQUENCE
        b"\x30\x05\x02\x01\x00",  # says longer than its place
        b"\x30\x03\x02\x01\x00\x00\x01",  # something after the signature that is not padding
        b"\x30\x80\x02\x01\x00",  # indefinite length: not DER
    ],
)
def test_a_signature_place_that_is_not_der_then_zeros_cannot_be_read(contents: bytes) -> None:
    with pytest.raises(ValueError, match="DER"):
        signature_der(contents)


@pytest.mark.parametrize("name", sorted(ACTIVE_CONTENT))
def test_an_active_name_among_the_tokens_read_in_runs_is_found(name: str) -> None:
    # The reading takes numbers, references, ordinary names and plain strings in runs; an
    # active name between them (and after a plain string that spells it) is still found.
    catalog = (
        b"<< /Type /Catalog /Pages 2 0 R /Note (" + name.encode() + b") /Lang (en-CA) "
        b"/Extra [1 0 R 2.5 -3 true null] " + name.encode() + b" 3 0 R /Tail /Z >>"
    )
    report = check_report_signature(signed(hand_pdf([catalog, *PAGE_OBJECTS[1:]])))
    assert report.ok
    assert report.active == name


def test_an_active_name_spelled_only_inside_strings_is_not_active_content() -> None:
    catalog = (
        b"<< /Type /Catalog /Pages 2 0 R /Note (/JavaScript /OpenAction) "
        b"/Other (nested \\(/Launch\\) and \\) escaped) >>"
    )
    report = check_report_signature(signed(hand_pdf([catalog, *PAGE_OBJECTS[1:]])))
    assert report.ok
    assert report.active is None


@pytest.mark.parametrize("name", ["/ObjStm", "/XRefStm", "/XRef"])
def test_a_refused_structure_among_the_tokens_read_in_runs_cannot_be_read(name: str) -> None:
    catalog = b"<< /Type /Catalog /Pages 2 0 R /A [3 0 R] /K " + name.encode() + b" /B 1 >>"
    with pytest.raises(PdfSignatureError) as caught:
        check_report_signature(signed(hand_pdf([catalog, *PAGE_OBJECTS[1:]])))
    assert name in caught.value.message.english()


def with_cms(pdf: bytes, change: Callable[[Any], None]) -> bytes:
    """``pdf`` with its CMS signature changed by ``change`` (on the asn1crypto ContentInfo)
    and written back into its place (zero-padded): the bytes the signature covers are not
    touched."""
    import re

    import asn1crypto.tsp  # noqa: F401  (names the PAdES attributes)
    from asn1crypto import cms

    found = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf)
    assert found is not None
    _a, b, c, _d = (int(n) for n in found.groups())
    info = cms.ContentInfo.load(signature_der(bytes.fromhex(pdf[b + 1 : c - 1].decode())))
    change(info)
    hexed = info.dump(force=True).hex().encode()
    assert len(hexed) <= c - 1 - (b + 1)
    return pdf[: b + 1] + hexed.ljust(c - 1 - (b + 1), b"0") + pdf[c - 1 :]


def _attributes(info: Any) -> Any:
    return info["content"]["signer_infos"][0]["signed_attrs"]


def _two_signers(info: Any) -> None:
    from asn1crypto import cms

    signer = info["content"]["signer_infos"][0]
    info["content"]["signer_infos"] = cms.SignerInfos([signer, signer.copy()])


def _digest(info: Any) -> None:
    info["content"]["signer_infos"][0]["digest_algorithm"] = {"algorithm": "sha512"}


def _content_type(info: Any) -> None:
    from asn1crypto import cms

    attributes = _attributes(info)
    for attribute in attributes:
        if attribute["type"].native == "content_type":
            attribute["values"] = cms.SetOfContentType(["signed_data"])


def _without_signing_certificate(info: Any) -> None:
    from asn1crypto import cms

    kept = [a for a in _attributes(info) if a["type"].native != "signing_certificate_v2"]
    info["content"]["signer_infos"][0]["signed_attrs"] = cms.CMSAttributes(kept)


def _other_certificate_hash(info: Any) -> None:
    for attribute in _attributes(info):
        if attribute["type"].native == "signing_certificate_v2":
            attribute["values"][0]["certs"][0]["cert_hash"] = b"\x00" * 32


def _encapsulated(info: Any) -> None:
    info["content"]["encap_content_info"] = {"content_type": "data", "content": b"hello"}


def _without_certificates(info: Any) -> None:
    from asn1crypto import cms

    info["content"]["certificates"] = cms.CertificateSet([])


def _rsa(info: Any) -> None:
    info["content"]["signer_infos"][0]["signature_algorithm"] = {
        "algorithm": "sha256_rsa",
        "parameters": None,
    }


def _by_key_identifier(info: Any) -> None:
    from asn1crypto import cms

    info["content"]["signer_infos"][0]["sid"] = cms.SignerIdentifier(
        name="subject_key_identifier", value=b"\x01" * 20
    )


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        (_two_signers, "not exactly one signer"),
        (_digest, "not SHA-256"),
        (_content_type, "a content type other than data"),
        (_without_signing_certificate, "PAdES signed attributes missing"),
        (_other_certificate_hash, "names another certificate"),
        (_encapsulated, "not a detached signature"),
        (_without_certificates, "certificate is missing"),
        (_rsa, "not an ECDSA signature"),
        (_by_key_identifier, "not named by issuer and serial number"),
    ],
)
def test_a_report_whose_cms_signature_is_not_as_jalon_writes_it_cannot_be_checked(
    change: Callable[[Any], None], detail: str
) -> None:
    hostile = with_cms(signed_report(), change)
    with pytest.raises(PdfSignatureError) as caught:
        check_report_signature(hostile)
    assert detail in caught.value.message.english()
    error = refused_for(hostile)
    assert error.code == "report_not_signed"


def test_a_report_whose_cms_signature_value_was_changed_does_not_verify() -> None:
    def flip(info: Any) -> None:
        signer = info["content"]["signer_infos"][0]
        signature = bytearray(signer["signature"].native)
        signature[-1] ^= 0x01
        signer["signature"] = bytes(signature)

    report = check_report_signature(with_cms(signed_report(), flip))
    assert report.key_id == signer_key().key_id
    assert report.covers_whole_file
    assert not report.verifies
    assert refused_for(with_cms(signed_report(), flip)).code == "report_changed_after_signing"


def test_a_report_re_encoded_by_another_der_writer_still_verifies() -> None:
    # The reading is strict DER but not tied to one writer's layout: the same signature,
    # decoded and encoded again by asn1crypto, still checks.
    report = check_report_signature(with_cms(signed_report(), lambda info: None))
    assert report.ok
    assert report.key_id == signer_key().key_id


def test_a_large_embedded_certificate_is_read_but_never_kept() -> None:
    """Certificates are kept (by their bytes) so that each is read once; a hostile report
    with a huge one must not make the process hold it."""
    from asn1crypto import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    from jalon.exchange import pdfcheck

    certificate = x509.Certificate.load(signer_key().certificate.public_bytes(Encoding.DER))
    tbs = certificate["tbs_certificate"]
    tbs["extensions"] = [
        *tbs["extensions"],
        {"extn_id": "1.2.3.4.5", "critical": False, "extn_value": b"\x00" * 40_000},
    ]
    large = certificate.dump(force=True)
    assert len(large) > pdfcheck._KEPT_CERTIFICATE_BYTES
    before = pdfcheck._kept_certificate.cache_info().currsize
    facts = pdfcheck._certificate(large)
    assert facts.key_id == signer_key().key_id
    assert pdfcheck._kept_certificate.cache_info().currsize == before
