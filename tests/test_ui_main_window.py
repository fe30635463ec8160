"""The main window: pages, menus, language switch, help, about, and closing safely."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QSettings, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from jalon import __version__, i18n
from jalon.core.jurisdiction import government
from jalon.services import assessments, demo, identity
from jalon.services.app import Jalon
from jalon.ui.help import AboutDialog, HelpWindow
from jalon.ui.main_window import EditorWidget, MainWindow
from tests.test_ui_shell_support import (  # noqa: F401 - fixtures
    DialogReplies,
    find_button,
    jalon_fixture,
    left_click,
    migrated_data_fixture,
    plain,
    replies_fixture,
)

needs_editor = pytest.mark.skipif(EditorWidget is None, reason="the editor is not in this build")


def main_window(qtbot: QtBot, app: Jalon, settings: QSettings | None = None) -> MainWindow:
    window = MainWindow(app, settings)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def menu_titles(window: MainWindow) -> list[str]:
    return [plain(a.text()) for a in window.menuBar().actions()]


def menu_entries(menu: QMenu) -> list[str]:
    return [plain(a.text()) for a in menu.actions() if not a.isSeparator()]


def test_the_menus_hold_the_commands_a_person_looks_for(qtbot: QtBot, jalon: Jalon) -> None:
    window = main_window(qtbot, jalon)
    assert menu_titles(window) == ["File", "View", "Help"]
    assert menu_entries(window.file_menu) == [
        "New assessment…",
        "Open",
        "Duplicate as new revision",
        "Archive",
        "Delete…",
        "Open packages…",
        "Set up the signing identity…",
        "Install a framework update…",
        "Quit",
    ]
    assert menu_entries(window.view_menu) == ["My assessments", "Secretariat", "Language"]
    assert window.secretariat.secretariat_action.shortcut().toString() == "Ctrl+Shift+S"
    assert window.secretariat.assessments_action.shortcut().toString() == "Ctrl+Shift+A"
    assert menu_entries(window.language_menu) == ["English", "Français"]
    assert menu_entries(window.help_menu) == ["User guide", "Keyboard shortcuts", "About Jalon"]
    assert window.guide_action.shortcut().toString() == "F1"


def test_choosing_francais_relabels_the_window_and_is_remembered(
    qtbot: QtBot, jalon: Jalon
) -> None:
    window = main_window(qtbot, jalon)
    window.language_actions["fr"].trigger()
    assert i18n.current_language() == "fr"
    assert identity.saved_language(jalon) == "fr"
    assert window.language_actions["fr"].isChecked()
    assert not window.language_actions["en"].isChecked()
    assert window.file_menu.title() == i18n._("&File")
    assert window.home.heading.text() == i18n._("Assessments")
    window.language_actions["en"].trigger()
    assert menu_titles(window) == ["File", "View", "Help"]
    assert identity.saved_language(jalon) == "en"


def test_the_status_bar_says_who_signs(qtbot: QtBot, jalon: Jalon) -> None:
    window = main_window(qtbot, jalon)
    assert window.identity_label.text() == (
        "Not set up to sign yet: File › Set up the signing identity…"
    )
    window.secretariat.secretariat_action.trigger()
    assert window.identity_label.text() == "", "the secretariat signs nothing: no word on it"
    window.secretariat.assessments_action.trigger()
    identity.set_identity(jalon, government("YT"), "Sam Okafor", "CIO")
    window.refresh_identity()
    assert window.identity_label.text() == "Signing as Sam Okafor, CIO — Yukon"


def test_f1_opens_the_guide_in_the_current_language_and_it_follows_a_switch(
    qtbot: QtBot, jalon: Jalon
) -> None:
    window = main_window(qtbot, jalon)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.findChild(HelpWindow)
    assert guide is not None
    assert guide.isVisible()
    assert guide.browser.source().toLocalFile().endswith("guide-en.html")
    assert guide.browser.documentTitle() == "Jalon user guide"
    assert "0 to 4" in guide.browser.toPlainText()
    i18n.set_language("fr")
    assert guide.browser.source().toLocalFile().endswith("guide-fr.html")
    assert guide.browser.documentTitle() == "Guide d'utilisation de Jalon"


class _Opened(QObject):
    """Receives the URLs Jalon asks the desktop to open (instead of a file manager)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_about_shows_the_version_the_licence_and_opens_the_data_folder(
    qtbot: QtBot, jalon: Jalon
) -> None:
    about = AboutDialog(jalon)
    qtbot.addWidget(about)
    about.show()
    assert about.heading.text() == f"Jalon {__version__}"
    assert "MIT licence" in about.body.text()
    assert about.folder.text() == str(jalon.data_dir)
    assert "jalon.sqlite3" in about.database.text()
    opened = _Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        left_click(qtbot, about.open_folder)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [Path(u.toLocalFile()) for u in opened.urls] == [jalon.data_dir]


def test_quit_saves_the_window_size_beside_the_data(qtbot: QtBot, jalon: Jalon) -> None:
    settings = QSettings(str(jalon.data_dir / "window.ini"), QSettings.Format.IniFormat)
    window = main_window(qtbot, jalon, settings)
    window.resize(700, 500)  # within the offscreen screen, which clamps
    window.quit_action.trigger()
    assert not window.isVisible()
    again = MainWindow(
        jalon, QSettings(str(jalon.data_dir / "window.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (700, 500)


def test_opening_a_file_on_the_command_line_says_it_is_not_available_yet(
    qtbot: QtBot, jalon: Jalon, replies: DialogReplies
) -> None:
    window = main_window(qtbot, jalon)
    replies.click("OK")
    window.open_files(["ON-plan-r1.jalon"])
    assert "ON-plan-r1.jalon" in replies.seen[0]


@needs_editor
def test_opening_an_assessment_shows_the_editor_and_back_returns_to_it_selected(
    qtbot: QtBot, jalon: Jalon
) -> None:
    sample = demo.create_demo(jalon, government("ON"), "en")
    other = assessments.create(jalon, government("ON"), "Another")
    window = main_window(qtbot, jalon)
    window.home.select(sample.id)
    window.home.table.setFocus()
    qtbot.keyClick(window.home.table, Qt.Key.Key_Return)
    assert window.current_page is window.editor
    assert window.windowTitle() == sample.title
    # Home's commands act on the list, so they are off while the editor is in front.
    assert not window.home.delete_action.isEnabled()
    assert window.home.new_action.isEnabled()
    window.editor.back_requested.emit()  # type: ignore[union-attr]
    assert window.current_page is window.home
    assert window.editor is None
    assert window.home.selected_id() == sample.id
    assert window.home.delete_action.isEnabled()
    assert other.id != sample.id


@needs_editor
def test_closing_the_window_writes_the_editor_s_pending_change(qtbot: QtBot, jalon: Jalon) -> None:
    a = assessments.create(jalon, government("ON"), "Unsaved work")
    window = main_window(qtbot, jalon)
    window.open_assessment(a.id)
    editor = window.editor
    assert editor is not None
    theme = jalon.framework.themes[0].id
    editor._edit_response(theme, "comment", "Typed just before closing")  # type: ignore[attr-defined]
    assert editor.is_dirty()  # type: ignore[attr-defined]
    window.close()
    assert assessments.get(jalon, a.id).response(theme).comment == "Typed just before closing"


@needs_editor
def test_language_switch_reaches_qt_s_own_buttons(qtbot: QtBot, jalon: Jalon) -> None:
    about = AboutDialog(jalon)
    qtbot.addWidget(about)
    about.show()
    assert plain(find_button(about, "Close").text()) == "Close"
    i18n.set_language("fr")
    QApplication.processEvents()
    assert plain(find_button(about, "Fermer").text()) == "Fermer"


@needs_editor
def test_closing_with_changes_that_cannot_be_written_asks_before_losing_them(
    qtbot: QtBot, jalon: Jalon, replies: DialogReplies
) -> None:
    a = assessments.create(jalon, government("ON"), "Deleted elsewhere")
    window = main_window(qtbot, jalon)
    window.open_assessment(a.id)
    editor = window.editor
    assert editor is not None
    theme = jalon.framework.themes[0].id
    editor._edit_response(theme, "comment", "Cannot be saved")  # type: ignore[attr-defined]
    assessments.delete(jalon, a.id)  # another copy of Jalon deleted it meanwhile
    replies.click("Stay and try again")
    window.close()
    stayed = window.isVisible()
    replies.click("Leave without them")
    window.close()  # (also leaves the test with no dialog waiting, whatever happened above)
    assert stayed
    assert not window.isVisible()
    assert "There is no assessment" in replies.seen[0]  # the store's own words
    assert replies.seen[0] == replies.seen[1]


def test_the_file_menu_runs_the_setup_wizard_again(
    qtbot: QtBot, jalon: Jalon, replies: DialogReplies
) -> None:
    window = main_window(qtbot, jalon)
    replies.click("Skip: I work for the secretariat")
    window.setup_action.trigger()
    assert replies.seen == ["Set up Jalon"]
    assert "secretariat" not in window.identity_label.text()


def test_the_first_window_takes_most_of_a_laptop_screen() -> None:
    from PySide6.QtCore import QSize

    from jalon.ui.main_window import first_window_size

    minimum = QSize(780, 504)
    assert first_window_size(QSize(1366, 728), minimum) == QSize(1229, 655)
    assert first_window_size(QSize(3840, 2100), minimum) == QSize(1600, 1000)
    # A screen smaller than the minimum: the window fits the screen.
    assert first_window_size(QSize(700, 400), minimum) == QSize(700, 400)
