"""The one rule for "chosen most often", in ``jalon.core``: the dashboard, the reports and the
command line all ask it (no widget has a tie rule of its own)."""

from __future__ import annotations

from jalon.core.consolidation import LevelDistribution, OptionCounts, leading


def test_a_clear_favourite_leads_alone() -> None:
    assert leading({"lead": 3, "partner": 1, "none": 0}) == ("lead",)


def test_answers_that_tie_for_the_most_lead_together_in_framework_order() -> None:
    assert leading({"lead": 2, "partner": 2, "none": 1}) == ("lead", "partner")


def test_an_even_split_of_every_answer_given_still_leads_together() -> None:
    assert leading({"lead": 1, "partner": 1, "none": 1, "other": 1}) == (
        "lead",
        "partner",
        "none",
        "other",
    )


def test_nothing_leads_when_no_one_answered() -> None:
    assert leading({"lead": 0, "partner": 0}) == ()
    assert leading({}) == ()


def test_option_counts_and_level_distributions_follow_the_same_rule() -> None:
    counts = OptionCounts("strategy", {"lead": 2, "partner": 2, "none": 0}, unanswered=1)
    assert counts.leading() == ("lead", "partner")
    levels = LevelDistribution(
        "strategy",
        current={0: 1, 1: 2, 2: 2, 3: 0, 4: 0},
        target={0: 0, 1: 0, 2: 0, 3: 4, 4: 1},
        current_unanswered=0,
        target_unanswered=0,
    )
    assert levels.leading() == (1, 2)
    assert levels.leading(target=True) == (3,)
