"""Actions (the deck's next steps): recorded per theme, checked, audited, on both backends."""

from __future__ import annotations

from datetime import date

import pytest

from jalon.core.actions import MAX_DESCRIPTION, MAX_OWNER, ActionStatus
from jalon.core.errors import InvalidInputError, NotFoundError
from jalon.i18n import translator
from jalon.services import actions
from jalon.services.app import Jalon

from . import secretariat_support as support

# The fixtures every test here runs with: on SQLite, and on PostgreSQL when a server is given.
secretariat = support.secretariat
store_url = support.store_url


def test_an_action_is_recorded_for_a_theme_with_its_audit_trail(secretariat: Jalon) -> None:
    made = actions.add_action(
        secretariat,
        "digital_identity",
        "  Draft a pan-Canadian digital identity roadmap.\nShare it in February.  ",
        owner="  Manitoba   and Yukon ",
        due_date="2027-02-28",
    )
    assert (
        made.description == "Draft a pan-Canadian digital identity roadmap.\nShare it in February."
    )
    assert made.owner == "Manitoba and Yukon"
    assert made.due_date == date(2027, 2, 28)
    assert made.status is ActionStatus.OPEN
    assert made.created_by == secretariat.actor
    assert actions.get_action(secretariat, made.id) == made
    trail = actions.history(secretariat, made.id)
    assert [(c.operation, c.field, c.old_value, c.new_value) for c in trail] == [
        ("create", "theme_id", None, "digital_identity"),
        ("create", "description", None, made.description),
        ("create", "owner", None, "Manitoba and Yukon"),
        ("create", "due_date", None, "2027-02-28"),
        ("create", "status", None, "open"),
    ]


def test_edits_and_status_changes_are_audited_field_by_field(secretariat: Jalon) -> None:
    made = actions.add_action(secretariat, "security", "Share a security baseline")
    actions.update_action(secretariat, made.id, owner="Ontario", due_date=date(2027, 6, 30))
    actions.set_status(secretariat, made.id, "in_progress")
    actions.update_action(secretariat, made.id, due_date=None)
    # The same values again: nothing changes, nothing is audited.
    unchanged = actions.update_action(secretariat, made.id, owner="Ontario", status="in_progress")
    after = actions.get_action(secretariat, made.id)
    assert after == unchanged
    assert after.status is ActionStatus.IN_PROGRESS
    assert after.due_date is None
    assert after.updated_at >= made.updated_at
    edits = [
        (c.operation, c.field, c.old_value, c.new_value)
        for c in actions.history(secretariat, made.id)
        if c.operation != "create"
    ]
    assert edits == [
        ("edit", "owner", "", "Ontario"),
        ("edit", "due_date", None, "2027-06-30"),
        ("edit", "status", "open", "in_progress"),
        ("edit", "due_date", "2027-06-30", None),
    ]


def test_a_deleted_action_leaves_its_deletion_on_record(secretariat: Jalon) -> None:
    made = actions.add_action(secretariat, "procurement", "Pool cloud procurement")
    gone = actions.delete_action(secretariat, made.id)
    assert gone == made
    assert actions.list_actions(secretariat) == []
    last = actions.history(secretariat, made.id)[-1]
    assert (last.operation, last.field, last.old_value, last.new_value) == (
        "delete",
        "description",
        "Pool cloud procurement",
        None,
    )
    with pytest.raises(NotFoundError, match="There is no action"):
        actions.get_action(secretariat, made.id)
    with pytest.raises(NotFoundError, match="There is no action"):
        actions.delete_action(secretariat, made.id)


def test_actions_are_listed_per_theme_in_framework_order(secretariat: Jalon) -> None:
    late = actions.add_action(secretariat, "security", "Later", due_date="2027-12-01")
    done = actions.add_action(secretariat, "security", "Finished", status=ActionStatus.DONE)
    soon = actions.add_action(secretariat, "security", "Sooner", due_date="2027-01-15")
    undated = actions.add_action(secretariat, "security", "Someday")
    first = actions.add_action(secretariat, "strategy", "Write the business case")
    assert [a.id for a in actions.list_actions(secretariat)] == [
        first.id,
        soon.id,
        late.id,
        undated.id,
        done.id,
    ]
    assert [a.id for a in actions.list_actions(secretariat, "strategy")] == [first.id]
    grouped = actions.actions_by_theme(secretariat)
    assert list(grouped) == [t.id for t in secretariat.framework.themes]
    assert grouped["leadership"] == []
    assert len(grouped["security"]) == 4


@pytest.mark.parametrize(
    ("change", "phrase"),
    [
        ({"theme_id": "cooking"}, "is not part of the framework"),
        ({"description": ""}, "needs a description"),
        ({"description": " \n\t "}, "needs a description"),
        ({"description": "x" * (MAX_DESCRIPTION + 1)}, "keep it to 2000 or fewer"),
        ({"description": "bad\x00text"}, "NUL"),
        ({"owner": "o" * (MAX_OWNER + 1)}, "keep it to 200 or fewer"),
        ({"due_date": "2027-02-30"}, "is not a date"),
        ({"due_date": "31/03/2027"}, "is not a date"),
        ({"due_date": "tomorrow"}, "is not a date"),
        ({"status": "finished"}, "is not a status of an action"),
    ],
)
def test_a_bad_action_is_refused_and_nothing_is_written(
    secretariat: Jalon, change: dict[str, object], phrase: str
) -> None:
    values: dict[str, object] = {"theme_id": "culture", "description": "Map the culture"}
    with pytest.raises(InvalidInputError) as caught:
        actions.add_action(secretariat, **{**values, **change})  # type: ignore[arg-type]
    assert phrase in str(caught.value)
    assert translator("fr").error(caught.value)  # says it in French too, without a crash
    assert actions.list_actions(secretariat) == []
    assert actions.history(secretariat) == []

    kept = actions.add_action(secretariat, "culture", "Map the culture")
    before = actions.history(secretariat)
    with pytest.raises(InvalidInputError):
        actions.update_action(secretariat, kept.id, **change)  # type: ignore[arg-type]
    assert actions.get_action(secretariat, kept.id) == kept
    assert actions.history(secretariat) == before


def test_the_longest_accepted_values_are_kept(secretariat: Jalon) -> None:
    text = "« é »\u00a0" * (MAX_DESCRIPTION // 6)
    made = actions.add_action(
        secretariat, "open_data", text, owner="o" * MAX_OWNER, due_date=date(9999, 12, 31)
    )
    assert actions.get_action(secretariat, made.id).description == text.strip()
    assert actions.get_action(secretariat, made.id).owner == "o" * MAX_OWNER


def test_editing_an_action_someone_deleted_says_so(secretariat: Jalon) -> None:
    with pytest.raises(NotFoundError, match="Reload the list"):
        actions.update_action(secretariat, 999, owner="Nobody")
    assert actions.history(secretariat) == []
