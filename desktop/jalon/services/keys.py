"""The signer's key on this installation: create it, show its fingerprint, write its card."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jalon.core.errors import N_, InvalidInputError, JalonError
from jalon.core.fingerprint import fingerprint
from jalon.core.jurisdiction import Jurisdiction
from jalon.fileio import write_atomically
from jalon.services import identity

if TYPE_CHECKING:  # the set-up window imports this module before the store is open
    from jalon.exchange.keys import UnlockedKey
    from jalon.exchange.passphrase import Strength
    from jalon.services.app import Jalon

KEY_FILE = "signing-key.json"


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """The public facts of the signing key: enough for the wizard and the key card."""

    key_id: str
    signer_name: str
    signer_title: str
    jurisdiction: Jurisdiction
    path: Path
    card_bytes: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key_id)


def key_path(app: Jalon) -> Path:
    return app.keys_dir / KEY_FILE


def passphrase_strength(passphrase: str) -> int:
    """0 (very weak) to 4 (strong): a hint for the person choosing a passphrase."""
    from jalon.exchange.passphrase import passphrase_strength as strength

    return strength(passphrase)


def minimum_passphrase_length() -> int:
    """How many characters a passphrase needs at the least (the wizard says it up front)."""
    from jalon.exchange.passphrase import MIN_LENGTH

    return MIN_LENGTH


def rate_passphrase(app: Jalon | None, passphrase: str) -> Strength:
    """How hard ``passphrase`` is to guess for the signer recorded here (their name, title and
    jurisdiction count as easy words), with the reason and advice to show, and whether a key
    may be made with it. ``app`` is None while the store is still opening (no signer yet)."""
    from jalon.exchange.keys import passphrase_context
    from jalon.exchange.passphrase import rate_passphrase as rate

    who = identity.get_identity(app) if app is not None else None
    context = passphrase_context(who.name, who.title, who.jurisdiction) if who else ()
    return rate(passphrase, context)


def check_passphrase(passphrase: str) -> None:
    """Refuses a passphrase too short to protect a key on a laptop that can be lost."""
    from jalon.exchange.passphrase import check_passphrase as check

    check(passphrase)


def _info(app: Jalon) -> KeyInfo | None:
    from jalon.exchange.keycard import key_card
    from jalon.exchange.keys import read_key_file

    path = key_path(app)
    if not path.exists():
        return None
    key = read_key_file(path)
    return KeyInfo(
        key.key_id, key.signer_name, key.signer_title, key.jurisdiction, path, key_card(key)
    )


def key_info(app: Jalon) -> KeyInfo | None:
    """The installation's signing key, or None before one is created."""
    return _info(app)


def create_signing_key(
    app: Jalon,
    passphrase: str,
    *,
    jurisdiction: Jurisdiction | None = None,
    name: str | None = None,
    title: str | None = None,
) -> KeyInfo:
    """Create the signer's key (encrypted under ``passphrase``) and record the identity.

    Without ``jurisdiction``/``name``/``title`` the identity already recorded is used. Nothing
    is recorded unless the key was written.
    """
    from jalon.exchange.keys import create_signing_key as create
    from jalon.exchange.keys import write_key_file
    from jalon.services.app import now

    if jurisdiction is None or name is None or title is None:
        known = identity.get_identity(app)
        if known is None:
            raise InvalidInputError(
                N_(
                    "Say who signs first: run 'jalon setup' with --jurisdiction, --name and "
                    "--title."
                )
            )
        jurisdiction = jurisdiction or known.jurisdiction
        name = name or known.name
        title = title or known.title
    key = create(name, title, jurisdiction, passphrase, now=now())
    app.keys_dir.mkdir(parents=True, exist_ok=True)
    write_key_file(key_path(app), key)
    try:
        identity.set_identity(app, jurisdiction, key.signer_name, key.signer_title)
    except BaseException:
        # A key without its identity would block the next attempt ("a key already exists")
        # with nothing recorded: remove the key just written, never used, and say why.
        with contextlib.suppress(OSError):
            key_path(app).unlink()
        raise
    info = _info(app)
    assert info is not None
    return info


def require_key(app: Jalon) -> KeyInfo:
    info = key_info(app)
    if info is None:
        raise JalonError(
            N_(
                "This installation has no signing key yet. Create one with 'jalon setup' (or "
                "the first-run assistant of the app), then try again."
            )
        )
    return info


def unlock(app: Jalon, passphrase: str) -> UnlockedKey:
    """The signing key, unlocked in memory; WrongPassphraseError when it does not open."""
    from jalon.exchange.keys import load_signing_key

    require_key(app)
    return load_signing_key(key_path(app), passphrase)


def write_key_card(app: Jalon, out: Path) -> Path:
    """Write the key card the secretariat enrols; returns its path."""
    info = require_key(app)
    if out.is_dir():
        out = out / f"jalon-key-{info.jurisdiction.code}-{info.key_id[:8]}.json"
    return write_atomically(out, info.card_bytes)
