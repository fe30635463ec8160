"""Crash safety of importing: a package is wholly stored or not at all, whenever the importer
is killed.

Method: real signed packages of distinct assessments (built with the exchange's own
``build_package``, signed by a key enrolled in the store) are written to a folder. A writer
process opens the store through the services and imports them one by one with
``jalon.services.exchange.import_packages``, printing ``SAVED <index> <file> <status>`` as each
call returns; the test kills it with SIGKILL at a random moment (one time in ten while it
opens the store, otherwise within the import after the first 0 to 3 reported). After each
kill: ``PRAGMA integrity_check`` is ``ok``; every package is either fully present (its
``submissions`` row, whose stored bytes have the file's SHA-256, and all its rows in
``submission_responses``, ``submission_answers`` and ``submission_participants``) or absent
with no orphan rows; every package reported imported is present. The next writer imports
what is still absent (and one package already imported). At the end an import that is not
killed completes the set.

``--crash-cycles N`` (default 200) sets the number of kills.
"""

from __future__ import annotations

import contextlib
import hashlib
import random
import sqlite3
import time
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

from jalon.exchange.keycard import key_card, read_key_card
from jalon.exchange.package import build_package
from jalon.services import trust
from jalon.services.app import Jalon
from jalon.store.database import DB_FILENAME

from ..exchange_support import SIGNED_AT, signed_assessment, signed_reports, signer_key
from .harness import integrity, kill, leftovers, lines, needs_sigkill, wait_for_saved, writers

pytestmark = needs_sigkill

CHILD_TABLES = ("submission_responses", "submission_answers", "submission_participants")


@dataclass(frozen=True)
class Package:
    path: Path
    sha256: str
    rows: dict[str, int]  # the rows each child table must hold for it


def build_packages(folder: Path, count: int) -> list[Package]:
    key = signer_key()
    reports = signed_reports()
    base = signed_assessment(key)
    rows = {
        "submission_responses": len(base.responses),
        "submission_answers": sum(1 for text in base.answers.values() if text.strip()),
        "submission_participants": sum(1 for p in base.participants if p.name.strip()),
    }
    folder.mkdir()
    packages = []
    for i in range(count):
        a = replace(base, id=str(uuid.UUID(int=0xC0FFEE0000 + i)))
        data = build_package(a, reports, key, app_version="0.1.0", now=SIGNED_AT, sign_report=False)
        path = folder / f"ON-crash-{i:04d}-r1.jalon"
        path.write_bytes(data)
        packages.append(Package(path, hashlib.sha256(data).hexdigest(), rows))
    return packages


def stored(database: Path) -> tuple[dict[str, dict[str, int]], dict[str, int], set[str]]:
    """``(sha256 -> rows per child table and blob check, orphans per table, tables)``."""
    with contextlib.closing(sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        children = [t for t in CHILD_TABLES if t in tables]
        per_table = {
            t: dict(db.execute(f"SELECT submission_id, count(*) FROM {t} GROUP BY submission_id"))
            for t in children
        }
        found: dict[str, dict[str, int]] = {}
        for sub_id, sha, blob in db.execute("SELECT id, package_sha256, package FROM submissions"):
            counts = {t: per_table[t].get(sub_id, 0) for t in children}
            counts["bytes_match"] = int(hashlib.sha256(blob).hexdigest() == sha)
            found[sha] = counts
        orphans = {
            t: db.execute(
                f"SELECT count(*) FROM {t} WHERE submission_id NOT IN (SELECT id FROM submissions)"
            ).fetchone()[0]
            for t in children
        }
    return found, orphans, tables


def check_all_or_nothing(database: Path, packages: list[Package]) -> set[str]:
    """Every package wholly present or absent; the SHA-256 of those present."""
    found, orphans, tables = stored(database)
    assert orphans == dict.fromkeys(orphans, 0), orphans
    known = {p.sha256 for p in packages}
    assert set(found) <= known, "a submission that is none of the packages"
    for package in packages:
        if package.sha256 in found:
            counts = found[package.sha256]
            assert counts.pop("bytes_match") == 1, f"{package.path.name}: bytes differ"
            expected = {t: n for t, n in package.rows.items() if t in tables}
            assert counts == expected, f"{package.path.name}: partial ({counts} != {expected})"
    return set(found)


def test_every_package_is_wholly_imported_or_absent_when_the_importer_is_killed_at_random(
    tmp_path: Path, crash_cycles: int
) -> None:
    data_dir = tmp_path / "data"
    database = data_dir / DB_FILENAME
    packages = build_packages(tmp_path / "packages", max(40, 3 * crash_cycles))
    with Jalon.open(data_dir) as app:
        trust.enroll(app, read_key_card(key_card(signer_key())))
    rng = random.Random(4242)
    present: set[str] = set()
    reported_total = killed_while_opening = kills = 0
    started = time.monotonic()

    with writers() as parent:
        for cycle in range(crash_cycles):
            absent = [p for p in packages if p.sha256 not in present]
            batch = absent[:10]
            if present:  # and one already imported, first or last
                again = next(p for p in packages if p.sha256 in present)
                batch = [again, *batch] if rng.random() < 0.5 else [*batch, again]
            log = tmp_path / "importer.log"
            log.unlink(missing_ok=True)
            pid = parent.spawn(
                {
                    "op": "imports",
                    "data_dir": str(data_dir),
                    "packages": [str(p.path) for p in batch],
                    "log": str(log),
                }
            )
            if rng.random() < 0.1 or len(batch) < 2:
                time.sleep(rng.uniform(0, 0.06))
                killed_while_opening += 1
            else:
                wait_for_saved(log, rng.randrange(min(4, len(batch))))
                time.sleep(rng.uniform(0, 0.03))
            text, killed = kill(parent, pid, log)
            kills += killed

            reported = {}
            for line in text:
                if line.startswith("SAVED "):
                    _, index, _name, status = line.split(" ")
                    reported[batch[int(index)].sha256] = status
            assert set(reported.values()) <= {"imported", "already_imported"}, reported
            reported_total += len(reported)

            assert integrity(database) == ["ok"], f"cycle {cycle}"
            present = check_all_or_nothing(database, packages)
            missing = set(reported) - present
            assert not missing, f"cycle {cycle}: reported imported but absent: {missing}"
            with Jalon.open(data_dir):  # the store opens (and cleans up after the kill)
                pass
            assert leftovers(data_dir) == [], f"cycle {cycle}"

        # An import that runs to its end completes the set.
        log = tmp_path / "importer.log"
        log.unlink(missing_ok=True)
        pid = parent.spawn(
            {
                "op": "imports",
                "data_dir": str(data_dir),
                "packages": [str(p.path) for p in packages],
                "log": str(log),
            }
        )
        assert parent.reap(pid) == {"signal": None, "code": 0}, lines(log)[-3:]

    assert integrity(database) == ["ok"]
    final = check_all_or_nothing(database, packages)
    assert final == {p.sha256 for p in packages}
    assert kills >= crash_cycles * 9 // 10  # nearly every writer was killed, not finished
    imported_before_the_end = len(present)
    elapsed = time.monotonic() - started
    print(
        f"\ncrash-imports: {crash_cycles} cycles, {kills} kills ({killed_while_opening} aimed "
        f"at opening the store), "
        f"{reported_total} imports reported, {imported_before_the_end} of {len(packages)} "
        f"packages stored before the final import, 0 partial, {elapsed:.1f} s"
    )
