"""The assessment editor: navigator, pages, next / previous, autosave, undo, read-only mode.

The editor holds the assessment being edited in memory (:class:`EditedAssessment`), changes
it only through undoable commands, and lets the :class:`Autosaver` write it to the store.
"""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from jalon import i18n
from jalon.core import assessment as am
from jalon.core.errors import JalonError
from jalon.core.framework import Framework
from jalon.i18n import _, describe, text
from jalon.services import assessments
from jalon.services.app import Jalon
from jalon.ui.bridge import bridge
from jalon.ui.editor.autosave import Autosaver, SaveState
from jalon.ui.editor.banner import SignedBanner
from jalon.ui.editor.commands import (
    PARTICIPANT_EDITS,
    EditCommand,
    SetAnswer,
    SetParticipants,
    SetResponseField,
)
from jalon.ui.editor.document import PARTICIPANTS, QUESTIONS, SUMMARY, EditedAssessment
from jalon.ui.editor.navigator import Navigator, NavigatorModel, theme_title
from jalon.ui.editor.participants_page import ParticipantsPage
from jalon.ui.editor.questions_page import QuestionsPage
from jalon.ui.editor.summary_page import SummaryPage
from jalon.ui.editor.theme_page import ThemePage
from jalon.ui.editor.widgets import UndoKeyRouter, heading, refit, wrapped_label
from jalon.ui.widgets import slim

SAVE_MARKS = {
    SaveState.SAVED: "✓",
    SaveState.PENDING: "…",
    SaveState.SAVING: "…",
    SaveState.FAILED: "⚠",
    SaveState.READ_ONLY: "",
}


Page = ThemePage | ParticipantsPage | QuestionsPage | SummaryPage


def _shortcuts(*keys: QKeySequence.StandardKey | str) -> list[QKeySequence]:
    result: list[QKeySequence] = []
    for key in keys:
        sequences = (
            QKeySequence.keyBindings(key)
            if isinstance(key, QKeySequence.StandardKey)
            else [QKeySequence(key)]
        )
        result += [s for s in sequences if s not in result]
    return result


def _keys_text(action: QAction) -> str:
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())


def _scrolled(page: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    # No stop of its own: Tab from the list of pages goes straight to the page's first control
    # (the area still scrolls to whatever gets the focus, and with the wheel).
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(page)
    return area


class EditorWidget(QWidget):
    """Edits one assessment (its latest revision); a signed revision opens read-only.

    Signals:
        back_requested(): the person wants the list of assessments again.
        export_requested(str): "Sign and export…" was chosen for this assessment id (pending
            edits are written first).
        status_message(str): a short message for the window's status bar.
        saved_state_changed(str): the save state as shown ("Saved", "Saving…", "Not saved: …").
    """

    back_requested = Signal()
    export_requested = Signal(str)
    status_message = Signal(str)
    saved_state_changed = Signal(str)

    def __init__(self, app: Jalon, assessment_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        a = assessments.get(app, assessment_id)
        framework = app.framework_for(a)
        self.document = EditedAssessment(a, framework)
        self.undo_stack = QUndoStack(self)
        self.autosaver = Autosaver(app, self.document, self)
        #: The warning that the database file is gone, once shown.
        self.file_gone_box: QWidget | None = None
        self._router = UndoKeyRouter(self)
        self._page = ""
        self._summary_stale = True
        self._last_state_text = ""
        self._untranslated: set[str] = set()
        self._progress_shown = ""
        self._undo_shown: tuple[object, ...] = ()

        self._build_actions()
        self._build(framework)
        self._connect()
        self.retranslate()
        self._apply_assessment()
        self.show_page(self._first_page())
        # Focusing the editor (the shell does on opening) puts the keyboard in the navigator.
        self.setFocusProxy(self.navigator)
        bridge().language_changed.connect(self.retranslate)

    # -- construction ----------------------------------------------------------------------

    def _action(self, *keys: QKeySequence.StandardKey | str) -> QAction:
        action = QAction(self)
        action.setShortcuts(_shortcuts(*keys))
        # Only while the editor (or a child) has focus: the shell's other pages keep their keys.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.undo_action = self._action(QKeySequence.StandardKey.Undo)
        self.redo_action = self._action(QKeySequence.StandardKey.Redo, "Ctrl+Shift+Z")
        self.previous_action = self._action("Alt+Left", "Ctrl+PgUp")
        self.next_action = self._action("Alt+Right", "Ctrl+PgDown")
        self.export_action = self._action("Ctrl+E")
        self.back_action = QAction(self)

    def _build(self, framework: Framework) -> None:
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        self.back_button = QPushButton(self)
        self._title = heading(2, self)
        self.save_label = QLabel(self)
        self.undo_button = QToolButton(self)
        self.undo_button.setDefaultAction(self.undo_action)
        self.redo_button = QToolButton(self)
        self.redo_button.setDefaultAction(self.redo_action)
        self.export_button = QPushButton(self)
        top.addWidget(self.back_button)
        top.addWidget(self._title, 1)
        top.addWidget(self.save_label)
        top.addWidget(self.undo_button)
        top.addWidget(self.redo_button)
        top.addWidget(self.export_button)
        layout.addLayout(top)

        self._save_problem = wrapped_label("", self)
        self._save_problem.setFrameShape(QFrame.Shape.StyledPanel)
        self._save_problem.setMargin(6)
        self._save_problem.hide()
        layout.addWidget(self._save_problem)

        self.banner = SignedBanner(self)
        layout.addWidget(self.banner)

        self.navigator_model = NavigatorModel(framework, self)
        self.navigator = Navigator(self.navigator_model, self)
        self.theme_page = ThemePage(framework, self._router)
        self.participants_page = ParticipantsPage()
        self.questions_page = QuestionsPage(framework, self._router)
        self.summary_page = SummaryPage(framework)
        self.pages = QStackedWidget(self)
        self._areas: dict[str, QScrollArea] = {}
        self._page_widgets: dict[str, Page] = {
            "theme": self.theme_page,
            PARTICIPANTS: self.participants_page,
            QUESTIONS: self.questions_page,
            SUMMARY: self.summary_page,
        }
        for key, page in self._page_widgets.items():
            area = _scrolled(page)
            self._areas[key] = area
            self.pages.addWidget(area)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.navigator)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.navigator.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 14)
        splitter.setSizes([self.fontMetrics().horizontalAdvance("M") * 20, 800])
        layout.addWidget(splitter, 1)

        bottom = QHBoxLayout()
        self.previous_button = QPushButton(self)
        self.next_button = QPushButton(self)
        self.progress_label = QLabel(self)
        self.progress_bar = slim(QProgressBar(self))
        self.progress_bar.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 12)
        bottom.addWidget(self.previous_button)
        bottom.addStretch(1)
        bottom.addWidget(self.progress_label)
        bottom.addWidget(self.progress_bar)
        bottom.addStretch(1)
        bottom.addWidget(self.next_button)
        layout.addLayout(bottom)

        # Keyboard order follows the screen: header, navigator, page, then the footer.
        order = [
            self.back_button,
            self.undo_button,
            self.redo_button,
            self.export_button,
            self.banner.new_revision_button,
            self.banner.newer_version_button,
            self.navigator,
            self.pages,
            self.previous_button,
            self.next_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        self.undo_action.triggered.connect(self.undo_stack.undo)
        self.redo_action.triggered.connect(self.undo_stack.redo)
        self.undo_stack.indexChanged.connect(self._update_undo_actions)
        self.previous_action.triggered.connect(lambda: self._step(-1))
        self.next_action.triggered.connect(lambda: self._step(+1))
        self.previous_button.clicked.connect(self.previous_action.trigger)
        self.next_button.clicked.connect(self.next_action.trigger)
        self.export_action.triggered.connect(self._export)
        self.export_button.clicked.connect(self.export_action.trigger)
        self.back_button.clicked.connect(self._back)
        self.banner.new_revision_button.clicked.connect(self.start_new_revision)
        self.banner.newer_version_button.clicked.connect(self.start_on_newer_version)
        self.navigator.page_requested.connect(self.show_page)
        self.summary_page.page_requested.connect(self._follow_link)
        self.theme_page.edited.connect(self._edit_response)
        self.questions_page.edited.connect(self._edit_answer)
        self.participants_page.edit_requested.connect(self._edit_participants)
        self.document.changed.connect(self._document_changed)
        self.autosaver.state_changed.connect(self._show_save_state)
        # Besides the pause in typing: leaving a field, the window or the application writes.
        qapp = QApplication.instance()
        if isinstance(qapp, QApplication):
            qapp.focusChanged.connect(self._focus_changed)
            qapp.applicationStateChanged.connect(self._application_state_changed)

    # -- public API ------------------------------------------------------------------------

    @property
    def assessment(self) -> am.Assessment:
        return self.document.assessment

    @property
    def current_page(self) -> str:
        return self._page

    def page_keys(self) -> list[str]:
        return self.navigator_model.keys()

    def flush(self) -> None:
        """Write any pending edit to the store now.

        Raises the store's :class:`JalonError` when the edit could not be written (a signed
        revision, a full disk); the edit stays in memory and is tried again, so the caller can
        offer to stay.
        """
        self.autosaver.flush()
        if self.autosaver.error is not None and self.autosaver.is_dirty:
            raise self.autosaver.error

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if old is not None and old is not new and self.isAncestorOf(old):
            self.autosaver.save_soon()

    def _application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state != Qt.ApplicationState.ApplicationActive:
            self.autosaver.save_soon()

    def is_dirty(self) -> bool:
        """True while an edit is not yet in the store (pending, or its last write failed)."""
        return self.autosaver.is_dirty

    def show_page(self, key: str) -> None:
        """Open the page ``key``: a theme id, ``participants``, ``questions`` or ``summary``."""
        a = self.document.assessment
        fw = self.document.framework
        if fw.has_theme(key):
            area = self._areas[self._translated("theme")]
            self.theme_page.show_theme(fw.theme(key), a.response(key))
        elif key == PARTICIPANTS:
            area = self._areas[self._translated(PARTICIPANTS)]
            self.participants_page.show_participants(a.participants)
        elif key == QUESTIONS:
            area = self._areas[self._translated(QUESTIONS)]
            self.questions_page.show_answers(a)
        elif key == SUMMARY:
            area = self._areas[self._translated(SUMMARY)]
            self._refresh_summary()
        else:
            raise KeyError(key)
        if self._page != key:
            self.autosaver.flush()  # what was typed on the page left is written now
            area.verticalScrollBar().setValue(0)
        self._page = key
        area.setAccessibleName(self._page_title(key))
        self.pages.setCurrentWidget(area)
        self.navigator.select_key(key)
        self._update_steps()

    def _area_key(self, page: str) -> str:
        return "theme" if self.document.framework.has_theme(page) else page

    def _translated(self, area_key: str) -> str:
        """Set the texts of page ``area_key`` in the current language if not done yet."""
        if area_key in self._untranslated:
            self._untranslated.discard(area_key)
            page = self._page_widgets[area_key]
            page.retranslate()
            if area_key != "theme":  # the theme page refits what it changed itself
                refit(*(w for w in page.findChildren(QWidget) if w.layout() is not None), page)
        return area_key

    def reload(self) -> None:
        """Read the assessment again from the store (after it was signed and exported)."""
        self.autosaver.flush()
        latest = assessments.get(self._app, self.document.assessment.id)
        self._load(latest)

    def start_new_revision(self) -> None:
        """Start the next draft from this signed revision and open it for editing."""
        try:
            draft = assessments.start_new_revision(self._app, self.document.assessment.id)
        except JalonError as error:
            self.status_message.emit(describe(error))
            return
        self._load(draft)
        self.status_message.emit(
            _("Revision {revision} started: you can edit it now.").format(revision=draft.revision)
        )

    def _newer_version(self, a: am.Assessment) -> str | None:
        from jalon.services import carry

        return carry.newer_version(self._app, a)

    def start_on_newer_version(self) -> None:
        """Show what carrying this signed revision to the newer framework version gives; open
        the new draft once the person confirms (``ui/carry_dialog.py``)."""
        from jalon.services import carry
        from jalon.ui.carry_dialog import CarryForwardDialog

        a = self.document.assessment
        version = carry.newer_version(self._app, a)
        if version is None:
            return
        try:
            dialog = CarryForwardDialog(self._app, a.id, version, self)
        except JalonError as error:
            self.status_message.emit(describe(error))
            return
        self.carry_dialog = dialog  # reachable by tests and the tour while it is open
        if dialog.exec() and dialog.draft is not None:
            self._load(dialog.draft)
            self.status_message.emit(
                _("Revision {revision} started on version {version}: you can edit it now.").format(
                    revision=dialog.draft.revision, version=version
                )
            )

    # -- loading ---------------------------------------------------------------------------

    def _load(self, a: am.Assessment) -> None:
        framework = self._app.framework_for(a)
        self.undo_stack.clear()
        self.document.replace(a, framework)
        self._apply_assessment()
        self.show_page(self._page or self._first_page())

    def _first_page(self) -> str:
        a = self.document.assessment
        if a.is_frozen:
            return SUMMARY
        for theme in self.document.framework.themes:
            if not a.response(theme.id).is_complete:
                return theme.id
        return SUMMARY

    def _apply_assessment(self) -> None:
        a = self.document.assessment
        read_only = a.is_frozen
        self.navigator_model.set_framework(self.document.framework)
        self.navigator.expandAll()
        self.banner.show_for(a)
        self.banner.offer_version(self._newer_version(a) if read_only else None)
        for page in (self.theme_page, self.participants_page, self.questions_page):
            page.set_read_only(read_only)
        self.export_action.setEnabled(not read_only)
        self.export_button.setEnabled(not read_only)
        self._refresh_header()
        self._refresh_progress()
        self._update_undo_actions()
        self._show_save_state()

    # -- edits -----------------------------------------------------------------------------

    def _reveal(self, page: str) -> None:
        if page != self._page:
            self.show_page(page)

    def _refused(self, error: JalonError) -> None:
        self.status_message.emit(describe(error))

    def _push(self, command: EditCommand) -> None:
        self.undo_stack.push(command)

    def _edit_response(self, theme_id: str, name: str, value: Any) -> None:
        doc = self.document
        old = getattr(doc.assessment.response(theme_id), name)
        if old == value or doc.read_only:
            return
        try:
            proposed = doc.propose_response(theme_id, name, value)
        except JalonError as error:
            self._refused(error)
            self.theme_page.show_response(doc.assessment.response(theme_id), everything=True)
            return
        self._push(SetResponseField(doc, self._reveal, theme_id, name, old, value, proposed))

    def _edit_answer(self, question_id: str, value: str) -> None:
        doc = self.document
        old = doc.assessment.answer(question_id)
        if old == value or doc.read_only:
            return
        try:
            proposed = doc.propose_answer(question_id, value)
        except JalonError as error:
            self._refused(error)
            self.questions_page.show_answers(doc.assessment)
            return
        self._push(SetAnswer(doc, self._reveal, question_id, old, value, proposed))

    def _edit_participants(self, people: tuple[am.Participant, ...], what: str) -> None:
        doc = self.document
        old = doc.assessment.participants
        if old == people or doc.read_only:
            return
        try:
            proposed = doc.propose_participants(people)
        except JalonError as error:
            self._refused(error)
            self.participants_page.show_participants(old)
            return
        self._push(
            SetParticipants(doc, self._reveal, old, people, PARTICIPANT_EDITS[what], proposed)
        )

    def _document_changed(self, key: str) -> None:
        # Called on every keystroke: only what the edit can change is shown again (the pages
        # and the navigator compare before they redraw).
        a = self.document.assessment
        self._summary_stale = True
        if key == self._page and self.document.framework.has_theme(key):
            self.theme_page.show_response(a.response(key))
        elif key == PARTICIPANTS:
            self.participants_page.show_participants(a.participants)
        elif key == QUESTIONS:
            self.questions_page.show_answers(a)
        self.navigator_model.update_entry(a, key)
        self._show_progress()

    # -- navigation ------------------------------------------------------------------------

    def _neighbour(self, step: int) -> str | None:
        keys = self.page_keys()
        index = keys.index(self._page) + step if self._page in keys else 0
        return keys[index] if 0 <= index < len(keys) else None

    def _step(self, step: int) -> None:
        key = self._neighbour(step)
        if key is not None:
            # The keyboard follows the page: its first control, not the previous page's field.
            self._follow_link(key)

    def _follow_link(self, key: str) -> None:
        self.show_page(key)
        self._page_widgets[self._area_key(key)].first_input().setFocus(
            Qt.FocusReason.OtherFocusReason
        )

    def _page_title(self, key: str) -> str:
        fw = self.document.framework
        if fw.has_theme(key):
            theme = fw.theme(key)
            return theme_title(theme.number, text(theme.name))
        return {
            PARTICIPANTS: _("Participants"),
            QUESTIONS: _("Workshop questions"),
            SUMMARY: _("Summary"),
        }[key]

    def _update_steps(self) -> None:
        for action, button, step in (
            (self.previous_action, self.previous_button, -1),
            (self.next_action, self.next_button, +1),
        ):
            key = self._neighbour(step)
            action.setEnabled(key is not None)
            button.setEnabled(key is not None)
            target = self._page_title(key) if key else ""
            if step < 0:
                button.setText(_("← Previous"))
                tip = _("Previous page: {page} ({keys})") if key else _("This is the first page")
            else:
                button.setText(_("Next →"))
                tip = _("Next page: {page} ({keys})") if key else _("This is the last page")
            button.setToolTip(tip.format(page=target, keys=_keys_text(action)))
            button.setAccessibleDescription(button.toolTip())

    def _back(self) -> None:
        # The shell flushes again and asks what to do if the write still fails.
        self.autosaver.flush()
        self.back_requested.emit()

    def _export(self) -> None:
        if self.document.read_only:
            return
        try:
            self.flush()  # what is signed must be what the store holds
        except JalonError as error:
            self.status_message.emit(describe(error))
            return
        self.export_requested.emit(self.document.assessment.id)

    # -- display ---------------------------------------------------------------------------

    def _refresh_summary(self) -> None:
        completeness, found = assessments.check(self._app, self.document.assessment)
        self.summary_page.show_summary(
            self.document.assessment, self.document.framework, completeness, found
        )
        self._summary_stale = False

    def _refresh_progress(self) -> None:
        self.navigator_model.refresh(self.document.assessment)
        self._show_progress()

    def _show_progress(self) -> None:
        a = self.document.assessment
        themes = self.document.framework.themes
        done = sum(1 for t in themes if a.response(t.id).is_complete)
        # A plain msgid, not ngettext: the catalog's pending translations carry no plural forms,
        # and the framework has far more than one theme.
        label = _("{done} of {total} themes complete").format(done=done, total=len(themes))
        if label != self._progress_shown:  # a new count, or a new language
            self._progress_shown = label
            self.progress_label.setText(label)
            self.progress_bar.setRange(0, len(themes))
            self.progress_bar.setValue(done)
            self.progress_bar.setAccessibleName(label)
        if self._page == SUMMARY and self._summary_stale:
            self._refresh_summary()

    def _refresh_header(self) -> None:
        a = self.document.assessment
        status = _("signed") if a.is_frozen else _("draft")
        self._title.setText(
            _("{title} — {jurisdiction}, revision {revision} ({status})").format(
                title=a.title,
                jurisdiction=text(a.jurisdiction.name),
                revision=a.revision,
                status=status,
            )
        )

    def _update_undo_actions(self, *_args: object) -> None:
        editable = not self.document.read_only
        stack = self.undo_stack
        # Each keystroke merged into the same step moves no index: nothing to redraw then.
        shown = (
            editable,
            stack.index(),
            stack.count(),
            stack.command(stack.index() - 1),
            i18n.current_language(),
        )
        if shown == self._undo_shown:
            return
        self._undo_shown = shown
        for action, able, index, label, idle in (
            (self.undo_action, stack.canUndo(), stack.index() - 1, _("Undo"), _("Nothing to undo")),
            (self.redo_action, stack.canRedo(), stack.index(), _("Redo"), _("Nothing to redo")),
        ):
            action.setEnabled(editable and able)
            action.setText(label)
            command = stack.command(index) if able else None
            what = describe(command.description()) if isinstance(command, EditCommand) else idle
            action.setToolTip(
                _("{action}: {what} ({keys})").format(
                    action=label, what=what, keys=_keys_text(action)
                )
            )

    def _show_save_state(self) -> None:
        saver = self.autosaver
        state = saver.state
        shown = saver.text()
        if state is SaveState.FAILED:
            self.save_label.setText(
                "{mark} {text}".format(mark=SAVE_MARKS[state], text=_("Not saved"))
            )
            self._save_problem.setText(shown)
        else:
            self.save_label.setText(f"{SAVE_MARKS[state]} {shown}".strip())
        self._save_problem.setVisible(state is SaveState.FAILED)
        self.save_label.setToolTip(shown)
        self.save_label.setAccessibleName(shown)
        if shown != self._last_state_text:
            self._last_state_text = shown
            self.saved_state_changed.emit(shown)
        self._warn_if_the_file_is_gone()

    def _warn_if_the_file_is_gone(self) -> None:
        """Once: the database file was removed or replaced (see ``services.file_watch``).
        A window of its own, not modal to the event loop: the edits stay in the editor."""
        from jalon.services.file_watch import DatabaseReplacedError

        error = self.autosaver.error
        if not isinstance(error, DatabaseReplacedError) or self.file_gone_box is not None:
            return
        from PySide6.QtWidgets import QMessageBox

        box = self.file_gone_box = QMessageBox(self.window())
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Your edits were not saved"))
        box.setText(describe(error))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()

    def retranslate(self) -> None:
        """Set every text again in the current language (framework texts included)."""
        self.back_button.setText(_("← Assessments"))
        self.back_button.setToolTip(_("Back to the list of assessments"))
        self.export_button.setText(_("Sign and export…"))
        self.export_action.setText(_("Sign and export…"))
        self.export_button.setToolTip(
            _("Sign this revision and export the package for the secretariat ({keys})").format(
                keys=_keys_text(self.export_action)
            )
        )
        self.previous_action.setText(_("Previous page"))
        self.next_action.setText(_("Next page"))
        self.navigator.setAccessibleName(_("Pages of the assessment"))
        self.pages.setAccessibleName(_("Current page"))
        # The page on screen now; the others when they are next shown, which keeps the switch
        # instant.
        self._untranslated = set(self._areas)
        if self._page:
            self._translated(self._area_key(self._page))
        self.banner.retranslate()
        self._refresh_header()
        self._summary_stale = True
        self._refresh_progress()
        self._update_steps()
        self._update_undo_actions()
        self._show_save_state()

    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving the editor by any route (the shell swapping pages, the window closing)
        # writes what is pending.
        self.autosaver.flush()
        super().hideEvent(event)
