"""Keep the gettext catalog in step with the code.

    uv run python tools/catalog.py update   # extract to translations/jalon.pot, merge into the
                                            # French .po, and fold in translations/pending/*.json
    uv run python tools/catalog.py check    # what the test checks: .pot current, French complete

English is the source language; the French catalog must be complete at every commit.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "desktop" / "jalon"
POT = ROOT / "translations" / "jalon.pot"
PO = ROOT / "translations" / "fr" / "LC_MESSAGES" / "jalon.po"
PENDING = ROOT / "translations" / "pending"
KEYWORDS = {
    "_": None,
    "N_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
}
STABLE_DATE = datetime(2026, 1, 1, tzinfo=UTC)
PLACEHOLDER = re.compile(r"\{[a-zA-Z_][a-zA-Z0-9_]*(?:![rsa])?(?::[^{}]*)?\}|%\(\w+\)[sdr]|%[sd]")


def extract() -> Catalog:
    """Every message in the code, sorted, with its locations."""
    catalog = Catalog(
        project="Jalon",
        version="1",
        copyright_holder="Jalon contributors",
        msgid_bugs_address="",
        charset="utf-8",
    )
    for filename, lineno, message, comments, context in extract_from_dir(
        str(SOURCES),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        catalog.add(
            message,
            None,
            [(f"desktop/jalon/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return catalog


def _ids(catalog: Iterable[object]) -> set[object]:
    return {m.id for m in catalog if m.id}  # type: ignore[attr-defined]


def _write(catalog: Catalog, path: Path) -> None:
    # Fixed dates keep the files stable, so their diffs show only real changes.
    catalog.creation_date = STABLE_DATE
    catalog.revision_date = STABLE_DATE
    buffer = io.BytesIO()
    write_po(
        buffer, catalog, width=100, sort_output=True, omit_header=False, include_previous=False
    )
    text = buffer.getvalue().decode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def pending() -> dict[str, str]:
    merged: dict[str, str] = {}
    for file in sorted(PENDING.glob("*.json")):
        merged.update(json.loads(file.read_text(encoding="utf-8")))
    return merged


def update() -> list[str]:
    """Rewrite the .pot and the French .po; returns the msgids still untranslated."""
    template = extract()
    _write(template, POT)
    french = read(PO, "fr_CA") if PO.exists() else Catalog(locale="fr_CA")
    known = {m.id: m.string for m in french if m.id}
    known.update({k: v for k, v in pending().items() if v})
    result = Catalog(
        locale="fr_CA",
        project="Jalon",
        version="1",
        charset="utf-8",
        language_team="French (Canada)",
    )
    missing = []
    for message in template:
        if not message.id:
            continue
        string = (
            known.get(message.id) or ("", "") if message.pluralizable else known.get(message.id, "")
        )
        result.add(
            message.id,
            string,
            message.locations,
            auto_comments=message.auto_comments,
            context=message.context,
        )
        if not string or (isinstance(string, tuple) and not all(string)):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    _write(result, PO)
    return missing


def problems() -> list[str]:
    """Why the catalog is not ready: .pot out of date, French missing, fuzzy or mismatched."""
    issues = []
    code = extract()
    if not POT.exists() or _ids(code) != _ids(read(POT)):
        added = sorted(map(str, _ids(code) - (_ids(read(POT)) if POT.exists() else set())))
        removed = sorted(map(str, (_ids(read(POT)) if POT.exists() else set()) - _ids(code)))
        issues.append(
            f"translations/jalon.pot is out of date (run tools/catalog.py update): "
            f"added {added[:5]}, removed {removed[:5]}"
        )
    french = read(PO, "fr_CA")
    translated = {m.id: m for m in french if m.id}
    for message in code:
        if not message.id:
            continue
        fr = translated.get(message.id)
        label = message.id if isinstance(message.id, str) else message.id[0]
        if fr is None or not fr.string or (isinstance(fr.string, tuple) and not all(fr.string)):
            issues.append(f"untranslated: {label!r}")
            continue
        if fr.fuzzy:
            issues.append(f"fuzzy: {label!r}")
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        targets = fr.string if isinstance(fr.string, tuple) else (fr.string,)
        want = sorted(PLACEHOLDER.findall(sources[-1]))
        for target in targets:
            if sorted(PLACEHOLDER.findall(target)) != want:
                issues.append(f"placeholders differ: {label!r} -> {target!r}")
    return issues


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "update":
        missing = update()
        for msgid in missing:
            print(f"untranslated: {msgid!r}")
        print(f"{len(missing)} untranslated")
        return 1 if missing else 0
    found = problems()
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
