"""``jalon doctor``: the database's health and its backups, and restoring the newest good one.

Works on a database Jalon cannot open (that is what it is for): it never opens the store,
only reads the files. ``--restore`` takes the data folder's lock, so it is refused while a
Jalon window or another writing command uses the folder.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jalon import i18n
from jalon.cli.common import EXIT_OK, EXIT_REFUSED, print_json, say
from jalon.core.errors import N_, JalonError
from jalon.i18n import _


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    doctor = commands.add_parser(
        "doctor",
        parents=[common],
        help=_("check the database and list its backups; restore the newest good one"),
    )
    doctor.add_argument(
        "--restore",
        action="store_true",
        help=_(
            "if the database is damaged, put the newest good backup in its place "
            "(the damaged file is kept under another name)"
        ),
    )
    doctor.add_argument("--json", action="store_true", help=_("machine-readable output"))


def _size(size: int) -> str:
    tr = i18n.current()
    if size >= 1024 * 1024:
        return _("{size} MB").format(size=tr.number(round(size / (1024 * 1024), 1)))
    return _("{size} kB").format(size=tr.number(max(1, round(size / 1024))))


def cmd_doctor(args: argparse.Namespace) -> int:
    from jalon.services import recovery, session

    if args.database:
        raise JalonError(
            N_(
                "jalon doctor checks the database file of a data folder; a server database "
                "(--database) is checked and backed up by its administrator."
            )
        )
    health = recovery.check_database(args.data_dir)
    backups = recovery.list_backups(args.data_dir)
    crashes = session.crash_reports(args.data_dir)
    restored: Any = None
    refusal: JalonError | None = None
    if args.restore and health.restorable:
        try:
            restored = recovery.restore_newest_good_backup(args.data_dir)
        except JalonError as exc:
            refusal = exc
    tr = i18n.current()
    if args.json:
        print_json(
            {
                "database": str(health.database),
                "state": health.state.value,
                "message": say(health.message),
                "backups": [
                    {
                        "path": str(b.path),
                        "taken_at": b.taken_at.isoformat(),
                        "label": b.label,
                        "size": b.size,
                        "good": b.good,
                        "problem": b.problem or None,
                    }
                    for b in backups
                ],
                "restored": (
                    {"backup": str(restored.backup.path), "kept": [str(p) for p in restored.kept]}
                    if restored
                    else None
                ),
                "error": i18n.describe(refusal) if refusal else None,
                "crash_reports": [str(p) for p in crashes],
            }
        )
    else:
        print(say(health.message))
        if backups:
            print(_("Backups ({count}), newest first:").format(count=len(backups)))
            for b in backups:
                verdict = _("good") if b.good else _("damaged: {problem}").format(problem=b.problem)
                print(
                    f"  {tr.datetime(b.taken_at, 'short')}  {b.label:<14} "
                    f"{_size(b.size):>9}  {verdict}  {b.path}"
                )
        else:
            print(_("No backup yet: Jalon takes one at start-up, at most every 12 hours."))
        if restored:
            done = _("Restored the backup taken {taken_at}; the damaged file is kept as {kept}.")
            print(
                done.format(
                    taken_at=tr.datetime(restored.backup.taken_at, "short"),
                    kept=restored.kept[0] if restored.kept else "-",
                )
            )
        elif args.restore and health.ok:
            print(_("The database is healthy; nothing was restored."))
        elif not health.ok and not args.restore and health.restorable:
            print(_("Run 'jalon doctor --restore' to restore the newest good backup."))
        _print_crash_reports(crashes)
    if refusal is not None:
        raise refusal
    if restored is not None:
        return EXIT_OK
    return EXIT_OK if health.ok else EXIT_REFUSED


def _print_crash_reports(reports: list[Path]) -> None:
    """The crash reports Jalon left in the data folder's logs, for whoever gives support."""
    if not reports:
        return
    print(
        _(
            "Jalon crashed {count} time(s); crash reports, newest first (send them with a "
            "description of what you were doing):"
        ).format(count=len(reports))
    )
    for path in reports:
        print(f"  {path}")


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {"doctor": cmd_doctor}
