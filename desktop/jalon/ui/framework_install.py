"""Installing a framework update from the desktop: choose the ``.jalonfw`` file, see who signed
it and what changed, then install (or not). Every check runs before anything is shown as
installable; nothing is written until the person confirms.

Signals: none; ``exec()`` returns Accepted once the version is installed (``result`` holds it).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from jalon.core.errors import JalonError
from jalon.i18n import _
from jalon.services import frameworks
from jalon.services.app import Jalon
from jalon.ui.widgets import monospace, scaled, show_error


class FrameworkInstallDialog(QDialog):
    """What installing ``path`` would change; Install keeps it in the data folder."""

    def __init__(self, app: Jalon, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app, self._path = app, path
        self.result_: frameworks.InstallResult | None = None
        self.checked = frameworks.check(app, path)  # raises: nothing to show but the refusal
        fw = self.checked.file.framework
        self.setWindowTitle(_("Install framework version {version}").format(version=fw.version))
        self.heading = QLabel(self.windowTitle(), self)
        self.heading.setFont(scaled(self.heading, 1.3, bold=True))
        self.signer = QLabel(self)
        self.signer.setWordWrap(True)
        trust = (
            _("trusted by this data folder only")
            if self.checked.local_trust
            else _("the secretariat key shipped with Jalon")
        )
        self.signer.setText(
            _("Signed by {name} with the key {fingerprint} ({trust}).").format(
                name=self.checked.file.signer_name,
                fingerprint=self.checked.file.fingerprint,
                trust=trust,
            )
        )
        self.changes = QPlainTextEdit(self)
        self.changes.setReadOnly(True)
        self.changes.setFont(monospace())
        self.changes.setAccessibleName(_("What changes"))
        self.changes.setPlainText(
            "\n".join(
                frameworks.describe_changes(
                    self.checked.changes, self.checked.replaces, self.checked.file.framework
                )
            )
        )
        self.note = QLabel(
            _(
                "Assessments already made keep their version. New assessments will use "
                "version {version}; a signed assessment can start a new revision on it."
            ).format(version=fw.version),
            self,
        )
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Install"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.signer, self.changes, self.note, self.buttons):
            layout.addWidget(widget)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 100, metrics.height() * 24)

    def accept(self) -> None:
        try:
            self.result_ = frameworks.install(self._app, self._path)
        except JalonError as error:
            show_error(self, error)
            return
        super().accept()


def install_framework_update(app: Jalon, parent: QWidget | None = None) -> bool:
    """Ask for a ``.jalonfw`` file and install it once confirmed; True when installed."""
    dialog = QFileDialog(
        parent,
        _("Install a framework update"),
        "",
        _("Framework files (*.jalonfw);;All files (*)"),
    )
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    chosen = dialog.selectedFiles() if dialog.exec() == QFileDialog.DialogCode.Accepted else []
    dialog.deleteLater()
    if not chosen:
        return False
    return install_file(app, Path(chosen[0]), parent)


def install_file(app: Jalon, path: Path, parent: QWidget | None = None) -> bool:
    try:
        dialog = FrameworkInstallDialog(app, path, parent)
    except JalonError as error:
        show_error(parent, error)
        return False
    installed = bool(dialog.exec()) and dialog.result_ is not None
    dialog.deleteLater()
    return installed
