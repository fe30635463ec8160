"""The system libraries Qt needs on Linux, checked before Qt is loaded.

On a Debian or Ubuntu desktop ``libxcb-cursor0`` (or another library of Qt's xcb platform
plugin) is often missing. Qt then prints a message about its "xcb" plugin and aborts, which
tells a person nothing they can act on. ``jalon`` checks first, by loading each library the
way Qt will (``dlopen`` of its soname, through the dynamic loader's own search), and names the
Debian/Ubuntu packages to install.

Plain Python (``ctypes``), no Qt: the check runs before anything of Qt is imported. The libraries
it loads are those Qt loads a moment later anyway.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence

from jalon.i18n import _

#: (soname, Debian/Ubuntu package) that Qt's GUI library needs on any platform plugin.
GUI_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libGL.so.1", "libgl1"),
    ("libEGL.so.1", "libegl1"),
    ("libfontconfig.so.1", "libfontconfig1"),
    ("libglib-2.0.so.0", "libglib2.0-0"),
    ("libdbus-1.so.3", "libdbus-1-3"),
    ("libxkbcommon.so.0", "libxkbcommon0"),
)

#: (soname, package) that Qt's xcb platform plugin (an X11 desktop) needs: ``ldd`` of
#: ``libqxcb.so`` and ``libQt6XcbQpa.so.6``, Qt's own libraries left out.
XCB_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libxcb.so.1", "libxcb1"),
    ("libX11.so.6", "libx11-6"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-randr.so.0", "libxcb-randr0"),
    ("libxcb-render.so.0", "libxcb-render0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-shm.so.0", "libxcb-shm0"),
    ("libxcb-sync.so.1", "libxcb-sync1"),
    ("libxcb-util.so.1", "libxcb-util1"),
    ("libxcb-xfixes.so.0", "libxcb-xfixes0"),
    ("libxcb-xkb.so.1", "libxcb-xkb1"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
)


def uses_xcb(environ: Mapping[str, str]) -> bool:
    """Whether Qt will start with its xcb plugin: asked for first in ``QT_QPA_PLATFORM``, or
    nothing asked for outside a Wayland session."""
    asked = environ.get("QT_QPA_PLATFORM", "").strip()
    if asked:
        return asked.split(";")[0].split(":")[0].strip() == "xcb"
    wayland = environ.get("WAYLAND_DISPLAY") or environ.get("XDG_SESSION_TYPE") == "wayland"
    return not wayland


def _loader() -> Callable[[str, int], object]:
    """``dlopen`` as ctypes calls it (the ``ctypes`` package costs 1.5 ms more to import,
    before the window); ctypes' own way where a Python lacks it."""
    try:
        from _ctypes import dlopen
    except ImportError:
        import ctypes

        return lambda name, mode: ctypes.CDLL(name, mode=mode)
    return dlopen


def missing(libraries: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (soname, package) of ``libraries`` that the dynamic loader cannot load."""
    mode = getattr(os, "RTLD_LAZY", 1) | getattr(os, "RTLD_LOCAL", 0)
    load = _loader()
    absent = []
    for soname, package in libraries:
        try:
            load(soname, mode)
        except OSError:
            absent.append((soname, package))
    return absent


def missing_for_desktop(environ: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """What the desktop app would miss on this machine (always nothing outside Linux)."""
    if not sys.platform.startswith("linux"):
        return []
    env = os.environ if environ is None else environ
    needed = GUI_LIBRARIES + (XCB_LIBRARIES if uses_xcb(env) else ())
    return missing(needed)


def explain(absent: Sequence[tuple[str, str]]) -> str:
    """One message, in the current language, naming the libraries and the packages."""
    return _(
        "jalon: the desktop app cannot open: Qt needs system libraries that this machine lacks "
        "({libraries}). On Debian or Ubuntu, install them with: sudo apt install {packages} "
        "— then start Jalon again. The commands work without them (see 'jalon --help')."
    ).format(
        libraries=", ".join(soname for soname, _package in absent),
        packages=" ".join(dict.fromkeys(package for _soname, package in absent)),
    )


__all__ = [
    "GUI_LIBRARIES",
    "XCB_LIBRARIES",
    "explain",
    "missing",
    "missing_for_desktop",
    "uses_xcb",
]
