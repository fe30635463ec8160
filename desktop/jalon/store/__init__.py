"""Persistence: SQLAlchemy models, migrations, repositories and the unit of work."""

from jalon.store.database import Database, open_database
from jalon.store.uow import UnitOfWork

__all__ = ["Database", "UnitOfWork", "open_database"]
