"""Accessibility of the editor: every input has a name, the layout holds at 200 % text and in a
dark palette, and nothing is said by colour alone."""

# The fixtures are imported from the shared module, then requested by name.
# ruff: noqa: F401, F811

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea
from pytestqt.qtbot import QtBot

from jalon.core import assessment as am
from jalon.services.app import Jalon
from jalon.ui.editor import EditorWidget
from tests.test_ui_editor_fixtures import (
    accessible_name,
    complete_demo,
    draft,
    focusable_inputs,
    jalon_app,
    open_editor,
    sign_in_store,
)


@pytest.mark.parametrize("which", ["draft", "complete", "signed"])
def test_every_focusable_input_on_every_page_has_an_accessible_name(
    qtbot: QtBot, jalon_app: Jalon, draft: am.Assessment, complete_demo: am.Assessment, which: str
) -> None:
    if which == "signed":
        sign_in_store(jalon_app, complete_demo)
    editor = open_editor(qtbot, jalon_app, (draft if which == "draft" else complete_demo).id)
    unnamed: list[str] = []
    checked = 0
    for key in editor.page_keys():
        editor.show_page(key)
        for widget in focusable_inputs(editor):
            checked += 1
            if not accessible_name(widget).strip():
                unnamed.append(f"{key}: {type(widget).__name__} {widget.toolTip()!r}")
    assert checked > 100
    assert unnamed == []


@pytest.fixture
def doubled_text(qapp: QApplication) -> Iterator[QFont]:
    """200 % text, set before the editor is built, as the system setting would be."""
    normal = qapp.font()
    big = QFont(normal)
    big.setPointSizeF(normal.pointSizeF() * 2)
    qapp.setFont(big)
    yield big
    qapp.setFont(normal)


def clipped_labels(area: QScrollArea) -> list[str]:
    page = area.widget()
    return [
        label.text()[:60]
        for label in page.findChildren(QLabel)
        if label.isVisibleTo(page)
        and label.wordWrap()
        and label.height() + 1 < label.heightForWidth(label.width())
    ]


def test_the_pages_hold_at_200_percent_text_without_clipping_or_sideways_scrolling(
    qtbot: QtBot, jalon_app: Jalon, complete_demo: am.Assessment, doubled_text: QFont
) -> None:
    editor = open_editor(qtbot, jalon_app, complete_demo.id)
    editor.resize(1280, 900)
    for key in ("strategy", "digital_identity", "participants", "questions", "summary"):
        editor.show_page(key)
        qtbot.wait(1)  # let the layouts settle, as between two repaints
        area = editor.pages.currentWidget()
        assert isinstance(area, QScrollArea)
        assert not area.horizontalScrollBar().isVisible(), f"{key} scrolls sideways"
        assert clipped_labels(area) == [], key
    assert editor.theme_page._title.font().pointSizeF() > doubled_text.pointSizeF()


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.WindowText, "#e8eaed"),
        (QPalette.ColorRole.Base, "#17181a"),
        (QPalette.ColorRole.AlternateBase, "#2a2b2e"),
        (QPalette.ColorRole.Text, "#e8eaed"),
        (QPalette.ColorRole.Button, "#303134"),
        (QPalette.ColorRole.ButtonText, "#e8eaed"),
        (QPalette.ColorRole.Highlight, "#8ab4f8"),
        (QPalette.ColorRole.HighlightedText, "#202124"),
        (QPalette.ColorRole.Link, "#8ab4f8"),
        (QPalette.ColorRole.Mid, "#5f6368"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


def test_the_level_rows_and_the_radar_follow_a_dark_palette(
    qtbot: QtBot, jalon_app: Jalon, complete_demo: am.Assessment
) -> None:
    editor = open_editor(qtbot, jalon_app, complete_demo.id)
    editor.setPalette(dark_palette())
    editor.show_page("strategy")
    levels = editor.theme_page.levels.grab().toImage()
    # Sample the banded rows beside the radio columns: no light background anywhere.
    lightness = [
        levels.pixelColor(levels.width() - 3, y).lightness() for y in range(2, levels.height() - 2)
    ]
    assert max(lightness) < 100
    editor.show_page("summary")
    radar = editor.summary_page.radar.grab().toImage()
    corner = radar.pixelColor(2, 2)
    assert corner.lightness() < 100
