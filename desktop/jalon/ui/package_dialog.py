"""Checking ``.jalon`` packages opened on an installation that is not the secretariat's
(named on the command line, dropped on the window, File → Open packages): what their
verification found.

Verifying is ``services.exchange.verify_packages`` (every check of an import except storing),
in a worker thread. A package is either valid and from an enrolled signer, valid but from a
signer not enrolled here (its fingerprint is shown, to compare with the key card), or refused
at a named step. Importing is done in one place only, the secretariat workspace's Intake: the
dialog's Import button hands the packages over to it (:attr:`PackageDialog.import_requested`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QListView,
    QProgressBar,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from jalon import i18n
from jalon.core.errors import N_, JalonError
from jalon.core.fingerprint import fingerprint
from jalon.i18n import _, describe
from jalon.services import exchange, trust
from jalon.ui.bridge import bridge
from jalon.ui.export_dialog import grow_to_fit
from jalon.ui.plain_text import PlainLabel, screen_text, tip
from jalon.ui.runner import Operation, failure_text, show_progress
from jalon.ui.widgets import error_label, scaled, show_inline_error, slim

if TYPE_CHECKING:
    from jalon.services.app import Jalon

Index = QModelIndex | QPersistentModelIndex
Outcome = exchange.VerifyOutcome | exchange.ImportOutcome

#: What each result is called, before the sentence that explains it.
VERDICTS = {
    exchange.Verdict.TRUSTED.value: N_("Valid, from an enrolled signer"),
    exchange.Verdict.NOT_ENROLLED.value: N_("Valid, but the signer is not enrolled here"),
    exchange.Verdict.REFUSED.value: N_("Refused"),
    exchange.ImportStatus.IMPORTED.value: N_("Imported"),
    exchange.ImportStatus.ALREADY.value: N_("Already imported"),
}

GOOD = {exchange.Verdict.TRUSTED.value, exchange.ImportStatus.IMPORTED.value}
NOTICE = {exchange.Verdict.NOT_ENROLLED.value, exchange.ImportStatus.ALREADY.value}


def kind_of(outcome: Outcome) -> str:
    if isinstance(outcome, exchange.VerifyOutcome):
        return outcome.verdict.value
    return outcome.status.value


def describe_outcome(outcome: Outcome) -> str:
    """One package's result in words: the verdict, the reason, and for a valid package whose
    signer is not enrolled the fingerprint to compare with the signer's key card."""
    line = _("{verdict}. {message}").format(
        verdict=_(VERDICTS[kind_of(outcome)]), message=describe(outcome.message)
    )
    if kind_of(outcome) == exchange.Verdict.NOT_ENROLLED.value and outcome.key_id:
        groups = fingerprint(outcome.key_id)
        if groups not in line:  # the reason usually names it already
            line += "\n" + _("Fingerprint of the signer's key: {fingerprint}").format(
                fingerprint=groups
            )
    return line


class OutcomeModel(QAbstractListModel):
    """The result of each package, in words (and an icon that repeats what the words say)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._outcomes: list[Outcome] = []

    def set_outcomes(self, outcomes: Sequence[Outcome]) -> None:
        self.beginResetModel()
        self._outcomes = list(outcomes)
        self.endResetModel()

    @property
    def outcomes(self) -> list[Outcome]:
        return list(self._outcomes)

    def retranslate(self) -> None:
        if self._outcomes:
            self.dataChanged.emit(self.index(0), self.index(len(self._outcomes) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._outcomes)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        outcome = self._outcomes[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return screen_text(describe_outcome(outcome))
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(describe_outcome(outcome))
        if role == Qt.ItemDataRole.DecorationRole:
            kind = kind_of(outcome)
            icon = (
                QStyle.StandardPixmap.SP_DialogApplyButton
                if kind in GOOD
                else QStyle.StandardPixmap.SP_MessageBoxInformation
                if kind in NOTICE
                else QStyle.StandardPixmap.SP_MessageBoxCritical
            )
            parent = self.parent()
            style = parent.style() if isinstance(parent, QWidget) else None
            return style.standardIcon(icon) if style is not None else None
        return None


class PackageDialog(QDialog):
    """Verifies the ``.jalon`` files given, shows each result, and offers the secretariat to
    import them in its workspace: at once on an installation with enrolled keys (or set up for
    the secretariat), after ticking "I work for the secretariat" elsewhere.

    Signals:
        import_requested(list): the person chose to import these files; the dialog closes
            (accepted) and the window's secretariat workspace imports them.
    """

    import_requested = Signal(list)

    def __init__(
        self,
        app: Jalon,
        files: Sequence[Path],
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._files = [Path(f) for f in files]
        self._operation: Operation | None = None
        self._imported = False
        self._failure: BaseException | str | None = None
        self.secretariat = _is_secretariat(app, settings)

        self.heading = PlainLabel()
        self.heading.setWordWrap(True)
        self.heading.setFont(scaled(self.heading, 1.3, bold=True))
        self.intro = PlainLabel()
        self.intro.setWordWrap(True)
        self.summary = PlainLabel()
        self.summary.setWordWrap(True)
        self.model = OutcomeModel(self)
        self.results = QListView()
        self.results.setModel(self.model)
        self.results.setWordWrap(True)
        self.results.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setSpacing(4)
        self.progress = slim(QProgressBar())
        self.progress.setTextVisible(False)
        self.progress_text = PlainLabel()
        self.error = error_label()

        self.import_box = QGroupBox()
        self.i_am_secretariat = QCheckBox()
        self.import_note = PlainLabel()
        self.import_note.setWordWrap(True)
        # A package's file name and messages are the sender's text: never read as markup
        # (PlainLabel, jalon.ui.plain_text).
        self.import_button = QPushButton()
        box = QVBoxLayout(self.import_box)
        box.addWidget(self.i_am_secretariat)
        box.addWidget(self.import_note)
        box.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_text)
        layout.addWidget(self.error)
        layout.addWidget(self.import_box)
        layout.addWidget(self.buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 100, metrics.height() * 26)

        self.i_am_secretariat.toggled.connect(self._update_import)
        self.import_button.clicked.connect(self.start_import)
        bridge().language_changed.connect(self.retranslate)
        self.retranslate()
        files = list(self._files)
        self._start(
            Operation(
                lambda operation: exchange.verify_packages(app, files, progress=operation.report)
            )
        )

    # -- state -------------------------------------------------------------------------------

    @property
    def outcomes(self) -> list[Outcome]:
        return self.model.outcomes

    @property
    def is_running(self) -> bool:
        return self._operation is not None

    @property
    def importable(self) -> bool:
        """Whether importing can store anything: a package is valid and its signer enrolled."""
        return not self._imported and any(
            kind_of(o) == exchange.Verdict.TRUSTED.value for o in self.outcomes
        )

    def _update_import(self) -> None:
        # Once imported, the summary and the list say it all.
        self.import_box.setVisible(not self._imported)
        offered = self.secretariat or self.i_am_secretariat.isChecked()
        self.i_am_secretariat.setVisible(not self.secretariat and not self._imported)
        self.import_note.setVisible(offered and not self.is_running)
        self.import_button.setVisible(offered and not self._imported)
        self.import_button.setEnabled(offered and self.importable and not self.is_running)
        self._retranslate_import_note()
        grow_to_fit(self)

    # -- texts -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(_("Open packages"))
        if len(self._files) == 1:
            self.heading.setText(_("Package “{file}”").format(file=self._files[0].name))
        else:
            self.heading.setText(
                _("{count} packages").format(count=i18n.current().number(len(self._files)))
            )
        self.intro.setText(
            _(
                "Jalon checks that each package is whole, that nothing in it changed since it "
                "was signed, and whether its signer's key is enrolled on this computer."
            )
        )
        self.results.setAccessibleName(_("Result for each package"))
        self.progress.setAccessibleName(_("Progress"))
        self.import_box.setTitle(_("Secretariat"))
        self.i_am_secretariat.setText(_("I work for the &secretariat: offer to import"))
        self.import_button.setText(_("&Import in the secretariat workspace"))
        self.import_button.setToolTip(
            _("Store the valid packages in this installation, for the dashboard and reports")
        )
        self._retranslate_summary()
        self._retranslate_import_note()
        self._retranslate_error()
        self.model.retranslate()

    def _retranslate_summary(self) -> None:
        outcomes = self.outcomes
        if self.is_running and not outcomes:
            self.summary.setText(_("Checking…"))
            return
        counts: dict[str, int] = {}
        for outcome in outcomes:
            counts[kind_of(outcome)] = counts.get(kind_of(outcome), 0) + 1
        number = i18n.current().number
        if self._imported:
            text = _("Imported: {imported}. Already imported: {already}. Refused: {refused}.")
            self.summary.setText(
                text.format(
                    imported=number(counts.get(exchange.ImportStatus.IMPORTED.value, 0)),
                    already=number(counts.get(exchange.ImportStatus.ALREADY.value, 0)),
                    refused=number(counts.get(exchange.ImportStatus.REFUSED.value, 0)),
                )
            )
            return
        text = _(
            "Valid from an enrolled signer: {trusted}. Valid, signer not enrolled: {unknown}. "
            "Refused: {refused}."
        )
        self.summary.setText(
            text.format(
                trusted=number(counts.get(exchange.Verdict.TRUSTED.value, 0)),
                unknown=number(counts.get(exchange.Verdict.NOT_ENROLLED.value, 0)),
                refused=number(counts.get(exchange.Verdict.REFUSED.value, 0)),
            )
        )

    def _retranslate_import_note(self) -> None:
        if self.importable:
            note = _(
                "Importing stores the valid packages from enrolled signers in this "
                "installation, for the dashboard and the report back. A package already "
                "imported is recognised and not stored twice."
            )
        elif self.secretariat or self.i_am_secretariat.isChecked():
            note = _(
                "None of these packages can be imported: only valid packages whose signer's "
                "key is enrolled here can. To accept a new signer, enrol their key card after "
                "checking its fingerprint with them by phone, then open the package again."
            )
        else:
            note = ""
        self.import_note.setText(note)

    def _retranslate_error(self) -> None:
        failure = self._failure
        if isinstance(failure, JalonError):
            show_inline_error(self.error, describe(failure))
        else:
            show_inline_error(self.error, failure if isinstance(failure, str) else "")

    # -- work --------------------------------------------------------------------------------

    def _start(self, operation: Operation) -> None:
        self._failure = None
        self._retranslate_error()
        self._operation = operation
        operation.progressed.connect(self._on_progress)
        operation.succeeded.connect(self._on_finished)
        operation.failed.connect(self._on_failed)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.progress_text.setVisible(True)
        self.progress_text.setText("")
        operation.start()
        self._retranslate_summary()
        self._update_import()

    def start_import(self) -> None:
        """Hand the packages to the secretariat workspace, which imports them (and shows each
        one's result, with progress and cancel), and close."""
        if self.is_running or not self.importable:
            return
        self.import_requested.emit(list(self._files))
        self.accept()

    def _on_progress(self, done: int, total: int, what: object) -> None:
        show_progress(self.progress, self.progress_text, done, total, what)

    def _end(self) -> None:
        if self._operation is not None:
            self._operation.wait()
        self._operation = None
        self.progress.setVisible(False)
        self.progress_text.setVisible(False)

    def _on_finished(self, outcomes: Any) -> None:
        self._end()
        self.model.set_outcomes(outcomes)
        self._retranslate_summary()
        self._update_import()
        (self.import_button if self.import_button.isEnabled() else self.results).setFocus()

    def _on_failed(self, error: object) -> None:
        self._end()
        self._failure = error if isinstance(error, JalonError) else failure_text(error)
        self._retranslate_error()
        self._retranslate_summary()
        self._update_import()

    def reject(self) -> None:
        if self.is_running:  # a check or an import takes seconds; it is not cut half-way
            return
        super().reject()


def _is_secretariat(app: Jalon, settings: QSettings | None) -> bool:
    """An installation that has enrolled keys, or whose user said in the setup wizard that
    they work for the secretariat."""
    from jalon.ui.settings_keys import SKIPPED_SETUP

    try:
        if trust.list_keys(app):
            return True
    except JalonError:
        pass
    return bool(settings is not None and settings.value(SKIPPED_SETUP, False, bool))
