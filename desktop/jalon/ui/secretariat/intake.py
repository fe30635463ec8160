"""Intake: packages arrive by button, from a folder (a USB stick) or dropped on the window;
they are verified and imported in a background job that can be cancelled between packages.

The last batch's results stay in a table; the refused packages stay in a list of their own,
with their reasons, until the person dismisses them (for the rest of the session).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jalon.core.errors import N_
from jalon.i18n import _, describe
from jalon.services import exchange
from jalon.services.app import Jalon, now
from jalon.services.exchange import ImportOutcome, ImportStatus
from jalon.ui.bridge import bridge
from jalon.ui.editor.widgets import heading, wrapped_label
from jalon.ui.runner import Operation, OperationProgress, failure_text
from jalon.ui.secretariat.common import DASH, RowsModel, table_view, when

STATUS_TEXT = {
    ImportStatus.IMPORTED: N_("Imported"),
    ImportStatus.ALREADY: N_("Already imported"),
    ImportStatus.REFUSED: N_("Refused"),
}
#: A mark beside each result's word, so the column reads at a glance without colour.
STATUS_MARK = {ImportStatus.IMPORTED: "✓", ImportStatus.ALREADY: "=", ImportStatus.REFUSED: "✗"}


def status_text(status: ImportStatus) -> str:
    return f"{STATUS_MARK[status]} {_(STATUS_TEXT[status])}"


def local_paths(mime: QMimeData | None) -> list[Path]:
    """The local files and folders in a drag's data (web links and the like are ignored)."""
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class ResultsModel(RowsModel[ImportOutcome]):
    """One row per package of the last import: file, result, jurisdiction, revision, why."""

    FILE, RESULT, JURISDICTION, REVISION, DETAILS = range(5)
    HEADERS = (N_("File"), N_("Result"), N_("Jurisdiction"), N_("Revision"), N_("Details"))

    def cell(self, row: ImportOutcome, column: int) -> str:
        if column == self.FILE:
            return row.path.name
        if column == self.RESULT:
            return status_text(row.status)
        if column == self.JURISDICTION:
            return row.jurisdiction or DASH
        if column == self.REVISION:
            return str(row.revision) if row.revision is not None else DASH
        return describe(row.message)

    def value(self, row: ImportOutcome, column: int) -> Any:
        if column == self.RESULT:
            return row.status
        if column == self.REVISION:
            return row.revision
        return self.cell(row, column)

    def tooltip(self, row: ImportOutcome, column: int) -> str | None:
        return str(row.path) if column == self.FILE else None


@dataclass(frozen=True, slots=True)
class Refusal:
    """A refused package kept in the list until dismissed."""

    outcome: ImportOutcome
    at: datetime


class RefusedModel(RowsModel[Refusal]):
    FILE, REASON, AT = range(3)
    HEADERS = (N_("File"), N_("Why it was refused"), N_("When"))

    def cell(self, row: Refusal, column: int) -> str:
        if column == self.FILE:
            return row.outcome.path.name
        if column == self.REASON:
            return describe(row.outcome.message)
        return when(row.at)

    def tooltip(self, row: Refusal, column: int) -> str | None:
        return str(row.outcome.path) if column == self.FILE else None

    def add(self, refusals: Iterable[Refusal]) -> None:
        self.set_rows([*self.rows(), *refusals])

    def dismiss(self, row: int) -> None:
        rows = self.rows()
        del rows[row]
        self.set_rows(rows)


def summary(outcomes: Sequence[ImportOutcome]) -> dict[str, int]:
    return {
        "imported": sum(o.status is ImportStatus.IMPORTED for o in outcomes),
        "already": sum(o.status is ImportStatus.ALREADY for o in outcomes),
        "refused": sum(o.status is ImportStatus.REFUSED for o in outcomes),
    }


class IntakePanel(QWidget):
    """Import packages and see what became of each one.

    Signals:
        imported(int): an import ended having stored this many new submissions (> 0).
        running_changed(bool): an import started (True) or ended (False).
        job_started(object): the :class:`Operation` of an import, just before it starts.
        status_message(str): a short message for the window's status bar.
    """

    imported = Signal(int)
    running_changed = Signal(bool)
    job_started = Signal(object)
    status_message = Signal(str)

    def __init__(self, app: Jalon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._job: Operation | None = None
        self._progress: OperationProgress | None = None
        self._total = 0
        self._last_dir = str(Path.home())
        self._last_summary: tuple[str, dict[str, Any]] | None = None

        layout = QVBoxLayout(self)
        self._title = heading(1, self)
        self._intro = wrapped_label("", self)
        buttons = QHBoxLayout()
        self.files_button = QPushButton(self)
        self.folder_button = QPushButton(self)
        buttons.addWidget(self.files_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        self._drop_hint = wrapped_label("", self)
        self._drop_hint.setFrameShape(QFrame.Shape.StyledPanel)
        self._drop_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._drop_hint.setMargin(12)
        self.state_label = wrapped_label("", self)
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._results_title = heading(2, self)
        self.results = ResultsModel(self)
        self.results_view = table_view(self.results, self)
        header = self.results_view.horizontalHeader()
        header.setSectionResizeMode(ResultsModel.DETAILS, QHeaderView.ResizeMode.Stretch)

        self._refused_box = QGroupBox(self)
        refused = QVBoxLayout(self._refused_box)
        self._refused_intro = wrapped_label("", self._refused_box)
        self.refused = RefusedModel(self)
        self.refused_view = table_view(self.refused, self._refused_box)
        self.refused_view.horizontalHeader().setSectionResizeMode(
            RefusedModel.REASON, QHeaderView.ResizeMode.Stretch
        )
        self.refused_view.horizontalHeader().setStretchLastSection(False)
        row = QHBoxLayout()
        self.dismiss_button = QPushButton(self._refused_box)
        self.dismiss_all_button = QPushButton(self._refused_box)
        row.addWidget(self.dismiss_button)
        row.addWidget(self.dismiss_all_button)
        row.addStretch(1)
        refused.addWidget(self._refused_intro)
        refused.addWidget(self.refused_view, 1)
        refused.addLayout(row)

        layout.addWidget(self._title)
        layout.addWidget(self._intro)
        layout.addLayout(buttons)
        layout.addWidget(self._drop_hint)
        layout.addWidget(self.state_label)
        layout.addWidget(self._results_title)
        layout.addWidget(self.results_view, 2)
        layout.addWidget(self._refused_box, 1)

        self.files_button.clicked.connect(self.choose_files)
        self.folder_button.clicked.connect(self.choose_folder)
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.dismiss_all_button.clicked.connect(self.dismiss_all)
        self.refused_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refused.modelReset.connect(self._update_buttons)
        self.retranslate()
        self._update_buttons()

    # -- public API --------------------------------------------------------------------------

    @property
    def is_running(self) -> bool:
        return self._job is not None

    @property
    def job(self) -> Operation | None:
        """The import running now, if any (tests wait on its signals)."""
        return self._job

    @property
    def progress_dialog(self) -> OperationProgress | None:
        return self._progress

    def import_paths(self, paths: Sequence[Path]) -> bool:
        """Import these files and folders (folders are searched for ``.jalon`` files).

        Returns False, saying why, when another import is still running: the person imports
        these again once it ends.
        """
        if self._job is not None:
            self._say(
                _(
                    "An import is already running. Wait for it to finish, then import these "
                    "files again."
                )
            )
            return False
        chosen = [Path(p) for p in paths]
        if not chosen:
            return False
        self._app.actor  # noqa: B018 - read once here, not for the first time in the job
        app = self._app
        job = Operation(
            lambda j: exchange.import_packages(
                app, chosen, progress=j.report, cancelled=j.is_cancelled
            )
        )
        self._job = job
        self._total = 0
        job.progressed.connect(self._progressed)
        job.succeeded.connect(self._finished)
        job.failed.connect(self._failed)
        job.finished.connect(self._ended)
        self._progress = OperationProgress(job, _("Importing packages"), self, cancellable=True)
        self.results.set_rows([])
        self._last_summary = None
        self.state_label.setText(_("Importing…"))
        self._update_buttons()
        self.running_changed.emit(True)
        self.job_started.emit(job)
        job.start()
        return True

    def choose_files(self) -> None:
        """Ask for one or more package files and import them."""
        dialog = QFileDialog(
            self,
            _("Choose the packages to import"),
            self._last_dir,
            _("Jalon packages (*.jalon);;All files (*)"),
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        if dialog.exec() == QFileDialog.DialogCode.Accepted and dialog.selectedFiles():
            files = [Path(f) for f in dialog.selectedFiles()]
            self._last_dir = str(files[0].parent)
            self.import_paths(files)

    def choose_folder(self) -> None:
        """Ask for a folder (a USB stick) and import every package in it and its subfolders."""
        dialog = QFileDialog(self, _("Choose a folder of packages"), self._last_dir)
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        if dialog.exec() == QFileDialog.DialogCode.Accepted and dialog.selectedFiles():
            folder = Path(dialog.selectedFiles()[0])
            self._last_dir = str(folder)
            self.import_paths([folder])

    def dismiss_selected(self) -> None:
        rows = self.refused_view.selectionModel().selectedRows()
        if rows:
            index = rows[0].row()
            self.refused.dismiss(index)
            if self.refused.rowCount():
                self.refused_view.selectRow(min(index, self.refused.rowCount() - 1))

    def dismiss_all(self) -> None:
        self.refused.set_rows([])

    def wait(self, timeout_ms: int = 30_000) -> None:
        """Block until the running import (if any) has ended (closing the window does)."""
        if self._job is not None:
            self._job.cancel()
            self._job.wait(timeout_ms)

    # -- the job -------------------------------------------------------------------------------

    def _progressed(self, done: int, total: int, what: object) -> None:
        self._total = max(self._total, total)

    def _finished(self, outcomes: object) -> None:
        job = self._job
        assert isinstance(outcomes, list)
        self._show_outcomes(outcomes, cancelled=job is not None and job.is_cancelled())

    def _failed(self, error: object) -> None:
        handled = getattr(error, "outcomes", None)
        if isinstance(handled, list):
            self._show_outcomes(handled, cancelled=False)
        self._last_summary = ("failed", {"error": error})
        self._say(self._summary_text())

    def _ended(self) -> None:
        job = self._job
        self._job = None
        if self._progress is not None:
            self._progress.deleteLater()
            self._progress = None
        if job is not None:
            job.deleteLater()
        self._update_buttons()
        self.running_changed.emit(False)

    def _show_outcomes(self, outcomes: list[ImportOutcome], *, cancelled: bool) -> None:
        self.results.set_rows(outcomes)
        at = now()
        self.refused.add(Refusal(o, at) for o in outcomes if o.status is ImportStatus.REFUSED)
        counts = summary(outcomes)
        if cancelled and len(outcomes) < self._total:
            key = "cancelled"
            params: dict[str, Any] = {**counts, "handled": len(outcomes), "total": self._total}
        elif not outcomes:
            key, params = "none", {}
        else:
            key, params = "done", counts
        self._last_summary = (key, params)
        self._say(self._summary_text())
        if counts["imported"]:
            self.imported.emit(counts["imported"])
            bridge().store_changed.emit()

    def _summary_text(self) -> str:
        if self._last_summary is None:
            return ""
        key, params = self._last_summary
        if key == "failed":
            return failure_text(params["error"])
        if key == "cancelled":
            return _(
                "Import cancelled after {handled} of {total} packages — imported: {imported}, "
                "already imported: {already}, refused: {refused}. The others were not "
                "touched; import them again when you are ready."
            ).format(**params)
        if key == "none":
            return _(
                "No Jalon package (.jalon file) was found in what you chose. Choose the "
                "packages themselves or the folder that holds them."
            )
        return _(
            "Import finished — imported: {imported}, already imported: {already}, "
            "refused: {refused}."
        ).format(**params)

    def _say(self, message: str) -> None:
        self.state_label.setText(message)
        self.status_message.emit(message)

    # -- display -------------------------------------------------------------------------------

    def _update_buttons(self, *_args: object) -> None:
        idle = self._job is None
        for button in (self.files_button, self.folder_button):
            button.setEnabled(idle)
        self.dismiss_button.setEnabled(self.refused_view.selectionModel().hasSelection())
        self.dismiss_all_button.setEnabled(self.refused.rowCount() > 0)
        self._refused_box.setTitle(
            _("Refused packages ({count})").format(count=self.refused.rowCount())
        )
        # Shown while it holds something: an empty list would only take room from the results.
        self._refused_box.setVisible(self.refused.rowCount() > 0)
        busy = _("An import is running; wait for it to finish.")
        for button in (self.files_button, self.folder_button):
            button.setToolTip(busy if not idle else "")

    def retranslate(self) -> None:
        self._title.setText(_("Import packages"))
        self._intro.setText(
            _(
                "Each package is checked before anything is stored: its signature, the key "
                "that signed it (it must be enrolled for its jurisdiction, see the Trust tab) "
                "and its contents. A package is imported whole or not at all."
            )
        )
        self.files_button.setText(_("Import &packages…"))
        self.files_button.setToolTip("")
        self.folder_button.setText(_("Import a &folder…"))
        self._drop_hint.setText(
            _("Or drop .jalon files, or a folder such as a USB stick, anywhere on this window.")
        )
        self._results_title.setText(_("Results of the last import"))
        self.results_view.setAccessibleName(_("Results of the last import"))
        self._refused_intro.setText(
            _(
                "Refused packages stay here, with the reason, until you dismiss them. Each "
                "refusal is also written to the security journal in the data folder."
            )
        )
        self.refused_view.setAccessibleName(_("Refused packages and why"))
        self.dismiss_button.setText(_("&Dismiss"))
        self.dismiss_button.setToolTip(_("Remove the selected refusal from this list"))
        self.dismiss_all_button.setText(_("Dismiss &all"))
        self.results.retranslate()
        self.refused.retranslate()
        if self._job is not None:
            self.state_label.setText(_("Importing…"))
        elif self._last_summary is not None:
            self.state_label.setText(self._summary_text())
        self._update_buttons()
