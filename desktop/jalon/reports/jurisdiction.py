"""The jurisdiction report: one assessment as the PDF an official signs and a council reads.

Everything is written in the report's language (headings, labels, the framework's texts, dates
and numbers); the officials' own free text is reproduced as written, escaped so that reportlab
shows ``<``, ``>`` and ``&`` as typed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus.flowables import HRFlowable

from jalon.core import scoring, validation
from jalon.core.assessment import Assessment, Status, ThemeResponse
from jalon.core.errors import N_
from jalon.core.fingerprint import fingerprint
from jalon.core.framework import Framework, Theme
from jalon.core.jurisdiction import fill
from jalon.core.text import NBSP, french_spaces
from jalon.i18n import Translator, check_language, translator
from jalon.reports import charts
from jalon.reports import styles as st
from jalon.reports.bounded import bound, cut_notice
from jalon.reports.fonts import SANS
from jalon.reports.layout import (
    BODY,
    Furniture,
    Heading,
    ReportDocument,
    TextLine,
    fits_on_a_line,
)

PDF_LANGUAGE = {"en": "en-CA", "fr": "fr-CA"}

_STATUS = {
    Status.DRAFT: N_("Draft"),
    Status.SIGNED: N_("Signed"),
    Status.EXPORTED: N_("Signed and exported"),
}

# C0 control characters other than tab and newline cannot be shown and upset PDF viewers.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n+")
_ASCII_SPACE = re.compile(r"[ \t\r\n\f\v]+")


def typography(lang: str) -> Callable[[str], str]:
    """What the report's texts go through before they are laid out: French spacing rules in
    French (no-break spaces before « : ; ! ? » and inside guillemets), nothing in English."""
    return french_spaces if lang == "fr" else _as_written


def _as_written(text: str) -> str:
    return text


def esc(text: str) -> str:
    """``text`` safe inside a reportlab paragraph: shown exactly as typed."""
    return escape(_CONTROL.sub("", text))


def render_jurisdiction_report(
    assessment: Assessment,
    framework: Framework,
    lang: str,
    *,
    created: datetime,
    signer_note: str | None = None,
) -> bytes:
    """The report of ``assessment`` in ``lang`` ('en' or 'fr') as PDF bytes.

    Pure: nothing is written. The same data, language and ``created`` time give the same bytes.
    Raises :class:`~jalon.core.errors.InvalidInputError` for a language that is not offered.
    """
    code = check_language(lang)
    builder = _Report(assessment, framework, translator(code), created, signer_note)
    out = io.BytesIO()
    doc = ReportDocument(
        out,
        furniture=builder.furniture(),
        created=created,
        identity=f"jalon-report:{assessment.id}:{assessment.revision}:{code}",
        lang=PDF_LANGUAGE[code],
        **builder.metadata(),
    )
    doc.render(builder.story())
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class Cell:
    """Text for a table cell in a paragraph style, laid out once the column width is known."""

    text: str
    style: Any


def _flowable(cell: Any, width: float) -> Any:
    if isinstance(cell, list):
        return [_flowable(c, width) for c in cell]
    if not isinstance(cell, Cell):
        return cell
    # White space collapses as a Paragraph would collapse it; no-break spaces are kept.
    text = _ASCII_SPACE.sub(" ", _CONTROL.sub("", cell.text)).strip(" ")
    if fits_on_a_line(text, cell.style, width):
        return TextLine(text, cell.style)
    return Paragraph(esc(cell.text), cell.style)


class _Report:
    """Builds the story (the list of flowables) of one report in one language."""

    def __init__(
        self,
        a: Assessment,
        fw: Framework,
        tr: Translator,
        created: datetime,
        signer_note: str | None,
    ) -> None:
        self.a = a
        self.fw = fw
        self.tr = tr
        self._ = tr.gettext
        self.created = created
        self.signer_note = signer_note
        self.s = st.make_styles()
        self.jurisdiction = tr.text(a.jurisdiction.name)
        self.typo = typography(tr.lang)

    # -- helpers ---------------------------------------------------------------------------

    def p(self, text: str, style: Any) -> Paragraph:
        return Paragraph(esc(self.typo(text)), style)

    def line(self, text: str, style: Any) -> Flowable:
        """A short label across the page: drawn as one line when it fits, else wrapped."""
        return _flowable(Cell(self.typo(text), style), st.FRAME_WIDTH)

    def c(self, text: str, style: Any) -> Cell:
        """A table cell; :meth:`table` makes it a paragraph only when it needs wrapping."""
        return Cell(self.typo(text), style)

    def user_text(self, text: str, style: Any | None = None) -> list[Flowable]:
        """Free text as paragraphs: blank lines separate paragraphs, newlines are kept."""
        _ = self._
        if not text.strip():
            return [Paragraph(esc(_("Not answered")), self.s.not_answered)]
        style = style or self.s.body
        bounded = bound(text)
        out: list[Flowable] = [
            Paragraph(esc(self.typo(part)).replace("\n", "<br/>"), style)
            for part in bounded.paragraphs
        ]
        if bounded.cut:
            out.append(Paragraph(esc(cut_notice(_, bounded)), self.s.not_answered))
        return out

    def labelled_text(self, label: str, text: str) -> list[Flowable]:
        """A label over free text; the label never ends a page without a few lines after it."""
        return [CondPageBreak(0.9 * st.INCH), self.line(label, self.s.label), *self.user_text(text)]

    def mean(self, value: float | None) -> str:
        return "—" if value is None else self.tr.number(value, "#,##0.0")

    def gap(self, value: int) -> str:
        return self.tr.number(value, "+#,##0;-#,##0") if value else self.tr.number(0)

    def level(self, value: int | None) -> str:
        _ = self._
        if value is None:
            return _("Not answered")
        return _("{level} — {name}").format(
            level=value, name=self.tr.text(self.fw.level(value).name)
        )

    def option(self, kind: str, option_id: str | None) -> str:
        if option_id is None:
            return self._("Not answered")
        return self.tr.text(self.fw.option(kind, option_id).label)

    def theme_name(self, theme: Theme) -> str:
        return self._("{number}. {name}").format(number=theme.number, name=self.tr.text(theme.name))

    def heading(self, text: str, style: Any, key: str, level: int = 0) -> Heading:
        text = self.typo(text)
        return Heading(esc(text), style, key=key, outline=text, level=level)

    def subsection(self, text: str, key: str, keep: float = 1.4 * st.INCH) -> list[Flowable]:
        """A second-level heading that starts a new page when less than ``keep`` is left."""
        return [CondPageBreak(keep), self.heading(text, self.s.h2, key, 1)]

    def table(
        self,
        rows: list[list[Any]],
        widths: list[float],
        *,
        header: bool = True,
        right: tuple[int, ...] = (),
    ) -> Table:
        cells = [
            [
                _flowable(cell, width - 2 * st.CELL_PADDING)
                for cell, width in zip(row, widths, strict=True)
            ]
            for row in rows
        ]
        t = Table(cells, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
        t.setStyle(st.rule_table_style(1 if header else 0, right_columns=right))
        return t

    def bullets(self, items: Iterable[str], style: Any | None = None) -> list[Flowable]:
        style = style or self.s.bullet
        return [Paragraph(esc(self.typo(item)), style, bulletText="•") for item in items]

    # -- document-level texts --------------------------------------------------------------

    def status_label(self) -> str:
        return self._(_STATUS[self.a.status])

    def furniture(self) -> Furniture:
        _ = self._
        return Furniture(
            header=self.typo(
                _("{jurisdiction} · {title}").format(
                    jurisdiction=self.jurisdiction, title=self.a.title
                )
            ),
            footer=self.typo(
                _("{framework} {version} · Revision {revision} · {status}").format(
                    framework=self.fw.id,
                    version=self.fw.version,
                    revision=self.a.revision,
                    status=self.status_label(),
                )
            ),
            page_label=self.page_label,
        )

    def page_label(self, page: int, total: int) -> str:
        # « Page 2 sur 22 » in French; the figures never part from their words.
        label = self._("Page {page} of {total}").format(page=page, total=total)
        return label.replace(" ", NBSP)

    def metadata(self) -> dict[str, Any]:
        _ = self._
        sig = self.a.signature
        return {
            "title": _("{jurisdiction} — {title}").format(
                jurisdiction=self.jurisdiction, title=self.a.title
            ),
            "author": sig.signer_name if sig else self.jurisdiction,
            "subject": fill(
                _(
                    "Digital strategy self-assessment of {jurisdiction} against the framework "
                    "{framework} version {version}, revision {revision}"
                ),
                self.tr.lang,
                jurisdiction=self.a.jurisdiction,
                framework=self.fw.id,
                version=self.fw.version,
                revision=self.a.revision,
            ),
            "keywords": [self.fw.id, self.a.jurisdiction.code],
        }

    # -- the story -------------------------------------------------------------------------

    def story(self) -> list[Flowable]:
        return [
            *self.cover(),
            PageBreak(),
            *self.summary(),
            PageBreak(),
            *self.charts(),
            PageBreak(),
            *self.themes(),
            PageBreak(),
            *self.questions(),
            PageBreak(),
            *self.participants(),
            # The closing block follows the participants on the same page when it fits.
            Spacer(1, 20),
            CondPageBreak(3.2 * st.INCH),
            *self.signature(),
        ]

    def cover(self) -> list[Flowable]:
        _ = self._
        s = self.s
        sig = self.a.signature
        signed = (
            _("{name}, {date}").format(
                name=sig.signer_name, date=self.tr.date(sig.signed_at.astimezone(UTC).date())
            )
            if sig
            else _("Not signed yet")
        )
        details = [
            (
                _("Framework"),
                _("{title} ({framework}, version {version})").format(
                    title=self.tr.text(self.fw.title), framework=self.fw.id, version=self.fw.version
                ),
            ),
            (_("Revision"), str(self.a.revision)),
            (_("Status"), self.status_label()),
            (_("Signed by"), signed),
            (_("Report date"), self.tr.date(self.created.astimezone(UTC).date())),
        ]
        rows = [[self.c(k, s.cell_head), self.c(v, s.cell)] for k, v in details]
        return [
            NextPageTemplate(BODY),
            Spacer(1, 1.1 * st.INCH),
            Heading(
                esc(_("Digital strategy self-assessment").upper()),
                s.cover_kicker,
                key="cover",
                outline=_("Cover"),
            ),
            self.p(self.jurisdiction, s.cover_title),
            self.p(self.a.title, s.cover_subtitle),
            HRFlowable(
                width="100%",
                thickness=1.2,
                color=colors.HexColor(st.NAVY),
                spaceBefore=0,
                spaceAfter=10,
            ),
            self.table(rows, [1.5 * st.INCH, st.FRAME_WIDTH - 1.5 * st.INCH], header=False),
            Spacer(1, 1.6 * st.INCH),
            self.line(_("About this report"), s.h3),
            self.p(
                _(
                    "This report was produced by Jalon from the assessment recorded by the "
                    "jurisdiction. The framework's texts are those of the version named above; "
                    "the officials' comments, evidence and answers are reproduced as written."
                ),
                s.small,
            ),
            self.p(
                _("Source of the framework: {source}").format(source=self.tr.text(self.fw.source)),
                s.small,
            ),
        ]

    def summary(self) -> list[Flowable]:
        _ = self._
        s, fw, a, tr = self.s, self.fw, self.a, self.tr
        out: list[Flowable] = [
            self.heading(_("Executive summary"), s.h1, "summary"),
            self.p(
                fill(
                    _(
                        "This report sets out the self-assessment of {jurisdiction} against the "
                        "{count} themes of the framework “{framework}”. Each theme is scored on "
                        "the same scale, from {low} ({low_name}) to {high} ({high_name}), for the "
                        "current situation and for the target the jurisdiction sets itself; the "
                        "gap is the target minus the current level."
                    ),
                    tr.lang,
                    jurisdiction=a.jurisdiction,
                    count=len(fw.themes),
                    framework=tr.text(fw.title),
                    low=fw.min_level,
                    low_name=tr.text(fw.level(fw.min_level).name),
                    high=fw.max_level,
                    high_name=tr.text(fw.level(fw.max_level).name),
                ),
                s.body,
            ),
        ]

        # Means, overall and per group.
        head = [
            self.c(_("Themes"), s.cell_head),
            self.c(_("Scored"), s.cell_head_right),
            self.c(_("Current (mean)"), s.cell_head_right),
            self.c(_("Target (mean)"), s.cell_head_right),
            self.c(_("Gap (mean)"), s.cell_head_right),
        ]
        rows = [head]
        for summary in scoring.summaries(a, fw):
            name = (
                _("All themes")
                if summary.group_id is None
                else tr.text(fw.group(summary.group_id).name)
            )
            style = s.cell_bold if summary.group_id is None else s.cell
            mean_gap = summary.mean_gap
            rows.append(
                [
                    self.c(name, style),
                    self.c(
                        _("{scored} of {total}").format(
                            scored=summary.themes_scored, total=summary.themes_total
                        ),
                        s.cell_right,
                    ),
                    self.c(self.mean(summary.mean_current), s.cell_right),
                    self.c(self.mean(summary.mean_target), s.cell_right),
                    self.c(
                        "—"
                        if mean_gap is None
                        else tr.number(mean_gap, "+#,##0.0;-#,##0.0")
                        if mean_gap
                        else tr.number(0, "#,##0.0"),
                        s.cell_right,
                    ),
                ]
            )
        w = st.FRAME_WIDTH
        out += [
            *self.subsection(_("Overall and by group"), "summary-means"),
            self.table(rows, [w - 4 * 1.15 * st.INCH] + [1.15 * st.INCH] * 4),
            Spacer(1, 4),
            self.p(
                _("Means are taken over the themes with both a current and a target level."),
                s.small,
            ),
        ]

        # Largest gaps.
        largest = scoring.largest_gaps(a, fw)
        out += self.subsection(_("Largest gaps"), "summary-gaps")
        if largest:
            out += self.bullets(
                _("{theme}: from {current} to {target} (gap {gap})").format(
                    theme=self.theme_name(fw.theme(g.theme_id)),
                    current=self.level(g.current),
                    target=self.level(g.target),
                    gap=self.gap(g.gap),
                )
                for g in largest
            )
        else:
            out.append(self.p(_("No theme has a target above its current level."), s.body))

        # High priority.
        top = next((o for o in fw.priorities if o.id == "high"), fw.priorities[0])
        high = scoring.themes_with_priority(a, fw, top.id)
        label = tr.text(top.label).lower()
        out += self.subsection(
            _("Themes marked {priority} priority").format(priority=label), "summary-priority"
        )
        if high:
            out += self.bullets(self.theme_name(fw.theme(t)) for t in high)
        else:
            out.append(
                self.p(_("No theme is marked {priority} priority.").format(priority=label), s.body)
            )

        # Role of the Councils, with the levels, per theme.
        out += self.subsection(
            _("The Joint Councils' role, theme by theme"), "summary-roles", 4.8 * st.INCH
        )
        rows = [
            [
                self.c(_("Theme"), s.cell_head),
                self.c(_("Current"), s.cell_head_right),
                self.c(_("Target"), s.cell_head_right),
                self.c(_("Priority"), s.cell_head),
                self.c(_("Role of the Joint Councils"), s.cell_head),
                self.c(_("Capacity"), s.cell_head),
            ]
        ]
        for theme in fw.themes:
            r = a.response(theme.id)
            rows.append(
                [
                    self.c(self.theme_name(theme), s.cell),
                    self.c("—" if r.current is None else str(r.current), s.cell_right),
                    self.c("—" if r.target is None else str(r.target), s.cell_right),
                    self.c(self.option("priority", r.priority), s.cell),
                    self.c(self.option("role", r.role), s.cell),
                    self.c(self.option("capacity", r.capacity), s.cell),
                ]
            )
        i = st.INCH
        out.append(self.table(rows, [1.9 * i, 0.6 * i, 0.55 * i, 0.7 * i, 1.95 * i, 0.8 * i]))

        out += self.incomplete()
        return out

    def incomplete(self) -> list[Flowable]:
        _ = self._
        s, fw, a, tr = self.s, self.fw, self.a, self.tr
        done = validation.completeness(a, fw)
        findings = validation.findings(a, fw)
        missing = [f for f in findings if f.severity is validation.Severity.MISSING]
        out = self.subsection(_("What is incomplete"), "summary-missing")
        out.append(
            self.p(
                _("{done} of {total} required answers are given ({percent}).").format(
                    done=done.items_done,
                    total=done.items_total,
                    percent=tr.percent(done.percent / 100),
                ),
                s.body,
            )
        )
        if done.is_complete:
            out.append(
                self.p(
                    _(
                        "Every theme is fully scored, every workshop question is answered and the "
                        "participants are named."
                    ),
                    s.body,
                )
            )
        else:
            themes_missing = done.themes_total - done.themes_complete
            questions_missing = sum(1 for f in missing if f.where is validation.Where.QUESTION)
            items = [
                _("Themes with a missing answer: {count} of {total}").format(
                    count=themes_missing, total=done.themes_total
                ),
                _("Workshop questions not answered: {count} of {total}").format(
                    count=questions_missing, total=len(fw.questions)
                ),
            ]
            if not a.participants:
                items.append(_("Participants: none named"))
            out += self.bullets(items)
        warnings = [f for f in findings if f.severity is validation.Severity.WARNING]
        if warnings:
            out += [CondPageBreak(0.8 * st.INCH), self.line(_("To check:"), s.h3)]
            out += self.bullets(
                _("{theme}: {finding}").format(
                    theme=self.theme_name(fw.theme(f.target)), finding=tr.message(f.message)
                )
                for f in warnings
            )
        return out

    def charts(self) -> list[Flowable]:
        _ = self._
        s, fw, a, tr = self.s, self.fw, self.a, self.tr
        responses = [a.response(t.id) for t in fw.themes]
        labels = [self.theme_name(t) for t in fw.themes]
        radar = charts.radar_chart(
            labels,
            charts.Series(_("Current level"), [r.current for r in responses]),
            charts.Series(_("Target level"), [r.target for r in responses]),
            fw.level_values,
            width=st.FRAME_WIDTH,
        )
        scale = " · ".join(
            _("{level} {name}").format(level=lv.value, name=tr.text(lv.name)) for lv in fw.levels
        )
        gap_chart = charts.gap_chart(
            labels,
            [r.current for r in responses],
            [r.target for r in responses],
            width=st.FRAME_WIDTH,
            levels=fw.level_values,
            gap_text=self.gap,
            values_text=lambda c, t: _("{current} → {target}").format(current=c, target=t),
            not_scored=_("Not scored"),
            axis_title=_("Gap (target level minus current level)"),
            values_title=_("Current → target"),
        )
        return [
            self.heading(_("Current and target maturity"), s.h1, "charts"),
            self.p(
                _(
                    "The radar shows, for each theme, the current level (solid line, round "
                    "markers) and the target level (dashed line, square markers). Themes "
                    "not yet scored have no marker."
                ),
                s.body,
            ),
            Spacer(1, 6),
            radar,
            Spacer(1, 4),
            self.line(_("Maturity scale: {scale}").format(scale=scale), s.small),
            *self.subsection(_("Gap by theme"), "charts-gaps", 3.5 * st.INCH),
            self.p(
                _(
                    "Each bar is the target level minus the current level; the figures on "
                    "the right give the current and the target level."
                ),
                s.body,
            ),
            Spacer(1, 4),
            gap_chart,
        ]

    def themes(self) -> list[Flowable]:
        _ = self._
        s = self.s
        out: list[Flowable] = [
            self.heading(_("Themes"), s.h1, "themes"),
            self.p(
                _(
                    "For each theme: the framework's description, how the workshop deck "
                    "placed it in the Joint Councils' logic model and in McKinsey's "
                    "framework, then the jurisdiction's levels, priority, view of the "
                    "Councils' role, capacity, comment and evidence. Each level is shown with "
                    "the theme's own descriptor."
                ),
                s.body,
            ),
        ]
        for index, theme in enumerate(self.fw.themes):
            out += self.theme(theme, first=index == 0)
        return out

    def theme(self, theme: Theme, *, first: bool) -> list[Flowable]:
        _ = self._
        s, tr = self.s, self.tr
        r = self.a.response(theme.id)
        kicker = _("{group} · Theme {number} of {total}").format(
            group=tr.text(self.fw.group(theme.group).name),
            number=theme.number,
            total=len(self.fw.themes),
        )
        # One theme per page, so a reader can go straight to the themes they answer for.
        out: list[Flowable] = [] if first else [PageBreak()]
        out += [
            self.line(kicker.upper(), s.kicker),
            self.heading(self.theme_name(theme), s.h2, f"theme-{theme.id}", 1),
            self.p(tr.text(theme.description), s.body),
        ]
        yes, no = _("Yes"), _("No")
        marks = [
            [
                self.c(_("In the Joint Councils' logic model"), s.cell_head),
                self.c(_("In McKinsey's framework"), s.cell_head),
                self.c(_("The deck's comment"), s.cell_head),
            ],
            [
                self.c(yes if theme.marks.logic_model else no, s.cell),
                self.c(yes if theme.marks.mckinsey else no, s.cell),
                self.c(tr.text(theme.comment), s.cell),
            ],
        ]
        i = st.INCH
        block: list[Flowable] = [
            self.line(_("The workshop deck's gap analysis"), s.h3),
            self.table(marks, [1.55 * i, 1.4 * i, st.FRAME_WIDTH - 2.95 * i]),
        ]
        if theme.marks.interpretation is not None:
            block += [
                Spacer(1, 3),
                self.p(
                    _("Note: {note}").format(note=tr.text(theme.marks.interpretation)),
                    s.small_italic,
                ),
            ]
        out += [CondPageBreak(1.6 * st.INCH), *block]
        out += [
            CondPageBreak(2.4 * st.INCH),
            self.line(_("The jurisdiction's assessment"), s.h3),
            self.answers_table(theme, r),
        ]
        out += self.labelled_text(_("Comment"), r.comment)
        out += self.labelled_text(_("Evidence"), r.evidence)
        return out

    def answers_table(self, theme: Theme, r: ThemeResponse) -> Table:
        _ = self._
        s, tr = self.s, self.tr

        def level_cell(value: int | None) -> list[Cell]:
            if value is None:
                return [self.c(_("Not answered"), s.cell_not_answered)]
            return [
                self.c(self.level(value), s.cell_bold),
                self.c(tr.text(theme.descriptor(value)), s.cell_muted),
            ]

        def choice_cell(kind: str, value: str | None) -> Cell:
            if value is None:
                return self.c(_("Not answered"), s.cell_not_answered)
            return self.c(self.option(kind, value), s.cell)

        gap = r.gap
        rows: list[list[Any]] = [
            [self.c(_("Current level"), s.cell_head), level_cell(r.current)],
            [self.c(_("Target level"), s.cell_head), level_cell(r.target)],
            [
                self.c(_("Gap"), s.cell_head),
                self.c(self.gap(gap), s.cell)
                if gap is not None
                else self.c(_("Not scored"), s.cell_not_answered),
            ],
            [self.c(_("Priority"), s.cell_head), choice_cell("priority", r.priority)],
            [self.c(_("Role of the Joint Councils"), s.cell_head), choice_cell("role", r.role)],
            [self.c(_("Capacity to deliver"), s.cell_head), choice_cell("capacity", r.capacity)],
        ]
        return self.table(rows, [1.55 * st.INCH, st.FRAME_WIDTH - 1.55 * st.INCH], header=False)

    def questions(self) -> list[Flowable]:
        _ = self._
        s, tr = self.s, self.tr
        out: list[Flowable] = [
            self.heading(_("Workshop questions"), s.h1, "questions"),
            self.p(
                _(
                    "The questions the workshop asks of every jurisdiction, with the answers "
                    "recorded."
                ),
                s.body,
            ),
        ]
        for q in self.fw.questions:
            title = _("Question {number}").format(number=q.number)
            out += [
                *self.subsection(title, f"question-{q.id}", 1.8 * st.INCH),
                self.line(tr.text(q.text), s.h3),
            ]
            out += self.bullets((tr.text(prompt) for prompt in q.prompts), s.bullet)
            if q.note is not None:
                out.append(self.p(tr.text(q.note), s.small_italic))
            out += self.labelled_text(_("Answer"), self.a.answer(q.id))
        return out

    def participants(self) -> list[Flowable]:
        _ = self._
        s = self.s
        out: list[Flowable] = [
            self.heading(_("Participants"), s.h1, "participants"),
        ]
        if not self.a.participants:
            out.append(self.p(_("No participant named."), s.not_answered))
            return out
        rows = [
            [
                self.c(_("Name"), s.cell_head),
                self.c(_("Title"), s.cell_head),
                self.c(_("Organization"), s.cell_head),
            ]
        ]
        for person in self.a.participants:
            rows.append(
                [
                    self.c(person.name, s.cell_bold),
                    self.c(person.title, s.cell),
                    self.c(person.organization, s.cell),
                ]
            )
        w = st.FRAME_WIDTH
        out.append(self.table(rows, [w * 0.3, w * 0.35, w * 0.35]))
        return out

    def signature(self) -> list[Flowable]:
        _ = self._
        s, tr = self.s, self.tr
        sig = self.a.signature
        out: list[Flowable] = [self.heading(_("Signature"), s.h1, "signature")]
        if sig is None:
            box = Table(
                [
                    [
                        self.p(
                            _(
                                "This assessment is not signed yet. Revision {revision} is a draft "
                                "and may still change."
                            ).format(revision=self.a.revision),
                            s.body,
                        )
                    ]
                ],
                colWidths=[st.FRAME_WIDTH],
            )
            box.setStyle(
                [
                    ("FONT", (0, 0), (-1, -1), SANS, st.BODY_SIZE),
                    ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(st.TINT)),
                    ("LINEBEFORE", (0, 0), (0, -1), 2.5, colors.HexColor(st.NAVY)),
                    ("LEFTPADDING", (0, 0), (-1, -1), 10),
                    ("TOPPADDING", (0, 0), (-1, -1), 8),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
            out.append(box)
        else:
            out.append(
                self.p(
                    _("Revision {revision} of this assessment was signed by:").format(
                        revision=self.a.revision
                    ),
                    s.body,
                )
            )
            rows = [
                [self.c(_("Signer"), s.cell_head), self.c(sig.signer_name, s.cell_bold)],
                [self.c(_("Title"), s.cell_head), self.c(sig.signer_title, s.cell)],
                [
                    self.c(_("Key fingerprint"), s.cell_head),
                    self.c(fingerprint(sig.key_id), s.cell_bold),
                ],
                [
                    self.c(_("Signed on"), s.cell_head),
                    self.c(tr.datetime(sig.signed_at, "long", tz="UTC"), s.cell),
                ],
            ]
            out += [
                self.table(rows, [1.55 * st.INCH, st.FRAME_WIDTH - 1.55 * st.INCH], header=False),
                Spacer(1, 6),
                self.p(
                    _(
                        "To confirm who signed, compare this fingerprint with the one on the "
                        "signer's key card, read group by group."
                    ),
                    s.small,
                ),
            ]
        if self.signer_note:
            out.append(self.p(self.signer_note, s.body))
        return out
