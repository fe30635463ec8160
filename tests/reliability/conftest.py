"""Options of the reliability tests.

``--crash-cycles N`` sets how many times each crash test kills its writer (default 200, or
``$JALON_CRASH_CYCLES``). Give the folder too, so that pytest reads this file before it reads
the command line: ``uv run pytest tests/reliability --crash-cycles 2000``.
"""

from __future__ import annotations

import os

import pytest

DEFAULT_CYCLES = 200


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--crash-cycles",
        type=int,
        default=None,
        metavar="N",
        help=f"kill cycles of each crash-safety test (default {DEFAULT_CYCLES})",
    )


@pytest.fixture(scope="session")
def crash_cycles(request: pytest.FixtureRequest) -> int:
    given = request.config.getoption("--crash-cycles")
    if given is None:
        given = int(os.environ.get("JALON_CRASH_CYCLES", DEFAULT_CYCLES))
    return max(1, int(given))
