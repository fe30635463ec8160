"""Every tab rendered offscreen with demo data, in English and French, at 100 % and 200 %
text, in a light and a dark palette: nothing on the heat map is cut short, and the pictures
are written where a person can look at them.

``JALON_SECRETARIAT_SHOTS=folder`` keeps the pictures there (the documentation's
``docs/images/secretariat-dashboard-{en,fr}.png`` come from the 100 % light ones).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from jalon import i18n
from jalon.services import actions
from jalon.services.app import Jalon
from jalon.ui.secretariat import SecretariatWidget
from jalon.ui.secretariat.headers import RotatedHeader
from jalon.ui.tour import dark_palette, pending_translations

from .test_ui_secretariat_support import (  # noqa: F401 - fixtures
    Demo,
    jalon_fixture,
    migrated_data_fixture,
    run_import,
    second_revision,
    workspace_fixture,
    write_demo_packages,
)

TABS = ("intake", "submissions", "dashboard", "actions", "trust")
SIZE = QSize(1180, 780)
DOCS = QSize(1120, 600)


@pytest.fixture(name="looks")
def looks_fixture(qapp: QApplication) -> Iterator[None]:
    """Restores the application's font and palette after a test that changes them."""
    font, palette, style = QFont(qapp.font()), QPalette(qapp.palette()), qapp.style().name()
    yield
    qapp.setFont(font)
    qapp.setPalette(palette)
    qapp.setStyle(style)


def shots_dir(tmp_path: Path) -> Path:
    chosen = os.environ.get("JALON_SECRETARIAT_SHOTS")
    folder = Path(chosen) if chosen else tmp_path / "shots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def fill(qtbot: QtBot, jalon: Jalon, widget: SecretariatWidget, tmp_path: Path) -> Demo:
    demo = write_demo_packages(jalon, tmp_path / "usb")
    run_import(qtbot, widget, [tmp_path / "usb"])
    run_import(qtbot, widget, [second_revision(jalon, demo, "QC", tmp_path / "later")])
    actions.add_action(
        jalon,
        "digital_identity",
        "Draft the pan-Canadian identity trust framework with the three leading provinces.",
        owner="Quebec and Ontario",
        due_date="2027-03-31",
        status="in_progress",
    )
    actions.add_action(jalon, "strategy", "Circulate the report back to every CIO.")
    widget.actions_panel.reload()
    return demo


def header_cut_short(widget: SecretariatWidget) -> list[str]:
    """Theme names the heat map's rotated header would have to shorten."""
    header = widget.dashboard.heat_view.horizontalHeader()
    assert isinstance(header, RotatedHeader)
    metrics = header.fontMetrics()
    room = header.height() - 12
    return [
        line
        for section in range(header.count())
        for line in header._lines(section)
        if metrics.horizontalAdvance(line) > room
    ]


def cells_cut_short(widget: SecretariatWidget) -> list[str]:
    view = widget.dashboard.heat_view
    model = view.model()
    metrics = view.fontMetrics()
    return [
        str(model.index(r, c).data())
        for r in range(model.rowCount())
        for c in range(model.columnCount())
        if metrics.horizontalAdvance(str(model.index(r, c).data())) > view.columnWidth(c)
    ]


@pytest.mark.parametrize(
    ("scale", "dark"), [(1.0, False), (2.0, True)], ids=["100-light", "200-dark"]
)
def test_every_tab_renders_in_both_languages(
    qtbot: QtBot,
    qapp: QApplication,
    looks: None,
    jalon: Jalon,
    tmp_path: Path,
    scale: float,
    dark: bool,
) -> None:
    if dark:
        qapp.setStyle("Fusion")
        qapp.setPalette(dark_palette())  # type: ignore[arg-type]
    if scale != 1.0:
        font = QFont(qapp.font())
        font.setPointSizeF(font.pointSizeF() * scale)
        qapp.setFont(font)
    widget = SecretariatWidget(jalon)
    qtbot.addWidget(widget)
    widget.resize(SIZE * (1.4 if scale > 1 else 1.0))
    widget.show()
    fill(qtbot, jalon, widget, tmp_path)
    out = shots_dir(tmp_path)
    problems: dict[str, list[str]] = {}
    with pending_translations():
        for lang in ("en", "fr"):
            i18n.set_language(lang)
            for index, name in enumerate(TABS):
                widget.show_tab(index)
                QApplication.processEvents()
                suffix = f"{lang}-{int(scale * 100)}{'-dark' if dark else ''}"
                image = widget.grab()
                assert not image.isNull()
                assert image.save(str(out / f"secretariat-{name}-{suffix}.png"))
                if name == "dashboard":
                    problems[f"header {suffix}"] = header_cut_short(widget)
                    problems[f"cells {suffix}"] = cells_cut_short(widget)
                    if scale == 1.0 and not dark:
                        # For the documentation: a little less empty room under the map.
                        widget.resize(DOCS)
                        QApplication.processEvents()
                        assert widget.grab().save(str(out / f"secretariat-dashboard-{lang}.png"))
                        widget.resize(SIZE)
    assert {k: v for k, v in problems.items() if v} == {}
    if scale == 1.0 and not dark:
        for lang in ("en", "fr"):
            assert (out / f"secretariat-dashboard-{lang}.png").stat().st_size < 200_000
