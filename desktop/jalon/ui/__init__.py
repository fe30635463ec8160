"""The desktop app (PySide6). Windows and pages only: every rule lives in ``jalon.services``.

Importing this package imports PySide6 (every module below needs it) and at once makes
PySide6's import hook decide by module name (:mod:`jalon.ui.qt_features`), so that the modules
imported after it on the way to the first window are not read from disk again.
"""

import PySide6  # noqa: F401 - installs the import hook made cheap just below

from jalon.ui.qt_features import read_no_sources

read_no_sources()
