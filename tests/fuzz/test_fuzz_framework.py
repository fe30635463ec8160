"""The framework loader under hypothesis: mutated framework files give a clean refusal
(:class:`FrameworkError`) or a framework, never any other exception.

Two generators: the published framework's JSON mutated at random places (values replaced by
any JSON, keys removed, added or renamed, list items removed, duplicated or added), written
back as JSON; and its bytes mutated (flips, insertions, deletions, truncation, encodings).
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import event, given, settings
from hypothesis import strategies as st

from jalon.core.errors import FrameworkError
from jalon.core.framework import Framework, parse_framework

from ..conftest import FRAMEWORK_FILE, FRAMEWORK_SCHEMA
from .conftest import PROFILE
from .test_fuzz_package import mutate

fuzz = settings(parent=settings.get_profile(PROFILE))
ORIGINAL = FRAMEWORK_FILE.read_bytes()
SCHEMA: dict[str, Any] = json.loads(FRAMEWORK_SCHEMA.read_text(encoding="utf-8"))


def load(data: bytes) -> Framework | None:
    try:
        framework = parse_framework(data, source="fuzzed.json", schema=SCHEMA)
    except FrameworkError as refusal:
        message = str(refusal)  # formats: every placeholder has its value
        assert "fuzzed.json" in message
        event(f"refused: {refusal.message.msgid.split(' (')[0].split(' at ')[0][:60]}")
        return None
    event("accepted")
    # Accepted: then it is usable the way the app uses it.
    for theme in framework.themes:
        for level in framework.level_values:
            theme.descriptor(level)
        framework.group(theme.group)
    return framework


@fuzz
@given(data=st.data())
def test_mutated_framework_json_is_refused_cleanly(data: st.DataObject) -> None:
    document = mutate(data, json.loads(ORIGINAL))
    text = json.dumps(
        document,
        ensure_ascii=data.draw(st.booleans()),
        indent=data.draw(st.sampled_from([None, 2])),
    )
    load(text.encode("utf-8"))


@fuzz
@given(data=st.data())
def test_mutated_framework_bytes_are_refused_cleanly(data: st.DataObject) -> None:
    raw = bytearray(ORIGINAL)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw) - 1))
        kind = data.draw(st.sampled_from(["flip", "insert", "delete", "cut", "encode"]))
        if kind == "flip":
            raw[at] ^= 1 << data.draw(st.integers(0, 7))
        elif kind == "insert":
            raw[at:at] = data.draw(
                st.binary(min_size=1, max_size=16)
                | st.sampled_from([b"{", b"[", b'"', b"\\u0000", b"NaN", b"1e999"])
            )
        elif kind == "delete":
            del raw[at : at + data.draw(st.integers(1, 32))]
        elif kind == "cut":
            raw = raw[:at]
        else:
            encoding = data.draw(st.sampled_from(["utf-16", "utf-8-sig", "latin-1"]))
            raw = bytearray(bytes(raw).decode("utf-8", "replace").encode(encoding, "replace"))
        if not raw:
            break
    load(bytes(raw))


@fuzz
@given(st.binary(max_size=2000) | st.text(max_size=2000).map(lambda t: t.encode("utf-8")))
def test_any_bytes_are_a_framework_or_refused_cleanly(data: bytes) -> None:
    load(data)


@fuzz
@given(depth=st.integers(1, 100_000), opener=st.sampled_from([b"[", b'{"a":']))
def test_deeply_nested_json_is_refused_cleanly(depth: int, opener: bytes) -> None:
    load(opener * depth)
