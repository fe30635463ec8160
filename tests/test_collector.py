"""The cycle collector is paused through the desktop app's start and runs again after it
(``jalon.collector``); a command runs with it, and nothing leaves it stopped."""

from __future__ import annotations

import gc
import importlib
from collections.abc import Iterator

import pytest

import jalon.main
from jalon import collector
from jalon.main import main as jalon_main


@pytest.fixture(autouse=True)
def collector_running() -> Iterator[None]:
    """Each test starts and ends with the collector running and nothing frozen."""
    gc.collect()
    gc.enable()
    yield
    collector.resume()
    gc.unfreeze()
    gc.enable()


def test_pause_stops_the_collector_and_resume_starts_it_again() -> None:
    collector.pause()
    assert not gc.isenabled()
    assert collector.paused()
    collector.resume()
    assert gc.isenabled()
    assert not collector.paused()
    assert gc.get_freeze_count() == 0  # set apart only when asked


def test_resume_at_the_end_of_the_start_sets_apart_what_the_start_made() -> None:
    collector.pause()
    made_by_the_start = [[] for _ in range(1_000)]
    collector.resume(freeze=True)
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(made_by_the_start)


def test_resume_leaves_alone_a_collector_that_someone_else_stopped() -> None:
    gc.disable()
    collector.pause()  # already stopped: not ours to restart
    collector.resume(freeze=True)
    assert not gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_the_desktop_start_runs_with_the_collector_paused_and_ends_with_it_running(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[tuple[bool, bool]] = []

    def window(**options: object) -> int:  # a window that closes before its store opened
        seen.append((gc.isenabled(), collector.paused()))
        return 0

    monkeypatch.setattr(jalon.main, "_desktop", window)
    assert jalon_main(["--lang", "en"]) == 0
    assert seen == [(False, True)]
    assert gc.isenabled()
    assert not collector.paused()


def test_a_command_runs_with_the_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []

    def command(argv: list[str], gui: object = None) -> int:
        seen.append(gc.isenabled())
        return 0

    # The module, not the function that ``jalon.cli`` exports under the same name.
    monkeypatch.setattr(importlib.import_module("jalon.cli.main"), "main", command)
    assert jalon_main(["list"]) == 0
    assert seen == [True]
    assert gc.isenabled()


def test_a_refused_command_line_leaves_the_collector_running() -> None:
    assert jalon_main(["--lang", "de"]) == 2
    assert gc.isenabled()
    assert not collector.paused()
