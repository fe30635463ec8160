"""PySide6's feature hook decides by module name, not by reading each module's source."""

from __future__ import annotations

import sys
from pathlib import Path

import PySide6.QtWidgets  # noqa: F401 - installs the hook

from jalon.ui import qt_features

DESKTOP = Path(__file__).resolve().parents[1] / "desktop"


def test_no_jalon_module_selects_a_pyside_feature() -> None:
    # What makes deciding by name safe: every module sees PySide6's default names.
    users = [
        str(p)
        for p in DESKTOP.rglob("*.py")
        if "from __feature__" in (text := p.read_text(encoding="utf-8"))
        or "import __feature__" in text
    ]
    assert users == []


def test_the_hook_stops_reading_sources_with_this_pyside6() -> None:
    assert qt_features.read_no_sources() is True
    feature = sys.modules["shibokensupport.feature"]
    assert feature._mod_uses_pyside(sys.modules["json"]) is False
    assert feature._mod_uses_pyside(sys.modules["jalon.ui.qt_features"]) is True
