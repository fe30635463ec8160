"""Fitting a line into a width on the page: the one rule the reports' headers, footers,
chart labels and heat-map labels follow."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from jalon.reports.fonts import SANS, register_fonts
from jalon.reports.text import ELLIPSIS, fit_width


def test_a_line_that_fits_is_kept_whole_without_an_ellipsis() -> None:
    register_fonts()
    line = "Gestion de l'identité numérique"
    assert fit_width(line, SANS, 8, stringWidth(line, SANS, 8)) == line


def test_a_line_too_wide_is_cut_at_the_end_with_an_ellipsis_that_fits() -> None:
    register_fonts()
    line = "Gouvernement des Territoires du Nord-Ouest, ministère des Finances"
    width = stringWidth(line, SANS, 8) / 2
    fitted = fit_width(line, SANS, 8, width)
    assert fitted.endswith(ELLIPSIS)
    assert line.startswith(fitted[:-1])
    assert not fitted[:-1].endswith(" ")
    assert stringWidth(fitted, SANS, 8) <= width


def test_a_width_too_narrow_for_any_letter_leaves_only_the_ellipsis() -> None:
    register_fonts()
    assert fit_width("Nunavut", SANS, 8, 1) == ELLIPSIS
