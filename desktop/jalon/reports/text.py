"""Fitting a line of text into a width on the page."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

ELLIPSIS = "…"


def fit_width(text: str, font: str, size: float, width: float) -> str:
    """``text`` as it is when it fits ``width`` points in ``font`` at ``size``; else cut at the
    end, with an ellipsis, to fit (trailing spaces before the ellipsis dropped)."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + ELLIPSIS, font, size) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS
