"""The report's typeface: DejaVu Sans, shipped in ``resources/fonts/`` and embedded in every PDF.

DejaVu Sans covers French (and far more) in four faces. Registering a TrueType font makes
reportlab embed a subset of it, so the file prints and archives the same everywhere; no
standard-14 font (Helvetica, Times) may appear in a report, so every drawing, canvas and style
names these fonts explicitly.
"""

from __future__ import annotations

from functools import cache

from jalon.paths import resource

SANS = "JalonSans"
SANS_BOLD = "JalonSans-Bold"
SANS_ITALIC = "JalonSans-Oblique"
SANS_BOLD_ITALIC = "JalonSans-BoldOblique"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_ITALIC: "DejaVuSans-Oblique.ttf",
    SANS_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}


@cache
def register_fonts() -> str:
    """Register the family with reportlab once per process; returns the regular face's name.

    Also sets the one reportlab option Jalon changes for all its PDFs: streams are stored
    compressed but not ASCII85-encoded, which makes files a fifth smaller and saves the
    pure-Python encoding of every page and font (any PDF reader decodes both).
    """
    from reportlab import rl_config
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    rl_config.useA85 = 0

    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource("fonts", filename))))
    pdfmetrics.registerFontFamily(
        SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC, boldItalic=SANS_BOLD_ITALIC
    )  # also maps <b>/<i> inside paragraphs to the right faces
    return SANS
