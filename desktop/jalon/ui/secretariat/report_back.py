"""The report back (the consolidated PDF) and the analysts' data (CSV or XLSX): a dialog asks
for the language, the format and the file, then a background job writes it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from jalon import i18n
from jalon.i18n import _
from jalon.services import data_export, reports
from jalon.services.app import Jalon
from jalon.services.data_export import DataExportResult
from jalon.ui.editor.widgets import wrapped_label
from jalon.ui.plain_text import PlainLabel
from jalon.ui.runner import Operation, OperationProgress, failure_text
from jalon.ui.widgets import choose_save_path, error_label, show_error, show_inline_error

REPORT, DATA = "report", "data"


class OutputDialog(QDialog):
    """Where and how to write the report back (``kind`` REPORT) or the data (``kind`` DATA)."""

    def __init__(self, kind: str, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._folder = folder
        layout = QVBoxLayout(self)
        self._intro = wrapped_label("", self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        self._language_label = PlainLabel("", self)
        self.language_group = QButtonGroup(self)
        language_row = QHBoxLayout()
        self.languages: dict[str, QRadioButton] = {}
        for code, name in i18n.LANGUAGE_NAMES.items():
            # Each language named in itself, as in the language menu.
            button = QRadioButton(name, self)
            self.language_group.addButton(button)
            self.languages[code] = button
            language_row.addWidget(button)
        language_row.addStretch(1)
        self.languages[i18n.current_language()].setChecked(True)
        form.addRow(self._language_label, language_row)

        self._format_label = PlainLabel("", self)
        self.format_group = QButtonGroup(self)
        format_row = QHBoxLayout()
        self.formats: dict[str, QRadioButton] = {}
        for fmt in data_export.DataFormat:
            button = QRadioButton(fmt.value.upper(), self)
            self.format_group.addButton(button)
            self.formats[fmt.value] = button
            format_row.addWidget(button)
        format_row.addStretch(1)
        self.formats[data_export.DataFormat.XLSX.value].setChecked(True)
        if kind == DATA:
            form.addRow(self._format_label, format_row)
        else:
            self._format_label.hide()
            for button in self.formats.values():
                button.hide()

        self._path_label = PlainLabel("", self)
        self.path = QLineEdit(self)
        self._path_label.setBuddy(self.path)
        self.browse_button = QPushButton(self)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.browse_button)
        form.addRow(self._path_label, path_row)
        self._note = wrapped_label("", self)
        self.error = error_label()
        self.buttons = QDialogButtonBox(self)
        self.go_button = QPushButton(self)
        self.go_button.setDefault(True)
        self.buttons.addButton(self.go_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(self._intro)
        layout.addLayout(form)
        layout.addWidget(self._note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.browse_button.clicked.connect(self.browse)
        for button in (*self.languages.values(), *self.formats.values()):
            button.toggled.connect(self._suggest)
        self._suggested = ""
        self.retranslate()
        self._suggest()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 40)
        self.resize(self.fontMetrics().horizontalAdvance("M") * 48, self.sizeHint().height())

    @property
    def language(self) -> str:
        return next(code for code, b in self.languages.items() if b.isChecked())

    @property
    def data_format(self) -> str:
        return next(fmt for fmt, b in self.formats.items() if b.isChecked())

    def _suffix(self) -> str:
        return ".pdf" if self.kind == REPORT else f".{self.data_format}"

    def _suggest(self, *_args: object) -> None:
        """A file name in the chosen language (unless the person typed their own)."""
        tr = i18n.translator(self.language)
        stem = tr.gettext("report-back") if self.kind == REPORT else tr.gettext("jalon-data")
        name = f"{stem}-{date.today().isoformat()}{self._suffix()}"
        shown = self.path.text()
        if not shown or shown == self._suggested:
            self._suggested = str(self._folder / name)
            self.path.setText(self._suggested)
        elif self.kind == DATA:
            self.path.setText(str(Path(shown).with_suffix(self._suffix())))
        self._note.setVisible(self.kind == DATA and self.data_format == "csv")

    def browse(self) -> None:
        current = Path(self.path.text() or self._suggested)
        pattern = (
            _("PDF files (*.pdf)")
            if self.kind == REPORT
            else _("Spreadsheets (*.xlsx)")
            if self.data_format == "xlsx"
            else _("CSV files (*.csv)")
        )
        chosen = choose_save_path(self, self.windowTitle(), current, pattern)
        if chosen is not None:
            self.path.setText(str(chosen))

    def target(self) -> Path:
        path = Path(self.path.text().strip()).expanduser()
        if path.suffix.lower() != self._suffix():
            path = path.with_name(path.name + self._suffix())
        return path

    def accept(self) -> None:
        if not self.path.text().strip():
            show_inline_error(self.error, _("Give the name of the file to write."))
            self.path.setFocus()
            return
        super().accept()

    def retranslate(self) -> None:
        if self.kind == REPORT:
            self.setWindowTitle(_("Report back (PDF)"))
            self._intro.setText(
                _(
                    "The consolidated report back: the heat map, the consensus tables, the "
                    "largest gaps, the collated answers, the actions, and an annex of every "
                    "package received with its signer and key fingerprint."
                )
            )
            self.go_button.setText(_("&Write the report"))
        else:
            self.setWindowTitle(_("Export data (CSV/XLSX)"))
            self._intro.setText(
                _(
                    "For analysts: one row per imported submission and theme, and the workshop "
                    "answers. Column names are the same in both languages; the texts in the "
                    "rows are in the language chosen."
                )
            )
            self.go_button.setText(_("&Export"))
        self._language_label.setText(_("Language:"))
        self._format_label.setText(_("Format:"))
        self._path_label.setText(_("&Save as:"))
        self.browse_button.setText(_("&Browse…"))
        self._note.setText(
            _("A second file, ending in -answers.csv, is written beside it for the answers.")
        )
        self.cancel_button.setText(_("Cancel"))
        self.path.setAccessibleName(_("File to write"))


class OutputRunner(QObject):
    """Asks for the options, then writes the report back or the data in a background job.

    Signals:
        written(object): the path of the file written (the report) or the export's result.
        status_message(str): a short message for the window's status bar.
    """

    written = Signal(object)
    status_message = Signal(str)

    def __init__(self, app: Jalon, parent: QWidget) -> None:
        super().__init__(parent)
        self._app = app
        self._parent = parent
        from jalon.ui.files import documents_folder

        self._folder = documents_folder()  # where people look for what they saved
        self.job: Operation | None = None
        self.dialog: OutputDialog | None = None

    @property
    def is_running(self) -> bool:
        return self.job is not None

    def ask(self, kind: str) -> bool:
        """Show the dialog for ``kind``; start writing when the person confirms."""
        if self.job is not None:
            self.status_message.emit(_("Another file is being written; wait for it to finish."))
            return False
        dialog = OutputDialog(kind, self._folder, self._parent)
        self.dialog = dialog
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            target, lang, fmt = dialog.target(), dialog.language, dialog.data_format
        finally:
            self.dialog = None
            dialog.deleteLater()
        self.start(kind, target, lang, fmt)
        return True

    def start(self, kind: str, target: Path, lang: str, fmt: str = "xlsx") -> Operation:
        self._folder = target.parent
        app = self._app
        app.actor  # noqa: B018 - read once here, not for the first time in the job
        if kind == REPORT:
            job = Operation(lambda _j: reports.write_consolidated_report(app, target, lang))
            title = _("Writing the report back…")
        else:
            job = Operation(lambda _j: data_export.export_data(app, target, fmt, lang))
            title = _("Exporting the data…")
        self.job = job
        progress = OperationProgress(job, title, self._parent, cancellable=False)
        job.succeeded.connect(self._succeeded)
        job.failed.connect(self._failed)
        job.finished.connect(lambda: self._ended(progress))
        job.start()
        return job

    def _succeeded(self, result: object) -> None:
        if isinstance(result, DataExportResult):
            message = _("Data exported: {files}.").format(
                files=", ".join(str(p) for p in result.paths)
            )
        else:
            message = _("Report back written: {file}.").format(file=str(result))
        self.status_message.emit(message)
        self.written.emit(result)

    def _failed(self, error: object) -> None:
        self.status_message.emit(failure_text(error))
        show_error(self._parent, failure_text(error))

    def _ended(self, progress: OperationProgress) -> None:
        progress.deleteLater()
        if self.job is not None:
            self.job.deleteLater()
        self.job = None

    def wait(self, timeout_ms: int = 60_000) -> None:
        if self.job is not None:
            self.job.wait(timeout_ms)
