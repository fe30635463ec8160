"""The assessment framework: themes, maturity scale, answer options and questions, as data.

A framework is loaded from a versioned JSON file (``resources/frameworks/``) validated by
``resources/schemas/framework.schema.json``. Loading computes the SHA-256 of the file's exact
bytes; an assessment records the framework id, version and digest it was made with.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from jalon.core.errors import N_, FrameworkError
from jalon.core.framework_mapping import FrameworkMapping, check_mapping, mapping_from_json
from jalon.core.text import Text

#: Nesting and size limits for framework files: they are data from outside the program.
MAX_FRAMEWORK_BYTES = 2 * 1024 * 1024

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    name: Text
    description: Text


@dataclass(frozen=True, slots=True)
class Level:
    """One step of the maturity scale, with the general descriptor that fits every theme."""

    value: int
    name: Text
    descriptor: Text


@dataclass(frozen=True, slots=True)
class Option:
    """One choice of a closed question (a priority, a Council role, a capacity)."""

    id: str
    label: Text
    description: Text | None = None


@dataclass(frozen=True, slots=True)
class Marks:
    """Whether the deck's gap analysis marks the theme in the logic model and in McKinsey's."""

    logic_model: bool
    mckinsey: bool
    interpretation: Text | None = None


@dataclass(frozen=True, slots=True)
class Theme:
    id: str
    number: int
    group: str
    name: Text
    description: Text
    marks: Marks
    comment: Text
    level_descriptors: Mapping[int, Text]

    def descriptor(self, level: int) -> Text:
        return self.level_descriptors[level]


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    number: str
    text: Text
    prompts: tuple[Text, ...] = ()
    note: Text | None = None


def _find(items: Iterable[_T], match: Callable[[_T], bool], key: object) -> _T:
    """The first item that matches; KeyError otherwise, like ``theme()``. (A bare ``next``
    would leak StopIteration, which silently ends a ``map`` or generator that called it.)"""
    for item in items:
        if match(item):
            return item
    raise KeyError(key)


@dataclass(frozen=True)
class Framework:
    """A loaded, validated framework. Immutable; compare frameworks by ``(id, version, sha256)``."""

    id: str
    version: str
    sha256: str
    published: str
    title: Text
    source: Text
    notes: tuple[Text, ...]
    groups: tuple[Group, ...]
    levels: tuple[Level, ...]
    priorities: tuple[Option, ...]
    roles: tuple[Option, ...]
    capacities: tuple[Option, ...]
    themes: tuple[Theme, ...]
    questions: tuple[Question, ...]
    #: How this version maps the previous one (None for a first version).
    previous: FrameworkMapping | None = None

    @cached_property
    def _themes_by_id(self) -> dict[str, Theme]:
        return {t.id: t for t in self.themes}

    @cached_property
    def _questions_by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @property
    def theme_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.themes)

    @property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions)

    def theme(self, theme_id: str) -> Theme:
        return self._themes_by_id[theme_id]

    def has_theme(self, theme_id: str) -> bool:
        return theme_id in self._themes_by_id

    def question(self, question_id: str) -> Question:
        return self._questions_by_id[question_id]

    def has_question(self, question_id: str) -> bool:
        return question_id in self._questions_by_id

    def group(self, group_id: str) -> Group:
        return _find(self.groups, lambda g: g.id == group_id, group_id)

    def themes_in(self, group_id: str) -> Iterator[Theme]:
        return (t for t in self.themes if t.group == group_id)

    def level(self, value: int) -> Level:
        return _find(self.levels, lambda lv: lv.value == value, value)

    @property
    def level_values(self) -> tuple[int, ...]:
        return tuple(lv.value for lv in self.levels)

    @property
    def min_level(self) -> int:
        return min(self.level_values)

    @property
    def max_level(self) -> int:
        return max(self.level_values)

    def options(self, kind: str) -> tuple[Option, ...]:
        """The options of ``kind``: ``priority``, ``role`` or ``capacity``."""
        return {"priority": self.priorities, "role": self.roles, "capacity": self.capacities}[kind]

    def option(self, kind: str, option_id: str) -> Option:
        return _find(self.options(kind), lambda o: o.id == option_id, option_id)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.id, self.version, self.sha256)


def _json_path(path: Any) -> str:
    parts = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
    return "$" + parts


#: How much of a validator's detail an error message quotes: the detail may repeat the
#: offending value whole, which for a large file would make a one-line error megabytes long.
MAX_DETAIL = 300


def _shorten(detail: str) -> str:
    return detail if len(detail) <= MAX_DETAIL else detail[: MAX_DETAIL - 1] + "…"


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_framework(
    data: bytes,
    *,
    source: str,
    schema: Mapping[str, Any],
    valid: Callable[[Any], bool] | None = None,
) -> Framework:
    """Parse and validate framework ``data`` (the file's bytes); ``source`` names it in errors.

    ``valid``, when given, is a fast check of the same schema (the services pass a compiled
    one): a document it accepts is not checked again by ``jsonschema``, which is then not even
    imported (about 0.17 s at every start); a document it refuses is, for the message.

    Raises :class:`FrameworkError` naming the file and, for schema errors, the path inside it.
    """
    if len(data) > MAX_FRAMEWORK_BYTES:
        raise FrameworkError(
            N_(
                "The framework file {file} is too large to be a framework. Use a published "
                "framework file."
            ),
            file=source,
        )
    try:
        raw = json.loads(
            data.decode("utf-8"),
            object_pairs_hook=_reject_duplicate_keys,
            parse_constant=_reject_constant,
        )
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise FrameworkError(
            N_(
                "The framework file {file} is not valid JSON ({detail}). Restore the published "
                "file or ask the secretariat for a good copy."
            ),
            file=source,
            detail=str(exc),
        ) from None

    if valid is not None and valid(raw):
        errors = []
    else:
        import jsonschema  # deferred: only needed when a framework is checked slowly

        validator = jsonschema.Draft202012Validator(schema)
        errors = sorted(validator.iter_errors(raw), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        first = errors[0]
        raise FrameworkError(
            N_(
                "The framework file {file} does not follow the framework schema at {path}: "
                "{detail}. Restore the published file or ask the secretariat for a good copy."
            ),
            file=source,
            path=_json_path(first.absolute_path),
            detail=_shorten(first.message),
        )
    import hashlib  # here: OpenSSL's 2 ms are not needed before the home list is drawn

    framework = _build(raw, hashlib.sha256(data).hexdigest())
    _check_consistency(framework, raw, source)
    if framework.previous is not None:
        check_mapping(framework.previous, framework, source)
    return framework


def _option_list(items: list[dict[str, Any]]) -> tuple[Option, ...]:
    return tuple(
        Option(
            id=o["id"],
            label=Text.from_json(o["label"]),
            description=Text.from_json(o["description"]) if "description" in o else None,
        )
        for o in items
    )


def _build(raw: dict[str, Any], sha256: str) -> Framework:
    return Framework(
        id=raw["id"],
        version=raw["version"],
        sha256=sha256,
        published=raw["published"],
        title=Text.from_json(raw["title"]),
        source=Text.from_json(raw["source"]),
        notes=tuple(Text.from_json(n) for n in raw["notes"]),
        groups=tuple(
            Group(g["id"], Text.from_json(g["name"]), Text.from_json(g["description"]))
            for g in raw["groups"]
        ),
        levels=tuple(
            Level(lv["level"], Text.from_json(lv["name"]), Text.from_json(lv["descriptor"]))
            for lv in sorted(raw["scale"]["levels"], key=lambda lv: lv["level"])
        ),
        priorities=_option_list(raw["options"]["priority"]),
        roles=_option_list(raw["options"]["role"]),
        capacities=_option_list(raw["options"]["capacity"]),
        themes=tuple(
            Theme(
                id=t["id"],
                number=t["number"],
                group=t["group"],
                name=Text.from_json(t["name"]),
                description=Text.from_json(t["description"]),
                marks=Marks(
                    logic_model=t["marks"]["logic_model"],
                    mckinsey=t["marks"]["mckinsey"],
                    interpretation=(
                        Text.from_json(t["marks"]["interpretation"])
                        if "interpretation" in t["marks"]
                        else None
                    ),
                ),
                comment=Text.from_json(t["comment"]),
                level_descriptors={
                    lv["level"]: Text.from_json(lv["descriptor"]) for lv in t["levels"]
                },
            )
            for t in sorted(raw["themes"], key=lambda t: t["number"])
        ),
        questions=tuple(
            Question(
                id=q["id"],
                number=q["number"],
                text=Text.from_json(q["text"]),
                prompts=tuple(Text.from_json(p) for p in q.get("prompts", [])),
                note=Text.from_json(q["note"]) if "note" in q else None,
            )
            for q in raw["questions"]
        ),
        previous=mapping_from_json(raw["previous"]) if "previous" in raw else None,
    )


def _inconsistent(source: str, path: str, detail: str) -> FrameworkError:
    return FrameworkError(
        N_(
            "The framework file {file} is inconsistent at {path}: {detail}. Restore the "
            "published file or ask the secretariat for a good copy."
        ),
        file=source,
        path=path,
        detail=detail,
    )


def _first_duplicate(values: list[Any]) -> int | None:
    seen: set[Any] = set()
    for index, value in enumerate(values):
        if value in seen:
            return index
        seen.add(value)
    return None


def _check_consistency(fw: Framework, raw: dict[str, Any], source: str) -> None:
    """What a JSON Schema cannot say: unique ids, known groups, a descriptor for every level."""
    checks: list[tuple[str, list[Any], str]] = [
        ("themes", [t["id"] for t in raw["themes"]], "id"),
        ("themes", [t["number"] for t in raw["themes"]], "number"),
        ("questions", [q["id"] for q in raw["questions"]], "id"),
        ("groups", [g["id"] for g in raw["groups"]], "id"),
        ("scale.levels", [lv["level"] for lv in raw["scale"]["levels"]], "level"),
    ]
    for kind in ("priority", "role", "capacity"):
        checks.append((f"options.{kind}", [o["id"] for o in raw["options"][kind]], "id"))
    for where, values, key in checks:
        dup = _first_duplicate(values)
        if dup is not None:
            raise _inconsistent(
                source, f"$.{where}[{dup}].{key}", f"duplicate {key} {values[dup]!r}"
            )

    levels = set(fw.level_values)
    if levels != set(range(min(levels), max(levels) + 1)):
        raise _inconsistent(source, "$.scale.levels", "levels must be consecutive integers")
    group_ids = {g.id for g in fw.groups}
    for index, t in enumerate(raw["themes"]):
        if t["group"] not in group_ids:
            raise _inconsistent(source, f"$.themes[{index}].group", f"unknown group {t['group']!r}")
        theme_levels = [lv["level"] for lv in t["levels"]]
        if sorted(theme_levels) != sorted(levels):
            raise _inconsistent(
                source,
                f"$.themes[{index}].levels",
                "every level of the scale needs exactly one descriptor",
            )


def load_framework(
    path: Path, schema_path: Path, valid: Callable[[Any], bool] | None = None
) -> Framework:
    """Read, validate and build the framework in ``path`` (``valid``: see
    :func:`parse_framework`)."""
    try:
        data = path.read_bytes()
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FrameworkError(
            N_(
                "The framework file {file} cannot be read ({detail}). Reinstall Jalon or "
                "restore the file."
            ),
            file=str(path),
            detail=exc.strerror or str(exc),
        ) from None
    return parse_framework(data, source=str(path), schema=schema, valid=valid)
