"""The unit of work: one transaction, committed whole or not at all."""

from __future__ import annotations

import contextlib
from types import TracebackType

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from jalon.core.errors import N_, StorageError
from jalon.store.actions import ActionRepository
from jalon.store.exchange_repositories import SubmissionRepository, TrustRepository
from jalon.store.repositories import AssessmentRepository, SettingsRepository


def _unavailable(exc: BaseException) -> bool:
    """A failure of the database itself (server gone, connection cut, disk full, locked for
    too long), as opposed to a refused statement such as a broken unique constraint."""
    if isinstance(exc, (OperationalError, InterfaceError)):
        return True
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


def storage_error(exc: BaseException) -> StorageError:
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return StorageError(
        N_(
            "The database stopped answering or could not save ({detail}). Nothing of the last "
            "change was saved. Check that the database server is running and the disk is not "
            "full, then try again."
        ),
        detail=(detail[0] if detail else type(exc).__name__)[:300],
    )


class UnitOfWork:
    """``with UnitOfWork(sessions) as uow: ...; uow.commit()`` — anything not committed is
    rolled back when the block ends, including when it ends with an exception.

    A database that fails underneath (a server that went away, a full disk) ends the block
    with a :class:`StorageError` that says so, instead of a driver's exception.
    """

    assessments: AssessmentRepository
    settings: SettingsRepository
    trust: TrustRepository
    submissions: SubmissionRepository
    actions: ActionRepository

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def __enter__(self) -> UnitOfWork:
        self.session = self._sessions()
        self.assessments = AssessmentRepository(self.session)
        self.settings = SettingsRepository(self.session)
        self.trust = TrustRepository(self.session)
        self.submissions = SubmissionRepository(self.session)
        self.actions = ActionRepository(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.session.rollback()
        except DBAPIError as failure:
            # Rolling back over a dead connection fails too; the server discards the
            # transaction anyway. Report the first failure, not this one.
            if exc is None:
                raise storage_error(failure) from None
        finally:
            with contextlib.suppress(DBAPIError):
                self.session.close()
        if exc is not None and _unavailable(exc):
            raise storage_error(exc) from None

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
