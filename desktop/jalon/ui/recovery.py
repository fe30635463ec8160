"""The recovery window: shown whenever the store cannot be opened (damaged, unreadable, made
by a newer Jalon, a full disk, permission denied, or missing where there was one).

It says in plain words what happened and what to do, lists the backups with when they were
taken and what they hold, and offers what fits: restore the selected backup (the newest good
one is selected; the current file is kept beside it under a clear name), look inside a
backup without changing it, try again (after freeing space or fixing permissions), start
with an empty database (only for a lost one, keeping every backup), or quit.

The data folder's lock is not held while this window is open (the store is not open); a
restore takes it for its own length.

Also here: the status bar's note of a failed backup, and the hourly backup while editing.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jalon import i18n
from jalon.core.errors import JalonError
from jalon.i18n import _

if TYPE_CHECKING:
    from jalon.services.app import Jalon
    from jalon.services.recovery import Backup, Health
    from jalon.ui.main_window import MainWindow


class Choice(IntEnum):
    """What the person chose in the recovery window."""

    QUIT = 0
    RETRY = 1  # a backup was restored, or try again as it is
    START_EMPTY = 2  # a lost database: start with an empty one, keeping the backups


def _label_of(backup: Backup) -> str:
    label = backup.label.removeprefix("kept-")
    if label.startswith("before-"):
        return _("Before the update to schema {revision}").format(
            revision=label.removeprefix("before-")
        )
    return {
        "startup": _("At start-up"),
        "export": _("After an export"),
        "import": _("After an import"),
        "quit": _("On quitting"),
        "hourly": _("While editing"),
    }.get(label, label)


def _holds(backup: Backup) -> str:
    if not backup.good:
        return _("Damaged: {problem}").format(problem=backup.problem or "?")
    if backup.assessments is None:
        return "?"
    if backup.latest_change is None:
        return _("Assessments: {count}").format(count=backup.assessments)
    return _("Assessments: {count}, last changed {when}").format(
        count=backup.assessments,
        when=i18n.current().datetime(backup.latest_change, "short"),
    )


class BackupContentsDialog(QDialog):
    """What a backup holds, read-only: its assessments, newest change first."""

    def __init__(self, backup: Backup, parent: QWidget | None = None) -> None:
        from jalon.services import recovery

        super().__init__(parent)
        when = i18n.current().datetime(backup.taken_at, "short")
        self.setWindowTitle(_("Backup of {when} (read-only)").format(when=when))
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "What this backup holds, as it was on {when}. Nothing here can be changed; "
                "restore the backup to work with it."
            ).format(when=when)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [_("Title"), _("Jurisdiction"), _("Revision"), _("Last changed")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(_("Assessments in the backup"))
        try:
            stored = recovery.backup_assessments(backup)
        except JalonError as error:
            stored = []
            intro.setText(i18n.describe(error))
        french = i18n.current_language() == "fr"
        for row, a in enumerate(stored):
            self.table.insertRow(row)
            values = [
                a.title,
                a.jurisdiction_fr if french else a.jurisdiction_en,
                str(a.revision),
                i18n.current().datetime(a.updated_at, "short"),
            ]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 100, self.fontMetrics().height() * 24)


class RecoveryDialog(QDialog):
    """The recovery window for the data folder ``data_dir``; ``error`` is the refusal that
    brought it up. :meth:`exec` returns a :class:`Choice`."""

    def __init__(
        self, data_dir: str | None, error: JalonError | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self._error = error
        self.setWindowTitle(_("Jalon cannot open its data"))
        self.setModal(True)
        layout = QVBoxLayout(self)
        self.heading = QLabel(_("Jalon cannot open your assessments"))
        font = self.heading.font()
        font.setBold(True)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.3)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.explanation)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.detail)
        self.backups_label = QLabel()
        self.backups_label.setWordWrap(True)
        layout.addWidget(self.backups_label)
        self.table = QTableWidget(0, 3)  # the file's name and place: each row's tooltip
        self.table.setHorizontalHeaderLabels([_("Taken"), _("Kind"), _("What it holds")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(_("Backups"))
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.look_inside())
        self.backups_label.setBuddy(self.table)
        layout.addWidget(self.table)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        layout.addWidget(self.outcome)

        row = QHBoxLayout()
        self.restore_button = QPushButton(_("&Restore the selected backup"))
        self.restore_button.clicked.connect(self.restore)
        self.look_button = QPushButton(_("&Look inside (read-only)…"))
        self.look_button.clicked.connect(self.look_inside)
        self.retry_button = QPushButton(_("&Try again"))
        self.retry_button.clicked.connect(lambda: self.done(Choice.RETRY))
        self.empty_button = QPushButton(_("Start with an &empty database"))
        self.empty_button.clicked.connect(self.start_empty)
        self.quit_button = QPushButton(_("&Quit"))
        self.quit_button.clicked.connect(lambda: self.done(Choice.QUIT))
        for button in (
            self.restore_button,
            self.look_button,
            self.retry_button,
            self.empty_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.quit_button)
        layout.addLayout(row)
        self.health: Health | None = None
        self.backups: list[Backup] = []
        self.refresh()
        width = self.fontMetrics().averageCharWidth() * 120
        self.resize(width, self.fontMetrics().height() * 30)

    # -- what is shown -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Check the database and list the backups again."""
        from jalon.services import recovery

        health = self.health = recovery.check_database(self._data_dir)
        self.backups = recovery.list_backups(self._data_dir)
        text = i18n.describe(health.message)
        if health.ok and self._error is not None:
            text = i18n.describe(self._error)  # the database is fine: the refusal says why
        elif health.state is recovery.State.CORRUPT:  # plain words; SQLite's words apart
            text = _(
                "The database {file} is damaged: part of it can no longer be read, so Jalon "
                "cannot open it. Restore the newest good backup below; the damaged file is "
                "kept beside it under another name."
            ).format(file=health.database)
        self.explanation.setText(text)
        self.detail.setText(
            _("Technical detail: {detail}").format(detail=health.detail[:300])
            if health.detail
            else ""
        )
        self.detail.setVisible(bool(health.detail))
        good = [b for b in self.backups if b.good]
        if not self.backups:
            self.backups_label.setText(_("There is no backup of this data folder."))
        elif health.restorable:
            self.backups_label.setText(
                _(
                    "Backups, newest first. The newest good one is selected: restoring it "
                    "loses only what changed after it was taken."
                )
            )
        else:
            self.backups_label.setText(
                _(
                    "Backups, newest first. Restoring one is not the remedy here: the "
                    "database is not damaged."
                )
            )
        self.table.setRowCount(0)
        tr = i18n.current()
        for index, backup in enumerate(self.backups):
            self.table.insertRow(index)
            values = [tr.datetime(backup.taken_at, "short"), _label_of(backup), _holds(backup)]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(str(backup.path))
                self.table.setItem(index, column, item)
        for column in (0, 1):
            self.table.resizeColumnToContents(column)
        self.table.resizeRowsToContents()
        if good and health.restorable:
            self.table.selectRow(self.backups.index(good[0]))
        elif self.backups:
            self.table.selectRow(0)
        self.empty_button.setVisible(health.state is recovery.State.LOST)
        self.retry_button.setVisible(not health.restorable)
        self._update_buttons()

    def selected(self) -> Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected()
        restorable = self.health is not None and self.health.restorable
        self.restore_button.setEnabled(restorable and chosen is not None and chosen.good)
        self.look_button.setEnabled(chosen is not None and chosen.good)
        if restorable and chosen is not None and chosen.good:
            self.restore_button.setDefault(True)
        else:
            self.quit_button.setDefault(True)

    # -- actions -------------------------------------------------------------------------------

    def restore(self) -> None:
        from jalon.services import recovery
        from jalon.ui.widgets import busy, show_error

        backup = self.selected()
        if backup is None or not backup.good:
            return
        try:
            with busy():
                done = recovery.restore_backup(self._data_dir, backup)
        except JalonError as error:
            show_error(self, error, _("The backup was not restored"))
            self.refresh()
            return
        kept = done.kept[0].name if done.kept else "-"
        self.outcome.setText(
            _(
                "Restored the backup taken {taken_at}; the file it replaced is kept in the "
                "data folder as {kept}."
            ).format(taken_at=i18n.current().datetime(backup.taken_at, "short"), kept=kept)
        )
        self.done(Choice.RETRY)

    def look_inside(self) -> None:
        backup = self.selected()
        if backup is None or not backup.good:
            return
        dialog = BackupContentsDialog(backup, self)
        dialog.exec()
        dialog.deleteLater()

    def start_empty(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from jalon.services import recovery
        from jalon.ui.widgets import ask, show_error

        answer = ask(
            self,
            _("Start with an empty database?"),
            _(
                "Jalon will create a new, empty database. Every backup of the old one is "
                "kept and never removed, so you can still restore one later with 'jalon "
                "doctor'."
            ),
            [
                (_("Start empty"), QMessageBox.ButtonRole.AcceptRole),
                (_("Cancel"), QMessageBox.ButtonRole.RejectRole),
            ],
            default=1,
        )
        if answer != 0:
            return
        try:
            recovery.keep_backups_and_start_empty(self._data_dir)
        except JalonError as error:
            show_error(self, error)
            return
        self.done(Choice.START_EMPTY)


def recover(parent: QWidget | None, data_dir: str | None, error: JalonError | None) -> Choice:
    """Show the recovery window and return what the person chose."""
    dialog = RecoveryDialog(data_dir, error, parent)
    result = dialog.exec()
    dialog.deleteLater()
    try:
        return Choice(result)
    except ValueError:
        return Choice.QUIT


class BackupWatch(QObject):
    """While the window is open: the hourly backup when the database changed, and a lasting
    note in the status bar when a backup failed (until one works)."""

    CHECK_MS = 10 * 60 * 1000

    def __init__(self, window: MainWindow, app: Jalon) -> None:
        super().__init__(window)
        self._app = app
        self.note = QLabel()
        self.note.setAccessibleName(_("Backup problem"))
        self.note.setVisible(False)
        window.statusBar().addWidget(self.note)
        self._timer = QTimer(self)
        self._timer.setInterval(self.CHECK_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        self.show_problem()

    def tick(self) -> None:
        from jalon.services import backups

        backups.backup_if_due(self._app)
        self.show_problem()

    def show_problem(self) -> None:
        problem = self._app.backup_problem
        if problem is None:
            self.note.setVisible(False)
            return
        self.note.setText(_("Backup failed: {reason}").format(reason=i18n.describe(problem)))
        self.note.setToolTip(self.note.text())
        self.note.setVisible(True)


__all__ = ["BackupContentsDialog", "BackupWatch", "Choice", "RecoveryDialog", "recover"]
