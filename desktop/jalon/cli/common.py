"""What every command of the command line shares: exit codes, output, opening the store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from jalon import i18n
from jalon.core.errors import N_, InvalidInputError, Message
from jalon.i18n import _
from jalon.launcher import EXIT_OK as EXIT_OK  # re-exported: every command returns one
from jalon.launcher import EXIT_REFUSED as EXIT_REFUSED
from jalon.launcher import EXIT_USAGE as EXIT_USAGE

if TYPE_CHECKING:
    from jalon.services.app import Jalon

MAX_PASSPHRASE_FILE = 4096


class UsageError(Exception):
    """A command line that does not parse: exit code 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def open_app(args: argparse.Namespace) -> Jalon:
    """The store named by ``--data-dir`` / ``--database`` (services imported on first use, so
    that ``jalon --help`` stays quick)."""
    from jalon.services.app import Jalon

    return Jalon.open(args.data_dir, args.database)


def print_json(value: Any) -> None:
    import json

    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, sort_keys=False)
    sys.stdout.write("\n")


def say(message: Message) -> str:
    return i18n.current().message(message)


def passphrase(args: argparse.Namespace, *, twice: bool) -> str:
    """From ``--passphrase-file`` (first line), else asked on the terminal (twice when new)."""
    if getattr(args, "passphrase_file", None):
        path = Path(args.passphrase_file)
        try:
            with path.open("rb") as handle:
                raw = handle.read(MAX_PASSPHRASE_FILE + 1)
        except OSError as exc:
            raise InvalidInputError(
                N_("The passphrase file {file} cannot be read ({detail})."),
                file=str(path),
                detail=exc.strerror or str(exc),
            ) from None
        if len(raw) > MAX_PASSPHRASE_FILE:
            raise InvalidInputError(
                N_("The passphrase file {file} is too large to hold a passphrase."),
                file=str(path),
            )
        try:
            # "-sig": a byte-order mark (Notepad, PowerShell 5) is not part of the passphrase.
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInputError(
                N_("The passphrase file {file} is not UTF-8 text."), file=str(path)
            ) from None
        return text.splitlines()[0] if text.splitlines() else ""
    if not sys.stdin.isatty():
        raise InvalidInputError(
            N_("No terminal to ask for the passphrase. Give it with --passphrase-file FILE.")
        )
    try:
        import getpass

        first = getpass.getpass(_("Passphrase: "))
        second = getpass.getpass(_("Passphrase again: ")) if twice else first
    except EOFError:  # Ctrl-D at the prompt
        raise InvalidInputError(N_("No passphrase was typed. Nothing was done.")) from None
    if twice and first != second:
        raise InvalidInputError(
            N_("The two passphrases differ. Nothing was created; run the command again.")
        )
    return first
