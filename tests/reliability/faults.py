"""Real I/O faults in a child process: a full disk (RLIMIT_FSIZE) and read-only files (in a
child that obeys permissions when the tests run as root, since root writes through them: see
:mod:`tests.unprivileged`, which works from a checkout in any folder).

A full disk: the child lowers its own ``RLIMIT_FSIZE`` and ignores ``SIGXFSZ``, so every write
past the limit fails with ``EFBIG``, as it fails with ``ENOSPC`` on a full disk: SQLite and
Python see a write that did not happen. Raising the limit again is freeing the disk.
"""

from __future__ import annotations

# Where a child drops to user nobody, it may no longer read the Python installation (under
# /root on many CI machines): import now what the code imports lazily.
import _strptime  # noqa: F401
import json
import os
import shutil
import signal
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from ..unprivileged import give_to_unprivileged, how_to_obey_permissions, obey_permissions

POSIX = os.name == "posix" and hasattr(os, "fork")

needs_posix = pytest.mark.skipif(
    not POSIX, reason="RLIMIT_FSIZE, fork and POSIX permissions (macOS, Linux)"
)


def limit_file_size(size: int) -> None:
    """From now on this process cannot write a file past ``size`` bytes (a full disk)."""
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))


def lift_file_size_limit() -> None:
    """The disk has room again."""
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))


def in_child(action: Callable[[], dict[str, Any]], *, unprivileged: bool = False) -> dict[str, Any]:
    """Run ``action`` in a forked child and return what it returned; an unexpected exception
    comes back as ``{"unexpected": ...}``. With ``unprivileged`` the child obeys file
    permissions even when the tests run as root (or the test is skipped, saying what it
    needs, where that cannot be done)."""
    if unprivileged:
        _how, reason = how_to_obey_permissions()
        if reason is not None:
            pytest.skip(reason)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: act, report, leave without running the parent's cleanups
        try:
            os.close(read)
            if unprivileged:
                obey_permissions()
            result = action()
        except BaseException as exc:
            result = {
                "unexpected": f"{type(exc).__name__}: {exc}",
                "traceback": traceback.format_exc(),
            }
        try:
            os.write(write, json.dumps(result, default=str).encode("utf-8"))
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        raw = pipe.read()
    os.waitpid(pid, 0)
    result: dict[str, Any] = json.loads(raw.decode("utf-8")) if raw else {"unexpected": "none"}
    return result


def error_facts(exc: BaseException) -> dict[str, Any]:
    """What a test checks of a refusal: class, msgid, parameters, English text."""
    from jalon.core.errors import JalonError

    if not isinstance(exc, JalonError):
        return {"class": type(exc).__name__, "text": str(exc), "traceback": traceback.format_exc()}
    return {
        "class": type(exc).__name__,
        "classes": [c.__name__ for c in type(exc).__mro__],
        "msgid": exc.message.msgid,
        "params": {k: str(v) for k, v in exc.message.params.items()},
        "text": str(exc),
    }


@contextmanager
def shared_folder(prefix: str) -> Iterator[Path]:
    """A folder the child can reach and write to, even as user nobody; removed afterwards."""
    base = Path(tempfile.mkdtemp(prefix=prefix))
    base.chmod(0o755)
    folder = base / "work"
    folder.mkdir()
    try:
        yield folder
    finally:
        for path in [base, *base.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)


def give_to_child(path: Path) -> None:
    """Make ``path`` (and everything below it) belong to the user the child runs as."""
    give_to_unprivileged(path)


def french_exists(msgid: str) -> bool:
    """Whether ``msgid`` has a French translation: in the catalog or waiting to be merged."""
    root = Path(__file__).resolve().parents[2]
    pending: dict[str, str] = {}
    for file in (root / "translations" / "pending").glob("*.json"):
        pending.update(json.loads(file.read_text(encoding="utf-8")))
    if msgid in pending:
        return True
    from jalon.i18n import translator

    return translator("fr").gettext(msgid) != msgid
