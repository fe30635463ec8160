"""The ``jalon`` program: the command line, which opens the desktop app when no command is given.

This launcher is the one place that knows both faces; ``jalon.cli`` never imports ``jalon.ui``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any


def _desktop(**options: Any) -> int:
    from jalon.ui.app import run

    return run(**options)


def main(argv: Sequence[str] | None = None) -> int:
    from jalon import collector

    # Before the imports: a start makes about 95,000 objects that all live on, and walking
    # them again and again cost 90-110 ms. The window resumes it once the store is open.
    collector.pause()
    try:
        from jalon.launcher import quick_start

        arguments = list(sys.argv[1:] if argv is None else argv)
        code = quick_start(arguments, _desktop)  # no command: the window, without the parser
        if code is not None:
            return code
        collector.resume()  # a command: it runs as long as it needs, with the collector
        from jalon.cli.main import main as cli_main

        return cli_main(arguments, gui=_desktop)
    finally:
        collector.resume()


if __name__ == "__main__":
    sys.exit(main())
