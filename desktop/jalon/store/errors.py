"""What the store reports when the database refuses a write, without SQLAlchemy's types:
services catch these, never ``sqlalchemy.exc``."""

from __future__ import annotations


class WriteConflictError(Exception):
    """A row with the same key was stored meanwhile (another person, another process): the
    transaction was rolled back and the operation may look again and decide."""


class ValueRefusedError(Exception):
    """The database refused a value (too long for its column, of the wrong type): the
    transaction was rolled back. ``detail`` is the database's first line, for messages."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail
