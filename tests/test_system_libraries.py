"""A machine without Qt's system libraries: ``jalon`` says which packages to install, in the
person's language, with exit status 1, before Qt aborts.

The end-to-end test hides ``libxcb-cursor.so.0`` from a real ``jalon`` process: in a mount
namespace of its own (``unshare --map-root-user --mount``), ``/dev/null`` is bound over the
library's file, so the dynamic loader finds it and cannot load it, as when it is not installed.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jalon import i18n, system_libraries
from jalon.system_libraries import explain, missing, missing_for_desktop, uses_xcb

CURSOR = "libxcb-cursor.so.0"
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux libraries")


@linux_only
def test_a_library_the_loader_cannot_load_is_reported_with_its_package_when_missing() -> None:
    libraries = [("libc.so.6", "libc6"), ("libjalon-no-such-library.so.7", "libjalon-none7")]

    assert missing(libraries) == [("libjalon-no-such-library.so.7", "libjalon-none7")]


def test_the_xcb_libraries_are_checked_only_when_qt_will_use_its_xcb_plugin() -> None:
    assert uses_xcb({}) is True
    assert uses_xcb({"DISPLAY": ":0"}) is True
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb"}) is True
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb;wayland"}) is True
    assert uses_xcb({"QT_QPA_PLATFORM": "offscreen"}) is False
    assert uses_xcb({"QT_QPA_PLATFORM": "wayland;xcb"}) is False
    assert uses_xcb({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}) is False
    assert uses_xcb({"XDG_SESSION_TYPE": "wayland"}) is False


@linux_only
def test_nothing_is_missing_for_the_desktop_on_this_machine_offscreen() -> None:
    # The tests run Qt offscreen, so Qt's GUI libraries are here.
    assert missing_for_desktop({"QT_QPA_PLATFORM": "offscreen"}) == []


def test_the_message_names_each_library_and_each_package_once_in_french() -> None:
    absent = [("libxcb-cursor.so.0", "libxcb-cursor0"), ("libxcb-util.so.1", "libxcb-util1")]
    i18n.set_language("fr")

    text = explain([*absent, ("libxcb-util.so.1", "libxcb-util1")])

    assert "sudo apt install libxcb-cursor0 libxcb-util1 " in text
    assert "libxcb-cursor.so.0, libxcb-util.so.1, libxcb-util.so.1" in text
    assert "bibliothèques" in text  # French, not the English source


def loaded_path(soname: str) -> Path | None:
    """The file the dynamic loader maps for ``soname`` (None if it cannot)."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return None
    stem = soname.split(".so")[0] + ".so"
    for line in Path("/proc/self/maps").read_text().splitlines():
        path = line.split()[-1]
        if Path(path).name.startswith(stem):
            return Path(path)
    return None


@linux_only
def test_jalon_names_the_packages_in_french_and_exits_1_when_libxcb_cursor_is_missing(
    tmp_path: Path,
) -> None:
    library = loaded_path(CURSOR)
    env = dict(os.environ)
    env.update({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":250", "JALON_DATA_DIR": str(tmp_path / "d")})
    env.pop("WAYLAND_DISPLAY", None)
    command = [sys.executable, "-m", "jalon", "--lang", "fr"]
    if library is not None:  # installed here: hide it from the process
        unshare = shutil.which("unshare")
        if unshare is None:
            pytest.skip(f"needs unshare (util-linux) to hide {library} from a process")
        probe = subprocess.run(
            [unshare, "--map-root-user", "--mount", "true"], capture_output=True, check=False
        )
        if probe.returncode != 0:
            pytest.skip(
                "needs a mount namespace (unshare --map-root-user --mount) to hide "
                f"{library}: {probe.stderr.decode(errors='replace').strip()}"
            )
        command = [
            unshare,
            "--map-root-user",
            "--mount",
            "sh",
            "-c",
            'mount --bind /dev/null "$0" && exec "$@"',
            str(library),
            *command,
        ]

    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)

    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    assert "sudo apt install libxcb-cursor0" in done.stderr
    assert CURSOR in done.stderr
    assert "Qt a besoin de bibliothèques système" in done.stderr
    assert "xcb" not in done.stderr.replace("libxcb", "")  # not Qt's own plugin message
    assert not (tmp_path / "d").exists()  # nothing started, nothing written


def test_every_library_names_a_debian_package() -> None:
    for soname, package in system_libraries.GUI_LIBRARIES + system_libraries.XCB_LIBRARIES:
        assert soname.startswith("lib")
        assert ".so." in soname
        assert package
        assert package == package.lower()
