"""The editor offers a signed revision a new revision on a newer framework version, and shows
theme by theme what is carried, merged, copied or left behind before the person confirms."""

# The fixtures are imported from the shared modules, then requested by name.
# ruff: noqa: F401, F811

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from jalon import i18n
from jalon.core import assessment as am
from jalon.services import frameworks
from jalon.services.app import Jalon
from jalon.ui.carry_dialog import CarryForwardDialog
from tests.test_framework_updates import (
    passphrase_file,
    secretariat_office,
    shipped_trust,
    v2_file,
)
from tests.test_ui_editor_fixtures import complete_demo, jalon_app, open_editor, sign_in_store


def _answer_dialog(qtbot: QtBot, button: QDialogButtonBox.StandardButton, seen: list) -> None:
    def act() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CarryForwardDialog)
        seen.append(
            [dialog.model.cell(r, c) for r in range(dialog.model.rowCount()) for c in range(4)]
        )
        qtbot.mouseClick(dialog.buttons.button(button), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, act)


def test_a_signed_revision_starts_on_the_newer_version_after_the_plan_is_confirmed(
    qtbot: QtBot, jalon_app: Jalon, complete_demo: am.Assessment, v2_file: Path
) -> None:
    sign_in_store(jalon_app, complete_demo)
    frameworks.install(jalon_app, v2_file)
    editor = open_editor(qtbot, jalon_app, complete_demo.id)
    button = editor.banner.newer_version_button
    assert button.isVisibleTo(editor)
    assert button.text() == "New revision on version 2.0…"
    seen: list = []
    _answer_dialog(qtbot, QDialogButtonBox.StandardButton.Ok, seen)
    with qtbot.waitSignal(editor.status_message) as said:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert said.args == ["Revision 2 started on version 2.0: you can edit it now."]
    cells = seen[0]
    assert "merged" in cells
    assert "left behind" in cells
    assert "new, to answer" in cells
    assert "Governance and policy" in cells
    assert "Procurement" in cells
    assert editor.assessment.revision == 2
    assert editor.assessment.framework.version == "2.0"
    assert not editor.banner.isVisibleTo(editor)
    assert editor.navigator_model is not None


def test_cancelling_the_plan_changes_nothing(
    qtbot: QtBot, jalon_app: Jalon, complete_demo: am.Assessment, v2_file: Path
) -> None:
    sign_in_store(jalon_app, complete_demo)
    frameworks.install(jalon_app, v2_file)
    editor = open_editor(qtbot, jalon_app, complete_demo.id)
    seen: list = []
    _answer_dialog(qtbot, QDialogButtonBox.StandardButton.Cancel, seen)
    qtbot.mouseClick(editor.banner.newer_version_button, Qt.MouseButton.LeftButton)
    assert seen
    assert editor.assessment.revision == 1
    with jalon_app.uow() as uow:
        assert [i.revision for i in uow.assessments.revisions(complete_demo.id)] == [1]


def test_no_newer_version_is_offered_when_none_is_installed(
    qtbot: QtBot, jalon_app: Jalon, complete_demo: am.Assessment
) -> None:
    sign_in_store(jalon_app, complete_demo)
    editor = open_editor(qtbot, jalon_app, complete_demo.id)
    assert not editor.banner.newer_version_button.isVisibleTo(editor)


def test_the_plan_reads_in_french(
    qtbot: QtBot, jalon_app: Jalon, complete_demo: am.Assessment, v2_file: Path
) -> None:
    sign_in_store(jalon_app, complete_demo)
    frameworks.install(jalon_app, v2_file)
    i18n.set_language("fr")
    dialog = CarryForwardDialog(jalon_app, complete_demo.id, "2.0")
    qtbot.addWidget(dialog)
    cells = [dialog.model.cell(r, 0) for r in range(dialog.model.rowCount())]
    assert "fusionné" in cells
    assert "non reporté" in cells
    assert "nouveau, à remplir" in cells
    assert dialog.windowTitle() == "Commencer une nouvelle révision sur la version 2.0"


def test_the_dashboard_shows_version_1_and_version_2_submissions_side_by_side(
    qtbot: QtBot, v2_file: Path, secretariat_office: object
) -> None:
    from jalon.core.jurisdiction import government
    from jalon.ui.secretariat import SecretariatWidget
    from tests.secretariat_support import insert_submission, varied_assessment

    sec = secretariat_office.app  # type: ignore[attr-defined]
    frameworks.install(sec, v2_file)
    v2 = sec.framework
    v1 = sec.frameworks.get(v2.id, "1.0")
    quebec = varied_assessment(v1, government("QC"), 3)
    insert_submission(sec, quebec)
    insert_submission(sec, varied_assessment(v2, government("ON"), 4))
    workspace = SecretariatWidget(sec)
    qtbot.addWidget(workspace)
    dashboard = workspace.dashboard
    dashboard.reload()
    assert dashboard.tabs.tabText(dashboard.VERSIONS) == "Framework versions"
    model = dashboard.versions.model
    rows = {model.cell(r, 0): r for r in range(model.rowCount())}
    assert set(rows) == {"Quebec", "Ontario"}
    assert model.cell(rows["Quebec"], 1) == "1.0 (r1)"
    assert model.cell(rows["Ontario"], 1) == "2.0 (r1)"
    governance = 2 + [t.id for t in v2.themes].index("governance")
    parts = [quebec.response(t) for t in ("governance", "policy_legislation")]
    lowest = min(p.current for p in parts if p.current is not None)
    highest = max(p.target for p in parts if p.target is not None)
    assert model.cell(rows["Quebec"], governance) == f"{lowest} → {highest}"
    assert "version 1.0: 1, version 2.0: 1" in dashboard.versions.note.text()
    workspace.wait()


def test_installing_a_framework_update_from_the_file_menu_shows_what_changed_first(
    qtbot: QtBot, jalon_app: Jalon, v2_file: Path
) -> None:
    from jalon.ui.framework_install import FrameworkInstallDialog
    from jalon.ui.main_window import MainWindow
    from tests.test_ui_secretariat_support import choose_in_file_dialog, when_dialog

    window = MainWindow(jalon_app)
    qtbot.addWidget(window)
    window.show()
    shown: list[str] = []

    def confirm(dialog: FrameworkInstallDialog) -> None:
        shown.append(dialog.changes.toPlainText())
        shown.append(dialog.signer.text())
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )

    choose_in_file_dialog(v2_file)
    when_dialog(confirm, FrameworkInstallDialog)  # type: ignore[arg-type]
    window.framework_action.trigger()
    qtbot.waitUntil(lambda: len(shown) == 2)
    changes, signer = shown
    assert "Policy and legislation → merged into Governance and policy" in changes
    assert "+ AI readiness (added)" in changes
    assert "the secretariat key shipped with Jalon" in signer
    assert jalon_app.framework.version == "2.0"
    assert (jalon_app.data_dir / "frameworks" / "jc-digital-strategy-2.0.jalonfw").exists()
