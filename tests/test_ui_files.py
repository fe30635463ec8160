"""Files where people look: exports start in the person's Documents folder, and "Show in
folder" opens the file manager with the file selected (the freedesktop ``ShowItems`` call on
Linux), or the folder where no file manager answers. The D-Bus tools are stood in for by small
scripts on ``PATH`` that record how they were called."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from jalon.ui.files import documents_folder, show_in_file_manager


@pytest.fixture(name="documents")
def documents_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Documents folder of its own (XDG user dirs), so no test writes in the real one."""
    config = tmp_path / "xdg-config"
    config.mkdir()
    folder = tmp_path / "My documents"
    folder.mkdir()
    (config / "user-dirs.dirs").write_text(f'XDG_DOCUMENTS_DIR="{folder}"\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    return folder


class Opened(QObject):
    """Receives the URLs handed to the desktop."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture(name="opened")
def opened_fixture() -> Iterator[Opened]:
    opened = Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    yield opened
    QDesktopServices.unsetUrlHandler("file")


def stand_in(folder: Path, name: str, exit_code: int) -> Path:
    """An executable ``name`` that writes its arguments, one a line, then exits."""
    folder.mkdir(exist_ok=True)
    log = folder / f"{name}.log"
    script = folder / name
    script.write_text(
        f'#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done > "{log}"\nexit {exit_code}\n',
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return log


def test_documents_folder_is_the_person_s_documents_not_the_data_folder(documents: Path) -> None:
    assert documents_folder() == documents


def test_show_in_folder_asks_the_file_manager_to_select_the_file_on_linux(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened: Opened
) -> None:
    package = tmp_path / "out" / "ON rapport été.jalon"
    package.parent.mkdir()
    package.write_bytes(b"package")
    bin_dir = tmp_path / "bin"
    log = stand_in(bin_dir, "gdbus", 0)
    monkeypatch.setenv("PATH", str(bin_dir))
    assert show_in_file_manager(package, platform="linux")
    args = log.read_text(encoding="utf-8").splitlines()
    assert "org.freedesktop.FileManager1.ShowItems" in args
    uri = QUrl.fromLocalFile(str(package)).toString(QUrl.ComponentFormattingOption.FullyEncoded)
    assert f"['{uri}']" in args
    assert opened.urls == [], "the file manager answered: nothing else is opened"


def test_show_in_folder_tries_dbus_send_when_gdbus_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened: Opened
) -> None:
    package = tmp_path / "p.jalon"
    package.write_bytes(b"package")
    bin_dir = tmp_path / "bin"
    stand_in(bin_dir, "gdbus", 1)
    log = stand_in(bin_dir, "dbus-send", 0)
    monkeypatch.setenv("PATH", str(bin_dir))
    assert show_in_file_manager(package, platform="linux")
    assert "org.freedesktop.FileManager1.ShowItems" in log.read_text(encoding="utf-8")
    assert opened.urls == []


def test_show_in_folder_opens_the_folder_when_no_file_manager_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened: Opened
) -> None:
    package = tmp_path / "out" / "p.jalon"
    package.parent.mkdir()
    package.write_bytes(b"package")
    bin_dir = tmp_path / "bin"
    stand_in(bin_dir, "gdbus", 1)  # no FileManager1 on the session bus
    monkeypatch.setenv("PATH", str(bin_dir))
    assert show_in_file_manager(package, platform="linux")
    assert [Path(u.toLocalFile()) for u in opened.urls] == [package.parent]


def test_show_in_folder_opens_the_folder_when_there_is_no_d_bus_tool_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened: Opened
) -> None:
    package = tmp_path / "p.jalon"
    package.write_bytes(b"package")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert show_in_file_manager(package, platform="linux")
    assert [Path(u.toLocalFile()) for u in opened.urls] == [tmp_path]


@pytest.mark.skipif(os.name == "nt", reason="a shell script stands in for open")
def test_show_in_folder_reveals_the_file_with_open_r_on_macos(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened: Opened
) -> None:
    package = tmp_path / "p.jalon"
    package.write_bytes(b"package")
    bin_dir = tmp_path / "bin"
    log = stand_in(bin_dir, "open", 0)
    monkeypatch.setenv("PATH", str(bin_dir))
    assert show_in_file_manager(package, platform="darwin")
    assert log.read_text(encoding="utf-8").splitlines() == ["-R", str(package)]
    assert opened.urls == []
