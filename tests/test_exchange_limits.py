"""Patterns match whole strings, lengths are checked before the database, and a bad package
never stops a batch, on SQLite and PostgreSQL (issue 13)."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from jalon.core.jurisdiction import government
from jalon.core.serialize import assessment_to_json
from jalon.exchange import schemas
from jalon.exchange.errors import PackageRefused
from jalon.exchange.package import verify_package
from jalon.exchange.safejson import canonical
from jalon.services import exchange
from jalon.services.app import Jalon

from . import secretariat_support as support
from .exchange_support import (
    VERIFY_NOW,
    assessment_document,
    forge,
    manifest_of,
    signer_key,
    the_framework,
    trust_on,
    valid_package,
)
from .secretariat_support import enroll_key, quick_package, signing_key_for, varied_assessment

secretariat = support.secretariat
store_url = support.store_url


@pytest.mark.parametrize(
    ("where", "change"),
    [
        ("assessment_id", lambda d: d.update(assessment_id=d["assessment_id"] + "\n")),
        ("package_id", lambda d: d.update(package_id=d["package_id"] + "\n")),
        ("jurisdiction.code", lambda d: d["jurisdiction"].update(code="ON\n")),
        ("framework.id", lambda d: d["framework"].update(id=d["framework"]["id"] + "\n")),
        ("signed_at", lambda d: d.update(signed_at=d["signed_at"] + "\n")),
    ],
)
def test_a_manifest_value_with_a_trailing_newline_is_refused(where: str, change: object) -> None:
    document = manifest_of(valid_package())
    change(document)  # type: ignore[operator]
    assert schemas.first_error(schemas.MANIFEST, document) is not None, where


def test_an_assessment_id_with_a_trailing_newline_is_refused_on_import() -> None:
    document = assessment_document()
    document["id"] += "\n"
    package = forge(
        signer_key(),
        assessment_json=canonical(document),
        manifest_changes=lambda d: d.update(assessment_id=d["assessment_id"] + "\n"),
    )
    with pytest.raises(PackageRefused) as caught:
        verify_package(package, source="p.jalon", trust=trust_on(), now=VERIFY_NOW)
    assert "does not match" in caught.value.message.english()


def test_a_value_longer_than_its_column_is_refused_before_the_database(
    secretariat: Jalon,
) -> None:
    from jalon.store.exchange_repositories import ValueTooLongError

    a = varied_assessment(the_framework(), government("ON"), 1)
    with pytest.raises(ValueTooLongError) as caught, secretariat.writing() as uow:
        support.store_submission(uow, replace(a, title="x" * 201))
    assert (caught.value.column, caught.value.limit) == ("title", 200)
    assert exchange.list_submissions(secretariat) == []


def test_a_bad_package_in_a_batch_is_refused_and_journaled_and_the_batch_goes_on(
    secretariat: Jalon, tmp_path: Path
) -> None:
    """On PostgreSQL, a 37-character assessment id (a uuid and a newline) used to stop the
    whole batch with a DataError and journal nothing."""
    j = government("ON")
    key = signing_key_for(j)
    enroll_key(secretariat, key)
    fw = the_framework()
    good = varied_assessment(fw, j, 1, assessment_id=str(uuid.UUID(int=9)))
    bad = varied_assessment(fw, j, 2, assessment_id=str(uuid.UUID(int=10)))
    data = quick_package(bad, key)
    # Rebuild the bad one with the trailing newline in both documents, validly signed.
    from .exchange_support import members_of, zip_members

    members = members_of(data)
    assessment = json.loads(members["assessment.json"])
    assessment["id"] += "\n"
    assessment_json = canonical(assessment)
    manifest = json.loads(members["manifest.json"])
    manifest["assessment_id"] += "\n"
    import hashlib

    manifest["files"][0].update(
        size=len(assessment_json), sha256=hashlib.sha256(assessment_json).hexdigest()
    )
    manifest_json = canonical(manifest)
    (tmp_path / "a-bad.jalon").write_bytes(
        zip_members(
            [
                ("manifest.json", manifest_json),
                ("manifest.sig", key.sign(manifest_json)),
                ("assessment.json", assessment_json),
                ("report-en.pdf", members["report-en.pdf"]),
                ("report-fr.pdf", members["report-fr.pdf"]),
            ]
        )
    )
    (tmp_path / "b-good.jalon").write_bytes(quick_package(good, key))
    outcomes = exchange.import_packages(secretariat, [tmp_path])
    assert [o.status for o in outcomes] == [
        exchange.ImportStatus.REFUSED,
        exchange.ImportStatus.IMPORTED,
    ]
    journal = (secretariat.data_dir / exchange.JOURNAL).read_text(encoding="utf-8")
    assert "a-bad.jalon" in journal
    assert [s.assessment_id for s in exchange.list_submissions(secretariat)] == [good.id]
    assert assessment_to_json(good)["id"] == good.id
