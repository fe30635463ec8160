"""The secretariat's workspace: intake, submissions, dashboard, actions and the trust store in
one tabbed page, with the report back and the analysts' data one button away.

Packages dropped anywhere on the page are imported (folders are searched for them).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from jalon.i18n import _
from jalon.services.app import Jalon
from jalon.ui.bridge import bridge
from jalon.ui.editor.widgets import heading
from jalon.ui.secretariat.actions import ActionsPanel
from jalon.ui.secretariat.common import tab_widget
from jalon.ui.secretariat.dashboard import DashboardPanel
from jalon.ui.secretariat.intake import IntakePanel, local_paths
from jalon.ui.secretariat.report_back import DATA, REPORT, OutputRunner
from jalon.ui.secretariat.submissions import SubmissionsPanel
from jalon.ui.secretariat.trust import TrustPanel


class SecretariatWidget(QWidget):
    """Everything the secretariat does with the packages it receives.

    ``import_paths(paths)`` imports files or folders (the main window calls it for files
    dropped on it or named on the command line). Ctrl+1 to Ctrl+5 open the tabs.

    Signals:
        status_message(str): a short message for the window's status bar.
    """

    status_message = Signal(str)

    INTAKE, SUBMISSIONS, DASHBOARD, ACTIONS, TRUST = range(5)

    def __init__(self, app: Jalon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self.setAcceptDrops(True)

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self._title = heading(1, self)
        self.report_button = QPushButton(self)
        self.data_button = QPushButton(self)
        top.addWidget(self._title, 1)
        top.addWidget(self.report_button)
        top.addWidget(self.data_button)

        self.intake = IntakePanel(app, self)
        self.submissions = SubmissionsPanel(app, self)
        self.dashboard = DashboardPanel(app, self)
        # Not ``self.actions``: that would hide QWidget.actions().
        self.actions_panel = ActionsPanel(app, self)
        self.trust = TrustPanel(app, self)
        self.tabs = tab_widget(self)
        self.panels: list[
            IntakePanel | SubmissionsPanel | DashboardPanel | ActionsPanel | TrustPanel
        ] = [
            self.intake,
            self.submissions,
            self.dashboard,
            self.actions_panel,
            self.trust,
        ]
        for panel in self.panels:
            self.tabs.addTab(panel, "")
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        self.output = OutputRunner(app, self)
        self.report_button.clicked.connect(lambda: self.output.ask(REPORT))
        self.data_button.clicked.connect(lambda: self.output.ask(DATA))

        self.tab_actions: list[QAction] = []
        for index in range(self.tabs.count()):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False, i=index: self.show_tab(i))
            self.addAction(action)
            self.tab_actions.append(action)

        for panel in self.panels:
            panel.status_message.connect(self.status_message)
        self.output.status_message.connect(self.status_message)
        self.intake.running_changed.connect(self._import_running)
        bridge().store_changed.connect(self._store_changed)
        bridge().language_changed.connect(self.retranslate)
        self.retranslate()

    # -- public API ------------------------------------------------------------------------------

    def import_paths(self, paths: Sequence[Path]) -> bool:
        """Import these package files and folders, showing the Intake tab; False (with a
        message) while another import is still running."""
        self.show_tab(self.INTAKE)
        return self.intake.import_paths([Path(p) for p in paths])

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        page = self.tabs.currentWidget()
        if page is not None and not page.hasFocus():
            page.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def wait(self) -> None:
        """Let background work end (the window is closing)."""
        self.intake.wait()
        self.output.wait()
        self.dashboard.wait()

    # -- reactions -------------------------------------------------------------------------------

    def _store_changed(self, *_args: object) -> None:
        for panel in (self.submissions, self.dashboard, self.trust):
            panel.mark_stale()

    def _import_running(self, running: bool) -> None:
        for button in (self.report_button, self.data_button):
            button.setEnabled(not running)

    # -- drag and drop ---------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if local_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_paths(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_paths(paths)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.wait()
        super().closeEvent(event)

    # -- language --------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self._title.setText(_("Secretariat"))
        self.report_button.setText(_("&Report back (PDF)…"))
        self.report_button.setToolTip(
            _("Write the consolidated report back over every submission imported")
        )
        self.data_button.setText(_("Export &data (CSV/XLSX)…"))
        self.data_button.setToolTip(_("Write the submissions and answers for analysts"))
        titles = (_("Intake"), _("Submissions"), _("Dashboard"), _("Actions"), _("Trust"))
        for index, (title, action) in enumerate(zip(titles, self.tab_actions, strict=True)):
            self.tabs.setTabText(index, title)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            self.tabs.setTabToolTip(index, _("{tab} ({keys})").format(tab=title, keys=keys))
            action.setText(_("Show {tab}").format(tab=title))
        self.tabs.setAccessibleName(_("Secretariat"))
        self.tabs.tabBar().setAccessibleName(_("Secretariat tabs"))
        for panel in self.panels:
            panel.retranslate()
