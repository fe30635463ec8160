"""Commands of the exchange: export, verify, import, keys, and the imported submissions."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jalon import i18n
from jalon.cli.common import EXIT_OK, EXIT_REFUSED, open_app, passphrase, print_json, say
from jalon.core.errors import N_, InvalidInputError
from jalon.core.fingerprint import fingerprint
from jalon.core.safe_output import for_terminal
from jalon.i18n import _

#: How long ``jalon import`` waits for a busy data folder (see jalon.services.folder_wait).
DEFAULT_WAIT_SECONDS = 60


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    export = commands.add_parser(
        "export", parents=[common], help=_("sign an assessment and write its .jalon package")
    )
    export.add_argument(
        "assessment", metavar="ASSESSMENT", help=_("the assessment's id (or its first characters)")
    )
    export.add_argument(
        "--out", metavar="DIR", help=_("the folder for the package (default: the exports folder)")
    )
    export.add_argument(
        "--passphrase-file", metavar="FILE", help=_("read the key's passphrase from this file")
    )

    verify = commands.add_parser(
        "verify", parents=[common], help=_("check packages without importing them")
    )
    verify.add_argument(
        "packages", nargs="+", metavar="PACKAGE", help=_("a .jalon file or a folder of them")
    )
    verify.add_argument(
        "--pdf",
        action="store_true",
        help=_("also check the PDF signature of each report (English and French) in full"),
    )
    verify.add_argument("--json", action="store_true", help=_("machine-readable output"))

    imp = commands.add_parser(
        "import", parents=[common], help=_("verify packages and store the good ones")
    )
    imp.add_argument(
        "packages", nargs="+", metavar="PACKAGE_OR_DIR", help=_("a .jalon file or a folder of them")
    )
    imp.add_argument("--json", action="store_true", help=_("machine-readable output"))
    imp.add_argument(
        "--wait",
        type=_seconds,
        default=DEFAULT_WAIT_SECONDS,
        metavar="SECONDS",
        help=_(
            "while another jalon command is changing data in the data folder, wait this long "
            "for it to finish (default: {seconds}; 0: do not wait)"
        ).format(seconds=DEFAULT_WAIT_SECONDS),
    )

    keys = commands.add_parser("keys", parents=[common], help=_("signing keys and trust"))
    sub = keys.add_subparsers(
        dest="keys_command", metavar=_("ACTION"), required=True, parser_class=type(keys)
    )
    card = sub.add_parser("card", parents=[common], help=_("write this installation's key card"))
    card.add_argument("--out", metavar="FILE", help=_("where to write the key card"))
    enroll = sub.add_parser(
        "enroll", parents=[common], help=_("trust a jurisdiction's key card (secretariat)")
    )
    enroll.add_argument("card", metavar="CARD", help=_("the key card file"))
    enroll.add_argument(
        "--yes",
        action="store_true",
        help=_("the fingerprint was confirmed with the signer; do not ask"),
    )
    listing = sub.add_parser("list", parents=[common], help=_("list the enrolled keys"))
    listing.add_argument("--json", action="store_true", help=_("machine-readable output"))
    revoke = sub.add_parser("revoke", parents=[common], help=_("stop trusting a key"))
    revoke.add_argument("key_id", metavar="KEY_ID", help=_("the key id or its fingerprint"))
    revoke.add_argument("--reason", default="", help=_("why the key is revoked"))


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1
    if not 0 <= seconds <= 86400:
        raise argparse.ArgumentTypeError(
            _("give a number of seconds from 0 to 86400, not {value}").format(value=value)
        )
    return seconds


def cmd_export(args: argparse.Namespace) -> int:
    from jalon.services import assessments, exchange, keys

    with open_app(args) as app:
        # What can be checked without the passphrase is checked before asking for it.
        keys.require_key(app)
        assessments.resolve(app, args.assessment)
        secret = passphrase(args, twice=False)
        result = exchange.export_assessment(
            app, args.assessment, secret, Path(args.out) if args.out else None
        )
    print(result.path)
    print(
        _("Signed with the key {fingerprint}.").format(fingerprint=result.fingerprint),
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from jalon.services import exchange

    with open_app(args) as app:
        outcomes = exchange.verify_packages(
            app, [Path(p) for p in args.packages], check_pdf=args.pdf
        )
    if not outcomes:
        raise InvalidInputError(N_("No .jalon package was found in what was given."))
    if args.json:
        print_json(
            [
                {
                    "file": str(o.path),
                    "verdict": o.verdict.value,
                    "message": say(o.message),
                    "step": o.step,
                    "key_id": o.key_id,
                    "fingerprint": fingerprint(o.key_id) if o.key_id else None,
                    "jurisdiction": o.jurisdiction,
                    "assessment_id": o.assessment_id,
                    "revision": o.revision,
                    "package_sha256": o.package_sha256,
                    "pdf_signature_valid": o.pdf_ok,
                    "code": o.code,
                }
                for o in outcomes
            ]
        )
    else:
        for o in outcomes:
            # Results on standard output, refusals on standard error; package text shown
            # visibly, never interpreted by the terminal.
            good = o.verdict == exchange.Verdict.TRUSTED
            print(for_terminal(say(o.message)), file=sys.stdout if good else sys.stderr)
    return EXIT_OK if all(o.verdict == exchange.Verdict.TRUSTED for o in outcomes) else EXIT_REFUSED


def cmd_import(args: argparse.Namespace) -> int:
    from jalon.services import exchange

    with open_app(args) as app:
        outcomes = exchange.import_packages(app, [Path(p) for p in args.packages])
    if not outcomes:
        raise InvalidInputError(N_("No .jalon package was found in what was given."))
    if args.json:
        print_json(
            [
                {
                    "file": str(o.path),
                    "status": o.status.value,
                    "message": say(o.message),
                    "step": o.step,
                    "key_id": o.key_id,
                    "jurisdiction": o.jurisdiction,
                    "revision": o.revision,
                    "code": o.code,
                }
                for o in outcomes
            ]
        )
    else:
        for o in outcomes:
            bad = o.status == exchange.ImportStatus.REFUSED
            print(for_terminal(say(o.message)), file=sys.stderr if bad else sys.stdout)
    refused = sum(o.status == exchange.ImportStatus.REFUSED for o in outcomes)
    return EXIT_REFUSED if refused else EXIT_OK


def cmd_keys(args: argparse.Namespace) -> int:
    return _KEYS[args.keys_command](args)


def keys_card(args: argparse.Namespace) -> int:
    from jalon.services import keys

    with open_app(args) as app:
        info = keys.require_key(app)
        if args.out:
            path = keys.write_key_card(app, Path(args.out))
            print(path)
        else:
            sys.stdout.write(info.card_bytes.decode("utf-8") + "\n")
    print(_("Fingerprint: {fingerprint}").format(fingerprint=info.fingerprint), file=sys.stderr)
    return EXIT_OK


def keys_enroll(args: argparse.Namespace) -> int:
    from jalon.services import trust

    with open_app(args) as app:
        card = trust.read_card_file(Path(args.card))
        print(
            _("Key card of {signer}, {title}, for {jurisdiction}.").format(
                signer=for_terminal(card.signer_name),
                title=for_terminal(card.signer_title),
                jurisdiction=i18n.text(card.jurisdiction.name),
            )
        )
        print(_("Fingerprint: {fingerprint}").format(fingerprint=card.fingerprint))
        if not args.yes:
            if not sys.stdin.isatty():
                raise InvalidInputError(
                    N_(
                        "Confirm the fingerprint with the signer, then run the command again "
                        "with --yes."
                    )
                )
            try:
                answer = input(_("Does the signer read you the same fingerprint? [y/N] "))
            except EOFError:  # Ctrl-D: no answer is not a yes
                answer = ""
                print()
            if answer.strip().lower() not in (_("y"), _("yes"), "y", "yes"):
                print(_("Not enrolled."))
                return EXIT_REFUSED
        key = trust.enroll(app, card)
    print(
        _("Enrolled the key {fingerprint} for {jurisdiction}.").format(
            fingerprint=fingerprint(key.key_id), jurisdiction=key.jurisdiction.code
        )
    )
    return EXIT_OK


def keys_list(args: argparse.Namespace) -> int:
    from jalon.services import trust

    with open_app(args) as app:
        enrolled = trust.list_keys(app)
    if args.json:
        print_json(
            [
                {
                    "key_id": k.key_id,
                    "fingerprint": fingerprint(k.key_id),
                    "jurisdiction": {
                        "code": k.jurisdiction.code,
                        "name": i18n.text(k.jurisdiction.name),
                    },
                    "signer": {"name": k.signer_name, "title": k.signer_title},
                    "enrolled_at": k.enrolled_at.isoformat(),
                    "enrolled_by": k.enrolled_by,
                    "revoked_at": k.revoked_at.isoformat() if k.revoked_at else None,
                    "revoked_by": k.revoked_by,
                    "revoke_reason": k.revoke_reason,
                }
                for k in enrolled
            ]
        )
        return EXIT_OK
    if not enrolled:
        print(
            _(
                "No key is enrolled yet. Enrol a jurisdiction's key card with 'jalon keys "
                "enroll CARD'."
            )
        )
    for k in enrolled:
        state = _("revoked") if k.revoked else _("enrolled")
        print(
            f"{k.jurisdiction.code:<8} {fingerprint(k.key_id)}  {state:<9} "
            f"{for_terminal(k.signer_name)}, {for_terminal(k.signer_title)}"
        )
    return EXIT_OK


def keys_revoke(args: argparse.Namespace) -> int:
    from jalon.services import trust

    with open_app(args) as app:
        key = trust.revoke(app, args.key_id, args.reason)
    print(
        _("Revoked the key {fingerprint} of {jurisdiction}; its packages will be refused.").format(
            fingerprint=fingerprint(key.key_id), jurisdiction=key.jurisdiction.code
        )
    )
    return EXIT_OK


def list_submissions(args: argparse.Namespace) -> int:
    from jalon.services import exchange

    with open_app(args) as app:
        rows = exchange.list_submissions(app)
    tr = i18n.current()
    if args.json:
        print_json(
            [
                {
                    "id": s.id,
                    "assessment_id": s.assessment_id,
                    "revision": s.revision,
                    "title": s.title,
                    "jurisdiction": {
                        "code": s.jurisdiction.code,
                        "name": tr.text(s.jurisdiction.name),
                    },
                    "signer": {"name": s.signer_name, "title": s.signer_title},
                    "key_id": s.key_id,
                    "fingerprint": fingerprint(s.key_id),
                    "signed_at": s.signed_at.isoformat(),
                    "imported_at": s.imported_at.isoformat(),
                    "imported_by": s.imported_by,
                    "package_sha256": s.package_sha256,
                    "filename": s.filename,
                }
                for s in rows
            ]
        )
        return EXIT_OK
    if not rows:
        print(_("No submission imported yet. Import packages with 'jalon import FOLDER'."))
    for s in rows:
        print(
            f"{s.id:>5}  {s.jurisdiction.code:<8} r{s.revision:<3} "
            f"{tr.datetime(s.signed_at, 'short')}  {for_terminal(s.signer_name)}  "
            f"{for_terminal(s.title)}"
        )
    return EXIT_OK


_KEYS: dict[str, Callable[[argparse.Namespace], int]] = {
    "card": keys_card,
    "enroll": keys_enroll,
    "list": keys_list,
    "revoke": keys_revoke,
}
HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "export": cmd_export,
    "verify": cmd_verify,
    "import": cmd_import,
    "keys": cmd_keys,
}
