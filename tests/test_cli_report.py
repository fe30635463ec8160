"""``jalon report``: the jurisdiction report from the command line, and its refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from jalon.cli import main


@pytest.fixture
def demo_id(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--data-dir", str(data_dir), "demo", "--jurisdiction", "MB"]) == 0
    out = capsys.readouterr().out
    return out.split("assessment ")[1].split(" ")[0]


def test_report_writes_a_french_pdf_and_prints_its_path(
    data_dir: Path, demo_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "rapport.pdf"
    assert (
        main(
            ["--data-dir", str(data_dir), "--lang", "fr", "report", demo_id[:8], "--out", str(out)]
        )
        == 0
    )
    assert capsys.readouterr().out.strip() == str(out)
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Manitoba" in text
    assert "Gestion de l'identité numérique (GID)" in text
    assert "Page 1 sur" in text


def test_report_refuses_an_assessment_that_does_not_exist(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.pdf"
    assert main(["--data-dir", str(data_dir), "report", "0000aaaa", "--out", str(out)]) == 1
    assert "There is no assessment 0000aaaa" in capsys.readouterr().err
    assert not out.exists()


def test_report_refuses_a_missing_folder_and_leaves_nothing(
    data_dir: Path, demo_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "missing" / "r.pdf"
    assert main(["--data-dir", str(data_dir), "report", demo_id, "--out", str(out)]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not out.parent.exists()


def test_report_refuses_a_language_that_is_not_offered(
    data_dir: Path, demo_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.pdf"
    assert (
        main(["--data-dir", str(data_dir), "--lang", "es", "report", demo_id, "--out", str(out)])
        == 2
    )
    assert "'en' (English) or 'fr' (French)" in capsys.readouterr().err
    assert list(tmp_path.glob("*.pdf")) == []
