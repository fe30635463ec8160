"""The trust store: which signer keys the secretariat accepts, for which jurisdiction, and who
enrolled or revoked each one, when and why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jalon.core.consolidation import jurisdiction_order
from jalon.core.errors import N_, JalonError
from jalon.core.jurisdiction import GOVERNMENTS, Jurisdiction
from jalon.i18n import _
from jalon.services import trust
from jalon.services.app import Jalon
from jalon.services.trust import TrustedKey, TrustEvent
from jalon.ui.bridge import bridge
from jalon.ui.editor.widgets import heading, wrapped_label
from jalon.ui.secretariat.common import (
    LazyPanel,
    RowsModel,
    jurisdiction_name,
    key_fingerprint,
    selected_row,
    table_view,
    when,
)
from jalon.ui.secretariat.trust_dialogs import EnrolDialog, RevokeDialog, signer
from jalon.ui.widgets import monospace, show_error


class KeysModel(RowsModel[TrustedKey]):
    """One row per enrolled key, grouped by jurisdiction."""

    JURISDICTION, SIGNER, FINGERPRINT, ENROLLED, STATE = range(5)
    HEADERS = (
        N_("Jurisdiction"),
        N_("Signer"),
        N_("Fingerprint"),
        N_("Enrolled"),
        N_("State"),
    )

    def cell(self, row: TrustedKey, column: int) -> str:
        if column == self.JURISDICTION:
            return jurisdiction_name(row.jurisdiction)
        if column == self.SIGNER:
            return signer(row.signer_name, row.signer_title)
        if column == self.FINGERPRINT:
            return key_fingerprint(row.key_id)
        if column == self.ENROLLED:
            return _("{when}, by {who}").format(when=when(row.enrolled_at), who=row.enrolled_by)
        if row.revoked_at is None:
            return _("✓ Trusted")
        return _("✗ Revoked on {when} by {who}: {reason}").format(
            when=when(row.revoked_at),
            who=row.revoked_by or "",
            reason=row.revoke_reason or _("no reason given"),
        )

    def value(self, row: TrustedKey, column: int) -> Any:
        if column == self.STATE:
            return "revoked" if row.revoked else "trusted"
        return self.cell(row, column)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.FontRole and index.column() == self.FINGERPRINT:
            return monospace()
        return super().data(index, role)


_GOVERNMENTS = {j.code: j for j in GOVERNMENTS}
ACTIONS = {"enroll": N_("Enrolled"), "revoke": N_("Revoked")}


class HistoryModel(RowsModel[TrustEvent]):
    """Every enrolment and revocation, newest first."""

    WHEN, WHO, WHAT, JURISDICTION, KEY, DETAIL = range(6)
    HEADERS = (
        N_("When"),
        N_("Who"),
        N_("What"),
        N_("Jurisdiction"),
        N_("Key"),
        N_("Signer or reason"),
    )

    def cell(self, row: TrustEvent, column: int) -> str:
        if column == self.WHEN:
            return when(row.at)
        if column == self.WHO:
            return row.actor
        if column == self.WHAT:
            return _(ACTIONS.get(row.action, row.action))
        if column == self.JURISDICTION:
            code = row.jurisdiction_code
            known = self.jurisdictions.get(code) or _GOVERNMENTS.get(code)
            return jurisdiction_name(known) if known is not None else code
        if column == self.KEY:
            return key_fingerprint(row.key_id)
        return row.detail

    def value(self, row: TrustEvent, column: int) -> Any:
        return row.action if column == self.WHAT else self.cell(row, column)

    #: The jurisdictions the history names by code, from the keys enrolled (a municipality's
    #: code, ``MUN-BC-5915015``, is not for people).
    jurisdictions: dict[str, Jurisdiction] = {}  # noqa: RUF012 - replaced, never mutated


class TrustPanel(LazyPanel):
    """Enrol key cards, revoke keys, and read the history.

    Signals:
        status_message(str): a short message for the window's status bar.

    An enrolment or a revocation is announced on ``bridge().store_changed``: what the other
    panels show may change, and they listen there.
    """

    status_message = Signal(str)

    def __init__(self, app: Jalon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._last_dir = str(Path.home())
        layout = QVBoxLayout(self)
        self._title = heading(1, self)
        self._intro = wrapped_label("", self)
        buttons = QHBoxLayout()
        self.enrol_button = QPushButton(self)
        self.revoke_button = QPushButton(self)
        buttons.addWidget(self.enrol_button)
        buttons.addWidget(self.revoke_button)
        buttons.addStretch(1)
        self.keys = KeysModel(self)
        self.keys_view = table_view(self.keys, self)
        # The fingerprint keeps one line (it is read aloud group by group); names and states
        # share the rest and wrap.
        for column in (
            KeysModel.JURISDICTION,
            KeysModel.SIGNER,
            KeysModel.STATE,
        ):
            self.keys_view.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.Stretch
            )
        self._history_title = heading(2, self)
        self.history = HistoryModel(self)
        self.history_view = table_view(self.history, self)
        for widget in (self._title, self._intro):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addWidget(self.keys_view, 3)
        layout.addWidget(self._history_title)
        layout.addWidget(self.history_view, 2)
        self.enrol_button.clicked.connect(self.choose_card)
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.keys_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.keys.modelReset.connect(self._update_buttons)
        self.retranslate()

    # -- data ----------------------------------------------------------------------------------

    def reload(self) -> None:
        self._stale = False
        chosen = selected_row(self.keys_view)
        keys = sorted(
            trust.list_keys(self._app),
            key=lambda k: (jurisdiction_order(k.jurisdiction), k.enrolled_at),
        )
        self.keys.set_rows(keys)
        self.history.jurisdictions = {k.jurisdiction.code: k.jurisdiction for k in keys}
        self.history.set_rows(list(reversed(trust.history(self._app))))
        if chosen is not None:
            self.select_key(chosen.key_id)

    def select_key(self, key_id: str) -> None:
        for row, key in enumerate(self.keys.rows()):
            if key.key_id == key_id:
                self.keys_view.selectRow(row)
                return

    # -- enrol ---------------------------------------------------------------------------------

    def choose_card(self) -> None:
        """Ask for a key card file, then enrol it after the fingerprint check."""
        dialog = QFileDialog(
            self,
            _("Choose the key card to enrol"),
            self._last_dir,
            _("Key cards (*.json);;All files (*)"),
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        if dialog.exec() == QFileDialog.DialogCode.Accepted and dialog.selectedFiles():
            path = Path(dialog.selectedFiles()[0])
            self._last_dir = str(path.parent)
            self.enrol_card(path)

    def enrol_card(self, path: Path) -> bool:
        """Read the card at ``path``, show it for the check, and enrol it if confirmed."""
        try:
            card = trust.read_card_file(path)
        except JalonError as error:
            show_error(self, error, _("This key card cannot be enrolled"))
            return False
        others = sum(
            1
            for k in self.keys.rows()
            if not k.revoked and k.jurisdiction.code == card.jurisdiction.code
        )
        dialog = EnrolDialog(card, others, self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
        finally:
            dialog.deleteLater()
        try:
            key = trust.enroll(self._app, card)
        except JalonError as error:
            show_error(self, error, _("This key card cannot be enrolled"))
            return False
        self.reload()
        self.select_key(key.key_id)
        self.status_message.emit(
            _("Key {fingerprint} enrolled for {jurisdiction}.").format(
                fingerprint=key_fingerprint(key.key_id),
                jurisdiction=jurisdiction_name(key.jurisdiction),
            )
        )
        bridge().store_changed.emit()
        return True

    # -- revoke --------------------------------------------------------------------------------

    def revoke_selected(self) -> bool:
        key = selected_row(self.keys_view)
        if not isinstance(key, TrustedKey) or key.revoked:
            return False
        try:
            impact = trust.pending_impact(self._app, key.key_id)
        except JalonError as error:
            show_error(self, error)
            return False
        dialog = RevokeDialog(key, impact, self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            reason = dialog.reason_text()
        finally:
            dialog.deleteLater()
        try:
            revoked = trust.revoke(self._app, key.key_id, reason)
        except JalonError as error:
            show_error(self, error)
            return False
        self.reload()
        self.status_message.emit(
            _("Key {fingerprint} of {jurisdiction} revoked.").format(
                fingerprint=key_fingerprint(revoked.key_id),
                jurisdiction=jurisdiction_name(revoked.jurisdiction),
            )
        )
        bridge().store_changed.emit()
        return True

    # -- display -------------------------------------------------------------------------------

    def _update_buttons(self, *_args: object) -> None:
        key = selected_row(self.keys_view)
        able = isinstance(key, TrustedKey) and not key.revoked
        self.revoke_button.setEnabled(able)

    def retranslate(self) -> None:
        self._title.setText(_("Trusted keys"))
        self._intro.setText(
            _(
                "A package is imported only when the key that signed it is enrolled here for "
                "its jurisdiction. Enrol a jurisdiction's key card after checking its "
                "fingerprint with the signer; revoke a key that is lost or no longer used."
            )
        )
        self.enrol_button.setText(_("&Enrol a key card…"))
        self.revoke_button.setText(_("&Revoke the selected key…"))
        self.keys_view.setAccessibleName(_("Enrolled keys"))
        self._history_title.setText(_("History of the trust store"))
        self.history_view.setAccessibleName(_("History of the trust store"))
        self.keys.retranslate()
        self.history.retranslate()
