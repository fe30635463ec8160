"""``jalon actions``: the secretariat's next steps per theme (add, list, status, edit), over the
same services as the Actions tab of the desktop app."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from jalon import i18n
from jalon.cli.common import EXIT_OK, open_app, print_json
from jalon.core.errors import N_, InvalidInputError
from jalon.i18n import _

if TYPE_CHECKING:  # imported when a command needs it: ``jalon`` alone opens the window sooner
    from jalon.core.actions import Action
    from jalon.services.app import Jalon

#: Sub-commands that only read (the others change data and take the data folder's lock).
READING = {"list"}


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    actions = commands.add_parser(
        "actions", parents=[common], help=_("the next steps decided per theme (secretariat)")
    )
    sub = actions.add_subparsers(
        dest="actions_command", metavar=_("ACTION"), required=True, parser_class=type(actions)
    )
    add = sub.add_parser("add", parents=[common], help=_("record a new action for a theme"))
    add.add_argument(
        "--theme", required=True, metavar="ID", help=_("the theme's id, such as strategy or talent")
    )
    add.add_argument("--title", required=True, metavar="TEXT", help=_("what is to be done"))
    add.add_argument("--owner", metavar="NAME", default="", help=_("who carries it out"))
    add.add_argument("--due", metavar="YYYY-MM-DD", help=_("by when it is to be done"))

    listing = sub.add_parser("list", parents=[common], help=_("list the actions"))
    listing.add_argument("--theme", metavar="ID", help=_("only the actions of this theme"))
    listing.add_argument("--json", action="store_true", help=_("machine-readable output"))

    status = sub.add_parser("status", parents=[common], help=_("change where an action stands"))
    status.add_argument("id", metavar="ID", type=int, help=_("the action's number"))
    status.add_argument("status", metavar="STATUS", help=_("open, in_progress, done or dropped"))

    edit = sub.add_parser("edit", parents=[common], help=_("change some fields of an action"))
    edit.add_argument("id", metavar="ID", type=int, help=_("the action's number"))
    edit.add_argument("--theme", metavar="ID", help=_("move it to this theme"))
    edit.add_argument("--title", metavar="TEXT", help=_("what is to be done"))
    edit.add_argument("--owner", metavar="NAME", help=_('who carries it out ("" for no one)'))
    edit.add_argument(
        "--due", metavar="YYYY-MM-DD", help=_('by when it is to be done ("" for no date)')
    )
    edit.add_argument("--status", metavar="STATUS", help=_("open, in_progress, done or dropped"))


def changes_data(args: argparse.Namespace) -> bool:
    return getattr(args, "actions_command", None) not in READING


def action_json(action: Action, app: Jalon) -> dict[str, Any]:
    theme = (
        app.framework.theme(action.theme_id) if app.framework.has_theme(action.theme_id) else None
    )
    return {
        "id": action.id,
        "theme": action.theme_id,
        "theme_name": i18n.text(theme.name) if theme is not None else None,
        "title": action.description,
        "owner": action.owner,
        "due": action.due_date.isoformat() if action.due_date else None,
        "status": action.status.value,
        "created_at": action.created_at.isoformat(),
        "created_by": action.created_by,
        "updated_at": action.updated_at.isoformat(),
        "updated_by": action.updated_by,
    }


def check_theme(app: Jalon, theme_id: str | None) -> None:
    """An unknown theme is refused naming the ids a person can type (the service's own message
    counts them, which suits a form with a list, not a command line)."""
    if theme_id is not None and not app.framework.has_theme(theme_id):
        raise InvalidInputError(
            N_("There is no theme {theme!r}. Use one of: {choices}."),
            theme=theme_id[:64],
            choices=", ".join(t.id for t in app.framework.themes),
        )


def _line(action: Action) -> str:
    due = i18n.current().date(action.due_date, "short") if action.due_date else "—"
    from jalon.core.actions import STATUS_LABELS

    owner = action.owner or "—"
    status = _(STATUS_LABELS[action.status])
    return (
        f"{action.id:>4}  {action.theme_id:<18} {status:<12} {due:<10}  {owner}  "
        f"{action.description}"
    )


def _show(action: Action, verb: str) -> None:
    print(verb.format(id=action.id, theme=action.theme_id))
    print(_line(action))


def cmd_add(args: argparse.Namespace) -> int:
    from jalon.services import actions

    with open_app(args) as app:
        check_theme(app, args.theme)
        action = actions.add_action(
            app, args.theme, args.title, owner=args.owner, due_date=args.due
        )
    _show(action, _("Action {id} recorded for theme {theme}."))
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from jalon.services import actions

    with open_app(args) as app:
        check_theme(app, args.theme)
        found = actions.list_actions(app, args.theme)
        if args.json:
            print_json([action_json(a, app) for a in found])
            return EXIT_OK
    if not found:
        print(
            _("No action recorded yet. Add one with 'jalon actions add --theme ID --title TEXT'.")
        )
    for action in found:
        print(_line(action))
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from jalon.services import actions

    with open_app(args) as app:
        action = actions.set_status(app, args.id, args.status)
    _show(action, _("Action {id} updated."))
    return EXIT_OK


def cmd_edit(args: argparse.Namespace) -> int:
    from jalon.services import actions

    changes: dict[str, Any] = {}
    for option, field in (
        ("theme", "theme_id"),
        ("title", "description"),
        ("owner", "owner"),
        ("due", "due_date"),
        ("status", "status"),
    ):
        value = getattr(args, option)
        if value is not None:
            changes[field] = value
    if not changes:
        from jalon.cli.common import UsageError

        raise UsageError(
            _(
                "jalon actions edit: say what to change: --theme, --title, --owner, --due or "
                "--status"
            )
        )
    with open_app(args) as app:
        check_theme(app, args.theme)
        action = actions.update_action(app, args.id, **changes)
    _show(action, _("Action {id} updated."))
    return EXIT_OK


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "add": cmd_add,
    "list": cmd_list,
    "status": cmd_status,
    "edit": cmd_edit,
}


def cmd_actions(args: argparse.Namespace) -> int:
    return _COMMANDS[args.actions_command](args)


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {"actions": cmd_actions}
