"""Jalon: offline, bilingual, signed digital-strategy self-assessments for Canadian governments."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

#: The version of a source tree run without installation.
SOURCE_VERSION = "0.1.0"


@cache
def installed_version() -> str:
    """The installed distribution's version, read from its ``METADATA`` on ``sys.path``.

    Not through ``importlib.metadata``, whose import (``email``, ``zipfile``, ``csv``…) costs
    30-60 ms at every start; the same file, found the same way, for the one field needed.
    """
    for entry in sys.path:
        try:
            found = sorted(Path(entry or ".").glob("jalon-*.dist-info"))
        except (OSError, ValueError):
            continue
        for info in found:
            try:
                with (info / "METADATA").open(encoding="utf-8") as metadata:
                    for line in metadata:
                        if line.startswith("Version:"):
                            return line.split(":", 1)[1].strip()
                        if not line.strip():  # the headers end at the first blank line
                            break
            except OSError:
                continue
    return SOURCE_VERSION


def __getattr__(name: str) -> str:
    if name == "__version__":
        return installed_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
