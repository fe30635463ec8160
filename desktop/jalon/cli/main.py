"""The command line: batch work and scripting over the same services as the desktop app.

Exit codes: 0 success, 1 refused or invalid input, 2 usage error. Errors are one line on
stderr in the user's language; ``--json`` gives machine-readable output on stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from jalon import __version__, i18n, launcher
from jalon.cli import actions, doctor, exchange, framework, secretariat
from jalon.cli.common import (
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_USAGE,
    Parser,
    UsageError,
    open_app,
    passphrase,
    print_json,
    say,
)
from jalon.core.errors import N_, JalonError
from jalon.i18n import _
from jalon.launcher import (
    VALUE_OPTIONS,
    GuiLauncher,
    early_language,
    replace_unencodable_output,
)

# argparse's own messages, so usage errors read in French too (argparse looks up these msgids).
_ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("not allowed with argument %s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
)


def _install_argparse_translation() -> None:
    argparse._ = lambda msgid: i18n.current().gettext(msgid)  # type: ignore[attr-defined]
    argparse.ngettext = lambda s, p, n: i18n.current().ngettext(s, p, n)  # type: ignore[attr-defined]


def build_parser() -> argparse.ArgumentParser:
    def global_options(default: Any) -> Parser:
        # The same options are accepted before and after the command; after it they default to
        # SUPPRESS so that they do not erase a value given before it.
        options = Parser(add_help=False)
        options.add_argument(
            "--data-dir",
            metavar="DIR",
            default=default,
            help=_("the data folder (default: the user data folder)"),
        )
        options.add_argument(
            "--database",
            metavar="URL",
            default=default,
            help=_("a database URL instead of the local SQLite file"),
        )
        options.add_argument(
            "--lang", metavar="en|fr", default=default, help=_("the language of messages")
        )
        return options

    common = global_options(argparse.SUPPRESS)
    parser = Parser(
        prog="jalon",
        description=_("Jalon: digital-strategy self-assessments for the Joint Councils."),
        parents=[global_options(None)],
    )
    parser.add_argument("--version", action="store_true", help=_("print the version and exit"))
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=Parser)

    setup = commands.add_parser(
        "setup", parents=[common], help=_("record who this installation signs as")
    )
    setup.add_argument(
        "--jurisdiction",
        required=True,
        metavar="CODE",
        help=_("a jurisdiction code such as ON or QC"),
    )
    setup.add_argument(
        "--municipality",
        metavar="NAME",
        help=_("sign for a municipality of that name (with --jurisdiction MUN)"),
    )
    setup.add_argument(
        "--census-subdivision",
        metavar="PROVINCE-CODE",
        help=_(
            "the municipality's stable identity: its province and Statistics Canada census "
            "subdivision code, e.g. ON-3520005"
        ),
    )
    setup.add_argument("--name", required=True, help=_("the signer's full name"))
    setup.add_argument("--title", required=True, help=_("the signer's title"))
    setup.add_argument(
        "--passphrase-file", metavar="FILE", help=_("read the key's passphrase from this file")
    )

    demo = commands.add_parser(
        "demo", parents=[common], help=_("create a complete sample assessment")
    )
    demo.add_argument(
        "--jurisdiction",
        metavar="CODE",
        help=_("the sample's jurisdiction (default: the one this installation signs for, else ON)"),
    )

    listing = commands.add_parser("list", parents=[common], help=_("list the assessments"))
    listing.add_argument("--json", action="store_true", help=_("machine-readable output"))
    listing.add_argument(
        "--submissions", action="store_true", help=_("list imported submissions instead")
    )

    report = commands.add_parser(
        "report", parents=[common], help=_("write an assessment's report as a PDF")
    )
    report.add_argument(
        "assessment",
        nargs="?",
        metavar="ASSESSMENT",
        help=_("the assessment's id (or its first characters)"),
    )
    report.add_argument(
        "--consolidated",
        action="store_true",
        help=_("the report back over every imported submission instead (secretariat)"),
    )
    report.add_argument(
        "--out", required=True, metavar="FILE.pdf", help=_("where to write the PDF")
    )
    report.add_argument(
        "--prepared-by",
        metavar="NAME",
        help=_(
            "who the report back says prepared it, kept for next time (by default the signing "
            "identity's name)"
        ),
    )

    exchange.add_commands(commands, common)
    secretariat.add_commands(commands, common)
    actions.add_commands(commands, common)
    doctor.add_commands(commands, common)
    framework.add_commands(commands, common)
    return parser


_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {}


def cmd_setup(args: argparse.Namespace) -> int:
    from jalon.core.jurisdiction import from_code
    from jalon.services import identity, keys

    jurisdiction = from_code(
        args.jurisdiction, name=args.municipality, census_subdivision=args.census_subdivision
    )
    with open_app(args) as app:
        if keys.key_info(app) is not None:
            raise JalonError(
                N_(
                    "This installation already has a signing key ({path}). Keep it; to sign as "
                    "someone else, use another data folder (--data-dir)."
                ),
                path=str(keys.key_path(app)),
            )
        secret = passphrase(args, twice=True)
        info = keys.create_signing_key(
            app, secret, jurisdiction=jurisdiction, name=args.name, title=args.title
        )
        who = identity.get_identity(app)
        assert who is not None
        print(
            _("This installation signs as {name}, {title}, for {jurisdiction}.").format(
                name=who.name, title=who.title, jurisdiction=i18n.text(who.jurisdiction.name)
            )
        )
        print(
            _("Key fingerprint (read it aloud to the secretariat): {fingerprint}").format(
                fingerprint=info.fingerprint
            )
        )
        print(_("Key file: {path}").format(path=info.path))
        print(_("Send your key card to the secretariat: jalon keys card --out FILE"))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from jalon.core.jurisdiction import government
    from jalon.services import demo, identity

    jurisdiction = government(args.jurisdiction) if args.jurisdiction else None
    with open_app(args) as app:
        if jurisdiction is None:  # the installation's own: the only one its key signs for
            who = identity.get_identity(app)
            jurisdiction = who.jurisdiction if who else government("ON")
        a = demo.create_demo(app, jurisdiction, i18n.current_language())
        print(
            _("Created the sample assessment {id} ({title}) for {jurisdiction}.").format(
                id=a.id, title=a.title, jurisdiction=i18n.text(jurisdiction.name)
            )
        )
    return EXIT_OK


def _assessment_json(summary: Any, fw: Any) -> dict[str, Any]:
    a = summary.assessment
    tr = i18n.current()
    return {
        "id": a.id,
        "title": a.title,
        "revision": a.revision,
        "status": a.status.value,
        "archived": summary.archived,
        "jurisdiction": {"code": a.jurisdiction.code, "name": tr.text(a.jurisdiction.name)},
        "framework": {"id": a.framework.id, "version": a.framework.version},
        "updated_at": a.updated_at.isoformat(),
        "completeness": {
            "percent": summary.completeness.percent,
            "themes_complete": summary.completeness.themes_complete,
            "themes_total": summary.completeness.themes_total,
            "complete": summary.completeness.is_complete,
        },
        "themes": [
            {
                "id": t.id,
                "name": tr.text(t.name),
                "group": tr.text(fw.group(t.group).name),
                "current": a.response(t.id).current,
                "target": a.response(t.id).target,
                "gap": a.response(t.id).gap,
                "priority": a.response(t.id).priority,
                "role": a.response(t.id).role,
                "capacity": a.response(t.id).capacity,
                "complete": a.response(t.id).is_complete,
            }
            for t in fw.themes
        ],
        "questions": [
            {"id": q.id, "number": q.number, "answered": bool(a.answer(q.id).strip())}
            for q in fw.questions
        ],
        "participants": len(a.participants),
    }


def cmd_list(args: argparse.Namespace) -> int:
    from jalon.services.home_list import QuickList

    if args.submissions:
        return exchange.list_submissions(args)
    # Straight from the SQLite file when it can be (no SQLAlchemy to import); else the store.
    quick = QuickList.open(args.data_dir, args.database, alone=True)
    if quick is not None:
        with contextlib.closing(quick):
            rows = quick.rest()
        if not quick.failed:
            return _print_list(args, rows, quick.framework_for)
    from jalon.services import assessments, recovery

    if not args.database:
        # A damaged file is refused before the store opens it (which writes beside it).
        recovery.refuse_damaged(args.data_dir)
    with open_app(args) as app:
        return _print_list(args, assessments.list_assessments(app), app.framework_for)


def _print_list(args: argparse.Namespace, rows: Sequence[Any], framework_for: Any) -> int:
    if args.json:
        print_json([_assessment_json(r, framework_for(r.assessment)) for r in rows])
        return EXIT_OK
    if not rows:
        print(_("No assessment yet. Create one in the app, or try 'jalon demo'."))
        return EXIT_OK
    tr = i18n.current()
    for r in rows:
        a = r.assessment
        print(
            _("{id}  {jurisdiction}  r{revision}  {status}  {percent} complete  {title}").format(
                id=a.id[:8],
                jurisdiction=a.jurisdiction.code,
                revision=a.revision,
                status=status_label(a.status.value),
                percent=tr.percent(r.completeness.ratio),
                title=a.title,
            )
        )
    return EXIT_OK


def status_label(status: str) -> str:
    labels = {"draft": N_("draft"), "signed": N_("signed"), "exported": N_("exported")}
    return _(labels.get(status, status))


def cmd_report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from jalon.services import reports

    if args.consolidated == bool(args.assessment):
        raise UsageError(_("report: give either ASSESSMENT or --consolidated, one of the two."))
    if args.consolidated:
        with open_app(args) as app:
            if args.prepared_by is not None:
                from jalon.services import identity

                identity.set_report_author(app, args.prepared_by)
            path = reports.write_consolidated_report(app, Path(args.out), i18n.current_language())
        print(path)
        return EXIT_OK
    with open_app(args) as app:
        path = reports.write_assessment_report(
            app, args.assessment, Path(args.out), i18n.current_language()
        )
    print(path)
    return EXIT_OK


def run_gui(args: argparse.Namespace, gui: GuiLauncher | None, files: Sequence[str] = ()) -> int:
    return launcher.run_gui(
        gui, data_dir=args.data_dir, database=args.database, lang=args.lang, files=files
    )


_HANDLERS.update({"setup": cmd_setup, "demo": cmd_demo, "list": cmd_list, "report": cmd_report})
_HANDLERS.update(exchange.HANDLERS)
_HANDLERS.update(secretariat.HANDLERS)
_HANDLERS.update(actions.HANDLERS)
_HANDLERS.update(doctor.HANDLERS)
_HANDLERS.update(framework.HANDLERS)

#: Commands that change data take the data folder's lock for their length, so that they never
#: write under an open Jalon window (whose editor would save its own copy over theirs); they
#: are refused, saying so, while a window is open. Commands that only read run beside it.
_CHANGING = {"setup", "demo", "export", "import", "carry-forward"}
_CHANGING_KEYS = {"enroll", "revoke"}


def changes_data(args: argparse.Namespace) -> bool:
    if args.command == "keys":
        return getattr(args, "keys_command", None) in _CHANGING_KEYS
    if args.command == "actions":
        return actions.changes_data(args)
    if args.command == "framework":
        return getattr(args, "framework_command", None) in framework.CHANGING
    return args.command in _CHANGING


def _package_files(argv: list[str]) -> tuple[list[str], list[str]]:
    """``jalon FILE.jalon …`` opens the files in the desktop app; argparse would take the first
    one for a command's name. When the first word that is not an option is an existing
    ``.jalon`` file, every such file is set apart: returns (files, the other arguments)."""
    positions: list[int] = []
    skip = False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
        elif arg in VALUE_OPTIONS:
            skip = True
        elif not arg.startswith("-"):
            positions.append(i)
    if not positions or not _is_package(argv[positions[0]]):
        return [], argv
    files = [i for i in positions if _is_package(argv[i])]
    return [argv[i] for i in files], [a for i, a in enumerate(argv) if i not in files]


def _is_package(arg: str) -> bool:
    """A package, or a key card (a ``.json`` file), for the desktop app to open."""
    return arg.lower().endswith((".jalon", ".json")) and os.path.isfile(arg)


def _error(message: str) -> None:
    from jalon.core.safe_output import for_terminal

    print(f"jalon: {for_terminal(message)}", file=sys.stderr)


def main(argv: Sequence[str] | None = None, gui: GuiLauncher | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    replace_unencodable_output()
    _install_argparse_translation()
    try:
        i18n.set_language(early_language(argv))
    except JalonError as exc:
        i18n.set_language(i18n.system_language())
        _error(i18n.describe(exc))
        return EXIT_USAGE
    parser = build_parser()
    files, argv = _package_files(argv)
    try:
        args, extra = parser.parse_known_args(argv)
        if (extra or files) and (args.command or any(e.startswith("-") for e in extra)):
            parser.error(_("unrecognized arguments: %s") % " ".join([*files, *extra]))
    except UsageError as exc:
        _error(str(exc).removeprefix("jalon: "))
        return EXIT_USAGE
    if args.version:
        print(f"jalon {__version__}")
        return EXIT_OK
    try:
        if args.command is None:
            return run_gui(args, gui, files=[*files, *extra])
        if not changes_data(args):
            return _HANDLERS[args.command](args)
        from jalon.services import folder_wait, instance

        wait = getattr(args, "wait", None)  # import waits for another command to finish
        with (
            instance.holding(args.data_dir, kind=instance.COMMAND)
            if wait is None
            else folder_wait.holding_when_free(
                args.data_dir, wait_seconds=wait, on_wait=lambda waiting: _error(say(waiting))
            )
        ):
            return _HANDLERS[args.command](args)
    except UsageError as exc:  # a combination of arguments argparse cannot express
        _error(str(exc).removeprefix("jalon: "))
        return EXIT_USAGE
    except JalonError as exc:
        _error(i18n.describe(exc))
        return EXIT_REFUSED
    except KeyboardInterrupt:
        _error(_("interrupted; nothing more was done."))
        return 130
    except BrokenPipeError:  # output piped into a program that stopped reading (e.g. head)
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the exit-time flush
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
