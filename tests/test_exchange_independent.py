"""Anyone can check a package without Jalon: openssl, sha256sum, pdfsig, and pyHanko.

These tests run the real tools on a real exported package, the way docs/package-format.md
tells a third party to.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import textwrap
import zipfile
from pathlib import Path

import pytest

from jalon.exchange.errors import PdfSignatureError
from jalon.exchange.pdfsign import sign_pdf, validate_pdf_signature

from .exchange_support import (
    FORMAT_1_PACKAGE,
    NAMES_V1,
    REPORTS,
    SIGNED_AT,
    members_of,
    report_pdf,
    signer_key,
    valid_package,
)

needs = pytest.mark.skipif


def _extract(tmp_path: Path) -> Path:
    """Unpack the package with a standard zip reader, as a third party would."""
    package = tmp_path / "ON-digital-strategy-2026-r1.jalon"
    package.write_bytes(valid_package())
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder)
    return folder


def _signer_pem(folder: Path) -> Path:
    manifest = json.loads((folder / "manifest.json").read_bytes())
    body = "\n".join(textwrap.wrap(manifest["signer"]["public_key"], 64))
    pem = folder.parent / "signer.pem"
    pem.write_text(f"-----BEGIN PUBLIC KEY-----\n{body}\n-----END PUBLIC KEY-----\n")
    return pem


@needs(shutil.which("openssl") is None, reason="openssl is not installed")
def test_openssl_verifies_the_manifest_signature_with_the_manifests_public_key(
    tmp_path: Path,
) -> None:
    folder = _extract(tmp_path)
    pem = _signer_pem(folder)
    result = subprocess.run(
        [
            "openssl",
            "dgst",
            "-sha256",
            "-verify",
            str(pem),
            "-signature",
            str(folder / "manifest.sig"),
            str(folder / "manifest.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Verified OK" in result.stdout


@needs(shutil.which("openssl") is None, reason="openssl is not installed")
def test_openssl_rejects_a_changed_manifest(tmp_path: Path) -> None:
    folder = _extract(tmp_path)
    pem = _signer_pem(folder)
    manifest = folder / "manifest.json"
    manifest.write_bytes(manifest.read_bytes().replace(b'"revision":1', b'"revision":2'))
    result = subprocess.run(
        [
            "openssl",
            "dgst",
            "-sha256",
            "-verify",
            str(pem),
            "-signature",
            str(folder / "manifest.sig"),
            str(manifest),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Verification failure" in result.stdout + result.stderr


@needs(shutil.which("openssl") is None, reason="openssl is not installed")
def test_openssl_computes_the_key_id_from_the_public_key(tmp_path: Path) -> None:
    folder = _extract(tmp_path)
    pem = _signer_pem(folder)
    der = subprocess.run(
        ["openssl", "pkey", "-pubin", "-in", str(pem), "-outform", "DER"],
        capture_output=True,
        check=True,
    ).stdout
    manifest = json.loads((folder / "manifest.json").read_bytes())
    assert hashlib.sha256(der).hexdigest() == manifest["signer"]["key_id"]


@needs(shutil.which("sha256sum") is None, reason="sha256sum is not installed")
def test_sha256sum_of_each_member_matches_the_manifest(tmp_path: Path) -> None:
    folder = _extract(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_bytes())
    listing = "".join(f"{f['sha256']}  {f['path']}\n" for f in manifest["files"])
    result = subprocess.run(
        ["sha256sum", "--check", "--strict", "-"],
        input=listing,
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": OK") == 3
    for entry in manifest["files"]:
        assert (folder / entry["path"]).stat().st_size == entry["size"]


def _pdfsig(path: Path) -> str:
    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    return result.stdout + result.stderr


@needs(shutil.which("pdfsig") is None, reason="pdfsig (poppler) is not installed")
@pytest.mark.parametrize("name", REPORTS)
def test_pdfsig_reports_each_report_signed_over_the_whole_document_and_valid(
    tmp_path: Path, name: str
) -> None:
    folder = _extract(tmp_path)
    output = _pdfsig(folder / name)
    assert "Signature #1" in output
    assert "Signature #2" not in output
    assert "Total document signed" in output
    assert "Signature Validation: Signature is Valid." in output
    assert "Signer Certificate Common Name: Alex Tremblay" in output
    assert "ETSI.CAdES.detached" in output
    # A self-signed certificate is unknown to poppler's trust store: that is expected, the
    # secretariat trusts the key through its enrolled key card instead.


@needs(shutil.which("pdfsig") is None, reason="pdfsig (poppler) is not installed")
def test_pdfsig_reads_the_report_of_a_format_1_package_as_signed_and_valid(
    tmp_path: Path,
) -> None:
    with zipfile.ZipFile(FORMAT_1_PACKAGE) as archive:
        assert archive.namelist() == list(NAMES_V1)
        archive.extractall(tmp_path)
    output = _pdfsig(tmp_path / "report.pdf")
    assert "Total document signed" in output
    assert "Signature Validation: Signature is Valid." in output


@needs(shutil.which("pdfsig") is None, reason="pdfsig (poppler) is not installed")
@pytest.mark.parametrize("name", REPORTS)
def test_pdfsig_reports_a_changed_report_as_invalid(tmp_path: Path, name: str) -> None:
    folder = _extract(tmp_path)
    pdf = bytearray((folder / name).read_bytes())
    index = pdf.index(b"ReportLab")
    pdf[index] = ord("X")
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(bytes(pdf))
    output = _pdfsig(changed)
    assert "Signature is Valid." not in output


@pytest.mark.parametrize("name", REPORTS)
def test_pyhanko_finds_each_report_signature_intact_valid_and_covering_everything(
    name: str,
) -> None:
    status = validate_pdf_signature(members_of(valid_package())[name], source=name)
    assert status.intact
    assert status.valid
    assert status.covers_whole_document
    assert status.signature_count == 1
    assert status.key_id == signer_key().key_id
    assert status.signer_name == "Alex Tremblay"
    assert status.signed_at == SIGNED_AT
    assert status.ok


@pytest.mark.parametrize("name", REPORTS)
def test_pyhanko_finds_a_changed_report_not_intact(name: str) -> None:
    pdf = bytearray(members_of(valid_package())[name])
    pdf[pdf.index(b"ReportLab")] = ord("X")
    status = validate_pdf_signature(bytes(pdf))
    assert not status.intact
    assert not status.ok


def test_pyhanko_sees_content_added_after_signing() -> None:
    from io import BytesIO

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    signed = members_of(valid_package())["report-fr.pdf"]
    writer = IncrementalPdfFileWriter(BytesIO(signed))
    writer.root["/Lang"] = generic.TextStringObject("fr")
    writer.update_root()
    out = BytesIO()
    writer.write(out)
    status = validate_pdf_signature(out.getvalue())
    assert status.intact
    assert status.valid
    assert not status.covers_whole_document
    assert not status.ok


def test_a_pdf_without_a_signature_is_a_clear_error() -> None:
    with pytest.raises(PdfSignatureError, match="carries no signature"):
        validate_pdf_signature(report_pdf(), source="report.pdf")


@pytest.mark.parametrize("data", [b"", b"not a pdf", b"%PDF-1.7\n%%EOF"])
def test_a_pdf_that_cannot_be_read_is_a_clear_error(data: bytes) -> None:
    with pytest.raises(PdfSignatureError, match=r"report\.pdf"):
        validate_pdf_signature(data, source="report.pdf")


def test_the_pdf_signature_records_the_time_it_was_given() -> None:
    signed = sign_pdf(report_pdf(), signer_key(), reason="Test", location="Ontario", now=SIGNED_AT)
    assert validate_pdf_signature(signed).signed_at == SIGNED_AT
    assert signed.startswith(report_pdf())  # an incremental update: the original stays
