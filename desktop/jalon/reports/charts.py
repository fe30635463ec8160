"""Vector charts for the reports, drawn with reportlab's own graphics.

Both charts must read in black and white (printed, photocopied, seen by colour-blind
readers): the two series differ by line style and marker as well as by shade, a legend names
them, and the values are printed. Every string names the embedded font explicitly, because a
drawing otherwise falls back to a standard-14 font.

The functions take already translated labels and formatters, so this module knows nothing of
languages or of the domain.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.graphics.shapes import (
    Circle,
    Drawing,
    Group,
    Line,
    Polygon,
    Rect,
    String,
)
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from jalon.radar_geometry import label_side, reach, spoke
from jalon.reports import styles as st
from jalon.reports.fonts import SANS, SANS_BOLD, SANS_ITALIC, register_fonts
from jalon.reports.text import fit_width

LABEL_SIZE = 7.2
SMALL_SIZE = 6.5


@dataclass(frozen=True, slots=True)
class Series:
    """One line of the radar: a name for the legend and a value (or None) per spoke."""

    name: str
    values: Sequence[int | None]


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap of ``text`` into lines no wider than ``width`` points."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if line and stringWidth(candidate, font, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def _text(
    x: float,
    y: float,
    text: str,
    *,
    font: str = SANS,
    size: float = LABEL_SIZE,
    color: str = st.INK,
    anchor: str = "start",
) -> String:
    return String(
        x,
        y,
        text,
        fontName=font,
        fontSize=size,
        fillColor=colors.HexColor(color),
        textAnchor=anchor,
    )


def _current_marker(x: float, y: float) -> Any:
    return Circle(
        x, y, 2.6, fillColor=colors.HexColor(st.NAVY), strokeColor=colors.white, strokeWidth=0.6
    )


def _target_marker(x: float, y: float) -> Any:
    return Rect(
        x - 2.6,
        y - 2.6,
        5.2,
        5.2,
        fillColor=colors.white,
        strokeColor=colors.HexColor(st.MUTED),
        strokeWidth=1,
    )


_CURRENT_LINE = {"strokeColor": st.NAVY, "strokeWidth": 1.6, "strokeDashArray": None}
_TARGET_LINE = {"strokeColor": st.MUTED, "strokeWidth": 1.2, "strokeDashArray": [4, 2.5]}


def _line(x1: float, y1: float, x2: float, y2: float, spec: dict[str, Any]) -> Line:
    return Line(
        x1,
        y1,
        x2,
        y2,
        strokeColor=colors.HexColor(spec["strokeColor"]),
        strokeWidth=spec["strokeWidth"],
        strokeDashArray=spec["strokeDashArray"],
        strokeLineCap=1,
    )


def _legend(y: float, width: float, current: str, target: str) -> Group:
    """A centred legend: a sample of each line with its marker, and its name."""
    g = Group()
    sample = 26
    gap = 18
    w1 = sample + 6 + stringWidth(current, SANS, LABEL_SIZE + 0.6)
    w2 = sample + 6 + stringWidth(target, SANS, LABEL_SIZE + 0.6)
    x = (width - (w1 + gap + w2)) / 2
    for name, spec, marker, w in (
        (current, _CURRENT_LINE, _current_marker, w1),
        (target, _TARGET_LINE, _target_marker, w2),
    ):
        g.add(_line(x, y + 2.5, x + sample, y + 2.5, spec))
        g.add(marker(x + sample / 2, y + 2.5))
        g.add(_text(x + sample + 6, y, name, size=LABEL_SIZE + 0.6))
        x += w + gap
    return g


def radar_chart(
    labels: Sequence[str],
    current: Series,
    target: Series,
    levels: Sequence[int],
    *,
    width: float,
) -> Drawing:
    """A radar of current and target levels over the themes, with the level rings numbered."""
    register_fonts()
    n = len(labels)
    low, high = min(levels), max(levels)
    legend_h = 26
    label_width = 88.0
    radius = width / 2 - label_width - 16
    height = legend_h + 2 * (radius + 36)
    d = Drawing(width, height, initialFontName=SANS, initialFontSize=LABEL_SIZE)
    cx, cy = width / 2, legend_h + (height - legend_h) / 2

    def point(i: int, value: float) -> tuple[float, float]:
        dx, dy = spoke(i, n)
        r = radius * reach(value, low, high)
        return cx + r * dx, cy + r * dy

    rule = colors.HexColor(st.RULE)
    for level in levels:
        if level == low:
            continue
        ring = [c for i in range(n) for c in point(i, level)]
        d.add(
            Polygon(
                ring, fillColor=None, strokeColor=rule, strokeWidth=0.9 if level == high else 0.5
            )
        )
    for i in range(n):
        x, y = point(i, high)
        d.add(Line(cx, cy, x, y, strokeColor=rule, strokeWidth=0.5))
    # The ring numbers sit halfway between the first and the last spoke, where no marker is.
    between = spoke(n - 0.5, n)
    for level in levels:
        if level == low:
            continue  # the centre, hidden under the markers of level-0 themes
        r = radius * reach(level, low, high)
        x, y = cx + r * between[0], cy + r * between[1]
        d.add(Rect(x - 4, y - 4, 8, 8, fillColor=colors.white, strokeColor=None))
        d.add(_text(x, y - 2.3, str(level), size=SMALL_SIZE, color=st.MUTED, anchor="middle"))

    for series, spec, marker in (
        (target, _TARGET_LINE, _target_marker),
        (current, _CURRENT_LINE, _current_marker),
    ):
        values = list(series.values)
        for i, value in enumerate(values):
            nxt = values[(i + 1) % n]
            if value is not None and nxt is not None:
                (x1, y1), (x2, y2) = point(i, value), point((i + 1) % n, nxt)
                d.add(_line(x1, y1, x2, y2, spec))
        for i, value in enumerate(values):
            if value is not None:
                d.add(marker(*point(i, value)))

    for i, label in enumerate(labels):
        cos, sin = spoke(i, n)
        offset = 9 if abs(sin) < 0.9 else 13
        x, y = cx + (radius + offset) * cos, cy + (radius + offset) * sin
        anchor = label_side(cos)
        lines = _wrap(label, SANS, LABEL_SIZE, label_width if anchor != "middle" else 150)
        lead = LABEL_SIZE + 1.6
        block = lead * len(lines)
        top = (
            y + block / 2 - LABEL_SIZE + 1
            if abs(sin) < 0.9
            else (y + block - LABEL_SIZE + 2 if sin > 0 else y - LABEL_SIZE + 1)
        )
        for k, text in enumerate(lines):
            d.add(_text(x, top - k * lead, text, anchor=anchor, color=st.INK))
    d.add(_legend(2, width, current.name, target.name))
    return d


def gap_chart(
    labels: Sequence[str],
    current: Sequence[int | None],
    target: Sequence[int | None],
    *,
    width: float,
    levels: Sequence[int],
    gap_text: Callable[[int], str],
    values_text: Callable[[int, int], str],
    not_scored: str,
    axis_title: str,
    values_title: str,
) -> Drawing:
    """Horizontal bars of target minus current per theme, each labelled with its values."""
    register_fonts()
    n = len(labels)
    row = 19.0
    top_pad, bottom_pad = 18.0, 30.0
    height = top_pad + row * n + bottom_pad
    d = Drawing(width, height, initialFontName=SANS, initialFontSize=LABEL_SIZE)
    label_w = 150.0
    value_w = 82.0
    span = max(levels) - min(levels)
    gaps = [
        t - c if c is not None and t is not None else None
        for c, t in zip(current, target, strict=True)
    ]
    low = min([0] + [g for g in gaps if g is not None])
    x0, x1 = label_w + 10, width - value_w
    unit = (x1 - x0) / (span - low)

    def gx(value: float) -> float:
        return x0 + (value - low) * unit

    rule = colors.HexColor(st.RULE)
    axis_y = bottom_pad - 4
    for tick in range(low, span + 1):
        x = gx(tick)
        d.add(
            Line(
                x,
                axis_y,
                x,
                height - top_pad + 2,
                strokeColor=rule,
                strokeWidth=0.9 if tick == 0 else 0.4,
            )
        )
        d.add(
            _text(x, axis_y - 9, gap_text(tick), size=SMALL_SIZE, color=st.MUTED, anchor="middle")
        )
    d.add(
        _text((x0 + x1) / 2, 2, axis_title, size=SMALL_SIZE + 0.4, color=st.MUTED, anchor="middle")
    )
    d.add(
        _text(
            width,
            height - 9,
            values_title,
            font=SANS_BOLD,
            size=SMALL_SIZE,
            color=st.MUTED,
            anchor="end",
        )
    )

    for i, (label, gap) in enumerate(zip(labels, gaps, strict=True)):
        y = height - top_pad - row * (i + 1)
        mid = y + row / 2
        line = _wrap(label, SANS, LABEL_SIZE, label_w)
        text = line[0] if len(line) == 1 else fit_width(label, SANS, LABEL_SIZE, label_w)
        d.add(_text(label_w, mid - 2.5, text, anchor="end"))
        if gap is None:
            d.add(_text(gx(0) + 4, mid - 2.5, not_scored, font=SANS_ITALIC, color=st.MUTED))
            continue
        c, t = current[i], target[i]
        assert c is not None
        assert t is not None
        left, right = sorted((gx(0), gx(gap)))
        if gap != 0:
            d.add(
                Rect(
                    left,
                    y + 4.5,
                    right - left,
                    row - 9,
                    strokeColor=None,
                    fillColor=colors.HexColor(st.NAVY if gap > 0 else st.SERIES_2),
                )
            )
        else:
            d.add(
                Line(
                    gx(0),
                    y + 3.5,
                    gx(0),
                    y + row - 3.5,
                    strokeColor=colors.HexColor(st.NAVY),
                    strokeWidth=2.2,
                )
            )
        d.add(_text(max(right, gx(0)) + 5, mid - 2.5, gap_text(gap), font=SANS_BOLD, color=st.INK))
        d.add(_text(width, mid - 2.5, values_text(c, t), color=st.MUTED, anchor="end"))
    return d
