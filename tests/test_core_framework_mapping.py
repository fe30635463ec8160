"""The mapping between framework versions, carrying answers through it, and diffs."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from typing import Any

import pytest

from jalon.core import assessment as am
from jalon.core.carry_forward import Outcome, carry_forward
from jalon.core.errors import FrameworkError
from jalon.core.framework import Framework, parse_framework
from jalon.core.framework_diff import diff
from jalon.core.framework_mapping import check_mapping_against

from .conftest import FIXED_NOW, FRAMEWORK_SCHEMA, complete_assessment
from .framework_support import v2_source


def _parse(raw: dict[str, Any]) -> Framework:
    schema = json.loads(FRAMEWORK_SCHEMA.read_text(encoding="utf-8"))
    return parse_framework(json.dumps(raw).encode(), source="v2.json", schema=schema)


@pytest.fixture(scope="module")
def v2() -> Framework:
    return _parse(v2_source())


def _carry(a: am.Assessment, framework: Framework, v2: Framework) -> Any:
    assert v2.previous is not None
    return carry_forward(a, framework, v2, v2.previous, now=FIXED_NOW)


def test_a_mapping_accounts_for_every_old_theme_when_it_is_complete(
    framework: Framework, v2: Framework
) -> None:
    assert v2.previous is not None
    check_mapping_against(v2.previous, framework, "v2.json")


def test_checking_refuses_a_mapping_when_an_old_theme_is_not_accounted_for(
    v2: Framework,
) -> None:
    from .framework_support import v1_source

    raw = v1_source()
    extra = copy.deepcopy(raw["themes"][0])
    extra["id"], extra["number"] = "extra", 99
    raw["themes"].append(extra)
    old = _parse(raw)
    assert v2.previous is not None
    with pytest.raises(FrameworkError, match="'extra' is not accounted for"):
        check_mapping_against(v2.previous, old, "v2.json")


def test_loading_refuses_a_mapping_when_a_target_does_not_exist() -> None:
    raw = v2_source()
    raw["previous"]["themes"][0]["to"] = ["nowhere"]
    raw["previous"]["themes"][0]["kind"] = "renamed"
    with pytest.raises(FrameworkError, match="'nowhere', which is not a theme"):
        _parse(raw)


def test_loading_refuses_a_mapping_when_a_split_has_one_target() -> None:
    raw = v2_source()
    split = next(m for m in raw["previous"]["themes"] if m["kind"] == "split")
    split["to"] = split["to"][:1]
    with pytest.raises(FrameworkError, match="is 'split' but maps to"):
        _parse(raw)


def test_loading_refuses_a_mapping_when_a_new_theme_is_neither_mapped_nor_added() -> None:
    raw = v2_source()
    raw["previous"]["added"] = []
    with pytest.raises(FrameworkError, match="'ai_readiness' is neither mapped to nor added"):
        _parse(raw)


def test_loading_refuses_a_mapping_when_a_level_lands_off_the_scale() -> None:
    raw = v2_source()
    raw["previous"]["levels"][4]["to"] = 7
    with pytest.raises(FrameworkError, match="the level 4 maps to 7"):
        _parse(raw)


def test_a_mapping_of_another_version_is_refused_when_checked_against_the_old_one(
    framework: Framework,
) -> None:
    fw = _parse(v2_source(previous="1.1"))
    assert fw.previous is not None
    with pytest.raises(FrameworkError, match=r"maps version 1\.1, not 1\.0"):
        check_mapping_against(fw.previous, framework, "v2.json")


def test_carry_forward_copies_a_kept_theme_as_it_was(framework: Framework, v2: Framework) -> None:
    a = complete_assessment(framework)
    result = _carry(a, framework, v2)
    before, after = a.response("talent"), result.draft.response("talent")
    assert replace(before, theme_id="x") == replace(after, theme_id="x")
    account = next(t for t in result.themes if t.theme_id == "talent")
    assert account.outcome is Outcome.CARRIED
    assert account.sources == ("talent",)


def test_carry_forward_moves_a_renamed_theme_to_its_new_id(
    framework: Framework, v2: Framework
) -> None:
    a = complete_assessment(framework)
    result = _carry(a, framework, v2)
    old = a.response("leadership")
    new = result.draft.response("digital_leadership")
    assert (new.current, new.target, new.comment) == (old.current, old.target, old.comment)
    account = next(t for t in result.themes if t.theme_id == "digital_leadership")
    assert account.outcome is Outcome.CARRIED
    assert account.sources == ("leadership",)


def test_carry_forward_merges_two_themes_keeping_the_lower_current_and_higher_target(
    framework: Framework, v2: Framework
) -> None:
    a = complete_assessment(framework)
    a = am.with_response(a, framework, "governance", current=3, target=3, role="owns")
    a = am.with_response(a, framework, "policy_legislation", current=1, target=4, role="co_leads")
    a = am.with_response(a, framework, "governance", priority="low", capacity="yes")
    a = am.with_response(a, framework, "policy_legislation", priority="medium", capacity="no")
    result = _carry(a, framework, v2)
    merged = result.draft.response("governance")
    assert (merged.current, merged.target) == (1, 4)
    assert (merged.priority, merged.capacity, merged.role) == ("medium", "no", None)
    assert "[Governance] Comment on Governance." in merged.comment
    assert "[Policy and legislation]" in merged.comment or "[Policy" in merged.comment
    account = next(t for t in result.themes if t.theme_id == "governance")
    assert account.outcome is Outcome.MERGED
    assert account.sources == ("governance", "policy_legislation")
    assert dict(account.conflicts) == {
        "current": "lower",
        "target": "higher",
        "priority": "higher",
        "capacity": "more cautious",
        "role": "unanswered",
    }


def test_carry_forward_names_merged_sources_in_french_when_asked(
    framework: Framework, v2: Framework
) -> None:
    a = complete_assessment(framework)
    assert v2.previous is not None
    result = carry_forward(a, framework, v2, v2.previous, lang="fr", now=FIXED_NOW)
    assert "[Gouvernance]" in result.draft.response("governance").comment


def test_carry_forward_copies_a_split_theme_to_each_part(
    framework: Framework, v2: Framework
) -> None:
    a = complete_assessment(framework)
    result = _carry(a, framework, v2)
    old = a.response("data_sharing")
    for target in ("data_sharing", "data_stewardship"):
        new = result.draft.response(target)
        assert (new.current, new.target, new.comment) == (old.current, old.target, old.comment)
        account = next(t for t in result.themes if t.theme_id == target)
        assert account.outcome is Outcome.SPLIT
        assert account.sources == ("data_sharing",)


def test_carry_forward_leaves_a_removed_theme_behind(framework: Framework, v2: Framework) -> None:
    a = complete_assessment(framework)
    result = _carry(a, framework, v2)
    assert not v2.has_theme("procurement")
    assert all(r.theme_id != "procurement" for r in result.draft.responses)
    (left,) = result.of(Outcome.LEFT_BEHIND)
    assert left.theme_id == "procurement"
    assert left.answered


def test_carry_forward_leaves_an_added_theme_unanswered(
    framework: Framework, v2: Framework
) -> None:
    a = complete_assessment(framework)
    result = _carry(a, framework, v2)
    assert result.draft.response("ai_readiness") == am.ThemeResponse("ai_readiness")
    (added,) = result.of(Outcome.ADDED)
    assert added.theme_id == "ai_readiness"


def test_carry_forward_maps_levels_through_the_scale_mapping(framework: Framework) -> None:
    raw = v2_source()
    raw["previous"]["levels"] = [{"from": n, "to": max(n - 1, 0)} for n in range(5)]
    v2 = _parse(raw)
    a = am.with_response(complete_assessment(framework), framework, "talent", current=3, target=4)
    result = _carry(a, framework, v2)
    assert (result.draft.response("talent").current, result.draft.response("talent").target) == (
        2,
        3,
    )


def test_carry_forward_makes_the_next_draft_revision_on_the_new_version(
    framework: Framework, v2: Framework
) -> None:
    a = complete_assessment(framework)
    result = _carry(a, framework, v2)
    assert result.draft.revision == a.revision + 1
    assert result.draft.status is am.Status.DRAFT
    assert result.draft.signature is None
    assert result.draft.framework == am.FrameworkRef.of(v2)
    assert [r.theme_id for r in result.draft.responses] == [t.id for t in v2.themes]
    assert result.draft.answers == a.answers
    assert result.draft.participants == a.participants


def test_carry_forward_leaves_behind_answers_to_questions_that_were_removed(
    framework: Framework,
) -> None:
    raw = v2_source()
    raw["questions"] = raw["questions"][:1]
    v2 = _parse(raw)
    a = complete_assessment(framework)
    result = _carry(a, framework, v2)
    assert result.answers_left_behind == (framework.questions[1].id,)
    assert framework.questions[1].id not in result.draft.answers


def test_diff_lists_every_kind_of_move_from_the_mapping(
    framework: Framework, v2: Framework
) -> None:
    d = diff(framework, v2)
    kinds = {(c.kind, c.source) for c in d.changed}
    assert ("renamed", "leadership") in kinds
    assert ("merged", "policy_legislation") in kinds
    assert ("split", "data_sharing") in kinds
    assert ("removed", "procurement") in kinds
    assert ("added", None) in kinds
    governance = next(c for c in d.themes if c.source == "governance")
    assert governance.texts == ("name",)
    assert d.mapped
    assert not d.levels_changed


def test_diff_compares_by_id_when_the_newer_version_does_not_map_the_older(
    framework: Framework,
) -> None:
    raw = copy.deepcopy(v2_source())
    del raw["previous"]
    d = diff(framework, _parse(raw))
    assert not d.mapped
    assert {c.source for c in d.changed if c.kind == "removed"} == {
        "leadership",
        "policy_legislation",
        "procurement",
    }


def test_projecting_levels_follows_every_kind_of_move(framework: Framework, v2: Framework) -> None:
    from jalon.core.carry_forward import project_levels

    assert v2.previous is not None
    levels = {t.id: (1, 2) for t in framework.themes}
    levels["governance"] = (3, 3)
    levels["policy_legislation"] = (0, 4)
    levels["leadership"] = (2, 4)
    projected = project_levels(levels, v2.previous)
    assert projected["governance"] == (0, 4)  # merged: lower current, higher target
    assert projected["digital_leadership"] == (2, 4)  # renamed
    assert projected["data_stewardship"] == projected["data_sharing"] == (1, 2)  # split
    assert "procurement" not in projected  # removed
    assert "ai_readiness" not in projected  # added: nothing yet
