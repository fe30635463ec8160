"""The trust store: a key card is enrolled only after the person confirms they read the
fingerprint back to its signer; a key is revoked with a reason, after seeing what it changes;
both leave a line in the history."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from jalon.core.jurisdiction import government
from jalon.exchange.keycard import key_card
from jalon.services import trust
from jalon.services.app import Jalon
from jalon.ui.bridge import bridge
from jalon.ui.secretariat import SecretariatWidget
from jalon.ui.secretariat.heatmap import HeatMapModel
from jalon.ui.secretariat.trust import HistoryModel, KeysModel
from jalon.ui.secretariat.trust_dialogs import EnrolDialog, RevokeDialog

from .secretariat_support import signing_key_for
from .test_ui_secretariat_support import (  # noqa: F401 - fixtures
    choose_in_file_dialog,
    jalon_fixture,
    migrated_data_fixture,
    run_import,
    show_dashboard,
    when_dialog,
    workspace_fixture,
    write_demo_packages,
)


def write_card(folder: Path, code: str = "PE", signer: str = "Robin Arsenault") -> tuple[Path, str]:
    key = signing_key_for(government(code), signer)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{code.lower()}-key-card.json"
    path.write_bytes(key_card(key))
    return path, key.key_id


def test_a_key_card_is_enrolled_only_once_its_fingerprint_is_confirmed(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, tmp_path: Path
) -> None:
    card, key_id = write_card(tmp_path / "mail")
    panel = workspace.trust
    workspace.show_tab(workspace.TRUST)
    seen: dict[str, object] = {}

    def confirm(dialog: QDialog) -> None:
        assert isinstance(dialog, EnrolDialog)
        seen["enabled before"] = dialog.enrol_button.isEnabled()
        seen["fingerprint"] = dialog.fingerprint.text()
        seen["who"] = dialog._who.text()
        dialog.enrol_button.click()  # disabled: does nothing
        seen["still open"] = dialog.isVisible()
        qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
        seen["enabled after"] = dialog.enrol_button.isEnabled()
        qtbot.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)

    choose_in_file_dialog(card)
    when_dialog(confirm, EnrolDialog)
    with qtbot.waitSignal(bridge().store_changed):
        qtbot.mouseClick(panel.enrol_button, Qt.MouseButton.LeftButton)

    assert seen["enabled before"] is False
    assert seen["still open"] is True
    assert seen["enabled after"] is True
    enrolled = trust.get_key(jalon, key_id)
    fingerprint = " ".join(key_id[:32].upper()[i : i + 4] for i in range(0, 32, 4))
    # Two lines of four groups, large enough to read aloud.
    assert seen["fingerprint"] == fingerprint[:19] + "\n" + fingerprint[20:]
    assert "Robin Arsenault" in str(seen["who"])
    assert "Prince Edward Island" in str(seen["who"])
    assert not enrolled.revoked
    keys = panel.keys
    assert [keys.index(r, KeysModel.FINGERPRINT).data() for r in range(keys.rowCount())] == [
        fingerprint
    ]
    assert keys.index(0, KeysModel.STATE).data() == "✓ Trusted"
    assert panel.history.index(0, HistoryModel.WHAT).data() == "Enrolled"
    assert panel.history.index(0, HistoryModel.DETAIL).data() == "Robin Arsenault"


def test_closing_the_enrolment_without_confirming_enrols_nothing(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, tmp_path: Path
) -> None:
    card, _key_id = write_card(tmp_path)

    def close(dialog: QDialog) -> None:
        qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        dialog.cancel_button.click()  # type: ignore[attr-defined]

    when_dialog(close, EnrolDialog)
    assert workspace.trust.enrol_card(card) is False
    assert trust.list_keys(jalon) == []
    assert trust.history(jalon) == []


def test_a_malformed_key_card_is_refused_with_its_reason_and_nothing_is_enrolled(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, tmp_path: Path
) -> None:
    card = tmp_path / "card.json"
    card.write_text('{"format": "jalon.keycard", "format_version": 1, "key_id": "zz"}')
    said: list[str] = []

    def read(box: QDialog) -> None:
        assert isinstance(box, QMessageBox)
        said.append(box.text())
        box.accept()

    when_dialog(read, QMessageBox)
    assert workspace.trust.enrol_card(card) is False
    assert said
    assert "card.json" in said[0]
    assert trust.list_keys(jalon) == []


def test_revoking_a_key_shows_what_it_changes_and_needs_a_reason(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, tmp_path: Path
) -> None:
    demo = write_demo_packages(jalon, tmp_path / "usb")
    run_import(qtbot, workspace, [demo.files["BC"]])
    panel = workspace.trust
    workspace.show_tab(workspace.TRUST)
    bc = next(r for r, k in enumerate(panel.keys.rows()) if k.jurisdiction.code == "BC")
    panel.keys_view.selectRow(bc)
    assert panel.revoke_button.isEnabled()
    seen: dict[str, object] = {}

    def revoke(dialog: QDialog) -> None:
        assert isinstance(dialog, RevokeDialog)
        seen["impact"] = dialog._impact_label.text()
        seen["enabled before"] = dialog.revoke_button.isEnabled()
        qtbot.keyClicks(dialog.reason, "Laptop lost on the bus")
        seen["enabled after"] = dialog.revoke_button.isEnabled()
        qtbot.mouseClick(dialog.revoke_button, Qt.MouseButton.LeftButton)

    when_dialog(revoke, RevokeDialog)
    with qtbot.waitSignal(bridge().store_changed):
        qtbot.mouseClick(panel.revoke_button, Qt.MouseButton.LeftButton)

    assert seen["enabled before"] is False
    assert seen["enabled after"] is True
    impact = str(seen["impact"])
    assert "Imported submissions signed by the key" in impact
    assert ": 1;" in impact
    assert "last key enrolled for BC" in impact
    key = next(k for k in trust.list_keys(jalon) if k.jurisdiction.code == "BC")
    assert key.revoked
    assert key.revoke_reason == "Laptop lost on the bus"
    state = panel.keys.index(panel.keys.rows().index(key), KeysModel.STATE).data()
    assert state.startswith("✗ Revoked on ")
    assert state.endswith(": Laptop lost on the bus")
    assert panel.history.index(0, HistoryModel.WHAT).data() == "Revoked"
    assert panel.history.index(0, HistoryModel.DETAIL).data() == "Laptop lost on the bus"
    assert not panel.revoke_button.isEnabled()  # the selected key is revoked now
    # The submission stays, marked, on the other tabs.
    workspace.show_tab(workspace.SUBMISSIONS)
    latest = workspace.submissions.latest
    assert latest.index(0, latest.STATE).data() == "In the dashboard · ⚠ key revoked since"
    show_dashboard(qtbot, workspace)
    heat = workspace.dashboard.heat_model
    assert heat.headerData(0, Qt.Orientation.Vertical) == "British Columbia ⚠ key revoked since"
    assert isinstance(heat, HeatMapModel)


def test_cancelling_a_revocation_changes_nothing(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, tmp_path: Path
) -> None:
    card, key_id = write_card(tmp_path)
    trust.enroll(jalon, trust.read_card_file(card))
    panel = workspace.trust
    panel.reload()
    panel.select_key(key_id)

    def cancel(dialog: QDialog) -> None:
        qtbot.keyClicks(dialog.reason, "Changed my mind")  # type: ignore[attr-defined]
        dialog.cancel_button.click()  # type: ignore[attr-defined]

    when_dialog(cancel, RevokeDialog)
    assert panel.revoke_selected() is False
    assert not trust.get_key(jalon, key_id).revoked
    assert [e.action for e in trust.history(jalon)] == ["enroll"]


def test_the_keys_list_names_a_municipality_with_its_province_and_keeps_its_fingerprint_on_one_line(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget
) -> None:
    from jalon.core.jurisdiction import municipality
    from jalon.ui.secretariat.common import key_fingerprint

    from .secretariat_support import enroll_key

    surrey = municipality("Surrey", province="BC", csd="5915004")
    key_id = enroll_key(jalon, signing_key_for(surrey, "Jordan Lee"))
    panel = workspace.trust
    workspace.show_tab(workspace.TRUST)
    panel.reload()
    [row] = [r for r in range(panel.keys.rowCount()) if panel.keys.row(r).key_id == key_id]
    cell = panel.keys.index(row, KeysModel.JURISDICTION).data()
    assert cell == "Surrey (municipality, BC)"
    [event] = [r for r in range(panel.history.rowCount()) if panel.history.row(r).key_id == key_id]
    assert panel.history.index(event, HistoryModel.JURISDICTION).data() == cell, "not MUN-BC-…"
    font = panel.keys.index(row, KeysModel.FINGERPRINT).data(Qt.ItemDataRole.FontRole)
    needed = QFontMetrics(font).horizontalAdvance(key_fingerprint(key_id))
    assert panel.keys_view.columnWidth(KeysModel.FINGERPRINT) >= needed, "the fingerprint wraps"
