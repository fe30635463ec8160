"""Build Jalon's one-folder bundle, check that it works, and measure it.

    uv run --group packaging python packaging/build_bundle.py            # build + check
    uv run --group packaging python packaging/build_bundle.py --hello    # + the size yardstick
    uv run --group packaging python packaging/build_bundle.py --no-build --hello  # check only

The bundle lands in ``build/dist/jalon`` (``--dist``), PyInstaller's scratch files in
``build/work`` (``--work``). The checks run the bundled program offscreen on throwaway data
folders, the way a person would use it: ``--version``, ``setup``, ``demo``, ``list --json``,
``report``, ``export`` (a signed package), then, as a secretariat, ``keys enroll``,
``verify --pdf``, ``import``, ``export-data`` as a spreadsheet and the consolidated report;
``--lang fr``; and the bundle's self-test, which opens and closes the desktop window.

The "hello window" bundle (``packaging/hello``) is built with the same PyInstaller and the
same policy (``bundle_policy.py``); Jalon's bundle should be at most 1.3 times its size.
Prints the figures at the end (``--json FILE`` writes them too); the exit code is 1 when a
check fails or the ratio is over ``--max-ratio``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import bundle_policy  # noqa: E402

JALON_SPEC = HERE / "jalon.spec"
HELLO_SPEC = HERE / "hello" / "hello.spec"
PASSPHRASE = "a bundle check passphrase, long enough"
MAX_RATIO = 1.3
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""


def build(spec: Path, dist: Path, work: Path, extra_env: dict[str, str] | None = None) -> float:
    """Run PyInstaller on ``spec``; return the seconds it took."""
    started = time.perf_counter()
    command = [
        sys.executable, "-m", "PyInstaller", str(spec), "--noconfirm", "--log-level", "WARN",
        "--distpath", str(dist), "--workpath", str(work),
    ]  # fmt: skip
    subprocess.run(command, check=True, cwd=ROOT, env={**os.environ, **(extra_env or {})})
    return time.perf_counter() - started


def program(dist: Path, name: str = "jalon") -> Path:
    """The bundled executable called ``name`` in the one-folder build under ``dist``."""
    return dist / name / f"{name}{EXE_SUFFIX}"


def bundle_size(folder: Path) -> int:
    """Bytes in the one-folder bundle, as ``du -sb`` counts them where it exists."""
    du = shutil.which("du")
    if du and sys.platform.startswith("linux"):
        out = subprocess.run([du, "-sb", str(folder)], capture_output=True, text=True, check=True)
        return int(out.stdout.split()[0])
    return bundle_policy.folder_size(folder)


def offscreen_env(**extra: str) -> dict[str, str]:
    """The environment for running the bundle without a screen, away from the user's data."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JALON_", "PYTHON"))}
    env.update(QT_QPA_PLATFORM="offscreen", LANG="en_CA.UTF-8", **extra)
    return env


def run(
    jalon: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """Run the bundled ``jalon`` with ``args``; never raises on a non-zero exit code."""
    return subprocess.run(
        [str(jalon), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        env=env or offscreen_env(),
        cwd=tempfile.gettempdir(),  # nothing may depend on the source tree
    )


@dataclass
class Checks:
    """The results of running the bundle: each check's name, whether it passed, and output."""

    results: list[tuple[str, bool, str]] = field(default_factory=list)

    def record(
        self, name: str, done: subprocess.CompletedProcess[str], expect: str | None = None
    ) -> bool:
        passed = done.returncode == 0 and (expect is None or expect in done.stdout)
        detail = (done.stdout.strip() + "\n" + done.stderr.strip()).strip()
        self.results.append((name, passed, detail[-2000:]))
        return passed

    @property
    def failed(self) -> list[str]:
        return [name for name, passed, _ in self.results if not passed]


def check(jalon: Path, scratch: Path) -> Checks:
    """Use the bundled program as a jurisdiction, then as the secretariat (see the module doc)."""
    checks = Checks()
    ontario, secretariat, out = scratch / "ontario", scratch / "secretariat", scratch / "out"
    out.mkdir(parents=True)
    secret = scratch / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    on = ("--data-dir", str(ontario))
    sec = ("--data-dir", str(secretariat))

    checks.record("--version", run(jalon, "--version"), expect="jalon ")
    checks.record(
        "setup",
        run(jalon, *on, "setup", "--jurisdiction", "ON", "--name", "Alex Tremblay",
            "--title", "Chief Information Officer", "--passphrase-file", str(secret)),
    )  # fmt: skip
    checks.record("demo", run(jalon, *on, "demo"))
    listed = run(jalon, *on, "list", "--json")
    if not checks.record("list --json", listed):
        return checks
    assessment = json.loads(listed.stdout)[0]["id"]
    checks.record("list --lang fr", run(jalon, *on, "--lang", "fr", "list"))
    report = out / "report-fr.pdf"
    done = run(jalon, *on, "--lang", "fr", "report", assessment, "--out", str(report))
    checks.record("report", done)
    checks.results.append(("report is a PDF", _is_pdf(report), str(report)))
    exported = run(
        jalon, *on, "export", assessment, "--out", str(out), "--passphrase-file", str(secret)
    )
    if not checks.record("export (signed package)", exported):
        return checks
    package = Path(exported.stdout.strip().splitlines()[-1])
    card = scratch / "card.json"
    checks.record("keys card", run(jalon, *on, "keys", "card", "--out", str(card)))
    checks.record("keys enroll", run(jalon, *sec, "keys", "enroll", str(card), "--yes"))
    checks.record("verify --pdf", run(jalon, *sec, "verify", "--pdf", str(package)))
    checks.record("import", run(jalon, *sec, "import", str(package)))
    sheet = out / "answers.xlsx"
    checks.record(
        "export-data xlsx", run(jalon, *sec, "export-data", "--format", "xlsx", "--out", str(sheet))
    )
    consolidated = out / "consolidated.pdf"
    checks.record(
        "report --consolidated",
        run(jalon, *sec, "report", "--consolidated", "--out", str(consolidated)),
    )
    # The desktop app itself: its start-up probe prints when the window is first painted, then
    # quits; the self-test (packaging/launcher.py) also goes through the first-run wizard.
    shown = run(jalon, *on, env=offscreen_env(JALON_EXIT_WHEN_SHOWN="1"))
    checks.record("desktop window shown", shown, expect="JALON_SHOWN")
    selftest = run(jalon, env=offscreen_env(JALON_BUNDLE_SELFTEST="1"))
    checks.record("desktop self-test", selftest, expect='"failed": []')
    return checks


def _is_pdf(path: Path) -> bool:
    return path.is_file() and path.read_bytes()[:5] == b"%PDF-"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "build" / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "work")
    parser.add_argument("--no-build", action="store_true", help="check an existing build")
    parser.add_argument("--no-check", action="store_true", help="build only")
    parser.add_argument("--hello", action="store_true", help="also build the hello window")
    parser.add_argument("--max-ratio", type=float, default=MAX_RATIO)
    parser.add_argument("--json", type=Path, help="write the figures to this file too")
    args = parser.parse_args(argv)

    figures: dict[str, object] = {"platform": sys.platform}
    if not args.no_build:
        figures["jalon_build_seconds"] = round(build(JALON_SPEC, args.dist, args.work), 1)
        if args.hello:
            figures["hello_build_seconds"] = round(build(HELLO_SPEC, args.dist, args.work), 1)
    jalon = program(args.dist)
    if not jalon.exists():
        print(f"no bundle at {jalon}; build it first", file=sys.stderr)
        return 1
    failed: list[str] = []
    if not args.no_check:
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="jalon-bundle-") as scratch:
            checks = check(jalon, Path(scratch))
        figures["check_seconds"] = round(time.perf_counter() - started, 1)
        for name, passed, detail in checks.results:
            print(f"{'ok  ' if passed else 'FAIL'} {name}")
            if not passed:
                print("     " + detail.replace("\n", "\n     "))
        failed = checks.failed
        figures["checks_passed"] = len(checks.results) - len(failed)
        figures["checks_failed"] = failed
    figures["jalon_bytes"] = bundle_size(args.dist / "jalon")
    hello = args.dist / "hello"
    if hello.is_dir():
        figures["hello_bytes"] = bundle_size(hello)
        ratio = figures["jalon_bytes"] / figures["hello_bytes"]  # type: ignore[operator]
        figures["ratio"] = round(ratio, 3)
        if ratio > args.max_ratio:
            failed.append(f"size ratio {ratio:.3f} > {args.max_ratio}")
    mib = 1024 * 1024
    print(f"jalon bundle: {figures['jalon_bytes'] / mib:.1f} MiB ({figures['jalon_bytes']} bytes)")
    if "hello_bytes" in figures:
        print(
            f"hello window: {figures['hello_bytes'] / mib:.1f} MiB ({figures['hello_bytes']} bytes)"
        )  # type: ignore[operator]
        print(f"ratio: {figures['ratio']} (target at most {args.max_ratio})")
    for key in ("jalon_build_seconds", "hello_build_seconds", "check_seconds"):
        if key in figures:
            print(f"{key.replace('_', ' ')}: {figures[key]}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
