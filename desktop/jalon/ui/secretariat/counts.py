"""Counts across the jurisdictions, theme by theme: how many chose each level, each role,
each capacity and each priority; and how complete each submission is.

Every count is printed; a bar beside it only helps the eye. The answer chosen most often on a
theme is in bold *and* marked with a star, and says so to screen readers. Which answers lead
is decided by ``jalon.core.consolidation.leading`` (answers that tie for the most all lead), the
rule the consolidated report follows too.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from jalon.core.consolidation import CompletenessRow, Consensus, SectionView
from jalon.core.errors import N_
from jalon.core.framework import Framework
from jalon.i18n import _, current, text
from jalon.ui.editor.level_picker import level_title
from jalon.ui.editor.navigator import theme_title
from jalon.ui.secretariat.common import (
    DASH,
    ROW_ROLE,
    VALUE_ROLE,
    Index,
    PaddedDelegate,
    RowsModel,
    item_data,
)
from jalon.ui.secretariat.common import jurisdiction_name as name_of

#: The share of the bar (0 to 1) a cell fills; None for cells without a bar.
BAR_ROLE = Qt.ItemDataRole.UserRole + 30
LEADING_MARK = "★"


Display = Qt.ItemDataRole.DisplayRole
Spoken = Qt.ItemDataRole.AccessibleTextRole


class BarDelegate(PaddedDelegate):
    """Prints a count and, under it, a thin bar as long as the count's share of the rows."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        share = item_data(index, BAR_ROLE)
        if share is None:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget is not None else None
        shown = option.text
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        painter.save()
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        ink = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        rect = option.rect.adjusted(6, 3, -6, -3)
        metrics = option.fontMetrics
        bar_height = max(4, metrics.height() // 4)
        text_rect = QRect(rect.left(), rect.top(), rect.width(), rect.height() - bar_height - 2)
        painter.setFont(option.font)
        painter.setPen(ink)
        painter.drawText(
            text_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), shown
        )
        track = QRect(rect.left(), rect.bottom() - bar_height, rect.width(), bar_height)
        muted = QColor(ink)
        muted.setAlpha(40)
        painter.fillRect(track, muted)
        filled = QRect(track)
        filled.setWidth(round(track.width() * max(0.0, min(float(share), 1.0))))
        painter.fillRect(filled, ink)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        if item_data(index, BAR_ROLE) is None:
            return hint
        metrics = option.fontMetrics
        return QSize(
            max(hint.width(), metrics.horizontalAdvance("M") * 5),
            hint.height() + max(4, metrics.height() // 4) + 4,
        )


class _ThemeRowsModel(QAbstractTableModel):
    """Rows are the framework's themes; column 0 names the theme, the others count."""

    def __init__(self, framework: Framework, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._framework = framework
        self._view: SectionView | None = None

    def set_view(self, view: SectionView, framework: Framework) -> None:
        self.beginResetModel()
        self._view = view
        self._framework = framework
        self.endResetModel()

    def retranslate(self) -> None:
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        if parent.isValid() or self._view is None or self._view.is_empty:
            return 0
        return len(self._framework.themes)

    def theme_name(self, row: int) -> str:
        theme = self._framework.themes[row]
        return theme_title(theme.number, text(theme.name))

    def counts(self, row: int, column: int) -> tuple[int | None, int, bool]:
        """(count or None, total rows, chosen most often) of a counting cell."""
        raise NotImplementedError

    def column_name(self, column: int) -> str:
        raise NotImplementedError

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Display) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Display:
            return _("Theme") if section == 0 else self.column_name(section)
        return None

    def data(self, index: Index, role: int = Display) -> Any:
        if not index.isValid() or self._view is None:
            return None
        row, column = index.row(), index.column()
        if column == 0:
            if role in (Display, Spoken):
                return self.theme_name(row)
            if role == ROW_ROLE:
                return self._framework.themes[row].id
            return None
        count, total, leading = self.counts(row, column)
        if role == VALUE_ROLE:
            return count
        if role == Display:
            if count is None:
                return DASH
            return f"{LEADING_MARK} {count}" if leading else str(count)
        if role == Spoken:
            said = _("{theme}, {answer}: {count} of {total}").format(
                theme=self.theme_name(row),
                answer=self.column_name(column),
                count=count if count is not None else 0,
                total=total,
            )
            return _("{said}, chosen most often").format(said=said) if leading else said
        if role == Qt.ItemDataRole.FontRole and leading:
            font = QFont()
            font.setBold(True)
            return font
        if role == BAR_ROLE:
            return None if count is None or not total else count / total
        return None


class DistributionModel(_ThemeRowsModel):
    """How many rows chose each level of a theme (current or target), and the mean."""

    def __init__(self, framework: Framework, parent: QObject | None = None) -> None:
        super().__init__(framework, parent)
        self.target = False

    def set_target(self, target: bool) -> None:
        self.beginResetModel()
        self.target = target
        self.endResetModel()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._framework.levels) + 3

    def column_name(self, column: int) -> str:
        levels = self._framework.levels
        if column <= len(levels):
            level = levels[column - 1]
            return level_title(level.value, text(level.name))
        if column == len(levels) + 1:
            return _("Not scored")
        return _("Mean")

    def counts(self, row: int, column: int) -> tuple[int | None, int, bool]:
        assert self._view is not None
        d = self._view.distributions[row]
        chosen = d.target if self.target else d.current
        total = self._view.count
        levels = self._framework.levels
        if column <= len(levels):
            value = levels[column - 1].value
            count = chosen.get(value, 0)
            return count, total, value in d.leading(target=self.target)
        return (d.target_unanswered if self.target else d.current_unanswered), total, False

    def data(self, index: Index, role: int = Display) -> Any:
        if (
            index.isValid()
            and self._view is not None
            and index.column() == len(self._framework.levels) + 2
        ):
            gap = self._view.gaps[index.row()]
            mean = gap.mean_target if self.target else gap.mean_current
            if role == VALUE_ROLE:
                return mean
            if role in (Display, Spoken):
                shown = DASH if mean is None else current().number(round(mean, 1), "0.0")
                if role == Spoken:
                    return _("{theme}, mean: {value}").format(
                        theme=self.theme_name(index.row()),
                        value=shown if mean is not None else _("none"),
                    )
                return shown
            return None
        return super().data(index, role)


CONSENSUS_TITLES = {
    "role": N_("The Joint Councils' role"),
    "capacity": N_("Capacity to deliver"),
    "priority": N_("Priority"),
}


class ConsensusModel(_ThemeRowsModel):
    """How many rows gave each answer of one closed question (role, capacity, priority)."""

    def __init__(self, framework: Framework, parent: QObject | None = None) -> None:
        super().__init__(framework, parent)
        self.field = "role"

    def set_field(self, field: str) -> None:
        self.beginResetModel()
        self.field = field
        self.endResetModel()

    def _consensus(self) -> Consensus | None:
        if self._view is None:
            return None
        return {
            "role": self._view.roles,
            "capacity": self._view.capacities,
            "priority": self._view.priorities,
        }[self.field]

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._framework.options(self.field)) + 2

    def column_name(self, column: int) -> str:
        options = self._framework.options(self.field)
        if column <= len(options):
            return text(options[column - 1].label)
        return _("Not answered")

    def counts(self, row: int, column: int) -> tuple[int | None, int, bool]:
        consensus = self._consensus()
        assert consensus is not None
        assert self._view is not None
        counts = consensus.themes[row]
        options = self._framework.options(self.field)
        total = self._view.count
        if column <= len(options):
            option = options[column - 1].id
            return counts.counts.get(option, 0), total, option in counts.leading()
        return counts.unanswered, total, False


class CompletenessModel(RowsModel[CompletenessRow]):
    """How complete each submission of the section is."""

    JURISDICTION, THEMES, ITEMS = range(3)
    HEADERS = (N_("Jurisdiction"), N_("Themes complete"), N_("Items answered"))

    def cell(self, row: CompletenessRow, column: int) -> str:
        c = row.completeness
        if column == self.JURISDICTION:
            return name_of(row.submission.jurisdiction)
        if column == self.THEMES:
            return _("{done} of {total}").format(done=c.themes_complete, total=c.themes_total)
        return _("{percent} ({done} of {total})").format(
            percent=current().percent(c.percent / 100), done=c.items_done, total=c.items_total
        )

    def value(self, row: CompletenessRow, column: int) -> Any:
        c = row.completeness
        if column == self.THEMES:
            return c.themes_complete
        if column == self.ITEMS:
            return c.items_done
        return self.cell(row, column)

    def data(self, index: Index, role: int = Display) -> Any:
        if role == BAR_ROLE and index.isValid() and index.column() == self.ITEMS:
            return self.row(index.row()).completeness.ratio
        return super().data(index, role)
