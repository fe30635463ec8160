"""The framework file: the published one loads whole, and every bad file is refused clearly."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from jalon.core.errors import FrameworkError
from jalon.core.framework import MAX_FRAMEWORK_BYTES, Framework, load_framework
from tests.conftest import FRAMEWORK_FILE, FRAMEWORK_SCHEMA

SINGLE_MARK_THEMES = {"talent", "it_capacity", "digital_identity", "open_data"}


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FRAMEWORK_FILE.read_text(encoding="utf-8"))
    return data


def write_json(tmp_path: Path, data: Any, name: str = "framework.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def refusal(path: Path) -> FrameworkError:
    with pytest.raises(FrameworkError) as info:
        load_framework(path, FRAMEWORK_SCHEMA)
    assert str(path) in str(info.value), "the message names the file"
    assert info.value.message.params["file"] == str(path)
    return info.value


def mutated(
    tmp_path: Path, raw: dict[str, Any], change: Callable[[dict[str, Any]], None]
) -> FrameworkError:
    data = copy.deepcopy(raw)
    change(data)
    return refusal(write_json(tmp_path, data))


# --- the published framework -------------------------------------------------------------


def test_the_published_framework_has_fourteen_themes_in_number_order(framework: Framework) -> None:
    assert len(framework.themes) == 14
    assert [t.number for t in framework.themes] == list(range(1, 15))
    assert len({t.id for t in framework.themes}) == 14


def test_the_published_framework_has_nine_capabilities_then_five_enablers(
    framework: Framework,
) -> None:
    assert [g.id for g in framework.groups] == ["capability", "enabler"]
    assert len(list(framework.themes_in("capability"))) == 9
    assert len(list(framework.themes_in("enabler"))) == 5
    assert [t.group for t in framework.themes] == ["capability"] * 9 + ["enabler"] * 5


def test_the_maturity_scale_runs_from_zero_to_four_with_bilingual_descriptors(
    framework: Framework,
) -> None:
    assert framework.level_values == (0, 1, 2, 3, 4)
    assert (framework.min_level, framework.max_level) == (0, 4)
    for level in framework.levels:
        assert all((level.name.en, level.name.fr, level.descriptor.en, level.descriptor.fr))
        assert level.descriptor.en != level.descriptor.fr
        assert framework.level(level.value) is level


def test_every_theme_has_a_descriptor_for_each_of_the_five_levels_in_both_languages(
    framework: Framework,
) -> None:
    for theme in framework.themes:
        assert sorted(theme.level_descriptors) == [0, 1, 2, 3, 4], theme.id
        for value in framework.level_values:
            descriptor = theme.descriptor(value)
            assert all((descriptor.en.strip(), descriptor.fr.strip())), (theme.id, value)
        assert len({theme.descriptor(v).en for v in framework.level_values}) == 5, theme.id
        texts = (theme.name, theme.description, theme.comment)
        assert all(t.en.strip() and t.fr.strip() for t in texts), theme.id


def test_exactly_the_four_single_mark_themes_carry_an_interpretation(
    framework: Framework,
) -> None:
    single = {t.id for t in framework.themes if t.marks.logic_model != t.marks.mckinsey}
    assert single == SINGLE_MARK_THEMES
    for theme in framework.themes:
        interpretation = theme.marks.interpretation
        if theme.id in SINGLE_MARK_THEMES:
            assert interpretation is not None, theme.id
            assert "interpretation" in interpretation.en
            assert "interprétation" in interpretation.fr
        else:
            assert interpretation is None, theme.id


def test_the_workshop_questions_include_the_crunchy_measures_read_as_concrete(
    framework: Framework,
) -> None:
    assert [q.id for q in framework.questions] == ["council_role", "crunchy_measures"]
    assert framework.has_question("council_role")
    crunchy = framework.question("crunchy_measures")
    assert "concrete" in crunchy.text.en
    assert "écolo" in crunchy.text.fr
    assert crunchy.note is not None
    assert "tangible" in crunchy.note.en
    assert len(framework.question("council_role").prompts) == 2


def test_the_answer_options_are_the_councils_own(framework: Framework) -> None:
    assert [o.id for o in framework.options("priority")] == ["high", "medium", "low"]
    assert [o.id for o in framework.options("role")] == [
        "owns",
        "co_leads",
        "contributes",
        "not_council",
    ]
    assert [o.id for o in framework.options("capacity")] == ["yes", "partly", "no"]
    for kind in ("priority", "role", "capacity"):
        for option in framework.options(kind):
            assert all((option.label.en, option.label.fr))
            assert framework.option(kind, option.id) is option


def test_the_framework_digest_is_the_sha256_of_the_file_bytes(framework: Framework) -> None:
    assert framework.sha256 == hashlib.sha256(FRAMEWORK_FILE.read_bytes()).hexdigest()
    assert framework.key == ("jc-digital-strategy", "1.0", framework.sha256)


def test_a_byte_for_byte_copy_loads_with_the_same_digest(
    tmp_path: Path, framework: Framework
) -> None:
    copy_path = tmp_path / "copy.json"
    copy_path.write_bytes(FRAMEWORK_FILE.read_bytes())
    assert load_framework(copy_path, FRAMEWORK_SCHEMA).sha256 == framework.sha256


def test_reformatting_the_file_changes_its_digest_but_not_its_content(
    tmp_path: Path, raw: dict[str, Any], framework: Framework
) -> None:
    reloaded = load_framework(write_json(tmp_path, raw), FRAMEWORK_SCHEMA)
    assert reloaded.sha256 != framework.sha256
    assert reloaded.themes == framework.themes
    assert reloaded.levels == framework.levels


def test_themes_are_ordered_by_their_number_whatever_the_file_order(
    tmp_path: Path, raw: dict[str, Any], framework: Framework
) -> None:
    data = copy.deepcopy(raw)
    data["themes"].reverse()
    reloaded = load_framework(write_json(tmp_path, data), FRAMEWORK_SCHEMA)
    assert [t.id for t in reloaded.themes] == [t.id for t in framework.themes]


def test_lookups_of_unknown_ids_raise_key_error(framework: Framework) -> None:
    assert not framework.has_theme("blockchain")
    with pytest.raises(KeyError):
        framework.theme("blockchain")
    with pytest.raises(KeyError):
        framework.question("favourite_colour")
    with pytest.raises(KeyError):
        framework.level(7)
    with pytest.raises(KeyError):
        framework.group("platform")
    with pytest.raises(KeyError):
        framework.option("priority", "urgent")


def test_an_unknown_level_inside_a_mapped_lookup_is_not_silently_dropped(
    framework: Framework,
) -> None:
    # A StopIteration escaping ``level()`` would end ``map`` early without a word.
    with pytest.raises(KeyError):
        list(map(framework.level, [1, 9, 2]))


# --- bad files ---------------------------------------------------------------------------


def test_a_truncated_file_is_refused_as_invalid_json(tmp_path: Path) -> None:
    path = tmp_path / "framework.json"
    path.write_bytes(FRAMEWORK_FILE.read_bytes()[:-40])
    error = refusal(path)
    assert "not valid JSON" in str(error)
    assert "line" in error.message.params["detail"]


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "framework.json"
    path.write_bytes(FRAMEWORK_FILE.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    error = refusal(path)
    assert "not valid JSON" in str(error)
    assert "utf-8" in error.message.params["detail"]


def test_a_duplicate_json_key_is_refused(tmp_path: Path, raw: dict[str, Any]) -> None:
    text = json.dumps(raw, ensure_ascii=False)
    assert '"version": "1.0"' in text
    path = tmp_path / "framework.json"
    path.write_text(
        text.replace('"version": "1.0"', '"version": "1.0", "version": "9.9"', 1),
        encoding="utf-8",
    )
    error = refusal(path)
    assert "duplicate key 'version'" in error.message.params["detail"]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_a_non_finite_number_is_refused(tmp_path: Path, raw: dict[str, Any], constant: str) -> None:
    text = json.dumps(raw, ensure_ascii=False)
    path = tmp_path / "framework.json"
    path.write_text(text.replace('"number": 1,', f'"number": {constant},', 1), encoding="utf-8")
    error = refusal(path)
    assert constant.lstrip("-") in error.message.params["detail"]


def test_a_file_that_is_not_a_json_object_is_refused_at_the_root(tmp_path: Path) -> None:
    error = refusal(write_json(tmp_path, [1, 2, 3]))
    assert error.message.params["path"] == "$"


def test_a_huge_wrong_value_is_not_quoted_whole_in_the_message(tmp_path: Path) -> None:
    error = refusal(write_json(tmp_path, list(range(200_000))))
    assert error.message.params["path"] == "$"
    assert len(str(error)) < 1000
    assert "…" in error.message.params["detail"]
    assert str(error).endswith("ask the secretariat for a good copy.")


def test_a_theme_missing_its_french_name_is_refused_with_its_json_path(
    tmp_path: Path, raw: dict[str, Any]
) -> None:
    error = mutated(tmp_path, raw, lambda d: d["themes"][3]["name"].pop("fr"))
    assert error.message.params["path"] == "$.themes[3].name"
    assert "'fr' is a required property" in str(error)
    assert "$.themes[3].name" in str(error)


def test_an_empty_french_descriptor_is_refused_with_its_json_path(
    tmp_path: Path, raw: dict[str, Any]
) -> None:
    def blank(d: dict[str, Any]) -> None:
        d["themes"][10]["levels"][2]["descriptor"]["fr"] = ""

    error = mutated(tmp_path, raw, blank)
    assert error.message.params["path"] == "$.themes[10].levels[2].descriptor.fr"


def test_an_unexpected_property_is_refused(tmp_path: Path, raw: dict[str, Any]) -> None:
    error = mutated(tmp_path, raw, lambda d: d["themes"][0].update(weight=3))
    assert error.message.params["path"] == "$.themes[0]"
    assert "weight" in str(error)


def test_a_level_given_as_text_is_refused(tmp_path: Path, raw: dict[str, Any]) -> None:
    error = mutated(tmp_path, raw, lambda d: d["scale"]["levels"][1].update(level="1"))
    assert error.message.params["path"] == "$.scale.levels[1].level"


def test_duplicate_theme_ids_are_refused_with_the_path_of_the_second(
    tmp_path: Path, raw: dict[str, Any]
) -> None:
    error = mutated(tmp_path, raw, lambda d: d["themes"][5].update(id=d["themes"][2]["id"]))
    assert error.message.params["path"] == "$.themes[5].id"
    assert "duplicate id 'governance'" in str(error)


def test_duplicate_theme_numbers_are_refused(tmp_path: Path, raw: dict[str, Any]) -> None:
    error = mutated(tmp_path, raw, lambda d: d["themes"][7].update(number=1))
    assert error.message.params["path"] == "$.themes[7].number"


def test_duplicate_option_ids_are_refused(tmp_path: Path, raw: dict[str, Any]) -> None:
    error = mutated(tmp_path, raw, lambda d: d["options"]["role"][2].update(id="owns"))
    assert error.message.params["path"] == "$.options.role[2].id"


def test_a_theme_in_an_unknown_group_is_refused(tmp_path: Path, raw: dict[str, Any]) -> None:
    error = mutated(tmp_path, raw, lambda d: d["themes"][12].update(group="platform"))
    assert error.message.params["path"] == "$.themes[12].group"
    assert "unknown group 'platform'" in str(error)


def test_a_theme_level_without_its_descriptor_is_refused(
    tmp_path: Path, raw: dict[str, Any]
) -> None:
    error = mutated(tmp_path, raw, lambda d: d["themes"][2]["levels"].pop(4))
    assert error.message.params["path"] == "$.themes[2].levels"
    assert "every level of the scale needs exactly one descriptor" in str(error)


def test_a_theme_with_two_descriptors_for_one_level_is_refused(
    tmp_path: Path, raw: dict[str, Any]
) -> None:
    error = mutated(tmp_path, raw, lambda d: d["themes"][0]["levels"][4].update(level=3))
    assert error.message.params["path"] == "$.themes[0].levels"


def test_a_scale_level_without_its_descriptor_is_refused(
    tmp_path: Path, raw: dict[str, Any]
) -> None:
    error = mutated(tmp_path, raw, lambda d: d["scale"]["levels"][1].pop("descriptor"))
    assert error.message.params["path"] == "$.scale.levels[1]"


def test_a_scale_with_a_hole_is_refused(tmp_path: Path, raw: dict[str, Any]) -> None:
    def hole(d: dict[str, Any]) -> None:
        d["scale"]["levels"][4]["level"] = 5
        for theme in d["themes"]:
            theme["levels"][4]["level"] = 5

    error = mutated(tmp_path, raw, hole)
    assert error.message.params["path"] == "$.scale.levels"


def test_a_file_too_large_to_be_a_framework_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "framework.json"
    data = FRAMEWORK_FILE.read_bytes()
    path.write_bytes(data + b" " * (MAX_FRAMEWORK_BYTES + 1 - len(data)))
    assert "too large" in str(refusal(path))


def test_a_deeply_nested_file_is_refused_without_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "framework.json"
    path.write_bytes(b"[" * 200_000 + b"]" * 200_000)
    refusal(path)


def test_a_missing_file_is_refused_as_unreadable(tmp_path: Path) -> None:
    error = refusal(tmp_path / "nowhere.json")
    assert "cannot be read" in str(error)
    assert "No such file" in error.message.params["detail"]


def test_a_folder_in_place_of_the_file_is_refused_as_unreadable(tmp_path: Path) -> None:
    folder = tmp_path / "framework.json"
    folder.mkdir()
    assert "cannot be read" in str(refusal(folder))


def test_a_refused_file_is_left_untouched(tmp_path: Path, raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    data["themes"][0]["group"] = "platform"
    path = write_json(tmp_path, data)
    before = path.read_bytes()
    refusal(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["framework.json"]


def test_the_outline_of_every_shipped_framework_holds_its_ids_in_the_frameworks_order() -> None:
    from jalon.core.framework_outline import read_outline
    from jalon.paths import resource

    files = sorted(resource("frameworks").glob("*.json"))
    assert files
    for file in files:
        framework = load_framework(file, FRAMEWORK_SCHEMA)
        outline = read_outline(file.read_bytes())
        assert (outline.id, outline.version) == (framework.id, framework.version)
        assert outline.theme_ids == framework.theme_ids
        assert outline.question_ids == framework.question_ids


def test_the_outline_of_a_reordered_file_still_follows_the_theme_numbers() -> None:
    from jalon.core.framework_outline import read_outline

    raw = json.loads(FRAMEWORK_FILE.read_bytes())
    raw["themes"].reverse()
    outline = read_outline(json.dumps(raw).encode())
    assert outline.theme_ids == load_framework(FRAMEWORK_FILE, FRAMEWORK_SCHEMA).theme_ids


@pytest.mark.parametrize("data", [b"", b"[]", b'{"id": "x"}', b'{"themes": 3}'])
def test_a_file_that_is_not_a_framework_has_no_outline(data: bytes) -> None:
    from jalon.core.framework_outline import read_outline

    with pytest.raises((ValueError, KeyError, TypeError)):
        read_outline(data)
