"""The database file removed or replaced (or its -wal removed) while the app runs: the next
save is refused, never shown as saved, the edits stay in the editor and are written to a file
beside the data, and the person is told what happened and what to do, in their language."""

# The fixtures are imported from the shared module, then requested by name.
# ruff: noqa: F401, F811

from __future__ import annotations

import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from jalon import i18n
from jalon.core import assessment as am
from jalon.services import assessments
from jalon.services.app import Jalon
from jalon.services.file_watch import DatabaseReplacedError
from jalon.store.database import DB_FILENAME
from jalon.ui.editor import EditorWidget
from jalon.ui.editor.autosave import SaveState
from tests.test_ui_editor_fixtures import SAVE_TIMEOUT_MS, draft, editor, jalon_app


def replace_database(folder: Path) -> None:
    """Another program puts a copy in place of the database (a new file, a new inode)."""
    database = folder / DB_FILENAME
    copy = folder / "copy.sqlite3"
    shutil.copyfile(database, copy)
    os.replace(copy, database)


def commented(a: am.Assessment, text: str) -> am.Assessment:
    responses = tuple(
        replace(r, comment=text) if r.theme_id == "strategy" else r for r in a.responses
    )
    return replace(a, responses=responses)


def rescued(folder: Path) -> list[Path]:
    return sorted(folder.glob("unsaved-edits-*.json"))


def test_a_save_is_refused_and_the_edits_written_beside_when_the_database_was_replaced(
    jalon_app: Jalon, draft: am.Assessment
) -> None:
    replace_database(jalon_app.data_dir)
    with pytest.raises(DatabaseReplacedError) as refused:
        assessments.save(jalon_app, commented(draft, "typed after the swap"))
    text = str(refused.value)
    assert "was replaced or removed by another program" in text
    [file] = rescued(jalon_app.data_dir)
    assert str(file) in text
    document = json.loads(file.read_text(encoding="utf-8"))
    assert "typed after the swap" in json.dumps(document)
    # The next attempt writes the newer edits to the same file, not a second one.
    with pytest.raises(DatabaseReplacedError):
        assessments.save(jalon_app, commented(draft, "typed later"))
    assert rescued(jalon_app.data_dir) == [file]
    assert "typed later" in file.read_text(encoding="utf-8")


def test_a_save_is_refused_when_the_database_was_removed(
    jalon_app: Jalon, draft: am.Assessment
) -> None:
    for suffix in ("", "-wal", "-shm"):
        (jalon_app.data_dir / (DB_FILENAME + suffix)).unlink(missing_ok=True)
    with pytest.raises(DatabaseReplacedError) as refused:
        assessments.save(jalon_app, commented(draft, "gone"))
    assert "was removed by another program" in str(refused.value)
    assert not (jalon_app.data_dir / DB_FILENAME).exists()  # no new, empty file made


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd (Linux)")
def test_a_save_is_refused_when_the_write_ahead_log_was_removed(
    jalon_app: Jalon, draft: am.Assessment
) -> None:
    assessments.save(jalon_app, commented(draft, "first"))  # the log is open now
    wal = jalon_app.data_dir / (DB_FILENAME + "-wal")
    assert wal.exists()
    wal.unlink()
    with pytest.raises(DatabaseReplacedError):
        assessments.save(jalon_app, commented(draft, "second"))


def test_saves_go_on_when_nothing_happened_to_the_file(
    jalon_app: Jalon, draft: am.Assessment
) -> None:
    for round_ in range(3):
        assessments.save(jalon_app, commented(draft, f"round {round_}"))
    assert assessments.get(jalon_app, draft.id).response("strategy").comment == "round 2"
    assert rescued(jalon_app.data_dir) == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_editor_never_shows_saved_keeps_the_edit_and_warns_when_the_file_was_replaced(
    qtbot: QtBot, editor: EditorWidget, jalon_app: Jalon, draft: am.Assessment, lang: str
) -> None:
    i18n.set_language(lang)
    states: list[str] = []
    editor.saved_state_changed.connect(states.append)
    replace_database(jalon_app.data_dir)
    comment = editor.theme_page.texts["comment"]
    comment.setFocus()
    qtbot.keyClicks(comment, "Plans exist")
    qtbot.waitUntil(lambda: editor.autosaver.state is SaveState.FAILED, timeout=SAVE_TIMEOUT_MS)
    tr = i18n.translator(lang).gettext
    assert tr("Saved") not in states
    assert editor.is_dirty()  # the edit is kept
    assert comment.toPlainText() == "Plans exist"
    box = editor.file_gone_box
    assert isinstance(box, QMessageBox)
    qtbot.waitUntil(box.isVisible, timeout=SAVE_TIMEOUT_MS)
    assert box.windowTitle() == tr("Your edits were not saved")
    [file] = rescued(jalon_app.data_dir)
    assert str(file) in box.text()
    if lang == "fr":
        assert "par un autre programme" in box.text(), box.text()
    assert "Plans exist" in file.read_text(encoding="utf-8")
    box.close()
