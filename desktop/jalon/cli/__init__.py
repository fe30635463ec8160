"""The command line (argparse) over the services; ``main`` is the entry point."""

from jalon.cli.common import EXIT_OK, EXIT_REFUSED, EXIT_USAGE
from jalon.cli.main import main

__all__ = ["EXIT_OK", "EXIT_REFUSED", "EXIT_USAGE", "main"]
