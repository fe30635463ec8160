"""The unit of work: one transaction, committed whole or not at all."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from jalon.core.errors import N_, StorageError
from jalon.store import errors, reading
from jalon.store.actions import ActionRepository
from jalon.store.exchange_repositories import (
    SubmissionRepository,
    TrustRepository,
    bump_generation,
)
from jalon.store.faults import classify, storage_failure
from jalon.store.repositories import AssessmentRepository, SettingsRepository


def _unavailable(exc: BaseException) -> bool:
    """A failure of the database itself (server gone, connection cut, disk full, locked for
    too long), as opposed to a refused statement such as a broken unique constraint."""
    if isinstance(exc, (OperationalError, InterfaceError)):
        return True
    if isinstance(exc, DBAPIError) and classify(exc) is not None:
        return True  # e.g. "database disk image is malformed", a DatabaseError
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


def _folder_of(sessions: sessionmaker[Session]) -> Path | None:
    """The data folder of a SQLite database, to name in messages; None for a server."""
    url = getattr(sessions.kw.get("bind"), "url", None)
    if url is None or url.get_backend_name() != "sqlite" or not url.database:
        return None
    return Path(url.database).parent


def storage_error(exc: BaseException, folder: Path | None = None) -> StorageError:
    """What to tell the user about a failure of the database beneath a unit of work: a
    local fault (full disk, read-only file, damaged file) names the data folder and the
    remedy; anything else gets the generic message."""
    specific = storage_failure(exc, folder)
    if specific is not None:
        return specific
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
    with a :class:`StorageError` that says so, instead of a driver's exception; a write the
    database refuses ends it with :class:`~jalon.store.errors.WriteConflictError` (a key
    stored meanwhile) or :class:`~jalon.store.errors.ValueRefusedError` (a value it will not
    hold).
    """

    assessments: AssessmentRepository
    settings: SettingsRepository
    trust: TrustRepository
    submissions: SubmissionRepository
    actions: ActionRepository
    consolidation: reading.ConsolidationRepository

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._folder = _folder_of(sessions)

    def __enter__(self) -> UnitOfWork:
        self.session = self._sessions()
        self.assessments = AssessmentRepository(self.session)
        self.settings = SettingsRepository(self.session)
        self.trust = TrustRepository(self.session)
        self.submissions = SubmissionRepository(self.session)
        self.actions = ActionRepository(self.session)
        self.consolidation = reading.ConsolidationRepository(self.session)
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
                raise storage_error(failure, self._folder) from None
        finally:
            with contextlib.suppress(DBAPIError):
                self.session.close()
        if exc is not None and _unavailable(exc):
            raise storage_error(exc, self._folder) from None
        refused = errors.refused(exc)
        if refused is not None:
            raise refused from exc

    def commit(self) -> None:
        # What the dashboard shows changed (a submission stored, a key revoked): the import
        # generation goes up in the same transaction, so every cache keyed on it knows.
        if self.submissions.changed or self.trust.changed:
            bump_generation(self.session)
            self.submissions.changed = self.trust.changed = False
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()

    @contextlib.contextmanager
    def savepoint(self) -> Iterator[None]:
        """Run the block in a savepoint of this transaction: a write the database refuses
        undoes the block alone and ends it with
        :class:`~jalon.store.errors.WriteConflictError` or
        :class:`~jalon.store.errors.ValueRefusedError`; what came before it is kept and the
        transaction goes on (an import batch stores each package this way)."""
        try:
            with self.session.begin_nested():
                yield
        except (IntegrityError, DataError) as exc:
            refused = errors.refused(exc)
            if refused is None:  # one of ours already
                raise
            raise refused from exc
