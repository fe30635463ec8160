"""The keyboard shortcuts sheet, opened from the Help menu and by its key, in both languages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from jalon import i18n
from jalon.services.app import Jalon
from jalon.ui.shortcuts import ShortcutsSheet
from tests.test_ui_main_window import main_window, menu_entries
from tests.test_ui_shell_support import jalon_fixture, migrated_data_fixture  # noqa: F401


def test_help_lists_the_keyboard_shortcuts_and_ctrl_f1_opens_them_in_both_languages(
    qtbot: QtBot, jalon: Jalon
) -> None:
    window = main_window(qtbot, jalon)
    assert menu_entries(window.help_menu) == ["User guide", "Keyboard shortcuts", "About Jalon"]
    qtbot.keyClick(window, Qt.Key.Key_F1, Qt.KeyboardModifier.ControlModifier)
    sheet = window.findChild(ShortcutsSheet)
    assert sheet is not None
    assert sheet.isVisible()
    text = sheet.text()
    assert "0–4\nChoose the current level" in text
    assert "Shift+0–4\nChoose the target level" in text
    assert "Move up or down the levels without choosing" in text
    assert "Ctrl+PgDown or Alt+Right" in text
    i18n.set_language("fr")
    assert sheet.windowTitle() == "Raccourcis clavier"
    assert "Choisir le niveau actuel" in sheet.text()
    assert "Choose" not in sheet.text()
