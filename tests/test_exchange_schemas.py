"""The fast schema checks agree with jsonschema, and the strict JSON reader holds its line."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jalon.exchange import schemas
from jalon.exchange.keys import key_card
from jalon.exchange.safejson import (
    UnsafeJsonError,
    canonical,
    check_shape,
    is_canonical,
    parse_strict,
)
from jalon.paths import resource

from .exchange_support import assessment_document, key_file, manifest_of, valid_package
from .schema_mutation import mutate

ALL = (schemas.ASSESSMENT, schemas.MANIFEST, schemas.KEY_CARD, schemas.SIGNING_KEY)


@cache
def _official(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(resource("schemas", name).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("name", ALL)
def test_every_exchange_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    _official(name)


@pytest.mark.parametrize("name", ALL)
def test_every_exchange_schema_forbids_unknown_properties_everywhere(name: str) -> None:
    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                assert node.get("additionalProperties") is False, where
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}[{index}]")

    walk(schemas.load_schema(name), "$")


def test_a_schema_keyword_the_compiler_lacks_is_refused_not_ignored() -> None:
    with pytest.raises(ValueError, match="unsupported schema keyword 'anyOf'"):
        schemas.compile_schema({"anyOf": [{"type": "string"}]})
    with pytest.raises(ValueError, match="unsupported \\$ref"):
        schemas.compile_schema({"$ref": "other.json"})


def _documents() -> dict[str, Any]:
    return {
        schemas.ASSESSMENT: assessment_document(),
        schemas.MANIFEST: manifest_of(valid_package()),
        schemas.KEY_CARD: json.loads(key_card(key_file())),
        schemas.SIGNING_KEY: json.loads(key_file().to_bytes()),
    }


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_fast_checks_agree_with_jsonschema_on_mutated_documents(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(ALL))
    document = json.loads(json.dumps(_documents()[name]))
    mutate(data, document)
    official = not list(_official(name).iter_errors(document))
    fast = schemas.first_error(name, document) is None
    assert fast == official, (name, document, schemas.first_error(name, document))


@pytest.mark.parametrize("name", ALL)
def test_the_documents_jalon_writes_pass_both_checks(name: str) -> None:
    document = _documents()[name]
    assert schemas.first_error(name, document) is None
    assert not list(_official(name).iter_errors(document))


# -- strict JSON --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        (b'{"a":1,"a":2}', "duplicate key"),
        (b"NaN", "NaN"),
        (b"[1e400]", "not a whole number"),
        (b"[0.5]", "not a whole number"),
        (b"[9007199254740992]", "too large"),
        (b"\xef\xbb\xbf{}", "BOM"),
        (b'"\\u0000"' * 2, "Extra data"),
        (b"[" * 17 + b"]" * 17, "nested more than 16"),
    ],
)
def test_strict_json_refuses_what_python_would_accept(data: bytes, phrase: str) -> None:
    with pytest.raises(UnsafeJsonError, match=phrase):
        parse_strict(data, max_bytes=1000)


def test_strict_json_refuses_a_document_over_its_size_before_reading_it() -> None:
    with pytest.raises(UnsafeJsonError, match="more than the 10 allowed"):
        check_shape(b"[1,2,3,4,5,6]", max_bytes=10)


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    text = json.dumps({"comment": '[[[[[[[[[[[[[[[[[[[[ {{{{{{{{{{{{{{{{{{ \\" ]]]'}).encode()
    assert parse_strict(text, max_bytes=1000)["comment"].startswith("[[[")


def test_the_canonical_check_agrees_with_rfc8785_for_tricky_keys_and_strings() -> None:
    value = {"é": 1, "\U0001f600": 2, "\ue000": 3, "a": '\u2028 \x7f \x1f "\\ /'}
    data = canonical(value)
    assert is_canonical(data, value)
    assert not is_canonical(json.dumps(value, sort_keys=True).encode(), value)


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=12,
    )
)
def test_the_fast_canonical_check_matches_rfc8785_exactly(value: Any) -> None:
    try:
        data = canonical(value)
    except UnsafeJsonError:  # lone surrogates cannot be written
        return
    assert is_canonical(data, value)
    loose = json.dumps(value, ensure_ascii=True).encode()
    assert is_canonical(loose, value) == (loose == data)
