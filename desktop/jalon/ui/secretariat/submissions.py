"""Submissions: every jurisdiction's latest revision, the history of the one selected, and
what can be done with a submission: look at it, verify it again, open its PDF report."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from jalon.core.consolidation import SubmissionInfo
from jalon.core.errors import N_, JalonError
from jalon.core.submissions import LatestSubmission
from jalon.i18n import _, describe
from jalon.services import consolidation, exchange, submissions
from jalon.services.app import Jalon
from jalon.services.exchange import Verdict, VerifyOutcome
from jalon.ui.editor.widgets import heading, wrapped_label
from jalon.ui.secretariat.common import (
    LazyPanel,
    RowsModel,
    jurisdiction_name,
    key_fingerprint,
    select_first,
    selected_row,
    table_view,
    when,
)
from jalon.ui.secretariat.submission_view import SubmissionViewer
from jalon.ui.widgets import show_error

#: A row of the upper table: a jurisdiction and the submission of it that counts now.
LatestRow = LatestSubmission


def state_text(used: bool, key_revoked: bool) -> str:
    state = _("In the dashboard") if used else _("Not in the dashboard")
    if key_revoked:
        return _("{state} · ⚠ key revoked since").format(state=state)
    return state


class LatestModel(RowsModel[LatestRow]):
    JURISDICTION, TITLE, REVISION, SIGNER, SIGNED, COUNT, STATE = range(7)
    HEADERS = (
        N_("Jurisdiction"),
        N_("Title"),
        N_("Revision"),
        N_("Signed by"),
        N_("Signed on"),
        N_("Packages"),
        N_("State"),
    )

    def cell(self, row: LatestRow, column: int) -> str:
        s = row.submission
        if column == self.JURISDICTION:
            return jurisdiction_name(s.jurisdiction)
        if column == self.TITLE:
            return s.title
        if column == self.REVISION:
            return str(s.revision)
        if column == self.SIGNER:
            return s.signer_name
        if column == self.SIGNED:
            return when(s.signed_at)
        if column == self.COUNT:
            return str(row.count)
        return state_text(s.current, s.key_revoked)

    def value(self, row: LatestRow, column: int) -> Any:
        if column == self.REVISION:
            return row.submission.revision
        if column == self.COUNT:
            return row.count
        return self.cell(row, column)


class HistoryModel(RowsModel[SubmissionInfo]):
    REVISION, TITLE, SIGNER, SIGNED, IMPORTED, KEY, STATE = range(7)
    HEADERS = (
        N_("Revision"),
        N_("Title"),
        N_("Signed by"),
        N_("Signed on"),
        N_("Imported on"),
        N_("Key fingerprint"),
        N_("State"),
    )

    def cell(self, row: SubmissionInfo, column: int) -> str:
        if column == self.REVISION:
            return str(row.revision)
        if column == self.TITLE:
            return row.title
        if column == self.SIGNER:
            return row.signer_name
        if column == self.SIGNED:
            return when(row.signed_at)
        if column == self.IMPORTED:
            return when(row.imported_at)
        if column == self.KEY:
            return key_fingerprint(row.key_id)
        return state_text(row.current, row.key_revoked)

    def value(self, row: SubmissionInfo, column: int) -> Any:
        return row.revision if column == self.REVISION else self.cell(row, column)


class SubmissionsPanel(LazyPanel):
    """The submissions received, by jurisdiction.

    Signals:
        status_message(str): a short message for the window's status bar.
    """

    status_message = Signal(str)

    def __init__(self, app: Jalon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._verified: tuple[SubmissionInfo, VerifyOutcome] | None = None
        self._viewers: list[SubmissionViewer] = []
        self._pdfs = tempfile.TemporaryDirectory(prefix="jalon-reports-")

        layout = QVBoxLayout(self)
        self._title = heading(1, self)
        self._intro = wrapped_label("", self)
        self.latest = LatestModel(self)
        self.latest_view = table_view(self.latest, self)
        # The texts share the width and wrap (a narrow window, large text); numbers and
        # dates keep their contents' width.
        for column in (LatestModel.JURISDICTION, LatestModel.TITLE, LatestModel.STATE):
            self.latest_view.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.Stretch
            )
        self.latest_view.horizontalHeader().setStretchLastSection(False)
        self._empty = wrapped_label("", self)

        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self._history_title = heading(2, lower)
        self.history = HistoryModel(self)
        self.history_view = table_view(self.history, lower)
        for column in (HistoryModel.TITLE, HistoryModel.KEY, HistoryModel.STATE):
            self.history_view.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.Stretch
            )
        self.history_view.horizontalHeader().setStretchLastSection(False)
        buttons = QHBoxLayout()
        self.view_button = QPushButton(lower)
        self.verify_button = QPushButton(lower)
        self.pdf_button = QPushButton(lower)
        for button in (self.view_button, self.verify_button, self.pdf_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.verify_label = wrapped_label("", lower)
        self.verify_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.verify_label.setMargin(6)
        self.verify_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verify_label.hide()
        lower_layout.addWidget(self._history_title)
        lower_layout.addWidget(self.history_view, 1)
        lower_layout.addLayout(buttons)
        lower_layout.addWidget(self.verify_label)

        upper = QWidget(self)
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.latest_view, 1)
        upper_layout.addWidget(self._empty)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(self._title)
        layout.addWidget(self._intro)
        layout.addWidget(splitter, 1)

        self.latest_view.selectionModel().selectionChanged.connect(self._jurisdiction_chosen)
        self.history_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.history.modelReset.connect(self._update_buttons)
        self.view_button.clicked.connect(self.view_selected)
        self.verify_button.clicked.connect(self.reverify_selected)
        self.pdf_button.clicked.connect(self.open_pdf)
        self.history_view.doubleClicked.connect(lambda _index: self.view_selected())
        self.retranslate()

    # -- data ----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the submissions again (after an import, or a key revoked)."""
        self._stale = False
        chosen = selected_row(self.latest_view)
        code = chosen.jurisdiction.code if isinstance(chosen, LatestRow) else None
        latest = submissions.latest_by_jurisdiction(self._app)
        self.latest.set_rows(latest)
        self._empty.setVisible(not latest)
        self.history.set_rows([])
        if code is not None:
            self.select_jurisdiction(code)
        else:
            select_first(self.latest_view)

    def select_jurisdiction(self, code: str) -> None:
        for row, item in enumerate(self.latest.rows()):
            if item.jurisdiction.code == code:
                self.latest_view.selectRow(row)
                return

    def _jurisdiction_chosen(self, *_args: object) -> None:
        chosen = selected_row(self.latest_view)
        if not isinstance(chosen, LatestRow):
            self.history.set_rows([])
            return
        history = consolidation.submission_history(self._app, chosen.jurisdiction.code)
        self.history.set_rows(history)
        self._history_title.setText(self._history_heading())
        for row, info in enumerate(history):
            if info.submission_id == chosen.submission.submission_id:
                self.history_view.selectRow(row)
                break

    def selected_submission(self) -> SubmissionInfo | None:
        info = selected_row(self.history_view)
        return info if isinstance(info, SubmissionInfo) else None

    # -- commands ------------------------------------------------------------------------------

    def view_selected(self) -> SubmissionViewer | None:
        """Open the selected submission read-only, laid out like the editor."""
        info = self.selected_submission()
        if info is None:
            return None
        try:
            a = exchange.submission_assessment(self._app, info.submission_id)
            framework = self._app.framework_for(a)
        except JalonError as error:
            show_error(self, error)
            return None
        viewer = SubmissionViewer(self._app, info, a, framework, self)
        viewer.finished.connect(lambda _code, v=viewer: self._forget(v))
        self._viewers.append(viewer)
        viewer.show()
        return viewer

    def _forget(self, viewer: SubmissionViewer) -> None:
        if viewer in self._viewers:
            self._viewers.remove(viewer)
        viewer.deleteLater()

    def reverify_selected(self) -> VerifyOutcome | None:
        """Verify the stored package again against today's trust store, and say the result."""
        info = self.selected_submission()
        if info is None:
            return None
        try:
            outcome = exchange.reverify_submission(self._app, info.submission_id)
        except JalonError as error:
            show_error(self, error)
            return None
        self._verified = (info, outcome)
        self._show_verified()
        self.status_message.emit(self.verify_label.text())
        return outcome

    def _show_verified(self) -> None:
        if self._verified is None:
            self.verify_label.hide()
            return
        info, outcome = self._verified
        mark = {Verdict.TRUSTED: "✓", Verdict.NOT_ENROLLED: "⚠", Verdict.REFUSED: "✗"}
        verdict = {
            Verdict.TRUSTED: _("Verified again: intact, and the key is trusted."),
            Verdict.NOT_ENROLLED: _("Verified again: intact, but the key is no longer trusted."),
            Verdict.REFUSED: _("Verified again: this package no longer passes the checks."),
        }
        pdf = ""
        if outcome.pdf_ok is True:
            pdf = _("The PDF report's own signature verifies.")
        elif outcome.pdf_ok is False:
            pdf = _("The PDF report's own signature does not verify.")
        self.verify_label.setText(
            " ".join(
                part
                for part in (
                    f"{mark[outcome.verdict]} {verdict[outcome.verdict]}",
                    _("{jurisdiction}, revision {revision}:").format(
                        jurisdiction=jurisdiction_name(info.jurisdiction), revision=info.revision
                    ),
                    describe(outcome.message),
                    pdf,
                )
                if part
            )
        )
        self.verify_label.show()

    def extract_pdf(self, info: SubmissionInfo | None = None) -> Path | None:
        """Write the selected submission's PDF report to a temporary file; returns its path."""
        info = info or self.selected_submission()
        if info is None:
            return None
        try:
            member, pdf = exchange.submission_report_file(self._app, info.submission_id)
        except JalonError as error:
            show_error(self, error)
            return None
        # The member's name keeps the English and the French report of a package apart (one
        # may still be open in the PDF reader when the other is asked for).
        name = f"{info.jurisdiction.code}-r{info.revision}-{info.submission_id}-{member}"
        path = Path(self._pdfs.name) / name
        path.write_bytes(pdf)
        return path

    def open_pdf(self) -> Path | None:
        """Open the selected submission's PDF report in the system's PDF reader."""
        path = self.extract_pdf()
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
            self.status_message.emit(_("Opening the report {file}…").format(file=path.name))
        return path

    # -- display -------------------------------------------------------------------------------

    def _update_buttons(self, *_args: object) -> None:
        able = self.selected_submission() is not None
        for button in (self.view_button, self.verify_button, self.pdf_button):
            button.setEnabled(able)

    def _history_heading(self) -> str:
        chosen = selected_row(self.latest_view)
        if isinstance(chosen, LatestRow):
            return _("History of {jurisdiction}").format(
                jurisdiction=jurisdiction_name(chosen.jurisdiction)
            )
        return _("History")

    def retranslate(self) -> None:
        self._title.setText(_("Submissions"))
        self._intro.setText(
            _(
                "The submission that counts for each jurisdiction and workshop group: the "
                "latest revision, signed last. Select one to see every revision received."
            )
        )
        self._empty.setText(_("No package has been imported yet. Import some in the Intake tab."))
        self.latest_view.setAccessibleName(_("Latest submission of each jurisdiction"))
        self.history_view.setAccessibleName(_("Every revision received from this jurisdiction"))
        self._history_title.setText(self._history_heading())
        self.view_button.setText(_("&View…"))
        self.view_button.setToolTip(_("See the submission laid out like the editor, read-only"))
        self.verify_button.setText(_("Verify a&gain"))
        self.verify_button.setToolTip(
            _("Check the stored package again against today's trusted keys")
        )
        self.pdf_button.setText(_("Open the &PDF report"))
        self.latest.retranslate()
        self.history.retranslate()
        self._show_verified()
