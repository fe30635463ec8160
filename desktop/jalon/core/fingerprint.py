"""Key fingerprints a person can read aloud over the phone."""

from __future__ import annotations

import string

#: 32 hex digits (128 bits of the SHA-256 key id) in eight groups of four.
FINGERPRINT_HEX_DIGITS = 32
KEY_ID_HEX_DIGITS = 64
GROUP = 4


def fingerprint(key_id: str) -> str:
    """``key_id`` (hex SHA-256 of the public key's DER) as ``"3F2A 9C11 …"``: eight groups."""
    full = key_id.strip().upper()
    # The whole id is checked, not only the half shown: a malformed id must not pass for a key.
    if len(full) != KEY_ID_HEX_DIGITS or any(c not in string.hexdigits for c in full):
        raise ValueError("a key id is 64 hexadecimal digits")
    digits = full[:FINGERPRINT_HEX_DIGITS]
    return " ".join(digits[i : i + GROUP] for i in range(0, len(digits), GROUP))


def fingerprint_groups(key_id: str) -> list[str]:
    return fingerprint(key_id).split()
