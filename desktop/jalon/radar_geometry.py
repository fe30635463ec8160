"""Where a radar chart puts things: the one geometry the editor's radar (Qt) and the report's
radar (reportlab) draw with. Plain math, no drawing library, so both draw the same chart.

Directions are unit vectors with y pointing *up*; a screen whose y points down negates y.
"""

from __future__ import annotations

import math
from typing import Literal

#: How far from vertical a spoke must lean before its label sits to one side of it.
_SIDEWAYS = 0.25

Side = Literal["start", "middle", "end"]


def spoke(index: float, count: int) -> tuple[float, float]:
    """The direction of spoke ``index`` of ``count``: the first at twelve o'clock, then
    clockwise, evenly spaced (a fractional index points between two spokes)."""
    turn = 2 * math.pi * index / max(count, 1)
    return math.sin(turn), math.cos(turn)


def reach(value: float, low: float, high: float) -> float:
    """How far along a spoke ``value`` sits, from 0 (the centre, ``low``) to 1 (``high``)."""
    return (value - low) / (high - low) if high > low else 0.0


def label_side(dx: float) -> Side:
    """Where a spoke's label stands against its anchor: text starting at it on the right
    half, ending at it on the left, centred on it near the vertical."""
    if dx > _SIDEWAYS:
        return "start"
    if dx < -_SIDEWAYS:
        return "end"
    return "middle"
