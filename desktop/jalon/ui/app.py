"""Starting the desktop app: the QApplication, Qt's own translations, the store, the first-run
wizard and the main window.

``jalon`` with no command calls :func:`run` (see ``jalon.cli.run_gui``).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from jalon import __version__, i18n
from jalon.core.errors import JalonError
from jalon.i18n import _
from jalon.services import identity
from jalon.services.app import Jalon
from jalon.ui.bridge import bridge
from jalon.ui.widgets import show_error

ORGANIZATION = "JointCouncils"
APPLICATION = "Jalon"
SETTINGS_FILE = "window.ini"
SKIPPED_SETUP = "setup/skipped"

EXIT_OK, EXIT_REFUSED = 0, 1


class QtTranslations:
    """Qt's own texts (standard buttons, file dialogs, the wizard's buttons) in the current
    language: PySide6's ``qtbase_<lang>.qm``, swapped when the language changes."""

    def __init__(self, qapp: QApplication) -> None:
        self._qapp = qapp
        self._translator: QTranslator | None = None
        self.apply(i18n.current_language())
        bridge().language_changed.connect(self.apply)

    def apply(self, lang: str) -> None:
        if self._translator is not None:
            self._qapp.removeTranslator(self._translator)
            self._translator = None
        QLocale.setDefault(QLocale(i18n.LOCALES[lang]))
        if lang == "en":
            return  # Qt's source texts are English
        translator = QTranslator(self._qapp)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{lang}", folder):
            self._qapp.installTranslator(translator)
            self._translator = translator


_qt_translations: QtTranslations | None = None


def prepare_application(qapp: QApplication) -> QApplication:
    """Name the application and hook Qt's translations to Jalon's language (once)."""
    global _qt_translations
    qapp.setApplicationName(APPLICATION)
    qapp.setApplicationDisplayName(APPLICATION)
    qapp.setOrganizationName(ORGANIZATION)
    qapp.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName("jalon")
    if _qt_translations is None:
        _qt_translations = QtTranslations(qapp)
    return qapp


def window_settings(app: Jalon) -> QSettings:
    """Window state kept beside the data, so a throwaway data folder leaves nothing behind."""
    return QSettings(str(Path(app.data_dir) / SETTINGS_FILE), QSettings.Format.IniFormat)


def choose_language(app: Jalon, lang: str | None) -> None:
    """``--lang`` if given, else the language saved last time, else the system's."""
    chosen = lang or identity.saved_language(app) or i18n.system_language()
    try:
        i18n.set_language(chosen)
    except JalonError:
        i18n.set_language(i18n.system_language())


def first_run(app: Jalon, settings: QSettings) -> None:
    """The setup wizard, when this installation has no signing identity and the person has
    not said they work for the secretariat."""
    from jalon.ui.wizard import SetupWizard

    if identity.get_identity(app) is not None or settings.value(SKIPPED_SETUP, False, bool):
        return
    wizard = SetupWizard(app)
    result = wizard.exec()
    if result == SetupWizard.SKIPPED:
        # Remembered with the window state, not as an identity: the wizard stays out of the way.
        settings.setValue(SKIPPED_SETUP, True)
        settings.sync()
    wizard.deleteLater()


def open_store(data_dir: str | None, database: str | None) -> Jalon | None:
    """The installation's store, or None after telling the person why it cannot be opened."""
    try:
        return Jalon.open(data_dir, database)
    except JalonError as error:
        show_error(None, error, _("Jalon cannot start"))
        return None


def run(
    *,
    data_dir: str | None = None,
    database: str | None = None,
    lang: str | None = None,
    files: Sequence[str] = (),
) -> int:
    """Open the desktop app and return its exit code when the last window closes."""
    existing = QApplication.instance()
    qapp = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    if lang:  # before anything is shown, so even a refusal to start reads in this language
        try:
            i18n.set_language(lang)
        except JalonError:
            lang = None
    prepare_application(qapp)
    app = open_store(data_dir, database)
    if app is None:
        return EXIT_REFUSED
    try:
        choose_language(app, lang)
        settings = window_settings(app)
        first_run(app, settings)

        from jalon.ui.main_window import MainWindow

        window = MainWindow(app, settings)
        window.show()
        window.open_files(files)
        code = qapp.exec()
        window.deleteLater()
        return EXIT_OK if code == 0 else code
    finally:
        app.close()


def main() -> int:  # pragma: no cover - ``python -m jalon.ui.app`` for developers
    return run()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
