"""Data for analysts: every imported submission × theme, and the workshop answers, as CSV or
XLSX.

Column names are stable identifiers (the same in both languages, so scripts keep working);
the texts in the rows (jurisdiction, theme, option and question names) are in the chosen
language. What the jurisdictions typed is exported as typed, with two guards (the rule of
:mod:`jalon.core.safe_output`): every part of a cell that a spreadsheet may split out and
run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is
prefixed with an apostrophe in CSV, formulas are stored as text in XLSX, and characters XML
cannot hold are replaced (U+FFFD).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC
from enum import StrEnum
from pathlib import Path
from typing import Any

from jalon.core.consolidation import SubmissionInfo
from jalon.core.errors import N_, InvalidInputError
from jalon.core.framework import Framework
from jalon.core.safe_output import for_csv, for_xml
from jalon.core.serialize import format_timestamp
from jalon.fileio import write_atomically
from jalon.i18n import Translator, check_language, translator
from jalon.services.app import Jalon
from jalon.services.consolidation import read_snapshot, submission_info


class DataFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


RESPONSE_COLUMNS = (
    "jurisdiction_code",
    "jurisdiction_name",
    "jurisdiction_kind",
    "assessment_id",
    "revision",
    "consolidated",
    "signed_at_utc",
    "signer_name",
    "signer_title",
    "key_fingerprint",
    "key_revoked",
    "theme_number",
    "theme_id",
    "theme_name",
    "current",
    "target",
    "gap",
    "priority",
    "priority_label",
    "role",
    "role_label",
    "capacity",
    "capacity_label",
    "comment",
    "evidence",
)
ANSWER_COLUMNS = (
    "jurisdiction_code",
    "jurisdiction_name",
    "jurisdiction_kind",
    "assessment_id",
    "revision",
    "consolidated",
    "signed_at_utc",
    "signer_name",
    "key_fingerprint",
    "question_number",
    "question_id",
    "question",
    "answer",
)
ANSWERS_SHEET = "answers"
RESPONSES_SHEET = "responses"


@dataclass(frozen=True, slots=True)
class DataExportResult:
    """What was written: the files (one XLSX, or the CSV and its ``-answers.csv``)."""

    paths: tuple[Path, ...]
    response_rows: int
    answer_rows: int


def guard_formula(value: str) -> str:
    """``value`` for a CSV cell: the one output rule of :mod:`jalon.core.safe_output` (an
    apostrophe before every part a spreadsheet would run as a formula)."""
    return for_csv(value)


def data_format(value: str | None, out: Path) -> DataFormat:
    """The format asked for, or the one ``out``'s extension names."""
    text = (value or out.suffix.lstrip(".")).strip().lower()
    try:
        return DataFormat(text)
    except ValueError:
        raise InvalidInputError(
            N_("Choose the format of the data file: csv or xlsx (for example --format xlsx).")
        ) from None


def _tables(app: Jalon, tr: Translator) -> tuple[list[list[Any]], list[list[Any]]]:
    """The rows of both tables, values typed (ints stay ints; None is an empty cell)."""
    fw: Framework = app.framework
    with read_snapshot(app) as uow:
        reads = uow.consolidation
        used = reads.consolidated_ids((fw.id, fw.version))
        infos = {f.id: submission_info(f, f.id in used) for f in reads.all_submissions()}
        responses = reads.export_responses()
        answers = reads.export_answers()

    def common(info: SubmissionInfo) -> list[Any]:
        return [
            info.jurisdiction.code,
            tr.text(info.jurisdiction.name),
            info.jurisdiction.kind.value,
            info.assessment_id,
            info.revision,
            int(info.current),
            format_timestamp(info.signed_at.astimezone(UTC)),
            info.signer_name,
        ]

    def option(kind: str, option_id: str | None) -> str | None:
        if option_id is None:
            return None
        try:
            return tr.text(fw.option(kind, option_id).label)
        except KeyError:  # a submission on another framework version
            return option_id

    order = sorted(infos.values(), key=lambda i: (i.jurisdiction.code, i.signed_at, i.revision))
    rank = {info.submission_id: n for n, info in enumerate(order)}
    response_rows = []
    for r in sorted(responses, key=lambda r: (rank.get(r.submission_id, 0), r.position)):
        info = infos[r.submission_id]
        theme = fw.theme(r.theme_id) if fw.has_theme(r.theme_id) else None
        gap = None if r.current is None or r.target is None else r.target - r.current
        response_rows.append(
            [
                *common(info),
                info.signer_title,
                info.fingerprint,
                int(info.key_revoked),
                theme.number if theme else None,
                r.theme_id,
                tr.text(theme.name) if theme else r.theme_id,
                r.current,
                r.target,
                gap,
                r.priority,
                option("priority", r.priority),
                r.role,
                option("role", r.role),
                r.capacity,
                option("capacity", r.capacity),
                r.comment,
                r.evidence,
            ]
        )
    question_order = {question.id: n for n, question in enumerate(fw.questions)}
    answer_rows = []
    for submission_id, question_id, text in sorted(
        answers, key=lambda a: (rank.get(a[0], 0), question_order.get(a[1], len(question_order)))
    ):
        info = infos[submission_id]
        question = fw.question(question_id) if fw.has_question(question_id) else None
        answer_rows.append(
            [
                *common(info),
                info.fingerprint,
                question.number if question else None,
                question_id,
                tr.text(question.text) if question else question_id,
                text,
            ]
        )
    return response_rows, answer_rows


def _csv_bytes(columns: Sequence[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    # RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break.
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            ["" if v is None else guard_formula(v) if isinstance(v, str) else v for v in row]
        )
    # A byte-order mark: Excel otherwise reads UTF-8 as the local code page (é becomes Ã©).
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def answers_path(out: Path) -> Path:
    """Where the answers go beside a CSV export: ``<stem>-answers.csv``."""
    return out.with_name(f"{out.stem}-answers.csv")


def _xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], list[list[Any]]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=False)
    book.remove(book.active)
    bold = Font(bold=True)
    for title, columns, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(list(columns))
        widths = [len(c) for c in columns]
        for row in rows:
            sheet.append([_xlsx_value(v) for v in row])
        for cell in sheet[1]:
            cell.font = bold
        # Text that looks like a formula is kept as text, not run (openpyxl would store it as
        # a formula).
        for row_cells in sheet.iter_rows(min_row=2):
            for index, cell in enumerate(row_cells):
                if cell.data_type == "f":
                    cell.data_type = "s"
                    cell.quotePrefix = True
                if isinstance(cell.value, str):
                    widths[index] = max(widths[index], min(len(cell.value), 60))
                elif cell.value is not None:
                    widths[index] = max(widths[index], len(str(cell.value)))
        sheet.freeze_panes = "A2"
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, 62)
        sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, str):
        return for_xml(value)
    return value


def export_data(
    app: Jalon, out: Path, data_format_: DataFormat | str | None = None, lang: str = "en"
) -> DataExportResult:
    """Write the analysts' data to ``out`` (and ``<stem>-answers.csv`` beside a CSV).

    Each file is written whole or not at all; an existing file is replaced only once the new
    one is complete.
    """
    out = Path(out)
    chosen = data_format(
        data_format_.value if isinstance(data_format_, DataFormat) else data_format_, out
    )
    tr = translator(check_language(lang))
    responses, answers = _tables(app, tr)
    if chosen is DataFormat.CSV:
        second = answers_path(out)
        # The answers first: a failure then leaves no main file that seems complete alone.
        write_atomically(second, _csv_bytes(ANSWER_COLUMNS, answers))
        write_atomically(out, _csv_bytes(RESPONSE_COLUMNS, responses))
        paths: tuple[Path, ...] = (out, second)
    else:
        data = _xlsx_bytes(
            [
                (RESPONSES_SHEET, RESPONSE_COLUMNS, responses),
                (ANSWERS_SHEET, ANSWER_COLUMNS, answers),
            ]
        )
        write_atomically(out, data)
        paths = (out,)
    return DataExportResult(paths, len(responses), len(answers))
