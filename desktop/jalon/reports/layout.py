"""Page furniture shared by Jalon's reports: templates, running header, "Page x of y", outline.

reportlab only knows the page count once every page is laid out. Instead of building the
document twice, :class:`ReportCanvas` holds each finished page back, then stamps the footer
with the total and emits the pages when the document is saved. Bookmarks are held back with
their page for the same reason: a destination is bound to the page being written when it is
created.

The canvas is also where determinism is enforced: reportlab's invariant mode removes the
random document id and the wall-clock time, and the creation date is set to the ``created``
time the caller gives, so the same data and time give the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from jalon.reports import styles as st
from jalon.reports.fonts import SANS, SANS_BOLD, register_fonts
from jalon.reports.text import fit_width

COVER = "cover"
BODY = "body"


@dataclass(frozen=True, slots=True)
class Furniture:
    """The texts printed around the content of every page, already in the report's language."""

    header: str
    footer: str
    page_label: Callable[[int, int], str]  # (page, total) -> "Page 3 of 18"


@dataclass(frozen=True, slots=True)
class _Bookmark:
    key: str
    title: str
    level: int
    top: float


class Heading(Paragraph):  # type: ignore[misc]
    """A paragraph that is also an entry of the PDF outline (the reader's bookmarks pane)."""

    def __init__(self, text: str, style: Any, *, key: str, outline: str, level: int = 0) -> None:
        super().__init__(text, style)
        self.outline_key = key
        self.outline_title = outline
        self.outline_level = level

    def draw(self) -> None:
        super().draw()
        canv = self.canv
        if isinstance(canv, ReportCanvas):
            _, top = canv.absolutePosition(0, self.height)
            canv.hold_bookmark(
                _Bookmark(self.outline_key, self.outline_title, self.outline_level, top + 8)
            )


class TextLine(Flowable):  # type: ignore[misc]
    """One line of plain text in a paragraph style, for labels and cells known to fit.

    A report has hundreds of short table cells; a full Paragraph parses markup and breaks
    lines for each of them, several times as a table measures itself. This draws the same
    text the same way (font, size, colour, alignment, first baseline) at a fraction of the cost.
    """

    def __init__(self, text: str, style: Any) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter

    def wrap(self, avail_width: float, _avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self.style.leading
        return self.width, self.height

    def draw(self) -> None:
        style = self.style
        canv = self.canv
        y = self.height - style.fontSize  # where a Paragraph puts its first baseline
        canv.setFont(style.fontName, style.fontSize)
        canv.setFillColor(style.textColor)
        if style.alignment == TA_RIGHT:
            canv.drawRightString(self.width, y, self.text)
        elif style.alignment == TA_CENTER:
            canv.drawCentredString(self.width / 2, y, self.text)
        else:
            canv.drawString(0, y, self.text)


def fits_on_a_line(text: str, style: Any, width: float) -> bool:
    return "\n" not in text and stringWidth(text, style.fontName, style.fontSize) <= width


def _pdf_timestamp(created: datetime) -> Any:
    """reportlab's document time stamp, fixed to ``created`` (in UTC)."""
    from reportlab.lib.utils import TimeStamp

    stamp = TimeStamp(invariant=True)
    moment = created.astimezone(UTC) if created.tzinfo else created.replace(tzinfo=UTC)
    stamp.t = moment.timestamp()
    stamp.lt = moment.timetuple()
    stamp.YMDhms = tuple(moment.timetuple())[:6]
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"
    return stamp


class ReportCanvas(Canvas):  # type: ignore[misc]
    """A canvas that defers pages until the end to print "Page x of y" and place bookmarks."""

    def __init__(
        self,
        *args: Any,
        furniture: Furniture,
        created: datetime,
        identity: str,
        **kwargs: Any,
    ) -> None:
        kwargs["invariant"] = 1
        super().__init__(*args, **kwargs)
        doc = self._doc
        doc._timeStamp = stamp = _pdf_timestamp(created)
        # The file identifier is a digest reportlab seeds with the time (and, in invariant
        # mode, with $SOURCE_DATE_EPOCH); seed it with what this report is instead.
        doc.signature = hashlib.md5(usedforsecurity=False)
        doc.signature.update(identity.encode("utf-8"))
        doc.signature.update(repr(stamp.t).encode("ascii"))
        # A reader's title bar (and a screen reader announcing the window) shows the document's
        # title rather than its file name: PDF/UA-1 (ISO 14289-1, 7.1) and WCAG technique PDF18.
        self.setViewerPreference("DisplayDocTitle", "true")
        self._furniture = furniture
        self._held_pages: list[dict[str, Any]] = []
        self._held_bookmarks: list[_Bookmark] = []

    def hold_bookmark(self, bookmark: _Bookmark) -> None:
        self._held_bookmarks.append(bookmark)

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._held_bookmarks = []
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for state in self._held_pages:
            self.__dict__.update(state)
            for mark in self._held_bookmarks:
                self.bookmarkPage(mark.key, fit="XYZ", left=0, top=mark.top)
                self.addOutlineEntry(mark.title, mark.key, level=mark.level)
            self._draw_footer(self._pageNumber, total)
            super().showPage()
        self.showOutline()
        super().save()

    def _draw_footer(self, page: int, total: int) -> None:
        f = self._furniture
        y = st.MARGIN_BOTTOM - 0.45 * st.INCH
        self.saveState()
        self.setStrokeColor(colors.HexColor(st.RULE))
        self.setLineWidth(0.5)
        self.line(st.MARGIN_LEFT, y + 11, st.PAGE_WIDTH - st.MARGIN_RIGHT, y + 11)
        self.setFillColor(colors.HexColor(st.MUTED))
        self.setFont(SANS, 7.5)
        self.drawString(st.MARGIN_LEFT, y, fit_width(f.footer, SANS, 7.5, st.FRAME_WIDTH * 0.7))
        self.drawRightString(st.PAGE_WIDTH - st.MARGIN_RIGHT, y, f.page_label(page, total))
        self.restoreState()


def _draw_header(furniture: Furniture, canv: Canvas, _doc: Any) -> None:
    y = st.PAGE_HEIGHT - st.MARGIN_TOP + 0.42 * st.INCH
    canv.saveState()
    canv.setFillColor(colors.HexColor(st.NAVY))
    canv.setFont(SANS_BOLD, 7.5)
    canv.drawString(st.MARGIN_LEFT, y, fit_width(furniture.header, SANS_BOLD, 7.5, st.FRAME_WIDTH))
    canv.setStrokeColor(colors.HexColor(st.NAVY))
    canv.setLineWidth(0.8)
    canv.line(st.MARGIN_LEFT, y - 6, st.PAGE_WIDTH - st.MARGIN_RIGHT, y - 6)
    canv.restoreState()


def _draw_cover_band(canv: Canvas, _doc: Any) -> None:
    """The cover's only ornament: a dark band across the top of the page."""
    canv.saveState()
    canv.setFillColor(colors.HexColor(st.NAVY))
    canv.rect(0, st.PAGE_HEIGHT - 0.32 * st.INCH, st.PAGE_WIDTH, 0.32 * st.INCH, stroke=0, fill=1)
    canv.restoreState()


class ReportDocument(BaseDocTemplate):  # type: ignore[misc]
    """A Letter document with a cover template (no running header) and a body template."""

    def __init__(
        self,
        out: Any,
        *,
        furniture: Furniture,
        created: datetime,
        identity: str,
        lang: str,
        title: str,
        author: str,
        subject: str,
        keywords: Sequence[str] = (),
    ) -> None:
        register_fonts()
        super().__init__(
            out,
            pagesize=(st.PAGE_WIDTH, st.PAGE_HEIGHT),
            leftMargin=st.MARGIN_LEFT,
            rightMargin=st.MARGIN_RIGHT,
            topMargin=st.MARGIN_TOP,
            bottomMargin=st.MARGIN_BOTTOM,
            title=title,
            author=author,
            subject=subject,
            creator="Jalon",
            keywords=list(keywords),
            lang=lang,
            invariant=1,
            initialFontName=SANS,
            initialFontSize=st.BODY_SIZE,
            pageCompression=1,
        )
        self._furniture = furniture
        self._created = created
        self._identity = identity
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="content",
        )
        self.addPageTemplates(
            [
                PageTemplate(id=COVER, frames=[frame], onPage=_draw_cover_band),
                PageTemplate(
                    id=BODY, frames=[frame], onPage=functools.partial(_draw_header, furniture)
                ),
            ]
        )

    def render(self, story: list[Any]) -> None:
        self.build(
            story,
            canvasmaker=functools.partial(
                ReportCanvas,
                furniture=self._furniture,
                created=self._created,
                identity=self._identity,
            ),
        )
