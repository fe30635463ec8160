"""The home list read straight from the SQLite file (``services.home_list``): the same rows as
the store's ``list_assessments``, page by page, and None whenever the store must say."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from jalon.core.jurisdiction import government, municipality
from jalon.services import assessments
from jalon.services.app import Jalon
from jalon.services.home_list import COLUMNS, QuickList, schema_version
from jalon.store.database import DB_FILENAME, head_revision
from jalon.store.models import Base
from tests import edits

from .test_ui_shell_support import add_signed, migrated_data_fixture  # noqa: F401


@pytest.fixture
def folder(migrated_data: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(migrated_data, target)
    return target


def varied(folder: Path, count: int = 12) -> list[str]:
    """Drafts with answers and participants, a signed revision and its next draft, an
    archived one, a municipality: what the list shows, in every shape."""
    with Jalon.open(folder) as app:
        ids = []
        for i in range(count):
            a = assessments.create(app, government("ON" if i % 2 else "QC"), f"Strategy {i}")
            ids.append(a.id)
        theme = app.framework.themes[0]
        question = app.framework.questions[0]
        edits.update_response(app, ids[0], theme.id, current=1, target=3)
        edits.update_answer(app, ids[1], question.id, "Our answer.")
        from jalon.core.assessment import Participant

        edits.set_participants(app, ids[2], [Participant("Sam", "CIO", "Treasury")])
        assessments.archive(app, ids[3])
        signed = add_signed(app, "Signed strategy")
        assessments.start_new_revision(app, signed.id)
        only_signed = add_signed(app, "Signed only", "MB")
        town = assessments.create(app, municipality("Gatineau"), "Ville")
        return [*ids, signed.id, only_signed.id, town.id]


def store_list(folder: Path) -> list[assessments.AssessmentSummary]:
    with Jalon.open(folder) as app:
        return assessments.list_assessments(app, include_archived=True)


def test_the_quick_list_holds_what_the_store_lists_in_the_same_order(folder: Path) -> None:
    varied(folder)
    quick = QuickList.open(folder)
    assert quick is not None
    with contextlib.closing(quick):
        rows = quick.rest()
    assert quick.done
    assert not quick.failed
    assert rows == store_list(folder)
    assert any(r.archived for r in rows)
    assert any(r.assessment.signature is not None for r in rows)


def test_the_quick_list_pages_give_every_assessment_once(folder: Path) -> None:
    ids = varied(folder, count=30)
    quick = QuickList.open(folder)
    assert quick is not None
    assert len(quick) == len(ids)
    pages = []
    while not quick.done:
        pages.append(quick.next_page(7))
    assert [len(p) for p in pages] == [7, 7, 7, 7, 5]
    rows = [r for page in pages for r in page]
    assert sorted(r.id for r in rows) == sorted(ids)
    assert rows == store_list(folder)
    assert quick.next_page(7) == []


def test_the_quick_list_keeps_its_snapshot_when_the_store_writes_between_pages(
    folder: Path,
) -> None:
    ids = varied(folder, count=10)
    quick = QuickList.open(folder)
    assert quick is not None
    first = quick.next_page(5)
    with Jalon.open(folder) as app:
        assessments.delete(app, first[0].id)
        assessments.create(app, government("ON"), "Made meanwhile")
    rest = quick.rest()
    assert sorted(r.id for r in first + rest) == sorted(ids)


def test_the_quick_list_is_not_read_when_the_database_is_newer_than_the_store(
    folder: Path,
) -> None:
    varied(folder, count=4)
    with contextlib.closing(sqlite3.connect(folder / DB_FILENAME)) as db, db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
    assert QuickList.open(folder) is None


def test_the_quick_list_is_not_read_when_there_is_no_database_yet(tmp_path: Path) -> None:
    assert QuickList.open(tmp_path / "new") is None
    assert not (tmp_path / "new").exists()  # and nothing was made


def test_the_quick_list_is_not_read_when_a_database_server_is_named(folder: Path) -> None:
    varied(folder, count=4)
    assert QuickList.open(folder, "postgresql+psycopg://jalon@127.0.0.1/jalon") is None


def test_the_quick_list_is_not_read_when_an_assessment_uses_a_framework_not_shipped(
    folder: Path,
) -> None:
    varied(folder, count=4)
    with contextlib.closing(sqlite3.connect(folder / DB_FILENAME)) as db, db:
        db.execute("UPDATE assessment_revisions SET framework_version = '2.0' WHERE pk = 1")
    assert QuickList.open(folder) is None


def test_the_quick_list_is_not_read_when_the_file_is_not_a_database(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / DB_FILENAME).write_bytes(b"not a database at all" * 100)
    assert QuickList.open(folder) is None


def test_the_quick_list_pages_end_when_a_row_cannot_be_read(folder: Path) -> None:
    varied(folder, count=4)
    with contextlib.closing(sqlite3.connect(folder / DB_FILENAME)) as db, db:
        db.execute("UPDATE assessment_revisions SET jurisdiction_kind = 'planet'")
    quick = QuickList.open(folder)
    assert quick is not None
    assert quick.next_page(50) == []
    assert quick.done
    assert quick.failed


def test_the_schema_version_read_is_the_stores_newest() -> None:
    assert schema_version() == head_revision()


def test_the_columns_read_are_every_column_of_the_assessment_tables() -> None:
    # A migration that changes these tables must come with a look at services/home_list.py.
    for table, columns in COLUMNS.items():
        assert sorted(columns) == sorted(c.name for c in Base.metadata.tables[table].columns)


def test_the_quick_list_is_not_read_when_the_database_is_older_than_the_store(
    folder: Path,
) -> None:
    varied(folder, count=4)
    with contextlib.closing(sqlite3.connect(folder / DB_FILENAME)) as db, db:
        db.execute("UPDATE alembic_version SET version_num = '0001'")
    assert QuickList.open(folder) is None


def test_reading_the_quick_list_imports_no_sqlalchemy_and_builds_no_framework(folder: Path) -> None:
    varied(folder, count=4)
    script = (
        "import sys\n"
        "from jalon.services.home_list import QuickList\n"
        "rows = QuickList.open(sys.argv[1]).rest()\n"
        "assert len(rows) == 7, rows\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sqlalchemy', 'alembic', 'jsonschema', 'cryptography', 'reportlab')"
        " or m == 'jalon.core.framework'))\n"  # its outline is all the list needs
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == "[]"
