"""Fixtures and helpers for the tests of the desktop shell (home, wizard, main window, app).

Imported explicitly by the ``test_ui_*`` modules of the shell; it holds no tests itself.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QMessageBox,
    QWidget,
)

from jalon.core import assessment as am
from jalon.core.jurisdiction import Jurisdiction, government
from jalon.services.app import Jalon
from jalon.ui.app import prepare_application

SIGNED_AT = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)


@pytest.fixture(scope="session", name="migrated_data")
def migrated_data_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated data folder, copied for each test (migrating takes most of a second)."""
    folder = tmp_path_factory.mktemp("template") / "data"
    Jalon.open(folder).close()
    return folder


def close_all_windows() -> None:
    """Close and really delete every window, so no widget outlives the store it reads."""
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(name="jalon")
def jalon_fixture(qapp: QApplication, migrated_data: Path, tmp_path: Path) -> Iterator[Jalon]:
    """An open installation in a throwaway data folder, with Qt's translations hooked up."""
    prepare_application(qapp)
    folder = tmp_path / "data"
    shutil.copytree(migrated_data, folder)
    app = Jalon.open(folder)
    yield app
    close_all_windows()
    app.close()


def add_signed(app: Jalon, title: str = "Signed strategy 2025", code: str = "ON") -> am.Assessment:
    """A revision signed earlier (through the store, as the exchange's export leaves it)."""
    a = am.create(app.framework, government(code), title)
    signed = am.sign(
        a, am.Signature("Alex Tremblay", "Chief Information Officer", "ab" * 32, SIGNED_AT)
    )
    with app.writing() as uow:
        uow.assessments.add(signed, actor="test")
    return signed


def jurisdiction_name(j: Jurisdiction, lang: str = "en") -> str:
    return j.name.get(lang)


def plain(text: str) -> str:
    """A button's text without its mnemonic marker."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def find_button(parent: QWidget, text: str) -> QAbstractButton:
    for button in parent.findChildren(QAbstractButton):
        if plain(button.text()) == text and button.isVisible():
            return button
    names = [plain(b.text()) for b in parent.findChildren(QAbstractButton) if b.isVisible()]
    raise AssertionError(f"no visible button {text!r} among {names}")


class DialogReplies:
    """Answers the modal dialogs a test triggers, as a person would: it waits for each box to
    open, records its text, then clicks the named button."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.pending: list[str] = []

    def click(self, button: str, then: Callable[[QDialog], None] | None = None) -> None:
        """Press ``button`` on the next modal dialog (``then`` can act on it first)."""
        self.pending.append(button)
        tries = [0]

        def attempt() -> None:
            box = QApplication.activeModalWidget()
            if not isinstance(box, QDialog) or not box.isVisible():
                tries[0] += 1
                if tries[0] > 500:
                    raise AssertionError(f"no dialog opened to press {button!r}")
                QTimer.singleShot(10, attempt)
                return
            self.seen.append(
                " ".join(filter(None, [box.text(), box.informativeText()]))
                if isinstance(box, QMessageBox)
                else box.windowTitle()
            )
            if then is not None:
                then(box)
            self.pending.remove(button)
            target = find_button(box, button)
            target.click()

        QTimer.singleShot(0, attempt)


@pytest.fixture(name="replies")
def replies_fixture() -> Iterator[DialogReplies]:
    replies = DialogReplies()
    yield replies
    assert replies.pending == [], f"dialogs never answered: {replies.pending}"


def left_click(qtbot: object, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
