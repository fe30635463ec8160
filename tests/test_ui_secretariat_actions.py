"""Actions per theme: added, changed and deleted through the form, each change written to the
store and to the audit trail; a refused value keeps the form open and writes nothing."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from jalon.core.actions import ActionStatus
from jalon.services import actions
from jalon.services.app import Jalon
from jalon.ui.secretariat import SecretariatWidget
from jalon.ui.secretariat.action_dialog import ActionDialog
from jalon.ui.secretariat.actions import ActionsModel, AuditModel

from .test_ui_secretariat_support import (  # noqa: F401 - fixtures
    jalon_fixture,
    migrated_data_fixture,
    when_dialog,
    workspace_fixture,
)
from .test_ui_shell_support import find_button


def fill(
    qtbot: QtBot,
    dialog: ActionDialog,
    *,
    description: str | None = None,
    owner: str | None = None,
    due: date | None = None,
    status: ActionStatus | None = None,
    theme: str | None = None,
) -> None:
    if theme is not None:
        dialog.theme.setCurrentIndex(dialog.theme.findData(theme))
    if description is not None:
        dialog.description.clear()
        qtbot.keyClicks(dialog.description, description)
    if owner is not None:
        dialog.owner.clear()
        qtbot.keyClicks(dialog.owner, owner)
    if due is not None:
        if dialog.no_date.isChecked():
            qtbot.mouseClick(dialog.no_date, Qt.MouseButton.LeftButton)
        dialog.due.setDate(QDate(due.year, due.month, due.day))
    if status is not None:
        dialog.status.setCurrentIndex(dialog.status.findData(status.value))


def test_an_action_added_in_a_theme_is_stored_and_audited(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget
) -> None:
    panel = workspace.actions_panel
    workspace.show_tab(workspace.ACTIONS)
    panel.select_theme("digital_identity")
    seen: dict[str, object] = {}

    def add(dialog: QDialog) -> None:
        assert isinstance(dialog, ActionDialog)
        seen["theme"] = dialog.theme.currentData()
        seen["no date"] = dialog.no_date.isChecked() and not dialog.due.isEnabled()
        fill(
            qtbot,
            dialog,
            description="Draft the identity trust framework",
            owner="Quebec and Ontario",
            due=date(2027, 3, 31),
            status=ActionStatus.IN_PROGRESS,
        )
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    when_dialog(add, ActionDialog)
    with qtbot.waitSignal(panel.status_message) as done:
        qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert done.args == ["Action added."]
    assert seen == {"theme": "digital_identity", "no date": True}
    (stored,) = actions.list_actions(jalon)
    assert stored.theme_id == "digital_identity"
    assert stored.description == "Draft the identity trust framework"
    assert stored.owner == "Quebec and Ontario"
    assert stored.due_date == date(2027, 3, 31)
    assert stored.status is ActionStatus.IN_PROGRESS
    model = panel.model
    assert model.rowCount() == 1
    assert model.index(0, ActionsModel.DUE).data() == "Mar 31, 2027"
    assert model.index(0, ActionsModel.STATUS).data() == "In progress"
    assert panel.themes.index(10, 0).data() == "10. Digital identity management (GID) (1)"
    audit = {(c.operation, c.field): c.new_value for c in actions.history(jalon, stored.id)}
    assert audit[("create", "due_date")] == "2027-03-31"
    assert audit[("create", "owner")] == "Quebec and Ontario"
    shown = panel.audit
    fields = [shown.index(r, AuditModel.FIELD).data() for r in range(shown.rowCount())]
    assert set(fields) == {"theme", "description", "owner", "due date", "status"}


def test_changing_an_action_writes_only_what_changed_to_the_audit(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget
) -> None:
    first = actions.add_action(jalon, "strategy", "Circulate the report back", owner="Secretariat")
    panel = workspace.actions_panel
    panel.reload()
    panel.view.selectRow(0)

    def edit(dialog: QDialog) -> None:
        assert isinstance(dialog, ActionDialog)
        assert dialog.description.toPlainText() == "Circulate the report back"
        assert dialog.no_date.isChecked()
        fill(qtbot, dialog, due=date(2027, 1, 15), status=ActionStatus.DONE)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    when_dialog(edit, ActionDialog)
    with qtbot.waitSignal(panel.status_message) as done:
        qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    assert done.args == ["Action changed."]
    changed = actions.get_action(jalon, first.id)
    assert changed.status is ActionStatus.DONE
    assert changed.due_date == date(2027, 1, 15)
    assert changed.owner == "Secretariat"
    edits = [(c.field, c.old_value, c.new_value) for c in actions.history(jalon, first.id)]
    assert [e for e in edits if e[0] in ("status", "due_date") and e[1] is not None] == [
        ("status", "open", "done")
    ]
    assert ("due_date", None, "2027-01-15") in edits
    assert not any(field == "description" and old for field, old, _new in edits)
    # The audit shown is the selected action's, newest first, in words.
    audit = panel.audit
    assert audit.index(0, AuditModel.WHAT).data() == "Changed"
    fields = [audit.index(r, AuditModel.FIELD).data() for r in range(audit.rowCount())]
    row = fields.index("status")  # the newest change of the status
    assert audit.index(row, AuditModel.BEFORE).data() == "To do"
    assert audit.index(row, AuditModel.AFTER).data() == "Done"

    # Back to "no due date".
    def clear(dialog: QDialog) -> None:
        qtbot.mouseClick(dialog.no_date, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]

    when_dialog(clear, ActionDialog)
    panel.edit_selected()
    assert actions.get_action(jalon, first.id).due_date is None
    assert panel.model.index(0, ActionsModel.DUE).data() == "No date"


def test_a_refused_description_keeps_the_form_open_and_writes_nothing(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget
) -> None:
    seen: dict[str, object] = {}

    def add(dialog: QDialog) -> None:
        assert isinstance(dialog, ActionDialog)
        fill(qtbot, dialog, description="   ")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen["open"] = dialog.isVisible()
        seen["error"] = dialog.error.text()
        dialog.cancel_button.click()

    when_dialog(add, ActionDialog)
    assert workspace.actions_panel.add() is None
    assert seen["open"] is True
    assert str(seen["error"]).startswith("An action needs a description.")
    assert actions.list_actions(jalon) == []
    assert actions.history(jalon) == []


def test_deleting_an_action_asks_first_and_keeps_its_history(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget
) -> None:
    gone = actions.add_action(jalon, "security", "Pool penetration testing")
    panel = workspace.actions_panel
    panel.reload()
    panel.view.selectRow(0)
    asked: list[str] = []

    def keep(box: QDialog) -> None:
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        find_button(box, "Keep it").click()

    when_dialog(keep, QMessageBox)
    assert panel.delete_selected() is False
    assert asked == ["Delete the action “Pool penetration testing”?"]
    assert len(actions.list_actions(jalon)) == 1

    def delete(box: QDialog) -> None:
        find_button(box, "Delete the action").click()

    when_dialog(delete, QMessageBox)
    with qtbot.waitSignal(panel.status_message) as done:
        qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert done.args == ["Action deleted."]
    assert actions.list_actions(jalon) == []
    assert panel.model.rowCount() == 0
    last = actions.history(jalon, gone.id)[-1]
    assert (last.operation, last.field, last.old_value) == (
        "delete",
        "description",
        "Pool penetration testing",
    )
    assert panel.audit.index(0, AuditModel.WHAT).data() == "Deleted"
