"""Where Jalon finds its resources and keeps its data.

Data: the platformdirs user data directory, unless ``--data-dir`` or ``JALON_DATA_DIR`` says
otherwise. Resources (framework files, schemas, fonts, translations) live beside the package
once installed (``jalon/resources``), at the top of the source tree when run from a checkout,
and under ``sys._MEIPASS`` in a PyInstaller bundle.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

APP_NAME = "Jalon"
APP_AUTHOR = "JointCouncils"
DATA_DIR_ENV = "JALON_DATA_DIR"
DATABASE_URL_ENV = "JALON_DATABASE_URL"
CACHE_DIR_ENV = "JALON_CACHE_DIR"

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def _root() -> Path:
    """The folder that holds ``resources/`` and ``translations/``."""
    candidates = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "jalon")
    candidates += [_PACKAGE_DIR, _PACKAGE_DIR.parent.parent]
    for candidate in candidates:
        if (candidate / "resources" / "frameworks").is_dir():
            return candidate
    raise FileNotFoundError("Jalon's resources folder is missing; reinstall Jalon.")


def resources_dir() -> Path:
    return _root() / "resources"


def translations_dir() -> Path:
    return _root() / "translations"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def cache_dir() -> Path:
    """Where Jalon keeps what it can make again (the compiled French catalog):
    ``$JALON_CACHE_DIR``, else the platform's user cache folder."""
    env = os.environ.get(CACHE_DIR_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, APP_AUTHOR))


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: ``override``, else ``$JALON_DATA_DIR``, else the platform default."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    return default_data_dir()


def database_url(override: str | None = None) -> str | None:
    """A database URL given by ``--database`` or ``$JALON_DATABASE_URL``; None for SQLite."""
    return override or os.environ.get(DATABASE_URL_ENV) or None
