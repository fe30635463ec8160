"""Building packages and verifying good ones: contents, determinism, names, trust answers."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import replace

import jsonschema
import pytest

from jalon.core import assessment as am
from jalon.core.errors import InvalidInputError
from jalon.core.jurisdiction import municipality
from jalon.core.serialize import assessment_to_json
from jalon.exchange.errors import PackageRefused, Step
from jalon.exchange.package import (
    TrustStatus,
    build_package,
    package_filename,
    trust_refusal,
    verify_package,
)
from jalon.exchange.pdfsign import validate_pdf_signature
from jalon.exchange.safejson import canonical
from jalon.exchange.verify import FrameworkLookup, VerifiedPackage
from jalon.paths import resource

from .conftest import FIXED_NOW
from .exchange_support import (
    NAMES,
    SIGNED_AT,
    VERIFY_NOW,
    members_of,
    signed_assessment,
    signed_reports,
    signer_key,
    the_framework,
    trust_on,
    trust_only,
    unsigned_reports,
    valid_package,
)


def _verify(package: bytes, framework_for: FrameworkLookup | None = None) -> VerifiedPackage:
    return verify_package(
        package,
        source="ON-test-r1.jalon",
        trust=trust_on(),
        now=VERIFY_NOW,
        framework_for=framework_for,
    )


def test_a_package_holds_exactly_the_five_members_in_a_fixed_order() -> None:
    with zipfile.ZipFile(io.BytesIO(valid_package())) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == list(NAMES)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    assert [i.compress_type for i in infos] == [8, 0, 8, 8, 8]


def test_the_manifest_is_canonical_schema_valid_and_lists_every_other_member() -> None:
    members = members_of(valid_package())
    manifest = json.loads(members["manifest.json"])
    assert canonical(manifest) == members["manifest.json"]
    schema = json.loads(resource("schemas", "package-manifest.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(manifest)
    assert manifest["files"] == [
        {
            "path": name,
            "size": len(members[name]),
            "sha256": hashlib.sha256(members[name]).hexdigest(),
        }
        for name in ("assessment.json", "report-en.pdf", "report-fr.pdf")
    ]
    assert manifest["format_version"] == 2
    key = signer_key()
    assert manifest["signer"]["key_id"] == key.key_id
    assert manifest["signed_at"] == "2026-11-02T15:30:00Z"
    assert manifest["app"] == {"name": "Jalon", "version": "0.1.0"}
    assert manifest["jurisdiction"]["code"] == "ON"


def test_assessment_json_is_the_canonical_signed_revision() -> None:
    members = members_of(valid_package())
    a = signed_assessment(signer_key())
    assert members["assessment.json"] == canonical(assessment_to_json(a))
    schema = json.loads(resource("schemas", "assessment.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(json.loads(members["assessment.json"]))


def test_a_valid_package_verifies_and_gives_back_the_assessment() -> None:
    package = valid_package()
    result = _verify(package)
    a = signed_assessment(signer_key())
    assert result.assessment == a
    assert result.trust is TrustStatus.ENROLLED
    assert result.trusted
    assert result.assessment_id == a.id
    assert result.revision == 1
    assert result.sha256 == hashlib.sha256(package).hexdigest()
    assert result.fingerprint == signer_key().fingerprint
    members = members_of(package)
    assert result.reports == {n: members[n] for n in ("report-en.pdf", "report-fr.pdf")}
    assert result.report("en") == members["report-en.pdf"]
    assert result.report("fr") == members["report-fr.pdf"]


def test_both_reports_in_a_package_carry_a_valid_signature_by_the_same_key() -> None:
    for name in ("report-en.pdf", "report-fr.pdf"):
        status = validate_pdf_signature(members_of(valid_package())[name], source=name)
        assert status.ok
        assert status.key_id == signer_key().key_id


def test_a_package_verifies_against_the_framework_it_was_made_with() -> None:
    fw = the_framework()
    result = _verify(valid_package(), framework_for=lambda ref: fw if ref.id == fw.id else None)
    assert result.assessment.framework.sha256 == fw.sha256


def test_building_twice_gives_the_same_bytes_for_the_same_report_and_id() -> None:
    key = signer_key()
    a = signed_assessment(key)
    first, second = (
        build_package(
            a,
            signed_reports(),
            key,
            app_version="0.1.0",
            now=SIGNED_AT,
            sign_report=False,
            package_id="00000000-0000-4000-8000-000000000002",
        )
        for _ in range(2)
    )
    assert first == second


def test_an_exported_revision_is_packaged_as_signed() -> None:
    key = signer_key()
    a = signed_assessment(key)
    exported = replace(a, status=am.Status.EXPORTED)
    package = build_package(
        exported, signed_reports(), key, app_version="0.1.0", now=SIGNED_AT, sign_report=False
    )
    assert members_of(package)["assessment.json"] == members_of(valid_package())["assessment.json"]


def test_building_refuses_a_draft() -> None:
    a = replace(signed_assessment(signer_key()), status=am.Status.DRAFT, signature=None)
    with pytest.raises(InvalidInputError, match="is not signed yet"):
        build_package(a, unsigned_reports(), signer_key(), app_version="0.1.0", now=SIGNED_AT)


def test_building_refuses_a_revision_signed_with_another_key() -> None:
    other = signer_key("Sam Okafor", "ON")
    with pytest.raises(InvalidInputError, match="signed with another key"):
        build_package(
            signed_assessment(signer_key()),
            unsigned_reports(),
            other,
            app_version="0.1",
            now=SIGNED_AT,
        )


def test_a_signer_not_enrolled_is_reported_when_trust_is_not_required() -> None:
    result = verify_package(
        valid_package(),
        source="ON-test-r1.jalon",
        trust=trust_only(),
        now=VERIFY_NOW,
        require_trust=False,
    )
    assert result.trust is TrustStatus.UNKNOWN
    assert not result.trusted
    refusal = trust_refusal(result)
    assert refusal.step is Step.TRUST
    assert result.fingerprint in str(refusal)


@pytest.mark.parametrize(
    "status", [TrustStatus.REVOKED, TrustStatus.OTHER_JURISDICTION, TrustStatus.UNKNOWN]
)
def test_verify_without_trust_still_checks_the_contents(status: TrustStatus) -> None:
    members = members_of(valid_package())
    from .exchange_support import repack

    tampered = repack(valid_package(), report_fr_pdf=members["report-fr.pdf"] + b"%")
    with pytest.raises(PackageRefused) as caught:
        verify_package(
            tampered,
            source="x.jalon",
            trust=lambda k, j: status,
            now=VERIFY_NOW,
            require_trust=False,
        )
    assert caught.value.step is Step.CONTENTS


def test_the_trust_callable_is_asked_about_the_signers_key_and_jurisdiction() -> None:
    asked: list[tuple[str, str]] = []

    def trust(key_id: str, jurisdiction: str) -> TrustStatus:
        asked.append((key_id, jurisdiction))
        return TrustStatus.ENROLLED

    verify_package(valid_package(), source="x", trust=trust, now=VERIFY_NOW)
    assert asked == [(signer_key().key_id, "ON")]


def test_the_file_name_is_jurisdiction_title_revision_and_signing_date() -> None:
    a = signed_assessment(signer_key())
    assert a.signature is not None
    day = a.signature.signed_at.date().isoformat()
    assert package_filename(a) == f"ON-digital-strategy-2026-r1-{day}.jalon"


def test_the_file_name_is_ascii_and_short_whatever_the_title() -> None:
    fw = the_framework()
    town = municipality("Saint-Jean-sur-Richelieu")
    title = "Stratégie « numérique » : " + "très " * 30 + "?*<>|/\\"
    a = am.create(fw, town, title, now=FIXED_NOW)
    name = package_filename(replace(a, revision=12))
    assert name.isascii()
    assert len(name) <= 120
    assert name.startswith("MUN-SAINT-JEAN-SUR-RICHELIEU-strategie-numerique-tres-")
    assert name.endswith("-r12.jalon")
    assert not set(name) & set('<>:"/\\|?*')


def test_the_file_name_falls_back_to_the_id_when_the_title_has_no_latin_letters() -> None:
    fw = the_framework()
    a = am.create(
        fw,
        municipality("Iqaluit"),
        "ᐃᖃᓗᐃᑦ",
        now=FIXED_NOW,
        assessment_id="0123abcd-0000-4000-8000-000000000000",
    )
    assert package_filename(a) == "MUN-IQALUIT-0123abcd-r1.jalon"
