"""``jalon`` with no command opens the desktop app without building the whole command line
(``jalon.launcher.quick_start``); anything else still goes to the full command line, which
says what is wrong, in the user's language."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from jalon import i18n
from jalon.launcher import desktop_options, quick_start
from jalon.main import main as jalon_main


class Launcher:
    """The desktop app's launcher, recording what it was asked to open."""

    def __init__(self) -> None:
        self.calls: list[dict[str, object]] = []

    def __call__(self, **options: object) -> int:
        self.calls.append(options)
        return 0


@pytest.fixture(autouse=True)
def english() -> object:
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], {"data_dir": None, "database": None, "lang": None}),
        (["--data-dir", "/d"], {"data_dir": "/d", "database": None, "lang": None}),
        (["--data-dir=/d", "--lang", "fr"], {"data_dir": "/d", "database": None, "lang": "fr"}),
        (
            ["--database", "sqlite:///x"],
            {"data_dir": None, "database": "sqlite:///x", "lang": None},
        ),
        (["--lang", "en", "--lang=fr"], {"data_dir": None, "database": None, "lang": "fr"}),
    ],
)
def test_the_desktop_options_alone_are_read_without_the_parser(
    argv: list[str], expected: dict[str, str | None]
) -> None:
    assert desktop_options(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["--help"],
        ["--version"],
        ["--data-dir"],  # no value: the parser says so
        ["--data-dir", "--lang", "fr"],
        ["--data", "/d"],  # an abbreviation: the parser decides
        ["--data-dir", "/d", "package.jalon"],
        ["-h"],
    ],
)
def test_anything_but_the_desktop_options_goes_to_the_whole_command_line(argv: list[str]) -> None:
    assert desktop_options(argv) is None


def test_the_quick_start_opens_the_app_with_the_options_given(tmp_path: Path) -> None:
    launcher = Launcher()
    code = quick_start(["--data-dir", str(tmp_path), "--lang", "fr"], launcher)
    assert code == 0
    assert launcher.calls == [
        {"data_dir": str(tmp_path), "database": None, "lang": "fr", "files": ()}
    ]
    assert i18n.current_language() == "fr"


def test_the_quick_start_leaves_an_unknown_language_to_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    launcher = Launcher()
    assert quick_start(["--lang", "de"], launcher) is None
    assert launcher.calls == []
    assert jalon_main(["--lang", "de"]) == 2
    assert "'en' (English) or 'fr' (French)" in capsys.readouterr().err


def test_a_desktop_start_does_not_import_every_command() -> None:
    code = (
        "import sys\n"
        "from jalon.launcher import quick_start\n"
        "quick_start(['--data-dir', sys.argv[1]], lambda **o: 0)\n"
        "print(sorted(m for m in ('jalon.cli.main', 'jalon.cli.exchange') if m in sys.modules))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code, "/nonexistent"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
