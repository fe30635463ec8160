"""The package reader under hypothesis: mutated and generated packages give a clean refusal
(:class:`PackageRefused`) or a verified package, never any other exception.

Four generators, from the outside in: bytes of a valid package mutated (flips, insertions,
deletions, splices, truncation); zip archives built field by field with lies in any field
(sizes, CRCs, flags, methods, names, offsets, extra fields); packages whose manifest JSON is
mutated and then validly signed (so the mutation reaches the checks after the signature);
and packages whose ``assessment.json`` is mutated with a manifest that lists its true hash
(so the mutation reaches the assessment schema, the model and the framework checks).
"""

from __future__ import annotations

import copy
import json
import zipfile
from typing import Any

from hypothesis import event, given, settings
from hypothesis import strategies as st

from jalon.core.assessment import FrameworkRef
from jalon.core.framework import Framework
from jalon.exchange.errors import PackageRefused
from jalon.exchange.package import VerifiedPackage, verify_package
from jalon.exchange.safejson import canonical

from ..exchange_support import (
    NAMES,
    VERIFY_NOW,
    RawEntry,
    forge,
    members_of,
    raw_zip,
    signer_key,
    the_framework,
    trust_on,
    valid_package,
    zip_members,
)
from .conftest import PROFILE

fuzz = settings(parent=settings.get_profile(PROFILE))


def framework_for(ref: FrameworkRef) -> Framework | None:
    fw = the_framework()
    return fw if (ref.id, ref.version, ref.sha256) == fw.key else None


def same_as_the_original(result: VerifiedPackage | None) -> None:
    """A package whose bytes were changed may verify only if what it says did not change
    (zip metadata such as times is not signed); anything else would be a forgery accepted."""
    if result is None:
        return
    original = members_of(valid_package())
    assert result.manifest_json == original["manifest.json"]
    assert result.assessment_json == original["assessment.json"]
    assert result.reports == {n: original[n] for n in ("report-en.pdf", "report-fr.pdf")}


def verify(package: bytes) -> VerifiedPackage | None:
    """The reader's answer; only a :class:`PackageRefused` may escape it, which is caught."""
    try:
        result = verify_package(
            package,
            source="fuzzed.jalon",
            trust=trust_on(),
            now=VERIFY_NOW,
            require_trust=False,
            framework_for=framework_for,
        )
    except PackageRefused as refusal:
        source, message = refusal.file, str(refusal)  # formats: every placeholder has a value
        assert source == "fuzzed.jalon"
        assert message
        event(f"refused at {refusal.step.label.english()}")  # where the examples end up
        return None
    event("verified")
    return result


# -- JSON values and mutations -----------------------------------------------------------------

LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(-(2**64), 2**64)
    | st.sampled_from([0, -1, 1, 2**53, 2**53 - 1, -(2**53), 2**31, 14, 15])
    | st.text(max_size=40)
    | st.sampled_from(["", " ", "\u0000", "..", "../x", "𝒳" * 3, "x" * 300, "2026-11-02T14:30:00Z"])
)
JSON = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def mutate(data: st.DataObject, document: Any) -> Any:
    """``document`` with one to three random changes at random places."""
    document = copy.deepcopy(document)
    for _ in range(data.draw(st.integers(1, 3))):
        document = _mutate_once(data, document)
    return document


def _mutate_once(data: st.DataObject, node: Any) -> Any:
    containers = isinstance(node, (dict, list)) and len(node) > 0
    if not containers or data.draw(st.integers(0, 4)) == 0:
        return data.draw(JSON)  # replace this node
    if isinstance(node, dict):
        key = data.draw(st.sampled_from(sorted(node)))
        action = data.draw(st.sampled_from(["descend", "descend", "delete", "add", "rename"]))
        if action == "delete":
            del node[key]
        elif action == "add":
            node[data.draw(st.text(max_size=12))] = data.draw(JSON)
        elif action == "rename":
            node[data.draw(st.text(max_size=12))] = node.pop(key)
        else:
            node[key] = _mutate_once(data, node[key])
        return node
    index = data.draw(st.integers(0, len(node) - 1))
    action = data.draw(st.sampled_from(["descend", "descend", "delete", "duplicate", "append"]))
    if action == "delete":
        del node[index]
    elif action == "duplicate":
        node.insert(index, copy.deepcopy(node[index]))
    elif action == "append":
        node.append(data.draw(JSON))
    else:
        node[index] = _mutate_once(data, node[index])
    return node


def encode(data: st.DataObject, document: Any) -> bytes:
    """Canonical JSON when it has a canonical form, else plain JSON (refused as such)."""
    if data.draw(st.integers(0, 9)) and _canonical_or_none(document) is not None:
        return _canonical_or_none(document)  # type: ignore[return-value]
    return json.dumps(document, ensure_ascii=data.draw(st.booleans())).encode("utf-8")


def _canonical_or_none(document: Any) -> bytes | None:
    try:
        return canonical(document)
    except Exception:  # the test's own serialisation, not the reader
        return None


# -- 1. bytes ------------------------------------------------------------------------------


@fuzz
@given(data=st.data())
def test_mutated_package_bytes_are_refused_cleanly(data: st.DataObject) -> None:
    package = bytearray(valid_package())
    for _ in range(data.draw(st.integers(1, 6))):
        kind = data.draw(st.sampled_from(["flip", "set", "insert", "delete", "splice", "cut"]))
        at = data.draw(st.integers(0, max(0, len(package) - 1)))
        if kind == "flip" and package:
            package[at] ^= 1 << data.draw(st.integers(0, 7))
        elif kind == "set" and package:
            package[at] = data.draw(st.integers(0, 255))
        elif kind == "insert":
            package[at:at] = data.draw(st.binary(min_size=1, max_size=32))
        elif kind == "delete":
            del package[at : at + data.draw(st.integers(1, 64))]
        elif kind == "splice" and package:  # a piece of the package copied elsewhere
            source = data.draw(st.integers(0, len(package) - 1))
            piece = package[source : source + data.draw(st.integers(1, 128))]
            package[at : at + len(piece)] = piece
        elif kind == "cut":
            package = package[:at] if data.draw(st.booleans()) else package[at:]
    same_as_the_original(verify(bytes(package)))


# -- 2. zip archives built field by field -------------------------------------------------------


@fuzz
@given(data=st.data())
def test_generated_zip_archives_are_refused_cleanly(data: st.DataObject) -> None:
    members = members_of(valid_package())
    names = data.draw(
        st.lists(
            st.sampled_from(NAMES).map(str.encode)
            | st.sampled_from([b"../manifest.json", b"/report.pdf", b"dir/", b"C:x", b"a\\b"])
            | st.binary(min_size=0, max_size=20),
            min_size=0,
            max_size=6,
        )
    )
    entries = []
    for name in names:
        content = members.get(name.decode("latin-1"), b"")
        if data.draw(st.integers(0, 3)) == 0:
            content = data.draw(st.binary(max_size=200))
        entry = RawEntry(name, content)
        entry.method = data.draw(st.sampled_from([0, 8, 8, 8, 12, 14, 99]))
        if data.draw(st.integers(0, 3)) == 0:
            entry.flags = data.draw(st.integers(0, 0xFFFF))
        if data.draw(st.integers(0, 5)) == 0:
            entry.external = data.draw(st.integers(0, 0xFFFFFFFF))
        if data.draw(st.integers(0, 5)) == 0:
            entry.crc = data.draw(st.integers(0, 0xFFFFFFFF))
        if data.draw(st.integers(0, 5)) == 0:
            entry.size = data.draw(st.integers(0, 0xFFFFFFFF))
        if data.draw(st.integers(0, 5)) == 0:
            entry.payload = data.draw(st.binary(max_size=300))
        if data.draw(st.integers(0, 6)) == 0:
            entry.extra = data.draw(st.binary(max_size=40))
        if data.draw(st.integers(0, 8)) == 0:
            entry.comment = data.draw(st.binary(max_size=20))
        entries.append(entry)
    count = data.draw(st.none() | st.integers(0, 0xFFFF))
    comment = data.draw(st.just(b"") | st.binary(max_size=30))
    archive = raw_zip(entries, comment=comment, count=count)
    if data.draw(st.integers(0, 4)) == 0:  # junk before or after
        junk = data.draw(st.binary(min_size=1, max_size=50))
        archive = junk + archive if data.draw(st.booleans()) else archive + junk
    same_as_the_original(verify(archive))


@fuzz
@given(order=st.permutations(NAMES), stored=st.booleans())
def test_a_valid_package_zipped_differently_still_verifies(order: list[str], stored: bool) -> None:
    members = members_of(valid_package())
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    result = verify(zip_members([(n, members[n]) for n in order], method=method))
    assert result is not None
    assert result.assessment_json == members["assessment.json"]


# -- 3. signed manifests with mutated JSON ------------------------------------------------------


@fuzz
@given(data=st.data())
def test_validly_signed_mutated_manifests_are_refused_cleanly(data: st.DataObject) -> None:
    def change(manifest: dict[str, Any]) -> None:
        mutated = mutate(data, manifest)
        manifest.clear()
        if isinstance(mutated, dict):
            manifest.update(mutated)
        else:
            manifest["format"] = mutated

    verify(forge(signer_key(), manifest_changes=change, manifest_bytes=lambda m: encode(data, m)))


# -- 4. mutated assessments with true hashes ----------------------------------------------------


@fuzz
@given(data=st.data())
def test_mutated_assessments_listed_with_their_true_hash_are_refused_cleanly(
    data: st.DataObject,
) -> None:
    document = json.loads(members_of(valid_package())["assessment.json"])
    mutated = mutate(data, document)
    verify(forge(signer_key(), assessment_json=encode(data, mutated)))
