"""The consolidated report back: the collated picture of every jurisdiction's latest signed
submission, the workshop groups' apart, the actions decided, and an annex of every package
received — the "clear decision file" the deck says the Joint Councils lack.

Built from :class:`~jalon.core.consolidation.ConsolidatedData` with the jurisdiction report's
building blocks (fonts, styles, page template, outline, "Page x of y", table cells). Heat-map
cells print their value and are shaded, so they read without colour and in black and white.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
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

from jalon.core.actions import STATUS_LABELS, Action
from jalon.core.consolidation import (
    AnswerEntry,
    Consensus,
    ConsolidatedData,
    HeatMap,
    Measure,
    Section,
    SectionView,
    SubmissionInfo,
)
from jalon.core.framework import Framework, Theme
from jalon.core.jurisdiction import GOVERNMENTS
from jalon.core.text import NBSP
from jalon.i18n import Translator, check_language, translator
from jalon.reports import styles as st
from jalon.reports.bounded import bound, cut_notice
from jalon.reports.charts import _wrap as wrap_words
from jalon.reports.fonts import SANS, SANS_BOLD
from jalon.reports.jurisdiction import PDF_LANGUAGE, Cell, esc, typography
from jalon.reports.jurisdiction import _flowable as cell_flowable
from jalon.reports.layout import BODY, Furniture, Heading, ReportDocument
from jalon.reports.text import fit_width

#: Shades of the heat map's levels, light to dark; the two darkest carry white figures.
LEVEL_SHADES = ("#FFFFFF", "#E4EAF1", "#C2CEDC", "#5E7594", "#1F3A5F")
#: Gaps: none or negative stay light (negative ones warm), positive ones darken with size.
NEGATIVE_SHADE = "#F4ECE1"
HEAT_FONT = 8.0
HEAT_HEADER_HEIGHT = 96.0
LARGEST_INDIVIDUAL = 10


def render_consolidated_report(
    data: ConsolidatedData, framework: Framework, lang: str, *, created: datetime
) -> bytes:
    """The report back in ``lang`` ('en' or 'fr') as PDF bytes; nothing is written.

    The same data, language and ``created`` time give the same bytes.
    """
    code = check_language(lang)
    builder = _Consolidated(data, framework, translator(code), created)
    out = io.BytesIO()
    doc = ReportDocument(
        out,
        furniture=builder.furniture(),
        created=created,
        identity=builder.identity(code),
        lang=PDF_LANGUAGE[code],
        **builder.metadata(),
    )
    doc.render(builder.story())
    return out.getvalue()


class RotatedLabel(Flowable):  # type: ignore[misc]
    """A column heading set bottom to top, for the heat map's narrow theme columns."""

    def __init__(self, lines: Sequence[str], size: float, height: float) -> None:
        super().__init__()
        self.lines = list(lines)
        self.size = size
        self.label_height = height

    def wrap(self, avail_width: float, _avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self.label_height
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setFont(SANS_BOLD, self.size)
        canv.setFillColor(colors.HexColor(st.MUTED))
        lead = self.size + 1.5
        block = lead * len(self.lines)
        # Centred across the column; the first line on the left, read with the head tilted.
        x0 = (self.width - block) / 2 + self.size
        canv.rotate(90)
        for index, text in enumerate(self.lines):
            canv.drawString(0, -(x0 + index * lead), text)
        canv.restoreState()


class _Consolidated:
    """Builds the story of the report back in one language."""

    def __init__(
        self, data: ConsolidatedData, fw: Framework, tr: Translator, created: datetime
    ) -> None:
        self.data = data
        self.dash = data.dashboard
        self.fw = fw
        self.tr = tr
        self._ = tr.gettext
        self.created = created
        self.s = st.make_styles()
        self.typo = typography(tr.lang)
        self.cell_bold_right = ParagraphStyle(
            "cell_bold_right", parent=self.s.cell_bold, alignment=TA_RIGHT
        )
        self.hash = ParagraphStyle("hash", parent=self.s.cell_muted, fontSize=7.2, leading=9.5)
        self.hash_bold = ParagraphStyle(
            "hash_bold", parent=self.s.cell_bold, fontSize=7.6, leading=10
        )

    # -- helpers ---------------------------------------------------------------------------

    def p(self, text: str, style: Any) -> Paragraph:
        return Paragraph(esc(self.typo(text)), style)

    def line(self, text: str, style: Any) -> Flowable:
        return cell_flowable(Cell(self.typo(text), style), st.FRAME_WIDTH)

    def c(self, text: str, style: Any) -> Cell:
        return Cell(self.typo(text), style)

    def table(
        self,
        rows: list[list[Any]],
        widths: list[float],
        *,
        header: bool = True,
        right: tuple[int, ...] = (),
        extra: Sequence[tuple[Any, ...]] = (),
    ) -> Table:
        cells = [
            [
                cell_flowable(cell, width - 2 * st.CELL_PADDING)
                for cell, width in zip(row, widths, strict=True)
            ]
            for row in rows
        ]
        t = Table(cells, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
        style = st.rule_table_style(1 if header else 0, right_columns=right)
        for command in extra:
            style.add(*command)
        t.setStyle(style)
        return t

    def heading(self, text: str, style: Any, key: str, level: int = 0) -> Heading:
        text = self.typo(text)
        return Heading(esc(text), style, key=key, outline=text, level=level)

    def subsection(self, text: str, key: str, keep: float = 1.6 * st.INCH) -> list[Flowable]:
        return [CondPageBreak(keep), self.heading(text, self.s.h2, key, 1)]

    def user_text(self, text: str) -> list[Flowable]:
        """What a jurisdiction typed, as paragraphs: blank lines separate them, line breaks
        are kept."""
        bounded = bound(text)
        out: list[Flowable] = [
            Paragraph(esc(self.typo(part)).replace("\n", "<br/>"), self.s.body)
            for part in bounded.paragraphs
        ]
        if bounded.cut:
            out.append(Paragraph(esc(cut_notice(self._, bounded)), self.s.body))
        return out

    def mean(self, value: float | None) -> str:
        return "—" if value is None else self.tr.number(value, "#,##0.0")

    def signed_mean(self, value: float | None) -> str:
        if value is None:
            return "—"
        if round(value, 1) == 0:
            return self.tr.number(0, "#,##0.0")
        return self.tr.number(value, "+#,##0.0;-#,##0.0")

    def gap(self, value: int) -> str:
        return self.tr.number(value, "+#,##0;-#,##0") if value else self.tr.number(0)

    def theme_name(self, theme: Theme) -> str:
        return self._("{number}. {name}").format(number=theme.number, name=self.tr.text(theme.name))

    def option(self, kind: str, option_id: str) -> str:
        return self.tr.text(self.fw.option(kind, option_id).label)

    def who(self, info: SubmissionInfo) -> str:
        return self.tr.text(info.jurisdiction.name)

    def when(self, moment: datetime) -> str:
        return self.tr.date(moment.astimezone(UTC).date())

    def percent(self, ratio: float) -> str:
        return self.tr.percent(ratio)

    @property
    def sections(self) -> list[SectionView]:
        """The sections that have rows: jurisdictions first, then groups."""
        return [v for v in (self.dash.jurisdictions, self.dash.groups) if not v.is_empty]

    def section_title(self, section: Section) -> str:
        _ = self._
        return _("Jurisdictions") if section is Section.JURISDICTIONS else _("Workshop groups")

    # -- document-level texts --------------------------------------------------------------

    def identity(self, lang: str) -> str:
        digest = hashlib.sha256()
        for info in self.data.submissions:
            digest.update(info.package_sha256.encode("ascii"))
        for action in self.data.actions:
            digest.update(f"{action.id}:{action.updated_at.isoformat()}".encode())
        return f"jalon-consolidated:{self.fw.id}:{self.fw.version}:{digest.hexdigest()}:{lang}"

    def furniture(self) -> Furniture:
        _ = self._
        return Furniture(
            header=self.typo(_("Joint Councils · Digital strategy · Report back")),
            footer=self.typo(
                _(
                    "{framework} {version} · Jurisdictions: {jurisdictions} · Workshop groups: "
                    "{groups} · {date}"
                ).format(
                    framework=self.fw.id,
                    version=self.fw.version,
                    jurisdictions=self.dash.jurisdictions.count,
                    groups=self.dash.groups.count,
                    date=self.when(self.created),
                )
            ),
            # « Page 2 sur 22 » in French; the figures never part from their words.
            page_label=lambda page, total: (
                _("Page {page} of {total}").format(page=page, total=total).replace(" ", NBSP)
            ),
        )

    def metadata(self) -> dict[str, Any]:
        _ = self._
        return {
            "title": _("Digital strategy — consolidated report back"),
            "author": self.data.prepared_by or _("Joint Councils secretariat"),
            "subject": _(
                "The self-assessments of the jurisdictions against the framework {framework} "
                "version {version}, collated"
            ).format(framework=self.fw.id, version=self.fw.version),
            "keywords": [self.fw.id, "report back"],
        }

    # -- the story -------------------------------------------------------------------------

    def story(self) -> list[Flowable]:
        return [
            *self.cover(),
            PageBreak(),
            *self.summary(),
            PageBreak(),
            *self.heat_maps(),
            PageBreak(),
            *self.versions_compared(),
            *self.largest_gaps(),
            PageBreak(),
            *self.consensus(),
            PageBreak(),
            *self.answers(),
            PageBreak(),
            *self.actions(),
            PageBreak(),
            *self.annex(),
        ]

    def cover(self) -> list[Flowable]:
        _ = self._
        s, tr, dash = self.s, self.tr, self.dash
        latest = max((i.signed_at for i in dash.submissions), default=None)
        details = [
            (
                _("Framework"),
                _("{title} ({framework}, version {version})").format(
                    title=tr.text(self.fw.title), framework=self.fw.id, version=self.fw.version
                ),
            ),
            (_("Jurisdictions"), tr.number(dash.jurisdictions.count)),
            (_("Workshop groups"), tr.number(dash.groups.count)),
            (_("Packages received"), tr.number(len(self.data.submissions))),
            *self.versions_used_detail(),
            (_("Latest signature"), self.when(latest) if latest else "—"),
            (_("Report date"), self.when(self.created)),
        ]
        if self.data.prepared_by:
            details.append((_("Prepared by"), self.data.prepared_by))
        rows = [[self.c(k, s.cell_head), self.c(v, s.cell)] for k, v in details]
        return [
            NextPageTemplate(BODY),
            Spacer(1, 1.1 * st.INCH),
            Heading(
                esc(_("Consolidated report back").upper()),
                s.cover_kicker,
                key="cover",
                outline=_("Cover"),
            ),
            self.p(_("Digital strategy of the Joint Councils"), s.cover_title),
            self.p(_("What the jurisdictions said, side by side"), s.cover_subtitle),
            HRFlowable(
                width="100%",
                thickness=1.2,
                color=colors.HexColor(st.NAVY),
                spaceBefore=0,
                spaceAfter=10,
            ),
            self.table(rows, [1.6 * st.INCH, st.FRAME_WIDTH - 1.6 * st.INCH], header=False),
            Spacer(1, 1.2 * st.INCH),
            self.line(_("About this report"), s.h3),
            self.p(
                _(
                    "This report collates, for each jurisdiction and each workshop group, the "
                    "latest signed self-assessment the secretariat imported. Every package was "
                    "verified on import: its signature, the key enrolled for the jurisdiction, "
                    "and every file it holds. Workshop groups are shown apart from "
                    "jurisdictions. The annex lists every package received, with its signer, "
                    "key fingerprint and SHA-256, so that anyone can check the files this "
                    "report is built on."
                ),
                s.small,
            ),
        ]

    def summary(self) -> list[Flowable]:
        _ = self._
        s, tr, dash, fw = self.s, self.tr, self.dash, self.fw
        out: list[Flowable] = [self.heading(_("Summary"), s.h1, "summary")]
        out.append(
            self.p(
                _(
                    "Jurisdictions that submitted: {jurisdictions}. Workshop groups that "
                    "submitted: {groups}. Each scored the {count} themes of the framework on "
                    "the same scale, from {low} ({low_name}) to {high} ({high_name}), for the "
                    "current situation and for the target it sets itself; the gap is the "
                    "target minus the current level."
                ).format(
                    jurisdictions=dash.jurisdictions.count,
                    groups=dash.groups.count,
                    count=len(fw.themes),
                    low=fw.min_level,
                    low_name=tr.text(fw.level(fw.min_level).name),
                    high=fw.max_level,
                    high_name=tr.text(fw.level(fw.max_level).name),
                ),
                s.body,
            )
        )
        if not self.sections:
            out.append(self.p(_("No submission has been imported yet."), s.not_answered))
            return out
        for view in self.sections:
            out += self.subsection(
                self.section_title(view.section), f"summary-{view.section.value}"
            )
            out.append(self.participation_table(view))
        received = {i.jurisdiction.code for i in dash.jurisdictions.heat_map.rows}
        missing = [g for g in GOVERNMENTS if g.code not in received]
        out += self.subsection(
            _("Governments without a submission"), "summary-missing", 1.0 * st.INCH
        )
        if missing:
            out.append(self.p(", ".join(tr.text(g.name) for g in missing), s.body))
        else:
            out.append(self.p(_("Every one of the fourteen governments submitted."), s.body))
        if dash.other_framework:
            out.append(
                self.p(
                    _(
                        "Submissions made with another version of the framework, not "
                        "collated here: {count}."
                    ).format(count=dash.other_framework),
                    s.small,
                )
            )
            if self.data.versions is not None:
                out.append(
                    self.p(
                        _(
                            "They are compared with the others through the mappings between "
                            "versions in “Framework versions”."
                        ),
                        s.small,
                    )
                )
        return out

    def participation_table(self, view: SectionView) -> Table:
        _ = self._
        s, tr = self.s, self.tr
        head = [
            self.c(
                _("Jurisdiction") if view.section is Section.JURISDICTIONS else _("Group"),
                s.cell_head,
            ),
            self.c(_("Revision"), s.cell_head_right),
            self.c(_("Signed on"), s.cell_head),
            self.c(_("Complete"), s.cell_head_right),
            self.c(_("Current (mean)"), s.cell_head_right),
            self.c(_("Target (mean)"), s.cell_head_right),
        ]
        rows: list[list[Any]] = [head]
        heat = view.heat_map
        current = heat.values(Measure.CURRENT)
        target = heat.values(Measure.TARGET)
        for index, row in enumerate(view.completeness):
            pairs = [
                (c, t)
                for c, t in zip(current[index], target[index], strict=True)
                if c is not None and t is not None
            ]
            mean_c = sum(c for c, _t in pairs) / len(pairs) if pairs else None
            mean_t = sum(t for _c, t in pairs) / len(pairs) if pairs else None
            rows.append(
                [
                    self.c(self.who(row.submission), s.cell),
                    self.c(tr.number(row.submission.revision), s.cell_right),
                    self.c(self.when(row.submission.signed_at), s.cell),
                    self.c(tr.percent(row.completeness.percent / 100), s.cell_right),
                    self.c(self.mean(mean_c), s.cell_right),
                    self.c(self.mean(mean_t), s.cell_right),
                ]
            )
        i = st.INCH
        return self.table(rows, [2.0 * i, 0.7 * i, 1.3 * i, 0.8 * i, 0.85 * i, 0.85 * i])

    # -- heat map --------------------------------------------------------------------------

    def heat_maps(self) -> list[Flowable]:
        _ = self._
        s = self.s
        out: list[Flowable] = [
            self.heading(_("Heat map"), s.h1, "heat"),
            self.p(
                _(
                    "One row per jurisdiction, one column per theme. Each cell prints the "
                    "level (or the gap) and is shaded by it: the darker the cell, the higher "
                    "the value. A dash means the theme was not scored. The last row gives "
                    "the mean of each column."
                ),
                s.body,
            ),
        ]
        if not self.sections:
            out.append(self.p(_("No submission has been imported yet."), s.not_answered))
            return out
        titles = {
            Measure.CURRENT: _("Current level"),
            Measure.TARGET: _("Target level"),
            Measure.GAP: _("Gap (target level minus current level)"),
        }
        first = True
        for measure in Measure:
            for view in self.sections:
                title = (
                    titles[measure]
                    if view.section is Section.JURISDICTIONS
                    else _("{measure} — workshop groups").format(measure=titles[measure])
                )
                if not first:
                    out.append(CondPageBreak(3.5 * st.INCH))
                first = False
                out += [
                    self.heading(title, s.h2, f"heat-{measure.value}-{view.section.value}", 1),
                    self.heat_table(view.heat_map, measure),
                    Spacer(1, 4),
                ]
        scale = " · ".join(
            _("{level} {name}").format(level=lv.value, name=self.tr.text(lv.name))
            for lv in self.fw.levels
        )
        out.append(self.line(_("Maturity scale: {scale}").format(scale=scale), s.small))
        return out

    def shade(self, value: int | None, measure: Measure) -> tuple[str, str]:
        """(background, text colour) of a heat-map cell."""
        if value is None:
            return "#FFFFFF", st.MUTED
        if measure is Measure.GAP:
            if value < 0:
                return NEGATIVE_SHADE, st.INK
            index = min(value, len(LEVEL_SHADES) - 1)
        else:
            index = max(0, min(value - self.fw.min_level, len(LEVEL_SHADES) - 1))
        return LEVEL_SHADES[index], ("#FFFFFF" if index >= 3 else st.INK)

    def heat_table(self, heat: HeatMap, measure: Measure) -> Table:
        _ = self._
        s = self.s
        n = len(heat.cols)
        name_w = st.FRAME_WIDTH - n * 23.4
        col_w = (st.FRAME_WIDTH - name_w) / n
        label_size = 6.8
        header: list[Any] = [""]
        for theme_id in heat.cols:
            theme = self.fw.theme(theme_id)
            lines = wrap_words(
                self.theme_name(theme), SANS_BOLD, label_size, HEAT_HEADER_HEIGHT - 6
            )
            if len(lines) > 2:
                lines = [
                    lines[0],
                    fit_width(" ".join(lines[1:]), SANS_BOLD, label_size, HEAT_HEADER_HEIGHT - 6),
                ]
            header.append(RotatedLabel(lines, label_size, HEAT_HEADER_HEIGHT))
        rows: list[list[Any]] = [header]
        grid = heat.values(measure)
        show: Callable[[int], str] = self.gap if measure is Measure.GAP else str
        commands: list[tuple[Any, ...]] = [
            ("FONT", (1, 1), (-1, -1), SANS, HEAT_FONT),
            ("ALIGN", (1, 0), (-1, -1), "CENTER"),
            ("VALIGN", (1, 1), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (1, 0), (-1, -1), 1),
            ("RIGHTPADDING", (1, 0), (-1, -1), 1),
            ("TOPPADDING", (0, 1), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 1), (-1, -1), 3),
            ("INNERGRID", (1, 1), (-1, -1), 0.4, colors.white),
        ]
        for r, (info, values) in enumerate(zip(heat.rows, grid, strict=True), start=1):
            row: list[Any] = [self.c(fit_width(self.who(info), SANS, 8.5, name_w - 8), s.cell)]
            for c, value in enumerate(values, start=1):
                background, ink = self.shade(value, measure)
                row.append("—" if value is None else show(value))
                commands.append(("BACKGROUND", (c, r), (c, r), colors.HexColor(background)))
                commands.append(("TEXTCOLOR", (c, r), (c, r), colors.HexColor(ink)))
            rows.append(row)
        means = heat.column_means(measure)
        mean_row: list[Any] = [self.c(_("Mean"), s.cell_bold)]
        for mean in means:
            mean_row.append(
                "—"
                if mean is None
                else (self.signed_mean(mean) if measure is Measure.GAP else self.mean(mean))
            )
        rows.append(mean_row)
        last = len(rows) - 1
        commands += [
            ("FONT", (1, last), (-1, last), SANS_BOLD, HEAT_FONT - 0.6),
            ("LINEABOVE", (0, last), (-1, last), 0.8, colors.HexColor(st.NAVY)),
        ]
        return self.table(rows, [name_w] + [col_w] * n, extra=commands)

    # -- framework versions ----------------------------------------------------------------

    def versions_used_detail(self) -> list[tuple[str, str]]:
        """The cover's line saying which framework versions the submissions used."""
        versions = self.data.versions
        if versions is None or not versions.rows:
            return []
        used = ", ".join(
            self._("version {version}: {count}").format(version=v, count=self.tr.number(n))
            for v, n in versions.versions_used.items()
        )
        return [(self._("Framework versions used"), used)]

    def versions_compared(self) -> list[Flowable]:
        """Every current submission, whatever version it used, on the report's version
        through the mappings (the dashboard's "Framework versions" view), and which version
        each used; nothing when only one version of the framework is known."""
        _ = self._
        s, tr = self.s, self.tr
        versions = self.data.versions
        if versions is None:
            return []
        version = versions.framework.version
        out: list[Flowable] = [
            self.heading(_("Framework versions"), s.h1, "versions"),
            self.p(
                _(
                    "The heat maps above collate the submissions made with version {version} "
                    "only. Here each jurisdiction's current submission — the one signed last, "
                    "whatever version of the framework it used — is carried to version "
                    "{version} through each version's mapping, so that submissions made with "
                    "different versions can be compared: a merged theme shows the lower "
                    "current level and the higher target level, a split theme the level of "
                    "the theme it comes from, and a theme added since a dash."
                ).format(version=version),
                s.body,
            ),
        ]
        if not versions.rows:
            out += [self.p(_("No submission has been imported yet."), s.not_answered), PageBreak()]
            return out
        out += self.subsection(_("Version used by each submission"), "versions-used", 1.2 * st.INCH)
        rows: list[list[Any]] = [
            [
                self.c(_("Jurisdiction"), s.cell_head),
                self.c(_("Version used"), s.cell_head),
                self.c(_("Revision"), s.cell_head_right),
                self.c(_("Signed on"), s.cell_head),
            ]
        ]
        for row in versions.rows:
            kind = _("workshop group") if row.info.section is Section.GROUPS else None
            who: list[Cell] = [self.c(self.who(row.info), s.cell)]
            if kind:
                who.append(self.c(kind, s.cell_muted))
            rows.append(
                [
                    who,
                    self.c(row.version, s.cell_bold if row.version != version else s.cell),
                    self.c(tr.number(row.info.revision), s.cell_right),
                    self.c(self.when(row.info.signed_at), s.cell),
                ]
            )
        i = st.INCH
        out.append(self.table(rows, [3.0 * i, 1.3 * i, 0.9 * i, st.FRAME_WIDTH - 5.2 * i]))
        titles = {
            Measure.CURRENT: _("Current level, on version {version}"),
            Measure.TARGET: _("Target level, on version {version}"),
            Measure.GAP: _("Gap, on version {version}"),
        }
        for measure in Measure:
            for section in Section:
                heat = versions.heat_map(section)
                if not heat.rows:
                    continue
                title = titles[measure].format(version=version)
                if section is Section.GROUPS:
                    title = _("{measure} — workshop groups").format(measure=title)
                out += [
                    CondPageBreak(3.5 * st.INCH),
                    self.heading(title, s.h2, f"versions-{measure.value}-{section.value}", 1),
                    self.heat_table(heat, measure),
                    Spacer(1, 4),
                ]
        out.append(PageBreak())
        return out

    # -- gaps ------------------------------------------------------------------------------

    def largest_gaps(self) -> list[Flowable]:
        _ = self._
        s, tr, fw = self.s, self.tr, self.fw
        out: list[Flowable] = [
            self.heading(_("The largest gaps"), s.h1, "gaps"),
            self.p(
                _(
                    "Themes ranked by the mean gap between target and current level, over the "
                    "jurisdictions that scored both. “Largest gap” is the widest gap a single "
                    "jurisdiction reported."
                ),
                s.body,
            ),
        ]
        if not self.sections:
            out.append(self.p(_("No submission has been imported yet."), s.not_answered))
            return out
        for view in self.sections:
            if view.section is Section.GROUPS:
                out += self.subsection(_("Workshop groups"), "gaps-groups")
            head = [
                self.c(_("Theme"), s.cell_head),
                self.c(_("Scored by"), s.cell_head_right),
                self.c(_("Current (mean)"), s.cell_head_right),
                self.c(_("Target (mean)"), s.cell_head_right),
                self.c(_("Gap (mean)"), s.cell_head_right),
                self.c(_("Largest gap"), s.cell_head_right),
            ]
            rows: list[list[Any]] = [head]
            ranked = view.largest_gaps()
            ranked += [g for g in view.gaps if g.mean_gap is None]
            for g in ranked:
                rows.append(
                    [
                        self.c(self.theme_name(fw.theme(g.theme_id)), s.cell),
                        self.c(tr.number(g.scored), s.cell_right),
                        self.c(self.mean(g.mean_current), s.cell_right),
                        self.c(self.mean(g.mean_target), s.cell_right),
                        self.c(self.signed_mean(g.mean_gap), self.cell_bold_right),
                        self.c("—" if g.max_gap is None else self.gap(g.max_gap), s.cell_right),
                    ]
                )
            i = st.INCH
            out.append(self.table(rows, [2.25 * i, 0.75 * i, 0.9 * i, 0.9 * i, 0.85 * i, 0.85 * i]))
        singles = self.dash.largest_individual_gaps(Section.JURISDICTIONS, LARGEST_INDIVIDUAL)
        out += self.subsection(_("The largest gaps of single jurisdictions"), "gaps-single")
        if not singles:
            out.append(self.p(_("No jurisdiction set a target above its current level."), s.body))
            return out
        rows = [
            [
                self.c(_("Jurisdiction"), s.cell_head),
                self.c(_("Theme"), s.cell_head),
                self.c(_("Current → target"), s.cell_head_right),
                self.c(_("Gap"), s.cell_head_right),
            ]
        ]
        for single in singles:
            rows.append(
                [
                    self.c(self.who(single.submission), s.cell),
                    self.c(self.theme_name(fw.theme(single.theme_id)), s.cell),
                    self.c(
                        _("{current} → {target}").format(
                            current=single.current, target=single.target
                        ),
                        s.cell_right,
                    ),
                    self.c(self.gap(single.gap), s.cell_right),
                ]
            )
        i = st.INCH
        out.append(self.table(rows, [2.1 * i, 2.4 * i, 1.2 * i, 0.8 * i]))
        return out

    # -- consensus -------------------------------------------------------------------------

    def consensus(self) -> list[Flowable]:
        _ = self._
        s = self.s
        out: list[Flowable] = [
            self.heading(_("Role, capacity and priorities"), s.h1, "consensus"),
            self.p(
                _(
                    "How many jurisdictions gave each answer, theme by theme. The answer given "
                    "most often is in bold."
                ),
                s.body,
            ),
        ]
        if not self.sections:
            out.append(self.p(_("No submission has been imported yet."), s.not_answered))
            return out
        titles = {
            "role": _("The Joint Councils' role"),
            "capacity": _("Capacity to deliver"),
            "priority": _("Priority"),
        }
        intros = {
            "role": _(
                "For each theme, what the Joint Councils should do: own it, co-lead it, "
                "contribute, or leave it to others."
            ),
            "capacity": _("Whether the jurisdiction has the capacity to deliver on the theme."),
            "priority": _("The priority each jurisdiction gives the theme."),
        }
        for choice in ("role", "capacity", "priority"):
            # Heading, intro and the whole table of fourteen themes together when they fit.
            out += self.subsection(titles[choice], f"consensus-{choice}", 5.2 * st.INCH)
            out.append(self.p(intros[choice], s.body))
            for view in self.sections:
                counts = {
                    "role": view.roles,
                    "capacity": view.capacities,
                    "priority": view.priorities,
                }[choice]
                if view.section is Section.GROUPS:
                    out += [CondPageBreak(4.6 * st.INCH), self.line(_("Workshop groups"), s.h3)]
                out.append(self.consensus_table(counts))
        return out

    def consensus_table(self, consensus: Consensus) -> Table:
        _ = self._
        s, tr = self.s, self.tr
        head: list[Any] = [self.c(_("Theme"), s.cell_head)]
        head += [
            self.c(self.option(consensus.field, o), s.cell_head_right) for o in consensus.options
        ]
        head.append(self.c(_("Not answered"), s.cell_head_right))
        rows: list[list[Any]] = [head]
        for counts in consensus.themes:
            leading = set(counts.leading())
            row: list[Any] = [self.c(self.theme_name(self.fw.theme(counts.theme_id)), s.cell)]
            for option in consensus.options:
                style = self.cell_bold_right if option in leading else s.cell_right
                row.append(self.c(tr.number(counts.counts[option]), style))
            row.append(self.c(tr.number(counts.unanswered), s.cell_right))
            rows.append(row)
        count_cols = len(consensus.options) + 1
        theme_w = 2.0 * st.INCH
        col_w = (st.FRAME_WIDTH - theme_w) / count_cols
        return self.table(rows, [theme_w] + [col_w] * count_cols)

    # -- answers ---------------------------------------------------------------------------

    def answers(self) -> list[Flowable]:
        _ = self._
        s, tr = self.s, self.tr
        out: list[Flowable] = [
            self.heading(_("The workshop questions: answers collated"), s.h1, "answers"),
            self.p(
                _(
                    "Each question with every answer received, jurisdictions first, then the "
                    "workshop groups, reproduced as written."
                ),
                s.body,
            ),
        ]
        by_question = {qa.question_id: qa for qa in self.data.answers}
        for question in self.fw.questions:
            qa = by_question.get(question.id)
            out += [
                *self.subsection(
                    _("Question {number}").format(number=question.number),
                    f"answers-{question.id}",
                    1.8 * st.INCH,
                ),
                self.line(tr.text(question.text), s.h3),
            ]
            out += [
                Paragraph(esc(self.typo(tr.text(prompt))), s.bullet, bulletText="•")
                for prompt in question.prompts
            ]
            if qa is None or not (qa.jurisdictions or qa.groups):
                out.append(self.p(_("No answer received."), s.not_answered))
                continue
            out += self.answer_entries(qa.jurisdictions)
            if qa.unanswered_jurisdictions:
                out.append(self.not_answered_by(qa.unanswered_jurisdictions))
            if qa.groups or qa.unanswered_groups:
                out += [CondPageBreak(1.0 * st.INCH), self.line(_("Workshop groups"), s.h3)]
                out += self.answer_entries(qa.groups)
                if qa.unanswered_groups:
                    out.append(self.not_answered_by(qa.unanswered_groups))
        return out

    def answer_entries(self, entries: Sequence[AnswerEntry]) -> list[Flowable]:
        out: list[Flowable] = []
        for entry in entries:
            out += [
                CondPageBreak(0.8 * st.INCH),
                self.line(self.who(entry.submission), self.s.label),
                *self.user_text(entry.text),
            ]
        return out

    def not_answered_by(self, infos: Sequence[SubmissionInfo]) -> Paragraph:
        return self.p(
            self._("Not answered by: {names}").format(names=", ".join(self.who(i) for i in infos)),
            self.s.small_italic,
        )

    # -- actions ---------------------------------------------------------------------------

    def actions(self) -> list[Flowable]:
        _ = self._
        s = self.s
        out: list[Flowable] = [
            self.heading(_("Actions (next steps)"), s.h1, "actions"),
            self.p(
                _(
                    "The actions the secretariat recorded for each theme in response to the "
                    "submissions, with who carries them, by when, and where they stand."
                ),
                s.body,
            ),
        ]
        if not self.data.actions:
            out.append(self.p(_("No action has been recorded yet."), s.not_answered))
            return out
        without = []
        for theme in self.fw.themes:
            listed = self.data.actions_for(theme.id)
            if not listed:
                # Keep each number with its name when the list wraps.
                without.append(self.theme_name(theme).replace(" ", "\u00a0"))
                continue
            out += [
                CondPageBreak(1.2 * st.INCH),
                self.heading(self.theme_name(theme), s.h3, f"actions-{theme.id}", 1),
                self.actions_table(listed),
            ]
        if without:
            out += [
                CondPageBreak(0.9 * st.INCH),
                self.line(_("Themes without an action"), s.h3),
                self.p(" · ".join(without), s.body_muted),
            ]
        return out

    def actions_table(self, actions: Sequence[Action]) -> Table:
        _ = self._
        s, tr = self.s, self.tr
        rows: list[list[Any]] = [
            [
                self.c(_("Action"), s.cell_head),
                self.c(_("Owner"), s.cell_head),
                self.c(_("Due"), s.cell_head),
                self.c(_("Status"), s.cell_head),
            ]
        ]
        for action in actions:
            rows.append(
                [
                    self.c(action.description, s.cell),
                    self.c(action.owner or "—", s.cell),
                    self.c(tr.date(action.due_date, "medium") if action.due_date else "—", s.cell),
                    self.c(_(STATUS_LABELS[action.status]), s.cell_bold),
                ]
            )
        i = st.INCH
        return self.table(rows, [3.2 * i, 1.4 * i, 1.0 * i, 0.9 * i])

    # -- annex -----------------------------------------------------------------------------

    def annex(self) -> list[Flowable]:
        _ = self._
        s, tr = self.s, self.tr
        out: list[Flowable] = [
            self.heading(_("Annex: the packages received"), s.h1, "annex"),
            self.p(
                _(
                    "Every package the secretariat imported, every revision. The key "
                    "fingerprint identifies who signed (compare it with the signer's key "
                    "card); the SHA-256 identifies the package file exactly (check it with "
                    "sha256sum or Get-FileHash). Rows marked “superseded” were replaced by a "
                    "later revision or a later submission and are not collated in this report."
                ),
                s.body,
            ),
        ]
        if not self.data.submissions:
            out.append(self.p(_("No submission has been imported yet."), s.not_answered))
            return out
        rows: list[list[Any]] = [
            [
                self.c(_("Jurisdiction"), s.cell_head),
                self.c(_("Signed by"), s.cell_head),
                self.c(_("Rev."), s.cell_head_right),
                self.c(_("Signed on (UTC)"), s.cell_head),
                self.c(_("Key fingerprint · package SHA-256"), s.cell_head),
            ]
        ]
        for info in self.data.submissions:
            notes = []
            if not info.current:
                notes.append(_("superseded"))
            if info.key_revoked:
                notes.append(_("key revoked since"))
            kind = _("workshop group") if info.section is Section.GROUPS else None
            who = [self.c(self.who(info), s.cell_bold)]
            if kind:
                who.append(self.c(kind, s.cell_muted))
            if info.framework_version:
                who.append(
                    self.c(
                        _("framework version {version}").format(version=info.framework_version),
                        s.cell_muted,
                    )
                )
            if notes:
                who.append(self.c(" · ".join(notes), s.cell_not_answered))
            # Four groups a line, as on the key card: easier to compare group by group.
            key = info.fingerprint.split()
            sha = info.package_sha256
            blocks = [sha[i : i + 8] for i in range(0, len(sha), 8)]
            rows.append(
                [
                    who,
                    [self.c(info.signer_name, s.cell), self.c(info.signer_title, s.cell_muted)],
                    self.c(tr.number(info.revision), s.cell_right),
                    self.c(tr.datetime(info.signed_at, "short", tz="UTC"), s.cell),
                    [
                        self.c(" ".join(key[:4]), self.hash_bold),
                        self.c(" ".join(key[4:]), self.hash_bold),
                        self.c(" ".join(blocks[:4]), self.hash),
                        self.c(" ".join(blocks[4:]), self.hash),
                    ],
                ]
            )
        i = st.INCH
        out.append(self.table(rows, [1.5 * i, 1.35 * i, 0.4 * i, 1.0 * i, 2.25 * i]))
        return out
