"""The application context every use case runs in: the data folder, the database, the
frameworks, and who is acting.

Both faces (the desktop app and the command line) open one :class:`Jalon` and pass it to the
service functions.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from jalon import paths
from jalon.core.assessment import Assessment
from jalon.core.errors import N_, FrameworkError, StorageError
from jalon.core.framework import Framework, load_framework
from jalon.fileio import remove_leftovers
from jalon.services import file_watch
from jalon.services.backups import record_backup_problem
from jalon.services.history import missing_error, signs_of_a_database
from jalon.store import Database, UnitOfWork, open_database
from jalon.store.backup import quick_check, remove_stale_partials, startup_backup
from jalon.store.database import DB_FILENAME
from jalon.store.faults import DatabaseDamagedError

FRAMEWORK_SCHEMA = ("schemas", "framework.schema.json")
BACKUPS = "backups"


class FrameworkRegistry:
    """The framework files shipped with Jalon, by id and version."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._loaded: dict[tuple[str, str], Framework] = {}

    @cached_property
    def _files(self) -> list[Path]:
        return sorted(self._folder.glob("*.json"))

    def all(self) -> list[Framework]:
        if not self._loaded:
            schema = paths.resource(*FRAMEWORK_SCHEMA)
            valid = _fast_check(schema)
            for file in self._files:
                fw = load_framework(file, schema, valid)
                self._loaded[(fw.id, fw.version)] = fw
        return list(self._loaded.values())

    def default(self) -> Framework:
        """The newest version of the Joint Councils framework."""
        frameworks = self.all()
        if not frameworks:
            raise FrameworkError(
                N_("No framework file was found in {folder}. Reinstall Jalon."),
                folder=str(self._folder),
            )
        return max(frameworks, key=lambda f: tuple(int(p) for p in f.version.split(".")))

    def get(self, framework_id: str, version: str) -> Framework:
        for fw in self.all():
            if (fw.id, fw.version) == (framework_id, version):
                return fw
        raise FrameworkError(
            N_(
                "The framework {id} version {version} is not installed. Install it from the "
                "framework file (.jalonfw) the secretariat published: File › Install a framework "
                "update… in the app, or “jalon framework install FILE” on the command line."
            ),
            id=framework_id,
            version=version,
        )


def _fast_check(schema: Path) -> Callable[[Any], bool] | None:
    """The framework schema compiled (``jalon.exchange.schemas``): ``jsonschema`` is then
    imported only for a framework file that breaks it, to say where."""
    import json

    from jalon.exchange.schemas import validity

    try:
        return validity(json.loads(schema.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None  # load_framework says what is wrong with the schema file


_REGISTRIES: dict[tuple[object, ...], FrameworkRegistry] = {}


def shipped_frameworks(folder: Path) -> FrameworkRegistry:
    """The frameworks in ``folder``, loaded and checked once per process: they are read-only
    resources, and checking them against the schema is most of the cost of opening a store.
    A file that changes (size or time) is loaded and checked again."""

    def stamp(path: Path) -> tuple[str, int, int]:
        info = path.stat()
        return (path.name, info.st_size, info.st_mtime_ns)

    try:
        key = (
            folder,
            stamp(paths.resource(*FRAMEWORK_SCHEMA)),
            *(stamp(p) for p in sorted(folder.glob("*.json"))),
        )
    except OSError:  # let the registry report the unreadable file
        return FrameworkRegistry(folder)
    if key not in _REGISTRIES:
        registry = FrameworkRegistry(folder)
        registry.default()
        _REGISTRIES[key] = registry
    return _REGISTRIES[key]


class Jalon:
    """An open installation: data folder, database and frameworks."""

    def __init__(self, data_dir: Path, database: Database, frameworks: FrameworkRegistry) -> None:
        self.data_dir = data_dir
        self.database = database
        self.frameworks = frameworks
        self._actor: str | None = None
        #: The start-up backup taken by :meth:`open` (None when none was due).
        self.startup_backup: Path | None = None
        #: Why the start-up backup could not be written (a full disk?); the app still works.
        self.backup_problem: StorageError | None = None
        #: The database file's device and inode when opened: a save checks it is still there
        #: (``jalon.services.file_watch``).
        self.file_identity: tuple[int, int] | None = None
        #: Where edits the store could not take were written, by assessment id.
        self.rescued: dict[str, Path] = {}

    @classmethod
    def open(
        cls,
        data_dir: str | os.PathLike[str] | None = None,
        database_url: str | None = None,
        *,
        check: bool = False,
        allow_new: bool = False,
    ) -> Jalon:
        """Open (creating, checking and migrating as needed) the installation's store.

        A missing or empty database in a data folder that held one is refused
        (:class:`~jalon.services.history.DatabaseMissingError`) unless ``allow_new``.
        ``check`` runs SQLite's ``quick_check`` on the open database (the desktop app does,
        so that damage is found before the window shows anything) and refuses a damaged one
        with :class:`DatabaseDamagedError`.
        """
        folder = paths.data_dir(data_dir)
        registry = shipped_frameworks(paths.resource("frameworks"))
        registry.default()  # a broken framework file is refused before anything is written
        url = paths.database_url(database_url)
        if url is None:
            _refuse_a_lost_database(folder.absolute(), allow_new=allow_new)
        database = open_database(folder, url)
        from jalon.services.frameworks import with_installed  # framework updates installed

        app = cls(folder, database, with_installed(registry, folder))
        if database.path is not None:
            app.file_identity = file_watch.identity(database.path)
            for leftovers in (database.path.parent, database.path.parent / BACKUPS):
                remove_leftovers(leftovers)
            remove_stale_partials(database.path.parent)  # a restore killed half-way
            if check and not database.created:
                _check_or_refuse(database)
        if database.path is not None and not (database.created or database.backup_path):
            try:  # at most one every 12 hours; a damaged database is refused here
                app.startup_backup = startup_backup(database.path, database.path.parent / BACKUPS)
            except DatabaseDamagedError:
                database.dispose()
                raise
            except StorageError as exc:
                app.backup_problem = exc
                record_backup_problem(database.path.parent / BACKUPS, exc)
            else:
                if app.startup_backup is not None:
                    record_backup_problem(database.path.parent / BACKUPS, None)
        from jalon.services.privacy import make_private

        make_private(folder)
        return app

    def close(self) -> None:
        self.database.dispose()

    def __enter__(self) -> Jalon:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.database.sessions)

    @property
    def framework(self) -> Framework:
        return self.frameworks.default()

    def framework_for(self, a: Assessment) -> Framework:
        return self.frameworks.get(a.framework.id, a.framework.version)

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"

    @property
    def actor(self) -> str:
        """Who is acting, for the audit trail: the signer's name if set, else the OS login."""
        if self._actor is None:
            with self.uow() as uow:
                name = uow.settings.get("identity.name")
            if not name:
                try:
                    name = getpass.getuser()
                except (OSError, KeyError):
                    name = "unknown"
            self._actor = name
        return self._actor

    def forget_actor(self) -> None:
        """Read the actor's name again next time (after the identity changed)."""
        self._actor = None

    @contextmanager
    def writing(self) -> Iterator[UnitOfWork]:
        """A unit of work that commits when the block ends without error."""
        with self.uow() as uow:
            yield uow
            if self.database.path is not None:  # never "saved" into a file that is gone
                file_watch.check(self.database.path, self.file_identity)
            uow.commit()


def _refuse_a_lost_database(folder: Path, *, allow_new: bool) -> None:
    if allow_new:
        return
    database = folder / DB_FILENAME
    try:
        empty = not database.exists() or database.stat().st_size == 0
    except OSError:
        return  # open_database says what is wrong with it
    if empty and signs_of_a_database(folder):
        raise missing_error(database)


def _check_or_refuse(database: Database) -> None:
    assert database.path is not None
    problem = quick_check(database.path)
    if problem != "ok":
        database.dispose()
        raise DatabaseDamagedError(
            N_(
                "The database {file} is damaged ({detail}). Restore the newest good backup "
                "(Jalon offers it when it opens, or run 'jalon doctor --restore'); the damaged "
                "file is kept beside it under another name."
            ),
            file=str(database.path),
            detail=problem[:300],
        )


def now() -> datetime:
    return datetime.now(UTC)


def ensure_writable(path: Path) -> None:
    if not os.access(path, os.W_OK):
        raise StorageError(
            N_("The folder {folder} cannot be written to. Choose another folder."),
            folder=str(path),
        )
