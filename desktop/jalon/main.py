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
    from jalon.launcher import quick_start

    arguments = list(sys.argv[1:] if argv is None else argv)
    code = quick_start(arguments, _desktop)  # no command: the window, without the parser
    if code is not None:
        return code
    from jalon.cli.main import main as cli_main

    return cli_main(arguments, gui=_desktop)


if __name__ == "__main__":
    sys.exit(main())
