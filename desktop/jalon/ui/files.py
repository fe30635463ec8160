"""Where files go and how they are shown: the person's Documents folder by default (not the
hidden data folder), and "Show in folder" opening the file manager with the file selected.

Selecting the file needs the platform's own way: the ``org.freedesktop.FileManager1``
D-Bus call ``ShowItems`` on Linux desktops (Files, Dolphin, Nemo, Caja, Thunar…),
``explorer /select,`` on Windows and ``open -R`` on macOS. Where none answers, the folder
itself is opened.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices

#: How long the file manager may take to answer the D-Bus call before the folder is opened
#: instead (a first start of the file manager takes about a second).
DBUS_TIMEOUT_S = 5


def documents_folder() -> Path:
    """The person's Documents folder (``QStandardPaths.DocumentsLocation``), or their home
    folder where there is none."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(location) if location else Path.home()
    return folder if folder.is_dir() else Path.home()


def _show_items_over_dbus(path: Path) -> bool:
    """The freedesktop file manager's ``ShowItems`` call, by ``gdbus`` or ``dbus-send``."""
    uri = QUrl.fromLocalFile(str(path)).toString(QUrl.ComponentFormattingOption.FullyEncoded)
    calls = []
    if shutil.which("gdbus"):
        calls.append(
            [
                "gdbus",
                "call",
                "--session",
                "--dest",
                "org.freedesktop.FileManager1",
                "--object-path",
                "/org/freedesktop/FileManager1",
                "--method",
                "org.freedesktop.FileManager1.ShowItems",
                f"['{uri}']",
                "",
            ]
        )
    if shutil.which("dbus-send"):
        calls.append(
            [
                "dbus-send",
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.FileManager1",
                "--type=method_call",
                "/org/freedesktop/FileManager1",
                "org.freedesktop.FileManager1.ShowItems",
                f"array:string:{uri}",
                "string:",
            ]
        )
    for command in calls:
        try:
            done = subprocess.run(command, capture_output=True, timeout=DBUS_TIMEOUT_S, check=False)
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0:
            return True
    return False


def _select_in_file_manager(path: Path, platform: str) -> bool:
    if platform == "win32":
        try:
            # Explorer's exit code says nothing about success; it is started, not waited for.
            subprocess.Popen(["explorer", f"/select,{path}"])
        except OSError:
            return False
        return True
    if platform == "darwin":
        try:
            done = subprocess.run(["open", "-R", str(path)], capture_output=True, check=False)
        except OSError:
            return False
        return done.returncode == 0
    return _show_items_over_dbus(path)


def show_in_file_manager(path: Path, platform: str | None = None) -> bool:
    """Open the file manager on ``path``'s folder with ``path`` selected where the platform
    allows it, else on the folder. False when nothing could be opened."""
    if path.exists() and _select_in_file_manager(path, platform or sys.platform):
        return True
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))))
