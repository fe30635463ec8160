"""The workspace as a whole: every tab in French after the switch (no English left), a name
for every input, the keyboard shortcuts, and the report back and the data written from it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from jalon import i18n
from jalon.core.jurisdiction import GOVERNMENTS
from jalon.services import actions, exchange, trust
from jalon.services.app import Jalon
from jalon.ui.secretariat import SecretariatWidget
from jalon.ui.secretariat.action_dialog import ActionDialog
from jalon.ui.secretariat.report_back import DATA, REPORT, OutputDialog
from jalon.ui.secretariat.trust_dialogs import EnrolDialog, RevokeDialog
from jalon.ui.tour import pending_translations

from .test_ui_secretariat_support import (  # noqa: F401 - fixtures
    Demo,
    jalon_fixture,
    left_in_english,
    migrated_data_fixture,
    readable_texts,
    run_import,
    second_revision,
    unnamed_inputs,
    when_dialog,
    workspace_fixture,
    write_demo_packages,
)

#: Words that are the same in both languages (names, and words French shares).
SAME_IN_BOTH = [
    "Jalon",
    "English",
    "Français",
    "PDF",
    "CSV",
    "XLSX",
    "OK",
    "Culture",
    "Leadership",
    "Initial",
    "Participants",
    "Options",
    "Documents",
    "description",  # an action's field, spelled alike
    *(j.name.en for j in GOVERNMENTS if j.name.en == j.name.fr),
]


@pytest.fixture(name="demo")
def demo_fixture(qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, tmp_path: Path) -> Demo:
    demo = write_demo_packages(jalon, tmp_path / "usb")
    run_import(qtbot, workspace, [tmp_path / "usb"])
    run_import(qtbot, workspace, [second_revision(jalon, demo, "QC", tmp_path / "later")])
    bad = tmp_path / "junk.jalon"
    bad.write_bytes(b"not a package")
    run_import(qtbot, workspace, [bad])
    actions.add_action(
        jalon, "security", "Pool penetration testing", owner="BC", due_date="2027-06-30"
    )
    actions.add_action(jalon, "strategy", "Circulate the report back", status="in_progress")
    bc = next(k for k in trust.list_keys(jalon) if k.jurisdiction.code == "BC")
    trust.revoke(jalon, bc.key_id, "Laptop lost")
    workspace.trust.reload()
    workspace.actions_panel.reload()
    workspace.submissions.reload()
    workspace.dashboard.mark_stale()
    return demo


def typed_data(app: Jalon, demo: Demo) -> list[str]:
    """What people typed or named, shown as it is in every language."""
    found = ["junk.jalon", app.actor, "Laptop lost", *SAME_IN_BOTH]
    for s in exchange.list_submissions(app):
        found += [s.signer_name, s.signer_title, s.title, s.filename, s.jurisdiction.code]
        found.append(
            s.jurisdiction.name.en if s.jurisdiction.name.en == s.jurisdiction.name.fr else ""
        )
    for a in demo.assessments.values():
        found += list(a.answers.values())
        found += [p.name for p in a.participants] + [p.title for p in a.participants]
        found += [p.organization for p in a.participants]
        found += [r.comment for r in a.responses] + [r.evidence for r in a.responses]
    for action in actions.list_actions(app):
        found += [action.description, action.owner]
    for path in demo.files.values():
        found += [path.name, str(path)]
    found.append(str(demo.folder.parent))  # the folders of the files imported
    return found


def views(widget: SecretariatWidget) -> Iterator[str]:
    """Every tab, the dashboard's views for jurisdictions and for groups, one after the other."""
    for index, name in enumerate(("intake", "submissions", "dashboard", "actions", "trust")):
        widget.show_tab(index)
        if name != "dashboard":
            QApplication.processEvents()
            yield name
            continue
        dash = widget.dashboard
        for section in ("jurisdictions", "groups"):
            dash.section_buttons[section].click()
            for view in range(dash.tabs.count()):
                dash.tabs.setCurrentIndex(view)
                QApplication.processEvents()
                yield f"dashboard {section} {view}"
        dash.section_buttons["jurisdictions"].click()
        dash.tabs.setCurrentIndex(0)


def test_every_tab_is_all_french_after_the_switch(
    jalon: Jalon, workspace: SecretariatWidget, demo: Demo
) -> None:
    data = typed_data(jalon, demo)
    with pending_translations():
        before = {name: readable_texts(workspace) for name in views(workspace)}
        assert all(len(texts) > 10 for texts in before.values())
        i18n.set_language("fr")
        QApplication.processEvents()
        left = {}
        for name in views(workspace):
            remaining = left_in_english(before[name], readable_texts(workspace), data)
            if remaining:
                left[name] = remaining
    assert left == {}


def test_every_dialog_is_all_french_when_opened_in_french(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, demo: Demo, tmp_path: Path
) -> None:
    from jalon.exchange.keycard import key_card

    from .secretariat_support import signing_key_for

    card_file = tmp_path / "card.json"
    card_file.write_bytes(key_card(signing_key_for(GOVERNMENTS[1], "Robin Arsenault")))
    card = trust.read_card_file(card_file)
    key = next(k for k in trust.list_keys(jalon) if not k.revoked)
    impact = trust.pending_impact(jalon, key.key_id)
    data = [*typed_data(jalon, demo), "Robin Arsenault", "Chief Information Officer"]

    def dialogs() -> list[QDialog]:
        made: list[QDialog] = [
            EnrolDialog(card, 1, workspace),
            RevokeDialog(key, impact, workspace),
            ActionDialog(jalon.framework, lambda v: v, None, "security", workspace),
            OutputDialog(REPORT, tmp_path, workspace),
            OutputDialog(DATA, tmp_path, workspace),
        ]
        workspace.submissions.select_jurisdiction("ON")
        viewer = workspace.submissions.view_selected()
        assert viewer is not None
        made.append(viewer)
        for dialog in made:
            qtbot.addWidget(dialog)
            dialog.show()
        return made

    with pending_translations():
        english = [readable_texts(d) for d in dialogs()]
        i18n.set_language("fr")
        french = [readable_texts(d) for d in dialogs()]
    left = {}
    kinds = ("enrol", "revoke", "action", "report", "data", "view")
    for en, fr, kind in zip(english, french, kinds, strict=True):
        # Other objects: compare the texts themselves, in the order they appear.
        same = [t for t in en.values() if t in fr.values()]
        keyed = {(i, kind): text for i, text in enumerate(same)}
        remaining = left_in_english(keyed, keyed, data)
        if remaining:
            left[kind] = remaining
    assert left == {}


def test_every_input_of_every_tab_and_dialog_has_a_name(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, demo: Demo, tmp_path: Path
) -> None:
    problems = {name: unnamed_inputs(workspace) for name in views(workspace)}
    key = next(k for k in trust.list_keys(jalon) if not k.revoked)
    from jalon.exchange.keycard import key_card

    from .secretariat_support import signing_key_for

    card_file = tmp_path / "card.json"
    card_file.write_bytes(key_card(signing_key_for(GOVERNMENTS[1], "Robin Arsenault")))
    dialogs = {
        "enrol": EnrolDialog(trust.read_card_file(card_file), 0, workspace),
        "revoke": RevokeDialog(key, trust.pending_impact(jalon, key.key_id), workspace),
        "action": ActionDialog(jalon.framework, lambda v: v, None, None, workspace),
        "report": OutputDialog(REPORT, tmp_path, workspace),
        "data": OutputDialog(DATA, tmp_path, workspace),
    }
    for name, dialog in dialogs.items():
        qtbot.addWidget(dialog)
        dialog.show()
        problems[name] = unnamed_inputs(dialog)
    dialogs["action"].no_date.click()  # type: ignore[attr-defined]
    problems["action with a date"] = unnamed_inputs(dialogs["action"])
    workspace.submissions.select_jurisdiction("ON")
    viewer = workspace.submissions.view_selected()
    assert viewer is not None
    for page in viewer.page_keys():
        viewer.show_page(page)
        problems[f"view {page}"] = unnamed_inputs(viewer)
    assert {k: v for k, v in problems.items() if v} == {}


def focused(qtbot: QtBot, workspace: SecretariatWidget) -> QWidget:
    """The widget a key goes to once the workspace's window is the active one: a window an
    earlier test left open may still hold the activation for a moment, and a shortcut goes to
    the active window."""
    workspace.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is workspace.window())
    workspace.setFocus()
    return QApplication.focusWidget() or workspace


def test_ctrl_and_a_number_opens_each_tab(qtbot: QtBot, workspace: SecretariatWidget) -> None:
    focused(qtbot, workspace)
    for number in (5, 3, 1, 4, 2):
        focus = QApplication.focusWidget() or workspace
        qtbot.keyClick(focus, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
        assert workspace.tabs.currentIndex() == number - 1
    assert workspace.tabs.tabToolTip(2) == "Dashboard (Ctrl+3)"


def test_the_report_back_is_written_in_the_language_chosen(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, demo: Demo, tmp_path: Path
) -> None:
    seen: dict[str, str] = {}

    def choose(dialog: QDialog) -> None:
        assert isinstance(dialog, OutputDialog)
        dialog.languages["fr"].click()
        seen["suggested"] = Path(dialog.path.text()).name
        dialog.path.setText(str(tmp_path / "compte-rendu"))
        qtbot.mouseClick(dialog.go_button, Qt.MouseButton.LeftButton)

    when_dialog(choose, OutputDialog)
    with qtbot.waitSignal(workspace.output.written, timeout=60_000) as done:
        qtbot.mouseClick(workspace.report_button, Qt.MouseButton.LeftButton)
    assert seen["suggested"].startswith("compte-rendu-")
    assert seen["suggested"].endswith(".pdf")
    written = Path(done.args[0])
    assert written == tmp_path / "compte-rendu.pdf"
    data = written.read_bytes()
    assert data.startswith(b"%PDF-")
    assert b"/Lang (fr-CA)" in data or b"fr-CA" in data
    qtbot.waitUntil(lambda: not workspace.output.is_running)


def test_the_data_export_writes_both_csv_files(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, demo: Demo, tmp_path: Path
) -> None:
    def choose(dialog: QDialog) -> None:
        assert isinstance(dialog, OutputDialog)
        dialog.formats["csv"].click()
        assert dialog._note.isVisibleTo(dialog)
        dialog.path.setText(str(tmp_path / "analysts.xlsx"))
        dialog.formats["xlsx"].click()
        dialog.formats["csv"].click()
        assert dialog.path.text().endswith("analysts.csv")
        qtbot.mouseClick(dialog.go_button, Qt.MouseButton.LeftButton)

    when_dialog(choose, OutputDialog)
    with qtbot.waitSignal(workspace.status_message, timeout=60_000) as said:
        qtbot.mouseClick(workspace.data_button, Qt.MouseButton.LeftButton)
    assert said.args[0].startswith("Data exported: ")
    qtbot.waitUntil(lambda: not workspace.output.is_running)
    rows = (tmp_path / "analysts.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("jurisdiction_code,")
    assert len(rows) > 5 * 14
    assert (tmp_path / "analysts-answers.csv").exists()


def test_a_report_back_that_cannot_be_written_says_why(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QMessageBox

    said: list[str] = []

    def read(box: QDialog) -> None:
        assert isinstance(box, QMessageBox)
        said.append(box.text())
        box.accept()

    when_dialog(read, QMessageBox)
    job = workspace.output.start(REPORT, tmp_path / "missing" / "report.pdf", "en")
    with qtbot.waitSignal(job.finished, timeout=60_000):
        pass
    qtbot.waitUntil(lambda: bool(said))
    assert "does not exist" in said[0]
    assert not (tmp_path / "missing").exists()


def test_open_the_pdf_report_hands_the_reader_the_report_in_the_readers_language(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, demo: Demo
) -> None:
    import zipfile

    from PySide6.QtCore import QObject, QUrl, Slot
    from PySide6.QtGui import QDesktopServices

    class Reader(QObject):
        """Stands in for the system's PDF reader: Qt hands it the file:// address."""

        def __init__(self) -> None:
            super().__init__()
            self.opened: list[Path] = []

        @Slot(QUrl)
        def open(self, url: QUrl) -> None:
            self.opened.append(Path(url.toLocalFile()))

    reader = Reader()
    QDesktopServices.setUrlHandler("file", reader, "open")
    try:
        focus = focused(qtbot, workspace)
        qtbot.keyClick(focus, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        assert workspace.tabs.currentWidget() is workspace.submissions
        workspace.submissions.select_jurisdiction("ON")
        qtbot.mouseClick(workspace.submissions.pdf_button, Qt.MouseButton.LeftButton)
        # The same button, Jalon now in French: the French report of the same package.
        i18n.set_language("fr")
        qtbot.mouseClick(workspace.submissions.pdf_button, Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    english, french = reader.opened
    assert (english.name[-13:], french.name[-13:]) == ("report-en.pdf", "report-fr.pdf")
    with zipfile.ZipFile(demo.files["ON"]) as package:
        assert english.read_bytes() == package.read("report-en.pdf")
        assert french.read_bytes() == package.read("report-fr.pdf")
    assert english.read_bytes() != french.read_bytes()


def test_the_submissions_tab_reads_again_when_the_store_changes_elsewhere(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, tmp_path: Path
) -> None:
    from jalon.ui.bridge import bridge

    workspace.show_tab(workspace.SUBMISSIONS)
    assert workspace.submissions.latest.rowCount() == 0
    demo = write_demo_packages(jalon, tmp_path / "usb")
    # Stored by another view of this window (not through the workspace's own import).
    exchange.import_packages(jalon, sorted(demo.files.values()))
    assert workspace.submissions.latest.rowCount() == 0  # nobody said yet
    bridge().store_changed.emit()
    qtbot.waitUntil(lambda: workspace.submissions.latest.rowCount() == 5, timeout=20_000)
