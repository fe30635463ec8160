"""A submission as the jurisdiction saw it: the editor's own pages (themes, participants,
questions, summary), read-only, in a window of its own."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from jalon.core import assessment as am
from jalon.core.consolidation import SubmissionInfo
from jalon.core.framework import Framework
from jalon.i18n import _, text
from jalon.services import assessments
from jalon.services.app import Jalon
from jalon.ui.bridge import bridge
from jalon.ui.editor.document import PARTICIPANTS, QUESTIONS, SUMMARY
from jalon.ui.editor.navigator import Navigator, NavigatorModel, theme_title
from jalon.ui.editor.participants_page import ParticipantsPage
from jalon.ui.editor.questions_page import QuestionsPage
from jalon.ui.editor.summary_page import SummaryPage
from jalon.ui.editor.theme_page import ThemePage
from jalon.ui.editor.widgets import UndoKeyRouter, heading, wrapped_label
from jalon.ui.plain_text import screen_text
from jalon.ui.secretariat.common import jurisdiction_name, key_fingerprint, when


def _scrolled(page: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    return area


class SubmissionViewer(QDialog):
    """Shows one imported submission page by page, laid out like the editor; nothing in it
    can be changed."""

    def __init__(
        self,
        app: Jalon,
        info: SubmissionInfo,
        assessment: am.Assessment,
        framework: Framework,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self._app = app
        self.info = info
        self.assessment = assessment
        self.framework = framework
        self._page = ""
        router = UndoKeyRouter(self)

        layout = QVBoxLayout(self)
        self._title = heading(2, self)
        self._facts = wrapped_label("", self)
        self._facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.navigator_model = NavigatorModel(framework, self)
        self.navigator = Navigator(self.navigator_model, self)
        self.theme_page = ThemePage(framework, router)
        self.participants_page = ParticipantsPage()
        self.questions_page = QuestionsPage(framework, router)
        self.summary_page = SummaryPage(framework)
        self.pages = QStackedWidget(self)
        self._areas: dict[str, QScrollArea] = {}
        for key, page in (
            ("theme", self.theme_page),
            (PARTICIPANTS, self.participants_page),
            (QUESTIONS, self.questions_page),
            (SUMMARY, self.summary_page),
        ):
            area = _scrolled(page)
            self._areas[key] = area
            self.pages.addWidget(area)
        for page in (self.theme_page, self.participants_page, self.questions_page):
            page.set_read_only(True)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.navigator)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        em = self.fontMetrics().horizontalAdvance("M")
        self.navigator.setMinimumWidth(em * 14)
        splitter.setSizes([em * 20, em * 60])
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self._title)
        layout.addWidget(self._facts)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

        self.navigator.page_requested.connect(self.show_page)
        self.summary_page.page_requested.connect(self.show_page)
        self.navigator_model.refresh(assessment)
        self.navigator.expandAll()
        self.retranslate()
        self.show_page(SUMMARY)
        self.resize(em * 90, self.fontMetrics().lineSpacing() * 40)
        bridge().language_changed.connect(self.retranslate)

    def page_keys(self) -> list[str]:
        return self.navigator_model.keys()

    @property
    def current_page(self) -> str:
        return self._page

    def show_page(self, key: str) -> None:
        a, fw = self.assessment, self.framework
        if fw.has_theme(key):
            area = self._areas["theme"]
            self.theme_page.show_theme(fw.theme(key), a.response(key))
        elif key == PARTICIPANTS:
            area = self._areas[PARTICIPANTS]
            self.participants_page.show_participants(a.participants)
        elif key == QUESTIONS:
            area = self._areas[QUESTIONS]
            self.questions_page.show_answers(a)
        elif key == SUMMARY:
            area = self._areas[SUMMARY]
            completeness, found = assessments.check(self._app, a)
            self.summary_page.show_summary(a, fw, completeness, found)
        else:
            raise KeyError(key)
        if key != self._page:
            area.verticalScrollBar().setValue(0)
        self._page = key
        area.setAccessibleName(self._page_title(key))
        self.pages.setCurrentWidget(area)
        self.navigator.select_key(key)

    def _page_title(self, key: str) -> str:
        if self.framework.has_theme(key):
            theme = self.framework.theme(key)
            return theme_title(theme.number, text(theme.name))
        return {
            PARTICIPANTS: _("Participants"),
            QUESTIONS: _("Workshop questions"),
            SUMMARY: _("Summary"),
        }[key]

    def retranslate(self) -> None:
        info = self.info
        title = _("{title} — {jurisdiction}, revision {revision}").format(
            title=screen_text(info.title),
            jurisdiction=jurisdiction_name(info.jurisdiction),
            revision=info.revision,
        )
        self.setWindowTitle(title)
        self._title.setText(title)
        self._facts.setText(
            _(
                "Imported on {imported}; signed by {signer} on {signed} with the key "
                "{fingerprint}. This is the submission as received: it cannot be changed."
            ).format(
                signer=info.signer_name,
                signed=when(info.signed_at),
                fingerprint=key_fingerprint(info.key_id),
                imported=when(info.imported_at),
            )
        )
        self.navigator.setAccessibleName(_("Pages of the submission"))
        self.pages.setAccessibleName(_("Current page"))
        for page in (
            self.theme_page,
            self.participants_page,
            self.questions_page,
            self.summary_page,
        ):
            page.retranslate()
        self.navigator_model.refresh(self.assessment)
        if self._page:
            self.show_page(self._page)
