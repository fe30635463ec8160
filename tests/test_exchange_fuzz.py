"""Mutated packages and key cards: only clean refusals, never another exception.

About 200 examples per test by default; set ``JALON_FUZZ_EXAMPLES`` for a longer run
(``JALON_FUZZ_EXAMPLES=20000 uv run pytest tests/test_exchange_fuzz.py``).
"""

from __future__ import annotations

import contextlib
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jalon.exchange.errors import KeyCardError, PackageRefused
from jalon.exchange.keys import key_card, read_key_card
from jalon.exchange.package import verify_package
from jalon.exchange.safejson import UnsafeJsonError, parse_strict

from .exchange_support import (
    NAMES,
    VERIFY_NOW,
    key_file,
    members_of,
    trust_on,
    valid_package,
    zip_members,
)

EXAMPLES = int(os.environ.get("JALON_FUZZ_EXAMPLES", "200"))
fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _only_clean_refusals(package: bytes) -> None:
    """Verify ``package``: it is refused cleanly, or it says exactly what the original says."""
    original = members_of(valid_package())
    try:
        result = verify_package(package, source="fuzzed.jalon", trust=trust_on(), now=VERIFY_NOW)
    except PackageRefused as refusal:
        message = str(refusal)
    else:
        # Accepted: then nothing that matters changed (zip metadata such as times may have).
        assert result.manifest_json == original["manifest.json"]
        assert result.assessment_json == original["assessment.json"]
        assert result.reports == {n: original[n] for n in ("report-en.pdf", "report-fr.pdf")}
        return
    assert "fuzzed.jalon" in message


@pytest.fixture(autouse=True)
def _nothing_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.chdir(tmp_path)
    yield
    assert list(tmp_path.iterdir()) == []


@fuzz
@given(data=st.data())
def test_flipped_bytes_anywhere_give_only_clean_refusals(data: st.DataObject) -> None:
    package = bytearray(valid_package())
    flips = data.draw(
        st.lists(
            st.tuples(st.integers(0, len(package) - 1), st.integers(1, 255)),
            min_size=1,
            max_size=8,
        )
    )
    for position, mask in flips:
        package[position] ^= mask
    _only_clean_refusals(bytes(package))


@fuzz
@given(data=st.data())
def test_flipped_bytes_in_the_zip_structures_give_only_clean_refusals(data: st.DataObject) -> None:
    # Aim at the headers, where a parser is most easily fooled: the first local header and
    # the central directory with the end record.
    package = bytearray(valid_package())
    structure = list(range(0, 60)) + list(range(package.rindex(b"PK\x01\x02") - 200, len(package)))
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.sampled_from(structure))
        package[position] = data.draw(st.integers(0, 255))
    _only_clean_refusals(bytes(package))


@fuzz
@given(cut=st.integers(0, 10_000), keep_head=st.booleans())
def test_truncations_give_only_clean_refusals(cut: int, keep_head: bool) -> None:
    package = valid_package()
    cut %= len(package)
    _only_clean_refusals(package[:cut] if keep_head else package[cut:])


@fuzz
@given(position=st.integers(0, 10_000), inserted=st.binary(min_size=1, max_size=64))
def test_inserted_bytes_give_only_clean_refusals(position: int, inserted: bytes) -> None:
    package = valid_package()
    position %= len(package) + 1
    _only_clean_refusals(package[:position] + inserted + package[position:])


@fuzz
@given(
    order=st.permutations(NAMES),
    methods=st.lists(
        st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]), min_size=5, max_size=5
    ),
)
def test_reordered_or_recompressed_members_still_verify(
    order: list[str], methods: list[int]
) -> None:
    members = members_of(valid_package())
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, method in zip(order, methods, strict=True):
            archive.writestr(zipfile.ZipInfo(name), members[name], compress_type=method)
    result = verify_package(
        buffer.getvalue(), source="reordered.jalon", trust=trust_on(), now=VERIFY_NOW
    )
    assert result.manifest_json == members["manifest.json"]


@fuzz
@given(data=st.data())
def test_a_changed_byte_inside_any_member_is_always_refused(data: st.DataObject) -> None:
    members = members_of(valid_package())
    name = data.draw(st.sampled_from(NAMES))
    content = bytearray(members[name])
    if not content:
        return
    position = data.draw(st.integers(0, len(content) - 1))
    content[position] ^= data.draw(st.integers(1, 255))
    members[name] = bytes(content)
    package = zip_members((n, members[n]) for n in NAMES)
    with pytest.raises(PackageRefused):
        verify_package(package, source="changed.jalon", trust=trust_on(), now=VERIFY_NOW)


@fuzz
@given(data=st.data())
def test_mutated_key_cards_give_only_clean_refusals(data: st.DataObject) -> None:
    card = bytearray(key_card(key_file()))
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(card) - 1))
        card[position] = data.draw(st.integers(0, 255))
    with contextlib.suppress(KeyCardError):
        read_key_card(bytes(card), source="card.json")


@fuzz
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_bytes_parse_or_are_refused_as_json(data: bytes) -> None:
    with contextlib.suppress(UnsafeJsonError):
        parse_strict(data, max_bytes=1000)
