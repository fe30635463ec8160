"""Text from a package (or from any sender) on screen: plain text, never markup.

Qt guesses: a label, a message box or a tooltip whose text *looks like* HTML (``<img
src=…>``, ``<a href=…>``, ``&lt;``) is rendered as rich text, so a name, title, comment or
file name in a signed package could show pictures, links or styled lies on the secretariat's
screens. Every place such text is shown goes through this module (the Qt part of the output
rule of :mod:`jalon.core.safe_output`):

* labels: :class:`PlainLabel` (what :func:`~jalon.ui.editor.widgets.wrapped_label` and
  :func:`plain_label` make) is plain text and shows bidi scopes visibly;
* tooltips: :func:`tip` turns text Qt would read as markup into escaped markup that shows
  the text as it is;
* message boxes and progress dialogs: :func:`plain_box` and :func:`plain_progress`;
* table and list cells: :func:`screen_text` (views never read their data as markup, but an
  open bidi override would still reorder the cell).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGui
from PySide6.QtWidgets import QLabel, QWidget

from jalon.core.safe_output import for_screen

if TYPE_CHECKING:  # annotations only: the list imports this module before it is drawn
    from PySide6.QtWidgets import QMessageBox, QProgressDialog

__all__ = ["PlainLabel", "plain_box", "plain_label", "plain_progress", "screen_text", "tip"]


def screen_text(text: str) -> str:
    """``text`` for a cell or a label: the bidi scopes shown visibly."""
    return for_screen(text)


def tip(text: str | None) -> str | None:
    """``text`` for a tooltip, shown as it is: Qt renders a tooltip that might be rich text
    as rich text, so such a text is given as escaped markup instead."""
    if not text:
        return text
    shown = for_screen(text)
    if QtGui.mightBeRichText(shown):
        return QtGui.convertFromPlainText(shown, Qt.WhiteSpaceMode.WhiteSpaceNormal)
    return shown


class PlainLabel(QLabel):
    """A label that never reads its text as markup, and shows bidi scopes visibly."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        if text:
            self.setText(text)

    def setText(self, text: str) -> None:
        super().setText(for_screen(text))

    def setToolTip(self, text: str) -> None:
        super().setToolTip(tip(text) or "")


def plain_label(text: str = "", parent: QWidget | None = None) -> PlainLabel:
    return PlainLabel(text, parent)


def plain_box(box: QMessageBox) -> QMessageBox:
    """``box`` with its text and informative text shown as plain text."""
    box.setTextFormat(Qt.TextFormat.PlainText)
    for label in box.findChildren(QLabel):
        label.setTextFormat(Qt.TextFormat.PlainText)
    return box


def plain_progress(dialog: QProgressDialog) -> PlainLabel:
    """Give ``dialog`` a plain-text label (its own reads markup); returns the label."""
    label = PlainLabel("", dialog)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    label.setWordWrap(True)
    dialog.setLabel(label)
    return label
