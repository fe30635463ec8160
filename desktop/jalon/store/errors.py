"""What the store reports when the database refuses a write. Services catch these (from
``jalon.store.errors``), never ``sqlalchemy.exc``.

Each is a subclass of the SQLAlchemy exception it stands for, so that code inside the store
that catches SQLAlchemy's keeps catching these too. The unit of work raises them when its block
ends, and :meth:`jalon.store.uow.UnitOfWork.savepoint` when a savepoint's block does.
"""

from __future__ import annotations

from sqlalchemy.exc import DataError, IntegrityError


class WriteConflictError(IntegrityError):
    """A row with the same key was stored meanwhile (another person, another process): the
    transaction was rolled back and the operation may look again and decide."""

    @classmethod
    def of(cls, exc: IntegrityError) -> WriteConflictError:
        return cls(exc.statement, exc.params, exc.orig)  # type: ignore[arg-type]


class ValueRefusedError(DataError):
    """The database refused a value (too long for its column, of the wrong type): the
    transaction was rolled back."""

    @classmethod
    def of(cls, exc: DataError) -> ValueRefusedError:
        return cls(exc.statement, exc.params, exc.orig)  # type: ignore[arg-type]


def refused(exc: BaseException | None) -> WriteConflictError | ValueRefusedError | None:
    """The store's own exception for a write the database refused with ``exc``; None when
    ``exc`` is not one (or is one of ours already)."""
    if isinstance(exc, IntegrityError) and not isinstance(exc, WriteConflictError):
        return WriteConflictError.of(exc)
    if isinstance(exc, DataError) and not isinstance(exc, ValueRefusedError):
        return ValueRefusedError.of(exc)
    return None
