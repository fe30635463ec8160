"""The keyboard shortcuts sheet (Help → Keyboard shortcuts, Ctrl+F1): every key Jalon answers
to, grouped by where it works, in the current language; it follows a language switch.

Keys are written the platform's way (QKeySequence's native text: "Ctrl" on Linux and Windows,
"⌘" on macOS, Qt's own translation of "Shift" in French)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from jalon.i18n import _
from jalon.ui.bridge import bridge

#: The sheet's own shortcut; F1 opens the user guide.
SHEET_KEYS = "Ctrl+F1"


def quit_keys() -> list[QKeySequence]:
    """The keys that quit: the platform's own, else Ctrl+Q. Windows (and Qt's offscreen
    platform) bind no key to the standard Quit, which would leave the menu's Quit without one."""
    return QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) or [QKeySequence("Ctrl+Q")]


def keys(*sequences: str | QKeySequence.StandardKey) -> str:
    """Key sequences in the platform's notation, joined by " or " in the current language."""
    texts: list[str] = []
    for sequence in sequences:
        if sequence == QKeySequence.StandardKey.Quit:
            bindings = quit_keys()[:1]
        elif isinstance(sequence, QKeySequence.StandardKey):
            bindings = QKeySequence.keyBindings(sequence)[:1]
        else:
            bindings = [QKeySequence(sequence)]
        texts += [b.toString(QKeySequence.SequenceFormat.NativeText) for b in bindings]
    return _(" or ").join(texts)


def digits(modifier: str = "") -> str:
    """The number-row keys 0 to 4, with ``modifier`` ("Shift") written the platform's way."""
    if not modifier:
        return "0–4"
    shifted = QKeySequence(f"{modifier}+0").toString(QKeySequence.SequenceFormat.NativeText)
    return shifted[:-1] + "0–4"


def sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """(heading, [(keys, what they do)]) in the current language."""
    standard = QKeySequence.StandardKey
    return [
        (
            _("Anywhere"),
            [
                (keys(standard.HelpContents), _("Open the user guide")),
                (keys(SHEET_KEYS), _("Show this list of keyboard shortcuts")),
                (
                    keys("Tab"),
                    _("Go to the next control; {back} goes back").format(back=keys("Shift+Tab")),
                ),
                (keys(standard.Quit), _("Quit Jalon (your work is already saved)")),
            ],
        ),
        (
            _("List of assessments"),
            [
                (keys(standard.New), _("Start a new assessment")),
                (keys(standard.Open), _("Open a package or an assessment")),
                (keys("Ctrl+Shift+D"), _("Duplicate the selected assessment")),
                (keys(standard.Delete), _("Delete the selected assessment")),
            ],
        ),
        (
            _("Editing an assessment"),
            [
                (
                    keys("Ctrl+PgDown", "Alt+Right"),
                    _("Next page; the focus goes to its first control"),
                ),
                (keys("Ctrl+PgUp", "Alt+Left"), _("Previous page")),
                (keys(standard.Undo), _("Undo the last change")),
                (keys(standard.Redo, "Ctrl+Shift+Z"), _("Redo")),
                (keys("Ctrl+E"), _("Sign and export")),
            ],
        ),
        (
            _("Maturity scale of a theme"),
            [
                (digits(), _("Choose the current level")),
                (digits("Shift"), _("Choose the target level")),
                (keys("Up", "Down"), _("Move up or down the levels without choosing")),
                (keys("Left", "Right"), _("Move between the current and the target column")),
                (keys("Home", "End"), _("Move to the first or the last level")),
                (keys("Space"), _("Choose the level that has the focus")),
            ],
        ),
        (
            _("Priority, role and capacity"),
            [
                (keys("Up", "Down"), _("Choose the previous or the next answer")),
                (keys("Space"), _("Choose the answer that has the focus")),
            ],
        ),
        (
            _("Secretariat"),
            [(keys("Ctrl+1") + "–" + keys("Ctrl+5")[-1], _("Open the workspace's tabs"))],
        ),
    ]


def sheet_html() -> str:
    parts = [f"<h2>{html.escape(_('Keyboard shortcuts'))}</h2>"]
    for heading, rows in sections():
        parts.append(f"<h3>{html.escape(heading)}</h3>")
        parts.append('<table cellspacing="0" cellpadding="4">')
        for key_text, what in rows:
            parts.append(
                f"<tr><td width='34%'><b>{html.escape(key_text)}</b></td>"
                f"<td>{html.escape(what)}</td></tr>"
            )
        parts.append("</table>")
    return "".join(parts)


class ShortcutsSheet(QDialog):
    """The list of keyboard shortcuts, readable by a screen reader as one document."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.browser = QTextBrowser(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 80, metrics.height() * 36)
        bridge().language_changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.browser.setAccessibleName(_("Keyboard shortcuts"))
        self.browser.setHtml(sheet_html())

    def text(self) -> str:
        """The sheet as plain text (for tests)."""
        return self.browser.toPlainText()
