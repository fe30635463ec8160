"""The user guide window (F1) and the About box (version, licence, where the data lives)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from jalon import __version__, i18n, paths
from jalon.i18n import _
from jalon.services.app import Jalon
from jalon.ui.bridge import bridge
from jalon.ui.widgets import buddy, scaled, show_error


def guide_file(lang: str) -> str:
    return str(paths.resource("help", f"guide-{lang}.html"))


class HelpWindow(QDialog):
    """The user guide, in the current language; it follows a language switch."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 110, metrics.height() * 42)
        bridge().language_changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Jalon user guide"))
        self.browser.setAccessibleName(_("User guide"))
        self.browser.setSource(QUrl.fromLocalFile(guide_file(i18n.current_language())))


class AboutDialog(QDialog):
    """Version, licence and the data folder, with a button that opens that folder."""

    def __init__(self, app: Jalon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self.heading = QLabel()
        self.heading.setFont(scaled(self.heading, 1.5, bold=True))
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.folder_caption = QLabel()
        self.folder = QLabel(str(app.data_dir))
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.open_folder = QPushButton()
        self.open_folder.clicked.connect(self.open_data_folder)
        buddy(self.folder_caption, self.open_folder)
        self.database = QLabel()
        self.database.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.open_folder, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addWidget(self.folder_caption)
        layout.addLayout(folder_row)
        layout.addWidget(self.database)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        # A width in characters (it grows with the text size); the height then follows the
        # wrapped text, so nothing is cut at 200 % text.
        self.body.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        bridge().language_changed.connect(self.retranslate)
        self.retranslate()
        self.open_folder.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(_("About Jalon"))
        self.heading.setText(_("Jalon {version}").format(version=__version__))
        self.body.setText(
            _(
                "Offline, bilingual self-assessments of digital strategy for the governments "
                "of the Joint Councils, signed and sent to the secretariat.\n\n"
                "Free software under the MIT licence: you may use, copy, change and share it. "
                "It comes with no warranty."
            )
        )
        self.folder_caption.setText(_("Your data is kept in this folder:"))
        self.open_folder.setText(_("&Open the folder"))
        if self._app.database.path is not None:
            self.database.setText(
                _(
                    "The assessments are in the file {file}, the backups in the folder "
                    "“backups” and your signing key in the folder “keys”."
                ).format(file=self._app.database.path.name)
            )
        else:
            self.database.setText(
                _("Assessments are kept in the database server chosen with --database.")
            )

        self.database.setText(self.database.text() + " " + about_trust(self._app))

    def open_data_folder(self) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._app.data_dir))):
            show_error(
                self,
                _(
                    "The folder {folder} could not be opened. Open it from your file manager."
                ).format(folder=str(self._app.data_dir)),
            )


def about_trust(app: Jalon) -> str:
    """The framework in use and the secretariat key that framework updates must be signed by."""
    from jalon.services.frameworks import secretariat_fingerprints

    keys = [fp for fp, revoked in secretariat_fingerprints() if not revoked]
    if keys:
        return _(
            "Framework {version}; updates must be signed by the secretariat key {keys}."
        ).format(version=app.framework.version, keys=", ".join(keys))
    return _(
        "Framework {version}; no secretariat key ships with this copy, so updates cannot be "
        "installed."
    ).format(version=app.framework.version)
