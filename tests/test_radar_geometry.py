"""The radar's geometry, shared by the editor's chart and the report's: spokes clockwise from
twelve o'clock, levels along them, labels beside them."""

from __future__ import annotations

import pytest

from jalon.radar_geometry import label_side, reach, spoke


def test_the_spokes_start_at_twelve_o_clock_and_turn_clockwise() -> None:
    assert spoke(0, 4) == pytest.approx((0.0, 1.0))  # up
    assert spoke(1, 4) == pytest.approx((1.0, 0.0))  # right: clockwise
    assert spoke(2, 4) == pytest.approx((0.0, -1.0))
    assert spoke(3, 4) == pytest.approx((-1.0, 0.0))
    assert spoke(3.5, 4) == pytest.approx((-(0.5**0.5), 0.5**0.5))  # between the last and first


def test_a_level_sits_along_its_spoke_from_the_centre_to_the_rim() -> None:
    assert [reach(level, 0, 4) for level in (0, 2, 4)] == [0.0, 0.5, 1.0]
    assert reach(3, 1, 5) == 0.5
    assert reach(3, 3, 3) == 0.0  # a scale of one level: everything at the centre


def test_a_label_stands_beside_a_leaning_spoke_and_centred_on_a_near_vertical_one() -> None:
    sides = [label_side(spoke(i, 14)[0]) for i in range(14)]
    assert sides[0] == "middle"  # twelve o'clock
    assert sides[7] == "middle"  # six o'clock
    assert set(sides[2:6]) == {"start"}  # the right half
    assert set(sides[9:13]) == {"end"}  # the left half
