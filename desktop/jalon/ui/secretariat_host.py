"""The secretariat's workspace inside the main window, beside "My assessments".

The main window owns one :class:`SecretariatHost`. It adds View → My assessments / Secretariat
and File → Open packages… to the window's menus, builds the workspace
(:class:`~jalon.ui.secretariat.SecretariatWidget`) the first time it is shown, and decides
where files given to the window go:

* packages (``.jalon`` files) and folders go to the workspace's Intake, which imports them and
  shows each one's verdict, on an installation of the secretariat (keys enrolled, "I work for
  the secretariat" chosen in the wizard, or the workspace on screen);
* elsewhere packages are only checked (:class:`~jalon.ui.package_dialog.PackageDialog`, which
  offers to import them in the workspace: one import, the Intake's);
* key cards (``.json``) go to the Trust tab, to be enrolled after the fingerprint check.

The window starts on the workspace when the person said in the wizard that they work for the
secretariat, when it was the page shown last time, or when the data folder holds submissions
and no assessment of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction, QActionGroup

from jalon.core.errors import JalonError
from jalon.i18n import _
from jalon.ui.bridge import bridge

if TYPE_CHECKING:
    from jalon.services.app import Jalon
    from jalon.ui.main_window import MainWindow
    from jalon.ui.secretariat import SecretariatWidget

PACKAGE_SUFFIX = ".jalon"
CARD_SUFFIX = ".json"
#: The page shown when the window closed ("assessments" or "secretariat").
PAGE_KEY = "window/page"
ASSESSMENTS, SECRETARIAT = "assessments", "secretariat"


def openable(paths: Sequence[str | Path]) -> list[Path]:
    """What the window takes among ``paths``: packages, key cards and folders (of packages)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        suffix = path.suffix.lower()
        if suffix in (PACKAGE_SUFFIX, CARD_SUFFIX) or path.is_dir():
            found.append(path)
    return found


class SecretariatHost(QObject):
    """Puts the secretariat's workspace in ``window`` and sends it the files it is given."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._app: Jalon | None = None
        self.workspace: SecretariatWidget | None = None
        self._last_dir = str(Path.home())
        #: "I work for the secretariat" was chosen on the set-up window (see setup_skipped).
        self._skipped_setup = False

        self.page_group = QActionGroup(self)
        self.page_group.setExclusive(True)
        self.assessments_action = QAction(window, checkable=True)
        self.assessments_action.setChecked(True)
        self.assessments_action.triggered.connect(self.show_assessments)
        self.secretariat_action = QAction(window, checkable=True)
        self.secretariat_action.triggered.connect(lambda: self.show_workspace())
        for action in (self.assessments_action, self.secretariat_action):
            self.page_group.addAction(action)
        self.open_packages_action = QAction(window)
        self.open_packages_action.triggered.connect(self.choose_packages)

        view = window.view_menu
        first = view.actions()[0] if view.actions() else None
        pages = [self.assessments_action, self.secretariat_action]
        if first is None:
            view.addActions(pages)
            view.addSeparator()
        else:
            view.insertActions(first, pages)
            view.insertSeparator(first)
        self.set_ready(False)
        bridge().language_changed.connect(self.retranslate)
        self.retranslate()

    # -- state ---------------------------------------------------------------------------------

    @property
    def settings(self) -> QSettings | None:
        return self._window.settings

    @property
    def shown(self) -> bool:
        """Whether the workspace is the page on screen."""
        return self.workspace is not None and self._window.stack.currentWidget() is self.workspace

    def set_ready(self, ready: bool) -> None:
        for action in (self.assessments_action, self.secretariat_action, self.open_packages_action):
            action.setEnabled(ready)

    def attached(self, app: Jalon) -> None:
        """The store is open: key shortcuts, and the workspace if it is where to start."""
        self._app = app
        # After the home page's actions (added once the store is open too), before Set up.
        window = self._window
        window.file_menu.insertAction(window.setup_action, self.open_packages_action)
        window.file_menu.insertSeparator(window.setup_action)
        from PySide6.QtGui import QKeySequence  # not before the window is drawn (2 ms)

        self.assessments_action.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.secretariat_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.open_packages_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.set_ready(True)
        if self._skipped_setup:
            self._keep_skip()
        if self._starts_here(app):
            self.show_workspace()

    def _starts_here(self, app: Jalon) -> bool:
        from jalon.services import workspace

        settings = self.settings
        if settings is not None:
            remembered = settings.value(PAGE_KEY, "", str)
            if remembered == SECRETARIAT:
                return True
            if remembered == ASSESSMENTS:
                return False
            if self._said_secretariat():
                return True
        try:
            return workspace.holdings(app).only_submissions
        except JalonError:
            return False

    def _said_secretariat(self) -> bool:
        from jalon.ui.settings_keys import SKIPPED_SETUP

        settings = self.settings
        return self._skipped_setup or bool(
            settings is not None and settings.value(SKIPPED_SETUP, False, bool)
        )

    def is_secretariat(self) -> bool:
        """Whether files given to the window are imported (not only checked)."""
        if self.shown or self._said_secretariat():
            return True
        if self._app is None:
            return False
        from jalon.services import trust

        try:
            return bool(trust.list_keys(self._app))
        except JalonError:
            return False

    def _remember(self, page: str) -> None:
        if self.settings is not None:
            self.settings.setValue(PAGE_KEY, page)

    # -- pages ---------------------------------------------------------------------------------

    def show_workspace(self, tab: int | None = None) -> SecretariatWidget | None:
        """Show the secretariat's workspace (built the first time), on ``tab`` if given."""
        if self._app is None:
            return None
        window = self._window
        if self.workspace is None:
            from jalon.ui.secretariat import SecretariatWidget

            self.workspace = SecretariatWidget(self._app, window)
            self.workspace.status_message.connect(window.show_status)
            window.stack.addWidget(self.workspace)
        if window.home is not None:
            window.home.set_active(False)
        window.stack.setCurrentWidget(self.workspace)
        self.secretariat_action.setChecked(True)
        self._remember(SECRETARIAT)
        window.refresh_title()  # "Secretariat", and the status bar's word for this page
        self.workspace.show_tab(self.workspace.tabs.currentIndex() if tab is None else tab)
        return self.workspace

    def show_assessments(self) -> None:
        """Back to this installation's own assessments (the editor, if one is open)."""
        window = self._window
        self.assessments_action.setChecked(True)
        self._remember(ASSESSMENTS)
        if window.editor is not None:
            window.stack.setCurrentWidget(window.editor)
            window.refresh_title()
            window.editor.setFocus()
            return
        if window.home is None:
            return
        window.stack.setCurrentWidget(window.home)
        window.home.set_active(True)
        window.home.refresh()
        window.refresh_title()
        window.home.focus_list()

    def setup_finished(self, result: int) -> None:
        """After the setup wizard: "I work for the secretariat" leads to the workspace."""
        from jalon.ui.wizard import SetupWizard

        if result == SetupWizard.SKIPPED:
            self.setup_skipped()

    def setup_skipped(self) -> None:
        """ "I work for the secretariat" on the set-up window: the workspace is where to be,
        now if the store is open, else as soon as it is.

        Kept with the window state only once the store is open: written before, beside no
        database yet, it makes a new data folder look like one whose database was lost
        (``services.history.signs_of_a_database``), and the store refuses to create it."""
        self._skipped_setup = True
        if self._app is not None:
            self._keep_skip()
            self.show_workspace()

    def _keep_skip(self) -> None:
        from jalon.ui.settings_keys import SKIPPED_SETUP

        if self.settings is not None:
            self.settings.setValue(SKIPPED_SETUP, True)
            self.settings.sync()

    # -- files ---------------------------------------------------------------------------------

    def choose_packages(self) -> None:
        """File → Open packages…: ask for package files (or key cards), then open them."""
        if self._app is None:
            return
        from PySide6.QtWidgets import QFileDialog

        dialog = QFileDialog(
            self._window,
            _("Open packages"),
            self._last_dir,
            _("Jalon packages (*.jalon);;Key cards (*.json);;All files (*)"),
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        try:
            if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
                return
            files = [Path(f) for f in dialog.selectedFiles()]
        finally:
            dialog.deleteLater()
        self._last_dir = str(files[0].parent)
        self.open_files(files)

    def open_files(self, paths: Sequence[Path]) -> None:
        """Packages and folders to the Intake (or checked only, see the module's doc); key
        cards to the Trust tab. ``paths`` exist."""
        cards = [p for p in paths if p.suffix.lower() == CARD_SUFFIX and p.is_file()]
        packages = [p for p in paths if p not in cards]
        if packages:
            if self.is_secretariat():
                self.import_packages(packages)
            else:
                self._check(packages)
        for card in cards:
            workspace = self.show_workspace(tab=self._tab("TRUST"))
            if workspace is None or not workspace.trust.enrol_card(card):
                break

    def import_packages(self, paths: Sequence[Path]) -> bool:
        workspace = self.show_workspace()
        return workspace is not None and workspace.import_paths(list(paths))

    def _tab(self, name: str) -> int:
        from jalon.ui.secretariat import SecretariatWidget

        return int(getattr(SecretariatWidget, name))

    def _check(self, packages: Sequence[Path]) -> None:
        from jalon.ui.package_dialog import PackageDialog

        assert self._app is not None
        dialog = PackageDialog(self._app, packages, self.settings, self._window)
        chosen: list[Path] = []
        dialog.import_requested.connect(chosen.extend)
        dialog.exec()
        dialog.deleteLater()
        if chosen:
            self.import_packages(chosen)

    # -- the window ----------------------------------------------------------------------------

    def wait(self) -> None:
        """Let the workspace's background work end (the window is closing)."""
        if self.workspace is not None:
            self.workspace.wait()

    def retranslate(self) -> None:
        self.assessments_action.setText(_("&My assessments"))
        self.assessments_action.setStatusTip(
            _("The assessments of this installation, to answer, sign and export")
        )
        self.secretariat_action.setText(_("&Secretariat"))
        self.secretariat_action.setStatusTip(
            _("Import packages, enrol key cards, compare the jurisdictions, record the actions")
        )
        self.open_packages_action.setText(_("Open &packages…"))
        self.open_packages_action.setStatusTip(
            _("Check .jalon packages and, at the secretariat, import them")
        )
        if self.shown:
            self._window.setWindowTitle(_("Secretariat"))
