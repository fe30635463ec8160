"""Helpers for the secretariat's tests: a store on every backend, jurisdictions that export
real signed packages, and fast synthetic submissions for the dashboard.

``store_url`` gives None (the data folder's SQLite file) or a fresh PostgreSQL database when
``JALON_TEST_POSTGRES_URL`` names a server (see tests/test_store_backends.py).
"""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from jalon.core import assessment as am
from jalon.core.framework import Framework
from jalon.core.jurisdiction import Jurisdiction, government
from jalon.core.serialize import assessment_to_json
from jalon.exchange.keys import UnlockedKey
from jalon.services import assessments, exchange, identity, keys, trust
from jalon.services.app import Jalon
from jalon.store.uow import UnitOfWork
from tests import edits

from .conftest import FIXED_NOW
from .exchange_support import PASSPHRASE, TEST_SCRYPT_N

POSTGRES_ENV = "JALON_TEST_POSTGRES_URL"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """None for SQLite, or the URL of a fresh PostgreSQL database dropped after the test."""
    if request.param == "sqlite":
        yield None
        return
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"set {POSTGRES_ENV} to run the secretariat's tests on PostgreSQL")
    with fresh_postgres_database(server) as url:
        yield url


class fresh_postgres_database:  # noqa: N801 - used as a context manager, like a function
    """A new, empty PostgreSQL database for the length of a ``with`` block."""

    def __init__(self, server: str) -> None:
        self.server = server
        self.name = f"jalon_test_{uuid.uuid4().hex[:16]}"
        self.maintenance = create_engine(server, isolation_level="AUTOCOMMIT")

    def __enter__(self) -> str:
        with self.maintenance.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{self.name}"')
        return make_url(self.server).set(database=self.name).render_as_string(hide_password=False)

    def __exit__(self, *exc: object) -> None:
        from sqlalchemy.exc import DBAPIError

        try:
            for attempt in range(50):
                try:
                    with self.maintenance.connect() as connection:
                        connection.exec_driver_sql(
                            f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'
                        )
                    break
                except DBAPIError:
                    # An autovacuum worker of the new database (the server's, not ours to
                    # end) refuses FORCE for a moment: try again shortly.
                    if attempt == 49:
                        raise
                    time.sleep(0.1)
        finally:
            self.maintenance.dispose()


@pytest.fixture
def secretariat(tmp_path: Path, store_url: str | None) -> Iterator[Jalon]:
    """The secretariat's installation: its own data folder, on the backend of the test."""
    folder = tmp_path / "secretariat"
    folder.mkdir()
    with Jalon.open(folder, store_url) as app:
        yield app


# -- assessments with varied answers -----------------------------------------------------------


def varied_assessment(
    fw: Framework,
    jurisdiction: Jurisdiction,
    seed: int,
    *,
    revision: int = 1,
    assessment_id: str | None = None,
    blanks: int = 0,
) -> am.Assessment:
    """A signed-looking assessment whose answers depend on ``seed``; the last ``blanks``
    themes are left unanswered (to exercise completeness and "not answered")."""
    a = am.create(
        fw,
        jurisdiction,
        f"Digital strategy {2026 + seed % 3}",
        assessment_id=assessment_id or str(uuid.UUID(int=seed + 1)),
        now=FIXED_NOW,
    )
    priorities = [o.id for o in fw.priorities]
    roles = [o.id for o in fw.roles]
    capacities = [o.id for o in fw.capacities]
    themes = fw.themes[: len(fw.themes) - blanks]
    for i, theme in enumerate(themes):
        current = (seed + i) % 4
        target = min(current + (seed * 7 + i) % 3, fw.max_level)
        a = am.with_response(
            a,
            fw,
            theme.id,
            now=FIXED_NOW,
            current=current,
            target=target,
            priority=priorities[(seed + 2 * i) % len(priorities)],
            role=roles[(seed * 3 + i) % len(roles)],
            capacity=capacities[(seed + i * i) % len(capacities)],
            comment=f"{jurisdiction.code} on {theme.name.en} (seed {seed}).",
            evidence=f"https://example.ca/{jurisdiction.code.lower()}/{theme.id}",
        )
    if not blanks:
        for q in fw.questions:
            a = am.with_answer(
                a, fw, q.id, f"{jurisdiction.code} answers question {q.number}.", FIXED_NOW
            )
        a = am.with_participants(a, [am.Participant(f"Official {seed}", "Director", "Digital")])
    return replace(a, revision=revision)


def insert_submission(
    app: Jalon,
    a: am.Assessment,
    *,
    key_id: str = "ab" * 32,
    signed_at: datetime | None = None,
    signer: str = "Synthetic Signer",
) -> int:
    """Store ``a`` as an imported submission straight through the repository (no package
    signing): what the benchmarks and the dashboard tests need in quantity."""
    with app.writing() as uow:
        return store_submission(uow, a, key_id=key_id, signed_at=signed_at, signer=signer)


def store_submission(
    uow: UnitOfWork,
    a: am.Assessment,
    *,
    key_id: str = "ab" * 32,
    signed_at: datetime | None = None,
    signer: str = "Synthetic Signer",
) -> int:
    import json

    at = signed_at or FIXED_NOW
    signed = am.sign(
        replace(a, status=am.Status.DRAFT, signature=None),
        am.Signature(signer, "Director", key_id, at),
    )
    document = json.dumps(assessment_to_json(signed), sort_keys=True)
    package = f"synthetic {a.id} r{a.revision} {document}".encode()
    submissions = uow.submissions
    submission_id: int = submissions.add(
        package=package,
        package_sha256=hashlib.sha256(package).hexdigest(),
        package_id=str(uuid.uuid4()),
        assessment_id=a.id,
        revision=a.revision,
        title=a.title,
        jurisdiction=a.jurisdiction,
        framework=(a.framework.id, a.framework.version, a.framework.sha256),
        signer_name=signer,
        signer_title="Director",
        key_id=key_id,
        signed_at=at,
        imported_at=at + timedelta(hours=1),
        imported_by="tester",
        filename=f"{a.jurisdiction.code}-r{a.revision}.jalon",
        assessment_json=document,
    )
    submissions.add_contents(submission_id, signed)
    return submission_id


# -- jurisdictions that export real packages -----------------------------------------------------


@dataclass
class Installation:
    """A jurisdiction's own Jalon: its data folder, signing key and assessment."""

    app: Jalon
    jurisdiction: Jurisdiction
    folder: Path

    def close(self) -> None:
        self.app.close()


def jurisdiction_installation(
    root: Path, jurisdiction: Jurisdiction | str, signer: str = "Alex Tremblay"
) -> Installation:
    """A data folder with an identity and a signing key (quick scrypt, like the exchange
    tests' keys), as ``jalon setup`` would leave it."""
    from jalon.exchange.keys import create_signing_key, write_key_file

    j = government(jurisdiction) if isinstance(jurisdiction, str) else jurisdiction
    folder = root / f"install-{j.code}"
    folder.mkdir(parents=True)
    app = Jalon.open(folder)
    key = create_signing_key(
        signer, "Chief Information Officer", j, PASSPHRASE, now=FIXED_NOW, _scrypt_n=TEST_SCRYPT_N
    )
    app.keys_dir.mkdir(parents=True, exist_ok=True)
    write_key_file(keys.key_path(app), key)
    identity.set_identity(app, j, signer, "Chief Information Officer")
    return Installation(app, j, folder)


def answer_everything(inst: Installation, seed: int, title: str = "Digital strategy 2026") -> str:
    """Create an assessment in ``inst`` and answer it through the services; returns its id."""
    app, fw = inst.app, inst.app.framework
    a = assessments.create(app, inst.jurisdiction, title)
    source = varied_assessment(fw, inst.jurisdiction, seed)
    for r in source.responses:
        edits.update_response(
            app,
            a.id,
            r.theme_id,
            current=r.current,
            target=r.target,
            priority=r.priority,
            role=r.role,
            capacity=r.capacity,
            comment=r.comment,
            evidence=r.evidence,
        )
    for question_id, text in source.answers.items():
        edits.update_answer(app, a.id, question_id, text)
    edits.set_participants(app, a.id, source.participants)
    return a.id


def export_to(inst: Installation, assessment_id: str, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    return exchange.export_assessment(inst.app, assessment_id, PASSPHRASE, out).path


def enroll_card(secretariat_app: Jalon, inst: Installation, folder: Path) -> str:
    """Hand ``inst``'s key card to the secretariat and enrol it; returns the key id."""
    folder.mkdir(parents=True, exist_ok=True)
    card = keys.write_key_card(inst.app, folder)
    enrolled = trust.enroll(secretariat_app, trust.read_card_file(card))
    return enrolled.key_id


# -- quick real packages (no report rendering) ---------------------------------------------------


_KEYS: dict[tuple[str, str], UnlockedKey] = {}


def signing_key_for(j: Jurisdiction, name: str = "Alex Tremblay") -> UnlockedKey:
    """A signing key for ``j`` (quick scrypt), made once per run."""
    from jalon.exchange.keys import create_signing_key

    if (j.code, name) not in _KEYS:
        key_file = create_signing_key(
            name,
            "Chief Information Officer",
            j,
            PASSPHRASE,
            now=FIXED_NOW,
            _scrypt_n=TEST_SCRYPT_N,
        )
        _KEYS[(j.code, name)] = key_file.unlock(PASSPHRASE)
    return _KEYS[(j.code, name)]


def quick_package(
    a: am.Assessment, key: UnlockedKey, *, signed_at: datetime | None = None
) -> bytes:
    """A real, signed package of ``a`` by ``key``; its report is a small PDF signed once per
    key (import checks that the PDF is signed by the package's key)."""
    from jalon.exchange.package import build_package

    from .exchange_support import signed_reports_for

    at = signed_at or FIXED_NOW
    signed = am.sign(
        replace(a, status=am.Status.DRAFT, signature=None),
        am.Signature(key.signer_name, key.signer_title, key.key_id, at),
    )
    return build_package(
        signed, signed_reports_for(key), key, app_version="0.1.0", now=at, sign_report=False
    )


def enroll_key(app: Jalon, key: UnlockedKey) -> str:
    """Enrol ``key``'s card in ``app``'s trust store; returns the key id."""
    from jalon.exchange.keycard import key_card, read_key_card

    trust.enroll(app, read_key_card(key_card(key)))
    return key.key_id
