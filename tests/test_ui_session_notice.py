"""After Jalon ended without quitting, the next start says so in the main window, in the
person's language, with the time up to which the work is kept; a normal quit says nothing
next time."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from jalon import i18n
from jalon.core.jurisdiction import government
from jalon.services import assessments, identity, session
from jalon.services.app import Jalon
from jalon.ui.app import run
from jalon.ui.main_window import MainWindow
from jalon.ui.session_notice import UncleanExitNotice
from tests import edits
from tests.test_ui_shell_support import close_all_windows, migrated_data_fixture  # noqa: F401


@pytest.fixture
def data(qapp: QApplication, migrated_data: Path, tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "data"
    shutil.copytree(migrated_data, folder)
    with Jalon.open(folder) as app:
        identity.set_identity(app, government("MB"), "Jordan Lee", "CIO")
    yield folder
    close_all_windows()


def died_while_typing(folder: Path) -> Jalon:
    """A session that began, saved an edit, and never quit; returns the store, closed."""
    with Jalon.open(folder) as app:
        session.begin(app)
        a = assessments.create(app, government("MB"), "Plan numérique")
        edits.update_response(app, a.id, "strategy", comment="Typed before the cut")
    return app


def notices_seen(folder: Path, lang: str) -> list[str]:
    """Start Jalon on ``folder`` as a person does; the texts of the notices its window shows
    once the list is there; then close the window."""
    seen: list[str] = []
    tries, settled = [0], [0]

    def look() -> None:
        window = next(
            (
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, MainWindow) and w.isVisible()
            ),
            None,
        )
        # The list may come before the store (read from the file); the notice, once it is open.
        ready = window is not None and window.home is not None and window.app is not None
        if not ready or settled[0] < 5:
            tries[0] += 1
            assert tries[0] < 2000, "the main window never showed the list"
            if ready:
                settled[0] += 1  # a few turns of the event loop once the list is there
            QTimer.singleShot(10, look)
            return
        # Not hidden: a widget added to a shown window is shown when the event loop turns.
        seen.extend(n.text() for n in window.findChildren(UncleanExitNotice) if not n.isHidden())
        window.close()

    QTimer.singleShot(0, look)
    assert run(data_dir=str(folder), lang=lang) == 0
    return seen


def last_edit_time(folder: Path, lang: str) -> str:
    with Jalon.open(folder) as app:
        latest = assessments.list_assessments(app)[0].assessment.updated_at
    return i18n.translator(lang).datetime(latest, fmt="medium")


def test_after_an_unexpected_end_the_window_says_so_and_until_when_work_is_kept(
    data: Path,
) -> None:
    died_while_typing(data)
    when = last_edit_time(data, "en")
    assert notices_seen(data, "en") == [
        "Jalon closed unexpectedly last time. "
        f"Your work up to {when} is kept: everything typed until then was saved."
    ]
    assert not (data / session.MARKER_FILE).exists()  # quit normally this time
    assert notices_seen(data, "en") == []


def test_the_unexpected_end_is_told_in_french_to_a_french_speaker(data: Path) -> None:
    died_while_typing(data)
    when = last_edit_time(data, "fr")
    assert notices_seen(data, "fr") == [
        "Jalon s'est fermé de façon inattendue la dernière fois. "
        f"Votre travail jusqu'au {when} est conservé : tout ce qui a été saisi jusque-là a "
        "été enregistré."
    ]


def test_the_notice_follows_a_language_switch_and_closes_with_its_button(
    qapp: QApplication, data: Path
) -> None:
    died_while_typing(data)
    seen: list[str] = []

    def look() -> None:
        window = next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)), None
        )
        notices = window.findChildren(UncleanExitNotice) if window is not None else []
        if window is None or not notices:
            QTimer.singleShot(10, look)
            return
        notice = notices[0]
        window.language_actions["fr"].trigger()
        seen.append(notice.heading.text())
        notice.close_button.click()
        seen.append(str(notice.isHidden()))
        window.close()

    QTimer.singleShot(0, look)
    assert run(data_dir=str(data), lang="en") == 0
    assert seen == ["Jalon s'est fermé de façon inattendue la dernière fois.", "True"]
