"""The secretariat's whole journey through the real ``jalon`` program, driven as a person drives
it, from the menus, buttons and keys of the main window (no widget constructed here):

an empty data folder → the first-run wizard, "I work for the secretariat" → the workspace →
three key cards enrolled after their fingerprint check → three packages dropped on the window →
two heat-map cells checked against the packages' answers → two actions recorded → the report
back written in English and in French, whose text (read back from the PDF) names the three
jurisdictions and the two actions.

The jurisdictions' keys, cards and packages are made in other temporary folders with the
secretariat tests' helpers: real keys (quick scrypt), real signed packages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QWizard
from pytestqt.qtbot import QtBot

from jalon.core.framework import Framework
from jalon.core.jurisdiction import government
from jalon.exchange.keycard import key_card
from jalon.main import main as jalon
from jalon.ui.secretariat.action_dialog import ActionDialog
from jalon.ui.secretariat.common import VALUE_ROLE
from jalon.ui.secretariat.report_back import OutputDialog
from jalon.ui.secretariat.trust_dialogs import EnrolDialog
from jalon.ui.wizard import SetupWizard
from tests.secretariat_support import quick_package, signing_key_for, varied_assessment
from tests.test_ui_journey import Condition, Person, later, main_window, modal
from tests.test_ui_shell_support import close_all_windows  # noqa: F401

LEFT = Qt.MouseButton.LeftButton
CODES = ("ON", "BC", "NS")
SEEDS = {"ON": 1, "BC": 5, "NS": 6}
ACTIONS = (
    ("talent", "Hire a chief data officer", "Sam Okafor"),
    ("open_data", "Publish the open data inventory", "Marie Gagnon"),
)
INFO_ROLE = Qt.ItemDataRole.UserRole + 10  # the heat map's row: whose submission it is


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def pdf_text(path: Path) -> str:
    return words(" ".join(page.extract_text() or "" for page in PdfReader(path).pages))


def drop(window: object, paths: list[Path]) -> None:
    """Drop ``paths`` on the main window, as a file manager does."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    how = (Qt.DropAction.CopyAction, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(QPoint(40, 40), *how)
    QApplication.sendEvent(window, enter)  # type: ignore[arg-type]
    assert enter.isAccepted()
    dropped = QDropEvent(QPointF(40, 40), *how)
    QApplication.sendEvent(window, dropped)  # type: ignore[arg-type]
    assert dropped.isAccepted()


def test_the_secretariat_sets_up_enrols_imports_compares_records_actions_and_reports_back(
    qtbot: QtBot, tmp_path: Path, framework: Framework
) -> None:
    data = tmp_path / "secretariat"  # nothing yet: the very first start
    mail = tmp_path / "mail"  # what the jurisdictions sent: key cards, then packages
    mail.mkdir()
    cards: list[Path] = []
    packages: list[Path] = []
    answers = {}
    for code in CODES:
        j = government(code)
        key = signing_key_for(j)
        card = mail / f"jalon-key-{code}-{key.key_id[:8]}.json"
        card.write_bytes(key_card(key))
        cards.append(card)
        answers[code] = varied_assessment(framework, j, SEEDS[code])
        package = mail / f"{code}-digital-strategy-r1.jalon"
        package.write_bytes(quick_package(answers[code], key))
        packages.append(package)
    reports = {"en": tmp_path / "report-en.pdf", "fr": tmp_path / "rapport-fr.pdf"}
    seen: dict[str, object] = {}
    person = Person(qtbot)

    def journey() -> Iterator[Condition]:
        wizard = yield modal(SetupWizard)
        assert isinstance(wizard, SetupWizard)
        window = main_window()
        assert window is not None
        skip = wizard.button(QWizard.WizardButton.CustomButton1)
        assert skip.text() == "S&kip: I work for the secretariat"
        qtbot.mouseClick(skip, LEFT)
        yield lambda: window.secretariat.shown and QApplication.activeModalWidget() is None
        assert window.windowTitle() == "Secretariat"
        assert window.secretariat.secretariat_action.isChecked()
        workspace = window.secretariat.workspace
        assert workspace is not None
        # View → My assessments, and back with View → Secretariat.
        window.secretariat.assessments_action.trigger()
        assert window.current_page is window.home
        assert window.windowTitle() == "Assessments"
        window.secretariat.secretariat_action.trigger()
        assert window.current_page is workspace
        bar = workspace.tabs.tabBar()

        def open_tab(index: int) -> None:
            qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(index).center())
            assert workspace.tabs.currentIndex() == index

        # Three key cards, each enrolled after its fingerprint was read back.
        open_tab(workspace.TRUST)
        for card in cards:
            later(workspace.trust.enrol_button.click)
            files = yield modal(QFileDialog)
            assert isinstance(files, QFileDialog)
            files.selectFile(str(card))
            later(files.accept)
            enrol = yield modal(EnrolDialog)
            assert isinstance(enrol, EnrolDialog)
            assert not enrol.enrol_button.isEnabled()  # not before the check
            qtbot.mouseClick(enrol.confirm, LEFT)
            qtbot.mouseClick(enrol.enrol_button, LEFT)
            yield lambda: QApplication.activeModalWidget() is None
        assert workspace.trust.keys.rowCount() == 3

        # Three packages dropped on the window: the Intake imports them.
        drop(window, packages)
        intake = workspace.intake
        yield lambda: not intake.is_running and intake.results.rowCount() == 3
        assert workspace.tabs.currentWidget() is intake
        results = {intake.results.index(r, 1).data() for r in range(3)}
        assert results == {"✓ Imported"}, intake.state_label.text()

        # The heat map: two cells against the packages' own answers.
        open_tab(workspace.DASHBOARD)
        heat = workspace.dashboard.heat_model
        yield lambda: heat.rowCount() >= 3
        rows = {heat.index(r, 0).data(INFO_ROLE).jurisdiction.code: r for r in range(3)}
        themes = [t.id for t in framework.themes]
        for code, theme_id in (("ON", "strategy"), ("NS", "security")):
            cell = heat.index(rows[code], themes.index(theme_id))
            expected = answers[code].response(theme_id).current
            assert cell.data(VALUE_ROLE) == expected, (code, theme_id)
            assert cell.data() == str(expected)

        # Two actions, each through the Add dialog.
        open_tab(workspace.ACTIONS)
        for theme_id, title, owner in ACTIONS:
            later(workspace.actions_panel.add_button.click)
            dialog = yield modal(ActionDialog)
            assert isinstance(dialog, ActionDialog)
            dialog.theme.setFocus()
            dialog.theme.setCurrentIndex(dialog.theme.findData(theme_id))
            qtbot.mouseClick(dialog.description.viewport(), LEFT)
            qtbot.keyClicks(dialog.description, title)
            qtbot.keyClicks(dialog.owner, owner)
            qtbot.mouseClick(dialog.save_button, LEFT)
            yield lambda: QApplication.activeModalWidget() is None

        # The report back, in English then in French.
        for lang, target in reports.items():
            later(workspace.report_button.click)
            out = yield modal(OutputDialog)
            assert isinstance(out, OutputDialog)
            qtbot.mouseClick(out.languages[lang], LEFT)
            out.path.selectAll()
            qtbot.keyClicks(out.path, str(target))
            qtbot.mouseClick(out.go_button, LEFT)
            yield lambda t=target: t.exists() and workspace.output.job is None
        seen["status"] = window.statusBar().currentMessage()
        later(window.close)

    person.start(journey())
    code = jalon(["--data-dir", str(data), "--lang", "en"])
    assert person.error is None, person.error
    assert person.done
    assert code == 0

    for lang, target in reports.items():
        text = pdf_text(target)
        for c in CODES:
            name = getattr(government(c).name, lang)
            assert words(name) in text, (lang, name)
        for _theme, title, _owner in ACTIONS:
            assert title in text, (lang, title)
        assert "No action recorded" not in text
        assert "Aucune mesure" not in text
