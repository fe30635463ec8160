"""The sign-and-export dialog: what is still missing, the passphrase, where to save the
package, a progress bar while the export runs in a thread of its own, then the package's path,
"Show in folder" and the key's fingerprint.

The export itself is ``services.exchange.export_assessment``. It checks the passphrase and the
destination folder before it signs anything, so a wrong passphrase or a USB stick pulled out
before pressing the button changes nothing; the dialog says so and lets the person try again.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QStringListModel, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from jalon import i18n
from jalon.core import assessment as am
from jalon.core.errors import InvalidInputError, JalonError, StorageError
from jalon.i18n import _, describe
from jalon.services import assessments, exchange, keys
from jalon.ui.bridge import bridge
from jalon.ui.editor.summary_models import todo_items
from jalon.ui.runner import Operation, failure_text, show_progress
from jalon.ui.widgets import buddy, error_label, monospace, scaled, show_inline_error, slim
from jalon.ui.wizard import fingerprint_lines

if TYPE_CHECKING:
    from jalon.services.app import Jalon
    from jalon.services.exchange import ExportResult
    from jalon.services.keys import KeyInfo

log = logging.getLogger(__name__)

#: The folder the last package was saved to, in the window settings.
LAST_FOLDER_KEY = "export/folder"
#: After this many wrong passphrases in a row the message adds what else to check.
TRIES_BEFORE_HINT = 3


# -- the dialog ------------------------------------------------------------------------------


def grow_to_fit(window: QWidget) -> None:
    """Make ``window`` tall enough for what it shows now (a message appeared), never smaller,
    at its present width: wrapped text is measured for that width."""
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    width = window.width()
    needed = (
        layout.totalHeightForWidth(width)
        if layout.hasHeightForWidth()
        else layout.totalSizeHint().height()
    )
    if needed > window.height():
        window.resize(width, needed)


def _label(*, selectable: bool = False) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ExportDialog(QDialog):
    """Signs the latest revision of an assessment and writes its ``.jalon`` package.

    Pages: no key yet (with a way to the setup wizard), the form (what is missing, the
    passphrase, the folder, the progress), and the result (path, "Show in folder",
    fingerprint).

    Signals:
        exported(object): the :class:`~jalon.services.exchange.ExportResult`, once the package
            is written and checked.
    """

    exported = Signal(object)

    NO_KEY, FORM, DONE = range(3)

    def __init__(
        self,
        app: Jalon,
        assessment_id: str,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._assessment_id = assessment_id
        self._settings = settings
        self._assessment: am.Assessment = assessments.get(app, assessment_id)
        self._key: KeyInfo | None = None
        self._key_error: JalonError | None = None
        self._operation: Operation | None = None
        self._error: BaseException | None = None
        self._error_text = ""
        self._wrong_tries = 0
        self._step = ""
        self.result_: ExportResult | None = None

        self.heading = _label()
        self.heading.setFont(scaled(self.heading, 1.3, bold=True))
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_no_key())
        self.pages.addWidget(self._build_form())
        self.pages.addWidget(self._build_done())
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.export_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 96)

        self.passphrase.textChanged.connect(self._passphrase_edited)
        self.confirm.toggled.connect(self._update_buttons)
        self.folder.textChanged.connect(self._folder_edited)
        self.choose_button.clicked.connect(self.choose_folder)
        self.setup_button.clicked.connect(self.open_setup)
        self.show_button.clicked.connect(self.show_in_folder)

        self.folder.setText(str(self.default_folder()))
        self._read_key()
        self._show_check()
        bridge().language_changed.connect(self.retranslate)
        self.retranslate()
        self._open_first_page()

    # -- building ----------------------------------------------------------------------------

    def _build_no_key(self) -> QWidget:
        page = QWidget()
        self.no_key_text = _label(selectable=True)
        self.setup_button = QPushButton()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.no_key_text)
        layout.addWidget(self.setup_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return page

    def _build_form(self) -> QWidget:
        page = QWidget()
        self.intro = _label()

        self.check_box = QGroupBox()
        self.check_text = _label()
        self.missing_model = QStringListModel(self)
        self.missing = QListView()
        self.missing.setModel(self.missing_model)
        self.missing.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.missing.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.missing.setWordWrap(True)
        self.missing.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.missing.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.confirm = QCheckBox()
        check_layout = QVBoxLayout(self.check_box)
        check_layout.addWidget(self.check_text)
        check_layout.addWidget(self.missing)
        check_layout.addWidget(self.confirm)

        self.sign_box = QGroupBox()
        self.signer = _label(selectable=True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_label = buddy(QLabel(), self.passphrase)
        self.folder = QLineEdit()
        self.folder_label = buddy(QLabel(), self.folder)
        self.choose_button = QPushButton()
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_button)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.passphrase_label, self.passphrase)
        form.addRow(self.folder_label, folder_row)
        sign_layout = QVBoxLayout(self.sign_box)
        sign_layout.addWidget(self.signer)
        sign_layout.addLayout(form)

        self.progress = slim(QProgressBar())
        self.progress_text = _label()
        self.error = error_label()
        self.error.setFrameShape(QFrame.Shape.StyledPanel)
        self.error.setMargin(6)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addWidget(self.check_box)
        layout.addWidget(self.sign_box)
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_text)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self._show_running(False)
        return page

    def _build_done(self) -> QWidget:
        page = QWidget()
        self.done_text = _label()
        self.path = _label(selectable=True)
        self.path.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.show_button = QPushButton()
        self.fingerprint_caption = _label()
        self.fingerprint = QLabel()
        self.fingerprint.setFont(monospace(1.4, bold=True))
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_text = _label()
        self.done_error = error_label()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.done_text)
        layout.addWidget(self.path)
        layout.addWidget(self.show_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addWidget(self.fingerprint_caption)
        layout.addWidget(self.fingerprint)
        layout.addWidget(self.next_text)
        layout.addWidget(self.done_error)
        layout.addStretch(1)
        return page

    # -- state -------------------------------------------------------------------------------

    @property
    def assessment(self) -> am.Assessment:
        return self._assessment

    @property
    def key(self) -> KeyInfo | None:
        return self._key

    @property
    def is_running(self) -> bool:
        return self._operation is not None

    @property
    def operation(self) -> Operation | None:
        """The export running now, if one is."""
        return self._operation

    @property
    def needs_confirmation(self) -> bool:
        """An incomplete draft is signed only once the person ticked the confirmation."""
        return self._assessment.status is am.Status.DRAFT and not self._completeness.is_complete

    def default_folder(self) -> Path:
        """The folder used last time from this data folder if it is still there, else the
        person's Documents folder (where people look, unlike the hidden data folder)."""
        from jalon.ui.files import documents_folder

        if self._settings is not None:
            last = self._settings.value(LAST_FOLDER_KEY)
            if isinstance(last, str) and last and Path(last).is_dir():
                return Path(last)
        return documents_folder()

    def _read_key(self) -> None:
        try:
            self._key = keys.key_info(self._app)
            self._key_error = None
        except JalonError as error:  # a damaged key file: said on the "no key" page
            self._key = None
            self._key_error = error

    def _show_check(self) -> None:
        self._completeness, found = assessments.check(self._app, self._assessment)
        framework = self._app.framework_for(self._assessment)
        self._todo = todo_items(self._assessment, framework, found)

    def _open_first_page(self) -> None:
        if self._key is None:
            self.pages.setCurrentIndex(self.NO_KEY)
            self.setup_button.setFocus()
        else:
            self.pages.setCurrentIndex(self.FORM)
            self.passphrase.setFocus()
        self._update_buttons()

    def _update_buttons(self) -> None:
        page = self.pages.currentIndex()
        running = self.is_running
        ready = (
            page == self.FORM
            and not running
            and bool(self.passphrase.text())
            and bool(self.folder.text().strip())
            and (self.confirm.isChecked() or not self.needs_confirmation)
        )
        self.export_button.setVisible(page == self.FORM)
        self.export_button.setEnabled(ready)
        self.export_button.setDefault(page == self.FORM)
        self.close_button.setEnabled(not running)
        self.close_button.setDefault(page != self.FORM)
        for widget in (self.passphrase, self.folder, self.choose_button, self.confirm):
            widget.setEnabled(not running)
        grow_to_fit(self)

    def _show_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.progress_text.setVisible(running)

    # -- texts -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        a = self._assessment
        tr = i18n.current()
        self.setWindowTitle(_("Sign and export"))
        self.heading.setText(
            _("Sign and export “{title}”, revision {revision}").format(
                title=a.title, revision=tr.number(a.revision)
            )
        )
        self.no_key_text.setText(
            _(
                "This installation has no signing key yet, and a package must be signed. The "
                "setup assistant creates the key in a few minutes and gives you its key card "
                "for the secretariat. Your answers are saved and wait for you."
            )
            + (f"\n\n{describe(self._key_error)}" if self._key_error is not None else "")
        )
        self.setup_button.setText(_("Set up the signing &key…"))
        if a.status is am.Status.DRAFT:
            self.intro.setText(
                _(
                    "Signing freezes this revision: nothing in it can change afterwards (you "
                    "can start a new revision). The package holds your answers and the report "
                    "in English and in French, both signed; give it to the secretariat by email "
                    "or on a USB stick."
                )
            )
        else:
            self.intro.setText(
                _(
                    "This revision is already signed. Exporting writes its package again; "
                    "nothing in it changes."
                )
            )
        self.check_box.setTitle(_("Before you sign"))
        self._retranslate_check()
        self.sign_box.setTitle(_("Signature"))
        key = self._key
        if key is not None:
            self.signer.setText(
                _("Signed by {name}, {title}, with the key {fingerprint}.").format(
                    name=key.signer_name,
                    title=key.signer_title,
                    # Kept on one line: a fingerprint cut in two is hard to compare.
                    fingerprint=key.fingerprint.replace(" ", "\u00a0"),
                )
            )
        self.passphrase_label.setText(_("&Passphrase:"))
        self.passphrase.setAccessibleName(_("Passphrase of the signing key"))
        self.passphrase.setPlaceholderText(_("the passphrase chosen when the key was made"))
        self.folder_label.setText(_("Save the package &in:"))
        self.folder.setAccessibleName(_("Folder for the package"))
        self.folder.setToolTip(_("A folder on this computer or on a USB stick"))
        self.choose_button.setText(_("&Choose…"))
        self.choose_button.setToolTip(_("Choose the folder in a file window"))
        self.progress.setAccessibleName(_("Export progress"))
        self._retranslate_error()
        self._retranslate_done()
        self.export_button.setText(_("&Sign and export"))
        self.close_button.setText(
            _("&Close") if self.pages.currentIndex() == self.DONE else _("Cancel")
        )

    def _retranslate_check(self) -> None:
        c = self._completeness
        tr = i18n.current()
        lines = [
            _("{page}: {problems}").format(page=t.title, problems="; ".join(t.messages))
            for t in self._todo
        ]
        if c.is_complete:
            text = _(
                "Nothing is missing: every theme is scored, every question answered and the "
                "participants named."
            )
            if lines:
                text += " " + _("Check these before you sign:")
        else:
            text = _(
                "This assessment is not complete: {done} of {total} themes are scored "
                "({percent} of all answers). What is still missing:"
            ).format(
                done=c.themes_complete, total=c.themes_total, percent=tr.percent(c.percent / 100)
            )
        self.check_text.setText(text)
        self.missing_model.setStringList(lines)
        self.missing.setVisible(bool(lines))
        # As tall as its lines (up to seven, then it scrolls), not a fixed box.
        rows = max(1, min(len(lines), 7))
        self.missing.setFixedHeight(
            self.missing.fontMetrics().lineSpacing() * rows + 2 * self.missing.frameWidth() + 6
        )
        self.missing.setAccessibleName(
            _("What is still missing") if not c.is_complete else _("What to check")
        )
        self.confirm.setText(_("Sign it &anyway: the secretariat will see what is missing"))
        self.confirm.setVisible(self.needs_confirmation)

    def _retranslate_error(self) -> None:
        if self._error is None:
            show_inline_error(self.error, self._error_text)
            return
        message = describe(self._error) if isinstance(self._error, JalonError) else self._error_text
        if self._wrong_tries >= TRIES_BEFORE_HINT:
            message = _(
                "{message} That was {count} tries in a row; nothing was signed. Check that Caps "
                "Lock is off and that the keyboard is in the right language."
            ).format(message=message, count=self._wrong_tries)
        elif isinstance(self._error, JalonError):
            message = _("{message} Nothing was signed.").format(message=message)
        show_inline_error(self.error, message)

    def _retranslate_done(self) -> None:
        result = self.result_
        self.show_button.setText(_("Show in &folder"))
        self.fingerprint_caption.setText(
            _(
                "Fingerprint of the key that signed it (read it aloud, group by group, if the "
                "secretariat asks):"
            )
        )
        self.fingerprint.setAccessibleName(self.fingerprint_caption.text())
        if result is None:
            return
        self.heading.setText(
            _("“{title}”, revision {revision}, is signed and exported").format(
                title=self._assessment.title,
                revision=i18n.current().number(self._assessment.revision),
            )
        )
        self.done_text.setText(_("The package is saved as:"))
        self.path.setText(str(result.path))
        self.path.setAccessibleName(_("Package file"))
        self.next_text.setText(
            _(
                "Give this file to the secretariat. The revision is now read-only; to change an "
                "answer, start a new revision."
            )
        )

    # -- actions -----------------------------------------------------------------------------

    def _passphrase_edited(self) -> None:
        self._update_buttons()

    def _folder_edited(self) -> None:
        self._update_buttons()

    def choose_folder(self) -> None:
        """Pick the destination in a folder window. A dialog object rather than the static
        helper, so tests drive it as a person would."""
        dialog = QFileDialog(self, _("Choose where to save the package"), self.folder.text())
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        if dialog.exec() == QFileDialog.DialogCode.Accepted and dialog.selectedFiles():
            self.folder.setText(dialog.selectedFiles()[0])
        dialog.deleteLater()
        self.passphrase.setFocus()

    def open_setup(self) -> None:
        """The setup wizard, to create the missing key; back here once it is closed."""
        from jalon.ui.wizard import SetupWizard

        wizard = SetupWizard(self._app, self)
        wizard.exec()
        wizard.deleteLater()
        self._read_key()
        self.retranslate()
        self._open_first_page()

    def chosen_folder(self) -> Path | None:
        """The folder typed or chosen; None for the exports folder, which the service
        creates when it is missing."""
        text = self.folder.text().strip()
        folder = Path(text).expanduser()
        if folder == exchange.default_export_dir(self._app):
            return None
        return folder

    def start_export(self) -> None:
        """Check what the dialog can, then run the export in a worker thread."""
        if self.is_running or not self.export_button.isEnabled():
            return
        self._error = None
        self._error_text = ""
        self._retranslate_error()
        app, assessment_id = self._app, self._assessment_id
        passphrase = [self.passphrase.text()]
        folder = self.chosen_folder()

        def export(operation: Operation) -> ExportResult:
            try:
                return exchange.export_assessment(
                    app, assessment_id, passphrase[0], folder, progress=operation.report
                )
            finally:
                passphrase.clear()  # not kept once used

        operation = self._operation = Operation(export)
        operation.progressed.connect(self._on_progress)
        operation.succeeded.connect(self._on_finished)
        operation.failed.connect(self._on_failed)
        self.progress.setRange(0, 0)
        self.progress_text.setText(_("Starting…"))
        self._show_running(True)
        operation.start()
        self._update_buttons()

    def _on_progress(self, done: int, total: int, what: object) -> None:
        self._step = show_progress(self.progress, self.progress_text, done, total, what)

    def _end_operation(self) -> None:
        if self._operation is not None:
            self._operation.wait()
        self._operation = None
        self._show_running(False)

    def _on_failed(self, error: object) -> None:
        self._end_operation()
        self._error = error if isinstance(error, BaseException) else None
        self._error_text = failure_text(error)
        # The exchange's WrongPassphraseError is an InvalidInputError; the ui does not import
        # the exchange package (layers), so it is recognised by its name.
        wrong_passphrase = (
            isinstance(error, InvalidInputError) and type(error).__name__ == "WrongPassphraseError"
        )
        self._wrong_tries = self._wrong_tries + 1 if wrong_passphrase else 0
        # Read again: a failure after signing (a disk full while writing) leaves it signed.
        self._assessment = assessments.get(self._app, self._assessment_id)
        self._show_check()
        self.retranslate()
        self._update_buttons()
        # What is most likely wrong gets the focus: the passphrase (to type again from
        # empty) or the folder.
        if wrong_passphrase:
            self.passphrase.clear()
            self.passphrase.setFocus()
        elif isinstance(error, StorageError):
            self.choose_button.setFocus()
        else:
            self.passphrase.setFocus()

    def _on_finished(self, result: Any) -> None:
        self._end_operation()
        self.passphrase.clear()
        self.result_ = result
        self._assessment = result.assessment
        folder = result.path.parent
        if self._settings is not None:
            self._settings.setValue(LAST_FOLDER_KEY, str(folder))
        self.fingerprint.setText(fingerprint_lines(result.fingerprint))
        self.fingerprint.setAccessibleDescription(result.fingerprint)
        self.pages.setCurrentIndex(self.DONE)
        self.retranslate()
        self._update_buttons()
        self.show_button.setFocus()
        self.exported.emit(result)

    def show_in_folder(self) -> None:
        """The file manager with the package selected (or its folder, where the platform
        cannot select a file)."""
        from jalon.ui.files import show_in_file_manager

        result = self.result_
        if result is None:
            return
        folder = result.path.parent
        if not show_in_file_manager(result.path):
            show_inline_error(
                self.done_error,
                _(
                    "The folder {folder} could not be opened. Open it from your file manager."
                ).format(folder=str(folder)),
            )

    # -- closing -----------------------------------------------------------------------------

    def reject(self) -> None:
        # The export cannot be stopped half-way (the revision may already be signed): the
        # dialog stays until it ends, which is a few seconds.
        if self.is_running:
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_running:
            event.ignore()
            return
        super().closeEvent(event)

    def done(self, result: int) -> None:
        if self.is_running:
            return
        super().done(result)
