"""The main window: it assembles the pages (home, the assessment editor), the menus and the
status bar, and moves between the pages. Each page lives in its own module."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from jalon import i18n
from jalon.core.errors import JalonError
from jalon.i18n import _
from jalon.services import assessments, identity
from jalon.services.app import Jalon
from jalon.ui.bridge import bridge
from jalon.ui.help import AboutDialog, HelpWindow
from jalon.ui.home import HomePage
from jalon.ui.widgets import ask, inform, message_of, show_error
from jalon.ui.wizard import SetupWizard

try:  # The editor is built alongside the shell; until it lands, opening reports it missing.
    from jalon.ui.editor import EditorWidget
except ImportError:  # pragma: no cover - depends on the build
    EditorWidget = None  # type: ignore[assignment,misc]


class MainWindow(QMainWindow):
    """Jalon's one main window: the list of assessments, or the assessment being edited."""

    def __init__(
        self, app: Jalon, settings: QSettings | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._settings = settings
        self.editor: QWidget | None = None
        self._editor_id: str | None = None
        self._editor_title = ""
        self._help: HelpWindow | None = None

        self.home = HomePage(app)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.home)
        self.setCentralWidget(self.stack)
        self.home.open_requested.connect(self.open_assessment)
        self.home.status_message.connect(self.show_status)

        self._build_menus()
        self.identity_label = QLabel()
        self.statusBar().addPermanentWidget(self.identity_label)
        self._identity = identity.get_identity(app)

        bridge().language_changed.connect(self.retranslate)
        self.retranslate()
        self._restore_window()
        self.home.focus_list()

    # -- building ----------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = QMenu(self)
        self.setup_action = QAction(self)
        self.setup_action.triggered.connect(self.run_setup)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        home = self.home
        self.file_menu.addAction(home.new_action)
        self.file_menu.addAction(home.open_action)
        self.file_menu.addAction(home.duplicate_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(home.archive_action)
        self.file_menu.addAction(home.delete_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.setup_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        bar.addMenu(self.file_menu)

        self.view_menu = QMenu(self)
        self.language_menu = QMenu(self)
        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for code, name in i18n.LANGUAGE_NAMES.items():
            # Each language is named in itself, so a reader can always find their own.
            action = QAction(name, self, checkable=True)
            action.setData(code)
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.view_menu.addMenu(self.language_menu)
        bar.addMenu(self.view_menu)

        self.help_menu = QMenu(self)
        self.guide_action = QAction(self)
        self.guide_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.guide_action.triggered.connect(self.show_guide)
        self.about_action = QAction(self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.guide_action)
        self.help_menu.addAction(self.about_action)
        bar.addMenu(self.help_menu)

    def retranslate(self) -> None:
        self.file_menu.setTitle(_("&File"))
        self.view_menu.setTitle(_("&View"))
        self.language_menu.setTitle(_("&Language"))
        self.help_menu.setTitle(_("&Help"))
        self.setup_action.setText(_("Set up the &signing identity…"))
        self.setup_action.setStatusTip(_("Change the jurisdiction and the person who signs"))
        self.quit_action.setText(_("&Quit"))
        self.quit_action.setStatusTip(_("Close Jalon; your work is already saved"))
        self.guide_action.setText(_("&User guide"))
        self.guide_action.setStatusTip(_("How to use Jalon, step by step"))
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
        self._identity = identity.get_identity(self._app)
        self._update_identity()

    def _update_identity(self) -> None:
        who = self._identity
        if who is None:
            text = _("No signing identity (secretariat)")
        else:
            text = _("Signing as {name}, {title} — {jurisdiction}").format(
                name=who.name, title=who.title, jurisdiction=i18n.text(who.jurisdiction.name)
            )
        self.identity_label.setText(text)

    def _update_title(self) -> None:
        if self.editor is not None and self._editor_title:
            # Qt adds the application's name ("— Jalon") itself where the platform expects it.
            self.setWindowTitle(self._editor_title)
        else:
            self.setWindowTitle(_("Assessments"))

    # -- pages -------------------------------------------------------------------------------

    def open_assessment(self, assessment_id: str) -> None:
        """Show the editor on this assessment (saving the one open before, if any)."""
        if EditorWidget is None:
            show_error(self, _("The assessment editor is not part of this build of Jalon."))
            return
        if not self._flush_editor():
            return
        try:
            title = assessments.get(self._app, assessment_id).title
            editor = EditorWidget(self._app, assessment_id, self)
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
        self.home.set_active(False)
        self._update_title()
        editor.setFocus()

    def show_home(self) -> None:
        """Back to the list, the assessment that was open selected."""
        if not self._flush_editor():
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
        problem = ""
        try:
            editor.flush()  # type: ignore[attr-defined]
        except JalonError as error:
            problem = message_of(error)
        if not problem and not editor.is_dirty():  # type: ignore[attr-defined]
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
        """Sign and export ``assessment_id``.

        INTEGRATOR: replace this temporary message with the sign-and-export dialog of the
        exchange work (passphrase, destination, progress, package path, show in folder).
        """
        inform(
            self,
            _("Signing and exporting are not available in this build of Jalon yet."),
        )

    def open_files(self, files: Sequence[str]) -> None:
        """Files named on the command line (``.jalon`` packages).

        INTEGRATOR: show each package's verification result and, for the secretariat, offer to
        import it, with the exchange services.
        """
        if files:
            inform(
                self,
                _("Opening packages is not available in this build of Jalon yet: {files}").format(
                    files=", ".join(files)
                ),
            )

    # -- commands ----------------------------------------------------------------------------

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def set_language(self, lang: str) -> None:
        try:
            i18n.set_language(lang)
            identity.save_language(self._app, lang)
        except JalonError as error:
            show_error(self, error)

    def run_setup(self) -> None:
        wizard = SetupWizard(self._app, self)
        wizard.exec()
        wizard.deleteLater()
        self.refresh_identity()

    def show_guide(self) -> None:
        if self._help is None:
            self._help = HelpWindow(self)
        if self._help.isVisible():  # already open behind: bring it forward
            self._help.raise_()
        self._help.show()
        self._help.activateWindow()

    def show_about(self) -> None:
        about = AboutDialog(self._app, self)
        about.exec()
        about.deleteLater()

    # -- window state ------------------------------------------------------------------------

    def _restore_window(self) -> None:
        font = self.fontMetrics()
        self.resize(font.averageCharWidth() * 130, font.height() * 36)
        if self._settings is None:
            return
        geometry = self._settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)  # type: ignore[arg-type]

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._flush_editor():
            event.ignore()
            return
        if self._settings is not None:
            self._settings.setValue("window/geometry", self.saveGeometry())
            self._settings.sync()
        if self._help is not None:
            self._help.close()
        event.accept()

    @property
    def current_page(self) -> QWidget:
        return self.stack.currentWidget()
