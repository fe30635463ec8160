"""Issue 17's secretariat rows, before and after, measured side by side, as ratios.

    uv run python tools/secretariat_figures.py                    # this checkout against main
    uv run python tools/secretariat_figures.py --before 33189e9   # against any git ref
    uv run python tools/secretariat_figures.py --code /tmp/old    # against another checkout

The "before" code is taken from git (``git archive REF desktop``) or from ``--code DIR``; both
run with this checkout's libraries and test helpers. Runs alternate (after, before, after,
before…) so that machine load touches both alike; each run is a fresh process
(``tools/secretariat_probe.py``) that times Jalon and its baseline one after the other, and
the medians over the runs are printed:

* import per package, against the bare work of reading, unzipping, hashing and verifying one
  signature per package (``tests/benchmarks/test_import_benchmark.py``'s baseline, the
  issue's), and against format 2's bare work (the same and the two reports' signatures,
  covered bytes hashed: that benchmark's second baseline, issue 17);
* the dashboard over 5,000 submissions: its data read after a change, a full reload (with the
  workshop answers and a trend) after a change, and a reload with nothing changed, against
  the same aggregates written by hand in SQL (``tests/benchmarks/test_secretariat_benchmark.py``'s
  baseline).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PROBE = ROOT / "tools" / "secretariat_probe.py"


def environment(code: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(code / "desktop"), env.get("PYTHONPATH", "")])
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("JALON_DATA_DIR", None)
    return env


def probe(code: Path, *args: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, str(PROBE), *args],
        env=environment(code),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    for line in done.stdout.splitlines():
        if line.startswith("FIGURES "):
            figures: dict[str, float] = json.loads(line.split(" ", 1)[1])
            return figures
    raise RuntimeError(f"{code} {args}: no FIGURES line\n{done.stdout}\n{done.stderr}")


def checkout(ref: str, where: Path) -> Path:
    """The code, resources and catalogs of ``ref``, extracted under ``where``."""
    archive = where / "before.tar"
    with archive.open("wb") as out:
        subprocess.run(
            [
                "git",
                "-C",
                str(ROOT),
                "archive",
                "--format=tar",
                ref,
                "desktop",
                "resources",
                "translations",
            ],
            stdout=out,
            check=True,
        )
    with tarfile.open(archive) as tar:
        tar.extractall(where / "before", filter="data")
    return where / "before"


def median(runs: list[dict[str, float]], name: str) -> float:
    return statistics.median(r[name] for r in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default="main", help="git ref of the code before")
    parser.add_argument("--code", type=Path, help="a checkout of the code before, instead")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--packages", type=int, default=200)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="jalon-figures-") as temporary:
        where = Path(temporary)
        before = options.code or checkout(options.before, where)
        trees = {"after": ROOT, "before": before}
        results: dict[str, dict[str, list[dict[str, float]]]] = {
            t: {"import": [], "dashboard": []} for t in trees
        }
        for run in range(options.runs):
            for name, code in trees.items():
                print(f"run {run + 1}/{options.runs}: {name}…", file=sys.stderr, flush=True)
                results[name]["import"].append(
                    probe(code, "import", str(options.packages), str(where / f"import-{name}"))
                )
                results[name]["dashboard"].append(
                    probe(code, "dashboard", str(where / f"dashboard-{name}"))
                )
    print_table(results, options)
    return 0


def print_table(results: dict[str, Any], options: argparse.Namespace) -> None:
    def imports(tree: str) -> str:
        runs = results[tree]["import"]
        ours, bare = median(runs, "import_ms_per_package"), median(runs, "bare_ms_per_package")
        three = median(runs, "bare_format_2_ms_per_package")
        return (
            f"{ours:.2f} ms, {ours / bare:.1f}× (bare {bare:.2f} ms); "
            f"{ours / three:.1f}× format 2's bare work ({three:.2f} ms)"
        )

    def dashboard(tree: str, figure: str) -> str:
        runs = results[tree]["dashboard"]
        ours, hand = median(runs, figure), median(runs, "hand_sql_ms")
        return f"{ours:.1f} ms, {ours / hand:.2f}× (SQL {hand:.0f} ms)"

    before = str(options.code) if options.code else options.before
    print(
        f"\nMedians of {options.runs} runs, before = {before}, after = this checkout; "
        f"{options.packages} packages; ratio = Jalon / its baseline in the same process"
    )
    rows = [
        (
            "Import per package, against bare zip read + SHA-256 + one ECDSA verify",
            imports("before"),
            imports("after"),
            "≤ 3×",
        ),
        (
            "Dashboard over 5,000 submissions, against hand-written SQL (read after a change)",
            dashboard("before", "dashboard_ms"),
            dashboard("after", "dashboard_ms"),
            "< 100 ms, ≤ 1.5×",
        ),
        (
            "Dashboard, full reload (with every workshop answer and one trend) after a change",
            dashboard("before", "full_reload_ms"),
            dashboard("after", "full_reload_ms"),
            "< 100 ms, ≤ 1.5×",
        ),
        (
            "Dashboard, reload with nothing imported, revoked or superseded since",
            dashboard("before", "cached_reload_ms"),
            dashboard("after", "cached_reload_ms"),
            "< 100 ms, ≤ 1.5×",
        ),
    ]
    print("| Work | Before | After | Goal |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    sys.exit(main())
