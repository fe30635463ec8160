"""Opening ``.jalon`` packages in the desktop app: named on the command line (``jalon
FILE.jalon``) or dropped on the window, each shows what its verification found; the
secretariat can import them from there.

Real parts only: real signed packages (the secretariat tests' quick ones: a real signature
over a small real PDF), a real store with a real trust store, the real launcher.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from jalon import i18n
from jalon.cli.main import main as cli_main
from jalon.core.fingerprint import fingerprint
from jalon.core.framework import Framework
from jalon.core.jurisdiction import government
from jalon.main import main as jalon
from jalon.services import exchange, identity
from jalon.services.app import Jalon
from jalon.ui.app import SETTINGS_FILE, SKIPPED_SETUP
from jalon.ui.main_window import MainWindow
from jalon.ui.package_dialog import PackageDialog
from jalon.ui.tour import pending_translations
from tests.conftest import complete_assessment
from tests.exchange_support import repack
from tests.secretariat_support import enroll_key, quick_package, signing_key_for
from tests.test_ui_accessibility import unnamed_inputs
from tests.test_ui_language import shown_texts, still_english_shown
from tests.test_ui_shell_support import (  # noqa: F401 - fixtures
    DialogReplies,
    close_all_windows,
    jalon_fixture,
    left_click,
    migrated_data_fixture,
    replies_fixture,
)

WAIT_MS = 30_000


@pytest.fixture
def package(framework: Framework, tmp_path: Path) -> Path:
    """A valid package from Ontario's signer."""
    data = quick_package(complete_assessment(framework, "ON"), signing_key_for(government("ON")))
    path = tmp_path / "ON-digital-strategy-2026-r1.jalon"
    path.write_bytes(data)
    return path


@pytest.fixture
def tampered(package: Path, tmp_path: Path) -> Path:
    """The same package with its report swapped after signing."""
    path = tmp_path / "ON-tampered-r1.jalon"
    path.write_bytes(repack(package.read_bytes(), report_fr_pdf=b"%PDF-1.4 not the signed report"))
    return path


def open_dialog(
    qtbot: QtBot, app: Jalon, files: list[Path], settings: QSettings | None = None
) -> PackageDialog:
    dialog = PackageDialog(app, files, settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=WAIT_MS)
    return dialog


def row_texts(dialog: PackageDialog) -> list[str]:
    model = dialog.model
    return [str(model.index(r).data()) for r in range(model.rowCount())]


# -- what the verification found ---------------------------------------------------------------


def test_a_package_from_an_enrolled_signer_is_valid_and_import_hands_it_to_the_workspace(
    qtbot: QtBot, jalon: Jalon, package: Path
) -> None:
    enroll_key(jalon, signing_key_for(government("ON")))
    dialog = open_dialog(qtbot, jalon, [package])
    assert dialog.heading.text() == f"Package “{package.name}”"
    [row] = row_texts(dialog)
    assert row.startswith(f"Valid, from an enrolled signer. {package.name}: valid, signed by")
    assert "enrolled for ON" in row
    assert dialog.summary.text() == (
        "Valid from an enrolled signer: 1. Valid, signer not enrolled: 0. Refused: 0."
    )
    assert not dialog.i_am_secretariat.isVisible()  # enrolled keys: this is the secretariat
    assert dialog.import_button.isVisible()
    assert dialog.import_button.isEnabled()
    assert exchange.list_submissions(jalon) == []  # checking stores nothing

    with qtbot.waitSignal(dialog.import_requested) as handed:
        left_click(qtbot, dialog.import_button)
    assert handed.args == [[package]]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert exchange.list_submissions(jalon) == []  # the workspace's Intake imports, not this


def test_a_package_from_a_signer_not_enrolled_shows_the_fingerprint_and_cannot_be_imported(
    qtbot: QtBot, jalon: Jalon, package: Path
) -> None:
    dialog = open_dialog(qtbot, jalon, [package])
    [row] = row_texts(dialog)
    key = signing_key_for(government("ON"))
    assert row.startswith(
        f"Valid, but the signer is not enrolled here. {package.name}: intact and validly signed"
    )
    assert fingerprint(key.key_id) in row  # to compare with the key card, by phone
    # Not the secretariat (no key enrolled, not said in the wizard): no import offered...
    assert dialog.i_am_secretariat.isVisible()
    assert not dialog.import_button.isVisible()
    # ...until the person says they are; the key must be enrolled first, and it says so.
    qtbot.keyClick(dialog.i_am_secretariat, Qt.Key.Key_Space)
    assert dialog.import_button.isVisible()
    assert not dialog.import_button.isEnabled()
    assert dialog.import_note.text().startswith("None of these packages can be imported")
    assert exchange.list_submissions(jalon) == []


def test_a_tampered_package_is_refused_with_its_step_and_reason_and_nothing_is_stored(
    qtbot: QtBot, jalon: Jalon, package: Path, tampered: Path
) -> None:
    enroll_key(jalon, signing_key_for(government("ON")))
    dialog = open_dialog(qtbot, jalon, [tampered, package])
    assert dialog.heading.text() == "2 packages"
    refused, valid = row_texts(dialog)
    assert refused.startswith(f"Refused. The package {tampered.name} was refused (step ")
    assert valid.startswith("Valid, from an enrolled signer.")
    assert dialog.summary.text() == (
        "Valid from an enrolled signer: 1. Valid, signer not enrolled: 0. Refused: 1."
    )
    assert exchange.list_submissions(jalon) == []


def test_on_the_secretariat_a_dropped_tampered_package_is_refused_and_the_good_one_imported(
    qtbot: QtBot, jalon: Jalon, package: Path, tampered: Path
) -> None:
    enroll_key(jalon, signing_key_for(government("ON")))  # keys enrolled: the secretariat
    window = MainWindow(jalon)
    qtbot.addWidget(window)
    window.show()
    drop_on(window, [tampered, package])
    workspace = window.secretariat.workspace
    assert workspace is not None
    assert window.current_page is workspace
    assert workspace.tabs.currentWidget() is workspace.intake
    qtbot.waitUntil(lambda: not workspace.intake.is_running, timeout=WAIT_MS)
    intake = workspace.intake
    results = [
        (intake.results.index(r, 0).data(), intake.results.index(r, 1).data())
        for r in range(intake.results.rowCount())
    ]
    assert (tampered.name, "✗ Refused") in results
    assert (package.name, "✓ Imported") in results
    assert intake.refused.rowCount() == 1
    assert [s.filename for s in exchange.list_submissions(jalon)] == [package.name]


def test_an_installation_set_up_for_the_secretariat_offers_the_import_at_once(
    qtbot: QtBot, jalon: Jalon, package: Path
) -> None:
    settings = QSettings(str(jalon.data_dir / SETTINGS_FILE), QSettings.Format.IniFormat)
    settings.setValue(SKIPPED_SETUP, True)  # "Skip: I work for the secretariat"
    dialog = open_dialog(qtbot, jalon, [package], settings)
    assert not dialog.i_am_secretariat.isVisible()
    assert dialog.import_button.isVisible()
    assert not dialog.import_button.isEnabled()  # the signer's key is not enrolled yet


# -- how files arrive ---------------------------------------------------------------------------


def wait_for_package_dialog(then: Callable[[PackageDialog], None]) -> None:
    """When the package dialog is open and done checking, ``then(dialog)``, then close it."""

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PackageDialog) or dialog.is_running:
            QTimer.singleShot(10, attempt)
            return
        then(dialog)
        dialog.buttons.rejected.emit()

    QTimer.singleShot(0, attempt)


def drop_on(window: MainWindow, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    how = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(QPoint(50, 50), *how)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(50, 50), *how)
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted()


def test_dropping_a_package_on_the_window_shows_its_check(
    qtbot: QtBot, jalon: Jalon, package: Path
) -> None:
    window = MainWindow(jalon)
    qtbot.addWidget(window)
    window.show()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(package))])
    enter = QDragEnterEvent(
        QPoint(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    seen: list[list[str]] = []
    wait_for_package_dialog(lambda dialog: seen.append(row_texts(dialog)))
    drop = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, drop)
    [[row]] = seen
    assert package.name in row


def test_dropping_other_files_is_not_accepted(qtbot: QtBot, jalon: Jalon, tmp_path: Path) -> None:
    window = MainWindow(jalon)
    qtbot.addWidget(window)
    text = tmp_path / "notes.txt"
    text.write_text("not a package")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(text))])
    enter = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()


def test_files_named_while_the_store_opens_are_shown_once_it_is_open(
    qtbot: QtBot, jalon: Jalon, package: Path
) -> None:
    window = MainWindow(None)
    qtbot.addWidget(window)
    window.show()
    assert window.loading is not None
    assert window.loading.isVisible()
    assert window.loading.bar.accessibleName() == "Loading your assessments…"
    window.open_files([str(package)])  # nothing yet: there is no store to check against
    assert QApplication.activeModalWidget() is None
    seen: list[str] = []
    wait_for_package_dialog(lambda dialog: seen.extend(row_texts(dialog)))
    window.attach(jalon)
    [row] = seen
    assert package.name in row
    assert window.home is not None
    assert window.current_page is window.home


def test_the_command_line_hands_package_files_to_the_desktop_app(
    package: Path, tmp_path: Path
) -> None:
    calls: list[dict[str, object]] = []

    def desktop(**options: object) -> int:  # the launcher's part, as jalon.main passes it
        calls.append(options)
        return 0

    data = str(tmp_path / "data")
    other = package.with_name("QC-plan-r2.JALON")
    shutil.copy(package, other)
    assert cli_main([str(package), "--data-dir", data], gui=desktop) == 0
    assert cli_main(["--data-dir", data, str(package), str(other)], gui=desktop) == 0
    assert [c["files"] for c in calls] == [[str(package)], [str(package), str(other)]]
    assert calls[0]["data_dir"] == data
    # A name that is no file is still read as a command, and refused as one.
    missing = str(tmp_path / "missing.jalon")
    assert cli_main([missing, "--data-dir", data], gui=desktop) == 2
    assert cli_main([str(package), "list", "--data-dir", data], gui=desktop) == 2
    assert len(calls) == 2


@pytest.fixture
def data(qapp: QApplication, migrated_data: Path, tmp_path: Path) -> Iterator[Path]:
    """A data folder set up for a signer, so no first-run wizard comes in the way."""
    folder = tmp_path / "data"
    shutil.copytree(migrated_data, folder)
    with Jalon.open(folder) as app:
        identity.set_identity(app, government("MB"), "Jordan Lee", "CIO")
        identity.save_language(app, "en")
    yield folder
    close_all_windows()


def test_jalon_with_a_package_path_opens_the_window_and_shows_the_package_check(
    data: Path, package: Path
) -> None:
    seen: list[str] = []

    def read_then_close_everything(dialog: PackageDialog) -> None:
        seen.extend(row_texts(dialog))
        window = dialog.parent()
        assert isinstance(window, MainWindow)
        QTimer.singleShot(0, window.close)

    wait_for_package_dialog(read_then_close_everything)
    assert jalon([str(package), "--data-dir", str(data), "--lang", "en"]) == 0
    [row] = seen
    assert row.startswith(f"Valid, but the signer is not enrolled here. {package.name}")


# -- accessibility and languages -------------------------------------------------------------


def test_every_input_of_the_dialog_has_a_name(qtbot: QtBot, jalon: Jalon, package: Path) -> None:
    dialog = open_dialog(qtbot, jalon, [package])
    dialog.i_am_secretariat.setChecked(True)
    assert unnamed_inputs(dialog) == []
    assert dialog.results.accessibleName() == "Result for each package"


@pytest.fixture
def _french_with_pending_texts() -> Iterator[None]:
    with pending_translations():
        yield


@pytest.mark.usefixtures("_french_with_pending_texts")
def test_the_dialog_is_all_french_after_the_switch(
    qtbot: QtBot, jalon: Jalon, package: Path, tampered: Path
) -> None:
    enroll_key(jalon, signing_key_for(government("ON")))
    dialog = open_dialog(qtbot, jalon, [tampered, package])
    before = shown_texts(dialog)
    rows = row_texts(dialog)
    i18n.set_language("fr")
    QApplication.processEvents()
    assert still_english_shown(dialog, before) == []
    french = row_texts(dialog)
    assert french[0].startswith(f"Refusé. Le paquet {tampered.name}")
    assert french[1].startswith("Valide, d'un signataire inscrit.")
    assert french != rows


def test_the_dialog_stays_open_while_it_checks(qtbot: QtBot, jalon: Jalon, package: Path) -> None:
    dialog = PackageDialog(jalon, [package] * 3)
    qtbot.addWidget(dialog)
    dialog.show()
    if dialog.is_running:
        dialog.reject()
        assert dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=WAIT_MS)
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_a_file_that_is_not_there_is_named_in_a_clear_message(
    qtbot: QtBot, jalon: Jalon, replies: DialogReplies, tmp_path: Path
) -> None:
    window = MainWindow(jalon)
    qtbot.addWidget(window)
    window.show()
    gone = tmp_path / "ON-plan-r1.jalon"
    replies.click("OK")
    window.open_files([str(gone)])
    assert replies.seen == [f"Jalon cannot find {gone}. Check the name and where the file is."]
