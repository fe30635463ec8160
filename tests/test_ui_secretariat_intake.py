"""Intake: packages imported by button, from a folder, and dropped on the window; a batch
cancelled half-way; a second import refused while one runs; refusals kept with their
reasons until dismissed."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from jalon import i18n
from jalon.core.jurisdiction import government
from jalon.services import exchange
from jalon.services.app import Jalon
from jalon.services.exchange import ImportStatus
from jalon.store.models import SubmissionResponseRow, SubmissionRow
from jalon.ui.runner import Operation
from jalon.ui.secretariat import SecretariatWidget
from jalon.ui.secretariat.intake import ResultsModel
from jalon.ui.tour import pending_translations

from .secretariat_support import quick_package, signing_key_for, varied_assessment
from .test_ui_secretariat_support import (  # noqa: F401 - fixtures
    choose_in_file_dialog,
    jalon_fixture,
    migrated_data_fixture,
    run_import,
    show_dashboard,
    workspace_fixture,
    write_demo_packages,
)


def stored(app: Jalon, model: type = SubmissionRow) -> int:
    with app.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def results(widget: SecretariatWidget) -> dict[str, ImportStatus]:
    model = widget.intake.results
    return {o.path.name: o.status for o in model.rows()}


def mime_with(*paths: Path | str) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) if isinstance(p, Path) else QUrl(p) for p in paths])
    return mime


# PySide marks QDragEnterEvent's only constructor deprecated (Qt 6 wants a QPointF there).
pytestmark = pytest.mark.filterwarnings("ignore:Function.*QDragEnterEvent:DeprecationWarning")


def drop(widget: SecretariatWidget, mime: QMimeData) -> tuple[bool, bool]:
    """Drag ``mime`` over the widget and drop it, as the window system does; returns whether
    the drag was accepted and whether the drop was."""
    where = QPointF(widget.width() / 2, widget.height() / 2)
    enter = QDragEnterEvent(
        where.toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, enter)
    event = QDropEvent(
        where,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)
    return enter.isAccepted(), event.isAccepted()


def test_dropping_a_folder_on_the_window_imports_every_package_in_it(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, tmp_path: Path
) -> None:
    demo = write_demo_packages(jalon, tmp_path / "usb" / "nested")
    (tmp_path / "usb" / "notes.txt").write_text("not a package")
    workspace.show_tab(workspace.TRUST)
    accepted, dropped = drop(workspace, mime_with(tmp_path / "usb"))
    assert accepted
    assert dropped
    assert workspace.tabs.currentIndex() == workspace.INTAKE
    qtbot.waitUntil(lambda: not workspace.intake.is_running, timeout=30_000)
    assert results(workspace) == {p.name: ImportStatus.IMPORTED for p in demo.files.values()}
    assert stored(jalon) == len(demo.files)
    assert "imported: 5, already imported: 0, refused: 0" in workspace.intake.state_label.text()
    # The other tabs show what arrived.
    workspace.show_tab(workspace.SUBMISSIONS)
    assert workspace.submissions.latest.rowCount() == 5
    show_dashboard(qtbot, workspace)
    assert workspace.dashboard.heat_model.jurisdiction_rows() == 4


def test_a_drag_with_no_local_file_is_refused_and_imports_nothing(
    jalon: Jalon, workspace: SecretariatWidget
) -> None:
    accepted, dropped = drop(workspace, mime_with("https://example.ca/on.jalon"))
    assert not accepted
    assert not dropped
    assert not workspace.intake.is_running
    assert stored(jalon) == 0


def test_import_packages_asks_for_files_and_imports_those_chosen(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, tmp_path: Path
) -> None:
    demo = write_demo_packages(jalon, tmp_path / "mail")
    chosen = [demo.files["QC"], demo.files["BC"]]
    choose_in_file_dialog(*chosen)
    qtbot.mouseClick(workspace.intake.files_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not workspace.intake.is_running, timeout=30_000)
    assert results(workspace) == {
        "qc.jalon": ImportStatus.IMPORTED,
        "bc.jalon": ImportStatus.IMPORTED,
    }
    assert stored(jalon) == 2


def test_import_a_folder_asks_for_a_folder_and_imports_it_all(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, tmp_path: Path
) -> None:
    demo = write_demo_packages(jalon, tmp_path / "stick" / "packages")
    choose_in_file_dialog(tmp_path / "stick")
    qtbot.mouseClick(workspace.intake.folder_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not workspace.intake.is_running, timeout=30_000)
    assert stored(jalon) == len(demo.files)


def gate_first_package(
    widget: SecretariatWidget, reached: threading.Event | None = None
) -> threading.Event:
    """Hold the next import just before its first package until the returned event is set
    (``reached`` is set once the import waits there)."""
    release = threading.Event()
    arrived = reached or threading.Event()

    def attach(job: Operation) -> None:
        def hold(done: int, total: int, _what: object) -> None:
            if done == 0 and total > 0 and not arrived.is_set():
                arrived.set()
                release.wait(20)

        # In the import's own thread: the import waits right where it reports progress.
        job.progressed.connect(hold, Qt.ConnectionType.DirectConnection)

    widget.intake.job_started.connect(attach)
    return release


def test_cancelling_mid_batch_stops_before_the_next_package_and_leaves_whole_ones(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, tmp_path: Path
) -> None:
    demo = write_demo_packages(jalon, tmp_path / "usb")
    release = gate_first_package(workspace)
    assert workspace.import_paths([tmp_path / "usb"])
    dialog = workspace.intake.progress_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: not workspace.intake.is_running, timeout=30_000)

    # The package being imported when Cancel was pressed finished; no other was started.
    assert list(results(workspace).values()) == [ImportStatus.IMPORTED]
    assert stored(jalon) == 1
    assert stored(jalon, SubmissionResponseRow) == len(jalon.framework.themes)
    state = workspace.intake.state_label.text()
    assert state.startswith(f"Import cancelled after 1 of {len(demo.files)} packages")
    # The rest arrive when the folder is imported again; the first is recognised.
    run_import(qtbot, workspace, [tmp_path / "usb"])
    statuses = list(results(workspace).values())
    assert statuses.count(ImportStatus.ALREADY) == 1
    assert statuses.count(ImportStatus.IMPORTED) == len(demo.files) - 1
    assert stored(jalon) == len(demo.files)


def test_a_second_import_while_one_runs_is_refused_politely(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, tmp_path: Path
) -> None:
    write_demo_packages(jalon, tmp_path / "usb")
    other = tmp_path / "other.jalon"
    j = government("MB")
    other.write_bytes(quick_package(varied_assessment(jalon.framework, j, 2), signing_key_for(j)))
    release = gate_first_package(workspace)
    assert workspace.import_paths([tmp_path / "usb"])
    intake = workspace.intake
    assert not intake.files_button.isEnabled()
    assert not intake.folder_button.isEnabled()
    assert not workspace.report_button.isEnabled()
    with qtbot.waitSignal(workspace.status_message) as said:
        assert not workspace.import_paths([other])
    assert said.args == [
        "An import is already running. Wait for it to finish, then import these files again."
    ]
    assert intake.state_label.text() == said.args[0]
    release.set()
    qtbot.waitUntil(lambda: not intake.is_running, timeout=30_000)
    assert "other.jalon" not in results(workspace)
    assert intake.files_button.isEnabled()
    assert workspace.report_button.isEnabled()


def write_refusals(app: Jalon, folder: Path) -> dict[str, Path]:
    """A package signed by a key nobody enrolled, and a file that is not a package at all."""
    folder.mkdir(parents=True, exist_ok=True)
    j = government("NB")
    stranger = folder / "stranger.jalon"
    stranger.write_bytes(
        quick_package(varied_assessment(app.framework, j, 4), signing_key_for(j, "Unknown"))
    )
    junk = folder / "junk.jalon"
    junk.write_bytes(b"this is not a zip file")
    return {"stranger": stranger, "junk": junk}


def test_refused_packages_are_listed_with_their_reasons_until_dismissed(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, tmp_path: Path
) -> None:
    demo = write_demo_packages(jalon, tmp_path / "usb")
    bad = write_refusals(jalon, tmp_path / "bad")
    intake = workspace.intake
    assert not intake.refused_view.isVisibleTo(workspace)  # nothing refused yet
    run_import(qtbot, workspace, [bad["stranger"], demo.files["QC"]])
    assert results(workspace) == {
        "stranger.jalon": ImportStatus.REFUSED,
        "qc.jalon": ImportStatus.IMPORTED,
    }
    reason = intake.results.index(0, ResultsModel.DETAILS).data()
    assert "is not enrolled" in reason
    assert intake.refused.rowCount() == 1
    assert intake.refused_view.isVisibleTo(workspace)

    # A later batch adds its refusals to the list; the earlier ones stay.
    run_import(qtbot, workspace, [bad["junk"], demo.files["QC"]])
    assert results(workspace)["qc.jalon"] is ImportStatus.ALREADY
    reasons = [intake.refused.index(r, 1).data() for r in range(intake.refused.rowCount())]
    assert [intake.refused.index(r, 0).data() for r in range(2)] == [
        "stranger.jalon",
        "junk.jalon",
    ]
    assert all(reasons)
    assert intake._refused_box.title() == "Refused packages (2)"

    intake.refused_view.selectRow(0)
    qtbot.mouseClick(intake.dismiss_button, Qt.MouseButton.LeftButton)
    assert [intake.refused.index(r, 0).data() for r in range(1)] == ["junk.jalon"]
    qtbot.mouseClick(intake.dismiss_all_button, Qt.MouseButton.LeftButton)
    assert intake.refused.rowCount() == 0
    assert not intake.refused_view.isVisibleTo(workspace)
    assert stored(jalon) == 1


def test_the_reasons_of_refusals_follow_the_language(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, tmp_path: Path
) -> None:
    bad = write_refusals(jalon, tmp_path / "bad")
    run_import(qtbot, workspace, [bad["stranger"]])
    english = workspace.intake.refused.index(0, 1).data()
    status = workspace.intake.results.index(0, ResultsModel.RESULT).data()
    with pending_translations():
        i18n.set_language("fr")
        french = workspace.intake.refused.index(0, 1).data()
        assert french != english
        assert "n'est pas inscrite" in french
        assert workspace.intake.results.index(0, ResultsModel.RESULT).data() == "✗ Refusé"
        assert status == "✗ Refused"
        assert workspace.intake.state_label.text().startswith("Importation terminée")


def test_a_folder_without_packages_says_so(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, tmp_path: Path
) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    for i in range(50):
        (folder / f"IMG_{i}.jpg").write_bytes(b"\xff\xd8 not a package")
    run_import(qtbot, workspace, [folder])
    assert workspace.intake.results.rowCount() == 0
    assert workspace.intake.state_label.text().startswith("No Jalon package (.jalon file)")
    assert stored(jalon) == 0


def test_a_package_of_the_same_revision_with_other_answers_is_refused_not_stored(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, tmp_path: Path
) -> None:
    demo = write_demo_packages(jalon, tmp_path / "usb")
    run_import(qtbot, workspace, [demo.files["BC"]])
    a = demo.assessments["BC"]
    changed = varied_assessment(jalon.framework, a.jurisdiction, 40, assessment_id=a.id)
    forged = tmp_path / "bc-again.jalon"
    forged.write_bytes(quick_package(changed, signing_key_for(a.jurisdiction, "Sam Okafor")))
    run_import(qtbot, workspace, [forged])
    assert results(workspace) == {"bc-again.jalon": ImportStatus.REFUSED}
    assert "already imported with other answers" in workspace.intake.refused.index(0, 1).data()
    assert stored(jalon) == 1
    assert exchange.list_submissions(jalon)[0].package_sha256 != ""


def test_a_store_that_cannot_be_written_is_reported_in_words_and_the_window_goes_on(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, tmp_path: Path
) -> None:
    demo = write_demo_packages(jalon, tmp_path / "usb")
    jalon.database.dispose()
    # A data folder whose database file was removed under the running app: the import fails
    # with the store's own message (a StorageError), shown in the panel, not a traceback.
    (Path(jalon.data_dir) / "jalon.sqlite3").unlink()
    (Path(jalon.data_dir) / "jalon.sqlite3").mkdir()
    run_import(qtbot, workspace, [demo.files["QC"]])
    text = workspace.intake.state_label.text()
    assert "cannot be written to" in text
    assert "Traceback" not in text
    assert workspace.intake.files_button.isEnabled()


def test_closing_the_window_during_an_import_stops_it_between_packages(
    qtbot: QtBot, jalon: Jalon, tmp_path: Path
) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    from jalon.ui.runner import wait_for_all

    demo = write_demo_packages(jalon, tmp_path / "usb")
    widget = SecretariatWidget(jalon)
    widget.show()
    reached = threading.Event()
    release = gate_first_package(widget, reached)
    assert widget.import_paths([tmp_path / "usb"])
    job = widget.intake.job
    assert job is not None
    assert reached.wait(10)  # the import is about to store its first package
    # Closing waits for the import; the package under way is let through a moment later.
    threading.Timer(0.3, release.set).start()
    widget.close()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    wait_for_all()  # what the application does when it quits
    assert job.isFinished()
    # The package under way was stored whole; no other was started.
    assert stored(jalon) == 1
    assert stored(jalon, SubmissionResponseRow) == len(jalon.framework.themes)
    assert len(demo.files) > 1
