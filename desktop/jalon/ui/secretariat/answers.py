"""The workshop questions' answers side by side: one row per jurisdiction (or workshop
group), one column per question, reproduced as written."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont

from jalon.core.consolidation import QuestionAnswers, Section, SubmissionInfo, jurisdiction_order
from jalon.core.framework import Framework
from jalon.i18n import _, text
from jalon.ui.plain_text import screen_text
from jalon.ui.secretariat.common import ROW_ROLE, VALUE_ROLE, Index, jurisdiction_name

Display = Qt.ItemDataRole.DisplayRole


class AnswersModel(QAbstractTableModel):
    """Rows: the submissions of one section; columns: the jurisdiction, then each question."""

    def __init__(self, framework: Framework, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._framework = framework
        self._rows: list[SubmissionInfo] = []
        self._texts: dict[tuple[int, str], str] = {}

    def set_answers(
        self, answers: list[QuestionAnswers], section: Section, framework: Framework
    ) -> None:
        self.beginResetModel()
        self._framework = framework
        rows: dict[int, SubmissionInfo] = {}
        self._texts = {}
        for question in answers:
            for entry in question.section(section):
                rows[entry.submission.submission_id] = entry.submission
                self._texts[(entry.submission.submission_id, question.question_id)] = entry.text
            missing = (
                question.unanswered_jurisdictions
                if section is Section.JURISDICTIONS
                else question.unanswered_groups
            )
            for info in missing:
                rows[info.submission_id] = info
        self._rows = sorted(rows.values(), key=lambda i: jurisdiction_order(i.jurisdiction))
        self.endResetModel()

    def retranslate(self) -> None:
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else 1 + len(self._framework.questions)

    def question_title(self, column: int) -> str:
        q = self._framework.questions[column - 1]
        return _("{number}. {question}").format(number=q.number, question=text(q.text))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Display) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Display:
            return None
        return _("Jurisdiction") if section == 0 else self.question_title(section)

    def answer(self, row: int, column: int) -> str | None:
        q = self._framework.questions[column - 1]
        return self._texts.get((self._rows[row].submission_id, q.id))

    def data(self, index: Index, role: int = Display) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        info = self._rows[row]
        if role == ROW_ROLE:
            return info
        if column == 0:
            if role in (Display, Qt.ItemDataRole.AccessibleTextRole):
                return jurisdiction_name(info.jurisdiction)
            return None
        answer = self.answer(row, column)
        if role == VALUE_ROLE:
            return answer
        if role == Display:
            return screen_text(answer) if answer is not None else _("Not answered")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return _("{who}, question {number}: {answer}").format(
                who=jurisdiction_name(info.jurisdiction),
                number=self._framework.questions[column - 1].number,
                answer=screen_text(answer) if answer is not None else _("Not answered"),
            )
        if role == Qt.ItemDataRole.FontRole and answer is None:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None
