"""``jalon actions``: add, list, status and edit the secretariat's next steps; every bad input
is one line on stderr naming the problem, exit code 1 (2 for a command line that does not
parse), and nothing written. In process (``jalon.cli.main.main`` with capsys), plus one real
process for the exit code and the lock."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jalon.cli.main import main
from jalon.services import actions
from jalon.services.app import Jalon

ADD = ("--theme", "talent", "--title", "Hire")


def run(data: Path, *args: str) -> int:
    return main(["--data-dir", str(data), "--lang", "en", "actions", *args])


def stored(data: Path) -> list[tuple[str, str, str, str | None, str]]:
    with Jalon.open(data) as app:
        return [
            (
                a.theme_id,
                a.description,
                a.owner,
                a.due_date.isoformat() if a.due_date else None,
                a.status.value,
            )
            for a in actions.list_actions(app)
        ]


def history_length(data: Path) -> int:
    with Jalon.open(data) as app:
        return len(actions.history(app))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "secretariat"


@pytest.fixture
def one_action(data: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert run(data, "add", "--theme", "talent", "--title", "Hire a chief data officer") == 0
    capsys.readouterr()
    return data


def test_add_records_an_action_with_its_owner_and_due_date(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(
        data,
        "add",
        "--theme",
        "security",
        "--title",
        "Share the incident playbook",
        "--owner",
        "Sam Okafor",
        "--due",
        "2027-03-31",
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "Action 1 recorded for theme security." in out
    assert stored(data) == [
        ("security", "Share the incident playbook", "Sam Okafor", "2027-03-31", "open")
    ]


def test_list_json_gives_every_field_of_every_action(
    one_action: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(one_action, "list", "--json") == 0
    [item] = json.loads(capsys.readouterr().out)
    assert item["id"] == 1
    assert item["theme"] == "talent"
    assert item["title"] == "Hire a chief data officer"
    assert item["owner"] == ""
    assert item["due"] is None
    assert item["status"] == "open"


def test_list_says_how_to_add_when_there_is_no_action(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(data, "list") == 0
    assert "No action recorded yet" in capsys.readouterr().out


def test_list_in_french_reads_the_status_in_french(
    one_action: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(one_action), "--lang", "fr", "actions", "list"]) == 0
    assert "À faire" in capsys.readouterr().out


def test_status_closes_an_action_and_leaves_a_history_row(
    one_action: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = history_length(one_action)
    assert run(one_action, "status", "1", "done") == 0
    assert "Action 1 updated." in capsys.readouterr().out
    assert stored(one_action)[0][4] == "done"
    assert history_length(one_action) == before + 1


def test_edit_changes_only_the_fields_given_and_an_empty_due_date_clears_it(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(data, "add", "--theme", "talent", "--title", "Hire", "--due", "2027-01-15") == 0
    code = run(data, "edit", "1", "--title", "Hire two analysts", "--owner", "Marie", "--due", "")
    assert code == 0
    assert stored(data) == [("talent", "Hire two analysts", "Marie", None, "open")]


# -- bad inputs: one clear line, nothing written -------------------------------------------------


def refused(data: Path, capsys: pytest.CaptureFixture[str], *args: str, code: int = 1) -> str:
    before = stored(data) if data.exists() else []
    assert run(data, *args) == code
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert (stored(data) if data.exists() else []) == before
    return lines[0]


def test_add_refuses_naming_the_themes_when_the_theme_is_unknown(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = refused(data, capsys, "add", "--theme", "budget", "--title", "Spend less")
    assert "There is no theme 'budget'" in line
    assert "strategy" in line
    assert "procurement" in line


def test_add_refuses_with_an_example_when_the_due_date_is_not_a_real_date(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = refused(
        data, capsys, "add", "--theme", "talent", "--title", "Hire", "--due", "2027-02-30"
    )
    assert "'2027-02-30' is not a date" in line
    assert "YYYY-MM-DD" in line


def test_add_refuses_when_the_due_date_is_not_written_as_iso(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = refused(
        data, capsys, "add", "--theme", "talent", "--title", "Hire", "--due", "31/03/2027"
    )
    assert "is not a date" in line


def test_add_refuses_when_the_title_is_blank(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = refused(data, capsys, "add", "--theme", "talent", "--title", "   ")
    assert "An action needs a description" in line


def test_status_refuses_when_the_id_is_unknown(
    one_action: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = refused(one_action, capsys, "status", "99", "done")
    assert "There is no action 99" in line


def test_status_refuses_naming_the_statuses_when_the_status_is_unknown(
    one_action: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = refused(one_action, capsys, "status", "1", "finished")
    assert "'finished' is not a status of an action" in line
    assert "open, in_progress, done, dropped" in line


def test_edit_refuses_when_the_id_is_unknown(
    one_action: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = refused(one_action, capsys, "edit", "7", "--owner", "Sam")
    assert "There is no action 7" in line


def test_edit_refuses_when_the_new_theme_is_unknown(
    one_action: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = refused(one_action, capsys, "edit", "1", "--theme", "budget")
    assert "There is no theme 'budget'" in line


def test_edit_refuses_when_the_new_due_date_is_bad(
    one_action: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = refused(one_action, capsys, "edit", "1", "--due", "tomorrow")
    assert "'tomorrow' is not a date" in line


def test_edit_refuses_when_the_new_status_is_unknown(
    one_action: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = refused(one_action, capsys, "edit", "1", "--status", "closed")
    assert "'closed' is not a status of an action" in line


def test_edit_is_a_usage_error_when_nothing_is_to_change(
    one_action: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = refused(one_action, capsys, "edit", "1", code=2)
    assert "say what to change" in line


def test_an_id_that_is_not_a_number_is_a_usage_error(
    one_action: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = refused(one_action, capsys, "status", "first", "done", code=2)
    assert "invalid int value: 'first'" in line


def test_the_refusal_reads_in_french_with_lang_fr(
    one_action: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--data-dir", str(one_action), "--lang", "fr", "actions", "status", "1", "fini"]
    assert main(args) == 1
    assert "n'est pas un état possible" in capsys.readouterr().err


def test_adding_takes_the_data_folder_lock_and_is_refused_while_a_window_is_open(
    data: Path,
) -> None:
    from jalon.services import instance

    Jalon.open(data).close()
    environment = {**os.environ, "LANG": "en_CA.UTF-8"}
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "JALON_LANG"):
        environment.pop(name, None)
    with instance.acquire(data):
        done = subprocess.run(
            [sys.executable, "-m", "jalon", "--data-dir", str(data), "actions", "add", *ADD],
            capture_output=True,
            text=True,
            env=environment,
            timeout=120,
            check=False,
        )
    assert done.returncode == 1
    assert "Another Jalon window" in done.stderr
    assert stored(data) == []
