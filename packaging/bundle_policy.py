"""What goes into a PyInstaller bundle, shared by Jalon's spec and the "hello window" spec.

Both bundles follow the same policy (the same Qt modules left out, the same Qt translations
kept, the same Python modules left out, stripped the same way), so comparing their sizes
measures what Jalon itself adds on top of Qt, not a difference in packaging.

This module is imported by the ``.spec`` files (which PyInstaller runs as Python) and by
``build_bundle.py``; it imports nothing from PyInstaller at module level, so the packaging
tests can read it without PyInstaller installed.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The Qt modules Jalon's user interface imports (a test greps ``desktop/jalon/ui`` to keep this
#: true). Every other PySide6 module is left out, so their Qt libraries and plugins stay out too.
#: QtNetwork carries the hand-off to a running window (QLocalServer / QLocalSocket).
QT_MODULES_USED = ("QtCore", "QtGui", "QtWidgets", "QtNetwork")

#: The languages Jalon speaks: Qt's own translations are kept for these only (English is Qt's
#: source language, so it needs no file).
QT_TRANSLATION_LANGUAGES = ("fr",)

#: Python modules that PyInstaller would pick up through optional imports but that neither
#: Jalon nor a Qt window needs. Jalon works offline: the HTTP clients that pyHanko's
#: certificate validator can use for OCSP/CRL fetching are never used (fetching is off), and
#: every module left out here is imported lazily or inside a try/except by its library.
PYTHON_EXCLUDES = (
    "tkinter",
    "_tkinter",
    "turtle",
    "turtledemo",
    "idlelib",
    "lib2to3",
    "pydoc_data",
    "test",
    "distutils",
    "setuptools",
    "pkg_resources",
    "pip",
    "numpy",
    "IPython",
    "pytest",
    "_pytest",
    "hypothesis",
    "mypy",
    # pyHanko imports aiohttp when it loads (its time-stamping client), but Jalon never goes
    # online. aiohttp and its helpers stay, without their optional C speed-ups: each falls back
    # to its pure-Python version, which is all an import needs.
    "aiohttp._http_parser",
    "aiohttp._http_writer",
    "aiohttp._websocket.reader_c",
    "aiohttp._websocket.mask",
    "multidict._multidict",
    "multidict._testcapi",
    "propcache._helpers_c",
    "frozenlist._frozenlist",
    "yarl._quoting_c",
    "requests",
    "urllib3",
    "lxml",
    # Developer tools that libraries import only for their own tests or debugging.
    "pygments",
    "mako.ext.pygmentplugin",
    "doctest",
    "pdb",
    "pydoc",
    "unittest",
    "readline",
    # reportlab decodes XMP metadata files of unknown encoding with it; Jalon has none.
    "charset_normalizer",
    "sqlalchemy.testing",
    "sqlalchemy.dialects.mysql",
    "sqlalchemy.dialects.mssql",
    "sqlalchemy.dialects.oracle",
    "alembic.testing",
    "reportlab.graphics.testshapes",
    "PIL.ImageQt",
    "PIL.ImageTk",
    "PIL._avif",
    "PIL.AvifImagePlugin",
    "PIL._webp",
    "PIL.WebPImagePlugin",
    "PIL.ImageCms",
    "PIL._imagingcms",
    # Pillow's text drawing (FreeType, HarfBuzz): reportlab only reads images through Pillow.
    "PIL.ImageFont",
    "PIL._imagingft",
    "PIL.ImageDraw",
    "PIL.ImageDraw2",
    "PIL.ImageText",
)

#: Babel's locale data: Jalon formats numbers and dates in en_CA and fr_CA only. en_CA inherits
#: from en_001, which inherits from en; every locale inherits from root.
BABEL_LOCALES = ("root", "en", "en_001", "en_CA", "fr", "fr_CA")

#: Data files that libraries' hooks collect but that only serve their own benchmarks or audits.
DROPPED_DATA = (
    re.compile(r"(^|[\\/])jsonschema[\\/]benchmarks[\\/]"),
    re.compile(r"\.dist-info[\\/]sboms[\\/]"),
)

_QT_TRANSLATION = re.compile(
    r"(^|[\\/])translations[\\/](?P<name>[a-z_]+?)_(?P<lang>[a-z]{2}(_[A-Z]{2})?)\.qm$"
)
_BABEL_LOCALE = re.compile(r"(^|[\\/])babel[\\/]locale-data[\\/](?P<locale>[A-Za-z0-9_]+)\.dat$")


def installed_qt_modules() -> list[str]:
    """The ``PySide6.Qt*`` extension modules present in this environment."""
    import importlib.util

    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.origin is None:
        return []
    folder = Path(spec.origin).parent
    names = {p.name.split(".")[0] for p in folder.glob("Qt*.*") if p.suffix in (".so", ".pyd")}
    return sorted(names)


def qt_excludes() -> list[str]:
    """Every installed PySide6 module except the ones Jalon uses."""
    return [f"PySide6.{name}" for name in installed_qt_modules() if name not in QT_MODULES_USED]


def excludes() -> list[str]:
    return [*PYTHON_EXCLUDES, *qt_excludes()]


def keep_data(destination: str) -> bool:
    """Whether a data file (by its path inside the bundle) stays in the bundle."""
    translation = _QT_TRANSLATION.search(destination)
    if translation and "PySide6" in destination:
        return translation.group("lang").split("_")[0] in QT_TRANSLATION_LANGUAGES
    locale = _BABEL_LOCALE.search(destination)
    if locale:
        return locale.group("locale") in BABEL_LOCALES
    if any(pattern.search(destination) for pattern in DROPPED_DATA):
        return False
    return not _is_cache(destination)


def _is_cache(destination: str) -> bool:
    parts = re.split(r"[\\/]", destination)
    return "__pycache__" in parts or destination.endswith((".pyc", ".pyo"))


def filter_toc(toc: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """``toc`` (PyInstaller's (destination, source, kind) entries) without what the policy drops."""
    return [entry for entry in toc if keep_data(entry[0])]


def strip_binaries() -> bool:
    """Strip debug symbols from shared libraries where the platform's strip tool is safe."""
    return sys.platform.startswith("linux")


def folder_size(folder: Path) -> int:
    """Bytes in every file under ``folder`` (what ``du -sb`` counts for the files)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
