"""The sign-and-export dialog, driven as a person drives it: what is missing, the passphrase,
the folder, the progress while the export runs in its thread, the result, and the refusals
(a wrong passphrase three times, a folder that disappeared, no key yet).

Real parts only: a real store, a real signing key (with the exchange tests' quick scrypt, so
a wrong passphrase is refused in milliseconds), the real export writing a real package.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QSettings, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QWizard
from pytestqt.qtbot import QtBot

from jalon import i18n
from jalon.core import assessment as am
from jalon.core.jurisdiction import government
from jalon.exchange.keys import create_signing_key, write_key_file
from jalon.exchange.package import package_filename, verify_package
from jalon.exchange.verify import TrustStatus
from jalon.i18n import describe
from jalon.services import assessments, demo, exchange, identity, keys
from jalon.services.app import Jalon
from jalon.ui.app import settings_at
from jalon.ui.export_dialog import LAST_FOLDER_KEY, ExportDialog
from jalon.ui.main_window import MainWindow
from jalon.ui.tour import pending_translations
from jalon.ui.wizard import SetupWizard
from tests import edits
from tests.test_ui_accessibility import unnamed_inputs
from tests.test_ui_files import documents_fixture  # noqa: F401 - fixture
from tests.test_ui_language import shown_texts, still_english_shown
from tests.test_ui_shell_support import (  # noqa: F401 - fixtures
    DialogReplies,
    jalon_fixture,
    left_click,
    migrated_data_fixture,
    replies_fixture,
)

PASSPHRASE = "correct horse battery staple"
WRONG = "correct horse battery stapler"
#: The exchange tests' quick scrypt: the real one takes about a second per attempt.
QUICK_SCRYPT_N = 2**14
EXPORT_TIMEOUT_MS = 60_000


def give_key(app: Jalon, code: str = "ON") -> keys.KeyInfo:
    """A signer and a signing key, as ``jalon setup`` leaves them (quick scrypt)."""
    j = government(code)
    key = create_signing_key(
        "Alex Tremblay",
        "Chief Information Officer",
        j,
        PASSPHRASE,
        now=datetime.now(UTC),
        _scrypt_n=QUICK_SCRYPT_N,
    )
    app.keys_dir.mkdir(parents=True, exist_ok=True)
    write_key_file(keys.key_path(app), key)
    identity.set_identity(app, j, "Alex Tremblay", "Chief Information Officer")
    info = keys.key_info(app)
    assert info is not None
    return info


@pytest.fixture
def signer(jalon: Jalon) -> keys.KeyInfo:
    return give_key(jalon)


@pytest.fixture
def complete(jalon: Jalon, signer: keys.KeyInfo) -> am.Assessment:
    return demo.create_demo(jalon, government("ON"), "en")


@pytest.fixture
def settings(jalon: Jalon) -> QSettings:
    return QSettings(str(jalon.data_dir / "window.ini"), QSettings.Format.IniFormat)


def open_dialog(
    qtbot: QtBot, app: Jalon, assessment_id: str, settings: QSettings | None = None
) -> ExportDialog:
    dialog = ExportDialog(app, assessment_id, settings)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def export_and_wait(qtbot: QtBot, dialog: ExportDialog) -> None:
    assert dialog.export_button.isEnabled()
    left_click(qtbot, dialog.export_button)
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=EXPORT_TIMEOUT_MS)


def snapshot(app: Jalon, assessment_id: str) -> tuple[object, ...]:
    """What an export could change: the revisions, the latest one, the audit trail."""
    return (
        assessments.revisions(app, assessment_id),
        assessments.get(app, assessment_id),
        len(assessments.audit_trail(app, assessment_id)),
    )


@pytest.fixture(autouse=True)
def _documents_here(documents: Path) -> Path:
    """Every export test has a Documents folder of its own: none writes in the real one."""
    return documents


class Opened(QObject):
    """Receives the URLs the dialog asks the desktop to open."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


# -- what is missing --------------------------------------------------------------------------


def test_an_incomplete_assessment_lists_what_is_missing_and_needs_a_tick_to_be_signed(
    qtbot: QtBot, jalon: Jalon, signer: keys.KeyInfo
) -> None:
    draft = assessments.create(jalon, government("ON"), "Half done")
    theme = jalon.framework.themes[0]
    edits.update_response(jalon, draft.id, theme.id, current=1, target=2)
    dialog = open_dialog(qtbot, jalon, draft.id)
    assert dialog.pages.currentIndex() == ExportDialog.FORM
    assert "This assessment is not complete: 0 of 14 themes are scored" in dialog.check_text.text()
    missing = dialog.missing_model.stringList()
    assert (
        missing[0] == f"1. {theme.name.en}: Priority not chosen; Role of the Joint Councils "
        "not chosen; Capacity to deliver not chosen"
    )
    assert f"2. {jalon.framework.themes[1].name.en}: Not scored yet" in missing
    assert "Participants: No participant named" in missing
    assert dialog.missing.accessibleName() == "What is still missing"
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    assert dialog.confirm.isVisible()
    assert not dialog.export_button.isEnabled()  # not without the explicit confirmation
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Space)
    assert dialog.confirm.isChecked()
    assert dialog.export_button.isEnabled()


def test_a_complete_assessment_needs_no_tick(
    qtbot: QtBot, jalon: Jalon, complete: am.Assessment
) -> None:
    dialog = open_dialog(qtbot, jalon, complete.id)
    assert dialog.check_text.text().startswith("Nothing is missing")
    assert not dialog.confirm.isVisible()
    assert not dialog.export_button.isEnabled()  # no passphrase yet
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    assert dialog.export_button.isEnabled()
    assert dialog.passphrase.echoMode() is dialog.passphrase.EchoMode.Password


# -- exporting --------------------------------------------------------------------------------


def test_export_writes_the_package_then_shows_its_path_the_folder_and_the_fingerprint(
    qtbot: QtBot,
    jalon: Jalon,
    signer: keys.KeyInfo,
    complete: am.Assessment,
    settings: QSettings,
    tmp_path: Path,
) -> None:
    usb = tmp_path / "USB stick"
    usb.mkdir()
    dialog = open_dialog(qtbot, jalon, complete.id, settings)
    exported: list[exchange.ExportResult] = []
    dialog.exported.connect(exported.append)
    dialog.folder.clear()
    qtbot.keyClicks(dialog.folder, str(usb))
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    export_and_wait(qtbot, dialog)

    [result] = exported
    package = usb / package_filename(result.assessment)
    assert result.path == package
    assert package.is_file()
    assert dialog.pages.currentIndex() == ExportDialog.DONE
    assert dialog.path.text() == str(package)
    assert " ".join(dialog.fingerprint.text().split()) == signer.fingerprint
    assert dialog.fingerprint.text().count("\n") == 1  # two lines of four groups, to read aloud
    assert dialog.passphrase.text() == ""
    assert not dialog.export_button.isVisible()
    assert dialog.close_button.text().replace("&", "") == "Close"
    stored = assessments.get(jalon, complete.id)
    assert stored.status is am.Status.EXPORTED
    assert stored.signature is not None
    assert stored.signature.key_id == signer.key_id
    assert settings.value(LAST_FOLDER_KEY) == str(usb)  # the next export starts there

    opened = Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        left_click(qtbot, dialog.show_button)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [Path(u.toLocalFile()) for u in opened.urls] == [usb]

    # The package is real: it verifies with the exchange code, the signer trusted.
    verified = verify_package(
        package.read_bytes(),
        source=package.name,
        trust=lambda key_id, _j: (
            TrustStatus.ENROLLED if key_id == signer.key_id else TrustStatus.UNKNOWN
        ),
        now=datetime.now(UTC),
    )
    assert verified.assessment_id == complete.id
    assert list(verified.reports) == ["report-en.pdf", "report-fr.pdf"]  # both languages

    again = open_dialog(qtbot, jalon, complete.id, settings)
    assert again.folder.text() == str(usb)


def test_the_window_keeps_working_while_the_export_runs(
    qtbot: QtBot, jalon: Jalon, complete: am.Assessment
) -> None:
    dialog = open_dialog(qtbot, jalon, complete.id)
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(len(ticks)))
    steps: list[tuple[int, int, str]] = []
    timer.start()
    started = time.monotonic()
    try:
        with qtbot.waitSignal(dialog.exported, timeout=EXPORT_TIMEOUT_MS):
            left_click(qtbot, dialog.export_button)
            assert dialog.is_running  # the click returned at once, the export still going
            assert dialog.progress.isVisible()
            assert not dialog.close_button.isEnabled()
            operation = dialog.operation
            assert operation is not None
            operation.progressed.connect(lambda d, t, w: steps.append((d, t, describe(w))))
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # cannot be cut half-way
            assert dialog.isVisible()
    finally:
        timer.stop()
    elapsed_ms = (time.monotonic() - started) * 1000
    # The event loop ran all along: the 20 ms timer fired through the export (at least half as
    # often as it could; a blocked loop would fire it once at the end). An export in the tests
    # can take well under 200 ms, so the count follows its length.
    assert len(ticks) >= max(2, int(elapsed_ms / 20) // 2), (len(ticks), elapsed_ms)
    assert steps, "the progress bar was fed"
    assert steps[-1][:2] == (8, 8)  # each report written and signed: a step of its own
    assert "Exported" in steps[-1][2]
    assert [d for d, _t, _w in steps] == sorted(d for d, _t, _w in steps)


# -- refusals: nothing changes ---------------------------------------------------------------


def test_three_wrong_passphrases_each_say_so_and_change_nothing(
    qtbot: QtBot, jalon: Jalon, complete: am.Assessment, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    before = snapshot(jalon, complete.id)
    dialog = open_dialog(qtbot, jalon, complete.id)
    dialog.folder.setText(str(out))
    messages = []
    for _attempt in range(3):
        qtbot.keyClicks(dialog.passphrase, WRONG)
        export_and_wait(qtbot, dialog)
        assert dialog.error.isVisible()
        messages.append(dialog.error.text())
        assert dialog.passphrase.text() == ""  # cleared, and the focus back in it
        assert dialog.passphrase.hasFocus()
        assert dialog.pages.currentIndex() == ExportDialog.FORM
        assert snapshot(jalon, complete.id) == before
        assert list(out.iterdir()) == []
    assert all("does not unlock the signing key" in m for m in messages)
    assert all("Nothing was signed" in m or "nothing was signed" in m for m in messages)
    assert "3 tries in a row" in messages[2]
    assert "Caps Lock" in messages[2]
    assert messages[0] != messages[2]  # the person sees that the message is a new one

    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    export_and_wait(qtbot, dialog)
    assert dialog.pages.currentIndex() == ExportDialog.DONE
    assert [p.suffix for p in out.iterdir()] == [".jalon"]


def test_a_folder_that_disappeared_is_refused_clearly_and_nothing_is_signed(
    qtbot: QtBot, jalon: Jalon, complete: am.Assessment, tmp_path: Path
) -> None:
    usb = tmp_path / "JALON-USB"
    usb.mkdir()
    before = snapshot(jalon, complete.id)
    dialog = open_dialog(qtbot, jalon, complete.id)
    dialog.folder.setText(str(usb))
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    shutil.rmtree(usb)  # the USB stick is pulled out before "Sign and export"
    export_and_wait(qtbot, dialog)
    assert dialog.error.isVisible()
    assert dialog.error.text() == (
        f"The folder {usb} does not exist (a USB stick that was removed?). Choose an existing "
        "folder. Nothing was signed."
    )
    assert snapshot(jalon, complete.id) == before
    assert dialog.choose_button.hasFocus()
    assert dialog.passphrase.text() == PASSPHRASE  # not to be typed again for a folder

    usb.mkdir()  # plugged back in
    export_and_wait(qtbot, dialog)
    assert dialog.pages.currentIndex() == ExportDialog.DONE
    assert assessments.get(jalon, complete.id).status is am.Status.EXPORTED


def test_choose_opens_a_folder_window_and_takes_the_folder_picked(
    qtbot: QtBot, jalon: Jalon, complete: am.Assessment, replies: DialogReplies, tmp_path: Path
) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    dialog = open_dialog(qtbot, jalon, complete.id)

    def pick(window: object) -> None:
        assert isinstance(window, QFileDialog)
        window.setDirectory(str(tmp_path))
        window.selectFile(str(target))

    replies.click("Choose", then=pick)
    left_click(qtbot, dialog.choose_button)
    assert Path(dialog.folder.text()) == target
    assert replies.seen == ["Choose where to save the package"]


def test_exports_go_to_the_documents_folder_by_default_not_the_hidden_data_folder(
    qtbot: QtBot, jalon: Jalon, complete: am.Assessment, documents: Path
) -> None:
    dialog = open_dialog(qtbot, jalon, complete.id)
    assert Path(dialog.folder.text()) == documents
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    export_and_wait(qtbot, dialog)
    assert dialog.pages.currentIndex() == ExportDialog.DONE
    assert Path(dialog.path.text()).parent == documents
    assert not exchange.default_export_dir(jalon).exists()


def test_the_folder_chosen_last_is_remembered_for_this_data_folder(
    qtbot: QtBot, jalon: Jalon, complete: am.Assessment, documents: Path, tmp_path: Path
) -> None:
    settings = settings_at(jalon.data_dir)
    usb = tmp_path / "USB"
    usb.mkdir()
    settings.setValue(LAST_FOLDER_KEY, str(usb))
    dialog = ExportDialog(jalon, complete.id, settings)
    qtbot.addWidget(dialog)
    assert Path(dialog.folder.text()) == usb
    other = ExportDialog(jalon, complete.id, settings_at(tmp_path / "another-data-folder"))
    qtbot.addWidget(other)
    assert Path(other.folder.text()) == documents, "another data folder keeps its own"


# -- no key yet --------------------------------------------------------------------------------


def test_without_a_key_the_dialog_explains_and_opens_the_setup_assistant(
    qtbot: QtBot, jalon: Jalon
) -> None:
    draft = assessments.create(jalon, government("ON"), "No key yet")
    dialog = open_dialog(qtbot, jalon, draft.id)
    assert dialog.pages.currentIndex() == ExportDialog.NO_KEY
    assert "no signing key yet" in dialog.no_key_text.text()
    assert not dialog.export_button.isVisible()
    seen: list[str] = []

    def cancel_the_wizard() -> None:
        wizard = QApplication.activeModalWidget()
        if not isinstance(wizard, SetupWizard):
            QTimer.singleShot(10, cancel_the_wizard)
            return
        seen.append(wizard.windowTitle())
        wizard.button(QWizard.WizardButton.CancelButton).click()

    QTimer.singleShot(0, cancel_the_wizard)
    left_click(qtbot, dialog.setup_button)
    assert seen == ["Set up Jalon"]
    assert dialog.pages.currentIndex() == ExportDialog.NO_KEY  # still no key

    give_key(jalon)  # as the assistant would have, had it been finished

    QTimer.singleShot(0, cancel_the_wizard)
    left_click(qtbot, dialog.setup_button)
    assert dialog.pages.currentIndex() == ExportDialog.FORM
    assert dialog.focusWidget() is dialog.passphrase


# -- through the main window -------------------------------------------------------------------


def test_after_the_export_the_editor_shows_the_signed_revision_read_only(
    qtbot: QtBot, jalon: Jalon, complete: am.Assessment, settings: QSettings
) -> None:
    window = MainWindow(jalon, settings)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.open_assessment(complete.id)
    editor = window.editor
    assert editor is not None
    done: list[str] = []

    def sign_in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ExportDialog):
            QTimer.singleShot(10, sign_in_the_dialog)
            return
        if not done:
            qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
            qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)  # the default button
            done.append("pressed")
        if dialog.is_running or dialog.pages.currentIndex() != ExportDialog.DONE:
            QTimer.singleShot(20, sign_in_the_dialog)
            return
        done.append(dialog.path.text())
        dialog.close_button.click()

    QTimer.singleShot(0, sign_in_the_dialog)
    left_click(qtbot, editor.export_button)  # type: ignore[attr-defined]
    assert len(done) == 2
    assert Path(done[1]).is_file()
    assert editor.banner.isVisible()  # type: ignore[attr-defined]
    assert editor.banner.new_revision_button.text() == "Start a new revision"  # type: ignore[attr-defined]
    assert not editor.export_button.isEnabled()  # type: ignore[attr-defined]
    assert window.statusBar().currentMessage() == f"Signed and exported to {done[1]}."


# -- accessibility and languages ---------------------------------------------------------------


def test_every_input_of_every_page_of_the_dialog_has_a_name(
    qtbot: QtBot, jalon: Jalon, signer: keys.KeyInfo
) -> None:
    draft = assessments.create(jalon, government("ON"), "Names")
    dialog = open_dialog(qtbot, jalon, draft.id)
    problems = {"form": unnamed_inputs(dialog)}
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    dialog.confirm.setChecked(True)
    export_and_wait(qtbot, dialog)
    problems["done"] = unnamed_inputs(dialog)
    os.remove(keys.key_path(jalon))
    problems["no key"] = unnamed_inputs(open_dialog(qtbot, jalon, draft.id))
    assert {k: v for k, v in problems.items() if v} == {}


@pytest.fixture
def _french_with_pending_texts() -> Iterator[None]:
    with pending_translations():
        yield


@pytest.mark.usefixtures("_french_with_pending_texts")
def test_every_state_of_the_dialog_is_all_french_after_the_switch(
    qtbot: QtBot, jalon: Jalon, signer: keys.KeyInfo, tmp_path: Path
) -> None:
    draft = assessments.create(jalon, government("ON"), "Plan")
    dialog = open_dialog(qtbot, jalon, draft.id)
    states = {}

    def check(state: str) -> None:
        before = shown_texts(dialog)
        i18n.set_language("fr")
        QApplication.processEvents()
        states[state] = [
            t  # the title and the path are data, not texts to translate
            for t in still_english_shown(dialog, before)
            if "Plan" not in t and str(tmp_path) not in t
        ]
        i18n.set_language("en")

    check("before")
    dialog.folder.setText(str(tmp_path / "missing"))
    qtbot.keyClicks(dialog.passphrase, WRONG)
    dialog.confirm.setChecked(True)
    export_and_wait(qtbot, dialog)
    check("wrong passphrase")
    dialog.folder.setText(str(tmp_path))
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    export_and_wait(qtbot, dialog)
    check("done")
    assert {k: v for k, v in states.items() if v} == {}


def test_sign_and_export_without_a_key_says_so_and_offers_the_setup_assistant(
    qtbot: QtBot, jalon: Jalon, replies: DialogReplies
) -> None:
    draft = assessments.create(jalon, government("ON"), "No key yet")
    window = MainWindow(jalon)
    qtbot.addWidget(window)
    window.show()
    window.open_assessment(draft.id)
    replies.click("Set up the signing key…")
    replies.click("Cancel")  # the setup assistant, closed without making a key
    window.editor.export_requested.emit(draft.id)  # type: ignore[union-attr]
    assert replies.seen[0].startswith("This installation has no signing key yet")
    assert replies.seen[1] == "Set up Jalon"
    assert QApplication.activeModalWidget() is None  # no export dialog without a key
    assert assessments.get(jalon, draft.id).status is am.Status.DRAFT
