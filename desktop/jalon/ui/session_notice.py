"""After Jalon ended without quitting (power cut, killed, crashed): a notice across the top of
the main window that says so plainly, and until when the work is kept.

The notice does not block: the person reads it, carries on, and closes it when they like.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from jalon.i18n import _, current
from jalon.services import session
from jalon.services.session import CrashLog, Session, UncleanExit
from jalon.ui.bridge import bridge

if TYPE_CHECKING:
    from jalon.services.app import Jalon
    from jalon.ui.main_window import MainWindow


def _wrapped(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class UncleanExitNotice(QFrame):
    """Says that the last session ended unexpectedly and what was kept; "Close" hides it."""

    def __init__(self, unclean: UncleanExit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._unclean = unclean
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        layout = QHBoxLayout(self)
        words = QVBoxLayout()
        self.heading = _wrapped(self)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.body = _wrapped(self)
        words.addWidget(self.heading)
        words.addWidget(self.body)
        layout.addLayout(words, 1)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.hide)
        layout.addWidget(self.close_button)
        bridge().language_changed.connect(self.retranslate)
        self.retranslate()

    def text(self) -> str:
        return f"{self.heading.text()} {self.body.text()}"

    def retranslate(self) -> None:
        unclean = self._unclean
        self.heading.setText(_("Jalon closed unexpectedly last time."))
        if unclean.last_saved is not None:
            kept = _("Your work up to {time} is kept: everything typed until then was saved.")
            body = kept.format(time=current().datetime(unclean.last_saved, fmt="medium"))
        else:
            body = _("Nothing had been typed yet, so nothing is lost.")
        if unclean.crash_report is not None:
            body += " " + _(
                "A crash report was written to {path}; 'jalon doctor' lists it."
            ).format(path=str(unclean.crash_report))
        self.body.setText(body)
        self.close_button.setText(_("Close"))
        self.close_button.setToolTip(_("Close this message"))
        self.setAccessibleName(self.heading.text())
        self.setAccessibleDescription(body)


def start_session(window: MainWindow, app: Jalon, crash_log: CrashLog | None = None) -> Session:
    """Begin this window's session on ``app``'s data folder; if the last one ended without
    quitting, show :class:`UncleanExitNotice` at the top of ``window``."""
    started, unclean = session.begin(app, crash_log)
    if unclean is not None:
        window.show_notice(UncleanExitNotice(unclean))
    return started
