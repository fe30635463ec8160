"""Mutating a JSON document the way hypothesis explores it, for checking that a fast schema
check agrees with ``jsonschema`` (the exchange's documents and the framework file)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 2**20),
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            "x" * 201,
            "a\u0000b",
            "ON",
            "province",
            "signed",
            "1.0",
            "scrypt",
            "ab" * 32,
            "2026-11-02T14:30:00Z",
            "jalon.package",
            "report.pdf",
        ]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths(value, (*path, index))
    return found


def mutate(data: st.DataObject, document: Any) -> None:
    """Replace, delete or add one to three values anywhere below the top of ``document`` (in
    place), each drawn from :data:`VALUES`."""
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths(document)))
        if not path:
            continue
        parent = document
        for part in path[:-1]:
            parent = parent[part]
        action = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = data.draw(VALUES)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[data.draw(st.text(max_size=8))] = data.draw(VALUES)
        else:
            parent.append(data.draw(VALUES))
        if not isinstance(document, dict):
            break
