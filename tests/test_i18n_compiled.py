"""The French catalog is compiled once (about 0.35 s), kept in the cache folder under the
SHA-256 of its source, and read from there (or from beside the ``.po``, as the bundle ships it)
at later starts."""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from jalon import i18n, paths

SOME_MSGID = "Welcome to Jalon"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv(paths.CACHE_DIR_ENV, str(folder))
    i18n._catalog.cache_clear()
    yield folder / "catalogs"
    i18n._catalog.cache_clear()


def expected_french() -> str:
    source = i18n.catalog_source("fr").read_bytes()
    compiled = i18n.compile_catalog("fr", source)
    return gettext.GNUTranslations(io.BytesIO(compiled)).gettext(SOME_MSGID)


def test_the_first_french_start_keeps_the_compiled_catalog_and_the_next_reads_it(
    cache: Path,
) -> None:
    french = i18n._catalog("fr").gettext(SOME_MSGID)
    assert french != SOME_MSGID
    name = i18n.compiled_name("fr", i18n.catalog_source("fr").read_bytes())
    assert [p.name for p in cache.iterdir()] == [name]

    (cache / name).write_bytes(i18n.compile_catalog("fr", b'msgid "Welcome to Jalon"\nmsgstr "X"'))
    i18n._catalog.cache_clear()
    assert i18n._catalog("fr").gettext(SOME_MSGID) == "X"  # read from the cache, not compiled


def test_a_damaged_compiled_catalog_is_compiled_again_and_replaced(cache: Path) -> None:
    name = i18n.compiled_name("fr", i18n.catalog_source("fr").read_bytes())
    cache.mkdir(parents=True)
    (cache / name).write_bytes(b"\x00 not a catalog")

    assert i18n._catalog("fr").gettext(SOME_MSGID) == expected_french()
    assert (cache / name).read_bytes()[:4] == b"\xde\x12\x04\x95"  # a .mo file again


def test_an_edited_catalog_gets_another_name_so_a_stale_one_is_never_read() -> None:
    source = i18n.catalog_source("fr").read_bytes()
    assert i18n.compiled_name("fr", source) != i18n.compiled_name("fr", source + b"\n")


def test_a_cache_that_cannot_be_written_costs_only_the_compile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(paths.CACHE_DIR_ENV, str(blocked))
    i18n._catalog.cache_clear()
    try:
        assert i18n._catalog("fr").gettext(SOME_MSGID) == expected_french()
    finally:
        i18n._catalog.cache_clear()
    assert blocked.read_text() == "not a folder"
