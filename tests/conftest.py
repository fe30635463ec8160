"""Shared fixtures: the real framework, sample assessments, throwaway data directories."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from jalon import i18n
from jalon.core import assessment as am
from jalon.core.framework import Framework, load_framework
from jalon.core.jurisdiction import government
from jalon.paths import resource

FRAMEWORK_FILE = resource("frameworks", "jc-digital-strategy-1.0.json")
FRAMEWORK_SCHEMA = resource("schemas", "framework.schema.json")
FIXED_NOW = datetime(2026, 11, 2, 14, 30, tzinfo=UTC)


@pytest.fixture(scope="session")
def framework() -> Framework:
    return load_framework(FRAMEWORK_FILE, FRAMEWORK_SCHEMA)


@pytest.fixture(autouse=True)
def _quick_test_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """Test keys use a small scrypt work factor (see exchange_support.TEST_SCRYPT_N); key files
    below the real floor are refused, which one test checks with the floor restored."""
    from jalon.exchange import keys

    monkeypatch.setattr(keys, "MIN_SCRYPT_N", 2**14)


@pytest.fixture(autouse=True)
def _english_by_default() -> object:
    """Every test starts in English; a test that switches language does not leak it."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def complete_assessment(framework: Framework, code: str = "ON") -> am.Assessment:
    """A fully answered draft: every theme scored, every question answered, four participants."""
    a = am.create(framework, government(code), "Digital strategy 2026", now=FIXED_NOW)
    priorities = [o.id for o in framework.priorities]
    roles = [o.id for o in framework.roles]
    capacities = [o.id for o in framework.capacities]
    for i, theme in enumerate(framework.themes):
        current = i % 4
        a = am.with_response(
            a,
            framework,
            theme.id,
            now=FIXED_NOW,
            current=current,
            target=min(current + 1 + i % 2, framework.max_level),
            priority=priorities[i % len(priorities)],
            role=roles[i % len(roles)],
            capacity=capacities[i % len(capacities)],
            comment=f"Comment on {theme.name.en}.",
            evidence=f"https://example.gc.ca/evidence/{theme.id}",
        )
    for q in framework.questions:
        a = am.with_answer(a, framework, q.id, f"Our answer to question {q.number}.", FIXED_NOW)
    return am.with_participants(
        a,
        [
            am.Participant("Alex Tremblay", "Chief Information Officer", "Treasury Board"),
            am.Participant("Sam Okafor", "Director, Service Delivery", "Service Ontario"),
            am.Participant("Marie Gagnon", "Policy Analyst", "Cabinet Office"),
            am.Participant("Jordan Lee", "Security Architect", "Digital Service"),
        ],
        FIXED_NOW,
    )


@pytest.fixture
def complete(framework: Framework) -> am.Assessment:
    return complete_assessment(framework)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path
