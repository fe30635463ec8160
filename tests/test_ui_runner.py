"""The one background runner: progress, cancel, results and failures said in the user's
language, with real threads."""

from __future__ import annotations

import errno
import threading

from pytestqt.qtbot import QtBot

from jalon import i18n
from jalon.core.errors import N_, InvalidInputError, Message
from jalon.ui.runner import Operation, failure_text, wait_for_all

WAIT_MS = 20_000


def test_the_result_reaches_the_window_and_can_be_taken_when_the_work_succeeds(
    qtbot: QtBot,
) -> None:
    operation = Operation(lambda _operation: 42)
    with qtbot.waitSignal(operation.succeeded, timeout=WAIT_MS) as signal:
        operation.start()
    assert signal.args == [42]
    assert operation.take() == 42
    assert operation.take() is None  # handed over once


def test_progress_reaches_the_window_in_order_when_the_work_reports(qtbot: QtBot) -> None:
    seen: list[tuple[int, int]] = []

    def work(operation: Operation) -> None:
        for done in range(3):
            operation.report(done, 2, Message(N_("Checking")))

    operation = Operation(work)
    operation.progressed.connect(lambda done, total, _what: seen.append((done, total)))
    with qtbot.waitSignal(operation.succeeded, timeout=WAIT_MS):
        operation.start()
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=WAIT_MS)
    assert seen == [(0, 2), (1, 2), (2, 2)]


def test_the_work_stops_at_its_next_safe_point_when_cancelled(qtbot: QtBot) -> None:
    reached = threading.Event()
    steps: list[int] = []

    def work(operation: Operation) -> int:
        for step in range(1000):
            if operation.is_cancelled():
                break
            steps.append(step)
            reached.set()
            threading.Event().wait(0.01)
        return len(steps)

    operation = Operation(work)
    operation.start()
    assert reached.wait(WAIT_MS / 1000)
    operation.cancel()
    assert operation.wait(WAIT_MS)
    assert len(steps) < 1000


def test_quitting_cancels_and_waits_for_running_work(qtbot: QtBot) -> None:
    stopped = threading.Event()

    def work(operation: Operation) -> None:
        while not operation.is_cancelled():
            threading.Event().wait(0.01)
        stopped.set()

    operation = Operation(work)
    operation.start()
    wait_for_all()
    assert stopped.is_set()
    assert operation.isFinished()


def test_a_refusal_is_said_as_the_service_words_it_when_the_work_is_refused(
    qtbot: QtBot,
) -> None:
    def work(_operation: Operation) -> None:
        raise InvalidInputError(N_("The passphrase is wrong."))

    operation = Operation(work)
    with qtbot.waitSignal(operation.failed, timeout=WAIT_MS) as signal:
        operation.start()
    assert isinstance(operation.error, InvalidInputError)
    assert operation.take() is None
    assert failure_text(signal.args[0]) == "The passphrase is wrong."


def test_a_disk_error_is_said_in_french_when_the_disk_fails_for_a_french_user(
    qtbot: QtBot,
) -> None:
    def work(_operation: Operation) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    operation = Operation(work)
    with qtbot.waitSignal(operation.failed, timeout=WAIT_MS) as signal:
        operation.start()
    i18n.set_language("fr")
    text = failure_text(signal.args[0])
    assert text.startswith("Le disque a répondu par une erreur (No space left on device)")
    assert "réessayez" in text


def test_a_disk_error_is_said_plainly_with_what_to_do_when_the_disk_fails(
    qtbot: QtBot,
) -> None:
    def work(_operation: Operation) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    operation = Operation(work)
    with qtbot.waitSignal(operation.failed, timeout=WAIT_MS) as signal:
        operation.start()
    text = failure_text(signal.args[0])
    assert "No space left on device" in text
    assert "try again" in text
    assert "Traceback" not in text


def test_a_bug_is_named_without_a_traceback_when_the_work_crashes(qtbot: QtBot) -> None:
    def work(_operation: Operation) -> None:
        raise ZeroDivisionError("division by zero")

    operation = Operation(work)
    with qtbot.waitSignal(operation.failed, timeout=WAIT_MS) as signal:
        operation.start()
    text = failure_text(signal.args[0])
    assert "ZeroDivisionError" in text
    assert "support" in text
    assert "Traceback" not in text
