"""Who this installation signs as: jurisdiction, signer's name and title; the language chosen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from jalon.core.assessment import field_label
from jalon.core.errors import N_, InvalidInputError
from jalon.core.jurisdiction import Jurisdiction
from jalon.core.text import check_storable
from jalon.i18n import check_language

if TYPE_CHECKING:  # the set-up window imports this module before the store is open
    from jalon.services.app import Jalon

MAX_FIELD = 200

#: The settings of the identity are named after this prefix ("identity.name", ...).
IDENTITY = "identity."


@dataclass(frozen=True, slots=True)
class Identity:
    jurisdiction: Jurisdiction
    name: str
    title: str


def _clean(value: str, what: str) -> str:
    clean = " ".join(value.split())
    check_storable(clean, field_label(what))
    if not clean or len(clean) > MAX_FIELD:
        if what == "name":
            raise InvalidInputError(N_("Give the signer's name (1 to 200 characters)."))
        raise InvalidInputError(N_("Give the signer's title (1 to 200 characters)."))
    return clean


def set_identity(app: Jalon, jurisdiction: Jurisdiction, name: str, title: str) -> Identity:
    identity = Identity(jurisdiction, _clean(name, "name"), _clean(title, "title"))
    with app.writing() as uow:
        uow.settings.set_jurisdiction(IDENTITY, jurisdiction)
        uow.settings.set(f"{IDENTITY}name", identity.name)
        uow.settings.set(f"{IDENTITY}title", identity.title)
    app.forget_actor()
    return identity


def get_identity(app: Jalon) -> Identity | None:
    """The identity set by ``jalon setup`` or the first-run wizard; None before that."""
    with app.uow() as uow:
        name = uow.settings.get(f"{IDENTITY}name")
        title = uow.settings.get(f"{IDENTITY}title")
        jurisdiction = uow.settings.jurisdiction(IDENTITY) if name and title else None
    if jurisdiction is None or not name or not title:
        return None
    return Identity(jurisdiction, name, title)


def saved_language(app: Jalon) -> str | None:
    with app.uow() as uow:
        return uow.settings.get("ui.language")


def save_language(app: Jalon, lang: str) -> None:
    code = check_language(lang)
    with app.writing() as uow:
        uow.settings.set("ui.language", code)


#: The setting that names who prepares the secretariat's reports (see :func:`report_author`).
REPORT_AUTHOR = "report.prepared_by"


def set_report_author(app: Jalon, name: str) -> str:
    """Name who prepares the reports written here ("Secretariat of the Joint Councils", a
    person); an empty name goes back to the signing identity's name."""
    clean = " ".join(name.split())
    check_storable(clean, field_label("name"))
    if len(clean) > MAX_FIELD:
        raise InvalidInputError(
            N_("Give a name of at most {maximum} characters for who prepares the reports."),
            maximum=MAX_FIELD,
        )
    with app.writing() as uow:
        uow.settings.set(REPORT_AUTHOR, clean)
    return clean


def report_author(app: Jalon) -> str:
    """Who a consolidated report says prepared it: the name set with
    :func:`set_report_author`, else the signing identity's name, else "" (the report then
    names the secretariat). Never the computer's login name."""
    with app.uow() as uow:
        chosen = uow.settings.get(REPORT_AUTHOR)
    if chosen:
        return chosen
    who = get_identity(app)
    return who.name if who is not None else ""
