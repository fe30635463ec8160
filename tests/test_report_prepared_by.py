"""Who the report back says prepared it: a name set for it, else the signing identity, never
the computer's login name."""

from __future__ import annotations

import getpass
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from jalon.cli.main import main
from jalon.core.errors import InvalidInputError
from jalon.core.jurisdiction import government
from jalon.services import consolidation, identity, reports
from jalon.services.app import Jalon
from tests.conftest import FIXED_NOW


def report_back(app: Jalon, out: Path) -> tuple[str, str]:
    reports.write_consolidated_report(app, out, "en", created=FIXED_NOW)
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    author = reader.metadata.author if reader.metadata else ""
    return str(author), " ".join((reader.pages[0].extract_text() or "").split())


def test_the_report_back_never_names_the_computer_login_as_its_author(tmp_path: Path) -> None:
    with Jalon.open(tmp_path / "data") as app:
        assert consolidation.consolidated_data(app).prepared_by == ""
        author, cover = report_back(app, tmp_path / "back.pdf")
    assert author == "Joint Councils secretariat"
    assert "Prepared by" not in cover
    assert author != getpass.getuser()


def test_the_report_back_is_prepared_by_the_name_set_or_else_the_signer(tmp_path: Path) -> None:
    with Jalon.open(tmp_path / "data") as app:
        identity.set_identity(app, government("MB"), "Sam Okafor", "CIO")
        author, cover = report_back(app, tmp_path / "signer.pdf")
        assert author == "Sam Okafor"
        assert "Prepared by Sam Okafor" in cover
        identity.set_report_author(app, "  Secretariat of the  Joint Councils ")
        author, cover = report_back(app, tmp_path / "named.pdf")
        assert author == "Secretariat of the Joint Councils"
        assert "Prepared by Secretariat of the Joint Councils" in cover


def test_a_report_author_name_too_long_is_refused_and_nothing_is_kept(tmp_path: Path) -> None:
    with Jalon.open(tmp_path / "data") as app:
        with pytest.raises(InvalidInputError, match="at most 200 characters"):
            identity.set_report_author(app, "x" * 201)
        assert identity.report_author(app) == ""


def test_the_command_line_sets_who_prepared_the_report_back(tmp_path: Path) -> None:
    data = tmp_path / "data"
    out = tmp_path / "back.pdf"
    args = ["report", "--consolidated", "--out", str(out), "--data-dir", str(data)]
    assert main([*args, "--prepared-by", "Secrétariat des conseils mixtes"]) == 0
    with Jalon.open(data) as app:
        assert identity.report_author(app) == "Secrétariat des conseils mixtes"
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert reader.metadata is not None
    assert reader.metadata.author == "Secrétariat des conseils mixtes"
