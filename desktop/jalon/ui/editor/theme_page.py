"""The page where one theme is scored. One instance serves all fourteen themes: switching
theme re-fills it, which keeps page switches instant."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGroupBox, QLabel, QVBoxLayout, QWidget

from jalon.core import assessment as am
from jalon.core.framework import Framework, Theme
from jalon.i18n import _, text
from jalon.ui.editor.level_picker import LevelPicker, level_title
from jalon.ui.editor.navigator import theme_title
from jalon.ui.editor.option_picker import OptionPicker
from jalon.ui.editor.widgets import (
    ReflowRow,
    TextArea,
    UndoKeyRouter,
    heading,
    italic,
    refit,
    wrapped_label,
)

WARNING_MARK = "⚠"
DONE_MARK = "✓"

CHOICES = ("priority", "role", "capacity")


class ThemePage(QWidget):
    """Scores one theme: levels with their descriptors, the three closed questions, comment
    and evidence, with what is missing and what looks wrong said in words on the page.

    Signals:
        edited(str, str, object): the person changed field ``str`` of theme ``str`` to a value.
    """

    edited = Signal(str, str, object)

    def __init__(
        self, framework: Framework, router: UndoKeyRouter, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._framework = framework
        self._theme: Theme | None = None
        self._response: am.ThemeResponse | None = None
        self._validation_shown: tuple[str, str, bool] | None = None
        self._filling = False

        layout = QVBoxLayout(self)
        self._kicker = wrapped_label("", self)
        self._title = heading(1, self)
        self._status = wrapped_label("", self)
        self._status.setFrameShape(QFrame.Shape.StyledPanel)
        self._status.setMargin(8)
        self._description = wrapped_label("", self)
        self._description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for widget in (self._kicker, self._title, self._status, self._description):
            layout.addWidget(widget)

        # What the workshop said of the theme helps an official answer; the deck's marks (the
        # logic model, McKinsey) and the framework's editorial notes are for the secretariat,
        # and stay in the framework and the report's annex.
        self._deck = QGroupBox(self)
        deck = QVBoxLayout(self._deck)
        self._comment_in_deck = wrapped_label("", self._deck)
        deck.addWidget(self._comment_in_deck)
        layout.addWidget(self._deck)

        self._maturity = QGroupBox(self)
        maturity = QVBoxLayout(self._maturity)
        self._maturity_intro = wrapped_label("", self._maturity)
        self.levels = LevelPicker(framework, self._maturity)
        self._level_warning = wrapped_label("", self._maturity)
        self._level_warning.setFrameShape(QFrame.Shape.StyledPanel)
        self._level_warning.setMargin(6)
        for part in (self._maturity_intro, self.levels, self._level_warning):
            maturity.addWidget(part)
        layout.addWidget(self._maturity)
        self.levels.chosen.connect(self._level_chosen)

        self._choices = ReflowRow(self)
        self.pickers: dict[str, OptionPicker] = {}
        for name in CHOICES:
            picker = OptionPicker(framework.options(name), self._choices)
            picker.chosen.connect(lambda value, n=name: self._emit(n, value))
            self.pickers[name] = picker
            self._choices.add(picker)
        layout.addWidget(self._choices)

        self.texts: dict[str, TextArea] = {}
        self._text_labels: dict[str, QLabel] = {}
        self._evidence_hint = italic(wrapped_label("", self))
        for name in am.RESPONSE_TEXT_FIELDS:
            label = QLabel(self)
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            area = TextArea(router, self)
            label.setBuddy(area)
            area.edited.connect(lambda value, n=name: self._emit(n, value))
            self.texts[name] = area
            self._text_labels[name] = label
            layout.addWidget(label)
            if name == "evidence":
                layout.addWidget(self._evidence_hint)
            layout.addWidget(area)
        layout.addStretch(1)
        self.retranslate()

    @property
    def theme(self) -> Theme | None:
        return self._theme

    # -- filling ---------------------------------------------------------------------------

    def show_theme(self, theme: Theme, response: am.ThemeResponse) -> None:
        """Fill the page for ``theme`` (texts, then the response's values)."""
        self._theme = theme
        self.levels.set_theme(theme)
        self._fill_theme_texts()
        self.show_response(response, everything=True)
        refit(self.levels, self._deck, self._description)

    def show_response(self, response: am.ThemeResponse, *, everything: bool = False) -> None:
        """Show ``response``'s values without reporting them as edits: those that differ from
        the response shown before, or ``everything`` (another theme, a refused edit)."""
        before = None if everything else self._response
        self._response = response
        self._filling = True
        try:
            # Typing changes one text: the levels and choices shown are left alone then.
            if before is None or (before.current, before.target) != (
                response.current,
                response.target,
            ):
                self.levels.set_values(response.current, response.target)
            for name in CHOICES:
                value = getattr(response, name)
                if before is None or getattr(before, name) != value:
                    self.pickers[name].set_value(value)
            for name in am.RESPONSE_TEXT_FIELDS:
                self.texts[name].set_text_quietly(getattr(response, name))
        finally:
            self._filling = False
        self._show_validation()

    def set_read_only(self, read_only: bool) -> None:
        self.levels.set_read_only(read_only)
        for picker in self.pickers.values():
            picker.set_read_only(read_only)
        for area in self.texts.values():
            area.setReadOnly(read_only)

    def first_input(self) -> QWidget:
        return self.levels.first_input()

    def _fill_theme_texts(self) -> None:
        theme = self._theme
        if theme is None:
            return
        group = self._framework.group(theme.group)
        self._kicker.setText(
            _("Theme {number} of {total} · {group}").format(
                number=theme.number, total=len(self._framework.themes), group=text(group.name)
            )
        )
        self._title.setText(theme_title(theme.number, text(theme.name)))
        self._description.setText(text(theme.description))
        self._comment_in_deck.setText(text(theme.comment))
        name = text(theme.name)
        for field, area in self.texts.items():
            spoken = (
                _("Comment on {theme}") if field == "comment" else _("Evidence for {theme}")
            ).format(theme=name)
            area.setAccessibleName(spoken)

    # -- validation ------------------------------------------------------------------------

    def _show_validation(self) -> None:
        response = self._response
        if response is None:
            return
        missing = response.missing()
        if missing:
            fields = ", ".join(_(am.FIELD_LABELS[name]) for name in missing)
            status = _("{mark} Still to answer for this theme: {fields}.").format(
                mark=WARNING_MARK, fields=fields
            )
        else:
            status = _("{mark} This theme is complete.").format(mark=DONE_MARK)
        gap = response.gap
        below = gap is not None and gap < 0
        warning = ""
        if below and response.current is not None and response.target is not None:
            warning = _(
                "{mark} The target level ({target}) is below the current level ({current}). "
                "Check that stepping back on this theme is intended."
            ).format(
                mark=WARNING_MARK,
                target=level_title(
                    response.target, text(self._framework.level(response.target).name)
                ),
                current=level_title(
                    response.current, text(self._framework.level(response.current).name)
                ),
            )
        # Typing a comment changes none of this: then nothing is redrawn or measured again.
        shown = (status, warning, below)
        if shown == self._validation_shown:
            return
        self._validation_shown = shown
        self._status.setText(status)
        if warning:
            self._level_warning.setText(warning)
        if self._level_warning.isHidden() == below:
            self._level_warning.setVisible(below)
        refit(self._status, self._level_warning)

    def level_warning(self) -> str:
        """The warning shown under the levels, or '' when there is none (for tests)."""
        return self._level_warning.text() if self._level_warning.isVisibleTo(self) else ""

    def status_text(self) -> str:
        return self._status.text()

    # -- edits -----------------------------------------------------------------------------

    def _level_chosen(self, name: str, value: int) -> None:
        self._emit(name, value)

    def _emit(self, name: str, value: Any) -> None:
        if self._filling or self._theme is None:
            return
        self.edited.emit(self._theme.id, name, value)

    # -- language --------------------------------------------------------------------------

    def retranslate(self) -> None:
        self._deck.setTitle(_("What the workshop said about this theme"))
        self._maturity.setTitle(_("Maturity"))
        self._maturity_intro.setText(
            _(
                "Choose the level that best describes the situation today (current) and the "
                "level to reach (target). On the keyboard, 0 to 4 choose the current level and "
                "Shift with 0 to 4 the target; the arrow keys move without choosing."
            )
        )
        self.levels.retranslate()
        titles = {
            "priority": _("Priority"),
            "role": _("Role of the Joint Councils"),
            "capacity": _("Capacity to deliver"),
        }
        for name, picker in self.pickers.items():
            picker.setTitle(titles[name])
            picker.retranslate()
        self._choices.relayout()
        self._text_labels["comment"].setText(_("Comment"))
        self._text_labels["evidence"].setText(_("Evidence"))
        self._evidence_hint.setText(_("Documents, links or facts that support the levels chosen."))
        for name, area in self.texts.items():
            area.setPlaceholderText(
                _("Your comment on this theme")
                if name == "comment"
                else _("For example: a plan, a policy, a web page, a dashboard")
            )
        self._fill_theme_texts()
        self._show_validation()
        refit(
            self.levels,
            self._deck,
            self._maturity,
            self._choices,
            *self.pickers.values(),
            *self._text_labels.values(),
        )
