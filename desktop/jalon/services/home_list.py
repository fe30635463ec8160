"""The list of assessments read straight from the SQLite file, before the store is open.

Opening the store imports SQLAlchemy and checks the database's migrations: a second or more,
while the list a person came for is a few plain queries away. So, for an installation in
daily use (a SQLite file at the store's newest schema version, :func:`schema_version`, whose
assessments are all on frameworks shipped with Jalon), :class:`QuickList` reads the
latest revision of every assessment with the standard library's ``sqlite3``, read-only and in
one read transaction (one consistent snapshot), page by page, and builds the same
:class:`AssessmentSummary` values as ``services.assessments.list_assessments``. Anything else
(a database server, a new or older or newer database, an assessment on a framework update
installed in the data folder, a file this reading cannot make sense of) answers None: the
caller then waits for the store, which says what is wrong if anything is.

Plain Python, no SQLAlchemy: importing this module costs nothing worth measuring. The
desktop app shows these rows while the store opens, then reads the list again through the
store; ``jalon list`` prints them without importing the store at all.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from jalon import paths
from jalon.core import assessment as am
from jalon.core.framework_outline import FrameworkOutline, read_outline
from jalon.core.jurisdiction import from_record
from jalon.core.validation import Completeness, completeness
from jalon.services.first_look import DB_FILENAME

if TYPE_CHECKING:
    from jalon.core.framework import Framework

#: The store's migrations (``jalon/store/migrations/versions``), found without importing the
#: store: ``NNNN_what.py`` holds revision ``NNNN``, as ``store.database.known_revisions`` reads.
MIGRATIONS = Path(__file__).resolve().parents[1] / "store" / "migrations" / "versions"

#: The columns read, table by table: every column of the tables an assessment is made of (a
#: test holds them to the store's models, so a migration that changes these tables changes
#: this reading too).
COLUMNS: dict[str, tuple[str, ...]] = {
    "assessment_revisions": (
        "pk",
        "assessment_id",
        "revision",
        "title",
        "jurisdiction_code",
        "jurisdiction_kind",
        "jurisdiction_name_en",
        "jurisdiction_name_fr",
        "framework_id",
        "framework_version",
        "framework_sha256",
        "status",
        "archived",
        "created_at",
        "updated_at",
        "signer_name",
        "signer_title",
        "signer_key_id",
        "signed_at",
    ),
    "theme_responses": (
        "revision_pk",
        "theme_id",
        "current",
        "target",
        "priority",
        "role",
        "capacity",
        "comment",
        "evidence",
        "position",
    ),
    "answers": ("revision_pk", "question_id", "text"),
    "participants": ("revision_pk", "name", "title", "organization", "position"),
}
_REVISION_COLUMNS = ", ".join(COLUMNS["assessment_revisions"])
#: The latest revision of each assessment, newest change first (as the store lists them).
_LATEST = """
    SELECT r.pk FROM assessment_revisions AS r
    JOIN (SELECT assessment_id, MAX(revision) AS revision
          FROM assessment_revisions GROUP BY assessment_id) AS latest
      ON r.assessment_id = latest.assessment_id AND r.revision = latest.revision
    ORDER BY r.updated_at DESC, r.pk
"""


@dataclass(frozen=True, slots=True)
class AssessmentSummary:
    """One line of the home screen or of ``jalon list``."""

    assessment: am.Assessment
    completeness: Completeness
    archived: bool

    @property
    def id(self) -> str:
        return self.assessment.id


@cache
def schema_version() -> str | None:
    """The store's newest schema version (Alembic revision): the one these queries read. A
    database at another one (older: the store migrates it first) is read by the store."""
    try:
        names = sorted(p.name.split("_", 1)[0] for p in MIGRATIONS.glob("[0-9]*_*.py"))
    except OSError:
        return None
    return names[-1] if names else None


@cache
def _shipped_outlines(folder: Path) -> dict[tuple[str, str], FrameworkOutline]:
    """The frameworks shipped with Jalon, by (id, version): their outlines, all that counting
    completeness needs (:mod:`jalon.core.framework_outline`).

    Not checked here: they are Jalon's own files, and the store checks them in full as it
    opens, moments later, refusing to start on a broken one. A file that cannot be read
    raises, and the list waits for the store."""
    loaded = (read_outline(file.read_bytes()) for file in sorted(folder.glob("*.json")))
    return {(fw.id, fw.version): fw for fw in loaded}


def _trusted(_raw: Any) -> bool:
    return True


@cache
def _shipped_frameworks(folder: Path) -> dict[tuple[str, str], Framework]:
    """The frameworks shipped with Jalon, built in full, by (id, version): for what shows more
    of them than the list does (``jalon list --json``). Not checked against their schema here,
    for the reason :func:`_shipped_outlines` gives."""
    from jalon.core.framework import parse_framework

    loaded = (
        parse_framework(file.read_bytes(), source=str(file), schema={}, valid=_trusted)
        for file in sorted(folder.glob("*.json"))
    )
    return {(fw.id, fw.version): fw for fw in loaded}


def _moment(value: Any) -> datetime:
    """A stored UTC moment (SQLAlchemy writes ``YYYY-MM-DD HH:MM:SS.ffffff``, no zone)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC)


class QuickList:
    """The latest revision of every assessment of a SQLite data folder, page by page.

    :meth:`open` answers None when the list must come from the store. The pages come from
    one read transaction, so they never repeat or miss an assessment; a failure while paging
    (a file damaged meanwhile) ends the pages early (:attr:`done`), and the store says the
    rest. Not thread-safe: one thread reads it.
    """

    def __init__(
        self,
        connection: sqlite3.Connection,
        keys: list[int],
        frameworks: dict[tuple[str, str], FrameworkOutline],
    ) -> None:
        self._connection: sqlite3.Connection | None = connection
        self._keys = keys
        self._next = 0
        self._frameworks = frameworks
        #: Whether a page could not be read (the pages then ended early): the store says.
        self.failed = False

    @classmethod
    def open(
        cls, data_dir: str | Path | None = None, database: str | None = None, *, alone: bool = False
    ) -> QuickList | None:
        """The reader of the data folder's SQLite file, or None when the store must say.

        ``alone``: every page is read at once, with no store opening beside the reading (the
        command line). A file no one has open (no ``-wal`` file) is then read as immutable,
        which writes nothing beside it: a read-only connection to a WAL database leaves
        ``-wal`` and ``-shm`` files behind, and a damaged file must be left as it was.
        """
        if paths.database_url(database):
            return None
        folder = paths.data_dir(data_dir).absolute()
        path = folder / DB_FILENAME
        try:
            if not path.is_file():
                return None
            frameworks = _shipped_outlines(paths.resource("frameworks"))
        except Exception:  # the store explains an unreadable installation
            return None
        # Read-only, and "immutable" only when alone: in the desktop app the store opens (and
        # may write) beside this reading.
        uri = f"file:{quote(str(path))}?mode=ro"
        if alone and not path.with_name(path.name + "-wal").exists():
            uri += "&immutable=1"
        connection: sqlite3.Connection | None = None
        try:
            connection = sqlite3.connect(uri, uri=True, timeout=1.0, isolation_level=None)
            connection.execute("BEGIN")  # one snapshot for every page
            versions = connection.execute("SELECT version_num FROM alembic_version").fetchall()
            if schema_version() is None or versions != [(schema_version(),)]:
                connection.close()
                return None
            used = connection.execute(
                "SELECT DISTINCT framework_id, framework_version FROM assessment_revisions"
            ).fetchall()
            if any((fw_id, version) not in frameworks for fw_id, version in used):
                connection.close()
                return None
            keys = [pk for (pk,) in connection.execute(_LATEST)]
        except sqlite3.Error:
            if connection is not None:
                connection.close()
            return None
        return cls(connection, keys, frameworks)

    def __len__(self) -> int:
        """How many assessments there are."""
        return len(self._keys)

    @property
    def done(self) -> bool:
        """Every page was read (or the reading stopped); the connection is closed."""
        return self._connection is None

    def outline_for(self, a: am.Assessment) -> FrameworkOutline:
        return self._frameworks[(a.framework.id, a.framework.version)]

    def framework_for(self, a: am.Assessment) -> Framework:
        """``a``'s framework, built in full (the list itself needs only its outline)."""
        return _shipped_frameworks(paths.resource("frameworks"))[
            (a.framework.id, a.framework.version)
        ]

    def next_page(self, size: int) -> list[AssessmentSummary]:
        """The next ``size`` assessments (fewer at the end, none once :attr:`done`)."""
        if self._connection is None:
            return []
        keys = self._keys[self._next : self._next + size]
        self._next += len(keys)
        try:
            page = self._read(self._connection, keys)
        except Exception:  # a file this cannot read: the store will say
            page = []
            self._next = len(self._keys)
            self.failed = True
        if self._next >= len(self._keys):
            self.close()
        return page

    def rest(self) -> list[AssessmentSummary]:
        """Every assessment not read yet."""
        return self.next_page(len(self._keys))

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self._connection.close()
            self._connection = None

    def _read(self, connection: sqlite3.Connection, keys: list[int]) -> list[AssessmentSummary]:
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        revisions = connection.execute(
            f"SELECT {_REVISION_COLUMNS} FROM assessment_revisions WHERE pk IN ({marks})", keys
        ).fetchall()
        responses: dict[int, list[am.ThemeResponse]] = {pk: [] for pk in keys}
        for pk, *values in connection.execute(
            "SELECT revision_pk, theme_id, current, target, priority, role, capacity, comment,"
            f" evidence FROM theme_responses WHERE revision_pk IN ({marks})"
            " ORDER BY revision_pk, position",
            keys,
        ):
            responses[pk].append(am.ThemeResponse(*values))
        answers: dict[int, dict[str, str]] = {pk: {} for pk in keys}
        for pk, question_id, text in connection.execute(
            f"SELECT revision_pk, question_id, text FROM answers WHERE revision_pk IN ({marks})",
            keys,
        ):
            answers[pk][question_id] = text
        people: dict[int, list[am.Participant]] = {pk: [] for pk in keys}
        for pk, name, title, organization in connection.execute(
            "SELECT revision_pk, name, title, organization FROM participants"
            f" WHERE revision_pk IN ({marks}) ORDER BY revision_pk, position",
            keys,
        ):
            people[pk].append(am.Participant(name, title, organization))
        by_key = {
            row[0]: self._summary(row, responses, answers, people, self.outline_for)
            for row in revisions
        }
        return [by_key[pk] for pk in keys if pk in by_key]

    @staticmethod
    def _summary(
        row: tuple[Any, ...],
        responses: dict[int, list[am.ThemeResponse]],
        answers: dict[int, dict[str, str]],
        people: dict[int, list[am.Participant]],
        outline_for: Callable[[am.Assessment], FrameworkOutline],
    ) -> AssessmentSummary:
        (pk, assessment_id, revision, title, code, kind, name_en, name_fr) = row[:8]
        (fw_id, fw_version, fw_sha256, status, archived, created, updated) = row[8:15]
        (signer_name, signer_title, signer_key_id, signed_at) = row[15:]
        signature = None
        if signer_key_id and signed_at:
            signature = am.Signature(
                signer_name=signer_name or "",
                signer_title=signer_title or "",
                key_id=signer_key_id,
                signed_at=_moment(signed_at),
            )
        a = am.Assessment(
            id=assessment_id,
            revision=revision,
            title=title,
            jurisdiction=from_record(code, kind, name_en, name_fr),
            framework=am.FrameworkRef(fw_id, fw_version, fw_sha256),
            responses=tuple(responses[pk]),
            answers=answers[pk],
            participants=tuple(people[pk]),
            status=am.Status(status),
            created_at=_moment(created),
            updated_at=_moment(updated),
            signature=signature,
        )
        return AssessmentSummary(a, completeness(a, outline_for(a)), bool(archived))


__all__ = ["COLUMNS", "AssessmentSummary", "QuickList", "schema_version"]
