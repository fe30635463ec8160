"""Switching to French relabels every widget of the shell at once, Qt's own texts included.

The French texts of this work wait in ``translations/pending/`` until the integrator merges
them into the catalog; these tests read them the way the merged catalog will (the screenshot
tour's preview), so they test the same thing before and after the merge.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QTreeView,
    QWidget,
    QWizard,
    QWizardPage,
)
from pytestqt.qtbot import QtBot

from jalon import __version__, i18n
from jalon.core.jurisdiction import GOVERNMENTS, government
from jalon.services import assessments, demo, identity
from jalon.services.app import Jalon
from jalon.ui.help import AboutDialog, HelpWindow
from jalon.ui.home import AssessmentTableModel
from jalon.ui.main_window import EditorWidget, MainWindow
from jalon.ui.new_assessment import NewAssessmentDialog
from jalon.ui.tour import pending_translations
from jalon.ui.wizard import SetupWizard
from tests.test_ui_shell_support import (  # noqa: F401 - fixtures
    add_signed,
    jalon_fixture,
    migrated_data_fixture,
)

#: Texts that are rightly the same in both languages: names, and words French shares.
SAME_IN_BOTH = {
    "Jalon",
    "English",
    "Français",
    "OK",
    "Culture",
    "Leadership",
    "Initial",
    "Options",
    "Participants",
    *(j.name.en for j in GOVERNMENTS if j.name.en == j.name.fr),
}
NO_WORDS = re.compile(r"^[\W\d_]*$")
NUMBERED = re.compile(r"^\d+\.\s+")
FINGERPRINT = re.compile(r"^[0-9A-F\s]+$")  # hexadecimal groups, the same in every language


def same_in_both(text: str) -> bool:
    return NUMBERED.sub("", text.replace("&", "")) in SAME_IN_BOTH


@pytest.fixture(autouse=True)
def _french_with_pending_texts() -> Iterator[None]:
    with pending_translations():
        yield


def visible_texts(root: QWidget) -> dict[tuple[int, str], str]:
    """Every text a person can read or hear on ``root`` and its children, by (object, part)."""
    found: dict[tuple[int, str], str] = {}

    def add(owner: QObject, part: str, text: str) -> None:
        if text and not NO_WORDS.match(text) and not FINGERPRINT.match(text):
            found[(id(owner), part)] = text

    for w in [root, *root.findChildren(QWidget)]:
        if w.isWindow():
            add(w, "window title", w.windowTitle())
        add(w, "tooltip", w.toolTip())
        add(w, "accessible name", w.accessibleName())
        add(w, "status tip", w.statusTip())
        if isinstance(w, QLabel):
            add(w, "text", w.text())
        if isinstance(w, QAbstractButton):
            add(w, "text", w.text())
        if isinstance(w, QLineEdit):
            add(w, "placeholder", w.placeholderText())
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                add(w, f"item {i}", w.itemText(i))
        if isinstance(w, QWizardPage):
            add(w, "title", w.title())
            add(w, "subtitle", w.subTitle())
        if isinstance(w, QMenu):
            add(w, "title", w.title())
        header = (
            w.horizontalHeader()
            if isinstance(w, QTableView)
            else w.header()
            if isinstance(w, QTreeView)
            else None
        )
        if header is not None and not header.isHidden():
            for c in range(header.count()):
                text = header.model().headerData(c, Qt.Orientation.Horizontal)
                add(w, f"header {c}", str(text or ""))
    for a in root.findChildren(QAction):
        add(a, "text", a.text())
        add(a, "status tip", a.statusTip())
    return found


def still_english(
    root: QWidget, before: dict[tuple[int, str], str], data: frozenset[str] = frozenset()
) -> list[str]:
    """The texts unchanged by the switch, except those rightly the same and ``data`` (what
    the person typed, folder names, version numbers)."""
    after = visible_texts(root)
    return sorted(
        f"{part}: {text!r}"
        for (owner, part), text in before.items()
        if after.get((owner, part)) == text and not same_in_both(text) and text not in data
    )


def check_relabelled(root: QWidget) -> None:
    assert i18n.current_language() == "en"
    before = visible_texts(root)
    assert len(before) > 5
    i18n.set_language("fr")
    QApplication.processEvents()
    assert still_english(root, before) == []


def show(qtbot: QtBot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_the_main_window_with_its_list_is_all_french_after_the_switch(
    qtbot: QtBot, jalon: Jalon
) -> None:
    identity.set_identity(jalon, government("ON"), "Alex Tremblay", "CIO")
    demo.create_demo(jalon, government("ON"), "en")
    add_signed(jalon)
    window = show(qtbot, MainWindow(jalon))
    assert isinstance(window, MainWindow)
    model = window.home.model
    cells = [
        model.index(r, c).data()
        for r in range(model.rowCount())
        for c in (AssessmentTableModel.STATUS, AssessmentTableModel.COMPLETENESS)
    ]
    check_relabelled(window)
    french = [
        model.index(r, c).data()
        for r in range(model.rowCount())
        for c in (AssessmentTableModel.STATUS, AssessmentTableModel.COMPLETENESS)
    ]
    assert [(en, fr) for en, fr in zip(cells, french, strict=True) if en == fr] == []


def test_the_empty_home_page_is_all_french_after_the_switch(qtbot: QtBot, jalon: Jalon) -> None:
    check_relabelled(show(qtbot, MainWindow(jalon)))


def shown_texts(root: QWidget) -> dict[tuple[int, str], str]:
    """The texts of what is on screen now (a wizard keeps its other pages and buttons hidden)."""
    everything = visible_texts(root)
    shown = {id(w) for w in [root, *root.findChildren(QWidget)] if w.isVisibleTo(root)}
    shown |= {id(a) for a in root.findChildren(QAction)}
    return {key: text for key, text in everything.items() if key[0] in shown}


def wizard_pages(wizard: SetupWizard) -> Iterator[int]:
    """Walk the wizard's pages the way a person does (English first, the same way in French)."""
    yield wizard.currentId()
    wizard.next()
    yield wizard.currentId()
    picker = wizard.jurisdiction_page.picker
    picker.combo.setCurrentIndex(picker.combo.count() - 1)  # shows the municipality's name
    yield wizard.currentId()
    picker.combo.setCurrentIndex(0)
    wizard.next()
    wizard.signer_page.name.setText("Alex Tremblay")
    wizard.signer_page.title_edit.setText("CIO")
    yield wizard.currentId()


def test_every_page_of_the_wizard_is_all_french_after_the_switch(
    qtbot: QtBot, jalon: Jalon
) -> None:
    english = show(qtbot, SetupWizard(jalon))
    before = [shown_texts(english) for _page in wizard_pages(english)]  # type: ignore[arg-type]
    english.close()
    i18n.set_language("fr")
    french = show(qtbot, SetupWizard(jalon))
    after = [shown_texts(french) for _page in wizard_pages(french)]  # type: ignore[arg-type]
    # Another wizard object: compare page by page, part by part, in the order they appear.
    for page, (en, fr) in enumerate(zip(before, after, strict=True)):
        same = sorted(
            (part, text)
            for (_o, part), text in en.items()
            if text in fr.values() and not same_in_both(text)
        )
        assert same == [], f"page {page}"
    assert isinstance(french, SetupWizard)
    # Qt's own wizard buttons come from qtbase_fr.qm.
    assert french.button(QWizard.WizardButton.BackButton).text() == "< &Précédent"
    assert french.button(QWizard.WizardButton.CancelButton).text() == "Annuler"


def test_the_open_wizard_relabels_its_page_and_buttons_on_a_switch(
    qtbot: QtBot, jalon: Jalon
) -> None:
    wizard = show(qtbot, SetupWizard(jalon))
    assert isinstance(wizard, SetupWizard)
    wizard.next()
    before = shown_texts(wizard)
    i18n.set_language("fr")
    QApplication.processEvents()
    assert still_english_shown(wizard, before) == []
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "&Suivant >"


def still_english_shown(root: QWidget, before: dict[tuple[int, str], str]) -> list[str]:
    after = shown_texts(root)
    return sorted(
        f"{part}: {text!r}"
        for (owner, part), text in before.items()
        if after.get((owner, part)) == text and not same_in_both(text)
    )


def test_the_wizard_relabels_itself_when_french_is_chosen_on_its_first_page(
    qtbot: QtBot, jalon: Jalon
) -> None:
    wizard = show(qtbot, SetupWizard(jalon))
    assert isinstance(wizard, SetupWizard)
    before = shown_texts(wizard)
    wizard.language_page.french.click()
    assert still_english_shown(wizard, before) == []


def test_the_dialogs_are_all_french_after_the_switch(qtbot: QtBot, jalon: Jalon) -> None:
    dialog = show(qtbot, NewAssessmentDialog(jalon))
    about = show(qtbot, AboutDialog(jalon))
    guide = show(qtbot, HelpWindow())
    before = {
        "dialog": visible_texts(dialog),
        "about": visible_texts(about),
        "guide": visible_texts(guide),
    }
    i18n.set_language("fr")
    QApplication.processEvents()
    assert still_english(dialog, before["dialog"]) == []
    data = frozenset({str(jalon.data_dir), f"Jalon {__version__}"})
    assert still_english(about, before["about"], data) == []
    assert still_english(guide, before["guide"]) == []


@pytest.mark.skipif(EditorWidget is None, reason="the editor is not in this build")
def test_the_main_window_with_the_editor_open_is_all_french_after_the_switch(
    qtbot: QtBot, jalon: Jalon
) -> None:
    sample = assessments.create(jalon, government("ON"), "Plan")
    window = show(qtbot, MainWindow(jalon))
    assert isinstance(window, MainWindow)
    window.open_assessment(sample.id)
    editor = window.editor
    assert editor is not None
    keys = editor.page_keys() if hasattr(editor, "page_keys") else []
    pages: dict[str, dict[tuple[int, str], str]] = {}
    for key in keys:
        editor.show_page(key)  # type: ignore[attr-defined]
        pages[key] = shown_texts(window)  # pages off screen may relabel when shown
    i18n.set_language("fr")
    QApplication.processEvents()
    left = {}
    for key in keys:
        editor.show_page(key)  # type: ignore[attr-defined]
        remaining = [
            line
            for line in still_english_shown(window, pages[key])
            if line != f"window title: {sample.title!r}"
        ]
        if remaining:
            left[key] = remaining
    assert left == {}


def test_the_key_pages_relabel_themselves_on_a_switch(qtbot: QtBot, jalon: Jalon) -> None:
    wizard = show(qtbot, SetupWizard(jalon))
    assert isinstance(wizard, SetupWizard)
    wizard.next()
    wizard.next()
    wizard.signer_page.name.setText("Alex Tremblay")
    wizard.signer_page.title_edit.setText("CIO")
    wizard.next()
    page = wizard.passphrase_page
    assert page is not None
    assert wizard.currentPage() is page
    page.first.setText("maple lantern harbour quietly")
    page.second.setText("maple lantern harbour")
    before = shown_texts(wizard)
    i18n.set_language("fr")
    assert still_english_shown(wizard, before) == []
    i18n.set_language("en")
    page.second.setText("maple lantern harbour quietly")
    wizard.next()  # the key is made in the background; the wizard moves on once it is
    qtbot.waitUntil(lambda: wizard.currentId() == SetupWizard.FINGERPRINT, timeout=30_000)
    before = shown_texts(wizard)
    i18n.set_language("fr")
    assert still_english_shown(wizard, before) == []


def file_dialog(qtbot: QtBot, folder: str) -> QFileDialog:
    """Qt's own file window (not the system's), as Jalon shows it where there is none."""
    dialog = QFileDialog(None, "Jalon", folder, "*.json")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    show(qtbot, dialog)
    return dialog


def words(dialog: QFileDialog) -> list[str]:
    """The labels and buttons of the file window."""
    return sorted(
        w.text()
        for w in dialog.findChildren(QWidget)
        if isinstance(w, (QLabel, QAbstractButton)) and w.isVisible() and w.text()
    )


FRENCH_FILE_WINDOW = [
    "&Nom de fichier\u00a0:",
    "&Ouvrir",
    "&Voir dans\u00a0:",
    "Annuler",
    "Fichiers de &type\u00a0:",
]
ENGLISH_FILE_WINDOW = ["&Look in:", "&Open", "Cancel", "File &name:", "Files of &type:"]


def test_qt_s_file_window_reads_in_french_when_jalon_does(qtbot: QtBot, jalon: Jalon) -> None:
    i18n.set_language("fr")
    assert words(file_dialog(qtbot, str(jalon.data_dir))) == FRENCH_FILE_WINDOW


def test_qt_s_file_window_follows_each_switch_of_language(qtbot: QtBot, jalon: Jalon) -> None:
    folder = str(jalon.data_dir)
    assert words(file_dialog(qtbot, folder)) == ENGLISH_FILE_WINDOW
    i18n.set_language("fr")
    assert words(file_dialog(qtbot, folder)) == FRENCH_FILE_WINDOW
    i18n.set_language("en")
    assert words(file_dialog(qtbot, folder)) == ENGLISH_FILE_WINDOW


def test_qt_s_own_texts_pass_through_jalon_s_translator_without_leaking_references(
    qtbot: QtBot, jalon: Jalon
) -> None:
    """In French, Qt asks Jalon's Python translator (QtGaps) for every text of its own and it
    answers None for all but two: a binding that mishandles None returned from a virtual (as
    PySide6 6.12.0 did for void calls) would show here as a drifting count of None."""
    import sys

    from PySide6.QtCore import QCoreApplication

    i18n.set_language("fr")
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "&Voir dans\u00a0:"
    for _ in range(1_000):  # warm up
        QCoreApplication.translate("QLineEdit", "&Undo")
    before = sys.getrefcount(None)
    for _ in range(100_000):
        QCoreApplication.translate("QLineEdit", "&Undo")
    assert abs(sys.getrefcount(None) - before) < 100
