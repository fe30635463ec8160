"""The passphrase policy for signing keys, and a strength hint for the UI.

The hint is a rough estimate (character classes, repeats, runs, a few words everyone tries),
not a promise: it is there to nudge people toward long passphrases.
"""

from __future__ import annotations

import math
import unicodedata

from jalon.core.errors import N_, InvalidInputError

MIN_LENGTH = 10

_COMMON = (
    "password",
    "motdepasse",
    "passphrase",
    "qwerty",
    "azerty",
    "123456",
    "654321",
    "abcdef",
    "letmein",
    "welcome",
    "bienvenue",
    "jalon",
    "canada",
    "admin",
    "secret",
)


def normalize(passphrase: str) -> bytes:
    """The bytes a passphrase stands for: NFC, UTF-8 (the same on every keyboard and system)."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8", "surrogatepass")


def check_passphrase(passphrase: str) -> None:
    """Refuse a passphrase too short to protect a signing key."""
    if len(unicodedata.normalize("NFC", passphrase)) < MIN_LENGTH:
        raise InvalidInputError(
            N_(
                "The passphrase is too short: use at least {minimum} characters. A few "
                "unrelated words make a passphrase that is long and easy to remember."
            ),
            minimum=MIN_LENGTH,
        )


def _pool(passphrase: str) -> int:
    pool = 0
    if any(c.islower() and c.isascii() for c in passphrase):
        pool += 26
    if any(c.isupper() and c.isascii() for c in passphrase):
        pool += 26
    if any(c.isdigit() and c.isascii() for c in passphrase):
        pool += 10
    if any(c.isascii() and not c.isalnum() for c in passphrase):
        pool += 33
    if any(not c.isascii() for c in passphrase):
        pool += 100
    return max(pool, 1)


def _effective_length(passphrase: str) -> float:
    """Length with little credit for repeated characters and runs such as ``abcd`` or ``1111``."""
    seen: dict[str, int] = {}
    length = 0.0
    previous = None
    for c in passphrase:
        count = seen.get(c, 0)
        seen[c] = count + 1
        credit = 1.0 if count == 0 else 0.5 if count == 1 else 0.25
        if previous is not None and abs(ord(c) - ord(previous)) <= 1:
            credit = min(credit, 0.25)
        length += credit
        previous = c
    return length


def passphrase_strength(passphrase: str) -> int:
    """A hint from 0 (unacceptable) to 4 (strong): 0 below the minimum length."""
    text = unicodedata.normalize("NFC", passphrase)
    if len(text) < MIN_LENGTH:
        return 0
    bits = _effective_length(text) * math.log2(_pool(text))
    lowered = text.lower()
    for word in _COMMON:
        if word in lowered:
            bits -= len(word) * math.log2(_pool(text)) * 0.75
    if bits < 40:
        return 1
    if bits < 60:
        return 2
    if bits < 80:
        return 3
    return 4
