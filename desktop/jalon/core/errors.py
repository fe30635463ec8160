"""Errors and user-facing messages of the domain, language-neutral.

The domain does not know the user's language. A message is kept as its English gettext
``msgid`` (marked with :func:`N_` so Babel extracts it) plus named parameters; ``jalon.i18n``
translates it when it is shown. A parameter may itself be a :class:`Message` (for example the
name of a failed step), which is translated in turn; a ``datetime`` is written the way the
language writes dates and times.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def N_(msgid: str) -> str:
    """Mark ``msgid`` for extraction without translating it now."""
    return msgid


class Message:
    """A translatable sentence: an English msgid with ``{name}`` placeholders and their values.

    Immutable and compared by value, as a frozen dataclass would be; written out by hand
    because every start imports it before the first window, and making a dataclass (and
    importing ``dataclasses``) costs about 2 ms there."""

    __slots__ = ("msgid", "params")
    __match_args__ = ("msgid", "params")

    msgid: str
    params: Mapping[str, Any]

    def __init__(self, msgid: str, params: Mapping[str, Any] | None = None) -> None:
        object.__setattr__(self, "msgid", msgid)
        object.__setattr__(self, "params", {} if params is None else params)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a Message cannot be changed (its {name!r} included)")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Message cannot be changed (its {name!r} included)")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Message)
        return (self.msgid, self.params) == (other.msgid, other.params)

    def __hash__(self) -> int:
        return hash((self.msgid, self.params))

    def __repr__(self) -> str:
        return f"Message(msgid={self.msgid!r}, params={self.params!r})"

    def __reduce__(self) -> tuple[type[Message], tuple[str, Mapping[str, Any]]]:
        # copy, deepcopy and pickle make it again through __init__ (its fields cannot be set).
        return (Message, (self.msgid, self.params))

    def english(self) -> str:
        """The message in English, for logs and developers."""
        from jalon.core.jurisdiction import fill  # it imports this module

        values = {k: _english(v) for k, v in self.params.items()}
        return fill(self.msgid, "en", **values)


def _english(value: Any) -> Any:
    from datetime import datetime  # here: the first window is drawn before datetime is needed

    if isinstance(value, Message):
        return value.english()
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    return value


class JalonError(Exception):
    """A refusal the user can act on: bad input, a missing record, a refused package.

    ``msgid`` names the problem and what to do, in English, marked with ``N_``; it is
    translated when shown.
    """

    def __init__(self, msgid: str, /, **params: Any) -> None:
        self.message = Message(msgid, params)
        super().__init__(self.message.english())


class FrameworkError(JalonError):
    """A framework file that cannot be used (unreadable, malformed, invalid, inconsistent)."""


class NotFoundError(JalonError):
    """A record that does not exist (an assessment id, a key id, ...)."""


class InvalidInputError(JalonError):
    """A value the user gave that is not acceptable (unknown jurisdiction, bad level, ...)."""


class ReadOnlyError(JalonError):
    """An attempt to change something frozen: a signed revision, an imported submission."""


class StorageError(JalonError):
    """The data folder or database cannot be used (not writable, foreign, too new, full)."""
