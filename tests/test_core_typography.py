"""French typography as data and rules: jurisdiction names with their article and
contractions, and the no-break spaces French print needs."""

from __future__ import annotations

import pytest

from jalon.core.errors import InvalidInputError, Message
from jalon.core.jurisdiction import (
    GOVERNMENTS,
    fill,
    government,
    in_a_sentence,
    municipality,
    preceded,
    workshop_group,
)
from jalon.core.text import NBSP, french_spaces
from jalon.i18n import translator


@pytest.mark.parametrize(
    ("code", "pour", "de"),
    [
        ("BC", "pour la Colombie-Britannique", "de la Colombie-Britannique"),
        ("ON", "pour l'Ontario", "de l'Ontario"),
        ("QC", "pour le Québec", "du Québec"),
        ("NT", "pour les Territoires du Nord-Ouest", "des Territoires du Nord-Ouest"),
        ("CA", "pour le gouvernement du Canada", "du gouvernement du Canada"),
        ("NL", "pour Terre-Neuve-et-Labrador", "de Terre-Neuve-et-Labrador"),
        ("PE", "pour l'Île-du-Prince-Édouard", "de l'Île-du-Prince-Édouard"),
    ],
)
def test_a_government_reads_in_french_with_its_article_and_contractions(
    code: str, pour: str, de: str
) -> None:
    j = government(code)
    assert preceded(j, "pour", "fr") == pour
    assert preceded(j, "de", "fr") == de


def test_every_government_has_its_name_in_a_sentence_in_both_languages() -> None:
    for j in GOVERNMENTS:
        for lang in ("en", "fr"):
            assert in_a_sentence(j, lang).endswith(j.name.get(lang).split()[-1]), j.code
    assert in_a_sentence(government("NT"), "en") == "the Northwest Territories"
    assert preceded(government("QC"), "à", "fr") == "au Québec"
    assert preceded(government("NT"), "à", "fr") == "aux Territoires du Nord-Ouest"


def test_a_municipality_takes_no_article_and_de_elides_before_a_vowel() -> None:
    assert preceded(municipality("Gatineau"), "pour", "fr") == "pour Gatineau"
    assert preceded(municipality("Ottawa"), "de", "fr") == "d'Ottawa"
    # The city of Québec is not the province: no article.
    assert preceded(municipality("Québec"), "de", "fr") == "de Québec"
    assert preceded(workshop_group("Groupe 3"), "for", "en") == "for Groupe 3"


def test_fill_joins_the_preposition_written_in_the_template_to_the_name() -> None:
    qc = government("QC")
    assert (
        fill(
            "Clé {k} de {jurisdiction} révoquée. Historique : {jurisdiction}",
            "fr",
            k="AB",
            jurisdiction=qc,
        )
        == "Clé AB du Québec révoquée. Historique : Québec"
    )
    assert fill("De {j}", "fr", j=government("NT")) == "Des Territoires du Nord-Ouest"
    assert fill("Keys for {j}", "en", j=government("NT")) == "Keys for the Northwest Territories"


def test_a_message_naming_a_jurisdiction_reads_with_its_article_in_each_language() -> None:
    message = Message("Key {fingerprint} enrolled for {jurisdiction}.", {
        "fingerprint": "3F2A", "jurisdiction": government("BC")
    })  # fmt: skip
    assert message.english() == "Key 3F2A enrolled for British Columbia."
    assert translator("fr").message(message) == ("Clé 3F2A inscrite pour la Colombie-Britannique.")


def test_french_spaces_are_made_non_breaking_before_double_marks_and_inside_guillemets() -> None:
    assert french_spaces("Le plan : « Horizon » ; oui ! non ?") == (
        f"Le plan{NBSP}: «{NBSP}Horizon{NBSP}»{NBSP}; oui{NBSP}! non{NBSP}?"
    )
    assert french_spaces("«Horizon»") == f"«{NBSP}Horizon{NBSP}»"
    assert french_spaces(f"«{NBSP}déjà{NBSP}»") == f"«{NBSP}déjà{NBSP}»"


def test_french_spaces_never_add_a_space_inside_an_address_or_a_time() -> None:
    text = "https://example.gc.ca à 10:30; oui?"
    assert french_spaces(text) == text


def test_an_empty_municipality_name_is_refused_with_what_to_type() -> None:
    with pytest.raises(InvalidInputError) as refused:
        municipality("   ")
    assert str(refused.value) == "Type the municipality's name, for example Trois-Rivières."
