"""The dashboard's "Versions" view: every jurisdiction's current submission side by side on the
newest framework version, whatever version it was made with, and which version that was.

Older submissions are carried to the newest version through the mappings
(``services/version_compare.py``): a merged theme shows the lower current and the higher
target; a theme added since shows a dash.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from jalon import i18n
from jalon.core.errors import JalonError
from jalon.i18n import _
from jalon.services import version_compare
from jalon.services.app import Jalon
from jalon.ui.bridge import bridge
from jalon.ui.editor.widgets import wrapped_label
from jalon.ui.secretariat.common import table_view


def _level(value: int | None) -> str:
    return "–" if value is None else str(value)


class VersionsModel(QAbstractTableModel):
    """Rows: current submissions; columns: jurisdiction, version used, then each theme."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison: version_compare.VersionComparison | None = None

    def set_comparison(self, comparison: version_compare.VersionComparison | None) -> None:
        self.beginResetModel()
        self.comparison = comparison
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        c = self.comparison
        return 0 if parent.isValid() or c is None else len(c.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        c = self.comparison
        return 0 if parent.isValid() or c is None else 2 + len(c.framework.themes)

    def cell(self, row: int, column: int) -> str:
        assert self.comparison is not None
        r = self.comparison.rows[row]
        if column == 0:
            return r.info.jurisdiction.name.get(i18n.current_language())
        if column == 1:
            return _("{version} (r{revision})").format(version=r.version, revision=r.info.revision)
        current, target = r.levels[column - 2]
        return f"{_level(current)} → {_level(target)}"

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self.cell(index.row(), index.column())
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return _("Jurisdiction")
        if section == 1:
            return _("Version used")
        assert self.comparison is not None
        theme = self.comparison.framework.themes[section - 2]
        return f"{theme.number}. {theme.name.get(i18n.current_language())}"


class VersionsPanel(QWidget):
    """The note and the table of the "Versions" view; ``reload()`` reads the store again."""

    def __init__(self, app: Jalon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._problem: JalonError | None = None
        self.note = wrapped_label("", self)
        self.model = VersionsModel(self)
        self.view = table_view(self.model, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
        bridge().language_changed.connect(self.retranslate)
        self.retranslate()

    def reload(self) -> None:
        fw = self._app.framework
        versions = [f for f in self._app.frameworks.all() if f.id == fw.id]
        if len(versions) < 2:  # one version: the other views already compare everything
            self.model.set_comparison(None)
        else:
            try:
                self.model.set_comparison(version_compare.compare(self._app))
                self._problem = None
            except JalonError as error:
                self.model.set_comparison(None)
                self._problem = error
        self.retranslate()

    def retranslate(self) -> None:
        self.view.setAccessibleName(_("Current submissions compared across framework versions"))
        c = self.model.comparison
        if self._problem is not None:
            self.note.setText(i18n.describe(self._problem))
        elif c is None:
            self.note.setText(
                _("Only one version of the framework is installed: every view compares all of it.")
            )
        else:
            used = ", ".join(
                _("version {version}: {count}").format(version=v, count=n)
                for v, n in c.versions_used.items()
            )
            self.note.setText(
                _(
                    "Each jurisdiction's current submission, on version {version} whatever "
                    "version it used ({used}). Older answers are carried through the mappings: "
                    "a merged theme shows the lower current and the higher target; a theme "
                    "added since shows a dash."
                ).format(version=c.framework.version, used=used)
            )
        self.model.headerDataChanged.emit(
            Qt.Orientation.Horizontal, 0, max(self.model.columnCount() - 1, 0)
        )
