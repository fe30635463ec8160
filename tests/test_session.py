"""The desktop session's marker and the crash reports: an end without quitting is noticed at
the next start with the time of the last saved edit, a crash of the interpreter leaves a
report in the data folder's logs, and ``jalon doctor`` lists the reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from jalon.core.jurisdiction import government
from jalon.main import main as jalon
from jalon.services import assessments, session
from jalon.services.app import Jalon
from tests import edits


@pytest.fixture
def app(data_dir: Path) -> Iterator[Jalon]:
    opened = Jalon.open(data_dir)
    yield opened
    opened.close()


def crash_in_child(folder: Path) -> subprocess.CompletedProcess[str]:
    """A process that enables the crash reports of ``folder``, then dies of a segmentation
    fault, as a binding bug kills the app."""
    code = textwrap.dedent(
        f"""
        import ctypes
        from jalon.services.session import enable_crash_reports
        enable_crash_reports({str(folder)!r})
        ctypes.string_at(0)
        """
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )


def test_an_end_without_quitting_is_reported_at_the_next_start_with_the_last_saved_edit(
    app: Jalon,
) -> None:
    first, unclean = session.begin(app)
    assert unclean is None
    a = assessments.create(app, government("ON"), "Typed before the power cut")
    saved = edits.update_response(app, a.id, "strategy", comment="kept")
    # No first.end(): the process died.
    second, unclean = session.begin(app)
    assert unclean is not None
    assert unclean.last_saved == saved.updated_at
    assert unclean.started is not None
    assert unclean.crash_report is None
    second.end()
    assert not (app.data_dir / session.MARKER_FILE).exists()
    assert first.marker == second.marker


def test_quitting_normally_leaves_nothing_to_report(app: Jalon) -> None:
    first, _unclean = session.begin(app)
    first.end()
    second, unclean = session.begin(app)
    assert unclean is None
    second.end()


def test_an_end_without_quitting_before_any_edit_says_nothing_was_typed(app: Jalon) -> None:
    session.begin(app)
    _second, unclean = session.begin(app)
    assert unclean is not None
    assert unclean.last_saved is None


def test_an_unreadable_marker_still_counts_as_an_end_without_quitting(app: Jalon) -> None:
    (app.data_dir / session.MARKER_FILE).write_text("{not json", encoding="utf-8")
    _second, unclean = session.begin(app)
    assert unclean is not None
    assert unclean.started is None
    marker = json.loads((app.data_dir / session.MARKER_FILE).read_text(encoding="utf-8"))
    assert marker["pid"] == os.getpid()


def test_a_crash_writes_a_report_into_the_logs_that_the_next_start_points_to(
    app: Jalon,
) -> None:
    session.begin(app)  # the session that crashes
    result = crash_in_child(app.data_dir)
    assert result.returncode != 0
    reports = session.crash_reports(app.data_dir)
    assert len(reports) == 1
    assert reports[0].parent == app.data_dir / "logs"
    assert reports[0].name.startswith("crash-")
    assert "Fatal Python error: Segmentation fault" in reports[0].read_text(encoding="utf-8")
    _second, unclean = session.begin(app)
    assert unclean is not None
    assert unclean.crash_report == reports[0]


def test_a_normal_end_removes_its_empty_crash_report(data_dir: Path) -> None:
    log = session.enable_crash_reports(data_dir)
    assert log is not None
    assert log.path.exists()
    assert session.crash_reports(data_dir) == []  # empty: running, not crashed
    log.close()
    assert not log.path.exists()


def test_empty_reports_left_by_killed_processes_are_cleared_at_the_next_start(
    app: Jalon,
) -> None:
    logs = app.data_dir / "logs"
    logs.mkdir()
    killed = logs / "crash-20261101-101010-4242.log"
    killed.write_text("", encoding="utf-8")
    own = session.enable_crash_reports(app.data_dir)
    assert own is not None
    try:
        session.begin(app, own)
        assert not killed.exists()
        assert own.path.exists()
    finally:
        own.close()


def test_jalon_doctor_lists_the_crash_reports_found(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crash_in_child(data_dir)
    [report] = session.crash_reports(data_dir)
    jalon(["--lang", "en", "doctor", "--data-dir", str(data_dir)])
    out = capsys.readouterr().out
    assert "Jalon crashed 1 time(s); crash reports, newest first" in out
    assert str(report) in out
    jalon(["--lang", "en", "doctor", "--data-dir", str(data_dir), "--json"])
    assert json.loads(capsys.readouterr().out)["crash_reports"] == [str(report)]


def test_jalon_doctor_mentions_no_crash_when_there_was_none(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jalon(["--lang", "en", "doctor", "--data-dir", str(data_dir)])
    assert "crash" not in capsys.readouterr().out.lower()


def test_old_and_surplus_crash_reports_are_removed_at_the_next_start(app: Jalon) -> None:
    logs = app.data_dir / "logs"
    logs.mkdir()
    now = datetime.now(UTC).timestamp()
    recent = []
    for i in range(session.CRASH_REPORTS_KEPT + 5):
        report = logs / f"crash-202611{i:02d}-101010-{1000 + i}.log"
        report.write_text("Fatal Python error: Segmentation fault\n", encoding="utf-8")
        os.utime(report, (now - i * 60, now - i * 60))
        recent.append(report)
    ancient = logs / "crash-20250101-101010-99.log"
    ancient.write_text("Fatal Python error: Aborted\n", encoding="utf-8")
    stale = now - (session.CRASH_REPORT_MAX_AGE_DAYS + 1) * 86400
    os.utime(ancient, (stale, stale))

    session.begin(app)

    assert not ancient.exists()
    kept = session.crash_reports(app.data_dir)
    assert kept == recent[: session.CRASH_REPORTS_KEPT]


def test_the_report_of_the_crash_being_reported_is_never_removed(app: Jalon) -> None:
    logs = app.data_dir / "logs"
    logs.mkdir()
    (app.data_dir / session.MARKER_FILE).write_text(
        json.dumps({"pid": 1, "started": "2020-01-01T00:00:00+00:00"}), encoding="utf-8"
    )
    report = logs / "crash-20200101-000001-1.log"
    report.write_text("Fatal Python error: Segmentation fault\n", encoding="utf-8")
    stale = datetime(2020, 1, 1, 0, 1, tzinfo=UTC).timestamp()
    os.utime(report, (stale, stale))

    _session, unclean = session.begin(app)

    assert unclean is not None
    assert unclean.crash_report == report
    assert report.exists()
