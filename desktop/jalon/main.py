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
    from jalon.cli import main as cli_main

    return cli_main(argv, gui=_desktop)


if __name__ == "__main__":
    sys.exit(main())
