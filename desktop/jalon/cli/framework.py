"""Commands for framework versions: ``jalon framework build|install|list|diff|trust`` and
``jalon carry-forward ASSESSMENT --to VERSION``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jalon import i18n
from jalon.cli.common import EXIT_OK, EXIT_REFUSED, open_app, passphrase, print_json
from jalon.core.errors import N_, InvalidInputError
from jalon.i18n import _

#: Actions of ``jalon framework`` that write to the data folder.
CHANGING = {"install", "trust"}


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    fw = commands.add_parser("framework", parents=[common], help=_("framework versions"))
    sub = fw.add_subparsers(
        dest="framework_command", metavar=_("ACTION"), required=True, parser_class=type(fw)
    )
    build = sub.add_parser(
        "build", parents=[common], help=_("sign a framework source into a .jalonfw (secretariat)")
    )
    build.add_argument("source", metavar="SOURCE", help=_("the framework source file (JSON)"))
    build.add_argument("--out", required=True, metavar="FILE", help=_("the .jalonfw to write"))
    build.add_argument(
        "--passphrase-file", metavar="FILE", help=_("read the key's passphrase from this file")
    )
    install = sub.add_parser(
        "install", parents=[common], help=_("install a framework version signed by the secretariat")
    )
    install.add_argument("file", metavar="FILE", help=_("the .jalonfw file"))
    install.add_argument("--json", action="store_true", help=_("machine-readable output"))
    listing = sub.add_parser("list", parents=[common], help=_("list the framework versions"))
    listing.add_argument("--json", action="store_true", help=_("machine-readable output"))
    compare = sub.add_parser("diff", parents=[common], help=_("what changed between two versions"))
    compare.add_argument("old", metavar="A", help=_("the older version, e.g. 1.0"))
    compare.add_argument("new", metavar="B", help=_("the newer version, e.g. 2.0"))
    compare.add_argument("--json", action="store_true", help=_("machine-readable output"))
    trust = sub.add_parser(
        "trust",
        parents=[common],
        help=_("accept framework files signed by this key card, in this data folder only"),
    )
    trust.add_argument("card", metavar="CARD", help=_("the key card"))
    trust.add_argument(
        "--fingerprint",
        required=True,
        help=_("the card's fingerprint, as published by the secretariat"),
    )

    compared = sub.add_parser(
        "submissions",
        parents=[common],
        help=_("every jurisdiction's current submission, compared on the newest version"),
    )
    compared.add_argument("--json", action="store_true", help=_("machine-readable output"))

    carry = commands.add_parser(
        "carry-forward",
        parents=[common],
        help=_("start a new revision on a newer framework version, answers carried forward"),
    )
    carry.add_argument("assessment", metavar="ASSESSMENT", help=_("the assessment id"))
    carry.add_argument("--to", required=True, metavar="VERSION", help=_("the framework version"))
    carry.add_argument("--yes", action="store_true", help=_("do it without asking"))
    carry.add_argument("--json", action="store_true", help=_("machine-readable output"))


def _name(fw: Any, theme_id: str) -> str:
    lang = i18n.current_language()
    return fw.theme(theme_id).name.get(lang) if fw.has_theme(theme_id) else theme_id


def _print_diff(changes: Any, old: Any, new: Any) -> None:
    from jalon.services.frameworks import describe_changes

    for line in describe_changes(changes, old, new):
        print(line)


def _diff_json(changes: Any) -> dict[str, Any]:
    return {
        "from": changes.old_version,
        "to": changes.new_version,
        "mapped": changes.mapped,
        "themes": [
            {"kind": c.kind, "from": c.source, "to": list(c.targets), "texts": list(c.texts)}
            for c in changes.themes
        ],
        "questions_added": list(changes.questions_added),
        "questions_removed": list(changes.questions_removed),
        "levels_changed": changes.levels_changed,
    }


def cmd_framework(args: argparse.Namespace) -> int:
    from jalon.services import frameworks

    action = args.framework_command
    with open_app(args) as app:
        if action == "build":
            frameworks.read_source(Path(args.source))  # refuse a bad source before asking
            secret = passphrase(args, twice=False)
            out = frameworks.build(app, Path(args.source), Path(args.out), secret)
            print(out)
            return EXIT_OK
        if action == "install":
            old_default = app.framework
            result = frameworks.install(app, Path(args.file))
            if args.json:
                print_json(
                    {
                        "id": result.framework.id,
                        "version": result.framework.version,
                        "sha256": result.framework.sha256,
                        "path": str(result.path),
                        "signer_fingerprint": result.signer_fingerprint,
                        "local_trust": result.local_trust,
                        "changes": _diff_json(result.changes) if result.changes else None,
                    }
                )
                return EXIT_OK
            print(
                _("Installed framework version {version}, signed by {fingerprint}.").format(
                    version=result.framework.version, fingerprint=result.signer_fingerprint
                )
            )
            if result.changes is not None:
                _print_diff(result.changes, old_default, result.framework)
            return EXIT_OK
        if action == "list":
            rows = frameworks.list_versions(app)
            if args.json:
                print_json(
                    [
                        {
                            "id": r.framework.id,
                            "version": r.framework.version,
                            "sha256": r.framework.sha256,
                            "published": r.framework.published,
                            "origin": r.origin,
                            "signer_fingerprint": r.signer_fingerprint,
                            "local_trust": r.local_trust,
                            "default": r.default,
                        }
                        for r in rows
                    ]
                )
                return EXIT_OK
            for r in rows:
                origin = _("shipped with Jalon") if r.origin == "shipped" else _("installed")
                if r.local_trust:
                    origin += ", " + _("trusted by this data folder only")
                mark = "*" if r.default else " "
                print(
                    f"{mark} {r.framework.id} {r.framework.version}  "
                    f"{r.framework.published}  {origin}"
                )
            return EXIT_OK
        if action == "diff":
            old = frameworks.resolve(app, args.old)
            new = frameworks.resolve(app, args.new)
            changes = frameworks.compare(app, args.old, args.new)
            if args.json:
                print_json(_diff_json(changes))
            else:
                _print_diff(changes, old, new)
            return EXIT_OK
        if action == "submissions":
            return _submissions(app, args.json)
        anchor = frameworks.trust_card(app, Path(args.card), args.fingerprint)
        print(
            _(
                "Framework files signed by {name} ({fingerprint}) are now accepted in this "
                "data folder."
            ).format(name=anchor.signer_name, fingerprint=anchor.fingerprint)
        )
        return EXIT_OK


def _level(value: int | None) -> str:
    return "–" if value is None else str(value)


def _submissions(app: Any, as_json: bool) -> int:
    from jalon.services import version_compare

    result = version_compare.compare(app)
    fw = result.framework
    if as_json:
        print_json(
            {
                "framework": {"id": fw.id, "version": fw.version},
                "versions_used": result.versions_used,
                "submissions": [
                    {
                        "jurisdiction": r.info.jurisdiction.code,
                        "assessment_id": r.info.assessment_id,
                        "revision": r.info.revision,
                        "framework_version": r.version,
                        "levels": {
                            t.id: {"current": lv[0], "target": lv[1]}
                            for t, lv in zip(fw.themes, r.levels, strict=True)
                        },
                    }
                    for r in result.rows
                ],
            }
        )
        return EXIT_OK
    lang = i18n.current_language()
    print(
        _("Compared on version {version}; versions used: {used}.").format(
            version=fw.version,
            used=", ".join(f"{v} ({n})" for v, n in result.versions_used.items()) or "–",
        )
    )
    for r in result.rows:
        print(
            _("{jurisdiction}, revision {revision}, version {version}").format(
                jurisdiction=r.info.jurisdiction.name.get(lang),
                revision=r.info.revision,
                version=r.version,
            )
        )
        for t, (current, target) in zip(fw.themes, r.levels, strict=True):
            print(f"    {t.name.get(lang)}: {_level(current)} → {_level(target)}")
    return EXIT_OK


_OUTCOME = {
    "carried": N_("carried"),
    "merged": N_("merged"),
    "split": N_("copied (split)"),
    "added": N_("new, to answer"),
    "left_behind": N_("left behind"),
}

_FIELD = {
    "current": N_("current maturity level"),
    "target": N_("target maturity level"),
    "priority": N_("priority"),
    "role": N_("role of the Joint Councils"),
    "capacity": N_("capacity to deliver"),
}
_RULE = {
    "lower": N_("the lower one kept"),
    "higher": N_("the higher one kept"),
    "more cautious": N_("the more cautious one kept"),
    "unanswered": N_("left unanswered: choose it"),
}


def print_plan(result: Any, old: Any, new: Any) -> None:
    """The carry-forward screen of the command line: theme by theme."""
    width = max(len(_(label)) for label in _OUTCOME.values())
    for t in result.themes:
        fw = old if t.outcome == "left_behind" else new
        line = f"  {_(_OUTCOME[t.outcome]):<{width}} {_name(fw, t.theme_id)}"
        sources = [s for s in t.sources if s != t.theme_id]
        if sources:
            line += "  ← " + ", ".join(_name(old, s) for s in t.sources)
        print(line)
        for field, rule in t.conflicts:
            print(
                "      " + _("{field}: {rule}").format(field=_(_FIELD[field]), rule=_(_RULE[rule]))
            )
        for field in t.dropped:
            print(
                "      "
                + _("{field}: not on the new scale, left empty").format(field=_(_FIELD[field]))
            )
    for q in result.answers_left_behind:
        print("  " + _("answer to question {id} left behind").format(id=q))


def cmd_carry_forward(args: argparse.Namespace) -> int:
    from jalon.services import assessments, carry

    lang = i18n.current_language()
    with open_app(args) as app:
        assessment_id = assessments.resolve(app, args.assessment)
        plan = carry.preview(app, assessment_id, args.to, lang)
        latest = assessments.get(app, assessment_id)
        old, new = app.framework_for(latest), app.framework_for(plan.draft)
        if args.json and not args.yes:
            raise InvalidInputError(N_("Add --yes to carry the assessment forward with --json."))
        if not args.json:
            print(
                _(
                    "Revision {revision} on version {old} → new draft revision {new_revision} "
                    "on version {new}:"
                ).format(
                    revision=latest.revision,
                    old=old.version,
                    new_revision=plan.draft.revision,
                    new=new.version,
                )
            )
            print_plan(plan, old, new)
        if not args.yes:
            if not sys.stdin.isatty():
                print(_("Nothing was changed. Add --yes to carry it forward."), file=sys.stderr)
                return EXIT_REFUSED
            answer = input(_("Carry the answers forward? [y/N] "))
            if answer.strip().lower() not in ("y", "yes", "o", "oui"):
                print(_("Nothing was changed."), file=sys.stderr)
                return EXIT_REFUSED
        result = carry.carry_forward(app, assessment_id, args.to, lang)
    if args.json:
        print_json(
            {
                "assessment_id": result.draft.id,
                "revision": result.draft.revision,
                "framework_version": result.draft.framework.version,
                "themes": [
                    {
                        "theme": t.theme_id,
                        "outcome": str(t.outcome),
                        "sources": list(t.sources),
                        "conflicts": [list(c) for c in t.conflicts],
                        "dropped": list(t.dropped),
                    }
                    for t in result.themes
                ],
                "answers_left_behind": list(result.answers_left_behind),
            }
        )
    else:
        print(
            _("Draft revision {revision} started on version {version}.").format(
                revision=result.draft.revision, version=result.draft.framework.version
            )
        )
    return EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "framework": cmd_framework,
    "carry-forward": cmd_carry_forward,
}
