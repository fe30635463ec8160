"""Commands of the secretariat: data for analysts (the report back is ``jalon report
--consolidated``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jalon import i18n
from jalon.cli.common import EXIT_OK, open_app
from jalon.i18n import _


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    data = commands.add_parser(
        "export-data",
        parents=[common],
        help=_("write every imported submission × theme, and the answers, for analysts"),
    )
    data.add_argument(
        "--format",
        choices=("csv", "xlsx"),
        help=_("csv or xlsx (default: from the file's extension)"),
    )
    data.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help=_("where to write the data (a CSV also gets FILE-answers.csv beside it)"),
    )


def cmd_export_data(args: argparse.Namespace) -> int:
    from jalon.services import data_export

    with open_app(args) as app:
        result = data_export.export_data(app, Path(args.out), args.format, i18n.current_language())
    for path in result.paths:
        print(path)
    print(
        _("Rows written: {responses} (submission × theme), {answers} (answers).").format(
            responses=result.response_rows, answers=result.answer_rows
        ),
        file=sys.stderr,
    )
    return EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {"export-data": cmd_export_data}
