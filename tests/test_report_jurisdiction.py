"""The jurisdiction report: real PDFs rendered by reportlab, read back with pypdf."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

import jalon.paths
from jalon import i18n
from jalon.core import assessment as am
from jalon.core.errors import InvalidInputError
from jalon.core.fingerprint import fingerprint_groups
from jalon.core.framework import Framework
from jalon.core.jurisdiction import government
from jalon.reports import render_jurisdiction_report
from tests.conftest import FIXED_NOW

REPORTS_SOURCE = Path(jalon.paths.__file__).parent / "reports"
KEY_ID = "3f2a9c11" * 8
STANDARD_14 = {
    "Courier",
    "Courier-Bold",
    "Courier-Oblique",
    "Courier-BoldOblique",
    "Helvetica",
    "Helvetica-Bold",
    "Helvetica-Oblique",
    "Helvetica-BoldOblique",
    "Times-Roman",
    "Times-Bold",
    "Times-Italic",
    "Times-BoldItalic",
    "Symbol",
    "ZapfDingbats",
}


# -- helpers --------------------------------------------------------------------------------


def render(a: am.Assessment, fw: Framework, lang: str = "en", **kwargs: Any) -> bytes:
    return render_jurisdiction_report(a, fw, lang, created=FIXED_NOW, **kwargs)


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    """Text with every run of white space (line breaks included) as one space."""
    return " ".join(text.split())


def all_text(data: bytes) -> str:
    return flat("\n".join(pages_text(data)))


def signed(a: am.Assessment) -> am.Assessment:
    signature = am.Signature(
        signer_name="Geneviève O'Brien",
        signer_title="Sous-ministre adjointe, Transformation numérique",
        key_id=KEY_ID,
        signed_at=datetime(2026, 11, 3, 15, 45, 12, tzinfo=UTC),
    )
    return am.sign(a, signature)


def _merged_french_catalog(root: Path) -> Catalog:
    """The French catalog as the integrator will merge it: the .po, plus pending files."""
    po = root / "fr" / "LC_MESSAGES" / "jalon.po"
    if po.exists():
        with po.open("rb") as handle:
            catalog = read_po(handle, locale="fr_CA")
    else:
        catalog = Catalog(locale="fr_CA", domain="jalon")
    for pending in sorted((root / "pending").glob("*.json")):
        for msgid, msgstr in json.loads(pending.read_text(encoding="utf-8")).items():
            known = catalog.get(msgid)
            if known is None or not known.string:
                catalog.add(msgid, msgstr)
    return catalog


@pytest.fixture
def french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """French as it will be once ``translations/pending/*.json`` is merged into the catalog.

    The integrator merges pending translations into ``jalon.po``; until then this fixture
    builds that merge in a temporary folder. Once merged, it simply uses the real catalog.
    """
    root = jalon.paths.translations_dir()
    folder = tmp_path / "translations"
    (folder / "fr" / "LC_MESSAGES").mkdir(parents=True)
    with (folder / "fr" / "LC_MESSAGES" / "jalon.po").open("wb") as handle:
        write_po(handle, _merged_french_catalog(root))
    monkeypatch.setattr(jalon.paths, "translations_dir", lambda: folder)
    i18n._catalog.cache_clear()
    i18n.translator.cache_clear()
    yield
    i18n._catalog.cache_clear()
    i18n.translator.cache_clear()


# -- content --------------------------------------------------------------------------------


def test_english_report_shows_every_theme_answer_and_participant(
    framework: Framework, complete: am.Assessment
) -> None:
    data = render(complete, framework, "en")
    text = all_text(data)
    pages = len(PdfReader(io.BytesIO(data)).pages)

    for theme in framework.themes:
        assert theme.name.en in text
        assert flat(theme.description.en) in text
        r = complete.response(theme.id)
        assert r.comment in text
        assert r.evidence in text
    for question in framework.questions:
        assert flat(question.text.en) in text
        assert complete.answer(question.id) in text
    for person in complete.participants:
        assert person.name in text
        assert person.title in text
        assert person.organization in text
    assert "Ontario" in text
    assert "Digital strategy 2026" in text
    assert "This assessment is not signed yet." in text
    assert f"Page 1 of {pages}" in text
    assert f"Page {pages} of {pages}" in text
    assert "Approvisionnement" not in text
    assert "Gouvernance" not in text


def test_french_report_uses_french_texts_and_shows_answers_as_written(
    framework: Framework, complete: am.Assessment, french: None
) -> None:
    data = render(complete, framework, "fr")
    per_page = [flat(t) for t in pages_text(data)]
    text = " ".join(per_page)
    total = len(per_page)

    assert f"Page 1 sur {total}" in per_page[0]
    assert f"Page {total} sur {total}" in per_page[-1]
    for theme in framework.themes:
        assert theme.name.fr in text
        assert flat(theme.description.fr) in text
        # The officials' own text is shown as they wrote it, not translated.
        assert complete.response(theme.id).comment in text
    for question in framework.questions:
        assert flat(question.text.fr) in text
        assert complete.answer(question.id) in text
    assert "Sommaire" in text
    assert "Pas encore signée" in text
    assert "2 novembre 2026" in per_page[0]
    assert "Executive summary" not in text
    assert "Page 1 of" not in text


def test_numbers_are_formatted_for_the_language(
    framework: Framework, complete: am.Assessment, french: None
) -> None:
    english, french_text = (
        all_text(render(complete, framework, "en")),
        all_text(render(complete, framework, "fr")),
    )
    # Mean current level of all themes in the fixture: 1.4 / 1,4.
    assert "All themes 14 of 14 1.4 2.6 +1.3" in english
    assert "Tous les thèmes 14 sur 14 1,4 2,6 +1,3" in french_text


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["Signer Geneviève O'Brien", "November 3, 2026, 3:45:12 p.m. UTC"]),
        ("fr", ["Signataire Geneviève O'Brien", "3 novembre 2026, 15 h 45 min 12 s UTC"]),
    ],
)
def test_signed_report_names_the_signer_key_fingerprint_and_time(
    framework: Framework, complete: am.Assessment, french: None, lang: str, expected: list[str]
) -> None:
    text = all_text(render(signed(complete), framework, lang))

    for piece in expected:
        assert flat(piece) in text
    assert "Sous-ministre adjointe, Transformation numérique" in text
    assert " ".join(fingerprint_groups(KEY_ID)) in text
    assert "3F2A 9C11 3F2A 9C11 3F2A 9C11 3F2A 9C11" in text
    assert "not signed yet" not in text
    assert "pas encore signée" not in text


def test_signer_note_is_printed_in_the_closing_block(
    framework: Framework, complete: am.Assessment
) -> None:
    note = "This PDF carries a digital signature by the key above."
    assert note in all_text(render(signed(complete), framework, "en", signer_note=note))


def test_empty_assessment_reads_not_answered_and_counts_what_is_missing(
    framework: Framework, french: None
) -> None:
    empty = am.create(framework, government("QC"), "Première évaluation", now=FIXED_NOW)

    english = all_text(render(empty, framework, "en"))
    french_text = all_text(render(empty, framework, "fr"))

    # Per theme: levels, priority, role, capacity, comment and evidence; per question: answer.
    assert english.count("Not answered") >= 7 * len(framework.themes) + len(framework.questions)
    assert french_text.count("Sans réponse") >= 7 * len(framework.themes) + len(framework.questions)
    assert "0 of 73 required answers are given (0%)" in english
    assert "Themes with a missing answer: 14 of 14" in english
    assert "Workshop questions not answered: 2 of 2" in english
    assert "Participants: none named" in english
    assert "No theme has a target above its current level." in english
    assert "Aucun participant n'est nommé." in french_text
    assert "Not answered" not in french_text


def test_a_5000_character_comment_flows_across_pages_without_being_cut(
    framework: Framework, complete: am.Assessment
) -> None:
    words = [f"mot{i:04d}" for i in range(700)]
    comment = " ".join(words)[:5000]
    assert len(comment) == 5000
    comment = comment.rsplit(" ", 1)[0] + " FIN"
    theme = framework.themes[3]
    long = am.with_response(complete, framework, theme.id, now=FIXED_NOW, comment=comment)

    short_pages = len(PdfReader(io.BytesIO(render(complete, framework))).pages)
    data = render(long, framework)
    text = all_text(data)

    assert len(PdfReader(io.BytesIO(data)).pages) > short_pages
    found = re.findall(r"mot\d{4}", text)
    assert found == comment.split()[:-1]
    assert "FIN" in text


def test_free_text_with_markup_and_line_breaks_is_shown_as_typed(
    framework: Framework, complete: am.Assessment
) -> None:
    comment = "Use <b>bold</b> & <i>keep</i> 5 < 6 > 4 &amp;\nSecond line\n\nNew paragraph"
    theme = framework.themes[0]
    a = am.with_response(complete, framework, theme.id, now=FIXED_NOW, comment=comment)
    a = am.with_participants(
        a,
        [
            am.Participant(
                "Zoë <Lead> & Co\tRecherche Côte-Nord\x07", "Analyst", "R&D <Digital> Branch"
            )
        ],
        FIXED_NOW,
    )

    pages = pages_text(render(a, framework))
    text = "\n".join(pages)

    assert "Use <b>bold</b> & <i>keep</i> 5 < 6 > 4 &amp;" in text
    assert "Zoë <Lead> & Co\tRecherche Côte-Nord\x07" not in text
    assert "Zoë <Lead> & Co Recherche Côte-Nord" in flat(text)
    assert "R&D <Digital> Branch" in text
    assert "Second line" in text
    assert "New paragraph" in text


def test_a_target_below_the_current_level_is_listed_to_check(
    framework: Framework, complete: am.Assessment
) -> None:
    theme = framework.themes[2]
    a = am.with_response(complete, framework, theme.id, now=FIXED_NOW, current=3, target=1)
    text = all_text(render(a, framework))
    assert "To check:" in text
    assert f"3. {theme.name.en}: Target level 1 is below the current level 3" in text


# -- PDF structure --------------------------------------------------------------------------


def _fonts(resources: Any, seen: set[int], out: list[DictionaryObject]) -> None:
    resources = resources.get_object() if resources is not None else None
    if not resources:
        return
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        if id(font) not in seen:
            seen.add(id(font))
            out.append(font)
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            _fonts(xobject.get("/Resources"), seen, out)


def all_fonts(data: bytes) -> list[DictionaryObject]:
    out: list[DictionaryObject] = []
    seen: set[int] = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        _fonts(page.get("/Resources"), seen, out)
    return out


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_font_is_embedded_truetype_and_none_is_a_standard_14_font(
    framework: Framework, complete: am.Assessment, french: None, lang: str
) -> None:
    fonts = all_fonts(render(signed(complete), framework, lang))

    assert fonts
    for font in fonts:
        base = str(font["/BaseFont"]).lstrip("/")
        assert base.split("+")[-1] not in STANDARD_14
        assert re.fullmatch(r"[A-Z]{6}\+DejaVuSans(-Bold|-Oblique|-BoldOblique)?", base)
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, base


def test_charts_are_vector_drawings_not_images(
    framework: Framework, complete: am.Assessment
) -> None:
    reader = PdfReader(io.BytesIO(render(complete, framework)))
    for page in reader.pages:
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        assert all(x.get_object().get("/Subtype") != "/Image" for x in xobjects.values())
    text = all_text(render(complete, framework))
    assert "Current level Target level" in text  # the radar's legend
    assert "Gap (target level minus current level)" in text


def _outline(reader: PdfReader, items: list[Any], level: int = 0) -> list[tuple[int, str, int]]:
    out: list[tuple[int, str, int]] = []
    for item in items:
        if isinstance(item, list):
            out += _outline(reader, item, level + 1)
        else:
            out.append((level, str(item.title), reader.get_destination_page_number(item)))
    return out


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_outline_has_every_section_theme_and_question_on_its_page(
    framework: Framework, complete: am.Assessment, french: None, lang: str
) -> None:
    data = render(signed(complete), framework, lang)
    reader = PdfReader(io.BytesIO(data))
    pages = [flat(t) for t in pages_text(data)]
    entries = _outline(reader, reader.outline)
    top = [title for level, title, _ in entries if level == 0]
    tr = i18n.translator(lang)

    assert top == [
        tr.gettext(s)
        for s in (
            "Cover",
            "Executive summary",
            "Current and target maturity",
            "Themes",
            "Workshop questions",
            "Participants",
            "Signature",
        )
    ]
    assert entries[0][2] == 0
    for level, title, page in entries[1:]:
        assert title in pages[page], (title, page)
        if level == 0 and title != tr.gettext("Signature"):
            assert pages[page].find(title) < 120  # a section starts at the top of its page
    theme_titles = [t for level, t, _ in entries if level == 1 and re.match(r"\d+\. ", t)]
    assert theme_titles == [f"{t.number}. {tr.text(t.name)}" for t in framework.themes]
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


@pytest.mark.parametrize(("lang", "pdf_lang"), [("en", "en-CA"), ("fr", "fr-CA")])
def test_metadata_and_catalog_language(
    framework: Framework, complete: am.Assessment, french: None, lang: str, pdf_lang: str
) -> None:
    reader = PdfReader(io.BytesIO(render(signed(complete), framework, lang)))
    info = reader.metadata

    assert reader.trailer["/Root"]["/Lang"] == pdf_lang
    assert info is not None
    assert info.title == "Ontario — Digital strategy 2026"
    assert info.author == "Geneviève O'Brien"
    assert info.subject is not None
    assert "jc-digital-strategy" in info.subject
    assert info.creator == "Jalon"
    assert info.creation_date == FIXED_NOW
    if lang == "fr":
        assert "Autoévaluation" in info.subject


def test_page_size_is_us_letter(framework: Framework, complete: am.Assessment) -> None:
    for page in PdfReader(io.BytesIO(render(complete, framework))).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (612, 792)


def test_running_header_names_jurisdiction_and_title_after_the_cover(
    framework: Framework, complete: am.Assessment
) -> None:
    pages = [flat(t) for t in pages_text(render(complete, framework))]
    assert "Ontario · Digital strategy 2026" not in pages[0]
    assert all("Ontario · Digital strategy 2026" in page for page in pages[1:])


# -- determinism and bad input --------------------------------------------------------------


def test_same_data_and_time_give_identical_bytes(
    framework: Framework, complete: am.Assessment
) -> None:
    first = render(signed(complete), framework)
    assert render(signed(complete), framework) == first
    later = render_jurisdiction_report(
        signed(complete), framework, "en", created=FIXED_NOW + timedelta(days=1)
    )
    assert later != first


def test_same_report_in_a_fresh_process_gives_identical_bytes(
    framework: Framework, complete: am.Assessment, tmp_path: Path
) -> None:
    script = (
        "import sys\n"
        "from tests.conftest import complete_assessment, FIXED_NOW, FRAMEWORK_FILE,"
        " FRAMEWORK_SCHEMA\n"
        "from jalon.core.framework import load_framework\n"
        "from jalon.reports import render_jurisdiction_report\n"
        "fw = load_framework(FRAMEWORK_FILE, FRAMEWORK_SCHEMA)\n"
        "from dataclasses import replace\n"
        "a = replace(complete_assessment(fw), id='report-determinism')\n"
        "data = render_jurisdiction_report(a, fw, 'en', created=FIXED_NOW)\n"
        "sys.stdout.buffer.write(data)\n"
    )
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=root,
        capture_output=True,
        check=True,
        env={"PYTHONPATH": str(root), "SOURCE_DATE_EPOCH": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.stdout == render(replace(complete, id="report-determinism"), framework)


@pytest.mark.parametrize("lang", ["de", "", "english", "es_CA"])
def test_a_language_that_is_not_offered_is_refused(
    framework: Framework, complete: am.Assessment, lang: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        render(complete, framework, lang)
    assert "is not offered" in str(caught.value)
    assert "Use 'en' (English) or 'fr' (French)" in str(caught.value)


def test_regional_spellings_of_a_language_are_accepted(
    framework: Framework, complete: am.Assessment
) -> None:
    data = render(complete, framework, "en-CA")
    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == "en-CA"


def test_importing_the_reports_package_does_not_load_reportlab() -> None:
    code = "import sys, jalon.reports; print('reportlab' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- translations ---------------------------------------------------------------------------


def report_msgids() -> set[str]:
    """Every msgid Babel extracts from ``jalon.reports``."""
    keywords = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
    return {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(REPORTS_SOURCE), keywords=keywords
        )
    }


def test_every_report_string_has_a_french_translation() -> None:
    msgids = report_msgids()
    catalog = _merged_french_catalog(jalon.paths.translations_dir())
    missing = sorted(m for m in msgids if not (catalog.get(m) and catalog.get(m).string))
    assert len(msgids) > 50
    assert missing == []


def test_french_report_strings_keep_the_placeholders_and_french_spacing() -> None:
    catalog = _merged_french_catalog(jalon.paths.translations_dir())
    for msgid in report_msgids():
        message = catalog.get(msgid)
        assert message is not None, msgid
        msgstr = str(message.string)
        assert set(re.findall(r"{\w+}", msgid)) == set(re.findall(r"{\w+}", msgstr)), msgid
        assert "« " not in msgstr, "use U+00A0 inside guillemets"
        assert " »" not in msgstr, "use U+00A0 inside guillemets"
        assert " :" not in msgstr, "use U+00A0 before a colon"


# -- French typography ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "in_french", "in_english"),
    [
        ("BC", "l'autoévaluation de la Colombie-Britannique", "of British Columbia"),
        ("QC", "l'autoévaluation du Québec", "of Quebec"),
        ("ON", "l'autoévaluation de l'Ontario", "of Ontario"),
        ("NT", "l'autoévaluation des Territoires du Nord-Ouest", "of the Northwest Territories"),
    ],
)
def test_the_report_names_the_jurisdiction_with_its_article_in_both_languages(
    framework: Framework,
    complete: am.Assessment,
    french: None,
    code: str,
    in_french: str,
    in_english: str,
) -> None:
    a = replace(complete, jurisdiction=government(code))
    french_pdf = render(a, framework, "fr")
    assert in_french in all_text(french_pdf)
    subject = PdfReader(io.BytesIO(french_pdf)).metadata.subject  # type: ignore[union-attr]
    assert in_french.replace("l'autoévaluation", "numérique") in subject
    assert f"self-assessment {in_english} against" in all_text(render(a, framework, "en"))


def test_french_print_keeps_colons_and_guillemets_with_their_words(
    framework: Framework, complete: am.Assessment, french: None
) -> None:
    comment = "Le plan : «Horizon 2030» ; adopté !"
    a = am.with_response(complete, framework, "strategy", now=FIXED_NOW, comment=comment)
    # The PDF's text layer maps U+00A0 to a plain space; the guillemets' added spaces show
    # that the French rules ran (core/test_core_basics checks the no-break spaces themselves).
    text = flat("\n".join(pages_text(render(a, framework, "fr"))))
    assert "Le plan : « Horizon 2030 » ; adopté !" in text
    english = flat("\n".join(pages_text(render(a, framework, "en"))))
    assert comment in english, "English text is printed exactly as typed"
