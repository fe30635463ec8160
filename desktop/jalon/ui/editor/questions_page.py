"""The workshop questions asked of every jurisdiction, with a multi-line answer to each."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from jalon.core import assessment as am
from jalon.core.framework import Framework, Question
from jalon.i18n import _, text
from jalon.ui.editor.widgets import TextArea, UndoKeyRouter, heading, wrapped_label


class _QuestionBox(QGroupBox):
    """One question: its text, the deck's prompts, and the answer. The framework's note on a
    question (what the French deck's « écolo » renders) is for the secretariat: the question's
    own words already say what is asked."""

    def __init__(self, question: Question, router: UndoKeyRouter, parent: QWidget) -> None:
        super().__init__(parent)
        self.question = question
        layout = QVBoxLayout(self)
        self._text = heading(2, self)
        self._prompts = [wrapped_label("", self) for _prompt in question.prompts]
        self._answer_label = QLabel(self)
        self.answer = TextArea(router, self)
        self.answer.setMinimumHeight(self.fontMetrics().lineSpacing() * 8)
        self._answer_label.setBuddy(self.answer)
        layout.addWidget(self._text)
        for prompt in self._prompts:
            prompt.setIndent(self.fontMetrics().horizontalAdvance("MM"))
            layout.addWidget(prompt)
        layout.addWidget(self._answer_label)
        layout.addWidget(self.answer)

    def retranslate(self) -> None:
        q = self.question
        self.setTitle(_("Question {number}").format(number=q.number))
        self._text.setText(text(q.text))
        for label, prompt in zip(self._prompts, q.prompts, strict=True):
            label.setText(f"• {text(prompt)}")
        self._answer_label.setText(_("Your answer"))
        self.answer.setAccessibleName(_("Answer to question {number}").format(number=q.number))
        self.answer.setPlaceholderText(_("Write the group's answer here"))


class QuestionsPage(QWidget):
    """The workshop questions page.

    Signals:
        edited(str, str): the person changed the answer to question id ``str`` to ``str``.
    """

    edited = Signal(str, str)

    def __init__(
        self, framework: Framework, router: UndoKeyRouter, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self._title = heading(1, self)
        self._intro = wrapped_label("", self)
        layout.addWidget(self._title)
        layout.addWidget(self._intro)
        self.boxes: dict[str, _QuestionBox] = {}
        for question in framework.questions:
            box = _QuestionBox(question, router, self)
            box.answer.edited.connect(lambda value, qid=question.id: self.edited.emit(qid, value))
            self.boxes[question.id] = box
            layout.addWidget(box)
        layout.addStretch(1)
        self.retranslate()

    def show_answers(self, a: am.Assessment) -> None:
        for question_id, box in self.boxes.items():
            box.answer.set_text_quietly(a.answer(question_id))

    def set_read_only(self, read_only: bool) -> None:
        for box in self.boxes.values():
            box.answer.setReadOnly(read_only)

    def first_input(self) -> QWidget:
        return next(iter(self.boxes.values())).answer

    def retranslate(self) -> None:
        self._title.setText(_("Workshop questions"))
        self._intro.setText(
            _(
                "The Joint Councils ask every jurisdiction these questions. Answer in your own "
                "words; a few sentences or a list of points is enough."
            )
        )
        for box in self.boxes.values():
            box.retranslate()
