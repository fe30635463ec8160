"""Text from a signed package reaches the secretariat's screens as plain text (issue 13).

A municipality's name, its signer's name, the title, the comments, the answers and the
participants of a validly signed package carry HTML, markup and bidi controls; a second file
with a hostile name is refused. The secretariat opens every page from the main window's menus,
keys and buttons (View → Secretariat is Ctrl+Shift+S, Ctrl+1 … Ctrl+5 the tabs, the
dashboard's own tabs, View…, Verify again, Report back): no label reads that text as markup,
every tooltip renders it as it is, and no bidi scope is left to reorder what is around it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGui
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from jalon.core import assessment as am
from jalon.core.jurisdiction import municipality
from jalon.core.safe_output import BIDI_SCOPES
from jalon.services import exchange
from jalon.services.app import Jalon
from jalon.ui.plain_text import PlainLabel, tip
from jalon.ui.secretariat.report_back import OutputDialog
from tests.conftest import FIXED_NOW
from tests.secretariat_support import enroll_key, quick_package, signing_key_for
from tests.test_ui_secretariat_host import window_on
from tests.test_ui_secretariat_support import (
    choose_in_file_dialog,
    readable_texts,
    when_dialog,
)
from tests.test_ui_shell_support import (  # noqa: F401 - fixtures
    jalon_fixture,
    migrated_data_fixture,
)

WAIT_MS = 30_000
NAME = 'Bourg <img src="file:///etc/hosts"> \u202eexe.fdp'
SIGNER = '<a href="https://evil.example/">Alex</a> Tremblay'
TITLE = '<b>Plan</b> <img src="x.png"> <a href="https://evil.example/">lien</a> \u202e2026'
COMMENT = "<h1>Big</h1> &lt;i&gt; \u2067isolated"
ANSWER = "<table><tr><td>cell</td></tr></table> <font color=red>red</font> \u202b"
PARTICIPANT = "<i>Sam</i> \u202dOkafor"
REFUSED_FILE = "<img src=x onerror=alert(1)> refused.jalon"
#: What shows that a text is the package's (its markup, or a bidi scope; not Jalon's own
#: markup, such as the escaped framework texts of the level picker).
MARKERS = (
    "<img src",
    '<a href="https://evil',
    "<b>Plan",
    "<h1>Big",
    "&lt;i&gt;",
    "<table><tr>",
    "<font color",
    "<i>Sam",
    "<u>Director",
    *BIDI_SCOPES,
)


def hostile_package(jalon: Jalon, folder: Path, *, enrol: bool = True) -> Path:
    fw = jalon.framework
    j = municipality(NAME)
    key = signing_key_for(j, SIGNER)
    if enrol:
        enroll_key(jalon, key)
    a = am.create(fw, j, TITLE, assessment_id="9e1f7a52-1c3d-4b5e-8f60-7a8b9c0d1e2f", now=FIXED_NOW)
    for i, theme in enumerate(fw.themes):
        a = am.with_response(
            a,
            fw,
            theme.id,
            now=FIXED_NOW,
            current=i % 4,
            target=min(i % 4 + 1, fw.max_level),
            comment=COMMENT,
            evidence=f'<a href="https://evil.example/{i}">proof</a>',
        )
    for q in fw.questions:
        a = am.with_answer(a, fw, q.id, ANSWER, FIXED_NOW)
    a = am.with_participants(a, [am.Participant(PARTICIPANT, "<u>Director</u>", "Digital")])
    path = folder / "MUN-plan-r1.jalon"
    path.write_bytes(quick_package(replace(a, revision=1), key))
    return path


def hostile(text: str) -> bool:
    return any(m in text for m in MARKERS)


def rendered(text: str) -> str:
    """What a tooltip shows: rich text rendered, or the text itself."""
    if not QtGui.mightBeRichText(text):
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


class Seen:
    """Every hostile text met on the way, with where it was."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.rich_labels: list[str] = []
        self.label_count = 0

    def look(self, root: QWidget, where: str) -> None:
        QApplication.processEvents()
        for (_owner, part), text in readable_texts(root).items():
            tooltip = part == "tooltip" or "ToolTipRole" in part
            if hostile(rendered(text) if tooltip else text) or any(c in text for c in BIDI_SCOPES):
                self.texts[f"{where}: {part}: {text}"] = part
        for label in [root, *root.findChildren(QWidget)]:
            if isinstance(label, QLabel) and label.isVisibleTo(root) and hostile(label.text()):
                self.label_count += 1
                if label.textFormat() != Qt.TextFormat.PlainText:
                    self.rich_labels.append(f"{where}: {label.text()!r}")


def click_tab(qtbot: QtBot, tabs: object, index: int) -> None:
    bar = tabs.tabBar()  # type: ignore[attr-defined]
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())


def test_package_text_is_shown_as_plain_text_on_every_page_of_the_secretariat(
    qtbot: QtBot, jalon: Jalon, tmp_path: Path
) -> None:
    mail = tmp_path / "mail"
    mail.mkdir()
    package = hostile_package(jalon, mail)
    refused = mail / REFUSED_FILE
    refused.write_bytes(b"PK\x03\x04 not a package")
    window = window_on(qtbot, jalon)
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_S, ctrl | shift)  # View → Secretariat
    workspace = window.secretariat.workspace
    assert workspace is not None

    choose_in_file_dialog(package, refused)
    window.secretariat.open_packages_action.trigger()
    qtbot.waitUntil(lambda: not workspace.intake.is_running, timeout=WAIT_MS)
    assert [s.title for s in exchange.list_submissions(jalon)] == [TITLE]

    seen = Seen()
    seen.look(window, "intake")
    with qtbot.waitActive(window):  # back from the file dialog
        window.activateWindow()
    click_tab(qtbot, workspace.tabs, workspace.INTAKE)  # the focus in the workspace
    for index in range(5):
        focus = QApplication.focusWidget() or workspace
        qtbot.keyClick(focus, getattr(Qt.Key, f"Key_{index + 1}"), ctrl)
        assert workspace.tabs.currentIndex() == index
        seen.look(window, workspace.tabs.tabText(index))
        if workspace.tabs.currentWidget() is workspace.dashboard:
            qtbot.waitUntil(lambda: not workspace.dashboard.is_loading, timeout=WAIT_MS)
            seen.look(window, workspace.tabs.tabText(index))
            inner = workspace.dashboard.tabs
            for sub in range(inner.count()):
                click_tab(qtbot, inner, sub)
                seen.look(window, f"dashboard › {inner.tabText(sub)}")
        if workspace.tabs.currentWidget() is workspace.submissions:
            panel = workspace.submissions
            qtbot.mouseClick(panel.verify_button, Qt.MouseButton.LeftButton)
            seen.look(window, "submissions, verified again")
            qtbot.mouseClick(panel.view_button, Qt.MouseButton.LeftButton)
            viewer = panel._viewers[-1]
            qtbot.waitExposed(viewer)
            for key in viewer.page_keys():
                viewer.navigator.select_key(key)
                viewer.show_page(key)
                seen.look(viewer, f"submission viewer › {key}")
            viewer.reject()
            with qtbot.waitActive(window):
                window.activateWindow()

    def look_and_cancel(dialog: QDialog) -> None:
        seen.look(dialog, "report back")
        dialog.reject()

    when_dialog(look_and_cancel, OutputDialog)
    qtbot.mouseClick(workspace.report_button, Qt.MouseButton.LeftButton)

    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    # Nothing passes vacuously: the hostile texts were on screen, in labels, cells and tips.
    parts = set(seen.texts.values())
    assert seen.label_count >= 3, seen.texts
    assert any(p.startswith("cell") for p in parts)
    assert any(p == "text" for p in parts)
    assert any(p.startswith("header") for p in parts)
    for where in ("Submissions", "Trust", "Intake", "submission viewer", "dashboard"):
        assert any(w.startswith(where) for w in seen.texts), where
    assert seen.rich_labels == []
    for where in seen.texts:
        text = where.split(": ", 2)[2]
        assert not any(c in text for c in BIDI_SCOPES), where
        if ": tooltip" in where or "ToolTipRole" in where:
            assert hostile(rendered(text)), where  # shown as typed, not as markup
    tips = [w for w in seen.texts if "ToolTipRole" in w or ": tooltip" in w]
    assert any(REFUSED_FILE.split(" ")[0] in rendered(w.split(": ", 2)[2]) for w in tips), tips


def test_a_tooltip_that_qt_would_read_as_markup_is_shown_as_typed(qtbot: QtBot) -> None:
    for raw in (TITLE, NAME, COMMENT, ANSWER, "Refused. " + REFUSED_FILE, "a &amp; b"):
        shown = tip(raw)
        assert shown is not None
        assert rendered(shown).replace("\n", " ") == rendered_expected(raw)


def rendered_expected(raw: str) -> str:
    from jalon.core.safe_output import for_screen

    return for_screen(raw).replace("\n", " ")


def test_a_plain_label_never_reads_markup_and_shows_bidi_scopes_visibly(qtbot: QtBot) -> None:
    label = PlainLabel(TITLE)
    qtbot.addWidget(label)
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == TITLE.replace("\u202e", "\\u202e")
    label.setToolTip(NAME)
    assert rendered(label.toolTip()) == NAME.replace("\u202e", "\\u202e")


def test_package_text_is_plain_in_the_dialog_of_files_handed_to_the_window(
    qtbot: QtBot, jalon: Jalon, tmp_path: Path
) -> None:
    from tests.test_ui_open_package import drop_on, wait_for_package_dialog

    mail = tmp_path / "mail"
    mail.mkdir()
    package = hostile_package(jalon, mail, enrol=False)  # not a secretariat: checked only
    hostile_named = mail / "<b>Plan <img src=x> \u202eexe.jalon"
    hostile_named.write_bytes(package.read_bytes())
    refused = mail / REFUSED_FILE
    refused.write_bytes(b"PK\x03\x04 not a package")
    window = window_on(qtbot, jalon)
    assert window.current_page is window.home  # not the secretariat: the files are checked
    seen = Seen()
    for where, files in (("one file", [hostile_named]), ("two files", [hostile_named, refused])):
        wait_for_package_dialog(lambda dialog, where=where: seen.look(dialog, where))
        drop_on(window, files)
    assert seen.rich_labels == []
    assert seen.label_count >= 1, seen.texts  # the heading names the one file
    tips = [w for w in seen.texts if "ToolTipRole" in w]
    assert len(tips) == 3, seen.texts
    for where in seen.texts:
        text = where.split(": ", 2)[2]
        assert not any(c in text for c in BIDI_SCOPES), where
        if "ToolTipRole" in where:
            assert hostile(rendered(text)), where


def test_message_boxes_show_text_naming_a_package_as_plain_text(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QMessageBox as Box

    from jalon.ui.widgets import ask, show_error

    shown: list[tuple[Qt.TextFormat, str]] = []

    def read_and_close(box: QDialog) -> None:
        labels = [w for w in box.findChildren(QLabel) if w.text()]
        shown.extend((label.textFormat(), label.text()) for label in labels)
        box.reject()

    when_dialog(read_and_close, Box)
    show_error(None, f"The package {TITLE} was refused.")
    when_dialog(read_and_close, Box)
    ask(None, "Jalon", NAME, [("Keep it", Box.ButtonRole.RejectRole)], informative=COMMENT)
    assert len(shown) == 3
    assert {f for f, _text in shown} == {Qt.TextFormat.PlainText}
    assert all(not any(c in t for c in BIDI_SCOPES) for _f, t in shown)
    assert any("<img src=" in t for _f, t in shown)
