"""``--bundle``: build Jalon's PyInstaller bundle and run it (several minutes, about 600 MB of
disk while building). Run as ``uv run --group packaging pytest tests/packaging --bundle``; the
option is only known when this folder is named on the command line."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--bundle",
        action="store_true",
        default=False,
        help="build the PyInstaller bundle and run it offscreen (slow; needs the packaging group)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "bundle: builds and runs the desktop bundle, with --bundle")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--bundle", default=False):
        return
    skip = pytest.mark.skip(reason="builds the desktop bundle: run with --bundle")
    for item in items:
        if item.get_closest_marker("bundle") is not None:
            item.add_marker(skip)
