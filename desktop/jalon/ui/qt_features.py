"""PySide6's feature hook, made cheap for the modules imported after PySide6.

PySide6 replaces ``__import__``: for every module imported after it, it reads the module's
source (``inspect.getsource``) to see whether it mentions PySide6, so that a feature
import (``snake_case``, ``true_property``) can apply to that module only. Reading the source of
SQLAlchemy, Alembic and the rest of the store costs 0.2-0.4 s at every start, in the thread
that opens the store, beside the window.

Jalon selects no feature anywhere (a test checks that ``__feature__`` is never imported), so
every module sees PySide6's default names whatever the hook decides; the verdict is taken from
the module's name instead of its source: Jalon's desktop modules and PySide6's own use PySide6,
the others do not. If PySide6 changes its internals, nothing is done and it stays as it was.
"""

from __future__ import annotations

import sys
from types import ModuleType

_USES_PYSIDE = ("jalon.ui", "PySide6", "shiboken6", "tests.", "__main__")


def _uses_pyside(module: ModuleType) -> bool:
    name = getattr(module, "__name__", "") or ""
    return name.startswith(_USES_PYSIDE)


def read_no_sources() -> bool:
    """Make the hook decide by name (see the module's text); whether it could be done."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _uses_pyside  # type: ignore[attr-defined]
    return True


__all__ = ["read_no_sources"]
