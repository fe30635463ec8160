"""Dates in packages: a sane window, agreement, forward revisions, and no crash on any
timestamp the schema admits, in any local time zone (issue 13)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from jalon.core.jurisdiction import government
from jalon.exchange.errors import PackageRefused, Step
from jalon.exchange.package import verify_package
from jalon.exchange.safejson import canonical
from jalon.services import exchange
from jalon.services.app import Jalon

from . import secretariat_support as support
from .conftest import FIXED_NOW
from .exchange_support import (
    VERIFY_NOW,
    assessment_document,
    forge,
    signer_key,
    the_framework,
    trust_on,
)
from .secretariat_support import enroll_key, quick_package, signing_key_for, varied_assessment

secretariat = support.secretariat
store_url = support.store_url

EXTREMES = [
    datetime(1, 1, 1, tzinfo=UTC),
    datetime(9999, 12, 31, 22, 59, 59, tzinfo=UTC),  # + 1 h: the helper's import time
]
ZONES = ["UTC", "America/Toronto", "America/St_Johns", "Asia/Tokyo", "Pacific/Kiritimati"]


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ").rjust(20, "0")


def refusal(package: bytes, **options: object) -> PackageRefused:
    with pytest.raises(PackageRefused) as caught:
        verify_package(
            package,
            source="p.jalon",
            trust=trust_on(),
            now=VERIFY_NOW,
            **options,  # type: ignore[arg-type]
        )
    return caught.value


# -- the window ----------------------------------------------------------------------------------


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00Z", "2025-12-31T23:59:59Z"])
def test_a_package_signed_before_the_format_existed_is_refused(moment: str) -> None:
    error = refusal(forge(signer_key(), manifest_changes=lambda d: d.update(signed_at=moment)))
    assert error.step is Step.MANIFEST
    assert error.code == "signed_at_out_of_range"
    assert "date and time" in error.message.english()


def test_a_package_signed_in_a_year_before_its_framework_was_published_is_refused() -> None:
    from jalon.exchange.verify import FORMAT_EPOCH

    fw = replace(the_framework(), published="2027-06-01")
    document = assessment_document()
    document["signature"]["signed_at"] = stamp(FIXED_NOW)
    error = refusal(
        forge(signer_key(), assessment_json=canonical(document)),
        framework_for=lambda ref: fw,
    )
    assert error.code == "signed_at_out_of_range"
    assert "2027-06-01" in error.message.english()
    assert FIXED_NOW > FORMAT_EPOCH  # the same package passes the format's own floor


def test_a_package_whose_assessment_was_signed_after_the_package_is_refused() -> None:
    document = assessment_document()
    document["signature"]["signed_at"] = stamp(VERIFY_NOW)  # after the manifest's SIGNED_AT
    error = refusal(forge(signer_key(), assessment_json=canonical(document)))
    assert error.step is Step.CONTENTS
    assert error.code == "signing_times_disagree"


def test_a_backdated_revision_is_refused_when_it_is_not_later_than_the_one_imported(
    secretariat: Jalon, tmp_path: Path
) -> None:
    j = government("ON")
    key = signing_key_for(j)
    enroll_key(secretariat, key)
    fw = the_framework()
    first = varied_assessment(fw, j, 1, assessment_id=str(uuid.UUID(int=77)))
    r1 = tmp_path / "r1.jalon"
    r1.write_bytes(quick_package(first, key, signed_at=FIXED_NOW + timedelta(days=5)))
    r2 = tmp_path / "r2.jalon"
    r2.write_bytes(
        quick_package(replace(first, revision=2), key, signed_at=FIXED_NOW + timedelta(days=4))
    )
    exchange.import_packages(secretariat, [r1])
    (outcome,) = exchange.import_packages(secretariat, [r2])
    assert outcome.status is exchange.ImportStatus.REFUSED
    assert outcome.code == "revision_not_later"
    assert "not later than revision 1" in outcome.message.english()


# -- no crash anywhere on a timestamp the schema admits -----------------------------------------


@pytest.fixture
def zone() -> Iterator[object]:
    saved = os.environ.get("TZ")

    def use(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()

    yield use
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    time.tzset()


def _stored_with_extremes(folder: Path) -> None:
    """A store holding submissions signed in year 1 and year 9999 (as a store written before
    the window was checked may hold)."""
    fw = the_framework()
    with Jalon.open(folder) as app:
        for seed, moment in enumerate(EXTREMES):
            a = varied_assessment(fw, government(("ON", "QC")[seed]), seed)
            support.insert_submission(app, a, signed_at=moment)


@pytest.mark.parametrize("tz", ZONES)
def test_list_submissions_prints_every_timestamp_the_schema_admits_in_any_time_zone(
    tmp_path: Path, tz: str
) -> None:
    folder = tmp_path / "data"
    _stored_with_extremes(folder)
    environment = {**os.environ, "TZ": tz, "LANG": "fr_CA.UTF-8", "JALON_LANG": "fr"}
    environment.pop("DISPLAY", None)
    for extra in ([], ["--json"]):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "jalon",
                "--data-dir",
                str(folder),
                "list",
                "--submissions",
                *extra,
            ],
            capture_output=True,
            text=True,
            env=environment,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        if extra:
            assert len(json.loads(done.stdout)) == 2
        else:
            assert len(done.stdout.strip().splitlines()) == 2


@pytest.mark.parametrize("tz", ZONES)
def test_the_submissions_views_show_every_timestamp_the_schema_admits_in_any_time_zone(
    tmp_path: Path, tz: str, zone: object, qtbot: object
) -> None:
    from PySide6.QtCore import Qt

    from jalon.services import consolidation
    from jalon.ui.secretariat.submissions import HistoryModel, LatestModel, latest_rows

    zone(tz)  # type: ignore[operator]
    folder = tmp_path / "data"
    _stored_with_extremes(folder)
    with Jalon.open(folder) as app:
        stored = exchange.list_submissions(app)
        latest = LatestModel()
        latest.set_rows(latest_rows(stored, set(), set()))
        history = HistoryModel()
        history.set_rows(consolidation.submission_history(app, "ON"))
        for model in (latest, history):
            for row in range(model.rowCount()):
                for column in range(model.columnCount()):
                    value = model.index(row, column).data(Qt.ItemDataRole.DisplayRole)
                    assert value is None or isinstance(value, str | int)
        signed = [latest.index(r, LatestModel.SIGNED).data() for r in range(latest.rowCount())]
        assert any("9999" in str(text) for text in signed)
        assert any(str(text).startswith("1-01-01") or " 1," in str(text) for text in signed)
