"""The secretariat's workspace inside the main window: where the window starts, the View menu
and its keys, File → Open packages…, and key cards given to the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from jalon.core.jurisdiction import government
from jalon.exchange.keycard import key_card
from jalon.services import assessments, exchange, trust
from jalon.services.app import Jalon
from jalon.ui.app import SETTINGS_FILE
from jalon.ui.main_window import MainWindow
from jalon.ui.secretariat.trust_dialogs import EnrolDialog
from tests.conftest import complete_assessment
from tests.secretariat_support import (
    enroll_key,
    insert_submission,
    quick_package,
    signing_key_for,
    varied_assessment,
)
from tests.test_ui_open_package import drop_on
from tests.test_ui_secretariat_support import choose_in_file_dialog, when_dialog
from tests.test_ui_shell_support import (  # noqa: F401 - fixtures
    jalon_fixture,
    migrated_data_fixture,
)

WAIT_MS = 30_000


def window_on(qtbot: QtBot, app: Jalon, settings: QSettings | None = None) -> MainWindow:
    window = MainWindow(app, settings)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def test_a_data_folder_with_submissions_and_no_assessment_opens_on_the_secretariat(
    qtbot: QtBot, jalon: Jalon
) -> None:
    insert_submission(jalon, varied_assessment(jalon.framework, government("QC"), 3))
    window = window_on(qtbot, jalon)
    assert window.secretariat.workspace is not None
    assert window.current_page is window.secretariat.workspace
    assert window.windowTitle() == "Secretariat"
    assert window.secretariat.secretariat_action.isChecked()


def test_a_data_folder_with_an_assessment_of_its_own_opens_on_my_assessments(
    qtbot: QtBot, jalon: Jalon
) -> None:
    insert_submission(jalon, varied_assessment(jalon.framework, government("QC"), 3))
    assessments.create(jalon, government("MB"), "Plan 2026")
    window = window_on(qtbot, jalon)
    assert window.current_page is window.home
    assert window.secretariat.workspace is None  # not even built


def test_the_page_shown_last_is_the_page_shown_next(qtbot: QtBot, jalon: Jalon) -> None:
    settings = QSettings(str(jalon.data_dir / SETTINGS_FILE), QSettings.Format.IniFormat)
    window = window_on(qtbot, jalon, settings)
    assert window.current_page is window.home
    window.secretariat.secretariat_action.trigger()
    window.close()
    again = window_on(qtbot, jalon, settings)
    assert again.current_page is again.secretariat.workspace


def test_ctrl_shift_s_and_ctrl_shift_a_switch_between_the_pages(qtbot: QtBot, jalon: Jalon) -> None:
    window = window_on(qtbot, jalon)
    qtbot.keyClick(
        window,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    workspace = window.secretariat.workspace
    assert workspace is not None
    assert window.current_page is workspace
    assert workspace.isAncestorOf(QApplication.focusWidget()) or workspace.hasFocus()
    qtbot.keyClick(
        window,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.current_page is window.home


def test_file_open_packages_imports_the_chosen_packages_on_the_secretariat(
    qtbot: QtBot, jalon: Jalon, tmp_path: Path
) -> None:
    key = signing_key_for(government("ON"))
    enroll_key(jalon, key)
    package = tmp_path / "ON-plan-r1.jalon"
    package.write_bytes(quick_package(complete_assessment(jalon.framework, "ON"), key))
    window = window_on(qtbot, jalon)
    choose_in_file_dialog(package)
    window.secretariat.open_packages_action.trigger()
    workspace = window.secretariat.workspace
    assert workspace is not None
    qtbot.waitUntil(lambda: not workspace.intake.is_running, timeout=WAIT_MS)
    assert workspace.intake.results.index(0, 1).data() == "✓ Imported"
    assert [s.filename for s in exchange.list_submissions(jalon)] == [package.name]


def test_a_key_card_dropped_on_the_window_opens_the_fingerprint_check_and_enrols(
    qtbot: QtBot, jalon: Jalon, tmp_path: Path
) -> None:
    key = signing_key_for(government("BC"))
    card = tmp_path / "jalon-key-BC.json"
    card.write_bytes(key_card(key))
    window = window_on(qtbot, jalon)

    def confirm(dialog: object) -> None:
        assert isinstance(dialog, EnrolDialog)
        dialog.confirm.setChecked(True)
        dialog.enrol_button.click()

    when_dialog(confirm, EnrolDialog)
    drop_on(window, [card])
    workspace = window.secretariat.workspace
    assert workspace is not None
    assert workspace.tabs.currentWidget() is workspace.trust
    assert [k.key_id for k in trust.list_keys(jalon)] == [key.key_id]


def test_a_folder_dropped_on_the_window_is_searched_for_packages(
    qtbot: QtBot, jalon: Jalon, tmp_path: Path
) -> None:
    key = signing_key_for(government("ON"))
    enroll_key(jalon, key)
    usb = tmp_path / "USB"
    (usb / "inner").mkdir(parents=True)
    (usb / "inner" / "ON-r1.jalon").write_bytes(
        quick_package(complete_assessment(jalon.framework, "ON"), key)
    )
    window = window_on(qtbot, jalon)
    drop_on(window, [usb])
    workspace = window.secretariat.workspace
    assert workspace is not None
    qtbot.waitUntil(lambda: not workspace.intake.is_running, timeout=WAIT_MS)
    assert len(exchange.list_submissions(jalon)) == 1


def test_the_command_line_hands_key_cards_to_the_desktop_app_too(tmp_path: Path) -> None:
    from jalon.cli.main import main as cli_main

    calls: list[object] = []

    def desktop(**options: object) -> int:
        calls.append(options["files"])
        return 0

    card = tmp_path / "jalon-key-BC.json"
    card.write_bytes(key_card(signing_key_for(government("BC"))))
    assert cli_main([str(card), "--data-dir", str(tmp_path / "data")], gui=desktop) == 0
    assert calls == [[str(card)]]


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen: no stacking
def test_files_handed_over_bring_the_window_back_from_the_task_bar_and_are_imported(
    qtbot: QtBot, jalon: Jalon, tmp_path: Path
) -> None:
    from jalon.ui.handoff import deliver

    key = signing_key_for(government("ON"))
    enroll_key(jalon, key)
    package = tmp_path / "ON-plan-r1.jalon"
    package.write_bytes(quick_package(complete_assessment(jalon.framework, "ON"), key))
    window = window_on(qtbot, jalon)
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized)
    deliver(window, [str(package)])
    assert not window.isMinimized()
    assert window.isVisible()
    workspace = window.secretariat.workspace
    assert workspace is not None
    qtbot.waitUntil(lambda: not workspace.intake.is_running, timeout=WAIT_MS)
    assert [s.filename for s in exchange.list_submissions(jalon)] == [package.name]


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen: no stacking
def test_a_file_handed_over_while_a_dialog_is_open_waits_for_it_to_close(
    qtbot: QtBot, jalon: Jalon, tmp_path: Path
) -> None:
    from jalon.ui.handoff import deliver
    from jalon.ui.package_dialog import PackageDialog

    key = signing_key_for(government("ON"))  # not enrolled: packages are checked, not imported
    first = tmp_path / "ON-plan-r1.jalon"
    first.write_bytes(quick_package(complete_assessment(jalon.framework, "ON"), key))
    second = tmp_path / "ON-plan-r2.jalon"
    second.write_bytes(quick_package(complete_assessment(jalon.framework, "ON"), key))
    window = window_on(qtbot, jalon)
    open_dialogs: list[int] = []
    closed: list[str] = []

    def count_and_close(dialog: QDialog) -> None:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, PackageDialog)]
        open_dialogs.append(sum(w.isVisible() for w in shown))
        closed.append(dialog.windowTitle())
        dialog.reject()

    def the_second_dialog() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, PackageDialog) and modal.isVisible() and not closed_once(modal):
            count_and_close(modal)
        else:
            QTimer.singleShot(20, the_second_dialog)

    def closed_once(dialog: QDialog) -> bool:
        return dialog.property("closed_by_test") is True

    def while_first_is_open(dialog: QDialog) -> None:
        dialog.setProperty("closed_by_test", True)

        def close_the_first() -> None:
            count_and_close(dialog)
            # Watch for the second from now on: on a busy machine it may open before the
            # first's deliver() has returned, inside the same call.
            QTimer.singleShot(0, the_second_dialog)

        QTimer.singleShot(800, close_the_first)
        QTimer.singleShot(5000, close_every_dialog)  # so a failure fails instead of hanging
        deliver(window, [str(second)])  # the second file arrives now

    def close_every_dialog() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, PackageDialog) and widget.isVisible():
                widget.reject()

    when_dialog(while_first_is_open, PackageDialog)
    deliver(window, [str(first)])  # returns once the first dialog is closed
    qtbot.waitUntil(lambda: len(closed) == 2, timeout=WAIT_MS)
    assert open_dialogs == [1, 1]  # never one dialog on top of another
