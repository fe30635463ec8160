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


_GOVERNMENTS: tuple[tuple[str, Kind, str, str], ...] = (
    ("CA", Kind.FEDERAL, "Government of Canada", "Gouvernement du Canada"),
    ("NL", Kind.PROVINCE, "Newfoundland and Labrador", "Terre-Neuve-et-Labrador"),
    ("PE", Kind.PROVINCE, "Prince Edward Island", "Île-du-Prince-Édouard"),
    ("NS", Kind.PROVINCE, "Nova Scotia", "Nouvelle-Écosse"),
    ("NB", Kind.PROVINCE, "New Brunswick", "Nouveau-Brunswick"),
    ("QC", Kind.PROVINCE, "Quebec", "Québec"),
    ("ON", Kind.PROVINCE, "Ontario", "Ontario"),
    ("MB", Kind.PROVINCE, "Manitoba", "Manitoba"),
    ("SK", Kind.PROVINCE, "Saskatchewan", "Saskatchewan"),
    ("AB", Kind.PROVINCE, "Alberta", "Alberta"),
    ("BC", Kind.PROVINCE, "British Columbia", "Colombie-Britannique"),
    ("YT", Kind.TERRITORY, "Yukon", "Yukon"),
    ("NT", Kind.TERRITORY, "Northwest Territories", "Territoires du Nord-Ouest"),
    ("NU", Kind.TERRITORY, "Nunavut", "Nunavut"),
)

#: The fourteen governments of the Joint Councils, in the order of BRIEF.md.
GOVERNMENTS: tuple[Jurisdiction, ...] = tuple(
    Jurisdiction(code, kind, Text(en, fr)) for code, kind, en, fr in _GOVERNMENTS
)
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
    if not clean or len(clean) > MAX_NAME_LENGTH or not slug(clean):
        raise InvalidInputError(
            N_(
                "The name {name!r} cannot name a municipality or group: give a name of 1 to "
                "120 characters with at least one letter or digit."
            ),
            name=name,
        )
    return Jurisdiction(_PREFIX[kind] + slug(clean), kind, Text(clean, clean))


def municipality(name: str) -> Jurisdiction:
    """A municipality named by its user, e.g. ``municipality("Trois-Rivières")``."""
    return _named(Kind.MUNICIPALITY, name)


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
