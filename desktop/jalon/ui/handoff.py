"""One Jalon window per data folder: files opened while it runs go to that window.

A package or key card opened from the file manager, a mail client or the command line starts a
second ``jalon``. That process finds the window already open on the same data folder through a
local socket (:class:`QLocalServer` / :class:`QLocalSocket`, named after the folder and the
user), sends it the files' paths, and ends with exit code 0; the window opens them and comes to
the front. The data folder's lock (``services.instance``) stays what decides which process owns
the folder: the socket only carries the files.

On macOS, files opened from the Finder arrive as :class:`QFileOpenEvent` on the application
(:class:`JalonApplication`).

Protocol: one line of JSON, ``{"files": ["/abs/path", ...]}``, answered by ``ok``.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from PySide6.QtCore import QEvent, QObject, QSize, Signal
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:  # QtNetwork is imported when a socket is needed: not before the first window
    from PySide6.QtGui import QIcon
    from PySide6.QtNetwork import QLocalSocket

#: How long the second process waits for the first window (connecting, then its answer).
TIMEOUT_MS = 3000
MAX_MESSAGE = 1 << 20
REPLY = b"ok\n"


def server_name(folder: Path) -> str:
    """The socket's name for this data folder and this user (short: Unix sockets' paths are
    limited to about 100 bytes)."""
    who = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    digest = _sha256(f"{who}\0{folder.resolve()}".encode()).hexdigest()[:20]
    return f"jalon-{digest}"


class _Digest(Protocol):
    def hexdigest(self) -> str: ...


def _sha256(data: bytes) -> _Digest:
    """SHA-256 from Python's own module where it has one: ``hashlib`` loads OpenSSL, 2 ms more
    before the first window for the one digest it needs."""
    for name in ("_sha2", "_sha256"):  # Python 3.12+, 3.11
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        digest: _Digest = module.sha256(data)
        return digest
    import hashlib

    return hashlib.sha256(data)


def socket_file(name: str) -> Path | None:
    """Where Qt puts the socket of server ``name`` (its temporary folder), on Linux; None
    elsewhere (Windows uses a named pipe)."""
    if not sys.platform.startswith("linux"):
        return None
    from PySide6.QtCore import QDir

    return Path(QDir.tempPath()) / name


def send(folder: Path, files: Sequence[str | Path], timeout_ms: int = TIMEOUT_MS) -> bool:
    """Give ``files`` to the window open on ``folder``; False when no window answers."""
    name = server_name(folder)
    where = socket_file(name)
    if where is not None and not os.path.exists(where):
        return False  # no window listens: no need to load QtNetwork (4 ms) before our own
    import json

    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    paths = [str(Path(f).absolute()) for f in files]
    socket.write(json.dumps({"files": paths}).encode("utf-8") + b"\n")
    socket.flush()  # writes what it can at once; waitForBytesWritten is False once written
    if socket.bytesToWrite() and not socket.waitForBytesWritten(timeout_ms):
        return False
    answered = _read_reply(socket, timeout_ms)
    socket.disconnectFromServer()
    return answered


def _read_reply(socket: QLocalSocket, timeout_ms: int) -> bool:
    received = b""
    while REPLY not in received:
        if not socket.waitForReadyRead(timeout_ms):
            return False
        received += bytes(socket.readAll().data())
    return True


class HandoffServer(QObject):
    """Listens, for the window open on ``folder``, for files sent by later ``jalon`` processes.

    Signals:
        files_received(list): paths (str) a second process handed over (possibly none: it was
            started with no file, and the window only comes to the front).
    """

    files_received = Signal(list)

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtNetwork import QLocalServer

        self.name = server_name(folder)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Start listening (once this process holds the data folder). A socket left by a
        process that ended without closing it is removed first; a live one is not taken."""
        from PySide6.QtNetwork import QLocalServer, QLocalSocket

        if self._server.isListening():
            return True
        # Asked first: on Unix, listen() replaces the socket file even while its server lives.
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        if probe.waitForConnected(200):  # another window answers: leave it its socket
            probe.abort()
            return False
        QLocalServer.removeServer(self.name)
        return self._server.listen(self.name)

    @property
    def is_listening(self) -> bool:
        return self._server.isListening()

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if len(data) > MAX_MESSAGE:
            socket.abort()
            return
        if b"\n" not in data:
            self._buffers[socket] = data
            return
        import json

        line = data.split(b"\n", 1)[0]
        self._buffers[socket] = b""
        try:
            message = json.loads(line.decode("utf-8"))
            files = [str(f) for f in message.get("files", []) if isinstance(f, str)]
        except (ValueError, AttributeError):
            socket.abort()
            return
        socket.write(REPLY)
        socket.flush()
        self.files_received.emit(files)


class JalonApplication(QApplication):
    """Jalon's QApplication: on macOS, files opened from the Finder (a double-clicked package
    or key card) arrive as :class:`QFileOpenEvent`.

    Signals:
        file_opened(str): the path of a file the system asked Jalon to open.
    """

    file_opened = Signal(str)

    def event(self, event: QEvent) -> bool:
        if event.type() != QEvent.Type.FileOpen:
            return super().event(event)
        # Imported here: each PySide6 class is built when first looked up (QtGui's are about
        # 2 ms before the window is drawn), and only macOS sends this event.
        from PySide6.QtGui import QFileOpenEvent

        if isinstance(event, QFileOpenEvent):
            path = event.file()
            if path:
                self.file_opened.emit(path)
                return True
        return super().event(event)


@runtime_checkable
class OpensFiles(Protocol):
    """A window that opens files given to it (the main window)."""

    def open_files(self, files: Sequence[str | Path]) -> None: ...


def deliver(window: QWidget, files: Sequence[str]) -> None:
    """Bring ``window`` (the main window) to the front and open ``files`` in it."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
    if files and isinstance(window, OpensFiles):
        window.open_files(list(files))


def application_icon() -> QIcon:
    """Jalon's icon in every size drawn for it (``resources/icons``), so the task bar and the
    window switcher show Jalon, not a generic program."""
    from PySide6.QtGui import QIcon

    from jalon import paths

    icon = QIcon()
    folder = paths.resources_dir() / "icons"
    for size in (16, 32, 48, 128, 256):
        png = folder / f"jalon-{size}.png"
        if png.is_file():
            icon.addFile(str(png), QSize(size, size))
    return icon
