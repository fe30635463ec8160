"""Where the desktop app keeps its own settings (QSettings, an INI file in the data folder)
and the keys that several windows read: one module, so that no window imports another's
module for a constant (``jalon.ui.app`` imported them from the dialogs it opens)."""

from __future__ import annotations

#: The INI file, in the data folder, beside the database.
SETTINGS_FILE = "window.ini"
#: True once someone chose "I work for the secretariat" in the setup wizard.
SKIPPED_SETUP = "setup/skipped"
