"""The secretariat's trust store: which signer keys it accepts, for which jurisdiction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jalon.core.errors import N_, InvalidInputError, Message, NotFoundError
from jalon.core.fingerprint import fingerprint
from jalon.services.app import Jalon, now

# Re-exported: the trust store's read models, as the ui and the cli name them.
from jalon.store.exchange_repositories import TrustedKey as TrustedKey
from jalon.store.exchange_repositories import TrustEvent as TrustEvent

if TYPE_CHECKING:
    from jalon.exchange.keycard import KeyCard
    from jalon.exchange.verify import TrustCheck, TrustStatus
    from jalon.store.uow import UnitOfWork

MAX_CARD_FILE = 64 * 1024
MAX_REASON = 500


def read_card_file(path: Path) -> KeyCard:
    """The key card at ``path``, checked (signature-free: the fingerprint check is a person's)."""
    from jalon.exchange.keycard import read_key_card

    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CARD_FILE + 1)
    except OSError as exc:
        raise InvalidInputError(
            N_("The key card {file} cannot be read ({detail}). Check the file name."),
            file=str(path),
            detail=exc.strerror or str(exc),
        ) from None
    return read_key_card(data, source=str(path))


def enroll(app: Jalon, card: KeyCard) -> TrustedKey:
    """Accept ``card``'s key for its jurisdiction (after a person confirmed the fingerprint).

    Two people enrolling the same card at the same moment both find it missing; the trust
    store's primary key lets one of them store it, and the other is told it is already
    enrolled, as if they had come second.
    """
    from jalon.store.errors import WriteConflictError

    try:
        with app.writing() as uow:
            existing = uow.trust.get(card.key_id)
            if existing is not None:
                raise _already_enrolled(existing, card.fingerprint)
            uow.trust.enroll(
                key_id=card.key_id,
                public_key=card.public_key_der,
                certificate_pem=card.certificate_pem,
                jurisdiction=card.jurisdiction,
                signer_name=card.signer_name,
                signer_title=card.signer_title,
                actor=app.actor,
                at=now(),
            )
    except WriteConflictError:
        with app.uow() as uow:
            winner = uow.trust.get(card.key_id)
        if winner is None:  # not the key's own constraint: not ours to explain
            raise
        raise _already_enrolled(winner, card.fingerprint) from None
    return get_key(app, card.key_id)


def _already_enrolled(existing: TrustedKey, card_fingerprint: str) -> InvalidInputError:
    if existing.revoked:
        return InvalidInputError(
            N_(
                "The key {fingerprint} was revoked and cannot be enrolled again. Ask "
                "the signer to create a new key."
            ),
            fingerprint=card_fingerprint,
        )
    return InvalidInputError(
        N_("The key {fingerprint} is already enrolled for {jurisdiction}."),
        fingerprint=card_fingerprint,
        jurisdiction=existing.jurisdiction.code,
    )


def get_key(app: Jalon, key_id: str) -> TrustedKey:
    with app.uow() as uow:
        return uow.trust.require(key_id)


def resolve_key(app: Jalon, key_id_or_fingerprint: str) -> str:
    """The full key id from its start or from the fingerprint as read aloud (spaces allowed)."""
    with app.uow() as uow:
        found = uow.trust.find(key_id_or_fingerprint)
    clean = key_id_or_fingerprint.replace(" ", "")
    if len(found) != 1 or len(clean) < 8:
        if len(found) > 1:
            raise InvalidInputError(
                N_("{key_id} matches more than one key. Give more of the key id."),
                key_id=key_id_or_fingerprint,
            )
        if found:  # a single match, but on too few characters to be sure it is the one meant
            raise InvalidInputError(
                N_(
                    "{key_id} is too short to name a key with certainty. Give at least 8 "
                    "characters of its id or fingerprint (see 'jalon keys list')."
                ),
                key_id=key_id_or_fingerprint,
            )
        raise NotFoundError(
            N_(
                "No enrolled key has the id {key_id}. Run 'jalon keys list' to see the "
                "enrolled keys."
            ),
            key_id=key_id_or_fingerprint,
        )
    return found[0].key_id


def revoke(app: Jalon, key_id_or_fingerprint: str, reason: str = "") -> TrustedKey:
    """Refuse from now on every package signed by this key (imported ones stay, marked).

    Nothing is deleted, not even when it is the jurisdiction's last key: see
    :func:`pending_impact` for what to tell the person before they confirm.
    """
    key_id = resolve_key(app, key_id_or_fingerprint)
    reason = " ".join(reason.split())[:MAX_REASON]
    with app.writing() as uow:
        key = uow.trust.require(key_id)
        # The database decides between two people revoking at the same moment: only the
        # revocation that finds the key still active changes it (and records an event).
        if key.revoked or not uow.trust.revoke(key_id, reason=reason, actor=app.actor, at=now()):
            raise _already_revoked(uow.trust.require(key_id, fresh=True))
    return get_key(app, key_id)


def _already_revoked(key: TrustedKey) -> InvalidInputError:
    return InvalidInputError(
        N_("The key {fingerprint} was already revoked by {actor} on {when}; nothing was changed."),
        fingerprint=fingerprint(key.key_id),
        actor=key.revoked_by or "?",
        when=key.revoked_at,
    )


@dataclass(frozen=True, slots=True)
class RevocationImpact:
    """What revoking a key would change, to show before the secretariat confirms.

    Revoking deletes nothing: the submissions already imported stay (the dashboard and the
    report back mark them "key revoked since"). From then on every package signed by the key
    is refused, so when ``last_active_key`` is true the jurisdiction cannot submit again
    until a new key card of theirs is enrolled.
    """

    key: TrustedKey
    imported_submissions: int  # imported packages signed by this key
    consolidated_submissions: int  # of those, how many the dashboard currently uses
    other_active_keys: int  # keys still enrolled for the same jurisdiction

    @property
    def last_active_key(self) -> bool:
        return not self.key.revoked and self.other_active_keys == 0

    @property
    def message(self) -> Message:
        """The consequence in one or two sentences, for the confirmation dialog and the CLI."""
        params = {
            "fingerprint": fingerprint(self.key.key_id),
            "jurisdiction": self.key.jurisdiction.code,
            "count": self.imported_submissions,
        }
        if self.last_active_key:
            return Message(
                N_(
                    "Imported submissions signed by the key {fingerprint}: {count}; they stay, "
                    "marked as signed by a revoked key. This is the last key enrolled for "
                    "{jurisdiction}: its packages will be refused until you enrol a new key "
                    "card from it."
                ),
                params,
            )
        return Message(
            N_(
                "Imported submissions signed by the key {fingerprint}: {count}; they stay, "
                "marked as signed by a revoked key. Packages it signs will be refused from now "
                "on."
            ),
            params,
        )


def pending_impact(app: Jalon, key_id_or_fingerprint: str) -> RevocationImpact:
    """What revoking this key would change (nothing is changed here)."""
    key_id = resolve_key(app, key_id_or_fingerprint)
    fw = app.framework
    with app.uow() as uow:
        key = uow.trust.require(key_id)
        signed = set(uow.consolidation.signed_with(key_id))
        used = uow.consolidation.consolidated_ids((fw.id, fw.version))
        others = [k for k in uow.trust.active_for(key.jurisdiction.code) if k.key_id != key_id]
    return RevocationImpact(key, len(signed), len(signed & used), len(others))


def list_keys(app: Jalon) -> list[TrustedKey]:
    with app.uow() as uow:
        return uow.trust.all()


def history(app: Jalon) -> list[TrustEvent]:
    with app.uow() as uow:
        return uow.trust.history()


def recheck(uow: UnitOfWork, key_id: str, jurisdiction_code: str) -> TrustStatus:
    """The trust store's answer again, inside the transaction that stores a package: a batch
    reads the trust store once, and a key revoked by someone else meanwhile must not let a
    package in. The key's row stays share-locked until the package is stored, so a revocation
    either comes before (and the package is refused) or waits for it."""
    from jalon.exchange.verify import TrustStatus

    state = uow.trust.locked_state(key_id)
    if state is None:
        return TrustStatus.UNKNOWN
    code, revoked = state
    if revoked:
        return TrustStatus.REVOKED
    return TrustStatus.ENROLLED if code == jurisdiction_code else TrustStatus.OTHER_JURISDICTION


def trust_check(app: Jalon) -> TrustCheck:
    """The trust store's answer for (key id, jurisdiction), read once, for a batch."""
    return trust_check_of(list_keys(app))


def trust_check_of(enrolled: Iterable[TrustedKey]) -> TrustCheck:
    """:func:`trust_check` over keys already read."""
    from jalon.exchange.verify import TrustStatus

    keys = {k.key_id: k for k in enrolled}

    def check(key_id: str, jurisdiction_code: str) -> TrustStatus:
        key = keys.get(key_id)
        if key is None:
            return TrustStatus.UNKNOWN
        if key.revoked:
            return TrustStatus.REVOKED
        if key.jurisdiction.code != jurisdiction_code:
            return TrustStatus.OTHER_JURISDICTION
        return TrustStatus.ENROLLED

    return check
