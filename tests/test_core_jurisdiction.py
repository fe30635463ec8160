"""Jurisdictions: the fourteen governments, municipalities and workshop groups."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jalon.core.errors import InvalidInputError
from jalon.core.jurisdiction import (
    GOVERNMENTS,
    MAX_NAME_LENGTH,
    Kind,
    from_code,
    from_record,
    government,
    municipality,
    slug,
    workshop_group,
)

CODES = ["CA", "NL", "PE", "NS", "NB", "QC", "ON", "MB", "SK", "AB", "BC", "YT", "NT", "NU"]


def test_the_fourteen_governments_are_listed_in_the_order_of_the_brief() -> None:
    assert [j.code for j in GOVERNMENTS] == CODES


def test_kinds_are_one_federal_ten_provinces_three_territories() -> None:
    kinds = [j.kind for j in GOVERNMENTS]
    assert kinds.count(Kind.FEDERAL) == 1
    assert kinds.count(Kind.PROVINCE) == 10
    assert kinds.count(Kind.TERRITORY) == 3
    assert all(j.is_government for j in GOVERNMENTS)


def test_every_government_is_named_in_both_languages() -> None:
    for j in GOVERNMENTS:
        assert all((j.name.en, j.name.fr))
    assert government("QC").name.get("fr") == "Québec"
    assert government("PE").name.fr == "Île-du-Prince-Édouard"
    assert government("CA").name.get("en") == "Government of Canada"


@pytest.mark.parametrize("code", CODES)
def test_each_government_is_found_by_its_code(code: str) -> None:
    assert government(code).code == code


@pytest.mark.parametrize("given_code", ["on", "On", " ON ", "oN\n"])
def test_lookup_ignores_case_and_surrounding_space(given_code: str) -> None:
    assert government(given_code) is government("ON")


def test_an_unknown_code_is_refused_with_the_list_of_codes() -> None:
    with pytest.raises(InvalidInputError) as info:
        government("XX")
    message = str(info.value)
    assert "'XX'" in message
    assert ", ".join(CODES) in message
    assert info.value.message.params["code"] == "XX"


def test_an_empty_code_is_refused() -> None:
    with pytest.raises(InvalidInputError):
        government("")


def test_a_municipality_code_is_an_ascii_slug_of_its_name() -> None:
    trois = municipality("Trois-Rivières")
    assert trois.code == "MUN-TROIS-RIVIERES"
    assert trois.kind is Kind.MUNICIPALITY
    assert trois.name.en == trois.name.fr == "Trois-Rivières"
    assert trois.is_government
    assert municipality("Saint-Jean-sur-Richelieu").code == "MUN-SAINT-JEAN-SUR-RICHELIEU"
    assert municipality("Île d'Orléans").code == "MUN-ILE-D-ORLEANS"
    assert municipality("Lévis").code == "MUN-LEVIS"


def test_a_municipality_name_is_stripped_and_its_spaces_collapsed() -> None:
    j = municipality("  Grand   Sudbury \t")
    assert j.name.en == "Grand Sudbury"
    assert j.code == "MUN-GRAND-SUDBURY"


def test_a_workshop_group_is_not_a_government() -> None:
    group = workshop_group("Groupe 3")
    assert group.code == "GRP-GROUPE-3"
    assert group.kind is Kind.GROUP
    assert not group.is_government


@pytest.mark.parametrize("name", ["---", "«»", "日本"])
def test_a_name_without_letters_or_digits_is_refused(name: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        municipality(name)
    assert "1 to 120 characters" in str(info.value)


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_a_blank_name_is_refused_with_what_to_type(name: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        municipality(name)
    assert str(info.value) == "Type the municipality's name, for example Trois-Rivières."


def test_a_name_longer_than_the_limit_is_refused() -> None:
    municipality("a" * MAX_NAME_LENGTH)
    with pytest.raises(InvalidInputError):
        municipality("a" * (MAX_NAME_LENGTH + 1))
    with pytest.raises(InvalidInputError):
        workshop_group("b" * (MAX_NAME_LENGTH + 1))


def test_a_long_name_never_gives_a_code_ending_in_a_hyphen() -> None:
    # 47 letters then a space: a naive 48-character cut would end the code with "-".
    j = municipality("A" * 47 + " " + "B" * 10)
    assert not j.code.endswith("-")
    assert from_record(j.code, j.kind.value, j.name.en, j.name.fr) == j


def test_slug_is_ascii_upper_case_and_hyphenated() -> None:
    assert slug("Montréal-Nord  (secteur 2)") == "MONTREAL-NORD-SECTEUR-2"
    assert slug("Québec") == "QUEBEC"
    assert slug("--a--b--") == "A-B"


@given(st.text(min_size=1, max_size=MAX_NAME_LENGTH))
def test_any_accepted_municipality_rebuilds_from_its_stored_fields(name: str) -> None:
    try:
        j = municipality(name)
    except InvalidInputError:
        return
    assert j.code.isascii()
    assert len(j.code) <= 64  # the width of the jurisdiction_code column
    assert from_record(j.code, j.kind.value, j.name.en, j.name.fr) == j


def test_from_record_returns_the_canonical_government() -> None:
    assert from_record("QC", "province", "ignored", "ignoré") is government("QC")
    assert from_record("CA", "federal", "", "") is government("CA")
    assert from_record("NU", "territory", "", "") is government("NU")


def test_from_record_rebuilds_a_municipality_and_a_group() -> None:
    j = from_record("MUN-TROIS-RIVIERES", "municipality", "Trois-Rivières", "Trois-Rivières")
    assert j == municipality("Trois-Rivières")
    g = from_record("GRP-GROUPE-3", "group", "Groupe 3", "Groupe 3")
    assert g == workshop_group("Groupe 3")


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("ON", "federal"),  # a province recorded as federal
        ("CA", "province"),
        ("YT", "province"),
        ("XX", "province"),  # no such province
        ("MUN-LEVIS", "province"),
        ("GRP-GROUPE-3", "municipality"),  # a group's code as a municipality
        ("MUN-LEVIS", "group"),
        ("LEVIS", "municipality"),  # no prefix
        ("MUN-", "municipality"),  # nothing after the prefix
        ("MUN-levis", "municipality"),  # not upper case
        ("MUN-LEVIS-", "municipality"),
        ("MUN-LÉVIS", "municipality"),
    ],
)
def test_from_record_refuses_fields_that_disagree(code: str, kind: str) -> None:
    with pytest.raises(InvalidInputError):
        from_record(code, kind, "Name", "Nom")


def test_from_record_refuses_an_unknown_kind() -> None:
    with pytest.raises(InvalidInputError) as info:
        from_record("ON", "county", "Ontario", "Ontario")
    assert "'county'" in str(info.value)


def test_a_name_with_a_nul_character_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="The name contains"):
        municipality("Lévis\x00")
    with pytest.raises(InvalidInputError, match="NUL"):
        workshop_group("\x00Groupe")


def test_a_code_typed_by_a_person_names_a_government_or_with_mun_a_municipality() -> None:
    assert from_code(" on ") == government("ON")
    assert from_code("mun", name="Lévis") == municipality("Lévis")
    assert from_code("MUNICIPALITY", name="Mississauga", census_subdivision=" ON-3521005 ") == (
        municipality("Mississauga", province="ON", csd="3521005")
    )
    assert from_code("MUN", name="Mississauga", census_subdivision="ON-3521005").code == (
        "MUN-ON-3521005"
    )


def test_a_typed_census_subdivision_without_its_province_is_refused_with_the_rule() -> None:
    with pytest.raises(InvalidInputError) as caught:
        from_code("MUN", name="Mississauga", census_subdivision="3521005")
    assert "census subdivision code (seven digits" in caught.value.message.english()


def test_a_census_subdivision_code_alone_gives_the_province_and_the_stable_identity() -> None:
    from jalon.core.jurisdiction import census_subdivision, census_subdivision_of, municipality

    surrey = census_subdivision("City of Surrey", " 5915004 ")
    assert surrey == municipality("City of Surrey", province="BC", csd="5915004")
    assert surrey.code == "MUN-BC-5915004"
    assert census_subdivision_of(surrey) == "5915004"
    assert census_subdivision_of(municipality("Surrey")) == ""


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("", "Type your municipality's census subdivision code"),
        ("591500", "591500 is not a census subdivision code"),
        ("59150041", "59150041 is not a census subdivision code"),
        ("59I5004", "59I5004 is not a census subdivision code"),
        ("9915004", "No province or territory has census subdivision codes beginning with 99"),
    ],
)
def test_a_malformed_census_subdivision_code_is_refused_with_what_to_do(
    code: str, problem: str
) -> None:
    from jalon.core.jurisdiction import census_subdivision

    with pytest.raises(InvalidInputError) as refused:
        census_subdivision("Surrey", code)
    assert str(refused.value).startswith(problem)
    assert "5915004" in str(refused.value) or "Census Profile" in str(refused.value)
