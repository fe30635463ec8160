"""The report's look: page geometry, a restrained palette and a small type hierarchy.

One place for every measure so pages stay consistent: US Letter (the Canadian paper size),
one-inch side margins, dark blue for structure, greys for secondary text and light rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jalon.reports.fonts import SANS, SANS_BOLD, SANS_ITALIC, register_fonts

INCH = 72.0
PAGE_WIDTH = 8.5 * INCH
PAGE_HEIGHT = 11 * INCH
MARGIN_LEFT = MARGIN_RIGHT = 1.0 * INCH
MARGIN_TOP = 1.05 * INCH
MARGIN_BOTTOM = 0.95 * INCH
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

# Hex colours; converted to reportlab colours where drawn.
NAVY = "#1F3A5F"
INK = "#1E2329"
MUTED = "#5B6675"
SERIES_2 = "#8793A3"
RULE = "#C5CCD6"
TINT = "#EEF2F6"

CELL_PADDING = 4.0
BODY_SIZE = 9.5
BODY_LEADING = 14


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of a report (reportlab ``ParagraphStyle`` objects)."""

    body: Any
    body_muted: Any
    small: Any
    small_italic: Any
    not_answered: Any
    h1: Any
    h2: Any
    h3: Any
    label: Any
    kicker: Any
    cell: Any
    cell_bold: Any
    cell_muted: Any
    cell_not_answered: Any
    cell_right: Any
    cell_head: Any
    cell_head_right: Any
    cover_kicker: Any
    cover_title: Any
    cover_subtitle: Any
    bullet: Any
    quote: Any


def make_styles() -> Styles:
    """Build the styles; registers the fonts first so every style names an embedded face.

    No style uses ``keepWithNext``: it makes reportlab lay the following content out twice,
    and would push a long text to the next page with its heading. The report puts a
    conditional page break before each heading instead.
    """
    register_fonts()
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    ink, muted, navy = colors.HexColor(INK), colors.HexColor(MUTED), colors.HexColor(NAVY)
    body = ParagraphStyle(
        "body",
        fontName=SANS,
        fontSize=BODY_SIZE,
        leading=BODY_LEADING,
        textColor=ink,
        spaceAfter=6,
        splitLongWords=1,
        bulletFontName=SANS,  # reportlab's default would pull in Helvetica
        bulletFontSize=BODY_SIZE,
    )
    cell = ParagraphStyle(
        "cell", parent=body, fontSize=8.5, leading=11.5, spaceAfter=0, spaceBefore=0
    )
    cell_head = ParagraphStyle(
        "cell_head", parent=cell, fontName=SANS_BOLD, fontSize=7.5, leading=10, textColor=muted
    )
    return Styles(
        body=body,
        body_muted=ParagraphStyle("body_muted", parent=body, textColor=muted),
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=11, textColor=muted),
        small_italic=ParagraphStyle(
            "small_italic",
            parent=body,
            fontName=SANS_ITALIC,
            fontSize=8,
            leading=11,
            textColor=muted,
        ),
        not_answered=ParagraphStyle(
            "not_answered", parent=body, fontName=SANS_ITALIC, textColor=muted
        ),
        h1=ParagraphStyle(
            "h1",
            parent=body,
            fontName=SANS_BOLD,
            fontSize=17,
            leading=22,
            textColor=navy,
            spaceBefore=0,
            spaceAfter=12,
            keepWithNext=0,
        ),
        h2=ParagraphStyle(
            "h2",
            parent=body,
            fontName=SANS_BOLD,
            fontSize=12.5,
            leading=16,
            textColor=navy,
            spaceBefore=14,
            spaceAfter=6,
            keepWithNext=0,
        ),
        h3=ParagraphStyle(
            "h3",
            parent=body,
            fontName=SANS_BOLD,
            fontSize=9.5,
            leading=13,
            textColor=ink,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=0,
        ),
        label=ParagraphStyle(
            "label",
            parent=body,
            fontName=SANS_BOLD,
            fontSize=9.5,
            leading=13,
            textColor=ink,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=0,
        ),
        kicker=ParagraphStyle(
            "kicker",
            parent=body,
            fontName=SANS_BOLD,
            fontSize=7.5,
            leading=10,
            textColor=muted,
            spaceBefore=16,
            spaceAfter=1,
            keepWithNext=0,
        ),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=SANS_BOLD),
        cell_muted=ParagraphStyle(
            "cell_muted", parent=cell, fontSize=8, leading=11, textColor=muted
        ),
        cell_not_answered=ParagraphStyle(
            "cell_not_answered", parent=cell, fontName=SANS_ITALIC, textColor=muted
        ),
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_head=cell_head,
        cell_head_right=ParagraphStyle("cell_head_right", parent=cell_head, alignment=TA_RIGHT),
        cover_kicker=ParagraphStyle(
            "cover_kicker",
            parent=body,
            fontName=SANS_BOLD,
            fontSize=9,
            leading=13,
            textColor=muted,
            spaceAfter=18,
        ),
        cover_title=ParagraphStyle(
            "cover_title",
            parent=body,
            fontName=SANS_BOLD,
            fontSize=28,
            leading=34,
            textColor=navy,
            spaceAfter=8,
        ),
        cover_subtitle=ParagraphStyle(
            "cover_subtitle",
            parent=body,
            fontSize=15,
            leading=20,
            textColor=ink,
            spaceAfter=24,
        ),
        bullet=ParagraphStyle(
            "bullet",
            parent=body,
            leftIndent=14,
            bulletIndent=3,
            spaceAfter=3,
        ),
        quote=ParagraphStyle(
            "quote",
            parent=body,
            fontName=SANS_ITALIC,
            leftIndent=10,
            textColor=ink,
        ),
    )


def rule_table_style(header_rows: int = 1, *, right_columns: tuple[int, ...] = ()) -> Any:
    """Tables with light horizontal rules only: a stronger rule under the header row."""
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

    commands: list[tuple[Any, ...]] = [
        # Tables set their cell font even around paragraphs; the default is Helvetica.
        ("FONT", (0, 0), (-1, -1), SANS, 8.5),
        # Tables set their cell font even around paragraphs; the default is Helvetica.
        ("FONT", (0, 0), (-1, -1), SANS, 8.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.25, colors.HexColor(RULE)),
    ]
    if header_rows:
        commands += [
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, colors.HexColor(NAVY)),
            ("VALIGN", (0, 0), (-1, header_rows - 1), "BOTTOM"),
        ]
    for col in right_columns:
        commands.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    return TableStyle(commands)
