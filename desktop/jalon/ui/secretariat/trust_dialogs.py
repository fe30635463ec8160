"""The two decisions of the trust store, each in a dialog that makes the person check first:
enrolling a key card (read the fingerprint back to its signer) and revoking a key (with a
reason, after seeing what it changes)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jalon.core.fingerprint import fingerprint_groups
from jalon.i18n import _, current, describe
from jalon.services.trust import MAX_REASON, RevocationImpact, TrustedKey
from jalon.ui.editor.widgets import heading, wrapped_label
from jalon.ui.plain_text import PlainLabel
from jalon.ui.secretariat.common import jurisdiction_name, key_fingerprint
from jalon.ui.widgets import monospace


def fingerprint_block(key_id: str, parent: QWidget) -> QLabel:
    """The fingerprint in large fixed-width type, four groups a line, easy to read aloud."""
    groups = fingerprint_groups(key_id)
    lines = [" ".join(groups[i : i + 4]) for i in range(0, len(groups), 4)]
    label = PlainLabel("\n".join(lines), parent)
    label.setFont(monospace(1.8, bold=True))
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setFrameShape(QFrame.Shape.StyledPanel)
    label.setMargin(12)
    return label


def signer(name: str, title: str) -> str:
    return _("{name}, {title}").format(name=name, title=title) if title else name


class EnrolDialog(QDialog):
    """Shows a key card and enrols nothing until the person ticks that they read the
    fingerprint back to the signer and it matched. Accepting means "enrol it"."""

    def __init__(self, card: Any, already_enrolled: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card = card
        self._already = already_enrolled
        layout = QVBoxLayout(self)
        self._title = heading(2, self)
        self._who = wrapped_label("", self)
        self._how = wrapped_label("", self)
        self._others = wrapped_label("", self)
        self._others.setVisible(already_enrolled > 0)
        self._fingerprint_title = PlainLabel("", self)
        self.fingerprint = fingerprint_block(card.key_id, self)
        self._fingerprint_title.setBuddy(self.fingerprint)
        self.confirm = QCheckBox(self)
        self.buttons = QDialogButtonBox(self)
        self.enrol_button = QPushButton(self)
        self.buttons.addButton(self.enrol_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        for widget in (
            self._title,
            self._who,
            self._how,
            self._others,
            self._fingerprint_title,
            self.fingerprint,
            self.confirm,
            self.buttons,
        ):
            layout.addWidget(widget)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.confirm.toggled.connect(self._update)
        self.cancel_button.setDefault(True)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 40)
        self.retranslate()
        self._update()

    def _update(self) -> None:
        self.enrol_button.setEnabled(self.confirm.isChecked())

    def accept(self) -> None:
        if self.confirm.isChecked():  # Enter cannot skip the check
            super().accept()

    def retranslate(self) -> None:
        card = self.card
        self.setWindowTitle(_("Enrol a key card"))
        self._title.setText(_("Enrol a key card"))
        self._who.setText(
            _(
                "Key card of {signer} for {jurisdiction}, created on {date}. Once enrolled, "
                "packages signed with this key are accepted for {jurisdiction}."
            ).format(
                signer=signer(card.signer_name, card.signer_title),
                jurisdiction=jurisdiction_name(card.jurisdiction),
                date=current().date(card.created_at, fmt="long"),
            )
        )
        self._how.setText(
            _(
                "Before you enrol it, phone the signer at a number you already know (not one "
                "given with the card). Read the fingerprint below to them, group by group, and "
                "check that it is the one their Jalon shows. If one character differs, do not "
                "enrol the card."
            )
        )
        self._others.setText(
            _(
                "Keys already enrolled for {jurisdiction}: {count}. This one is added beside them."
            ).format(jurisdiction=jurisdiction_name(card.jurisdiction), count=self._already)
        )
        self._fingerprint_title.setText(_("Fingerprint of the key:"))
        self.fingerprint.setAccessibleName(_("Fingerprint of the key"))
        self.fingerprint.setAccessibleDescription(key_fingerprint(card.key_id))
        self.confirm.setText(_("I read this fingerprint back to the signer and it &matches"))
        self.enrol_button.setText(_("&Enrol"))
        self.enrol_button.setToolTip(_("Tick the box above first: it confirms the check"))
        self.cancel_button.setText(_("Cancel"))


class RevokeDialog(QDialog):
    """Says what revoking the key changes and asks why; accepting means "revoke it"."""

    def __init__(
        self, key: TrustedKey, impact: RevocationImpact, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.key = key
        self._impact = impact
        layout = QVBoxLayout(self)
        self._title = heading(2, self)
        self._what = wrapped_label("", self)
        self._impact_label = wrapped_label("", self)
        self._impact_label.setFrameShape(QFrame.Shape.StyledPanel)
        self._impact_label.setMargin(8)
        self._reason_label = PlainLabel("", self)
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(MAX_REASON)
        self._reason_label.setBuddy(self.reason)
        self.buttons = QDialogButtonBox(self)
        self.revoke_button = QPushButton(self)
        self.buttons.addButton(self.revoke_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        for widget in (
            self._title,
            self._what,
            self._impact_label,
            self._reason_label,
            self.reason,
            self.buttons,
        ):
            layout.addWidget(widget)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._update)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 40)
        self.retranslate()
        self._update()

    def _update(self) -> None:
        self.revoke_button.setEnabled(bool(self.reason.text().strip()))

    def accept(self) -> None:
        if self.reason.text().strip():
            super().accept()

    def reason_text(self) -> str:
        return self.reason.text().strip()

    def retranslate(self) -> None:
        key = self.key
        self.setWindowTitle(_("Revoke a key"))
        self._title.setText(_("Revoke a key"))
        self._what.setText(
            _("Revoke the key {fingerprint} of {signer} for {jurisdiction}?").format(
                fingerprint=key_fingerprint(key.key_id),
                signer=signer(key.signer_name, key.signer_title),
                jurisdiction=jurisdiction_name(key.jurisdiction),
            )
        )
        self._impact_label.setText(describe(self._impact.message))
        self._reason_label.setText(_("&Why is the key revoked? (kept in the history)"))
        self.reason.setPlaceholderText(_("For example: laptop lost, signer left the team"))
        self.revoke_button.setText(_("&Revoke the key"))
        self.cancel_button.setText(_("Cancel"))
