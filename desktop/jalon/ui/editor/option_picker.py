"""A closed question of a theme (priority, the Councils' role, capacity to deliver) as a group
of radio buttons labelled with the framework's options; the chosen option's explanation is
shown under the group so its meaning is never a guess."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from jalon.core.framework import Option
from jalon.i18n import text
from jalon.ui.editor.widgets import (
    ChoiceRadio,
    clear_group,
    exclusive_group,
    italic,
    refit,
    wrapped_label,
)


class OptionPicker(QGroupBox):
    """One radio per option, in framework order.

    Signals:
        chosen(str): the id of the option the person chose.
    """

    chosen = Signal(str)

    def __init__(self, options: tuple[Option, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._options = options
        self._group = exclusive_group(self)
        layout = QVBoxLayout(self)
        self.radios: list[ChoiceRadio] = []
        for index, _option in enumerate(options):
            radio = ChoiceRadio("", self)
            self._group.addButton(radio, index)
            self.radios.append(radio)
            layout.addWidget(radio)
        self._hint = italic(wrapped_label("", self))
        self._hint.hide()
        layout.addWidget(self._hint)
        layout.addStretch(1)
        self._group.idClicked.connect(self._clicked)
        self.retranslate()

    def _clicked(self, index: int) -> None:
        self._show_hint()
        self.chosen.emit(self._options[index].id)

    def retranslate(self) -> None:
        for radio, option in zip(self.radios, self._options, strict=True):
            radio.setText(text(option.label))
            about = text(option.description) if option.description else ""
            radio.setToolTip(about)
            radio.setAccessibleDescription(about)
        self._show_hint()

    def _show_hint(self) -> None:
        index = self._group.checkedId()
        option = self._options[index] if index >= 0 else None
        about = text(option.description) if option and option.description else ""
        if self._hint.text() != about or self._hint.isHidden() == bool(about):
            self._hint.setText(about)
            self._hint.setVisible(bool(about))
            refit(self)

    def set_value(self, option_id: str | None) -> None:
        ids = [o.id for o in self._options]
        if option_id is None or option_id not in ids:
            clear_group(self._group)
        else:
            button = self._group.button(ids.index(option_id))
            if not button.isChecked():
                button.setChecked(True)
        self._show_hint()

    def value(self) -> str | None:
        index = self._group.checkedId()
        return self._options[index].id if index >= 0 else None

    def set_read_only(self, read_only: bool) -> None:
        for radio in self.radios:
            radio.setEnabled(not read_only)

    def first_input(self) -> QWidget:
        return self._group.checkedButton() or self.radios[0]

    def needed_width(self) -> int:
        """The width the options need side by side with other pickers (the hint wraps)."""
        margins = self.contentsMargins()
        widest = max(
            [r.sizeHint().width() for r in self.radios]
            + [self.fontMetrics().horizontalAdvance(self.title()) + 24]
        )
        return widest + margins.left() + margins.right() + 24
