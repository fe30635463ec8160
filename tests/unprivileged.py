"""Making a process obey file permissions, wherever the checkout lives.

Root writes through permissions, so a test that makes a folder read-only must run its action in
a child that has lost that power. Dropping to user ``nobody`` does it, but ``nobody`` then
cannot reach a checkout (or its ``.venv``, or the Python installation) in a folder only root
may enter, such as one made by ``mktemp -d`` or ``/root``. So, when the tests run as root:

* on Linux the child stays root but sheds the capabilities that override permissions
  (``CAP_DAC_OVERRIDE``, ``CAP_DAC_READ_SEARCH``, ``CAP_FOWNER``), from its effective,
  permitted and inheritable sets: it reads everything it owns, as before, and a file or folder
  without write permission for its owner (root) refuses it, even through ``access()``;
* elsewhere (macOS, the BSDs) the child drops to user ``nobody``, when that user can reach
  the Python installation, the checkout and the temporary folder; otherwise the test is skipped
  with a reason that names the folder and what would make it run.

Not root: permissions already apply, nothing is done.
"""

from __future__ import annotations

import ctypes
import os
import stat
import sys
import tempfile
from functools import cache
from pathlib import Path

NOBODY = 65534
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 1, 2, 3
_LINUX_CAPABILITY_VERSION_3 = 0x20080522

#: How a root process is made to obey permissions here.
CAPABILITIES, NOBODY_USER = "capabilities", "nobody"


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def is_root() -> bool:
    return os.name == "posix" and os.geteuid() == 0


def shed_permission_override() -> None:
    """This process (Linux) loses, for good, root's power to ignore file permissions; an
    :class:`OSError` if the kernel refuses."""
    libc = ctypes.CDLL(None, use_errno=True)
    header = _CapHeader(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget failed")
    keep = ~((1 << CAP_DAC_OVERRIDE) | (1 << CAP_DAC_READ_SEARCH) | (1 << CAP_FOWNER))
    for field in ("effective", "permitted", "inheritable"):
        setattr(data[0], field, getattr(data[0], field) & keep & 0xFFFFFFFF)
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset failed")


def _unreachable_by_others(path: Path) -> Path | None:
    """The first folder on the way to ``path`` that other users cannot enter, if any."""
    for folder in [*reversed(path.resolve().parents), path.resolve()]:
        try:
            mode = folder.stat().st_mode
        except OSError:
            return folder
        if stat.S_ISDIR(mode) and not mode & stat.S_IXOTH:
            return folder
    return None


@cache
def _probe_capabilities() -> str | None:
    """None if a forked child can shed the override and is then refused by a read-only
    folder; else why not."""
    folder = Path(tempfile.mkdtemp(prefix="jalon-caps-"))
    try:
        folder.chmod(0o555)
        pid = os.fork()
        if pid == 0:  # the child: shed, try to write, exit 0 only if refused
            code = 3
            try:
                shed_permission_override()
                try:
                    (folder / "probe").write_bytes(b"")
                    code = 2
                except PermissionError:
                    code = 0
            except BaseException:
                code = 1
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
    finally:
        folder.chmod(0o755)
        for leftover in folder.iterdir():
            leftover.unlink()
        folder.rmdir()
    return {
        0: None,
        1: "the kernel refused to drop CAP_DAC_OVERRIDE (capset)",
        2: "a root process without CAP_DAC_OVERRIDE could still write to a read-only folder",
    }.get(code, f"the capability probe ended with status {code}")


@cache
def how_to_obey_permissions() -> tuple[str | None, str | None]:
    """(how, None) — ``how`` is None when not root — or (None, the reason to skip)."""
    if not is_root():
        return None, None
    if sys.platform.startswith("linux"):
        problem = _probe_capabilities()
        if problem is None:
            return CAPABILITIES, None
    else:
        problem = "this system has no Linux capabilities to shed"
    needed = [
        Path(sys.base_prefix),
        Path(sys.prefix),
        Path(__file__).resolve().parents[1],
        Path(tempfile.gettempdir()),
    ]
    for path in needed:
        blocked = _unreachable_by_others(path)
        if blocked is not None:
            return None, (
                f"running as root, a read-only file needs a process that obeys permissions: "
                f"{problem}, and user nobody cannot enter {blocked} (mode "
                f"{stat.S_IMODE(blocked.stat().st_mode):o}) to reach {path}. Run the tests "
                f"as an ordinary user, or from a checkout and Python that other users can reach."
            )
    return NOBODY_USER, None


def obey_permissions() -> None:
    """In a forked child: from now on, file permissions apply to this process (see the
    module's text). Call :func:`how_to_obey_permissions` in the parent first."""
    how, reason = how_to_obey_permissions()
    if reason is not None:
        raise RuntimeError(reason)
    if how == CAPABILITIES:
        shed_permission_override()
    elif how == NOBODY_USER:
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)


def give_to_unprivileged(path: Path) -> None:
    """Make ``path`` (and everything below it) belong to the user the child runs as: only when
    that user is ``nobody``, for a child that keeps root's identity owns root's files."""
    if how_to_obey_permissions()[0] != NOBODY_USER:
        return
    for item in [path, *path.rglob("*")]:
        os.chown(item, NOBODY, NOBODY)
