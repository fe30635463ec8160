"""The JSON Schemas of the exchange formats, compiled once into fast checks.

``jsonschema`` spends about 5 ms on one assessment, more than all the rest of a package's
verification; importing a thousand packages should not wait on it. The exchange schemas use
a small subset of draft 2020-12, so this module compiles that subset into plain Python
closures (objects, strings and integers each checked by one fused closure). It refuses to
compile any keyword it does not implement, so a schema edit cannot silently weaken a check;
the tests compare its verdicts with ``jsonschema``'s on thousands of mutated documents.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from typing import Any

ASSESSMENT = "assessment.schema.json"
MANIFEST = "package-manifest.schema.json"
KEY_CARD = "key-card.schema.json"
SIGNING_KEY = "signing-key.schema.json"

#: A compiled check: raises :class:`SchemaViolation` if the value breaks the schema.
Check = Callable[[Any], None]

#: Keywords that check nothing. ``format`` among them, as for ``jsonschema``'s draft 2020-12
#: validator without a format checker (how the framework schema is checked): an annotation.
_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description", "$comment", "format"})
_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}
_OBJECT_KEYWORDS = frozenset({"type", "properties", "required", "additionalProperties"})
_STRING_KEYWORDS = frozenset({"type", "minLength", "maxLength", "pattern"})
_INTEGER_KEYWORDS = frozenset({"type", "minimum", "maximum"})


class SchemaViolation(Exception):  # noqa: N818 (a verdict, not a failure of the program)
    """Where a document breaks its schema, and how (English, for the detail of a message).

    ``path`` is filled in while the exception leaves the nested checks, so that a valid
    document never pays for building paths.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.path: list[str | int] = []


def _same(a: Any, b: Any) -> bool:
    """JSON equality: ``1`` is not ``true``, ``[1]`` is not ``[true]``."""
    if isinstance(a, list | dict) or isinstance(b, list | dict):
        return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    return type(a) is type(b) and a == b


def _short(value: Any) -> str:
    """A hostile value shown briefly on one line."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _at(key: str | int, inner: Check, value: Any) -> None:
    """Run ``inner`` on ``value``, adding ``key`` to the path of a violation."""
    try:
        inner(value)
    except SchemaViolation as violation:
        violation.path.insert(0, key)
        raise


def _whole(pattern: str) -> re.Pattern[str]:
    r"""``pattern`` compiled with ECMA-262's meaning of a final ``$``: the end of the string.

    Python's ``$`` also matches before a final newline, so ``"ON\n"`` would pass
    ``^[A-Z]{2}$``; ``\Z`` does not. Every exchange pattern is anchored at both ends.
    """
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _all(checks: list[Check]) -> Check:
    if len(checks) == 1:
        return checks[0]

    def check(v: Any) -> None:
        for one in checks:
            one(v)

    return check


class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.defs: dict[str, Any] = root.get("$defs", {})
        self.compiled: dict[str, Check] = {}
        self.compiling: set[str] = set()

    def ref(self, ref: str) -> Check:
        name = ref[8:]
        if not ref.startswith("#/$defs/") or name not in self.defs:
            raise ValueError(f"unsupported $ref {ref!r}")
        if name in self.compiling:
            raise ValueError(f"unsupported recursive $ref {ref!r}")
        if name not in self.compiled:
            self.compiling.add(name)
            self.compiled[name] = self.schema(self.defs[name])
            self.compiling.discard(name)
        return self.compiled[name]

    def schema(self, schema: dict[str, Any]) -> Check:
        keywords = set(schema) - _ANNOTATIONS
        kind = schema.get("type")
        if keywords == {"$ref"}:
            return self.ref(schema["$ref"])
        if kind == "object" and keywords <= _OBJECT_KEYWORDS:
            return self.object(schema)
        if kind == "string" and keywords <= _STRING_KEYWORDS:
            return self.string(schema)
        if kind == "integer" and keywords <= _INTEGER_KEYWORDS:
            return self.integer(schema)
        checks: list[Check] = []
        ordered = [k for k in schema if k in keywords]
        for keyword in sorted(ordered, key=lambda k: k != "type"):  # the type first
            if keyword in ("properties", "additionalProperties"):
                continue
            make = getattr(self, "k_" + keyword.lstrip("$"), None)
            if make is None:
                raise ValueError(f"unsupported schema keyword {keyword!r}")
            checks.append(make(schema[keyword]))
        if "properties" in schema or "additionalProperties" in schema:
            checks.append(self.members(schema))
        return _all(checks)

    # -- fused checks for the common shapes -----------------------------------------------

    def object(self, schema: dict[str, Any]) -> Check:
        required = tuple(schema.get("required", ()))
        members = self.members(schema)

        def check(v: Any) -> None:
            if not isinstance(v, dict):
                raise SchemaViolation(f"{_short(v)} is not of type object")
            for name in required:
                if name not in v:
                    raise SchemaViolation(f"{name!r} is a required property")
            members(v)

        return check

    def members(self, schema: dict[str, Any]) -> Check:
        properties = {k: self.schema(s) for k, s in schema.get("properties", {}).items()}
        extra = schema.get("additionalProperties", True)
        extra_check = self.schema(extra) if isinstance(extra, dict) else None

        def check(v: Any) -> None:
            if not isinstance(v, dict):
                return
            for name, item in v.items():
                inner = properties.get(name)
                if inner is None:
                    if extra is False:
                        raise SchemaViolation(f"unexpected property {_short(name)}")
                    if extra_check is None:
                        continue
                    inner = extra_check
                try:
                    inner(item)
                except SchemaViolation as violation:
                    violation.path.insert(0, name)
                    raise

        return check

    def string(self, schema: dict[str, Any]) -> Check:
        low = schema.get("minLength", 0)
        high = schema.get("maxLength")
        pattern = schema.get("pattern")
        regex = _whole(pattern) if pattern is not None else None

        def check(v: Any) -> None:
            if not isinstance(v, str):
                raise SchemaViolation(f"{_short(v)} is not of type string")
            if len(v) < low:
                raise SchemaViolation(f"{_short(v)} is shorter than {low} characters")
            if high is not None and len(v) > high:
                raise SchemaViolation(f"{_short(v)} is longer than {high} characters")
            if regex is not None and not regex.search(v):
                raise SchemaViolation(f"{_short(v)} does not match {pattern!r}")

        return check

    def integer(self, schema: dict[str, Any]) -> Check:
        low = schema.get("minimum")
        high = schema.get("maximum")

        def check(v: Any) -> None:
            if not isinstance(v, int) or isinstance(v, bool):
                raise SchemaViolation(f"{_short(v)} is not of type integer")
            if low is not None and v < low:
                raise SchemaViolation(f"{v} is less than the minimum of {low}")
            if high is not None and v > high:
                raise SchemaViolation(f"{v} is greater than the maximum of {high}")

        return check

    # -- single keywords -----------------------------------------------------------------

    def k_ref(self, value: str) -> Check:
        return self.ref(value)

    def k_type(self, value: str | list[str]) -> Check:
        names = [value] if isinstance(value, str) else list(value)
        tests = [_TYPES[n] for n in names]

        def check(v: Any) -> None:
            if not any(t(v) for t in tests):
                raise SchemaViolation(f"{_short(v)} is not of type {', '.join(names)}")

        return check

    def k_const(self, value: Any) -> Check:
        def check(v: Any) -> None:
            if not _same(v, value):
                raise SchemaViolation(f"{_short(v)} was expected to be {value!r}")

        return check

    def k_enum(self, value: list[Any]) -> Check:
        def check(v: Any) -> None:
            if not any(_same(v, option) for option in value):
                raise SchemaViolation(f"{_short(v)} is not one of {value!r}")

        return check

    def k_pattern(self, value: str) -> Check:
        regex = _whole(value)

        def check(v: Any) -> None:
            if isinstance(v, str) and not regex.search(v):
                raise SchemaViolation(f"{_short(v)} does not match {value!r}")

        return check

    def k_minLength(self, value: int) -> Check:
        def check(v: Any) -> None:
            if isinstance(v, str) and len(v) < value:
                raise SchemaViolation(f"{_short(v)} is shorter than {value} characters")

        return check

    def k_maxLength(self, value: int) -> Check:
        def check(v: Any) -> None:
            if isinstance(v, str) and len(v) > value:
                raise SchemaViolation(f"{_short(v)} is longer than {value} characters")

        return check

    def k_minimum(self, value: int) -> Check:
        def check(v: Any) -> None:
            if _TYPES["number"](v) and v < value:
                raise SchemaViolation(f"{v} is less than the minimum of {value}")

        return check

    def k_maximum(self, value: int) -> Check:
        def check(v: Any) -> None:
            if _TYPES["number"](v) and v > value:
                raise SchemaViolation(f"{v} is greater than the maximum of {value}")

        return check

    def k_minItems(self, value: int) -> Check:
        def check(v: Any) -> None:
            if isinstance(v, list) and len(v) < value:
                raise SchemaViolation(f"has fewer than {value} items")

        return check

    def k_maxItems(self, value: int) -> Check:
        def check(v: Any) -> None:
            if isinstance(v, list) and len(v) > value:
                raise SchemaViolation(f"has more than {value} items")

        return check

    def k_uniqueItems(self, value: bool) -> Check:
        def check(v: Any) -> None:
            if value and isinstance(v, list):
                seen = [json.dumps(item, sort_keys=True) for item in v]
                if len(set(seen)) != len(seen):
                    raise SchemaViolation("has non-unique elements")

        return check

    def k_items(self, value: dict[str, Any]) -> Check:
        inner = self.schema(value)

        def check(v: Any) -> None:
            if isinstance(v, list):
                for index, item in enumerate(v):
                    _at(index, inner, item)

        return check

    def k_required(self, value: list[str]) -> Check:
        def check(v: Any) -> None:
            if isinstance(v, dict):
                for name in value:
                    if name not in v:
                        raise SchemaViolation(f"{name!r} is a required property")

        return check

    def k_maxProperties(self, value: int) -> Check:
        def check(v: Any) -> None:
            if isinstance(v, dict) and len(v) > value:
                raise SchemaViolation(f"has more than {value} properties")

        return check

    def k_propertyNames(self, value: dict[str, Any]) -> Check:
        inner = self.schema(value)

        def check(v: Any) -> None:
            if isinstance(v, dict):
                for name in v:
                    inner(name)

        return check

    def k_oneOf(self, value: list[dict[str, Any]]) -> Check:
        options = [self.schema(s) for s in value]
        if len(value) == 2 and value[0] == {"type": "null"} and _excludes_null(value[1]):
            # "null or X", X typed: the options cannot both match, so no need to try both.
            other = options[1]

            def null_or(v: Any) -> None:
                if v is not None:
                    other(v)

            return null_or

        def check(v: Any) -> None:
            matches = 0
            deepest: SchemaViolation | None = None
            for option in options:
                try:
                    option(v)
                    matches += 1
                except SchemaViolation as exc:
                    # The option that matched furthest says best what is wrong (a format-2
                    # manifest with a bad file name: that name, not "format 1 has 2 files").
                    if deepest is None or len(exc.path) > len(deepest.path):
                        deepest = exc
            if matches == 0 and deepest is not None:
                raise deepest
            if matches != 1:
                raise SchemaViolation("matches several options")

        return check


def _excludes_null(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    return isinstance(kind, str) and kind != "null"


def compile_schema(schema: dict[str, Any]) -> Check:
    """The check for ``schema``; ``ValueError`` if it uses a keyword this module lacks."""
    return _Compiler(schema).schema(schema)


def validity(schema: dict[str, Any]) -> Callable[[Any], bool] | None:
    """A fast yes/no check of ``schema`` (the framework's, at every start), or None when it
    uses a keyword this module does not implement."""
    try:
        check = compile_schema(schema)
    except ValueError:
        return None

    def valid(document: Any) -> bool:
        try:
            check(document)
        except SchemaViolation:
            return False
        return True

    return valid


@cache
def load_schema(name: str) -> dict[str, Any]:
    from jalon.paths import resource

    document: dict[str, Any] = json.loads(resource("schemas", name).read_text(encoding="utf-8"))
    return document


@cache
def _check(name: str) -> Check:
    return compile_schema(load_schema(name))


def first_error(name: str, document: Any) -> tuple[str, str] | None:
    """``(json_path, message)`` of the first place ``document`` breaks schema ``name``."""
    try:
        _check(name)(document)
    except SchemaViolation as exc:
        parts = "".join(f"[{p}]" if isinstance(p, int) else f".{p[:40]}" for p in exc.path)
        return "$" + parts, " ".join(exc.message.split())[:160]
    return None
