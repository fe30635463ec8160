"""One output-safety rule for package text, and a corpus of hostile strings through each
output: terminal, Qt, XLSX and CSV (issue 13)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from jalon.core import assessment as am
from jalon.core.jurisdiction import government
from jalon.core.safe_output import BIDI, for_csv, for_terminal, for_xml
from jalon.services import data_export
from jalon.services.app import Jalon

from . import secretariat_support as support
from .exchange_support import the_framework
from .secretariat_support import varied_assessment

HOSTILE = [
    "\x1b[2J\x1b[31mKEY REVOKED\x1b[0m",  # clear screen, colour
    "\x1b]0;owned\x07",  # window title (OSC)
    "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07",  # hyperlink
    "line one\nrecipe.jalon: imported revision 9 of QC, signed by Alex",  # a forged line
    "back\rOVERWRITE",
    "\u202eexe.txt",  # right-to-left override
    "\u2066isolate\u2069 and \u200fmark",
    "\x9b31m C1 CSI",
    "zero\u200bwidth\u2028line\u2029para",
    "nul\x00byte\x7fdel",
    "trailing backslash \\x1b not an escape",
    "\ufffe\uffff not characters",
    '=HYPERLINK("http://evil","x")',
    "ok;=cmd|' /C calc'!A0",
    "ok,+1+1",
    "ok\t-2+3",
    "ok\n@SUM(A1)",
    "<b>bold</b><img src=x onerror=alert(1)>",
]
#: Characters a terminal would interpret if printed raw.
INTERPRETED = {chr(c) for c in range(0x20)} | {"\x7f"} | {chr(c) for c in range(0x80, 0xA0)}


@pytest.mark.parametrize("text", HOSTILE)
def test_terminal_output_shows_controls_escapes_and_bidi_visibly(text: str) -> None:
    shown = for_terminal(text)
    assert not (set(shown) & INTERPRETED)
    assert not (set(shown) & BIDI)
    assert "\u2028" not in shown
    assert "\u2029" not in shown
    # Visible and unambiguous: a literal backslash cannot pass for an escape.
    assert for_terminal("\\x1b") != for_terminal("\x1b")


def test_plain_text_reaches_the_terminal_unchanged() -> None:
    for text in ("Ontario", "Québec — Île-du-Prince-Édouard", "Ἀθῆναι", "東京", "शहर"):
        assert for_terminal(text) == text


@pytest.mark.parametrize("text", HOSTILE)
def test_xml_output_holds_only_characters_xml_can(text: str) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    safe = for_xml(text)
    assert not ILLEGAL_CHARACTERS_RE.search(safe)
    assert "\ufffe" not in safe
    assert "\uffff" not in safe


@pytest.mark.parametrize("separator", [",", ";", "\t", "\n", "|"])
@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_every_part_a_spreadsheet_may_split_out_of_a_csv_cell_is_guarded(
    separator: str, start: str
) -> None:
    cell = for_csv(f"harmless{separator}{start}1+1")
    for part in cell.replace(";", ",").replace("\t", ",").replace("\n", ",").split(","):
        for piece in part.split("|"):
            assert not piece.startswith(("=", "+", "-", "@")), cell


def _hostile_store(folder: Path) -> None:
    fw = the_framework()
    with Jalon.open(folder) as app:
        for seed, text in enumerate(HOSTILE):
            a = varied_assessment(fw, government("ON"), seed)
            a = replace(a, title=text[:200])
            a = replace(
                a,
                responses=tuple(replace(r, comment=text) for r in a.responses),
                answers={q: text for q in a.answers},
                participants=(am.Participant(text[:200], text[:200], "x"),),
            )
            support.insert_submission(app, a, signer=text[:200])


def test_list_submissions_prints_hostile_titles_and_names_visibly_on_one_line_each(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    _hostile_store(folder)
    environment = {**os.environ, "LANG": "en_CA.UTF-8"}
    environment.pop("DISPLAY", None)
    done = subprocess.run(
        [sys.executable, "-m", "jalon", "--data-dir", str(folder), "list", "--submissions"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == len(HOSTILE)  # no forged line
    assert not (set(done.stdout) & (INTERPRETED - {"\n"}))
    assert not (set(done.stdout) & BIDI)
    assert any("\\x1b[2J" in line for line in lines)


def test_the_xlsx_export_holds_hostile_comments_and_a_later_export_still_works(
    tmp_path: Path,
) -> None:
    from openpyxl import load_workbook

    folder = tmp_path / "data"
    _hostile_store(folder)
    with Jalon.open(folder) as app:
        out = tmp_path / "data.xlsx"
        data_export.export_data(app, out, "xlsx")
        data_export.export_data(app, out, "xlsx")  # and again: nothing got stuck
    book = load_workbook(out)
    values = [c.value for row in book.worksheets[0].iter_rows() for c in row]
    assert any(isinstance(v, str) and "not characters" in v for v in values)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                assert cell.data_type != "f"


def test_the_csv_export_guards_every_part_a_semicolon_locale_spreadsheet_splits_out(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    _hostile_store(folder)
    with Jalon.open(folder) as app:
        out = tmp_path / "data.csv"
        data_export.export_data(app, out, "csv")
    for path in (out, data_export.answers_path(out)):
        text = path.read_bytes().decode("utf-8-sig")
        for row in csv.reader(io.StringIO(text, newline="")):
            for cell in row:
                for separator in (";", "\t", "\n", "|"):
                    cell = cell.replace(separator, ",")
                for part in cell.split(","):
                    assert not part.startswith(("=", "+", "@")), row
                    assert not (part.startswith("-") and not part[1:].isdigit()), row


def test_import_refusals_go_to_standard_error_and_json_refusals_carry_what_they_claim(
    tmp_path: Path,
) -> None:
    from jalon.core.jurisdiction import government as gov

    from .secretariat_support import quick_package, signing_key_for

    folder = tmp_path / "data"
    Jalon.open(folder).close()
    inbox = tmp_path / "in"
    inbox.mkdir()
    # Signed by a key nobody enrolled: refused at step 4, its claims are still reported.
    a = replace(varied_assessment(the_framework(), gov("QC"), 3), revision=4)
    (inbox / "qc\x1b[2J.jalon").write_bytes(quick_package(a, signing_key_for(gov("QC"))))
    environment = {**os.environ, "LANG": "en_CA.UTF-8"}
    environment.pop("DISPLAY", None)
    base = [sys.executable, "-m", "jalon", "--data-dir", str(folder), "import", str(inbox)]
    done = subprocess.run(
        base, capture_output=True, text=True, env=environment, timeout=120, check=False
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert "not enrolled" in done.stderr
    assert "\x1b" not in done.stderr
    assert "\\x1b[2J" in done.stderr
    done = subprocess.run(
        [*base, "--json"], capture_output=True, text=True, env=environment, timeout=120, check=False
    )
    (item,) = json.loads(done.stdout)
    assert (item["status"], item["jurisdiction"], item["revision"], item["code"]) == (
        "refused",
        "QC",
        4,
        "trust",
    )


def test_the_package_dialog_shows_a_hostile_file_name_as_plain_text(
    tmp_path: Path, qtbot: object
) -> None:
    from PySide6.QtCore import Qt

    from jalon.ui.package_dialog import PackageDialog

    path = tmp_path / "<b>ON<img src=x>.jalon"
    path.write_bytes(b"not a package")
    with Jalon.open(tmp_path / "data") as app:
        dialog = PackageDialog(app, [path])
        qtbot.addWidget(dialog)  # type: ignore[attr-defined]
        for label in (dialog.heading, dialog.intro, dialog.summary, dialog.import_note):
            assert label.textFormat() == Qt.TextFormat.PlainText
        assert "<b>ON<img" in dialog.heading.text()
        qtbot.waitUntil(lambda: not dialog.is_running, timeout=20_000)  # type: ignore[attr-defined]
        dialog.close()
