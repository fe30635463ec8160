"""The command line, run as a person runs it: a real process with a throwaway data folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jalon import __version__
from jalon.cli import main


def jalon(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "LANG": "en_CA.UTF-8", **(env or {})}
    environment.pop("DISPLAY", None)
    environment.pop("WAYLAND_DISPLAY", None)
    environment.pop("QT_QPA_PLATFORM", None)
    return subprocess.run(
        [sys.executable, "-m", "jalon", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def test_version_prints_the_version() -> None:
    done = jalon("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"jalon {__version__}"


def test_demo_then_list_shows_one_complete_assessment_with_every_theme_and_answer(
    data_dir: Path,
) -> None:
    assert jalon("--data-dir", str(data_dir), "demo").returncode == 0
    done = jalon("--data-dir", str(data_dir), "list", "--json")
    assert done.returncode == 0, done.stderr
    [item] = json.loads(done.stdout)
    assert item["completeness"] == {
        "percent": 100,
        "themes_complete": 14,
        "themes_total": 14,
        "complete": True,
    }
    assert len(item["themes"]) == 14
    assert all(t["current"] is not None and t["target"] is not None for t in item["themes"])
    assert all(q["answered"] for q in item["questions"])
    assert item["participants"] == 4
    assert item["jurisdiction"] == {"code": "ON", "name": "Ontario"}


def test_list_in_french_shows_french_names(data_dir: Path) -> None:
    main(["--data-dir", str(data_dir), "demo", "--jurisdiction", "BC"])
    done = jalon("--data-dir", str(data_dir), "--lang", "fr", "list", "--json")
    [item] = json.loads(done.stdout)
    assert item["jurisdiction"]["name"] == "Colombie-Britannique"
    names = [t["name"] for t in item["themes"]]
    assert "Gestion de l'identité numérique (GID)" in names
    assert "Approvisionnement" in names
    assert {t["group"] for t in item["themes"]} == {"Capacités", "Facilitateurs"}


def test_the_data_dir_environment_variable_chooses_the_data_folder(data_dir: Path) -> None:
    assert jalon("demo", env={"JALON_DATA_DIR": str(data_dir)}).returncode == 0
    assert (data_dir / "jalon.sqlite3").exists()


def test_setup_records_who_signs_and_creates_an_owner_only_key(
    data_dir: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "passphrase.txt"
    secret.write_text("correct horse battery staple\n")
    done = jalon(
        "--data-dir",
        str(data_dir),
        "setup",
        "--jurisdiction",
        "nu",
        "--name",
        "Alex Tremblay",
        "--title",
        "CIO",
        "--passphrase-file",
        str(secret),
    )
    assert done.returncode == 0, done.stderr
    assert "Alex Tremblay, CIO, for Nunavut" in done.stdout
    key = data_dir / "keys" / "signing-key.json"
    assert "Key fingerprint" in done.stdout
    if os.name == "posix":
        assert key.stat().st_mode & 0o777 == 0o600
    assert b"PRIVATE KEY" not in key.read_bytes()


def test_setup_for_a_municipality_takes_its_census_subdivision_as_province_dash_code(
    data_dir: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "passphrase.txt"
    secret.write_text("correct horse battery staple\n")
    common = ["--data-dir", str(data_dir), "setup", "--jurisdiction", "mun"]
    who = ["--municipality", "Mississauga", "--name", "Alex Tremblay", "--title", "CIO"]
    wrong = jalon(*common, *who, "--census-subdivision", "QC-3521005")
    assert wrong.returncode == 1
    assert "not in QC" in wrong.stderr
    done = jalon(
        *common, *who, "--census-subdivision", "ON-3521005", "--passphrase-file", str(secret)
    )
    assert done.returncode == 0, done.stderr
    assert "Alex Tremblay, CIO, for Mississauga" in done.stdout


def test_setup_without_a_terminal_or_passphrase_file_says_how_and_writes_no_key(
    data_dir: Path,
) -> None:
    done = jalon(
        "--data-dir",
        str(data_dir),
        "setup",
        "--jurisdiction",
        "ON",
        "--name",
        "Alex Tremblay",
        "--title",
        "CIO",
    )
    assert done.returncode == 1
    assert "--passphrase-file" in done.stderr
    assert not (data_dir / "keys" / "signing-key.json").exists()


def test_an_unknown_jurisdiction_is_refused_in_one_line_and_writes_nothing(data_dir: Path) -> None:
    done = jalon("--data-dir", str(data_dir), "demo", "--jurisdiction", "ZZ")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert "Unknown jurisdiction code 'ZZ'" in done.stderr
    assert "Traceback" not in done.stderr
    assert list(data_dir.iterdir()) == []


def test_an_unknown_jurisdiction_is_refused_in_french_when_asked(data_dir: Path) -> None:
    done = jalon("--data-dir", str(data_dir), "--lang", "fr", "demo", "--jurisdiction", "ZZ")
    assert done.returncode == 1
    assert "Code d'administration inconnu" in done.stderr


def signing_for(data_dir: Path, code: str = "ON") -> None:
    """The installation's identity, as the set-up records it (without the slow key)."""
    from jalon.core.jurisdiction import government
    from jalon.services import identity
    from jalon.services.app import Jalon

    with Jalon.open(data_dir) as app:
        identity.set_identity(app, government(code), "Marie Gagnon", "CIO")


def test_demo_for_another_jurisdiction_than_the_installation_s_is_refused_and_writes_nothing(
    data_dir: Path,
) -> None:
    signing_for(data_dir)
    done = jalon("--data-dir", str(data_dir), "demo", "--jurisdiction", "BC")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert "signs for Ontario" in done.stderr
    assert "not for British Columbia" in done.stderr
    assert "Traceback" not in done.stderr
    listed = jalon("--data-dir", str(data_dir), "list", "--json")
    assert json.loads(listed.stdout) == []


def test_demo_refuses_another_jurisdiction_in_french_when_asked(data_dir: Path) -> None:
    signing_for(data_dir)
    done = jalon("--data-dir", str(data_dir), "--lang", "fr", "demo", "--jurisdiction", "BC")
    assert done.returncode == 1
    assert "signe pour l'Ontario" in done.stderr
    assert "et non pour la Colombie-Britannique" in done.stderr


def test_demo_without_a_jurisdiction_is_for_the_one_the_installation_signs_for(
    data_dir: Path,
) -> None:
    signing_for(data_dir, "NU")
    done = jalon("--data-dir", str(data_dir), "demo")
    assert done.returncode == 0, done.stderr
    assert "for Nunavut" in done.stdout
    [item] = json.loads(jalon("--data-dir", str(data_dir), "list", "--json").stdout)
    assert item["jurisdiction"]["code"] == "NU"


def test_an_unknown_language_is_a_usage_error() -> None:
    done = jalon("--lang", "de", "list")
    assert done.returncode == 2
    assert "'en' (English) or 'fr' (French)" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_bad_command_line_is_a_usage_error_in_the_chosen_language() -> None:
    done = jalon("--lang", "fr", "list", "--bogus")
    assert done.returncode == 2
    assert "arguments non reconnus" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_data_folder_that_cannot_be_written_is_refused_clearly(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    done = jalon("--data-dir", str(blocker / "data"), "list")
    assert done.returncode == 1
    assert "cannot be written to" in done.stderr
    assert blocker.read_text() == "not a folder"


def test_a_file_that_is_not_a_jalon_database_is_refused_and_left_unchanged(data_dir: Path) -> None:
    db = data_dir / "jalon.sqlite3"
    db.write_bytes(b"my budget spreadsheet, not a database\n")
    done = jalon("--data-dir", str(data_dir), "list")
    assert done.returncode == 1
    assert "is not a Jalon database" in done.stderr
    assert db.read_bytes() == b"my budget spreadsheet, not a database\n"


def test_the_desktop_app_without_a_display_says_so_and_names_the_commands(data_dir: Path) -> None:
    if sys.platform not in ("linux",):
        pytest.skip("only Linux decides on DISPLAY")
    done = jalon("--data-dir", str(data_dir))
    assert done.returncode == 1
    assert "no display found" in done.stderr
    assert "demo" in done.stderr
    assert "list" in done.stderr
    assert "Traceback" not in done.stderr
