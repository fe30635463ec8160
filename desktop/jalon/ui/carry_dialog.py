"""The carry-forward dialog: before starting a revision on a newer framework version, shows
theme by theme what is carried, merged, copied, new or left behind, and what needs a choice.

Signals: none; ``exec()`` returns Accepted once the new draft is stored (``draft`` holds it).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jalon import i18n
from jalon.core import assessment as am
from jalon.core.carry_forward import CarryForward, Outcome
from jalon.core.errors import N_, JalonError
from jalon.core.framework import Framework
from jalon.i18n import _
from jalon.services import carry
from jalon.services.app import Jalon
from jalon.ui.widgets import scaled, show_error

OUTCOMES = {
    Outcome.CARRIED: N_("carried"),
    Outcome.MERGED: N_("merged"),
    Outcome.SPLIT: N_("copied (split)"),
    Outcome.ADDED: N_("new, to answer"),
    Outcome.LEFT_BEHIND: N_("left behind"),
}
FIELDS = {
    "current": N_("current maturity level"),
    "target": N_("target maturity level"),
    "priority": N_("priority"),
    "role": N_("role of the Joint Councils"),
    "capacity": N_("capacity to deliver"),
}
RULES = {
    "lower": N_("the lower one kept"),
    "higher": N_("the higher one kept"),
    "more cautious": N_("the more cautious one kept"),
    "unanswered": N_("left unanswered: choose it"),
}


class CarryModel(QAbstractTableModel):
    """One row per theme of the plan: what happens, the theme, where it comes from, notes."""

    def __init__(self, plan: CarryForward, old: Framework, new: Framework) -> None:
        super().__init__()
        self._plan, self._old, self._new = plan, old, new

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._plan.themes)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def _name(self, fw: Framework, theme_id: str) -> str:
        lang = i18n.current_language()
        return fw.theme(theme_id).name.get(lang) if fw.has_theme(theme_id) else theme_id

    def cell(self, row: int, column: int) -> str:
        t = self._plan.themes[row]
        if column == 0:
            return _(OUTCOMES[t.outcome])
        if column == 1:
            fw = self._old if t.outcome is Outcome.LEFT_BEHIND else self._new
            return self._name(fw, t.theme_id)
        if column == 2:
            moved = (
                list(t.sources)
                if t.outcome is Outcome.MERGED
                else [s for s in t.sources if s != t.theme_id]
            )
            return ", ".join(self._name(self._old, s) for s in moved)
        notes = [
            _("{field}: {rule}").format(field=_(FIELDS[f]), rule=_(RULES[r]))
            for f, r in t.conflicts
        ]
        notes += [
            _("{field}: not on the new scale, left empty").format(field=_(FIELDS[f]))
            for f in t.dropped
        ]
        return "; ".join(notes)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self.cell(index.row(), index.column())
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [_("What happens"), _("Theme"), _("From"), _("To check")][section]
        return None


class CarryForwardDialog(QDialog):
    """Shows the plan for carrying ``assessment_id`` forward to ``version``; OK stores it."""

    def __init__(
        self, app: Jalon, assessment_id: str, version: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._app, self._id, self._version = app, assessment_id, version
        self.draft: am.Assessment | None = None
        lang = i18n.current_language()
        self.plan = carry.preview(app, assessment_id, version, lang)
        new = app.framework_for(self.plan.draft)
        signed = carry_source(app, assessment_id)
        old = app.framework_for(signed)
        self.setWindowTitle(_("Start a new revision on version {version}").format(version=version))
        self.heading = QLabel(self)
        self.heading.setFont(scaled(self.heading, 1.3, bold=True))
        self.heading.setWordWrap(True)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.model = CarryModel(self.plan, old, new)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.left_behind = QLabel(self)
        self.left_behind.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.left_behind)
        layout.addWidget(self.buttons)
        self.heading.setText(self.windowTitle())
        self.intro.setText(
            _(
                "Revision {revision} stays signed on version {old}. A new draft revision on "
                "version {new} starts with these answers; check the themes marked below, then "
                "sign it as usual."
            ).format(revision=signed.revision, old=old.version, new=version)
        )
        questions = self.plan.answers_left_behind
        self.left_behind.setText(
            _("Answers to questions left behind: {questions}").format(
                questions=", ".join(questions)
            )
            if questions
            else ""
        )
        self.left_behind.setVisible(bool(questions))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            _("&Start the new revision")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.table.resizeRowsToContents()
        # Sized in characters and lines (it grows with the text size), within the screen.
        metrics = self.fontMetrics()
        width, height = metrics.averageCharWidth() * 160, metrics.height() * 40
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        self.resize(width, height)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()

    def accept(self) -> None:
        try:
            result = carry.carry_forward(
                self._app, self._id, self._version, i18n.current_language()
            )
        except JalonError as error:
            show_error(self, error)
            return
        self.draft = result.draft
        super().accept()


def carry_source(app: Jalon, assessment_id: str) -> am.Assessment:
    from jalon.services import assessments

    return assessments.get(app, assessment_id)
