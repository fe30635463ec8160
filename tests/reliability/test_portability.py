"""Windows and macOS paths: export file names safe on FAT32 / exFAT USB sticks, nothing that
assumes POSIX paths or ``/tmp``, SQLite URIs that work for Windows network folders."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path, PureWindowsPath

import pytest

from jalon.core import assessment as am
from jalon.core.framework import Framework
from jalon.core.jurisdiction import government, municipality, workshop_group
from jalon.exchange.package import package_filename
from jalon.store.backup import file_uri

from ..conftest import FIXED_NOW

SOURCE = Path(__file__).resolve().parents[2] / "desktop" / "jalon"
#: Device names Windows reserves, with or without an extension, in any case.
RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(10)}
#: Characters FAT32 and exFAT refuse in a name (and Windows, and macOS's Finder for ":").
FORBIDDEN = set('"*/:<>?\\|') | {chr(c) for c in range(32)} | {"\x7f"}

NASTY_TITLES = [
    "CON",
    "nul",
    "AUX.txt",
    "COM1",
    "lpt9 ",
    "Plan...",
    "Plan. . .   ",
    "  leading and trailing spaces  ",
    'a/b\\c:d*e?f"g<h>i|j',
    "../../etc/passwd",
    "Stratégie numérique — Québec, 2026–2027",
    "ᐃᓄᒃᑎᑐᑦ ᐱᓕᕆᐊᒃᓴᖅ",  # Inuktitut syllabics only: nothing transliterates
    "数字战略",
    "🚀🚀🚀",
    "é" * 200,  # 400 bytes of UTF-8 at 200 characters
    "x" * 200,
    "Ꭰ" * 100 + " plan",
    "\u200b\u200b",  # zero-width spaces only
    "Ärger über Öl — naïve façade",
    "trailing dot.",
]


def _is_fat_safe(name: str) -> bool:
    stem = name.split(".", 1)[0]
    return (
        0 < len(name.encode("utf-8")) <= 255
        and name.isascii()
        and not set(name) & FORBIDDEN
        and not name.endswith((".", " "))
        and not name.startswith((" ", "."))
        and stem.upper() not in RESERVED
    )


@pytest.mark.parametrize("title", NASTY_TITLES)
def test_a_package_file_name_is_safe_on_fat32_and_exfat_whatever_the_title(
    framework: Framework, title: str
) -> None:
    try:
        a = am.create(framework, government("ON"), title, now=FIXED_NOW)
    except Exception:  # a title the domain refuses never reaches a file name
        a = replace(am.create(framework, government("ON"), "x", now=FIXED_NOW), title=title)
    name = package_filename(a)
    assert _is_fat_safe(name), name
    assert re.fullmatch(r"[A-Za-z0-9-]+-r\d+\.jalon", name), name
    assert name.startswith("ON-")
    assert len(name) <= 120


@pytest.mark.parametrize(
    "jurisdiction",
    [
        government("NU"),
        municipality("Saint-Jean-sur-Richelieu " * 4),
        municipality("Nul"),
        municipality("Côte-Saint-Luc"),
        workshop_group("CON"),
        workshop_group("Group 4 — " + "é" * 100),
    ],
    ids=lambda j: j.code[:20],
)
def test_a_package_file_name_is_safe_for_every_kind_of_jurisdiction(
    framework: Framework, jurisdiction: object
) -> None:
    a = am.create(framework, jurisdiction, "Digital strategy 2026", now=FIXED_NOW)  # type: ignore[arg-type]
    for revision in (1, 12, 999):
        name = package_filename(replace(a, revision=revision))
        assert _is_fat_safe(name), name
        assert name.endswith(f"-r{revision}.jalon")
        assert len(name) <= 120


def test_a_jurisdiction_code_longer_than_any_jalon_makes_is_cut_to_keep_the_name_short(
    framework: Framework,
) -> None:
    from jalon.core.jurisdiction import Jurisdiction, Kind
    from jalon.core.text import Text

    odd = Jurisdiction("MUN-" + "A" * 300, Kind.MUNICIPALITY, Text("Odd", "Odd"))
    name = package_filename(am.create(framework, odd, "Digital strategy", now=FIXED_NOW))
    assert _is_fat_safe(name), name
    assert len(name) <= 120
    assert name.endswith("-digital-strategy-r1.jalon")


def test_two_titles_differing_only_by_case_or_accents_do_not_make_unsafe_names(
    framework: Framework,
) -> None:
    names = {
        package_filename(am.create(framework, government("QC"), t, now=FIXED_NOW))
        for t in ("Stratégie", "STRATÉGIE", "strategie")
    }
    # FAT32 and exFAT ignore case: the names are lower case, so they are equal, not clashing
    assert names == {"QC-strategie-r1.jalon"}


def test_a_windows_network_folder_gives_a_sqlite_uri_with_the_server_in_its_path() -> None:
    unc = PureWindowsPath(r"\\fileserver\shared\Jalon\jalon.sqlite3")
    assert file_uri(unc) == "file:////fileserver/shared/Jalon/jalon.sqlite3"
    drive = PureWindowsPath(r"C:\Users\Agent #1\Données?\jalon.sqlite3")
    assert file_uri(drive) == "file:///C:/Users/Agent%20%231/Donn%C3%A9es%3F/jalon.sqlite3"


def test_a_folder_named_with_uri_characters_holds_a_working_database(tmp_path: Path) -> None:
    from jalon.services import recovery
    from jalon.services.app import Jalon

    folder = tmp_path / "dossier #1 ?é%20"
    with Jalon.open(folder):
        pass
    assert recovery.check_database(folder).ok
    with Jalon.open(folder) as app:
        assert app.database.path == folder / "jalon.sqlite3"


def _python_sources() -> list[Path]:
    return sorted(SOURCE.rglob("*.py"))


def test_the_code_assumes_no_posix_only_paths_and_runs_no_shell() -> None:
    problems = []
    patterns = {
        "a hard-coded /tmp": re.compile(r"""["']/tmp\b"""),
        "a shell": re.compile(r"shell\s*=\s*True|os\.system\("),
        "a path joined with '/'": re.compile(r"""\+\s*["']/["']|["']/["']\s*\+"""),
        "os.sep arithmetic": re.compile(r"os\.sep\s*\+|\+\s*os\.sep"),
        "a HOME variable": re.compile(r"""environ\[?\.?(get\()?["']HOME"""),
    }
    for path in _python_sources():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for what, pattern in patterns.items():
                if pattern.search(line):
                    problems.append(f"{path.relative_to(SOURCE)}:{number}: {what}: {line.strip()}")
    assert problems == []
