"""An item delegate whose rows grow to fit their wrapped text at the view's current width."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
)


class WrappingDelegate(QStyledItemDelegate):
    """Gives each entry the height its wrapped text needs at the view's width.

    Item views do not tell the delegate the column width when they ask for a size, so long
    theme names (and French ones, and 200 % text) would otherwise be cut short with "…" or
    overlap the next row.
    """

    def __init__(self, view: QAbstractItemView, *, links: bool = False) -> None:
        super().__init__(view)
        self._view = view
        self._links = links

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if self._links:
            # Rows that are links: underlined, in the palette's link colour (the view's own
            # palette, so a dark theme gets its light link colour).
            option.font.setUnderline(True)
            option.palette.setColor(
                QPalette.ColorRole.Text, option.palette.color(QPalette.ColorRole.Link)
            )

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        indentation = self._view.indentation() if isinstance(self._view, QTreeView) else 0
        column = self._view.viewport().width() - depth * indentation
        item.rect = QRect(0, 0, column, hint.height())
        style = self._view.style()
        # The same text rectangle and margins the delegate paints into.
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, item, self._view)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self._view) + 1
        width = text_rect.width() - 2 * margin
        if width <= 0:
            return hint
        bounds = QFontMetrics(item.font).boundingRect(
            QRect(0, 0, width, 100000), int(Qt.TextFlag.TextWordWrap), item.text
        )
        return QSize(hint.width(), max(hint.height(), bounds.height() + 4))
