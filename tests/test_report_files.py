"""Saving a report: atomic, and never a half-written file when the folder is unusable."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from jalon.core.errors import StorageError
from jalon.reports import save_report

from .unprivileged import how_to_obey_permissions, is_root, obey_permissions

PDF = b"%PDF-1.4\n" + b"x" * 10_000 + b"\n%%EOF\n"


def test_save_report_writes_the_bytes_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "ON-report.pdf"

    assert save_report(PDF, target) == target

    assert target.read_bytes() == PDF
    assert [p.name for p in tmp_path.iterdir()] == ["ON-report.pdf"]


def test_save_report_replaces_an_existing_report_whole(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old report")

    save_report(PDF, target)

    assert target.read_bytes() == PDF
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_save_report_refuses_a_missing_folder_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "report.pdf"

    with pytest.raises(StorageError) as caught:
        save_report(PDF, target)

    assert caught.value.message.msgid.startswith("The folder {folder} does not exist.")
    assert str(tmp_path / "no-such-folder") in str(caught.value)
    assert "Choose an existing folder" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_save_report_refuses_a_folder_given_as_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()

    with pytest.raises(StorageError) as caught:
        save_report(PDF, folder)

    assert "is a folder" in str(caught.value)
    assert list(folder.iterdir()) == []


@pytest.fixture
def read_only_folder() -> Iterator[Path]:
    """A folder its owner may not write to, reachable by an unprivileged user."""
    base = Path(tempfile.mkdtemp(prefix="jalon-ro-"))
    base.chmod(0o755)
    folder = base / "read-only"
    folder.mkdir()
    (folder / "report.pdf").write_bytes(b"the previous report")
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o755)
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()
        base.rmdir()


def run_unprivileged(action: Callable[[], str]) -> str:
    """Run ``action`` in a process that obeys file permissions; its result.

    A folder's permissions do not stop root, and test machines often run as root: then the
    action runs in a child process that has lost that power (see :mod:`tests.unprivileged`).
    """
    if not is_root():
        return action()
    _how, reason = how_to_obey_permissions()
    if reason is not None:
        pytest.skip(reason)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: obey permissions, act, report, and leave without cleanup
        try:
            os.close(read)
            obey_permissions()
            result = action()
        except BaseException as exc:  # report anything; the parent's assertions decide
            result = f"unexpected {type(exc).__name__}: {exc}"
        os.write(write, result.encode("utf-8"))
        os.close(write)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        result = pipe.read().decode("utf-8")
    os.waitpid(pid, 0)
    return result


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_save_report_refuses_a_read_only_folder_and_leaves_no_partial_file(
    read_only_folder: Path,
) -> None:
    target = read_only_folder / "report.pdf"

    def attempt() -> str:
        try:
            save_report(PDF, target)
        except StorageError as exc:
            return f"{type(exc).__name__}: {exc.message.msgid} | {exc}"
        return "saved"

    outcome = run_unprivileged(attempt)

    assert outcome.startswith("StorageError: The folder {folder} cannot be written to."), outcome
    assert str(read_only_folder) in outcome
    assert "Choose a folder where you can save files." in outcome
    assert sorted(p.name for p in read_only_folder.iterdir()) == ["report.pdf"]
    assert target.read_bytes() == b"the previous report"
