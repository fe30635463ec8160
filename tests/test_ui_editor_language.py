"""Switching the language at run time re-translates every page of the editor, framework texts
included, with no English left in French mode."""

# The fixtures are imported from the shared module, then requested by name.
# ruff: noqa: F401, F811

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLibraryInfo, QTranslator
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from jalon import i18n
from jalon.core import assessment as am
from jalon.core.framework import Framework
from jalon.core.jurisdiction import government
from jalon.core.text import Text
from jalon.services import demo
from jalon.services.app import Jalon
from jalon.ui.editor import EditorWidget
from tests.test_ui_editor_fixtures import jalon_app, open_editor, sign_in_store, visible_texts

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import catalog

EDITOR_SOURCES = Path(__file__).resolve().parent.parent / "desktop" / "jalon" / "ui" / "editor"


def framework_texts(fw: Framework) -> Iterator[Text]:
    yield fw.title
    for group in fw.groups:
        yield from (group.name, group.description)
    for level in fw.levels:
        yield from (level.name, level.descriptor)
    for option in (*fw.priorities, *fw.roles, *fw.capacities):
        yield option.label
        if option.description:
            yield option.description
    for theme in fw.themes:
        yield from (theme.name, theme.description, theme.comment)
        yield from theme.level_descriptors.values()
        if theme.marks.interpretation:
            yield theme.marks.interpretation
    for question in fw.questions:
        yield question.text
        yield from question.prompts
        if question.note:
            yield question.note


def editor_msgids() -> list[str]:
    from babel.messages.extract import extract_from_dir

    return [
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(EDITOR_SOURCES), method_map=[("**.py", "python")], keywords=catalog.KEYWORDS
        )
        if isinstance(message, str)
    ]


def english_fragments(french: i18n.Translator) -> set[str]:
    """The literal English runs (two words or more) of every msgid translated differently."""
    fragments = set()
    for msgid in editor_msgids():
        if french.gettext(msgid) == msgid:
            continue
        for part in catalog.PLACEHOLDER.split(msgid):
            words = re.findall(r"[A-Za-z']+", part)
            if len(words) >= 2:
                fragments.add(part.strip(" .,:;()"))
    return fragments


def neutral_texts(fw: Framework, a: am.Assessment, french: i18n.Translator) -> list[str]:
    """Texts that are rightly the same in both languages: framework texts equal in English and
    French ("Culture", "Leadership"), messages translated identically ("Participants"), and
    what the people typed."""
    same = [t.en for t in framework_texts(fw) if t.en == t.fr]
    for msgid in editor_msgids():
        if french.gettext(msgid) == msgid:
            same += [p for p in catalog.PLACEHOLDER.split(msgid) if p.strip()]
    same += [a.title, a.jurisdiction.name.en]
    return sorted(set(same), key=len, reverse=True)


def has_words(text: str) -> bool:
    return re.search(r"[^\W\d_]{2,}", text) is not None


@pytest.fixture
def qt_in_french(qapp: QApplication) -> Iterator[None]:
    """Qt's own strings (key names in tooltips) in French, as the shell installs them."""
    translator = QTranslator()
    assert translator.load(
        "qtbase_fr", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    )
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def pages(editor: EditorWidget) -> list[str]:
    return editor.page_keys()


@pytest.mark.parametrize("signed", [False, True], ids=["draft", "signed"])
def test_switching_to_french_leaves_no_english_on_any_page(
    qtbot: QtBot, jalon_app: Jalon, qt_in_french: None, signed: bool
) -> None:
    a = demo.create_demo(jalon_app, government("QC"), "fr")
    if signed:
        sign_in_store(jalon_app, a)
    editor = open_editor(qtbot, jalon_app, a.id)
    fw = editor.document.framework
    english: dict[str, dict[str, str]] = {}
    for key in pages(editor):
        editor.show_page(key)
        english[key] = visible_texts(editor)

    i18n.set_language("fr")
    french_tr = i18n.translator("fr")
    english_framework = sorted(
        {t.en for t in framework_texts(fw) if t.en != t.fr}, key=len, reverse=True
    )
    fragments = english_fragments(french_tr)
    neutral = neutral_texts(fw, a, french_tr)
    problems: list[str] = []
    for key in pages(editor):
        editor.show_page(key)
        for where, text in visible_texts(editor).items():
            for en in english_framework:
                if re.search(rf"(?<!\w){re.escape(en)}(?!\w)", text):
                    problems.append(f"{key} {where}: English framework text {en!r} in {text!r}")
            for fragment in fragments:
                if fragment in text:
                    problems.append(f"{key} {where}: English {fragment!r} in {text!r}")
            if english[key].get(where) == text:
                rest = text
                for same in neutral:
                    rest = rest.replace(same, " ")
                if has_words(rest):
                    problems.append(f"{key} {where}: unchanged after the switch: {text!r}")
    assert problems == [], "\n".join(problems[:30])

    i18n.set_language("en")
    for key in pages(editor):
        editor.show_page(key)
        assert visible_texts(editor) == english[key], f"{key} differs after switching back"


def test_the_french_theme_page_reads_as_french(
    qtbot: QtBot, jalon_app: Jalon, qt_in_french: None
) -> None:
    a = demo.create_demo(jalon_app, government("QC"), "fr")
    editor = open_editor(qtbot, jalon_app, a.id)
    i18n.set_language("fr")
    editor.show_page("digital_identity")
    page = editor.theme_page
    assert page._title.text() == "10. Gestion de l'identité numérique (GID)"
    assert page._deck.title() == "Ce que l'atelier a dit de ce thème"
    assert "2 — En développement" in page.levels._texts[2].text()
    assert page.pickers["role"].title() == "Rôle des conseils mixtes"
    assert editor.next_button.text() == "Suivant →"
    assert editor.progress_label.text() == "Thèmes terminés\u00a0: 14 sur 14"
    assert editor.save_label.text() == "✓ Enregistré"


def test_every_message_of_the_editor_has_a_french_translation() -> None:
    french = {m.id: m.string for m in catalog.read(catalog.PO, "fr_CA") if m.id}
    untranslated = sorted({m for m in editor_msgids() if not french.get(m)})
    assert untranslated == [], "run tools/catalog.py update to merge translations/pending"
