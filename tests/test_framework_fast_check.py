"""The framework is checked at every start by the compiled schema check, not ``jsonschema``:
both give the same verdict, and a broken framework file is still explained by path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jalon.core.errors import FrameworkError
from jalon.core.framework import load_framework
from jalon.exchange.schemas import validity
from jalon.paths import resource

from .test_exchange_schemas import _paths, _values

SCHEMA = resource("schemas", "framework.schema.json")
FRAMEWORK = resource("frameworks", "jc-digital-strategy-1.0.json")


def _schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return loaded


def test_the_framework_schema_compiles_into_a_fast_check() -> None:
    check = validity(_schema())

    assert check is not None
    assert check(json.loads(FRAMEWORK.read_text(encoding="utf-8"))) is True


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_fast_framework_check_agrees_with_jsonschema_on_mutated_frameworks(
    data: st.DataObject,
) -> None:
    check = validity(_schema())
    assert check is not None
    document = json.loads(FRAMEWORK.read_text(encoding="utf-8"))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(document)))
        if not path:
            continue
        parent = document
        for part in path[:-1]:
            parent = parent[part]
        action = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = data.draw(_values)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[data.draw(st.text(max_size=8))] = data.draw(_values)
        else:
            parent.append(data.draw(_values))
    official = not list(jsonschema.Draft202012Validator(_schema()).iter_errors(document))
    assert check(document) == official, document


def test_a_framework_the_fast_check_refuses_is_explained_by_path_when_loaded(
    tmp_path: Path,
) -> None:
    document = json.loads(FRAMEWORK.read_text(encoding="utf-8"))
    document["themes"][0]["id"] = 7
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document), encoding="utf-8")
    check = validity(_schema())

    with pytest.raises(FrameworkError) as caught:
        load_framework(broken, SCHEMA, check)

    assert "at $.themes[0].id: 7 is not of type 'string'" in str(caught.value)
