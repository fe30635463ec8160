"""The passphrase policy for signing keys, and the strength shown while one is typed.

Strength comes from zxcvbn (Dropbox's estimator: dictionaries of common passwords, names and
words, keyboard patterns, dates, repeats and sequences), told also about the words that are
easy to guess here: the signer's name and title, the jurisdiction, and French words everyone
tries. A passphrase is accepted from score 3 ("safely unguessable" offline against a slow hash,
which the scrypt-protected key file is), and never below :data:`MIN_LENGTH` characters.
zxcvbn's warnings and suggestions are English; each one is also a msgid of Jalon's catalog.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from jalon.core.errors import N_, InvalidInputError, Message

MIN_LENGTH = 10

#: The lowest zxcvbn score accepted for a key's passphrase.
MIN_SCORE = 3

#: zxcvbn reads at most this many characters; a longer passphrase is rated on its start (the
#: rest only adds to it).
ZXCVBN_MAX = 72

#: Every warning and suggestion zxcvbn 4.5 gives, marked for the catalog so they are shown in
#: the reader's language (anything else it says falls back to a general advice).
ZXCVBN_MESSAGES = frozenset(
    {
        N_("Use a few words, avoid common phrases."),
        N_("No need for symbols, digits, or uppercase letters."),
        N_("Add another word or two. Uncommon words are better."),
        N_("Straight rows of keys are easy to guess."),
        N_("Short keyboard patterns are easy to guess."),
        N_("Use a longer keyboard pattern with more turns."),
        N_('Repeats like "aaa" are easy to guess.'),
        N_('Repeats like "abcabcabc" are only slightly harder to guess than "abc".'),
        N_("Avoid repeated words and characters."),
        N_('Sequences like "abc" or "6543" are easy to guess.'),
        N_("Avoid sequences."),
        N_("Recent years are easy to guess."),
        N_("Avoid recent years."),
        N_("Avoid years that are associated with you."),
        N_("Dates are often easy to guess."),
        N_("Avoid dates and years that are associated with you."),
        N_("This is a top-10 common password."),
        N_("This is a top-100 common password."),
        N_("This is a very common password."),
        N_("This is similar to a commonly used password."),
        N_("A word by itself is easy to guess."),
        N_("Names and surnames by themselves are easy to guess."),
        N_("Common names and surnames are easy to guess."),
        N_("Capitalization doesn't help very much."),
        N_("All-uppercase is almost as easy to guess as all-lowercase."),
        N_("Reversed words aren't much harder to guess."),
        N_("Predictable substitutions like '@' instead of 'a' don't help very much."),
    }
)

_GENERAL_REASON = N_("It is made of words or patterns that are tried early.")
_GENERAL_ADVICE = N_("A few unrelated words make a passphrase that is long and easy to remember.")

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


def check_passphrase(passphrase: str, context: Iterable[str] = ()) -> None:
    """Refuse a passphrase too short or too easy to guess to protect a signing key."""
    if len(unicodedata.normalize("NFC", passphrase)) < MIN_LENGTH:
        raise InvalidInputError(
            N_(
                "The passphrase is too short: use at least {minimum} characters. A few "
                "unrelated words make a passphrase that is long and easy to remember."
            ),
            minimum=MIN_LENGTH,
        )
    strength = rate_passphrase(passphrase, context)
    if not strength.acceptable:
        raise InvalidInputError(
            N_("The passphrase is too easy to guess. {reason} {advice}"),
            reason=strength.warning or Message(_GENERAL_REASON),
            advice=strength.suggestions[0] if strength.suggestions else Message(_GENERAL_ADVICE),
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


def _rough_score(text: str) -> int:
    """1 to 4 from character classes and effective length (when zxcvbn cannot run)."""
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


@dataclass(frozen=True, slots=True)
class Strength:
    """How hard a passphrase is to guess: ``score`` 0 (too short) to 4 (strong), whether it is
    accepted for a key, and zxcvbn's reason and advice as translatable messages."""

    score: int
    acceptable: bool
    warning: Message | None = None
    suggestions: tuple[Message, ...] = ()


def _known(texts: Iterable[str]) -> tuple[Message, ...]:
    return tuple(Message(t) for t in texts if t in ZXCVBN_MESSAGES)


def _context_words(context: Iterable[str]) -> list[str]:
    words = list(_COMMON)
    for phrase in context:
        parts = phrase.replace("-", " ").split()
        words += [phrase, "".join(parts)]  # "Alex Tremblay" is also typed "AlexTremblay"
        words += [w for w in parts if len(w) > 2]
    return words


def rate_passphrase(passphrase: str, context: Iterable[str] = ()) -> Strength:
    """Rate ``passphrase``; ``context`` holds words easy to guess here (the signer's name, the
    jurisdiction), which zxcvbn then counts as known words."""
    text = unicodedata.normalize("NFC", passphrase)
    if len(text) < MIN_LENGTH:
        return Strength(0, False)
    try:
        from zxcvbn import zxcvbn  # type: ignore[import-untyped]  # no stubs published
    except ImportError:  # pragma: no cover - a build without the estimator
        score = _rough_score(text)
        return Strength(score, score >= MIN_SCORE)
    result = zxcvbn(text[:ZXCVBN_MAX], user_inputs=_context_words(context))
    score = max(1, int(result["score"]))
    feedback = result.get("feedback") or {}
    warnings = _known([feedback.get("warning") or ""])
    return Strength(
        score,
        score >= MIN_SCORE,
        warnings[0] if warnings else None,
        _known(feedback.get("suggestions") or ()),
    )


def passphrase_strength(passphrase: str, context: Iterable[str] = ()) -> int:
    """A hint from 0 (too short) to 4 (strong)."""
    return rate_passphrase(passphrase, context).score
