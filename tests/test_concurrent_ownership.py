"""Two first imports of one assessment id from two jurisdictions at the same moment (issue 13's
leftover, done in issue 17): exactly one jurisdiction owns it, and the other's package is
refused with a journalled reason that names both.

Two revisions (1 and 2) are raced, so that no unique key between their rows settles it: before
the assessment lock, on PostgreSQL both found the assessment unowned and both were stored.
Processes start together at a barrier (:mod:`tests.crowd`), on one PostgreSQL database (each
with its own data folder) and on one SQLite data folder.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from jalon.core.jurisdiction import government
from jalon.services import exchange
from jalon.services.app import Jalon

from .conftest import FIXED_NOW
from .crowd import Crowd, Finished
from .exchange_support import the_framework
from .secretariat_support import (
    POSTGRES_ENV,
    enroll_key,
    fresh_postgres_database,
    quick_package,
    signing_key_for,
    varied_assessment,
)

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the crowd forks its processes")

CLAIMANTS = ("ON", "QC")


@pytest.fixture(scope="module")
def crowd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crowd]:
    with Crowd(tmp_path_factory.mktemp("crowd")) as warm:
        yield warm


def claims(folder: Path) -> list[Path]:
    """ON's revision 1 and QC's revision 2 of one new assessment id, each validly signed by
    its own enrolled key."""
    fw = the_framework()
    shared = str(uuid.uuid4())
    folder.mkdir(parents=True)
    paths = []
    for revision, code in enumerate(CLAIMANTS, start=1):
        j = government(code)
        a = replace(varied_assessment(fw, j, revision, assessment_id=shared), revision=revision)
        path = folder / f"{code}.jalon"
        path.write_bytes(
            quick_package(a, signing_key_for(j), signed_at=FIXED_NOW + timedelta(hours=revision))
        )
        paths.append(path)
    return paths


def enroll_claimants(app: Jalon) -> None:
    for code in CLAIMANTS:
        enroll_key(app, signing_key_for(government(code)))


def journalled_codes(folders: list[Path]) -> list[str]:
    codes = []
    for folder in folders:
        journal = folder / exchange.JOURNAL
        if journal.exists():
            codes += [json.loads(line)["code"] for line in journal.read_text().splitlines()]
    return codes


def check_one_owner(ended: list[Finished], owners: list[tuple[str, int]]) -> None:
    winners = [i for i, done in enumerate(ended) if done.code == 0]
    assert len(winners) == 1, [(d.code, d.stdout, d.stderr) for d in ended]
    loser = ended[1 - winners[0]]
    winner_code, loser_code = CLAIMANTS[winners[0]], CLAIMANTS[1 - winners[0]]
    assert loser.code == 1
    refusal = loser.stderr
    assert "Traceback" not in refusal
    assert f"which belongs to {winner_code}" in refusal
    assert f"this package is signed for {loser_code}" in refusal
    assert [code for code, _revision in owners] == [winner_code]


@pytest.mark.postgres
def test_two_first_imports_of_one_assessment_by_two_jurisdictions_make_one_owner_on_postgresql(
    crowd: Crowd, tmp_path: Path
) -> None:
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"set {POSTGRES_ENV} to run the shared-database tests")
    for attempt in range(4):
        root = tmp_path / str(attempt)
        packages = claims(root / "usb")
        with fresh_postgres_database(server) as url:
            with Jalon.open(root / "prepare", url) as app:
                enroll_claimants(app)
            staff = [root / f"staff-{i}" for i in range(2)]
            ended = crowd.run(
                [
                    ["--data-dir", str(folder), "--database", url, "import", str(package)]
                    for folder, package in zip(staff, packages, strict=True)
                ]
            )
            with Jalon.open(root / "check", url) as app:
                owners = [(s.jurisdiction.code, s.revision) for s in exchange.list_submissions(app)]
            check_one_owner(ended, owners)
            assert journalled_codes(staff) == ["other_jurisdiction_owns_assessment"]


def test_two_first_imports_of_one_assessment_by_two_jurisdictions_make_one_owner_on_sqlite(
    crowd: Crowd, tmp_path: Path
) -> None:
    for attempt in range(3):
        root = tmp_path / str(attempt)
        packages = claims(root / "usb")
        folder = root / "secretariat"
        with Jalon.open(folder) as app:
            enroll_claimants(app)
        ended = crowd.run([["--data-dir", str(folder), "import", str(p)] for p in packages])
        with Jalon.open(folder) as app:
            owners = [(s.jurisdiction.code, s.revision) for s in exchange.list_submissions(app)]
        check_one_owner(ended, owners)
        assert journalled_codes([folder]) == ["other_jurisdiction_owns_assessment"]
