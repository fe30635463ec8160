"""The main window: it assembles the pages (home, the assessment editor), the menus and the
status bar, and moves between the pages. Each page lives in its own module.

The window can be shown before the store is open (:meth:`MainWindow.attach` hands it over):
until then it shows :class:`~jalon.ui.startup.LoadingPage`, and this module imports the home
page, the services, the editor and the dialogs only when they are first used (they and Qt's
enums would cost start-up time; see ``jalon.ui.startup``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, QSize, QTimer
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from jalon import i18n
from jalon.core.errors import JalonError
from jalon.i18n import _
from jalon.ui.bridge import bridge
from jalon.ui.secretariat_host import SecretariatHost, openable
from jalon.ui.startup import LoadingPage

if TYPE_CHECKING:
    # Only named in annotations: each PySide6 class is built (its enums too) when first
    # looked up, and QKeySequence alone costs 2 ms before the window is drawn.
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent

    from jalon.services.app import Jalon
    from jalon.services.exchange import ExportResult
    from jalon.services.identity import Identity
    from jalon.ui.editor import EditorWidget
    from jalon.ui.help import HelpWindow
    from jalon.ui.home import HomePage
    from jalon.ui.shortcuts import ShortcutsSheet

#: The file type the window opens (a drop, or a name on the command line).
PACKAGE_SUFFIX = ".jalon"
#: How often files handed over while a dialog is open look again for the dialog to close.
DIALOG_RETRY_MS = 250


def editor_class() -> type[EditorWidget]:
    """The assessment editor's widget class, imported on first use: the editor (and the
    services below it) are not needed to show the window."""
    from jalon.ui.editor import EditorWidget

    return EditorWidget


def __getattr__(name: str) -> Any:
    # ``from jalon.ui.main_window import EditorWidget`` keeps working, without importing the
    # editor when this module is.
    if name == "EditorWidget":
        return editor_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def first_window_size(available: QSize, minimum: QSize) -> QSize:
    """The size of the first window on a screen with ``available`` room: most of the screen
    (the editor's navigator, theme page and descriptors side by side need it), within a
    comfortable maximum, and never less than ``minimum`` unless the screen is smaller still."""
    width = max(min(available.width() * 9 // 10, 1600), minimum.width())
    height = max(min(available.height() * 9 // 10, 1000), minimum.height())
    return QSize(min(width, available.width()), min(height, available.height()))


def package_paths(paths: Sequence[str | Path]) -> list[Path]:
    """The ``.jalon`` files among ``paths``."""
    return [Path(p) for p in paths if str(p).lower().endswith(PACKAGE_SUFFIX)]


class MainWindow(QMainWindow):
    """Jalon's one main window: the list of assessments, or the assessment being edited.

    Built with ``app=None`` it shows that the list is loading; :meth:`attach` gives it the
    store, and the home page (:attr:`home`) appears. ``.jalon`` files dropped on it are
    verified (and, for the secretariat, imported).
    """

    def __init__(
        self,
        app: Jalon | None = None,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._app: Jalon | None = None
        self.settings = settings
        self.editor: EditorWidget | None = None
        self._editor_id: str | None = None
        self._editor_title = ""
        self._help: HelpWindow | None = None
        self._shortcuts: ShortcutsSheet | None = None
        self._identity: Identity | None = None
        self._waiting_files: list[str] = []
        self._waiting_open: str | None = None
        self._language_chosen: str | None = None

        self.home: HomePage | None = None
        self.loading: LoadingPage | None = LoadingPage() if app is None else None
        self.stack = QStackedWidget()
        if self.loading is not None:
            self.stack.addWidget(self.loading)
        # Notices (see show_notice) go above the pages.
        central = QWidget()
        self._central = QVBoxLayout(central)
        self._central.setContentsMargins(0, 0, 0, 0)
        self._central.setSpacing(0)
        self._central.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self.secretariat = SecretariatHost(self)
        self.identity_label = QLabel()
        # A gap before it: a status message too long for what is left is cut at its edge, and
        # without room it read as one word with the identity ("imported: 1Signing as…").
        self.identity_label.setIndent(self.fontMetrics().averageCharWidth() * 3)
        self.statusBar().addPermanentWidget(self.identity_label)
        self.setAcceptDrops(True)

        bridge().language_changed.connect(self.retranslate)
        self.retranslate()
        self._restore_window()
        self._update_ready()
        if app is not None:
            self.attach(app)

    # -- the store ---------------------------------------------------------------------------

    def attach(self, app: Jalon) -> None:
        """The store is open: show the assessments and enable what needs it."""
        if self._app is not None:
            return
        from jalon.ui.home import HomePage

        self._app = app
        if self._language_chosen is not None:  # chosen from the menu while the store opened
            self._save_language(self._language_chosen)
        early = self.home
        if early is None:
            home = self._show_home_page(HomePage(app))
        else:  # shown before the store opened (jalon.ui.early_list): its rows are read again
            home = early
            home.attach(app)
        self._add_shortcuts()
        self.refresh_identity()
        self._update_ready()
        if early is None:
            home.focus_list()
        self.secretariat.attached(app)
        waiting, self._waiting_files = self._waiting_files, []
        if waiting:
            self.open_files(waiting)
        opening, self._waiting_open = self._waiting_open, None
        if opening is not None and self.current_page is home:
            self.open_assessment(opening)

    def show_home_early(self, home: HomePage) -> None:
        """Show ``home``, built before the store is open (``jalon.ui.early_list``), in place
        of the loading page; :meth:`attach` hands it the store. The caller gives it its rows,
        then the focus (``home.focus_list``)."""
        if self._app is not None or self.home is not None:
            return
        self._show_home_page(home)

    def _show_home_page(self, home: HomePage) -> HomePage:
        self.home = home
        home.open_requested.connect(self.open_assessment)
        home.status_message.connect(self.show_status)
        self.stack.addWidget(home)
        self.stack.setCurrentWidget(home)
        if self.loading is not None:
            self.stack.removeWidget(self.loading)
            self.loading.setParent(None)  # gone from the window now, deleted later
            self.loading.deleteLater()
            self.loading = None
        self._add_home_actions(home)
        return home

    @property
    def app(self) -> Jalon | None:
        """The open store, or None while it is being opened."""
        return self._app

    def _update_ready(self) -> None:
        ready = self._app is not None
        for action in (self.setup_action, self.about_action):
            action.setEnabled(ready)
        self.secretariat.set_ready(ready)

    # -- building ----------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = QMenu(self)
        self.setup_action = QAction(self)
        self.setup_action.triggered.connect(self.run_setup)
        self.framework_action = QAction(self)
        self.framework_action.triggered.connect(self.install_framework)
        self.quit_action = QAction(self)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        # The home page's actions go before these once the store is open (_add_home_actions).
        self.file_menu.addAction(self.setup_action)
        self.file_menu.addAction(self.framework_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        bar.addMenu(self.file_menu)

        self.view_menu = QMenu(self)
        self.language_menu = QMenu(self)
        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for code, name in i18n.LANGUAGE_NAMES.items():
            # Each language is named in itself, so a reader can always find their own. Named
            # after it is made: QAction(text, parent) first tries the text as a QIcon, and
            # making that class cost 2-3 ms before the window's first paint.
            action = QAction(self, checkable=True)
            action.setText(name)
            action.setData(code)
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.view_menu.addMenu(self.language_menu)
        bar.addMenu(self.view_menu)

        self.help_menu = QMenu(self)
        self.guide_action = QAction(self)
        self.guide_action.triggered.connect(self.show_guide)
        self.about_action = QAction(self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        self.shortcuts_action = QAction(self)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.help_menu.addAction(self.guide_action)
        self.help_menu.addAction(self.shortcuts_action)
        self.help_menu.addAction(self.about_action)
        bar.addMenu(self.help_menu)

    def _add_shortcuts(self) -> None:
        # Set once the store is open, not while the window is first drawn: giving an action a
        # key sequence creates all of Qt's enums (about 50 ms).
        from PySide6.QtGui import QKeySequence

        from jalon.ui.shortcuts import quit_keys

        self.quit_action.setShortcuts(quit_keys())
        self.guide_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.shortcuts_action.setShortcut(QKeySequence("Ctrl+F1"))

    def _add_home_actions(self, home: HomePage) -> None:
        before = self.setup_action
        menu = self.file_menu
        menu.insertActions(before, [home.new_action, home.open_action, home.duplicate_action])
        menu.insertSeparator(before)
        menu.insertActions(before, [home.archive_action, home.delete_action])
        menu.insertSeparator(before)

    def retranslate(self) -> None:
        self.file_menu.setTitle(_("&File"))
        self.view_menu.setTitle(_("&View"))
        self.language_menu.setTitle(_("&Language"))
        self.help_menu.setTitle(_("&Help"))
        self.setup_action.setText(_("Set up the &signing identity…"))
        self.setup_action.setStatusTip(_("Change the jurisdiction and the person who signs"))
        self.framework_action.setText(_("Install a &framework update…"))
        self.framework_action.setStatusTip(
            _("Install a new framework version from the secretariat")
        )
        self.quit_action.setText(_("&Quit"))
        self.quit_action.setStatusTip(_("Close Jalon; your work is already saved"))
        self.guide_action.setText(_("&User guide"))
        self.guide_action.setStatusTip(_("How to use Jalon, step by step"))
        self.shortcuts_action.setText(_("&Keyboard shortcuts"))
        self.shortcuts_action.setStatusTip(_("Every key Jalon answers to, on one page"))
        self.about_action.setText(_("&About Jalon"))
        self.about_action.setStatusTip(_("Version, licence and where your data is kept"))
        self.language_menu.menuAction().setStatusTip(_("Switch between English and French"))
        current = i18n.current_language()
        for code, action in self.language_actions.items():
            action.setChecked(code == current)
        self._update_identity()
        self._update_title()
        retranslate = getattr(self.editor, "retranslate", None)
        if retranslate is not None:
            retranslate()

    def refresh_identity(self) -> None:
        """Read who this installation signs as again (after the setup wizard)."""
        if self._app is None:
            return
        from jalon.services import identity

        self._identity = identity.get_identity(self._app)
        self._update_identity()

    def _update_identity(self) -> None:
        who = self._identity
        if self._app is None:
            text = ""  # not known until the store is open; the page says it is loading
        elif who is None:
            # The secretariat signs nothing: its workspace needs no word on it. An official
            # who has not set up is told where to.
            text = (
                ""
                if self.secretariat.shown
                else _("Not set up to sign yet: File › Set up the signing identity…")
            )
        else:
            text = _("Signing as {name}, {title} — {jurisdiction}").format(
                name=who.name, title=who.title, jurisdiction=i18n.text(who.jurisdiction.name)
            )
        self.identity_label.setText(text)

    def refresh_title(self) -> None:
        """The window's title, for the page shown."""
        self._update_title()

    def _update_title(self) -> None:
        self._update_identity()  # it depends on the page shown
        if self.secretariat.shown:
            self.setWindowTitle(_("Secretariat"))
        elif self.editor is not None and self._editor_title:
            # Qt adds the application's name ("— Jalon") itself where the platform expects it.
            self.setWindowTitle(self._editor_title)
        else:
            self.setWindowTitle(_("Assessments"))

    # -- pages -------------------------------------------------------------------------------

    def open_assessment(self, assessment_id: str) -> None:
        """Show the editor on this assessment (saving the one open before, if any)."""
        from jalon.ui.widgets import show_error

        editor_widget = editor_class()
        if self._app is None:  # chosen in the list shown before the store opened
            self._waiting_open = assessment_id
            self.show_status(_("Opening the assessment as soon as your data is ready…"))
            return
        if not self._flush_editor():
            return
        from jalon.services import assessments

        try:
            title = assessments.get(self._app, assessment_id).title
            editor = editor_widget(self._app, assessment_id, self)
        except JalonError as error:
            show_error(self, error)
            return
        self._drop_editor()
        editor.back_requested.connect(self.show_home)
        editor.export_requested.connect(self._open_export)
        editor.status_message.connect(self.show_status)
        self.editor = editor
        self._editor_id = assessment_id
        self._editor_title = title
        self.stack.addWidget(editor)
        self.stack.setCurrentWidget(editor)
        if self.home is not None:
            self.home.set_active(False)
        self._update_title()
        editor.setFocus()

    def show_home(self) -> None:
        """Back to the list, the assessment that was open selected."""
        if self.home is None or not self._flush_editor():
            return
        opened = self._editor_id if self.editor is not None else None
        self._drop_editor()
        self.stack.setCurrentWidget(self.home)
        self.home.set_active(True)
        self.home.refresh(select=opened)
        self._update_title()
        self.home.focus_list()

    def _drop_editor(self) -> None:
        if self.editor is not None:
            self.stack.removeWidget(self.editor)
            self.editor.deleteLater()
            self.editor = None
            self._editor_title = ""

    def _flush_editor(self) -> bool:
        """Write the editor's pending changes now. False when they could not be written and the
        person chose to stay (so nothing is lost)."""
        editor = self.editor
        if editor is None:
            return True
        from PySide6.QtWidgets import QMessageBox

        from jalon.ui.widgets import ask, message_of

        problem = ""
        try:
            editor.flush()
        except JalonError as error:
            problem = message_of(error)
        if not problem and not editor.is_dirty():
            return True
        choice = ask(
            self,
            _("Your last changes are not saved"),
            problem
            or _(
                "Your last changes could not be written to this computer. If you leave now, "
                "they are lost."
            ),
            [
                (_("Stay and try again"), QMessageBox.ButtonRole.RejectRole),
                (_("Leave without them"), QMessageBox.ButtonRole.DestructiveRole),
            ],
            icon=QMessageBox.Icon.Warning,
        )
        return choice == 1

    def _open_export(self, assessment_id: str) -> None:
        """Sign and export ``assessment_id`` through the sign-and-export dialog; once exported,
        the editor shows the signed revision, read-only."""
        if self._app is None or not self._has_key():
            return
        from jalon.ui.export_dialog import ExportDialog
        from jalon.ui.widgets import show_error

        try:
            dialog = ExportDialog(self._app, assessment_id, self.settings, self)
        except JalonError as error:
            show_error(self, error)
            return
        dialog.exported.connect(self._exported)
        dialog.exec()
        if dialog.assessment.is_frozen:  # signed, though the export failed after (a full disk)
            self._reload_editor(assessment_id)
        dialog.deleteLater()
        self.refresh_identity()  # the dialog may have run the setup wizard

    def _has_key(self) -> bool:
        """Whether there is a signing key to sign with; without one, say so and offer the
        setup wizard, which makes it."""
        from PySide6.QtWidgets import QMessageBox

        from jalon.services import keys
        from jalon.ui.widgets import ask

        if self._app is None:
            return False
        try:
            if keys.key_info(self._app) is not None:
                return True
        except JalonError:
            return True  # a damaged key file: the export dialog says what is wrong with it
        choice = ask(
            self,
            _("No signing key yet"),
            _(
                "This installation has no signing key yet, and a package must be signed. The "
                "setup assistant creates the key in a few minutes and gives you its key card "
                "for the secretariat. Your answers are saved and wait for you."
            ),
            [
                (_("Set up the signing &key…"), QMessageBox.ButtonRole.AcceptRole),
                (_("OK"), QMessageBox.ButtonRole.RejectRole),
            ],
            icon=QMessageBox.Icon.Information,
        )
        if choice != 0:
            return False
        self.run_setup()
        return keys.key_info(self._app) is not None

    def _reload_editor(self, assessment_id: str) -> None:
        """Show the stored revision in the editor (now signed: read-only), if it is open."""
        editor = self.editor
        if editor is None or self._editor_id != assessment_id:
            return
        if not editor.assessment.is_frozen:
            editor.reload()

    def _exported(self, result: ExportResult) -> None:
        # At once, behind the dialog still showing the result.
        self._reload_editor(result.assessment.id)
        self.show_status(_("Signed and exported to {path}.").format(path=str(result.path)))

    def open_files(self, files: Sequence[str | Path]) -> None:
        """Packages, folders of them and key cards named on the command line, dropped on the
        window or handed over by a second ``jalon``: see :class:`SecretariatHost` for where
        each goes. Files given while the store is still opening are shown once it is open."""
        if not files:
            return
        if self._app is None:
            self._waiting_files += [str(f) for f in files]
            return
        if self._busy_with_a_dialog():
            # A dialog is open (a package being checked, an export, the wizard): the files wait
            # for it to close rather than open a second dialog on top of it.
            self._waiting_files += [str(f) for f in files]
            QTimer.singleShot(DIALOG_RETRY_MS, self._open_waiting_files)
            return
        from jalon.ui.widgets import show_error

        paths = [Path(f) for f in files]
        missing = [p for p in paths if not p.exists()]
        if missing:
            show_error(
                self,
                _("Jalon cannot find {files}. Check the name and where the file is.").format(
                    files=", ".join(str(p) for p in missing)
                ),
            )
        present = [p for p in paths if p.exists()]
        if present:
            self.secretariat.open_files(present)

    def _busy_with_a_dialog(self) -> bool:
        modal = QApplication.activeModalWidget()
        return modal is not None and modal is not self

    def _open_waiting_files(self) -> None:
        if not self._waiting_files:
            return
        if self._busy_with_a_dialog():
            QTimer.singleShot(DIALOG_RETRY_MS, self._open_waiting_files)
            return
        waiting, self._waiting_files = self._waiting_files, []
        self.open_files(waiting)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._accept_packages(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._accept_packages(event)

    def _accept_packages(self, event: QDragMoveEvent) -> None:
        if self._dropped_packages(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = self._dropped_packages(event)
        if not files:
            event.ignore()
            return
        event.acceptProposedAction()
        self.open_files(files)

    @staticmethod
    def _dropped_packages(event: QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return []
        return openable([u.toLocalFile() for u in mime.urls() if u.isLocalFile()])

    # -- commands ----------------------------------------------------------------------------

    def show_notice(self, notice: QWidget) -> None:
        """Show ``notice`` across the top of the window, above every page, until it hides
        itself (the session notice after an unexpected end)."""
        self._central.insertWidget(self._central.count() - 1, notice)

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def set_language(self, lang: str) -> None:
        from jalon.ui.widgets import show_error

        try:
            i18n.set_language(lang)
        except JalonError as error:
            show_error(self, error)
            return
        if self._app is None:
            self._language_chosen = lang  # saved once the store is open
            return
        self._save_language(lang)

    def _save_language(self, lang: str) -> None:
        from jalon.services import identity
        from jalon.ui.widgets import show_error

        self._language_chosen = None
        if self._app is None:
            return
        try:
            identity.save_language(self._app, lang)
        except JalonError as error:
            show_error(self, error)

    def run_setup(self) -> None:
        if self._app is None:
            return
        from jalon.ui.wizard import SetupWizard

        wizard = SetupWizard(self._app, self)
        result = wizard.exec()
        wizard.deleteLater()
        self.refresh_identity()
        self.secretariat.setup_finished(result)

    def install_framework(self) -> None:
        if self._app is None:
            return
        from jalon.ui.framework_install import install_framework_update

        install_framework_update(self._app, self)

    def show_guide(self) -> None:
        from jalon.ui.help import HelpWindow

        if self._help is None:
            self._help = HelpWindow(self)
        if self._help.isVisible():  # already open behind: bring it forward
            self._help.raise_()
        self._help.show()
        self._help.activateWindow()

    def show_shortcuts(self) -> None:
        from jalon.ui.shortcuts import ShortcutsSheet

        if self._shortcuts is None:
            self._shortcuts = ShortcutsSheet(self)
        if self._shortcuts.isVisible():  # already open behind: bring it forward
            self._shortcuts.raise_()
        self._shortcuts.show()
        self._shortcuts.activateWindow()

    def show_about(self) -> None:
        if self._app is None:
            return
        from jalon.ui.help import AboutDialog

        about = AboutDialog(self._app, self)
        about.exec()
        about.deleteLater()

    # -- window state ------------------------------------------------------------------------

    def _restore_window(self) -> None:
        screen = self.screen()
        font = self.fontMetrics()
        wanted = QSize(font.averageCharWidth() * 130, font.height() * 36)
        if screen is not None:
            wanted = first_window_size(screen.availableGeometry().size(), wanted)
        self.resize(wanted)
        if self.settings is None:
            return
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(geometry)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._flush_editor():
            event.ignore()
            return
        if self.settings is not None:
            self.settings.setValue("window/geometry", self.saveGeometry())
            self.settings.sync()
        if self._help is not None:
            self._help.close()
        if self.home is not None:
            self.home.wait()
        self.secretariat.wait()
        event.accept()

    @property
    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()
