"""Benchmark of import (issue 4): N distinct valid packages into an empty store.

Targets, with ``--benchmark-enable`` (N = 1,000): at most 3x the bare work timed beside it
in the same run, and at most 10 ms per package. The bare work is what no import can avoid:
reading each file, opening its zip in memory, SHA-256 of every member, and verifying one
ECDSA P-256 signature (the public key loaded from its DER each time, as a package carries
its own). Import does all of steps 1-6 of DESIGN.md, both reports' signatures included, and
stores the batch in one transaction with a savepoint per package (issue 17) on a real SQLite
file (WAL, ``synchronous=FULL``).

A second baseline is timed and printed beside the first, not asserted: the bare work of
format 2 (issue 17), which carries three signatures, not one. Since the reports are in both
languages, each signed, no import can avoid verifying three ECDSA signatures per package: the
manifest's, and each report's CMS signature over its signed attributes, after finding its
``/ByteRange`` and checking the SHA-256 of the bytes it covers against the signed digest
(:func:`bare_work_of_format_2`: a regular expression for the byte range, asn1crypto for the
two fields of the CMS it needs, the package's key loaded once). The first baseline, and the
ratio the issue's goal (at most 3x) was set against, stay as they were, so that figures
before and after format 2 compare; the second says how much of what remains is the format's
own cost.

Rounds are interleaved (bare, import, bare, import...) and the best of each is kept, so that
machine load touches both sides alike. With benchmarks disabled (the default ``addopts``)
it runs once with N = 20 as a smoke test and prints its figures without asserting them.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from tests.exchange_support import SIGNED_AT, signed_assessment, signed_reports, signer_key

from jalon.exchange.keycard import key_card, read_key_card
from jalon.exchange.package import build_package
from jalon.services import exchange, trust
from jalon.services.app import Jalon

PACKAGES = 1_000
SMOKE_PACKAGES = 20
ROUNDS = 3
RATIO = 3.0
MS_PER_PACKAGE = 10.0


def write_packages(folder: Path, count: int) -> list[Path]:
    """``count`` valid packages of distinct assessments, one key, both reports signed once."""
    key = signer_key()
    reports = signed_reports()
    base = signed_assessment(key)
    folder.mkdir()
    paths = []
    for i in range(count):
        a = replace(base, id=str(uuid.UUID(int=i + 1)))
        data = build_package(a, reports, key, app_version="0.1.0", now=SIGNED_AT, sign_report=False)
        path = folder / f"ON-{i:05d}-r1.jalon"
        path.write_bytes(data)
        paths.append(path)
    return paths


def _bare_package(path: Path, public_key_der: bytes) -> tuple[dict[str, bytes], Any]:
    """One package's bare work: read, unzip in memory, hash every member, verify the
    manifest's signature. Returns the members and the public key."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import load_der_public_key

    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    for content in members.values():
        hashlib.sha256(content).digest()
    public_key = load_der_public_key(public_key_der)
    assert isinstance(public_key, ec.EllipticCurvePublicKey)
    public_key.verify(members["manifest.sig"], members["manifest.json"], ec.ECDSA(hashes.SHA256()))
    return members, public_key


def bare_work(paths: list[Path], public_key_der: bytes) -> int:
    """Read, unzip in memory, hash every member, verify one signature: per package."""
    verified = 0
    for path in paths:
        _bare_package(path, public_key_der)
        verified += 1
    return verified


_BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")
REPORTS = ("report-en.pdf", "report-fr.pdf")


def bare_work_of_format_2(paths: list[Path], public_key_der: bytes) -> int:
    """:func:`bare_work`, and each report's signature: the covered bytes hashed and compared
    with the signed digest, and the CMS signature over the signed attributes verified."""
    import asn1crypto.tsp  # noqa: F401  (names the PAdES attributes)
    from asn1crypto import cms
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    verified = 0
    for path in paths:
        members, public_key = _bare_package(path, public_key_der)
        for name in REPORTS:
            pdf = members[name]
            found = _BYTE_RANGE.search(pdf)
            assert found is not None
            a, b, c, d = (int(n) for n in found.groups())
            covered = hashlib.sha256(pdf[a : a + b])
            covered.update(pdf[c : c + d])
            blob = bytes.fromhex(pdf[b + 1 : c - 1].decode("ascii"))
            signer = cms.ContentInfo.load(blob)["content"]["signer_infos"][0]
            attributes = signer["signed_attrs"]
            signed_bytes = b"\x31" + attributes.dump()[1:]  # before a child is looked at
            digest = next(
                x["values"][0].native for x in attributes if x["type"].native == "message_digest"
            )
            assert digest == covered.digest()
            public_key.verify(signer["signature"].native, signed_bytes, ec.ECDSA(hashes.SHA256()))
        verified += 1
    return verified


def timed(function: Callable[[], Any], timings: list[float]) -> Any:
    start = time.perf_counter()
    result = function()
    timings.append(time.perf_counter() - start)
    return result


def test_importing_packages_into_an_empty_store_costs_at_most_three_times_the_bare_work(
    benchmark: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    count = SMOKE_PACKAGES if benchmark.disabled else PACKAGES
    rounds = 1 if benchmark.disabled else ROUNDS
    folder = tmp_path / "packages"
    paths = write_packages(folder, count)
    key = signer_key()
    card = read_key_card(key_card(key))
    stores = iter(range(10_000))

    def empty_store() -> Jalon:
        app = Jalon.open(tmp_path / f"store-{next(stores)}")
        trust.enroll(app, card)
        app.actor  # noqa: B018 - read once here, as the desktop app has by the time it imports
        return app

    def import_all(app: Jalon) -> list[exchange.ImportOutcome]:
        return exchange.import_packages(app, [folder])

    # Warm-up (imports, schemas, catalog), not timed.
    bare_work(paths[:2], key.public_key_der)
    bare_work_of_format_2(paths[:2], key.public_key_der)
    with empty_store() as app:
        exchange.import_packages(app, paths[:2])

    ours: list[float] = []
    theirs: list[float] = []
    three: list[float] = []
    for _ in range(rounds):
        assert timed(lambda: bare_work(paths, key.public_key_der), theirs) == count
        assert timed(lambda: bare_work_of_format_2(paths, key.public_key_der), three) == count
        with empty_store() as app:
            outcomes = timed(lambda: import_all(app), ours)
            assert [o.status for o in outcomes] == [exchange.ImportStatus.IMPORTED] * count
            assert len(exchange.list_submissions(app)) == count

    def setup() -> tuple[tuple[Jalon], dict[str, Any]]:
        return (empty_store(),), {}

    def import_and_close(app: Jalon) -> None:
        with app:
            assert len(import_all(app)) == count

    benchmark.pedantic(import_and_close, setup=setup, rounds=1, iterations=1)

    ours_s, theirs_s, three_s = min(ours), min(theirs), min(three)
    per_package_ms = ours_s / count * 1000
    bare_ms = theirs_s / count * 1000
    ratio = ours_s / theirs_s
    benchmark.extra_info.update(
        packages=count,
        import_ms_per_package=round(per_package_ms, 3),
        bare_ms_per_package=round(bare_ms, 3),
        ratio=round(ratio, 2),
        bare_format_2_ms_per_package=round(three_s / count * 1000, 3),
        ratio_to_format_2=round(ours_s / three_s, 2),
    )
    with capsys.disabled():
        print(
            f"\nimport of {count:,} packages into an empty store: {ours_s:.2f} s, "
            f"{per_package_ms:.2f} ms per package; bare work (read, unzip, hash, verify one "
            f"signature): {theirs_s:.2f} s, {bare_ms:.2f} ms per package; ratio {ratio:.2f} "
            f"(targets <= {RATIO}, <= {MS_PER_PACKAGE:.0f} ms per package); bare work of "
            f"format 2 (three signatures, the reports' covered bytes hashed): "
            f"{three_s / count * 1000:.2f} ms per package, ratio {ours_s / three_s:.2f}"
        )
    if not benchmark.disabled:
        assert per_package_ms <= MS_PER_PACKAGE
        assert ratio <= RATIO, f"import is {ratio:.1f}x the bare work (target {RATIO}x)"
