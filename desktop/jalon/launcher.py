"""``jalon`` with no command: the desktop app, opened from the command line.

The everyday start (``jalon``, or ``jalon --data-dir DIR --lang fr`` from a launcher) names no
command, so :func:`quick_start` reads its few options itself and opens the app without building
the whole command line (every command's parser and module: 6 ms before the window). Anything
else (a command, a file, ``--help``, an option it does not know, a value it doubts) goes to
``jalon.cli.main``, which says what is wrong in the user's language.

Plain Python, outside ``jalon.cli`` (whose package imports every command) and ``jalon.ui``.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence

from jalon import i18n
from jalon.i18n import _

#: The exit statuses of ``jalon``: done, refused (the reason said), a usage error.
EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2

#: The environment variable naming the language of messages (``--lang`` wins).
LANG_ENV = "JALON_LANG"
#: The options taking a value, accepted before or after a command.
VALUE_OPTIONS = ("--data-dir", "--database", "--lang")

#: Opens the desktop app: ``gui(data_dir=, database=, lang=, files=) -> exit code``. The cli
#: does not import the ui (layers); the launcher in ``jalon.main`` hands this over.
GuiLauncher = Callable[..., int]


def early_language(argv: Sequence[str]) -> str:
    """The language for messages, before the command line is fully parsed."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return os.environ.get(LANG_ENV) or i18n.system_language()


def replace_unencodable_output() -> None:
    """A character the terminal's encoding cannot show (CJK text on a Latin-1 terminal)
    is printed as "?" instead of ending the command with a traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


def no_display() -> bool:
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return not (
            os.environ.get("DISPLAY")
            or os.environ.get("WAYLAND_DISPLAY")
            or os.environ.get("QT_QPA_PLATFORM")
        )
    return False


def run_gui(
    gui: GuiLauncher | None,
    *,
    data_dir: str | None,
    database: str | None,
    lang: str | None,
    files: Sequence[str] = (),
) -> int:
    """Open the desktop app, or say why it cannot open here (no display, Qt's libraries)."""
    if no_display() or gui is None:
        print(
            _(
                "jalon: no display found, so the desktop app cannot open. Commands that work "
                "without one: setup, demo, list, export, verify, import, keys, report, "
                "export-data (see 'jalon --help')."
            ),
            file=sys.stderr,
        )
        return EXIT_REFUSED
    from jalon import system_libraries

    absent = system_libraries.missing_for_desktop()
    if absent:  # Qt would print a message about its "xcb" plugin and abort
        print(system_libraries.explain(absent), file=sys.stderr)
        return EXIT_REFUSED
    return gui(data_dir=data_dir, database=database, lang=lang, files=files)


def desktop_options(argv: Sequence[str]) -> dict[str, str | None] | None:
    """``--data-dir``, ``--database`` and ``--lang`` when ``argv`` holds nothing else (each
    ``--option VALUE`` or ``--option=VALUE``); None for anything else."""
    options: dict[str, str | None] = {"data_dir": None, "database": None, "lang": None}
    i = 0
    while i < len(argv):
        arg = argv[i]
        name, equals, value = arg.partition("=")
        if equals and name in VALUE_OPTIONS:
            i += 1
        elif arg in VALUE_OPTIONS and i + 1 < len(argv) and not argv[i + 1].startswith("-"):
            name, value = arg, argv[i + 1]
            i += 2
        else:
            return None
        options[name.removeprefix("--").replace("-", "_")] = value
    return options


def quick_start(argv: Sequence[str], gui: GuiLauncher) -> int | None:
    """Open the desktop app when ``argv`` names no command and no file (see the module's
    text); None when the whole command line must read ``argv``."""
    options = desktop_options(argv)
    if options is None:
        return None
    language = early_language(argv)
    if language not in i18n.LOCALES:
        return None  # the command line says so, in the system's language
    replace_unencodable_output()
    i18n.set_language(language)
    return run_gui(
        gui, data_dir=options["data_dir"], database=options["database"], lang=options["lang"]
    )


__all__ = [
    "EXIT_OK",
    "EXIT_REFUSED",
    "EXIT_USAGE",
    "LANG_ENV",
    "VALUE_OPTIONS",
    "GuiLauncher",
    "desktop_options",
    "early_language",
    "no_display",
    "quick_start",
    "replace_unencodable_output",
    "run_gui",
]
