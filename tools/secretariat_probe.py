"""One measurement of the secretariat's side, for ``tools/secretariat_figures.py``.

    python tools/secretariat_probe.py import COUNT WORK_DIR
    python tools/secretariat_probe.py dashboard STORE_DIR

Run with the Jalon code to measure first on ``PYTHONPATH`` (the project's ``tests`` helpers
build the data). Prints one line ``FIGURES {json}``; every figure is the best of a few rounds,
each round timing Jalon and its baseline one after the other:

* ``import``: ``COUNT`` valid packages (made here: a key lives in one process) imported into
  an empty store, against the bare work (read each file, unzip it in memory, SHA-256 of
  every member, one ECDSA verify) and the bare work of format 2 (the same, and each report's
  signature: covered bytes hashed, CMS signature verified);
* ``dashboard``: over the 5,000 submissions of ``STORE_DIR`` (made on first use), the
  dashboard's data read after a change (the issue's row, as the benchmark measures it), the full
  reload (what the dashboard reads when something changed, through ``read_dashboard`` as the
  panel calls it: the dashboard, every workshop answer, one trend) and the cached reload
  (nothing changed since), against the same aggregates written by hand in SQL on the raw
  driver connection.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))  # the tests' helpers; Jalon itself comes from PYTHONPATH first
ROUNDS = 3


def best(function: Callable[[], Any], timings: list[float]) -> None:
    start = time.perf_counter()
    function()
    timings.append(time.perf_counter() - start)


def measure_import(count: int, work: Path) -> dict[str, float]:
    from tests.benchmarks.test_import_benchmark import (
        bare_work,
        bare_work_of_format_2,
        write_packages,
    )
    from tests.exchange_support import signer_key

    from jalon.exchange.keycard import key_card, read_key_card
    from jalon.services import exchange, trust
    from jalon.services.app import Jalon

    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    packages = work / "packages"
    stores = work / "stores"
    paths = write_packages(packages, count)
    key = signer_key()
    card = read_key_card(key_card(key))
    count = iter(range(100))

    def empty_store() -> Jalon:
        app = Jalon.open(stores / f"store-{next(count)}")
        trust.enroll(app, card)
        app.actor  # noqa: B018 - read once, as the window has before it imports
        return app

    bare_work(paths[:2], key.public_key_der)
    bare_work_of_format_2(paths[:2], key.public_key_der)
    with empty_store() as app:
        exchange.import_packages(app, paths[:2])
    ours: list[float] = []
    theirs: list[float] = []
    three: list[float] = []
    for _ in range(ROUNDS):
        best(lambda: bare_work(paths, key.public_key_der), theirs)
        best(lambda: bare_work_of_format_2(paths, key.public_key_der), three)
        with empty_store() as app:
            best(lambda app=app: exchange.import_packages(app, [packages]), ours)  # type: ignore[misc]
            assert len(exchange.list_submissions(app)) == len(paths)
    return {
        "packages": len(paths),
        "import_ms_per_package": min(ours) / len(paths) * 1000,
        "bare_ms_per_package": min(theirs) / len(paths) * 1000,
        "bare_format_2_ms_per_package": min(three) / len(paths) * 1000,
    }


def measure_dashboard(store: Path) -> dict[str, float]:
    from tests.benchmarks.test_secretariat_benchmark import fill, hand_written

    from jalon.services import consolidation
    from jalon.services.app import Jalon

    made = (store / "data").exists()
    if not made:
        store.mkdir(parents=True, exist_ok=True)
    with Jalon.open(store / "data") as app:
        if not made:
            fill(app, store)
        baseline = hand_written(app)
        cached = getattr(consolidation, "current_dashboard", None)

        def something_changed() -> None:
            try:
                from jalon.store.exchange_repositories import bump_generation
            except ImportError:
                return  # a version without the cache reads everything every time
            with app.writing() as uow:
                bump_generation(uow.session)

        reads_all = getattr(consolidation, "read_dashboard", None)

        def full_reload() -> None:
            # What the dashboard panel calls after a change (the dashboard, every workshop
            # answer, the first jurisdiction's trend); the same three reads one by one where
            # a version has no read_dashboard.
            if reads_all is not None:
                reads_all(app)
                return
            dashboard = consolidation.load_dashboard(app)
            consolidation.collated_answers(app)
            consolidation.trend(app, dashboard.submissions[0].jurisdiction.code)

        def cached_reload() -> None:
            dashboard = cached(app) if cached is not None else None
            if dashboard is None:
                dashboard = consolidation.load_dashboard(app)
            consolidation.collated_answers(app)
            consolidation.trend(app, dashboard.submissions[0].jurisdiction.code)

        baseline()
        full_reload()
        hand: list[float] = []
        cold: list[float] = []
        full: list[float] = []
        warm: list[float] = []
        for _ in range(ROUNDS + 2):
            best(baseline, hand)
            something_changed()
            best(lambda: consolidation.load_dashboard(app), cold)
            something_changed()
            best(full_reload, full)
            best(cached_reload, warm)
    return {
        "hand_sql_ms": min(hand) * 1000,
        "dashboard_ms": min(cold) * 1000,
        "full_reload_ms": min(full) * 1000,
        "cached_reload_ms": min(warm) * 1000,
    }


def main(argv: list[str]) -> int:
    if argv[:1] == ["import"] and len(argv) == 3:
        figures = measure_import(int(argv[1]), Path(argv[2]))
    elif argv[:1] == ["dashboard"] and len(argv) == 2:
        figures = measure_dashboard(Path(argv[1]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print("FIGURES " + json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
