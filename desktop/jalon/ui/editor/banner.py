"""The notice across the top of a signed revision: who signed it and when, and the way on."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from jalon.core import assessment as am
from jalon.i18n import _, current
from jalon.ui.editor.widgets import heading, wrapped_label


class SignedBanner(QFrame):
    """Says the revision is signed and read-only; its button starts the next revision."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        layout = QHBoxLayout(self)
        self._mark = heading(2, self)
        self._text = wrapped_label("", self)
        self.new_revision_button = QPushButton(self)
        #: Shown when a newer framework version maps this revision's (see ``offer_version``).
        self.newer_version_button = QPushButton(self)
        self.newer_version_button.hide()
        layout.addWidget(self._mark)
        layout.addWidget(self._text, 1)
        layout.addWidget(self.new_revision_button)
        layout.addWidget(self.newer_version_button)
        self._assessment: am.Assessment | None = None
        self._newer: str | None = None

    def offer_version(self, version: str | None) -> None:
        """Offer (or not) to start the next revision on the newer framework ``version``."""
        self._newer = version
        self.newer_version_button.setVisible(version is not None)
        self.retranslate()

    def show_for(self, a: am.Assessment) -> None:
        self._assessment = a
        self.setVisible(a.is_frozen)
        self.retranslate()

    def text(self) -> str:
        return self._text.text()

    def retranslate(self) -> None:
        self._mark.setText(_("Signed"))
        self.new_revision_button.setText(_("Start a new revision"))
        self.new_revision_button.setToolTip(
            _("Copy every answer into a new draft revision that you can edit")
        )
        if self._newer is not None:
            self.newer_version_button.setText(
                _("New revision on version {version}…").format(version=self._newer)
            )
        a = self._assessment
        if a is None or not a.is_frozen:
            self._text.setText("")
            return
        signature = a.signature
        if signature is None:
            self._text.setText(
                _("Revision {revision} is signed and cannot be changed.").format(
                    revision=a.revision
                )
            )
            return
        who = (
            _("{name}, {title}").format(name=signature.signer_name, title=signature.signer_title)
            if signature.signer_title
            else signature.signer_name
        )
        self._text.setText(
            _(
                "Revision {revision} was signed by {who} on {when} and cannot be changed. "
                "To change an answer, start a new revision."
            ).format(
                revision=a.revision,
                who=who,
                when=current().datetime(signature.signed_at, fmt="short"),
            )
        )
