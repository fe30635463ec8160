"""What an official reads is written for them: the workshop's internal marks, the framework's
editorial notes and the explanation of a translation stay with the secretariat."""

# The fixtures are imported from the shared module, then requested by name.
# ruff: noqa: F401, F811

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from jalon import i18n
from jalon.ui.editor import EditorWidget
from jalon.ui.editor.document import QUESTIONS
from tests.test_ui_editor_fixtures import draft, editor, jalon_app

#: Words of the deck's marks and of the framework's editorial notes (the workshop's own comment
#: on a theme may name the logic model: that is what was said, and it stays).
INTERNAL = (
    "McKinsey",
    "In the Joint Councils' logic model:",
    "Dans le modèle logique des conseils mixtes",
    "This reading is an interpretation",
    "Cette lecture est une interprétation",
    "single X",
    "seul X",
)


def shown_text(page: QWidget) -> str:
    return " ".join(label.text() for label in page.findChildren(QLabel) if label.isVisibleTo(page))


def test_no_theme_page_shows_the_deck_s_marks_or_editorial_notes_in_either_language(
    editor: EditorWidget,
) -> None:
    try:
        for lang in ("en", "fr"):
            i18n.set_language(lang)
            for theme in editor.document.framework.themes:
                editor.show_page(theme.id)
                shown = shown_text(editor.theme_page)
                assert [word for word in INTERNAL if word in shown] == [], (lang, theme.id)
    finally:
        i18n.set_language("en")


def test_the_workshop_questions_do_not_explain_the_french_deck_s_wording_to_officials(
    editor: EditorWidget,
) -> None:
    try:
        for lang in ("en", "fr"):
            i18n.set_language(lang)
            editor.show_page(QUESTIONS)
            shown = shown_text(editor.questions_page)
            assert "summary of the same discussion" not in shown
            assert "résumé que les conseils mixtes" not in shown
            assert "ne renvoie pas à l'environnement" not in shown
            assert "not for environmental measures" not in shown
    finally:
        i18n.set_language("en")
