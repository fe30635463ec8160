"""Accessibility of the shell: names for every input, the keyboard alone, large text, dark
themes, and nothing said by colour alone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from jalon.core.jurisdiction import government
from jalon.services import assessments, demo, identity
from jalon.services.app import Jalon
from jalon.ui.help import AboutDialog, HelpWindow
from jalon.ui.main_window import EditorWidget, MainWindow
from jalon.ui.new_assessment import NewAssessmentDialog
from jalon.ui.tour import dark_palette
from jalon.ui.wizard import SetupWizard
from tests.test_ui_shell_support import (  # noqa: F401 - fixtures
    add_signed,
    jalon_fixture,
    migrated_data_fixture,
)


def unnamed_inputs(root: QWidget) -> list[str]:
    """Focusable controls on screen with neither an accessible name nor a buddy label (buttons
    are named by their text)."""
    buddies = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy()}
    missing = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or not (w.focusPolicy() & Qt.FocusPolicy.TabFocus):
            continue
        if isinstance(w.parentWidget(), QAbstractSpinBox | QComboBox):
            continue  # the inner line edit of a spin box or editable combo: named by its owner
        if w.focusProxy() is not None:
            continue  # focus goes to the proxy, which is checked itself
        if isinstance(w, QAbstractButton):
            named = bool(w.text().strip() or w.accessibleName().strip())
        else:
            named = bool(w.accessibleName().strip()) or id(w) in buddies
        if not named:
            missing.append(f"{type(w).__name__} {w.objectName()!r} in {type(w.window()).__name__}")
    return missing


def shown(qtbot: QtBot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    return widget


def wizard_pages(wizard: SetupWizard) -> Iterator[str]:
    yield "language"
    wizard.next()
    yield "jurisdiction"
    picker = wizard.jurisdiction_page.picker
    picker.combo.setCurrentIndex(picker.combo.count() - 1)
    yield "jurisdiction (municipality)"
    picker.combo.setCurrentIndex(0)
    wizard.next()
    yield "signer"
    if wizard.passphrase_page is not None:
        wizard.signer_page.name.setText("Alex Tremblay")
        wizard.signer_page.title_edit.setText("CIO")
        wizard.next()
        yield "passphrase"
        wizard.passphrase_page.first.setText("maple lantern harbour quietly")
        wizard.passphrase_page.second.setText("maple lantern harbour quietly")
        wizard.next()
        yield "fingerprint"


def test_every_input_of_every_window_has_a_name(qtbot: QtBot, jalon: Jalon) -> None:
    problems: dict[str, list[str]] = {}
    empty = shown(qtbot, MainWindow(jalon))
    problems["home (empty)"] = unnamed_inputs(empty)
    demo.create_demo(jalon, government("ON"), "en")
    full = shown(qtbot, MainWindow(jalon))
    problems["home"] = unnamed_inputs(full)
    dialog = shown(qtbot, NewAssessmentDialog(jalon))  # no identity yet: a picker
    assert isinstance(dialog, NewAssessmentDialog)
    assert dialog.picker is not None
    problems["new assessment"] = unnamed_inputs(dialog)
    dialog.picker.combo.setCurrentIndex(dialog.picker.combo.count() - 1)
    problems["new assessment (municipality)"] = unnamed_inputs(dialog)
    wizard = shown(qtbot, SetupWizard(jalon))
    assert isinstance(wizard, SetupWizard)
    for page in wizard_pages(wizard):
        problems[f"wizard: {page}"] = unnamed_inputs(wizard)
    problems["new assessment (identity)"] = unnamed_inputs(shown(qtbot, NewAssessmentDialog(jalon)))
    problems["about"] = unnamed_inputs(shown(qtbot, AboutDialog(jalon)))
    problems["guide"] = unnamed_inputs(shown(qtbot, HelpWindow()))
    assert {k: v for k, v in problems.items() if v} == {}


@pytest.mark.skipif(EditorWidget is None, reason="the editor is not in this build")
def test_every_input_of_every_editor_page_has_a_name(qtbot: QtBot, jalon: Jalon) -> None:
    sample = demo.create_demo(jalon, government("ON"), "en")
    window = shown(qtbot, MainWindow(jalon))
    assert isinstance(window, MainWindow)
    window.open_assessment(sample.id)
    editor = window.editor
    problems = {}
    for key in editor.page_keys():  # type: ignore[union-attr]
        editor.show_page(key)  # type: ignore[union-attr]
        if missing := unnamed_inputs(window):
            problems[key] = missing
    assert problems == {}


def focus_order(qtbot: QtBot, start: QWidget, steps: int) -> list[QWidget]:
    start.setFocus()
    seen = [QApplication.focusWidget()]
    for _ in range(steps):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    return seen


def test_tab_walks_the_home_page_in_screen_order(qtbot: QtBot, jalon: Jalon) -> None:
    demo.create_demo(jalon, government("ON"), "en")
    window = MainWindow(jalon)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    home = window.home
    b = home.buttons
    order = focus_order(qtbot, b[home.new_action], 6)
    assert order == [
        b[home.new_action],
        b[home.open_action],
        b[home.duplicate_action],
        b[home.archive_action],
        b[home.delete_action],
        home.show_archived,
        home.table,
    ]


def test_the_keyboard_alone_creates_an_assessment_from_the_home_page(
    qtbot: QtBot, jalon: Jalon
) -> None:
    identity.set_identity(jalon, government("NS"), "Alex Tremblay", "CIO")
    window = MainWindow(jalon)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    seen: list[str] = []

    def type_title_and_press_enter() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, NewAssessmentDialog):
            QTimer.singleShot(10, type_title_and_press_enter)
            return
        try:
            focused = dialog.focusWidget()
            seen.append("title focused" if focused is dialog.title else repr(focused))
            qtbot.keyClicks(focused, "Keyboard plan")
            qtbot.keyClick(focused, Qt.Key.Key_Return)
        finally:
            if dialog.isVisible():  # never leave a test waiting on an open dialog
                dialog.reject()

    QTimer.singleShot(0, type_title_and_press_enter)
    opened: list[str] = []
    window.home.open_requested.connect(opened.append)
    window.home.open_requested.disconnect(window.open_assessment)  # the editor is tested apart
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen == ["title focused"]  # the title has the focus when the dialog opens
    [row] = assessments.list_assessments(jalon)
    assert (row.assessment.title, row.assessment.jurisdiction.code) == ("Keyboard plan", "NS")
    assert opened == [row.id]


def large_text(qapp: QApplication) -> Iterator[None]:
    font = QFont(qapp.font())
    big = QFont(font)
    big.setPointSizeF(font.pointSizeF() * 2)
    qapp.setFont(big)
    try:
        yield
    finally:
        qapp.setFont(font)


@pytest.fixture
def twice_the_text(qapp: QApplication) -> Iterator[None]:
    yield from large_text(qapp)


#: A common laptop screen. At twice the text size every window must still fit on it.
SCREEN = (1366, 768)


def clipped(root: QWidget) -> list[str]:
    """Labels and buttons on screen that got less room than their text needs."""
    found = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or w.width() <= 1:
            continue
        if isinstance(w, QLabel) and w.text():
            if w.wordWrap():
                need = w.heightForWidth(w.width())
                if need > w.height() + 1:
                    found.append(f"label {w.text()[:40]!r}: {w.height()} < {need}")
            elif w.width() + 1 < w.minimumSizeHint().width():
                found.append(f"label {w.text()[:40]!r} is cut")
        if isinstance(w, QAbstractButton) and w.text() and w.width() + 1 < w.sizeHint().width():
            found.append(f"button {w.text()!r}: {w.width()} < {w.sizeHint().width()}")
    return found


def fits(qtbot: QtBot, window: QWidget) -> list[str]:
    qtbot.addWidget(window)
    window.show()
    QApplication.processEvents()
    need = window.minimumSizeHint().expandedTo(window.minimumSize())
    problems = []
    if need.width() > SCREEN[0] or need.height() > SCREEN[1]:
        problems.append(f"needs {need.width()}×{need.height()}")
    window.resize(
        min(max(need.width(), window.width()), SCREEN[0]),
        min(max(need.height(), window.height()), SCREEN[1]),
    )
    QApplication.processEvents()
    return problems + clipped(window)


@pytest.mark.usefixtures("twice_the_text")
def test_windows_hold_at_twice_the_text_size(qtbot: QtBot, jalon: Jalon) -> None:
    demo.create_demo(jalon, government("ON"), "en")
    add_signed(jalon)
    problems = {"main window": fits(qtbot, MainWindow(jalon))}
    wizard = SetupWizard(jalon)
    qtbot.addWidget(wizard)
    for page in wizard_pages(wizard):
        problems[f"wizard: {page}"] = fits(qtbot, wizard)
    problems["new assessment"] = fits(qtbot, NewAssessmentDialog(jalon))
    problems["about"] = fits(qtbot, AboutDialog(jalon))
    problems["guide"] = fits(qtbot, HelpWindow())
    assert {k: v for k, v in problems.items() if v} == {}


def test_colours_come_from_the_palette_so_dark_themes_work(
    qtbot: QtBot, jalon: Jalon, qapp: QApplication
) -> None:
    """No widget of the shell sets its own colours or style sheet: a dark desktop theme (or
    high contrast) applies everywhere. The one exception is the passphrase meter, whose colour
    is the verdict."""
    demo.create_demo(jalon, government("ON"), "en")
    normal = qapp.palette()
    qapp.setPalette(dark_palette())  # type: ignore[arg-type]
    try:
        windows = [
            shown(qtbot, MainWindow(jalon)),
            shown(qtbot, SetupWizard(jalon)),
            shown(qtbot, NewAssessmentDialog(jalon)),
            shown(qtbot, AboutDialog(jalon)),
        ]
        styled = [
            f"{type(w).__name__} in {type(root).__name__}"
            for root in windows
            for w in [root, *root.findChildren(QWidget)]
            if w.styleSheet() or w.testAttribute(Qt.WidgetAttribute.WA_SetPalette)
            # The passphrase meter's colour is its verdict (red, amber, green: issue 15).
            if w.objectName() != "strength-meter"
        ]
        assert styled == []
        image = windows[0].grab().toImage()
        background = image.pixelColor(image.width() // 2, image.height() - 40)
        assert background.lightness() < 100  # the window really is dark
    finally:
        qapp.setPalette(normal)


def test_status_and_completeness_are_words_not_colours(qtbot: QtBot, jalon: Jalon) -> None:
    add_signed(jalon)
    window = shown(qtbot, MainWindow(jalon))
    assert isinstance(window, MainWindow)
    model = window.home.model
    for column in range(model.columnCount()):
        for role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole):
            assert model.index(0, column).data(role) is None
    assert model.index(0, model.STATUS).data() == "Signed"
    assert model.index(0, model.COMPLETENESS).data() == "0 of 14 themes · 0%"


def test_the_wizard_buttons_can_be_reached_by_keyboard(qtbot: QtBot, jalon: Jalon) -> None:
    wizard = SetupWizard(jalon)
    qtbot.addWidget(wizard)
    with qtbot.waitActive(wizard):
        wizard.show()
        wizard.activateWindow()
    for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.CustomButton1):
        assert wizard.button(which).focusPolicy() & Qt.FocusPolicy.TabFocus
    qtbot.keyClick(wizard, Qt.Key.Key_Return)  # Enter is Next on every page
    assert wizard.currentId() == SetupWizard.JURISDICTION
