"""Scoring: gaps (target − current), the largest gaps, and summaries per group."""

from __future__ import annotations

import pytest

from jalon.core import assessment as am
from jalon.core.framework import Framework
from jalon.core.jurisdiction import government
from jalon.core.scoring import (
    Summary,
    ThemeGap,
    gaps,
    largest_gaps,
    role_counts,
    summaries,
    summarize,
    themes_with_priority,
)
from tests.conftest import FIXED_NOW


@pytest.fixture
def empty(framework: Framework) -> am.Assessment:
    return am.create(framework, government("SK"), "Scores", now=FIXED_NOW)


def scored(framework: Framework, levels: dict[str, tuple[int, int]]) -> am.Assessment:
    a = am.create(framework, government("SK"), "Scores", now=FIXED_NOW)
    for theme_id, (current, target) in levels.items():
        a = am.with_response(a, framework, theme_id, current=current, target=target)
    return a


def test_a_gap_is_target_minus_current() -> None:
    assert ThemeGap("security", 1, 4).gap == 3
    assert ThemeGap("security", 3, 1).gap == -2
    assert ThemeGap("security", 2, 2).gap == 0


def test_gaps_list_only_themes_with_both_levels_in_framework_order(
    framework: Framework, empty: am.Assessment
) -> None:
    a = am.with_response(empty, framework, "security", current=1, target=3)
    a = am.with_response(a, framework, "strategy", current=0, target=2)
    a = am.with_response(a, framework, "talent", current=2)  # no target: no gap
    a = am.with_response(a, framework, "culture", target=3)  # no current: no gap
    assert gaps(a, framework) == [ThemeGap("strategy", 0, 2), ThemeGap("security", 1, 3)]


def test_an_empty_assessment_has_no_gaps(framework: Framework, empty: am.Assessment) -> None:
    assert gaps(empty, framework) == []
    assert largest_gaps(empty, framework) == []


def test_largest_gaps_are_positive_largest_first(framework: Framework) -> None:
    a = scored(
        framework,
        {
            "strategy": (1, 2),  # 1
            "leadership": (0, 4),  # 4
            "governance": (3, 1),  # -2: never a "largest gap"
            "talent": (2, 2),  # 0: neither
            "security": (1, 4),  # 3
        },
    )
    assert [(g.theme_id, g.gap) for g in largest_gaps(a, framework)] == [
        ("leadership", 4),
        ("security", 3),
        ("strategy", 1),
    ]


def test_largest_gaps_break_ties_in_framework_order(framework: Framework) -> None:
    # Set in reverse framework order, to show the order set does not matter.
    a = scored(
        framework,
        {"procurement": (0, 2), "security": (1, 3), "culture": (2, 4), "strategy": (0, 2)},
    )
    assert [g.theme_id for g in largest_gaps(a, framework)] == [
        "strategy",
        "culture",
        "security",
        "procurement",
    ]


def test_largest_gaps_keeps_only_the_count_asked(framework: Framework) -> None:
    a = scored(framework, {t.id: (0, 1 + i % 4) for i, t in enumerate(framework.themes)})
    top = largest_gaps(a, framework, count=3)
    assert [g.gap for g in top] == [4, 4, 4]
    assert [g.theme_id for g in top] == [framework.themes[i].id for i in (3, 7, 11)]
    assert len(largest_gaps(a, framework)) == 5
    assert largest_gaps(a, framework, count=0) == []


def test_summaries_give_the_overall_mean_then_one_per_group(framework: Framework) -> None:
    a = scored(
        framework,
        {
            "strategy": (1, 3),
            "leadership": (2, 3),  # capabilities: current 1.5, target 3
            "security": (0, 4),  # enablers: current 0, target 4
        },
    )
    overall, capabilities, enablers = summaries(a, framework)
    assert overall == Summary(None, 14, 3, 1.0, 10 / 3)
    assert overall.mean_gap == pytest.approx(10 / 3 - 1)
    assert capabilities == Summary("capability", 9, 2, 1.5, 3.0)
    assert capabilities.mean_gap == 1.5
    assert enablers == Summary("enabler", 5, 1, 0.0, 4.0)
    assert enablers.mean_gap == 4.0


def test_a_summary_with_nothing_scored_has_no_means(
    framework: Framework, empty: am.Assessment
) -> None:
    for summary in summaries(empty, framework):
        assert summary.themes_scored == 0
        assert summary.mean_current is None
        assert summary.mean_target is None
        assert summary.mean_gap is None
    assert summarize(empty, framework, "enabler").themes_total == 5


def test_a_group_with_nothing_scored_has_no_means_while_another_does(
    framework: Framework,
) -> None:
    a = scored(framework, {"security": (2, 3)})
    capabilities = summarize(a, framework, "capability")
    assert capabilities == Summary("capability", 9, 0, None, None)
    assert summarize(a, framework, "enabler").mean_current == 2.0


def test_the_complete_fixture_scores_every_theme(
    framework: Framework, complete: am.Assessment
) -> None:
    overall = summarize(complete, framework)
    assert overall.themes_scored == overall.themes_total == 14
    expected_current = sum(i % 4 for i in range(14)) / 14
    assert overall.mean_current == pytest.approx(expected_current)


def test_themes_with_a_priority_and_role_counts(framework: Framework, empty: am.Assessment) -> None:
    a = am.with_response(empty, framework, "security", priority="high", role="owns")
    a = am.with_response(a, framework, "strategy", priority="high", role="owns")
    a = am.with_response(a, framework, "talent", priority="low", role="contributes")
    assert themes_with_priority(a, framework, "high") == ["strategy", "security"]
    assert themes_with_priority(a, framework, "medium") == []
    assert role_counts(a, framework) == {"owns": 2, "contributes": 1}
