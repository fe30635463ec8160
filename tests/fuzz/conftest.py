"""Options of the large-budget fuzzing run (tests marked ``fuzz``, skipped by default).

    uv run pytest tests/fuzz --fuzz                        # 20,000 examples per test
    uv run pytest tests/fuzz --fuzz --fuzz-examples 500    # a quick look

Give the folder, so that pytest reads this file before the command line. ``JALON_FUZZ=1``
and ``JALON_FUZZ_EXAMPLES=N`` do the same from the environment (for a whole-suite run).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

DEFAULT_EXAMPLES = 20_000
PROFILE = "jalon-fuzz"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fuzz", action="store_true", default=False, help="run the large-budget fuzz tests"
    )
    parser.addoption(
        "--fuzz-examples",
        type=int,
        default=None,
        metavar="N",
        help=f"examples per fuzz test (default {DEFAULT_EXAMPLES})",
    )


def _examples(config: pytest.Config) -> int:
    given = config.getoption("--fuzz-examples", default=None)
    return int(given or os.environ.get("JALON_FUZZ_EXAMPLES") or DEFAULT_EXAMPLES)


def pytest_configure(config: pytest.Config) -> None:
    settings.register_profile(
        PROFILE,
        max_examples=_examples(config),
        deadline=None,
        database=None,  # nothing written into the source tree
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )


@pytest.fixture(autouse=True)
def _only_when_asked(request: pytest.FixtureRequest) -> None:
    enabled = request.config.getoption("--fuzz", default=False) or os.environ.get("JALON_FUZZ")
    if not enabled:
        pytest.skip("large-budget fuzzing: run with --fuzz (uv run pytest tests/fuzz --fuzz)")
