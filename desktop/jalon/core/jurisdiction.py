"""Jurisdictions: the federal government, provinces, territories (ISO 3166-2:CA codes),
municipalities named by their users, and the workshop's groups."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from jalon.core.errors import N_, InvalidInputError, Message
from jalon.core.text import Text, check_storable


class Kind(StrEnum):
    FEDERAL = "federal"
    PROVINCE = "province"
    TERRITORY = "territory"
    MUNICIPALITY = "municipality"
    GROUP = "group"


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """Who an assessment speaks for. ``code`` is stable and appears in packages and file names."""

    code: str
    kind: Kind
    name: Text

    @property
    def is_government(self) -> bool:
        return self.kind is not Kind.GROUP


#: Each government: code, kind, name in English and French, and the name as it reads in a
#: sentence, with its article (English "the Northwest Territories", French "l'Ontario"); the
#: contractions with "de" and "à" (du, des, de l', au, aux) follow from the French article.
_GOVERNMENTS: tuple[tuple[str, Kind, str, str, str, str], ...] = (
    ("CA", Kind.FEDERAL, "Government of Canada", "Gouvernement du Canada",
     "the Government of Canada", "le gouvernement du Canada"),
    ("NL", Kind.PROVINCE, "Newfoundland and Labrador", "Terre-Neuve-et-Labrador",
     "Newfoundland and Labrador", "Terre-Neuve-et-Labrador"),
    ("PE", Kind.PROVINCE, "Prince Edward Island", "Île-du-Prince-Édouard",
     "Prince Edward Island", "l'Île-du-Prince-Édouard"),
    ("NS", Kind.PROVINCE, "Nova Scotia", "Nouvelle-Écosse", "Nova Scotia", "la Nouvelle-Écosse"),
    ("NB", Kind.PROVINCE, "New Brunswick", "Nouveau-Brunswick",
     "New Brunswick", "le Nouveau-Brunswick"),
    ("QC", Kind.PROVINCE, "Quebec", "Québec", "Quebec", "le Québec"),
    ("ON", Kind.PROVINCE, "Ontario", "Ontario", "Ontario", "l'Ontario"),
    ("MB", Kind.PROVINCE, "Manitoba", "Manitoba", "Manitoba", "le Manitoba"),
    ("SK", Kind.PROVINCE, "Saskatchewan", "Saskatchewan", "Saskatchewan", "la Saskatchewan"),
    ("AB", Kind.PROVINCE, "Alberta", "Alberta", "Alberta", "l'Alberta"),
    ("BC", Kind.PROVINCE, "British Columbia", "Colombie-Britannique",
     "British Columbia", "la Colombie-Britannique"),
    ("YT", Kind.TERRITORY, "Yukon", "Yukon", "Yukon", "le Yukon"),
    ("NT", Kind.TERRITORY, "Northwest Territories", "Territoires du Nord-Ouest",
     "the Northwest Territories", "les Territoires du Nord-Ouest"),
    ("NU", Kind.TERRITORY, "Nunavut", "Nunavut", "Nunavut", "le Nunavut"),
)  # fmt: skip

#: The fourteen governments of the Joint Councils, in the order of BRIEF.md.
GOVERNMENTS: tuple[Jurisdiction, ...] = tuple(
    Jurisdiction(code, kind, Text(en, fr)) for code, kind, en, fr, *_in_a_sentence in _GOVERNMENTS
)
_IN_A_SENTENCE = {code: Text(en, fr) for code, _k, _e, _f, en, fr in _GOVERNMENTS}
_BY_CODE = {j.code: j for j in GOVERNMENTS}

MAX_NAME_LENGTH = 120
_PREFIX = {Kind.MUNICIPALITY: "MUN-", Kind.GROUP: "GRP-"}
_SLUG = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")


def slug(name: str) -> str:
    """An ASCII, upper-case, hyphenated form of ``name`` for codes and file names."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    # Cut, then trim: a cut that lands on a hyphen must not leave it at the end of the code.
    return re.sub(r"[^A-Z0-9]+", "-", ascii_name.upper()).strip("-")[:48].rstrip("-")


def _named(kind: Kind, name: str) -> Jurisdiction:
    clean = " ".join(name.split())
    check_storable(clean, Message(N_("name")))
    if not clean:
        raise InvalidInputError(
            N_("Type the municipality's name, for example Trois-Rivières.")
            if kind is Kind.MUNICIPALITY
            else N_("Type the group's name, for example Group 3 or Atlantic provinces.")
        )
    if not clean or len(clean) > MAX_NAME_LENGTH or not slug(clean):
        raise InvalidInputError(
            N_(
                "The name {name!r} cannot name a municipality or group: give a name of 1 to "
                "120 characters with at least one letter or digit."
            ),
            name=name,
        )
    return Jurisdiction(_PREFIX[kind] + slug(clean), kind, Text(clean, clean))


#: Statistics Canada's Standard Geographical Classification: the two-digit province or
#: territory code that begins every census subdivision (CSD) code.
SGC_PROVINCE = {
    "NL": "10", "PE": "11", "NS": "12", "NB": "13", "QC": "24", "ON": "35", "MB": "46",
    "SK": "47", "AB": "48", "BC": "59", "YT": "60", "NT": "61", "NU": "62",
}  # fmt: skip
_CSD = re.compile(r"[0-9]{7}")


def municipality(name: str, *, province: str | None = None, csd: str | None = None) -> Jurisdiction:
    """A municipality named by its user, e.g. ``municipality("Trois-Rivières")``.

    With ``province`` and ``csd`` (its Statistics Canada census subdivision code, seven
    digits), the code is ``MUN-<province>-<csd>``, e.g. ``MUN-QC-2437067``: stable however
    the name is spelled, and distinct for two towns of the same name. The key card carries
    that code, so the key is bound to the municipality, not to a spelling.
    """
    j = _named(Kind.MUNICIPALITY, name)
    if province is None and csd is None:
        return j
    prov = (province or "").strip().upper()
    number = (csd or "").strip()
    if prov not in SGC_PROVINCE or not _CSD.fullmatch(number):
        raise InvalidInputError(
            N_(
                "A municipality's identity is its province or territory code (for example "
                "ON) and its Statistics Canada census subdivision code (seven digits, for "
                "example 3520005); {province!r} and {csd!r} are not."
            ),
            province=province or "",
            csd=csd or "",
        )
    if number[:2] != SGC_PROVINCE[prov]:
        raise InvalidInputError(
            N_(
                "The census subdivision code {csd} is not in {province}: the codes there "
                "begin with {prefix}. Check the code on Statistics Canada's site."
            ),
            csd=number,
            province=prov,
            prefix=SGC_PROVINCE[prov],
        )
    return Jurisdiction(f"MUN-{prov}-{number}", Kind.MUNICIPALITY, j.name)


def census_subdivision(name: str, code: str) -> Jurisdiction:
    """A municipality from its name and its census subdivision code alone: the code's first two
    digits say the province or territory (``5915004`` → ``MUN-BC-5915004``), so a person types
    one number, and a malformed one gets its own clear refusal."""
    j = _named(Kind.MUNICIPALITY, name)  # the name's own refusal first, as the form reads
    number = "".join(code.split())
    if not number:
        raise InvalidInputError(
            N_(
                "Type your municipality's census subdivision code: the seven digits Statistics "
                "Canada gives it (for example 5915004 for Surrey). It identifies your "
                "municipality however its name is written."
            )
        )
    if not _CSD.fullmatch(number):
        raise InvalidInputError(
            N_(
                "{code} is not a census subdivision code: such a code has seven digits, for "
                "example 5915004 for Surrey. Statistics Canada's Census Profile gives yours."
            ),
            code=code.strip(),
        )
    province = next((p for p, prefix in SGC_PROVINCE.items() if number[:2] == prefix), None)
    if province is None:
        raise InvalidInputError(
            N_(
                "No province or territory has census subdivision codes beginning with {prefix}. "
                "Check the code {code} in Statistics Canada's Census Profile."
            ),
            prefix=number[:2],
            code=number,
        )
    return Jurisdiction(f"MUN-{province}-{number}", Kind.MUNICIPALITY, j.name)


def census_subdivision_of(j: Jurisdiction) -> str:
    """The census subdivision code in a municipality's code (``MUN-BC-5915004``), or ""."""
    parts = j.code.split("-")
    if j.kind is Kind.MUNICIPALITY and len(parts) == 3 and _CSD.fullmatch(parts[2]):
        return parts[2]
    return ""


def workshop_group(name: str) -> Jurisdiction:
    """A workshop group of four that submits like a jurisdiction, under a group name."""
    return _named(Kind.GROUP, name)


def government(code: str) -> Jurisdiction:
    """One of the fourteen governments, by its code (case-insensitive)."""
    try:
        return _BY_CODE[code.strip().upper()]
    except KeyError:
        raise InvalidInputError(
            N_("Unknown jurisdiction code {code!r}. Use one of: {codes}, or name a municipality."),
            code=code,
            codes=", ".join(_BY_CODE),
        ) from None


#: The codes that stand for "a municipality" where a jurisdiction is given by its code.
MUNICIPALITY_CODES = ("MUN", "MUNICIPALITY")


def from_code(
    code: str, *, name: str | None = None, census_subdivision: str | None = None
) -> Jurisdiction:
    """A jurisdiction as a person types it: a government's code (``ON``), or ``MUN`` with the
    municipality's ``name`` and, optionally, its identity ``census_subdivision`` written
    ``<province>-<code>`` (``ON-3520005``)."""
    if code.strip().upper() not in MUNICIPALITY_CODES:
        return government(code)
    if not census_subdivision:
        return municipality(name or "")
    province, _sep, csd = census_subdivision.strip().partition("-")
    return municipality(name or "", province=province, csd=csd)


def from_record(code: str, kind: str, name_en: str, name_fr: str) -> Jurisdiction:
    """Rebuild a jurisdiction from stored fields, checking that they agree with each other."""
    try:
        k = Kind(kind)
    except ValueError:
        raise InvalidInputError(N_("Unknown kind of jurisdiction {kind!r}."), kind=kind) from None
    if k in (Kind.FEDERAL, Kind.PROVINCE, Kind.TERRITORY):
        j = government(code)
        if j.kind is not k:
            raise InvalidInputError(
                N_(
                    "Unknown jurisdiction code {code!r}. Use one of: {codes}, or name a "
                    "municipality."
                ),
                code=code,
                codes=", ".join(_BY_CODE),
            )
        return j
    if not code.startswith(_PREFIX[k]) or not _SLUG.fullmatch(code[len(_PREFIX[k]) :]):
        raise InvalidInputError(
            N_("The jurisdiction code {code!r} is not a valid municipality or group code."),
            code=code,
        )
    return Jurisdiction(code, k, Text(name_en, name_fr))


# -- the name in a sentence ------------------------------------------------------------------

#: The prepositions :func:`preceded` joins to a name, per language.
PREPOSITIONS = {"en": ("for", "of", "in"), "fr": ("pour", "de", "à", "en")}
_FRENCH_VOWEL = re.compile(r"^[AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŸaeiouyàâäéèêëîïôöùûüÿ]")


def in_a_sentence(j: Jurisdiction, lang: str) -> str:
    """The name as it reads inside a sentence, with its article: "le Québec", "l'Ontario",
    "the Northwest Territories"; a municipality or a group takes none ("Gatineau")."""
    forms = _IN_A_SENTENCE.get(j.code) if j.kind not in (Kind.MUNICIPALITY, Kind.GROUP) else None
    return (forms or j.name).get(lang)


def preceded(j: Jurisdiction, preposition: str, lang: str) -> str:
    """``preposition`` and the name, with French contractions: "pour la Colombie-Britannique",
    "du Québec", "de l'Ontario", "des Territoires du Nord-Ouest", "au Yukon", "d'Ottawa".

    French "en" is for the few names that take it ("en Ontario", "en Colombie-Britannique");
    a masculine name with a consonant takes "au" instead ("au Québec", "au Yukon").
    """
    name = in_a_sentence(j, lang)
    if lang != "fr":
        return f"{preposition} {name}"
    article, bare = _french_article(name)
    if preposition == "de":
        joined = {"le": "du ", "les": "des ", "la": "de la ", "l'": "de l'"}.get(article)
        if joined is not None:
            return joined + bare
        return ("d'" if _FRENCH_VOWEL.match(bare) else "de ") + bare
    if preposition in ("à", "en"):
        joined = {"le": "au ", "les": "aux "}.get(article)
        if joined is not None:
            return joined + bare
        if article == "l'" and bare.startswith("Île"):
            return "à l'" + bare  # islands take "à": « à l'Île-du-Prince-Édouard »
        if article in ("la", "l'"):
            return "en " + bare
        return "à " + bare
    return f"{preposition} {name}"


def _french_article(name: str) -> tuple[str, str]:
    """("le", "Québec") from "le Québec", ("l'", "Ontario"), ("", "Gatineau")."""
    if name.startswith("l'"):
        return "l'", name[2:]
    for article in ("le", "la", "les"):
        if name.startswith(article + " "):
            return article, name[len(article) + 1 :]
    return "", name


def fill(template: str, lang: str, /, **params: object) -> str:
    """``template.format(**params)``, where a :class:`Jurisdiction` value reads as its name,
    joined to the preposition written before it: "pour {jurisdiction}" gives « pour
    l'Ontario », "de {jurisdiction}" « du Québec », "for {jurisdiction}" "for the Northwest
    Territories". Translations keep writing plain "pour {jurisdiction}"."""
    values: dict[str, object] = {}
    for key, value in params.items():
        if not isinstance(value, Jurisdiction):
            values[key] = value
            continue
        words = "|".join(p[0].upper() + p[1:] + "|" + p for p in PREPOSITIONS.get(lang, ()))

        def joined(match: re.Match[str], j: Jurisdiction = value) -> str:
            word = match.group(1)
            text = preceded(j, word.lower(), lang)
            text = word[0] + text[1:] if word[0].isupper() else text
            return text.replace("{", "{{").replace("}", "}}")

        template = re.sub(rf"(?<!\w)({words}) \{{{key}\}}", joined, template)
        values[key] = value.name.get(lang)
    return template.format(**values)
