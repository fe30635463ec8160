"""Jalon's one-folder PyInstaller bundle, built for this platform and used as a person would:
the version, a sample assessment, its report, a signed package taken in by a secretariat, the
desktop window offscreen; and its size against a bare PySide6 window built the same way.

Slow (about four minutes on two cores): only with ``--bundle`` (see ``conftest.py``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
import build_bundle  # noqa: E402

pytestmark = pytest.mark.bundle


@dataclass
class Built:
    dist: Path
    jalon: Path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.fail("PyInstaller is missing: run `uv run --group packaging pytest ... --bundle`")
    root = tmp_path_factory.mktemp("bundle")
    dist, work = root / "dist", root / "work"
    build_bundle.build(build_bundle.JALON_SPEC, dist, work)
    return Built(dist, build_bundle.program(dist))


def test_the_bundled_jalon_prints_its_version(built: Built) -> None:
    done = build_bundle.run(built.jalon, "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "jalon 0.1.0" or done.stdout.startswith("jalon ")


def test_the_bundled_jalon_makes_a_demo_and_lists_it_offscreen(
    built: Built, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    demo = build_bundle.run(built.jalon, "--data-dir", str(data), "demo")
    assert demo.returncode == 0, demo.stderr
    assert (data / "jalon.sqlite3").is_file()
    listed = build_bundle.run(built.jalon, "--data-dir", str(data), "list", "--json")
    assert listed.returncode == 0, listed.stderr
    (item,) = json.loads(listed.stdout)
    french = build_bundle.run(built.jalon, "--data-dir", str(data), "--lang", "fr", "list")
    assert "ébauche" in french.stdout  # the French catalog, compiled from the bundled .po
    report = tmp_path / "report.pdf"
    done = build_bundle.run(
        built.jalon, "--data-dir", str(data), "report", item["id"], "--out", str(report)
    )
    assert done.returncode == 0, done.stderr
    assert report.read_bytes()[:5] == b"%PDF-"


def test_the_bundle_works_end_to_end_for_a_jurisdiction_and_the_secretariat(
    built: Built, tmp_path: Path
) -> None:
    checks = build_bundle.check(built.jalon, tmp_path)
    assert checks.failed == [], "\n".join(
        f"{name}: {detail}" for name, passed, detail in checks.results if not passed
    )


def test_the_bundle_is_at_most_1_3_times_a_bare_pyside6_window(
    built: Built, tmp_path: Path
) -> None:
    build_bundle.build(build_bundle.HELLO_SPEC, built.dist, tmp_path / "work")
    jalon = build_bundle.bundle_size(built.dist / "jalon")
    hello = build_bundle.bundle_size(built.dist / "hello")
    print(f"jalon {jalon} bytes, hello window {hello} bytes, ratio {jalon / hello:.3f}")
    assert jalon / hello <= build_bundle.MAX_RATIO
