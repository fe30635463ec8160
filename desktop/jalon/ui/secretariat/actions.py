"""Actions, the deck's "next steps": for each theme, what is to be done, by whom, by when, and
where it stands; every change audited (who, when, which field, before and after)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QListView,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from jalon.core.actions import (
    ACTION_FIELD_LABELS,
    STATUS_LABELS,
    Action,
    ActionChange,
    ActionStatus,
)
from jalon.core.errors import N_, JalonError
from jalon.core.framework import Framework
from jalon.i18n import _, text
from jalon.services import actions
from jalon.services.app import Jalon
from jalon.ui.editor.navigator import theme_title
from jalon.ui.editor.widgets import heading, wrapped_label
from jalon.ui.secretariat.action_dialog import ActionDialog, ActionValues
from jalon.ui.secretariat.common import (
    DASH,
    ROW_ROLE,
    Index,
    LazyPanel,
    PaddedDelegate,
    RowsModel,
    day,
    selected_row,
    table_view,
    when,
)
from jalon.ui.widgets import ask, show_error

#: The theme list's first entry: every theme at once.
ALL_THEMES = ""


def status_label(status: ActionStatus) -> str:
    return _(STATUS_LABELS[status])


def theme_name(framework: Framework, theme_id: str) -> str:
    if framework.has_theme(theme_id):
        theme = framework.theme(theme_id)
        return theme_title(theme.number, text(theme.name))
    return theme_id


class ThemesModel(QAbstractListModel):
    """ "Every theme", then each theme of the framework with how many actions it has."""

    def __init__(self, framework: Framework, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._framework = framework
        self._counts: dict[str, int] = {}

    def set_counts(self, counts: dict[str, int]) -> None:
        self._counts = counts
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))

    def theme_id(self, row: int) -> str:
        return ALL_THEMES if row == 0 else self._framework.themes[row - 1].id

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._framework.themes) + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        if role == ROW_ROLE:
            return self.theme_id(row)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if row == 0:
            return _("Every theme ({count})").format(count=sum(self._counts.values()))
        theme_id = self.theme_id(row)
        return _("{theme} ({count})").format(
            theme=theme_name(self._framework, theme_id), count=self._counts.get(theme_id, 0)
        )


class ActionsModel(RowsModel[Action]):
    THEME, DESCRIPTION, OWNER, DUE, STATUS = range(5)
    HEADERS = (N_("Theme"), N_("Action"), N_("Owner"), N_("Due"), N_("Status"))

    def __init__(self, framework: Framework, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._framework = framework

    def cell(self, row: Action, column: int) -> str:
        if column == self.THEME:
            return theme_name(self._framework, row.theme_id)
        if column == self.DESCRIPTION:
            return row.description
        if column == self.OWNER:
            return row.owner or DASH
        if column == self.DUE:
            return day(row.due_date) if row.due_date else _("No date")
        return status_label(row.status)

    def value(self, row: Action, column: int) -> Any:
        return {
            self.THEME: row.theme_id,
            self.DESCRIPTION: row.description,
            self.OWNER: row.owner,
            self.DUE: row.due_date,
            self.STATUS: row.status,
        }[column]


OPERATIONS = {"create": N_("Added"), "edit": N_("Changed"), "delete": N_("Deleted")}


class AuditModel(RowsModel[ActionChange]):
    """The audit trail: one row per field changed, newest first."""

    WHEN, WHO, ACTION, WHAT, FIELD, BEFORE, AFTER = range(7)
    HEADERS = (
        N_("When"),
        N_("Who"),
        N_("Action"),
        N_("What"),
        N_("Field"),
        N_("Before"),
        N_("After"),
    )

    def __init__(self, framework: Framework, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._framework = framework

    def shown(self, field: str, value: str | None) -> str:
        """A stored value as a person reads it (a status's words, a theme's name, a date)."""
        if value is None or value == "":
            return DASH
        if field == "status":
            try:
                return status_label(ActionStatus(value))
            except ValueError:
                return value
        if field == "theme_id":
            return theme_name(self._framework, value)
        if field == "due_date":
            try:
                return day(date.fromisoformat(value))
            except ValueError:
                return value
        return value

    def cell(self, row: ActionChange, column: int) -> str:
        if column == self.WHEN:
            return when(row.at)
        if column == self.WHO:
            return row.actor
        if column == self.ACTION:
            return _("No. {id}").format(id=row.action_id)
        if column == self.WHAT:
            return _(OPERATIONS.get(row.operation, row.operation))
        if column == self.FIELD:
            return _(ACTION_FIELD_LABELS.get(row.field, row.field))
        if column == self.BEFORE:
            return self.shown(row.field, row.old_value)
        return self.shown(row.field, row.new_value)

    def value(self, row: ActionChange, column: int) -> Any:
        return {
            self.WHO: row.actor,
            self.ACTION: row.action_id,
            self.WHAT: row.operation,
            self.FIELD: row.field,
            self.BEFORE: row.old_value,
            self.AFTER: row.new_value,
        }.get(column, self.cell(row, column))


class ActionsPanel(LazyPanel):
    """Record, change and delete the actions decided for each theme.

    Signals:
        status_message(str): a short message for the window's status bar (after an action
            was added, changed or deleted, it says which).

    Actions are shown by this panel alone (the consolidated report reads them when it is
    written), so nothing else needs to hear that they changed.
    """

    status_message = Signal(str)

    def __init__(self, app: Jalon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._framework = app.framework
        self._all: list[Action] = []

        layout = QVBoxLayout(self)
        self._title = heading(1, self)
        self._intro = wrapped_label("", self)

        self.themes = ThemesModel(self._framework, self)
        self.themes_view = QListView(self)
        self.themes_view.setModel(self.themes)
        self.themes_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.themes_view.setWordWrap(True)
        self.themes_view.setItemDelegate(PaddedDelegate(self.themes_view))
        self.themes_view.setCurrentIndex(self.themes.index(0, 0))

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(right)
        self.edit_button = QPushButton(right)
        self.delete_button = QPushButton(right)
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.model = ActionsModel(self._framework, self)
        self.view = table_view(self.model, right)
        # The texts share the width and wrap; the short columns keep their contents' width.
        for column in (ActionsModel.THEME, ActionsModel.DESCRIPTION):
            self.view.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.Stretch
            )
        self.view.horizontalHeader().setStretchLastSection(False)
        self._empty = wrapped_label("", right)
        self._audit_title = heading(2, right)
        self.audit = AuditModel(self._framework, self)
        self.audit_view = table_view(self.audit, right)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.view, 3)
        right_layout.addWidget(self._empty)
        right_layout.addWidget(self._audit_title)
        right_layout.addWidget(self.audit_view, 2)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.themes_view)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        em = self.fontMetrics().horizontalAdvance("M")
        self.themes_view.setMinimumWidth(em * 12)
        splitter.setSizes([em * 18, em * 60])
        layout.addWidget(self._title)
        layout.addWidget(self._intro)
        layout.addWidget(splitter, 1)

        self.themes_view.selectionModel().currentChanged.connect(lambda *_a: self._show_theme())
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._selection_changed)
        self.view.doubleClicked.connect(lambda _i: self.edit_selected())
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.retranslate()

    # -- data ----------------------------------------------------------------------------------

    @property
    def theme_id(self) -> str:
        index = self.themes_view.currentIndex()
        return self.themes.theme_id(index.row()) if index.isValid() else ALL_THEMES

    def reload(self, select: int | None = None) -> None:
        self._stale = False
        chosen = selected_row(self.view)
        keep = select if select is not None else (chosen.id if isinstance(chosen, Action) else None)
        self._all = actions.list_actions(self._app)
        counts: dict[str, int] = {}
        for a in self._all:
            counts[a.theme_id] = counts.get(a.theme_id, 0) + 1
        self.themes.set_counts(counts)
        self._show_theme(keep)

    def _show_theme(self, keep: int | None = None) -> None:
        theme = self.theme_id
        shown = [a for a in self._all if not theme or a.theme_id == theme]
        self.model.set_rows(shown)
        self.view.setColumnHidden(ActionsModel.THEME, bool(theme))
        self._empty.setVisible(not shown)
        for row, a in enumerate(shown):
            if a.id == keep:
                self.view.selectRow(row)
                break
        self._selection_changed()

    def select_theme(self, theme_id: str) -> None:
        for row in range(self.themes.rowCount()):
            if self.themes.theme_id(row) == theme_id:
                self.themes_view.setCurrentIndex(self.themes.index(row, 0))
                return

    def selected(self) -> Action | None:
        a = selected_row(self.view)
        return a if isinstance(a, Action) else None

    def _selection_changed(self, *_args: object) -> None:
        a = self.selected()
        self.edit_button.setEnabled(a is not None)
        self.delete_button.setEnabled(a is not None)
        history = actions.history(self._app, a.id if a else None)
        self.audit.set_rows(list(reversed(history)))
        self._audit_title.setText(self._audit_heading())

    def _audit_heading(self) -> str:
        a = self.selected()
        if a is None:
            return _("History of every action")
        return _("History of action No. {id}").format(id=a.id)

    # -- commands ------------------------------------------------------------------------------

    def add(self) -> Action | None:
        """Ask for a new action (in the theme shown, if one is) and record it."""

        def submit(v: ActionValues) -> Action:
            return actions.add_action(
                self._app,
                v.theme_id,
                v.description,
                owner=v.owner,
                due_date=v.due_date,
                status=v.status,
            )

        dialog = ActionDialog(self._framework, submit, theme_id=self.theme_id or None, parent=self)
        return self._run(dialog, _("Action added."))

    def edit_selected(self) -> Action | None:
        a = self.selected()
        if a is None:
            return None

        def submit(v: ActionValues) -> Action:
            return actions.update_action(
                self._app,
                a.id,
                theme_id=v.theme_id,
                description=v.description,
                owner=v.owner,
                due_date=v.due_date,
                status=v.status,
            )

        dialog = ActionDialog(self._framework, submit, action=a, parent=self)
        return self._run(dialog, _("Action changed."))

    def _run(self, dialog: ActionDialog, done: str) -> Action | None:
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            result = dialog.result_value
        finally:
            dialog.deleteLater()
        assert isinstance(result, Action)
        if self.theme_id and result.theme_id != self.theme_id:
            self.select_theme(result.theme_id)
        self.reload(select=result.id)
        self.status_message.emit(done)
        return result

    def delete_selected(self) -> bool:
        a = self.selected()
        if a is None:
            return False
        choice = ask(
            self,
            _("Delete this action?"),
            _("Delete the action “{description}”?").format(description=a.description[:200]),
            [
                (_("Delete the action"), QMessageBox.ButtonRole.DestructiveRole),
                (_("Keep it"), QMessageBox.ButtonRole.RejectRole),
            ],
            default=1,
            informative=_("Its history stays in the audit trail, ending with the deletion."),
            icon=QMessageBox.Icon.Warning,
        )
        if choice != 0:
            return False
        try:
            actions.delete_action(self._app, a.id)
        except JalonError as error:
            show_error(self, error)
            self.reload()
            return False
        self.reload()
        self.status_message.emit(_("Action deleted."))
        return True

    # -- language ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self._title.setText(_("Actions (next steps)"))
        self._intro.setText(
            _(
                "What the secretariat decides to do about each theme after the report back: "
                "what, who, by when, and where it stands. Every change is kept in the history "
                "below, with who made it and when."
            )
        )
        self.themes_view.setAccessibleName(_("Themes"))
        self.view.setAccessibleName(_("Actions"))
        self.audit_view.setAccessibleName(_("History of the actions"))
        self.add_button.setText(_("&Add an action…"))
        self.edit_button.setText(_("&Edit…"))
        self.delete_button.setText(_("&Delete…"))
        self._empty.setText(_("No action recorded here yet. Add one with “Add an action…”."))
        self._audit_title.setText(self._audit_heading())
        self.themes.set_counts(self.themes._counts)
        self.model.retranslate()
        self.audit.retranslate()
