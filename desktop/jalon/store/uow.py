"""The unit of work: one transaction, committed whole or not at all."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

from jalon.store.repositories import AssessmentRepository, SettingsRepository


class UnitOfWork:
    """``with UnitOfWork(sessions) as uow: ...; uow.commit()`` — anything not committed is
    rolled back when the block ends, including when it ends with an exception."""

    assessments: AssessmentRepository
    settings: SettingsRepository

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def __enter__(self) -> UnitOfWork:
        self.session = self._sessions()
        self.assessments = AssessmentRepository(self.session)
        self.settings = SettingsRepository(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
