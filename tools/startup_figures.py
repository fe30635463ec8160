"""How long a person waits at start, side by side with a bare PySide6 window, as ratios.

    uv run python tools/startup_figures.py                  # under Xvfb if installed
    uv run python tools/startup_figures.py --runs 11 --offscreen
    uv run python tools/startup_figures.py --code /tmp/old-checkout   # another version's code

Each row starts Jalon and a bare ``QMainWindow`` in turn (A B A B …, so machine load touches
both alike) through ``tools/startup_probe.py``, which prints the seconds from the process's
start to the moment, and prints the medians and their ratio (the ratio's median taken pair
by pair):

* first paint: the main window is drawn (a daily start, data in use);
* set-up window: on an empty data folder (a new installation), "Set up Jalon" is drawn;
* usable home list: on a data folder with assessments and an identity, the list is drawn
  holding them (its first rows) and the window handles the next event; with 20 and with 200
  assessments;
* home list complete: the same with all 200 rows in the list;
* memory after start: the resident memory (``VmRSS``) once the store is open and the 200 rows
  are listed, against the bare window's once it is drawn;
* first start after install: the set-up window in an environment just made by
  ``uv sync --frozen --no-dev --no-editable`` (Jalon installed as a package, as a person
  installs it, with the project's settings: byte-compiled at install when
  ``[tool.uv] compile-bytecode`` says so), one start per install, beside the bare window's
  first start in that same environment. ``--installs 0`` skips it.

``PYTHONDONTWRITEBYTECODE`` is removed from the environment: a person's Python writes
bytecode. ``--code DIR`` puts ``DIR/desktop`` first on ``PYTHONPATH``, to measure another
version of Jalon with the same libraries (the "before" of a change).

Below the table, for 200 assessments: the seconds between the main window's first paint and
the usable list in the same run (issue 17's goal: at most 1 s).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = ROOT / "tools" / "startup_probe.py"
ASSESSMENTS = 20
MANY = 200
#: The rows, as ``--only`` names them.
ROWS = ("paint", "setup", "list", "many", "complete", "memory")


def environment(display: str | None, code: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE",)}
    env["LANG"] = "en_CA.UTF-8"
    env.pop("LC_ALL", None)
    env.pop("JALON_DATA_DIR", None)
    if display:
        env["DISPLAY"] = display
        env["QT_QPA_PLATFORM"] = "xcb"
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join(
            [str(code / "desktop"), *filter(None, [env.get("PYTHONPATH")])]
        )
    return env


def probe(python: str, moment: str, target: str, env: dict[str, str], *args: str) -> float:
    return probe_all(python, moment, target, env, *args)["STARTUP"]


def probe_all(
    python: str, moment: str, target: str, env: dict[str, str], *args: str
) -> dict[str, float]:
    """Every figure the probe printed: ``STARTUP`` (seconds), ``RSS`` (kB) and, for the list
    moments, ``PAINT`` (seconds)."""
    done = subprocess.run(
        [python, str(PROBE), moment, target, *args],
        env=dict(env, JALON_PROBE_LAUNCHED=repr(time.time())),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    figures = {}
    for line in done.stdout.splitlines():
        name, _, value = line.partition(" ")
        if name in ("STARTUP", "RSS", "PAINT") and name not in figures:
            figures[name] = float(value)
    if "STARTUP" in figures:
        return figures
    raise RuntimeError(f"{moment} {target}: no STARTUP line\n{done.stdout}\n{done.stderr}")


def daily_folder(python: str, env: dict[str, str], folder: Path, count: int = ASSESSMENTS) -> Path:
    """A data folder in use: an identity, the language remembered, ``count`` assessments."""
    script = f"""
import sys
from jalon.core.jurisdiction import government
from jalon.services import assessments, identity
from jalon.services.app import Jalon
with Jalon.open(sys.argv[1]) as app:
    identity.set_identity(app, government("ON"), "Alex Tremblay", "CIO")
    identity.save_language(app, "en")
    for i in range({count}):
        assessments.create(app, government("ON"), f"Strategy {{i}}")
"""
    subprocess.run([python, "-c", script, str(folder)], env=env, check=True, timeout=300)
    (folder / "window.ini").write_text("[ui]\nlanguage=en\n", encoding="utf-8")
    return folder


def side_by_side(
    runs: int, ours: Callable[[], float], theirs: Callable[[], float]
) -> tuple[float, float, float]:
    ours(), theirs()  # warm the disk cache
    a, b = [], []
    for _ in range(runs):
        a.append(ours())
        b.append(theirs())
    ratios = [x / y for x, y in zip(a, b, strict=True)]
    return statistics.median(a), statistics.median(b), statistics.median(ratios)


def fresh_install(env: dict[str, str], project: Path, where: Path) -> str:
    """A new environment for ``project`` made as a person's ``uv sync`` makes it."""
    venv = where / ".venv"
    install_env = dict(env, UV_PROJECT_ENVIRONMENT=str(venv), UV_NO_PROGRESS="1")
    install_env.pop("VIRTUAL_ENV", None)
    install_env.setdefault("UV_PYTHON", sys._base_executable)
    subprocess.run(
        ["uv", "sync", "--frozen", "--quiet", "--no-dev", "--no-editable"],
        cwd=project,
        env=install_env,
        check=True,
        timeout=1800,
    )
    return str(venv / "bin" / "python")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--installs", type=int, default=2, help="fresh installs for row 4")
    parser.add_argument("--offscreen", action="store_true", help="no Xvfb")
    parser.add_argument("--display", default=":93", help="the Xvfb display to start")
    parser.add_argument("--code", type=Path, help="measure the Jalon code in this checkout")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=ROWS,
        help="measure only these rows (default: all of them)",
    )
    options = parser.parse_args()

    def wanted(row: str) -> bool:
        return not options.only or row in options.only

    xvfb = None
    display = None
    if not options.offscreen and shutil.which("Xvfb"):
        display = options.display
        xvfb = subprocess.Popen(
            ["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1.0)
    env = environment(display, options.code)
    python = sys.executable
    rows: list[tuple[str, float, float, float, int]] = []
    scratch = Path(tempfile.mkdtemp(prefix="jalon-startup-"))
    try:
        daily = daily_folder(python, env, scratch / "daily")
        many = daily_folder(python, env, scratch / "many", MANY)
        after_window: list[float] = []
        counter = iter(range(1_000_000))

        def bare() -> float:
            return probe(python, "paint", "bare", env)

        def new_folder() -> str:
            return str(scratch / f"new-{next(counter)}")

        def row(name: str, label: str, ours: Callable[[], float]) -> None:
            """Measure ``ours`` against the bare window, when ``--only`` names this row."""
            if wanted(name):
                rows.append((label, *side_by_side(options.runs, ours, bare), options.runs))

        def many_list() -> float:
            figures = probe_all(python, "list", "jalon", env, "--data-dir", str(many))
            after_window.append(figures["STARTUP"] - figures["PAINT"])
            return figures["STARTUP"]

        all_rows = dict(env, JALON_PROBE_ROWS=str(MANY))
        row(
            "paint",
            "first paint (daily start)",
            lambda: probe(python, "paint", "jalon", env, "--data-dir", str(daily)),
        )
        row(
            "setup",
            "set-up window (new installation)",
            lambda: probe(python, "setup", "jalon", env, "--data-dir", new_folder()),
        )
        row(
            "list",
            f"usable home list ({ASSESSMENTS} assessments)",
            lambda: probe(python, "list", "jalon", env, "--data-dir", str(daily)),
        )
        row("many", f"usable home list ({MANY} assessments)", many_list)
        if after_window:
            del after_window[0]  # the disk cache's warming run
        row(
            "complete",
            f"home list complete ({MANY} rows)",
            lambda: probe(python, "listed", "jalon", all_rows, "--data-dir", str(many)),
        )
        memory = None
        if wanted("memory"):
            memory = side_by_side(
                options.runs,
                lambda: (
                    probe_all(python, "settled", "jalon", all_rows, "--data-dir", str(many))["RSS"]
                    / 1024
                ),
                lambda: probe_all(python, "paint", "bare", env)["RSS"] / 1024,
            )
        if options.installs > 0 and not options.only:
            ours, theirs = [], []
            installed = environment(display, None)  # Jalon from the install, not a checkout
            for i in range(options.installs):
                fresh = fresh_install(installed, options.code or ROOT, scratch / f"install-{i}")
                folder = new_folder()
                ours.append(probe(fresh, "setup", "jalon", installed, "--data-dir", folder))
                theirs.append(probe(fresh, "paint", "bare", installed))
                shutil.rmtree(scratch / f"install-{i}", ignore_errors=True)
            ratios = [x / y for x, y in zip(ours, theirs, strict=True)]
            rows.append(
                (
                    "first start after install (set-up window)",
                    statistics.median(ours),
                    statistics.median(theirs),
                    statistics.median(ratios),
                    options.installs,
                )
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait()

    where = f"Xvfb {display}" if display else "offscreen"
    print(f"\nStart-up, medians, {where}; ratio = Jalon / bare QMainWindow first paint")
    print(f"{'moment':44} {'runs':>4} {'Jalon s':>8} {'bare s':>7} {'ratio':>6}")
    for name, ours_s, bare_s, ratio, runs in rows:
        print(f"{name:44} {runs:>4} {ours_s:>8.3f} {bare_s:>7.3f} {ratio:>6.2f}")
    if memory is not None:
        print(
            f"{'memory after start (' + str(MANY) + ', store open), MB':44} {options.runs:>4} "
            f"{memory[0]:>8.1f} {memory[1]:>7.1f} {memory[2]:>6.2f}"
        )
    waits = sorted(after_window)
    if waits:
        print(
            f"\n{MANY} assessments: usable list after the window's first paint, median "
            f"{statistics.median(waits):.3f} s (min {waits[0]:.3f}, max {waits[-1]:.3f}; "
            f"{len(waits)} runs)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
