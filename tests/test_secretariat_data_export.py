"""Data for analysts: CSV (UTF-8 with BOM, RFC 4180, formula-safe) and XLSX (openpyxl)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from jalon.core import assessment as am
from jalon.core.errors import InvalidInputError, StorageError
from jalon.core.jurisdiction import government, municipality
from jalon.services import data_export
from jalon.services.app import Jalon

from . import secretariat_support as support
from .secretariat_support import insert_submission, varied_assessment

secretariat = support.secretariat
store_url = support.store_url

HOSTILE = '=HYPERLINK("http://evil.example","click"), "quoted"\nnext line; é à « »'


def sample(app: Jalon) -> None:
    fw = app.framework
    a = varied_assessment(fw, municipality("Trois-Rivières"), 2)
    a = am.with_response(a, fw, "security", comment=HOSTILE, evidence="+1 555 0100")
    a = am.with_answer(a, fw, "council_role", "@SUM(A1:A9)\x07 bell")
    insert_submission(app, a)
    insert_submission(app, varied_assessment(fw, government("QC"), 4, blanks=2))


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode("utf-8")
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_csv_has_one_row_per_submission_and_theme_and_the_answers_beside_it(
    secretariat: Jalon, tmp_path: Path
) -> None:
    sample(secretariat)
    out = tmp_path / "data.csv"
    result = data_export.export_data(secretariat, out, "csv", "fr")
    assert result.paths == (out, tmp_path / "data-answers.csv")
    rows = read_csv(out)
    assert len(rows) == result.response_rows == 28
    assert list(rows[0]) == list(data_export.RESPONSE_COLUMNS)
    security = next(
        r
        for r in rows
        if r["jurisdiction_code"] == "MUN-TROIS-RIVIERES" and r["theme_id"] == "security"
    )
    assert security["jurisdiction_name"] == "Trois-Rivières"
    assert security["theme_name"] == "Sécurité"
    assert security["comment"] == "'" + HOSTILE  # kept whole, but never run as a formula
    assert security["evidence"] == "'+1 555 0100"
    assert security["gap"] == str(int(security["target"]) - int(security["current"]))
    assert security["consolidated"] == "1"
    blank = next(
        r for r in rows if r["jurisdiction_code"] == "QC" and r["theme_id"] == "procurement"
    )
    assert (blank["current"], blank["gap"], blank["role"]) == ("", "", "")
    negative = [r for r in rows if r["gap"].startswith("-")]
    assert all(r["gap"].lstrip("-").isdigit() for r in negative)  # numbers are not "guarded"
    answers = read_csv(tmp_path / "data-answers.csv")
    assert len(answers) == result.answer_rows
    bell = next(r for r in answers if r["question_id"] == "council_role" and "SUM" in r["answer"])
    assert bell["answer"] == "'@SUM(A1:A9)\x07 bell"
    assert bell["question"].startswith("Quel est le rôle des conseils mixtes")


def test_the_xlsx_has_two_sheets_with_a_bold_frozen_header_and_text_kept_as_text(
    secretariat: Jalon, tmp_path: Path
) -> None:
    sample(secretariat)
    out = tmp_path / "data.xlsx"
    result = data_export.export_data(secretariat, out, None, "en")
    assert result.paths == (out,)
    book = load_workbook(out)
    assert book.sheetnames == ["responses", "answers"]
    sheet = book["responses"]
    header = [c.value for c in sheet[1]]
    assert header == list(data_export.RESPONSE_COLUMNS)
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["N"].width > 5
    assert sheet.max_row == 1 + 28
    comment_col = header.index("comment") + 1
    texts = [sheet.cell(row=r, column=comment_col) for r in range(2, sheet.max_row + 1)]
    hostile = next(c for c in texts if c.value and "HYPERLINK" in str(c.value))
    assert hostile.value == HOSTILE
    assert hostile.data_type == "s"  # text, not a formula
    current_col = header.index("current") + 1
    assert isinstance(sheet.cell(row=2, column=current_col).value, int)
    answers = book["answers"]
    values = [c.value for row in answers.iter_rows(min_row=2) for c in row]
    assert "@SUM(A1:A9)\ufffd bell" in values  # a character XML cannot hold is replaced


def test_a_format_that_is_not_offered_is_refused_and_nothing_is_written(
    secretariat: Jalon, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(InvalidInputError, match="csv or xlsx"):
        data_export.export_data(secretariat, out / "data.ods", None)
    with pytest.raises(InvalidInputError, match="csv or xlsx"):
        data_export.export_data(secretariat, out / "data.csv", "json")
    assert list(out.iterdir()) == []


def test_a_missing_folder_is_refused_and_nothing_is_written(
    secretariat: Jalon, tmp_path: Path
) -> None:
    with pytest.raises(StorageError, match="does not exist"):
        data_export.export_data(secretariat, tmp_path / "gone" / "data.csv", "csv")
    assert not (tmp_path / "gone").exists()


def test_an_empty_store_exports_the_headers_only(secretariat: Jalon, tmp_path: Path) -> None:
    result = data_export.export_data(secretariat, tmp_path / "d.csv", "csv")
    assert (result.response_rows, result.answer_rows) == (0, 0)
    assert read_csv(tmp_path / "d.csv") == []
