"""When a person can act, beside a bare PySide6 ``QMainWindow``: the ratios of issue 20.

* first paint of the main window (a daily start);
* the "Set up Jalon" window drawn, on an empty data folder (a new installation);
* the home list drawn holding the assessments (a daily start with data), with 20 and with 200
  assessments;
* the set-up window with nothing byte-compiled (``PYTHONPYCACHEPREFIX`` a new empty folder,
  for Jalon and for the bare window alike): what a first start costs without byte-compiling
  at install.

Each moment is measured by ``tools/startup_probe.py`` (seconds from the process's start,
read from ``/proc``), Jalon and the bare window in turn, and the medians and their ratio are
printed. Nothing is asserted about time (the goals: 1.2x for the first paint, 2x for the
others); with benchmarks disabled (the default) each side runs once, as a smoke test that
every moment comes. ``tools/startup_figures.py`` prints the same table under Xvfb.

    uv run pytest tests/benchmarks/test_startup_moments_benchmark.py --benchmark-enable -s
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from jalon.core.jurisdiction import government
from jalon.services import assessments, identity
from jalon.services.app import Jalon

ROOT = Path(__file__).resolve().parents[2]
PROBE = ROOT / "tools" / "startup_probe.py"
RUNS = 7
ASSESSMENTS = 20
MANY = 200
GOALS = {
    "first paint": 1.2,
    "set-up window": 2.0,
    "usable home list": 2.0,
    f"home list, {MANY}": 2.0,
    "no bytecode": 2.0,
}


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update({"QT_QPA_PLATFORM": "offscreen", "LANG": "en_CA.UTF-8"})
    env.pop("JALON_DATA_DIR", None)
    return env


def moment(kind: str, target: str, env: dict[str, str], *args: str) -> float:
    done = subprocess.run(
        [sys.executable, str(PROBE), kind, target, *args],
        env=dict(env, JALON_PROBE_LAUNCHED=repr(time.time())),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("STARTUP ")]
    assert lines, f"{kind} {target} never came:\n{done.stdout}\n{done.stderr}"
    return float(lines[0].split()[1])


def daily_folder(folder: Path, count: int) -> Path:
    with Jalon.open(folder) as app:
        identity.set_identity(app, government("ON"), "Alex Tremblay", "CIO")
        identity.save_language(app, "en")
        for i in range(count):
            assessments.create(app, government("ON"), f"Strategy {i}")
    (folder / "window.ini").write_text("[ui]\nlanguage=en\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def daily(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return daily_folder(tmp_path_factory.mktemp("daily") / "data", ASSESSMENTS)


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return daily_folder(tmp_path_factory.mktemp("many") / "data", MANY)


def side_by_side(
    runs: int, ours: Callable[[], float], theirs: Callable[[], float]
) -> tuple[float, float, float]:
    a, b = [], []
    for _ in range(runs):
        a.append(ours())
        b.append(theirs())
    return (
        statistics.median(a),
        statistics.median(b),
        statistics.median(x / y for x, y in zip(a, b, strict=True)),
    )


def test_each_moment_a_person_waits_for_is_measured_beside_a_bare_window(
    benchmark: Any, daily: Path, many: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = 1 if benchmark.disabled else RUNS
    env = environment()
    fresh = iter(range(10_000))

    def new_folder() -> str:
        return str(tmp_path / f"new-{next(fresh)}")

    def no_bytecode() -> dict[str, str]:
        return dict(env, PYTHONPYCACHEPREFIX=str(tmp_path / f"pyc-{next(fresh)}"))

    def bare() -> float:
        return moment("paint", "bare", env)

    moment("paint", "jalon", env, "--data-dir", str(daily))  # warm the disk cache
    rows = {
        "first paint": side_by_side(
            runs, lambda: moment("paint", "jalon", env, "--data-dir", str(daily)), bare
        ),
        "set-up window": side_by_side(
            runs, lambda: moment("setup", "jalon", env, "--data-dir", new_folder()), bare
        ),
        "usable home list": side_by_side(
            runs, lambda: moment("list", "jalon", env, "--data-dir", str(daily)), bare
        ),
        f"home list, {MANY}": side_by_side(
            runs, lambda: moment("list", "jalon", env, "--data-dir", str(many)), bare
        ),
        "no bytecode": side_by_side(
            runs,
            lambda: moment("setup", "jalon", no_bytecode(), "--data-dir", new_folder()),
            lambda: moment("paint", "bare", no_bytecode()),
        ),
    }
    benchmark.pedantic(bare, rounds=1, iterations=1)
    benchmark.extra_info.update({name: round(ratio, 2) for name, (_, _, ratio) in rows.items()})
    with capsys.disabled():
        print(f"\nstart-up moments, offscreen, median of {runs} (ratio to a bare window):")
        for name, (ours, theirs, ratio) in rows.items():
            print(
                f"  {name:18} jalon {ours:.3f} s  bare {theirs:.3f} s  ratio {ratio:.2f} "
                f"(goal <= {GOALS[name]})"
            )


def imported_before(kind: str, *args: str) -> set[str]:
    """The top-level packages imported before ``kind`` came (``-X importtime`` on stderr,
    beside the probe's line on the same unbuffered pipe)."""
    env = dict(environment(), PYTHONUNBUFFERED="1")
    done = subprocess.run(
        [sys.executable, "-X", "importtime", str(PROBE), kind, "jalon", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=180,
        check=False,
    )
    assert "STARTUP " in done.stdout, done.stdout[-3000:]
    before = done.stdout.split("STARTUP ", 1)[0]
    modules = {
        line.rsplit("|", 1)[1].strip()
        for line in before.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return modules | {name.split(".")[0] for name in modules}


def test_the_set_up_window_of_a_new_installation_waits_for_no_store_import(
    tmp_path: Path,
) -> None:
    imported = imported_before("setup", "--data-dir", str(tmp_path / "new"))
    assert "jalon" in imported
    heavy = {"sqlalchemy", "alembic", "mako", "pygments", "jsonschema", "reportlab", "pyhanko"}
    heavy |= {"importlib.metadata", "babel.messages.pofile"}
    assert sorted(imported & heavy) == []


def test_a_daily_start_imports_neither_alembic_nor_jsonschema_before_its_list(
    daily: Path,
) -> None:
    imported = imported_before("list", "--data-dir", str(daily))
    unneeded = {"alembic", "mako", "pygments", "jsonschema"}
    # Babel formats the list's dates; its catalog compiler is not needed (a compiled catalog).
    unneeded |= {"babel.messages.pofile", "babel.messages.mofile"}
    assert sorted(imported & unneeded) == []


def test_a_daily_start_reads_its_list_before_the_store_begins_its_imports(daily: Path) -> None:
    # The store opens in a thread once the list is drawn: the list's modules are all imported
    # before SQLAlchemy's first module is (``-X importtime`` prints each import as it ends).
    env = dict(environment(), PYTHONUNBUFFERED="1")
    done = subprocess.run(
        [sys.executable, "-X", "importtime", str(PROBE), "list", "jalon", "--data-dir", str(daily)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=180,
        check=False,
    )
    assert "STARTUP " in done.stdout, done.stdout[-3000:]
    order = [
        line.rsplit("|", 1)[1].strip()
        for line in done.stdout.splitlines()
        if line.startswith("import time:") and "|" in line
    ]
    # The probe ends once the list is usable: the store may not have begun its imports yet.
    store = next((i for i, name in enumerate(order) if name.startswith("sqlalchemy")), len(order))
    assert order.index("jalon.services.home_list") < store
    assert order.index("jalon.ui.home") < store
