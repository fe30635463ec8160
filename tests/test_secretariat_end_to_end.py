"""End to end: three jurisdictions (and a workshop group) export signed packages from their own
data folders; the secretariat enrols their key cards, imports the packages in a fourth folder,
and reports back, in English and in French, on SQLite and on PostgreSQL."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from jalon.cli.main import main
from jalon.core.consolidation import Measure
from jalon.core.fingerprint import fingerprint
from jalon.core.jurisdiction import workshop_group
from jalon.i18n import translator
from jalon.services import actions, assessments, consolidation, exchange, reports
from jalon.services.app import Jalon

from . import secretariat_support as support
from .conftest import FIXED_NOW
from .secretariat_support import (
    answer_everything,
    enroll_card,
    export_to,
    jurisdiction_installation,
)

store_url = support.store_url


@dataclass
class Exchange:
    secretariat: Jalon
    folder: Path
    packages: dict[str, Path]  # jurisdiction code -> package file
    answers: dict[str, object]  # jurisdiction code -> the assessment as exported
    key_ids: dict[str, str]


@pytest.fixture
def exchanged(tmp_path: Path, store_url: str | None) -> Iterator[Exchange]:
    usb = tmp_path / "usb"
    cards = tmp_path / "cards"
    folder = tmp_path / "secretariat"
    folder.mkdir()
    secretariat = Jalon.open(folder, store_url)
    packages: dict[str, Path] = {}
    exported: dict[str, object] = {}
    key_ids: dict[str, str] = {}
    senders = [("QC", "Élise Côté"), ("ON", "Alex Tremblay"), ("NU", "Annie Qaqqaq")]
    installs = [jurisdiction_installation(tmp_path, code, name) for code, name in senders]
    installs.append(jurisdiction_installation(tmp_path, workshop_group("Table 4"), "Sam Okafor"))
    try:
        for seed, inst in enumerate(installs):
            assessment_id = answer_everything(inst, seed * 3 + 1)
            packages[inst.jurisdiction.code] = export_to(inst, assessment_id, usb)
            exported[inst.jurisdiction.code] = assessments.get(inst.app, assessment_id)
            key_ids[inst.jurisdiction.code] = enroll_card(secretariat, inst, cards)
        yield Exchange(secretariat, folder, packages, exported, key_ids)
    finally:
        for inst in installs:
            inst.close()
        secretariat.close()


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_packages_from_three_jurisdictions_and_a_group_are_collated_and_reported_back(
    exchanged: Exchange, tmp_path: Path
) -> None:
    app = exchanged.secretariat
    outcomes = exchange.import_packages(app, [exchanged.packages["ON"].parent])
    assert [o.status for o in outcomes] == [exchange.ImportStatus.IMPORTED] * 4

    dash = consolidation.load_dashboard(app)
    assert [r.jurisdiction.code for r in dash.jurisdictions.heat_map.rows] == ["QC", "ON", "NU"]
    assert [r.jurisdiction.code for r in dash.groups.heat_map.rows] == ["GRP-TABLE-4"]
    for view in (dash.jurisdictions, dash.groups):
        heat = view.heat_map
        for row, info in enumerate(heat.rows):
            sent = exchanged.answers[info.jurisdiction.code]
            assert info.key_id == exchanged.key_ids[info.jurisdiction.code]
            for col, theme_id in enumerate(heat.cols):
                response = sent.response(theme_id)  # type: ignore[attr-defined]
                assert heat.cell(row, col).current == response.current
                assert heat.values(Measure.GAP)[row][col] == response.gap
        assert all(c.completeness.is_complete for c in view.completeness)

    actions.add_action(
        app,
        "digital_identity",
        "Draft a pan-Canadian digital identity roadmap",
        owner="Manitoba & Yukon",
        due_date="2027-03-31",
    )
    data = consolidation.consolidated_data(app)
    english = pdf_text(render(app, "en", tmp_path / "en.pdf"))
    french = pdf_text(render(app, "fr", tmp_path / "fr.pdf"))

    for text, lang in ((english, "en"), (french, "fr")):
        tr = translator(lang)
        _ = tr.gettext
        fw = app.framework
        for heading in (
            "Heat map",
            "The largest gaps",
            "Role, capacity and priorities",
            "The workshop questions: answers collated",
            "Actions (next steps)",
            "Annex: the packages received",
        ):
            # PDF text extraction gives the no-break space before a French colon as a space.
            assert _(heading).replace("\xa0", " ") in text.replace("\xa0", " "), heading
        for info in dash.jurisdictions.heat_map.rows:
            assert tr.text(info.jurisdiction.name) in text
            assert f"{info.jurisdiction.code} answers question 1." in text
        assert "Table 4" in text
        for theme in fw.themes[:5]:
            assert tr.text(theme.name) in text
        flat = squeeze(text)  # what the PDF text loses: line breaks, no-break spaces
        assert squeeze(tr.text(fw.questions[1].text)) in flat
        assert (
            squeeze(tr.date(FIXED_NOW.date().replace(year=2027, month=3, day=31), "medium")) in flat
        )
        assert _("To do") in text
        assert "Draft a pan-Canadian digital identity roadmap" in text
        # The annex: every package with its signer, fingerprint and SHA-256.
        for info in data.submissions:
            assert info.signer_name in text
            assert squeeze(fingerprint(info.key_id)) in flat
            assert info.package_sha256 in flat
    assert "Québec" in french
    assert (
        "Gestion de l'identité numérique" in french or "Gestion de l’identité numérique" in french
    )
    assert "Quebec" in english


def render(app: Jalon, lang: str, out: Path) -> bytes:
    reports.write_consolidated_report(app, out, lang, created=FIXED_NOW)
    return out.read_bytes()


def test_the_command_line_writes_the_report_back_and_the_analysts_data(
    exchanged: Exchange, tmp_path: Path, store_url: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    if store_url is not None:
        pytest.skip("the command line is exercised on SQLite; the store is the same")
    common = ["--data-dir", str(exchanged.folder)]
    assert main(["import", str(exchanged.packages["QC"].parent), *common]) == 0
    out = tmp_path / "report-back.pdf"
    assert main(["report", "--consolidated", "--out", str(out), "--lang", "fr", *common]) == 0
    assert "Annexe" in pdf_text(out.read_bytes()) or translator("fr").gettext(
        "Annex: the packages received"
    ) in pdf_text(out.read_bytes())
    data = tmp_path / "data.xlsx"
    assert main(["export-data", "--out", str(data), *common]) == 0
    assert data.exists()
    csv_out = tmp_path / "data.csv"
    assert main(["export-data", "--format", "csv", "--out", str(csv_out), *common]) == 0
    assert (tmp_path / "data-answers.csv").exists()
    capsys.readouterr()


def test_report_needs_either_an_assessment_or_consolidated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.pdf"
    common = ["--data-dir", str(tmp_path / "d")]
    assert main(["report", "--out", str(out), *common]) == 2
    assert "--consolidated" in capsys.readouterr().err
    assert main(["report", "abcd1234", "--consolidated", "--out", str(out), *common]) == 2
    assert "one of the two" in capsys.readouterr().err
    assert not out.exists()


def test_an_empty_secretariat_still_gets_a_report_back(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    with Jalon.open(folder) as app:
        text = pdf_text(render(app, "en", tmp_path / "empty.pdf"))
    assert "No submission has been imported yet." in text
    assert "Every one of the fourteen governments" not in text
