"""Every package carries the report in both official languages, both signed (issue 15).

A package Jalon writes is format 2: ``report-en.pdf`` and ``report-fr.pdf``, rendered from the
same signed assessment and each PAdES-signed by the manifest's key. Format 1 (one
``report.pdf``) is still read: packages already sent keep importing and verifying. Each report
of a format-2 package passes every check report.pdf passes, and a refusal names the file.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from jalon import i18n
from jalon.core.framework import Framework
from jalon.core.jurisdiction import government
from jalon.exchange.errors import PackageRefused, Step
from jalon.exchange.manifest import report_member
from jalon.exchange.package import TrustStatus, verify_package
from jalon.exchange.pdfsign import sign_pdf, validate_pdf_signature
from jalon.exchange.safejson import canonical
from jalon.exchange.verify import FrameworkLookup
from jalon.services import demo, exchange, trust

from .exchange_support import (
    FORMAT_1_CARD,
    FORMAT_1_PACKAGE,
    NAMES,
    NAMES_V1,
    PASSPHRASE,
    REPORTS,
    SIGNED_AT,
    VERIFY_NOW,
    RawEntry,
    forge,
    format1_package,
    members_of,
    raw_zip,
    repack,
    report_pdf,
    signed_report,
    signer_key,
    the_framework,
    trust_on,
    valid_package,
    zip_members,
)
from .secretariat_support import jurisdiction_installation
from .test_exchange_report_pdf import javascript_action, with_catalog_entries

ON = government("ON")
SOURCE = "ON-digital-strategy-2026-r1.jalon"
LANG_OF = {"report-en.pdf": "en", "report-fr.pdf": "fr"}


def refused(package: bytes, step: Step) -> PackageRefused:
    with pytest.raises(PackageRefused) as caught:
        verify_package(package, source=SOURCE, trust=trust_on(), now=VERIFY_NOW)
    assert caught.value.step is step, caught.value
    assert SOURCE in str(caught.value)
    return caught.value


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def framework_for(fw: Framework) -> FrameworkLookup:
    return lambda ref: fw if (ref.id, ref.sha256) == (fw.id, fw.sha256) else None


# -- what an export holds ---------------------------------------------------------------------


def test_an_export_holds_both_reports_each_signed_by_the_manifest_key_and_in_its_language(
    tmp_path: Path,
) -> None:
    inst = jurisdiction_installation(tmp_path / "ontario", ON)
    try:
        a = demo.create_demo(inst.app, ON, "en")
        # The person exporting works in French: the package still holds both languages.
        i18n.set_language("fr")
        (tmp_path / "out").mkdir()
        result = exchange.export_assessment(inst.app, a.id, PASSPHRASE, tmp_path / "out")
    finally:
        inst.close()
    data = result.path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == list(NAMES)
    members = members_of(data)
    manifest = json.loads(members["manifest.json"])
    assert manifest["format_version"] == 2
    assert [f["path"] for f in manifest["files"]] == ["assessment.json", *REPORTS]
    for name in REPORTS:
        status = validate_pdf_signature(members[name], source=name)
        assert status.ok, name
        assert status.key_id == manifest["signer"]["key_id"] == result.key_id
        reader = PdfReader(io.BytesIO(members[name]))
        assert reader.trailer["/Root"]["/Lang"].startswith(LANG_OF[name])
    english, french = text_of(members["report-en.pdf"]), text_of(members["report-fr.pdf"])
    assert "Executive summary" in english
    assert "Sommaire" not in english
    assert "Sommaire" in french
    assert "Executive summary" not in french
    # Both from the same signed revision: the same signer, the same assessment title.
    title = json.loads(members["assessment.json"])["title"]
    assert title in english
    assert title in french
    verified = verify_package(
        data,
        source=result.path.name,
        trust=lambda k, j: TrustStatus.ENROLLED if k == result.key_id else TrustStatus.UNKNOWN,
        now=datetime.now(UTC),
    )
    assert verified.report("en") == members["report-en.pdf"]
    assert verified.report("fr") == members["report-fr.pdf"]


# -- format 1 is still read -------------------------------------------------------------------


def test_a_format_1_package_exported_before_format_2_still_verifies_and_imports(
    tmp_path: Path,
) -> None:
    """The fixture was exported by the last Jalon that wrote format 1 (commit d432831)."""
    data = FORMAT_1_PACKAGE.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == list(NAMES_V1)
    card = trust.read_card_file(FORMAT_1_CARD)
    verified = verify_package(
        data,
        source=FORMAT_1_PACKAGE.name,
        trust=lambda k, j: TrustStatus.ENROLLED if k == card.key_id else TrustStatus.UNKNOWN,
        now=datetime.now(UTC),
        framework_for=framework_for(the_framework()),
    )
    assert verified.manifest.format_version == 1
    assert list(verified.reports) == ["report.pdf"]
    assert verified.report("fr") == verified.report("en") == members_of(data)["report.pdf"]

    from jalon.services.app import Jalon

    with Jalon.open(tmp_path / "secretariat") as app:
        trust.enroll(app, card)
        (outcome,) = exchange.verify_packages(app, [FORMAT_1_PACKAGE], check_pdf=True)
        assert outcome.verdict is exchange.Verdict.TRUSTED, outcome.message
        assert outcome.pdf_ok is True
        (imported,) = exchange.import_packages(app, [FORMAT_1_PACKAGE])
        assert imported.status is exchange.ImportStatus.IMPORTED, imported.message
        (submission,) = exchange.list_submissions(app)
        assert exchange.submission_package(app, submission.id) == data
        for lang in ("en", "fr"):
            assert exchange.submission_report(app, submission.id, lang) == verified.report(lang)
        again = exchange.reverify_submission(app, submission.id)
        assert again.verdict is exchange.Verdict.TRUSTED
        assert again.pdf_ok is True


def test_a_format_1_package_laid_out_as_format_1_wrote_them_verifies() -> None:
    data = format1_package()
    verified = verify_package(data, source=SOURCE, trust=trust_on(), now=VERIFY_NOW)
    assert verified.manifest.format_version == 1
    assert verified.reports == {"report.pdf": signed_report("en")}


def test_the_report_shown_is_the_readers_language_else_the_other_else_report_pdf() -> None:
    both = ("manifest.json", "report-en.pdf", "report-fr.pdf")
    assert report_member(both, "en") == "report-en.pdf"
    assert report_member(both, "fr") == "report-fr.pdf"
    assert report_member(("report-en.pdf",), "fr") == "report-en.pdf"
    assert report_member(("report-fr.pdf",), "en") == "report-fr.pdf"
    assert report_member(("assessment.json", "report.pdf"), "fr") == "report.pdf"
    with pytest.raises(KeyError):
        report_member(("assessment.json",), "en")


# -- refusals of a format-2 package -----------------------------------------------------------


@pytest.mark.parametrize("missing", REPORTS)
def test_a_format_2_package_missing_one_report_is_refused_naming_it(missing: str) -> None:
    package = repack(valid_package(), **{missing.replace("-", "_").replace(".", "_"): None})
    error = refused(package, Step.ZIP)
    assert error.code == "zip"
    assert f"lacks {missing}" in error.message.english()


def test_a_format_2_package_with_an_extra_member_is_refused() -> None:
    members = members_of(valid_package())
    extra = zip_members([*((n, members[n]) for n in NAMES), ("readme.txt", b"hello")])
    assert refused(extra, Step.ZIP).code == "zip"
    # A format-1 report beside the two of format 2: six members, refused.
    both = zip_members([*((n, members[n]) for n in NAMES), ("report.pdf", signed_report())])
    assert "holds 6 entries" in refused(both, Step.ZIP).message.english()
    # In place of the French report: the stray name is named.
    mixed = zip_members(
        [*((n, members[n]) for n in NAMES if n != "report-fr.pdf"), ("report.pdf", b"%PDF-")]
    )
    assert "unexpected file 'report.pdf'" in refused(mixed, Step.ZIP).message.english()


def test_a_package_whose_members_are_not_those_of_its_manifests_format_is_refused() -> None:
    # A format-1 manifest (assessment.json and report.pdf) over format 2's five members...
    v1 = members_of(format1_package())
    members = members_of(valid_package())
    five = zip_members(
        [("manifest.json", v1["manifest.json"]), ("manifest.sig", v1["manifest.sig"])]
        + [(n, members[n]) for n in NAMES[2:]]
    )
    error = refused(five, Step.MANIFEST)
    assert "format version 1" in error.message.english()
    # ...and a format-2 manifest over format 1's four.
    four = zip_members(
        [("manifest.json", members["manifest.json"]), ("manifest.sig", members["manifest.sig"])]
        + [(n, v1[n]) for n in NAMES_V1[2:]]
    )
    error = refused(four, Step.MANIFEST)
    assert "format version 2" in error.message.english()


def test_a_format_2_manifest_listing_report_pdf_is_refused_by_its_schema() -> None:
    def one_report(manifest: dict[str, object]) -> None:
        files = manifest["files"]
        assert isinstance(files, list)
        files[1]["path"] = "report.pdf"

    error = refused(forge(signer_key(), manifest_changes=one_report), Step.MANIFEST)
    assert "$.files[1].path" in error.message.english()


@pytest.mark.parametrize("name", REPORTS)
def test_a_format_2_package_with_one_report_signed_by_another_key_is_refused_naming_it(
    name: str,
) -> None:
    other_key = signer_key("Camille Roy", "QC")
    other = sign_pdf(report_pdf(LANG_OF[name]), other_key, reason="T", location="Q", now=SIGNED_AT)
    error = refused(forge(signer_key(), reports={name: other}), Step.CONTENTS)
    assert error.code == "report_other_key"
    said = error.message.english()
    assert f"{name} is signed with another key ({other_key.fingerprint})" in said
    (good,) = (n for n in REPORTS if n != name)
    assert good not in said


@pytest.mark.parametrize("name", REPORTS)
def test_a_format_2_package_with_one_report_changed_after_signing_is_refused_naming_it(
    name: str,
) -> None:
    from pyhanko.pdf_utils import generic

    changed = with_catalog_entries(
        signed_report(LANG_OF[name]), {"/Lang": generic.TextStringObject("de")}
    )
    error = refused(forge(signer_key(), reports={name: changed}), Step.CONTENTS)
    assert error.code == "report_changed_after_signing"
    assert f"the signature of {name} does not cover" in error.message.english()


@pytest.mark.parametrize("name", REPORTS)
def test_a_format_2_package_with_javascript_in_one_report_is_refused_naming_it(
    name: str,
) -> None:
    hostile = sign_pdf(
        with_catalog_entries(report_pdf(LANG_OF[name]), {"/OpenAction": javascript_action()}),
        signer_key(),
        reason="Test",
        location="Ontario",
        now=SIGNED_AT,
    )
    error = refused(forge(signer_key(), reports={name: hostile}), Step.CONTENTS)
    assert error.code == "report_active_content"
    assert error.message.english().startswith(
        f"The package {SOURCE} was refused (step 5, contents): {name} holds active content"
    )


@pytest.mark.parametrize("name", REPORTS)
def test_a_format_2_package_with_one_unsigned_report_is_refused_naming_it(name: str) -> None:
    error = refused(forge(signer_key(), reports={name: report_pdf(LANG_OF[name])}), Step.CONTENTS)
    assert error.code == "report_not_signed"
    assert f"{name} is not a signed report" in error.message.english()


@pytest.mark.parametrize("name", REPORTS)
def test_each_report_of_a_format_2_package_is_capped_at_32_mib(name: str) -> None:
    members = members_of(valid_package())
    entries = [RawEntry(n.encode(), members[n]) for n in NAMES]
    index = NAMES.index(name)
    entries[index] = RawEntry(name.encode(), b"%PDF-", size=32 * 1024 * 1024 + 1)
    error = refused(raw_zip(entries), Step.ZIP)
    assert f"the member {name} would be 33554433 bytes" in error.message.english()


def test_a_refusal_naming_a_report_reads_in_french_with_the_file_name() -> None:
    error = refused(forge(signer_key(), reports={"report-fr.pdf": report_pdf("fr")}), Step.CONTENTS)
    french = i18n.translator("fr").error(error)
    assert "report-fr.pdf" in french
    assert "is not a signed report" not in french


def test_the_manifest_written_is_canonical_and_lists_the_reports_sorted_by_path() -> None:
    members = members_of(valid_package())
    assert canonical(json.loads(members["manifest.json"])) == members["manifest.json"]
    listed = [f["path"] for f in json.loads(members["manifest.json"])["files"]]
    assert listed == sorted(listed) == ["assessment.json", "report-en.pdf", "report-fr.pdf"]
