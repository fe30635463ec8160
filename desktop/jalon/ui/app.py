"""Starting the desktop app: the QApplication and Qt's own translations, then the main window
at once, then the store (opened in a thread of its own), the first-run wizard and the files
named on the command line.

``jalon`` with no command calls :func:`run` (see ``jalon.launcher.run_gui``).

The window is on screen before the store is open: opening it imports SQLAlchemy and checks the
database, which takes longer than drawing the window. So nothing here imports the services at
start-up; they are imported once the store is open (``python -X importtime -m jalon`` shows
no SQLAlchemy, reportlab, pyHanko or cryptography before the window).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QSettings,
    QTimer,
    QTranslator,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from jalon import __version__, collector, i18n, paths
from jalon.core.errors import N_, JalonError
from jalon.i18n import _
from jalon.services.session import CrashLog, Session, enable_crash_reports
from jalon.ui import early_list, qt_features
from jalon.ui.bridge import bridge
from jalon.ui.settings_keys import SETTINGS_FILE as SETTINGS_FILE  # re-exported
from jalon.ui.settings_keys import SKIPPED_SETUP as SKIPPED_SETUP  # re-exported
from jalon.ui.startup import (
    FirstPaint,
    Installation,
    exit_when_shown,
    holds_data,
    open_installation,
    report_shown_and_quit,
    store_opener,
    take_installation,
)

if TYPE_CHECKING:
    from jalon.services.app import Jalon
    from jalon.ui.early_setup import PendingStore
    from jalon.ui.handoff import HandoffServer
    from jalon.ui.main_window import MainWindow
    from jalon.ui.runner import Operation
    from jalon.ui.termination import TerminationWatcher


def recover(parent: MainWindow, data_dir: str | None, error: JalonError) -> int:
    """The recovery window (imported when needed): a :class:`jalon.ui.recovery.Choice`."""
    from jalon.ui.recovery import recover as show_recovery

    return show_recovery(parent, data_dir, error)


def watch_backups(window: MainWindow, app: Jalon) -> None:
    from jalon.ui.recovery import BackupWatch

    window.backup_watch = BackupWatch(window, app)  # type: ignore[attr-defined]


ORGANIZATION = "JointCouncils"
APPLICATION = "Jalon"
LANGUAGE_KEY = "ui/language"

EXIT_OK, EXIT_REFUSED = 0, 1


#: Qt's own texts that PySide6's ``qtbase_fr.qm`` lacks: Qt 6 gave the file dialog's labels
#: mnemonics, and the shipped catalog only has them without ("Look in:"). Jalon's catalog
#: gives them, by (Qt's context, Qt's source text).
QT_GAPS = {
    ("QFileDialog", "&Look in:"): N_("&Look in:"),
    ("QFileDialog", "Files of &type:"): N_("Files of &type:"),
}


class QtGaps(QTranslator):
    """The texts of :data:`QT_GAPS` in the current language, from Jalon's catalog; every
    other text is left to Qt's own translation (a null answer passes it on)."""

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str:
        msgid = QT_GAPS.get((str(context), source_text))
        if msgid is None:
            # A null string (not ""): Qt then asks the next translator, its own catalog.
            return None  # type: ignore[return-value]
        return i18n.current().gettext(msgid)

    def isEmpty(self) -> bool:
        return False


class QtTranslations:
    """Qt's own texts (standard buttons, file dialogs, the wizard's buttons) in the current
    language: PySide6's ``qtbase_<lang>.qm`` and the few texts it lacks (:class:`QtGaps`),
    swapped when the language changes."""

    def __init__(self, qapp: QApplication) -> None:
        self._qapp = qapp
        self._translators: list[QTranslator] = []
        self.apply(i18n.current_language())
        bridge().language_changed.connect(self.apply)

    def apply(self, lang: str) -> None:
        for old in self._translators:
            self._qapp.removeTranslator(old)
        self._translators = []
        QLocale.setDefault(QLocale(i18n.LOCALES[lang]))
        if lang == "en":
            return  # Qt's source texts are English
        translator = QTranslator(self._qapp)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{lang}", folder):
            self._qapp.installTranslator(translator)
            self._translators.append(translator)
        # Installed last, so asked first: it answers only for the texts Qt's catalog lacks.
        gaps = QtGaps(self._qapp)
        self._qapp.installTranslator(gaps)
        self._translators.append(gaps)


_qt_translations: QtTranslations | None = None


def prepare_application(qapp: QApplication, *, icon: bool = True) -> QApplication:
    """Name the application and hook Qt's translations to Jalon's language (once).

    ``icon``: give the windows Jalon's icon now (:func:`show_icon`); a start gives it once the
    first thing to act on is drawn, as loading it (five sizes, 2-5 ms) and handing it to the
    window system would delay that."""
    global _qt_translations
    qapp.setApplicationName(APPLICATION)
    qapp.setApplicationDisplayName(APPLICATION)
    qapp.setOrganizationName(ORGANIZATION)
    qapp.setApplicationVersion(__version__)
    # The desktop entry's name (packaging/linux), so the desktop shows Jalon, not "python".
    QGuiApplication.setDesktopFileName("ca.jointcouncils.Jalon")
    if icon:
        show_icon(qapp)
    if _qt_translations is None:
        _qt_translations = QtTranslations(qapp)
    return qapp


def show_icon(qapp: QApplication) -> None:
    """Jalon's icon on every window, for the task bar and the window switcher."""
    from jalon.ui.handoff import application_icon

    qapp.setWindowIcon(application_icon())


def settings_at(folder: Path) -> QSettings:
    """Window state kept beside the data, so a throwaway data folder leaves nothing behind."""
    return QSettings(str(folder / SETTINGS_FILE), QSettings.Format.IniFormat)


def window_settings(app: Jalon) -> QSettings:
    return settings_at(Path(app.data_dir))


def remembered_language(settings: QSettings | None) -> str | None:
    """The language a start without ``--lang`` picks, kept with the window state so that the
    window opens in it before the store (which holds the choice itself) is read. It mirrors
    the store: written when the store opens and when the session ends."""
    value = settings.value(LANGUAGE_KEY) if settings is not None else None
    return value if isinstance(value, str) and value in i18n.LOCALES else None


def choose_language(app: Jalon, lang: str | None, settings: QSettings | None = None) -> None:
    """``--lang`` if given, else the language saved last time, else the system's."""
    from jalon.services import identity

    chosen = lang or identity.saved_language(app) or i18n.system_language()
    try:
        i18n.set_language(chosen)
    except JalonError:
        i18n.set_language(i18n.system_language())
    remember_saved_language(app, settings)


def remember_language(settings: QSettings | None, lang: str) -> None:
    if settings is not None:
        settings.setValue(LANGUAGE_KEY, lang)


def remember_saved_language(app: Jalon, settings: QSettings | None) -> None:
    """Keep with the window state the language the store says (not a ``--lang`` override)."""
    from jalon.services import identity

    try:
        saved = identity.saved_language(app)
    except JalonError:
        return
    remember_language(settings, saved or i18n.system_language())


def first_run(app: Jalon, settings: QSettings, parent: MainWindow | None = None) -> None:
    """The setup wizard, when this installation has no signing identity and the person has
    not said they work for the secretariat."""
    from jalon.services import identity

    if identity.get_identity(app) is not None or settings.value(SKIPPED_SETUP, False, bool):
        return
    from jalon.ui.wizard import SetupWizard  # only when it is shown

    wizard = SetupWizard(app, parent)
    result = wizard.exec()
    if result == SetupWizard.SKIPPED:
        # Remembered with the window state, not as an identity: the wizard stays out of the way.
        settings.setValue(SKIPPED_SETUP, True)
        settings.sync()
    wizard.deleteLater()
    if parent is not None:
        parent.refresh_identity()
        parent.secretariat.setup_finished(result)


def open_store(
    data_dir: str | None, database: str | None, *, quiet: bool = False
) -> Installation | None:
    """The installation (store and lock), or None after telling the person why it cannot be
    opened (``quiet``: the recovery window will)."""
    try:
        return open_installation(data_dir, database)
    except JalonError as error:
        from jalon.ui.widgets import show_error

        if quiet:
            return None

        show_error(None, error, _("Jalon cannot start"))
        return None


class Startup(QObject):
    """What follows the window once the store is open: the saved language, the list of
    assessments, the first-run wizard, then the files named on the command line. A store that
    cannot be opened is explained, and the app ends with :data:`EXIT_REFUSED`."""

    def __init__(
        self,
        window: MainWindow,
        settings: QSettings,
        lang: str | None,
        files: Sequence[str],
    ) -> None:
        super().__init__()
        self._window = window
        self._settings = settings
        self._lang = lang
        self._files = list(files)
        self._stopped = False
        self.app: Jalon | None = None
        self.refused = False
        #: The data folder and database given on the command line (for the recovery window).
        self.data_dir: str | None = None
        self.database: str | None = None
        #: The store opened again after the recovery window (restored, or tried again).
        self.reopener: Operation | None = None
        self.crash_log: CrashLog | None = None
        self.session: Session | None = None
        #: The set-up window shown before the store opened (``jalon.ui.early_setup``), while
        #: it is open; and whether it was shown, so that it is not shown twice.
        self.pending: PendingStore | None = None
        self.setup_offered = False
        #: The data folder, for the file hand-off (:meth:`settle_in`).
        self.folder: Path | None = None
        self._server: HandoffServer | None = None
        self._watcher: TerminationWatcher | None = None

    def settle_in(self) -> None:
        """Give the windows Jalon's icon, listen for files from later starts, and close as a
        quit does on a logout or a ``kill``. Not before the window is drawn and the list or
        set-up window is up: the icon, QtNetwork and the watcher's socket pair would delay
        them, and they are not needed before. Until then a later start finds the data folder
        taken, and says so."""
        from jalon.ui import handoff
        from jalon.ui.termination import watch_for_termination

        if self._stopped or self._server is not None or self.folder is None:
            return
        window = self._window
        qapp = QApplication.instance()
        if isinstance(qapp, QApplication) and qapp.windowIcon().isNull():
            show_icon(qapp)
        self._server = handoff.HandoffServer(self.folder, window)
        self._server.files_received.connect(lambda sent: handoff.deliver(window, sent))
        self._server.listen()
        self._watcher = watch_for_termination()

    def opened(self, installation: object) -> None:
        assert isinstance(installation, Installation)
        if self._stopped:  # the window was closed first: run() closes the store
            return
        app = self.app = installation.app
        if self.pending is not None:  # the set-up window is open: what it did waits for this
            self.pending.resolve(app)
        self._window.attach(app)  # first: a language chosen meanwhile is saved in the store
        watch_backups(self._window, app)
        if self.pending is not None:  # it carries on; the language is the one it shows
            remember_saved_language(app, self._settings)
            return
        choose_language(app, self._lang, self._settings)
        from jalon.ui.session_notice import start_session

        self.session = start_session(self._window, app, self.crash_log)
        if not self._window.isVisible():
            return
        if not self.setup_offered:
            first_run(app, self._settings, self._window)
        if self._window.isVisible():
            self._window.open_files(self._files)

    def failed(self, error: object) -> None:
        from jalon.ui.widgets import show_error

        if self._stopped:
            return
        from jalon.services.instance import AlreadyRunningError

        if (
            self.database is None
            and isinstance(error, JalonError)
            and not isinstance(error, AlreadyRunningError)  # not the store's problem
        ):
            from jalon.ui.recovery import Choice

            choice = recover(self._window, self.data_dir, error)
            if choice != Choice.QUIT:  # restored, or try again: open the store again
                self.reopen(allow_new=choice == Choice.START_EMPTY)
                return
            self._window.settings = None
            self.refused = True
            self._window.hide()
            QApplication.exit(EXIT_REFUSED)
            return
        self.refused = True
        # Nothing was opened, so nothing of this session is worth keeping in the window state.
        self._window.settings = None
        message = (
            error
            if isinstance(error, JalonError)
            else _(
                "Jalon cannot open its data ({detail}). Check the data folder, then start "
                "Jalon again."
            ).format(detail=str(error))
        )
        show_error(self._window, message, _("Jalon cannot start"))
        # Hidden, not closed: closing the last window would post a second "quit", left over
        # for whatever event loop runs next.
        self._window.hide()
        QApplication.exit(EXIT_REFUSED)

    def reopen(self, *, allow_new: bool = False) -> None:
        """Open the store again (after the recovery window), in a thread of its own."""
        previous = self.reopener
        if previous is not None:
            previous.wait()
        opener = self.reopener = store_opener(self.data_dir, self.database, allow_new=allow_new)
        opener.succeeded.connect(self.opened)
        opener.failed.connect(self.failed)
        opener.start()

    def take_reopened(self) -> Installation | None:
        return take_installation(self.reopener)

    def stop(self) -> None:
        """No more steps: the event loop has ended."""
        self._stopped = True
        if self._watcher is not None:
            self._watcher.stop()
        if self._server is not None:
            self._server.close()


def run(
    *,
    data_dir: str | None = None,
    database: str | None = None,
    lang: str | None = None,
    files: Sequence[str] = (),
) -> int:
    """Open the desktop app and return its exit code when the last window closes."""
    from jalon.ui import handoff

    qt_features.read_no_sources()  # before the store's imports (0.2-0.4 s less)
    existing = QApplication.instance()
    qapp = (
        existing if isinstance(existing, QApplication) else handoff.JalonApplication(sys.argv[:1])
    )
    if lang:  # before anything is shown, so even a refusal to start reads in this language
        try:
            i18n.set_language(lang)
        except JalonError:
            lang = None
    prepare_application(qapp, icon=False)  # the icon comes with the hand-off (settle_in)
    folder = paths.data_dir(data_dir)
    if handoff.send(folder, files):  # a window is open on this folder: it takes the files
        return EXIT_OK
    settings = settings_at(folder)
    remembered = remembered_language(settings)
    if not lang:
        i18n.set_language(remembered or i18n.system_language())

    opened: Installation | None = None
    if remembered is None:
        if not holds_data(folder, SETTINGS_FILE):  # a new installation: nothing saved yet
            remember_language(settings, i18n.system_language())
        elif not lang:
            # Data from before the language was kept with the window state (or written by
            # the command line): its language is only in the store, so read it first, once.
            # A store that cannot be opened is left to the window's recovery window.
            opened = open_store(data_dir, database, quiet=database is None)
            if opened is None and database is not None:
                return EXIT_REFUSED
            if opened is not None:
                choose_language(opened.app, lang, settings)
    # After the look for an earlier installation: the report's folder is not one.
    crash_log = enable_crash_reports(folder)  # a fatal error leaves a report in logs/

    from jalon.ui.main_window import MainWindow

    window = MainWindow(opened.app if opened else None, settings)
    startup = Startup(window, settings, lang, files)
    startup.data_dir, startup.database = data_dir, database
    startup.crash_log = crash_log
    startup.folder = folder
    if isinstance(qapp, handoff.JalonApplication):
        qapp.file_opened.connect(lambda path: handoff.deliver(window, [path]))
    opener = store_opener(data_dir, database)
    first_paint = FirstPaint(window)
    if exit_when_shown():
        first_paint.painted.connect(report_shown_and_quit)
    window.show()
    if opened is None:
        opener.succeeded.connect(startup.opened)
        opener.failed.connect(startup.failed)
        # Once the window is drawn: the store's imports must not slow the drawing down. A new
        # installation gets its set-up window first, and the store once that is drawn; a daily
        # start, the home list's first page read from the file, then the store.
        first_paint.painted.connect(
            early_list.after_first_paint(
                window, settings, startup, opener, files, data_dir, database
            )
        )
    else:  # the wizard and the files come once the window is on screen, as on the quick path
        ready = opened
        QTimer.singleShot(0, lambda: startup.opened(ready))
    # Once the list (or the set-up window) is drawn and the store starts opening, or once
    # drawn when the store is already open.
    (opener.started if opened is None else first_paint.painted).connect(startup.settle_in)
    # The start is over once the store is open (or could not be): the collector, paused by
    # ``jalon`` from its first line, runs again, past what the start made (jalon.collector).
    (opener.finished if opened is None else first_paint.painted).connect(end_of_start)
    try:
        code = qapp.exec() if window.isVisible() else EXIT_OK
    finally:
        startup.stop()
        # A "quit" still queued (the window closed as the loop was ending) must not end the
        # next event loop of this process.
        QCoreApplication.removePostedEvents(qapp, QEvent.Type.Quit)
        if opened is None:
            opened = take_installation(opener) or startup.take_reopened()
        if opened is not None:
            remember_saved_language(opened.app, settings)  # as chosen during the session
            settings.sync()
            if startup.session is not None:
                startup.session.end()  # a normal end: the next start says nothing
            opened.close()
        if crash_log is not None:
            crash_log.close()
    window.deleteLater()
    if startup.refused:
        return EXIT_REFUSED
    return EXIT_OK if code == 0 else code


def end_of_start() -> None:
    """The start is over: the cycle collector runs again (see :mod:`jalon.collector`)."""
    collector.resume(freeze=True)


def main() -> int:  # pragma: no cover - ``python -m jalon.ui.app`` for developers
    return run()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
