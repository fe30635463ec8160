"""``jalon list`` on a daily installation reads the SQLite file itself (``services.home_list``),
without importing the store, and prints what the store would; anything else goes through the
store as before."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from jalon.cli import main
from jalon.services import home_list
from jalon.store.database import DB_FILENAME

from .test_cli import jalon
from .test_services_home_list import varied
from .test_ui_shell_support import migrated_data_fixture  # noqa: F401


@pytest.fixture
def folder(migrated_data: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(migrated_data, target)
    return target


def listed(folder: Path, capsys: pytest.CaptureFixture[str], *more: str) -> tuple[int, str]:
    code = main(["--data-dir", str(folder), "list", *more])
    return code, capsys.readouterr().out


@pytest.mark.parametrize("more", [(), ("--json",)])
def test_jalon_list_prints_from_the_file_what_it_prints_through_the_store(
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    more: tuple[str, ...],
) -> None:
    varied(folder)
    code, from_file = listed(folder, capsys, *more)
    monkeypatch.setattr(home_list.QuickList, "open", classmethod(lambda cls, *a, **k: None))
    code_store, through_store = listed(folder, capsys, *more)
    assert (code, from_file) == (code_store, through_store)
    assert code == 0
    assert "Signed only" in from_file
    if more:
        assert len(json.loads(from_file)) == 15


def test_jalon_list_imports_no_sqlalchemy_on_a_daily_installation(folder: Path) -> None:
    varied(folder, count=4)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "jalon", "--data-dir", str(folder), "list"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Signed strategy" in done.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert not {m for m in imported if m.split(".")[0] in ("sqlalchemy", "alembic")}


def test_jalon_list_asks_the_store_when_the_file_holds_a_row_it_cannot_read(
    folder: Path,
) -> None:
    varied(folder, count=4)
    with contextlib.closing(sqlite3.connect(folder / DB_FILENAME)) as db, db:
        db.execute("UPDATE assessment_revisions SET jurisdiction_kind = 'planet' WHERE pk = 1")
    done = jalon("--data-dir", str(folder), "list")
    assert done.returncode == 1  # the store's refusal, not an empty list
    assert "planet" in done.stderr
    assert "No assessment yet" not in done.stdout


# -- a damaged database: one clear line, the doctor named, nothing written --------------------


def damage(folder: Path, how: str) -> bytes:
    """The folder's database cut short or overwritten, as a failing disk or a copy cut off
    leaves it; returns the bytes left in the file."""
    db = folder / DB_FILENAME
    whole = db.read_bytes()
    damaged = {
        "cut in half": whole[: len(whole) // 2],
        "its last page lost": whole[:-4096],
        "only its header left": whole[:100],
        "garbage": bytes((i * 151 + 7) % 256 for i in range(len(whole))),
    }[how]
    db.write_bytes(damaged)
    return damaged


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    "how", ["cut in half", "its last page lost", "only its header left", "garbage"]
)
def test_jalon_list_on_a_damaged_database_says_so_names_the_doctor_and_writes_nothing(
    folder: Path, how: str
) -> None:
    varied(folder, count=4)
    damage(folder, how)
    before = files_in(folder)
    done = jalon("--data-dir", str(folder), "list")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "is damaged" in done.stderr
    assert "'jalon doctor'" in done.stderr
    assert "'jalon doctor --restore'" in done.stderr
    assert files_in(folder) == before  # no -wal or -shm beside it, the file unchanged


def test_jalon_list_on_a_damaged_database_says_so_in_french(folder: Path) -> None:
    varied(folder, count=4)
    damage(folder, "cut in half")
    before = files_in(folder)
    done = jalon("--data-dir", str(folder), "--lang", "fr", "list", "--json")
    assert done.returncode == 1
    assert done.stdout == ""
    assert "est endommagée" in done.stderr
    assert "jalon doctor --restore" in done.stderr
    assert files_in(folder) == before
