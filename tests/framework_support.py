"""A version 2.0 of the shipped framework, made in tests from version 1.0: one theme renamed,
two merged, one split, one removed, one added, the scale and questions unchanged."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from jalon import paths

V1_FILE = "jc-digital-strategy-1.0.json"


def v1_source() -> dict[str, Any]:
    return json.loads(paths.resource("frameworks", V1_FILE).read_text(encoding="utf-8"))


def _theme(raw: dict[str, Any], theme_id: str) -> dict[str, Any]:
    return next(t for t in raw["themes"] if t["id"] == theme_id)


def v2_source(version: str = "2.0", previous: str = "1.0") -> dict[str, Any]:
    """Version 2: leadership renamed digital_leadership; governance and policy_legislation
    merged into governance; data_sharing split into data_sharing and data_stewardship;
    procurement removed; ai_readiness added."""
    v1 = v1_source()
    raw = copy.deepcopy(v1)
    raw["version"] = version
    raw["published"] = "2026-12-01"
    themes = [t for t in raw["themes"] if t["id"] not in ("policy_legislation", "procurement")]
    _theme(raw, "leadership")["id"] = "digital_leadership"
    governance = _theme(raw, "governance")
    governance["name"] = {"en": "Governance and policy", "fr": "Gouvernance et politiques"}
    stewardship = copy.deepcopy(_theme(v1, "data_sharing"))
    stewardship["id"] = "data_stewardship"
    stewardship["name"] = {"en": "Data stewardship", "fr": "Intendance des données"}
    added = copy.deepcopy(_theme(v1, "open_data"))
    added["id"] = "ai_readiness"
    added["name"] = {"en": "AI readiness", "fr": "Préparation à l'IA"}
    themes += [stewardship, added]
    for number, t in enumerate(themes, start=1):
        t["number"] = number
    raw["themes"] = themes
    moves = []
    for t in v1["themes"]:
        tid = t["id"]
        if tid == "leadership":
            moves.append({"from": tid, "kind": "renamed", "to": ["digital_leadership"]})
        elif tid in ("governance", "policy_legislation"):
            moves.append({"from": tid, "kind": "merged", "to": ["governance"]})
        elif tid == "data_sharing":
            moves.append({"from": tid, "kind": "split", "to": ["data_sharing", "data_stewardship"]})
        elif tid == "procurement":
            moves.append({"from": tid, "kind": "removed", "to": []})
        else:
            moves.append({"from": tid, "kind": "kept", "to": [tid]})
    raw["previous"] = {
        "version": previous,
        "themes": moves,
        "added": ["ai_readiness"],
        "levels": [{"from": n, "to": n} for n in range(5)],
    }
    return raw


def write_source(raw: dict[str, Any], folder: Path, name: str = "v2.json") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(raw, ensure_ascii=False, indent=2), encoding="utf-8")
    return path
