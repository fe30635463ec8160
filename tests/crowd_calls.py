"""What a Jalon window does through the services, as functions a :mod:`tests.crowd` child
calls (``{"call": "tests.crowd_calls:set_status", "args": [...]}``): the actions of the
secretariat and the saved settings have no command of their own."""

from __future__ import annotations

from jalon.services import actions, identity
from jalon.services.app import Jalon


def set_status(data_dir: str, url: str, action_id: int, status: str) -> str:
    with Jalon.open(data_dir, url) as app:
        return actions.set_status(app, action_id, status).status.value


def edit_description(data_dir: str, url: str, action_id: int, text: str) -> str:
    with Jalon.open(data_dir, url) as app:
        return actions.update_action(app, action_id, description=text).description


def delete(data_dir: str, url: str, action_id: int) -> int:
    with Jalon.open(data_dir, url) as app:
        return actions.delete_action(app, action_id).id


def save_language(data_dir: str, url: str, lang: str) -> str | None:
    with Jalon.open(data_dir, url) as app:
        identity.save_language(app, lang)
        return identity.saved_language(app)
