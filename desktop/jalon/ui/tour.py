"""The screenshot tour: every window and page, in English and French, with demo data, to PNG.

    uv run python -m jalon.ui.tour --out DIR [--lang en fr] [--with-pending]

Translators and reviewers use it to see every text in context. It runs offscreen with a
throwaway data folder, so it never touches anyone's data. ``--with-pending`` previews the
French texts waiting in ``translations/pending/*.json`` before they are merged.

Files are named ``<lang>-<what>.png``: ``en-home.png``, ``fr-wizard-3-signer.png``,
``en-editor-03-governance.png``, and variants ``-dark`` (a dark palette) and ``-200``
(text at twice the size). ``--text-size 200`` renders the whole tour with text twice as big
(a 200 % display setting), into ``<lang>-x2-<what>.png``. Main windows are shot at the size
of a 1366×768 laptop screen.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QPalette

    from jalon.services.app import Jalon
    from jalon.ui.main_window import MainWindow

#: A passphrase for the throwaway key the tour creates; it protects nothing.
TOUR_PASSPHRASE = "correct horse battery staple tour"
#: A common government laptop's screen.
WINDOW_SIZE = (1366, 768)


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40] or "page"


@contextmanager
def pending_translations() -> Iterator[None]:
    """The French catalog with ``translations/pending/*.json`` folded in, for previews only."""
    import json

    from babel.messages.pofile import read_po, write_po

    from jalon import i18n, paths

    real = paths.translations_dir()
    po = real / "fr" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale="fr_CA")
    for file in sorted((real / "pending").glob("*.json")):
        for msgid, french in json.loads(file.read_text(encoding="utf-8")).items():
            if french:
                catalog.add(msgid, french)
    folder = Path(tempfile.mkdtemp(prefix="jalon-pending-"))
    target = folder / "fr" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    target.parent.mkdir(parents=True)
    with target.open("wb") as handle:
        write_po(handle, catalog)
    i18n._catalog.cache_clear()
    i18n.translator.cache_clear()
    original = paths.translations_dir
    namespace = vars(paths)  # not unittest.mock: the bundle leaves unittest out
    namespace["translations_dir"] = lambda: folder
    try:
        yield
    finally:
        namespace["translations_dir"] = original
        i18n._catalog.cache_clear()
        i18n.translator.cache_clear()
        shutil.rmtree(folder, ignore_errors=True)


class Tour:
    """Renders the windows of one language into ``out``."""

    def __init__(self, out: Path, lang: str, tag: str = "") -> None:
        self.out = out
        self.lang = lang
        self.tag = tag  # "-x2" for the tour with text twice as big
        self.files: list[Path] = []

    def settle(self) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent

        for _ in range(3):
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            QCoreApplication.processEvents()

    def shoot(self, widget: object, name: str) -> Path:
        from PySide6.QtWidgets import QWidget

        assert isinstance(widget, QWidget)
        self.settle()
        path = self.out / f"{self.lang}{self.tag}-{name}.png"
        widget.grab().save(str(path))
        self.files.append(path)
        return path

    def run(self) -> list[Path]:
        from jalon import i18n
        from jalon.services.app import Jalon

        i18n.set_language(self.lang)
        data = Path(tempfile.mkdtemp(prefix="jalon-tour-"))
        app = Jalon.open(data)
        try:
            self.wizard(app)
            self.windows(app)
        finally:
            app.close()
            shutil.rmtree(data, ignore_errors=True)
        return self.files

    # -- the first-run wizard ------------------------------------------------------------------

    def wizard(self, app: Jalon) -> None:
        from PySide6.QtWidgets import QWizard

        from jalon.ui.main_window import MainWindow
        from jalon.ui.wizard import SetupWizard

        loading = MainWindow()  # as it first shows, while the store opens
        loading.resize(*WINDOW_SIZE)
        loading.show()
        self.shoot(loading, "home-loading")
        loading.close()
        loading.deleteLater()

        window = MainWindow(app)
        window.resize(*WINDOW_SIZE)
        window.show()
        self.shoot(window, "home-empty")
        window.close()
        window.deleteLater()

        wizard = SetupWizard(app)
        wizard.show()
        names = {
            SetupWizard.LANGUAGE: "1-language",
            SetupWizard.JURISDICTION: "2-jurisdiction",
            SetupWizard.SIGNER: "3-signer",
            SetupWizard.PASSPHRASE: "4-passphrase",
            SetupWizard.FINGERPRINT: "5-fingerprint",
        }
        self.shoot(wizard, f"wizard-{names[SetupWizard.LANGUAGE]}")
        wizard.next()
        picker = wizard.jurisdiction_page.picker
        self.shoot(wizard, f"wizard-{names[SetupWizard.JURISDICTION]}")
        picker.combo.setCurrentIndex(picker.combo.count() - 1)
        picker.name.setText("Trois-Rivières")
        self.shoot(wizard, f"wizard-{names[SetupWizard.JURISDICTION]}-municipality")
        picker.combo.setCurrentIndex(picker.combo.findData("ON"))
        wizard.next()
        wizard.signer_page.name.setText("Alex Tremblay")
        wizard.signer_page.title_edit.setText(
            "Dirigeante principale de l'information"
            if self.lang == "fr"
            else "Chief Information Officer"
        )
        self.shoot(wizard, f"wizard-{names[SetupWizard.SIGNER]}")
        if wizard.passphrase_page is not None:
            wizard.next()
            wizard.passphrase_page.first.setText(TOUR_PASSPHRASE)
            wizard.passphrase_page.second.setText(TOUR_PASSPHRASE[:-3])
            self.shoot(wizard, f"wizard-{names[SetupWizard.PASSPHRASE]}")
            wizard.passphrase_page.second.setText(TOUR_PASSPHRASE)
            wizard.next()
            self.shoot(wizard, f"wizard-{names[SetupWizard.FINGERPRINT]}")
            wizard.button(QWizard.WizardButton.FinishButton).click()
        else:
            wizard.button(QWizard.WizardButton.FinishButton).click()
        wizard.deleteLater()

    # -- the main window, its dialogs, and the editor ------------------------------------------

    def windows(self, app: Jalon) -> None:
        from jalon.core.jurisdiction import government
        from jalon.services import demo
        from jalon.ui.editor import EditorWidget
        from jalon.ui.help import AboutDialog, HelpWindow
        from jalon.ui.main_window import MainWindow
        from jalon.ui.new_assessment import NewAssessmentDialog

        sample = demo.create_demo(app, government("ON"), self.lang)
        window = MainWindow(app)
        window.resize(*WINDOW_SIZE)
        window.show()
        self.shoot(window, "home")

        dialog = NewAssessmentDialog(app, window)
        dialog.show()
        self.shoot(dialog, "new-assessment")
        if dialog.picker is not None:
            dialog.title.setText("Stratégie 2027" if self.lang == "fr" else "Strategy 2027")
            dialog.picker.combo.setCurrentIndex(dialog.picker.combo.count() - 1)
        # An empty municipality name, or (the jurisdiction fixed by the installation's
        # identity) an empty title: the refusal shows in the dialog.
        dialog.accept()
        self.shoot(dialog, "new-assessment-refused")
        dialog.reject()
        dialog.deleteLater()

        guide = HelpWindow(window)
        guide.show()
        self.shoot(guide, "help")
        guide.close()
        guide.deleteLater()
        about = AboutDialog(app, window)
        about.show()
        self.shoot(about, "about")
        about.reject()
        about.deleteLater()

        if EditorWidget is not None:
            window.open_assessment(sample.id)
            self.editor_pages(window)
            window.show_home()
        package = self.export_dialog(app, window, sample.id)
        if package is not None:
            self.package_dialog(app, window, package)
        if not self.tag:  # the tour with bigger text is itself the variant
            self.variants(app, window)
        window.close()
        window.deleteLater()
        self.settle()

    def editor_pages(self, window: MainWindow) -> None:
        """Every page of the editor, by the editor's own page keys (the same in both
        languages, so ``en-editor-04-governance.png`` sits beside ``fr-editor-04-governance``)."""
        editor = window.editor
        assert editor is not None, "the tour opens the sample first"
        for number, key in enumerate(editor.page_keys(), start=1):
            editor.show_page(key)
            self.shoot(window, f"editor-{number:02d}-{slug(key)}")

    def wait(self, busy: object) -> None:
        """Let a dialog's worker thread finish (an export, a check, an import)."""
        import time

        from PySide6.QtCore import QCoreApplication

        deadline = time.monotonic() + 120
        while getattr(busy, "is_running", False) and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            time.sleep(0.01)

    def export_dialog(self, app: Jalon, window: MainWindow, assessment_id: str) -> Path | None:
        """The sign-and-export dialog: an incomplete draft, the complete sample before, during
        and after its export, and the refusals (wrong passphrase, folder gone). Returns the
        package written, or None when this build has no signing key."""
        import time

        from PySide6.QtCore import QCoreApplication

        from jalon.core.jurisdiction import government
        from jalon.services import assessments, keys
        from jalon.ui.export_dialog import ExportDialog

        if keys.key_info(app) is None:
            return None
        draft = assessments.create(
            app,
            government("ON"),
            "Ébauche 2027" if self.lang == "fr" else "Draft 2027",
        )
        incomplete = ExportDialog(app, draft.id, None, window)
        incomplete.show()
        self.shoot(incomplete, "export-1-incomplete")
        incomplete.reject()
        incomplete.deleteLater()
        assessments.delete(app, draft.id)

        usb = Path(tempfile.mkdtemp(prefix="jalon-tour-usb-"))
        dialog = ExportDialog(app, assessment_id, None, window)
        dialog.folder.setText(str(usb / "JALON-USB"))  # not there: the stick was pulled out
        dialog.passphrase.setText(TOUR_PASSPHRASE[::-1])
        dialog.show()
        self.shoot(dialog, "export-2-before")
        dialog.start_export()
        self.wait(dialog)
        self.shoot(dialog, "export-3-wrong-passphrase")
        dialog.passphrase.setText(TOUR_PASSPHRASE)
        dialog.start_export()
        self.wait(dialog)
        self.shoot(dialog, "export-4-folder-gone")
        dialog.folder.setText(str(usb))
        dialog.start_export()
        # Caught on the way: the unlocking (scrypt) takes a second, the report a little more.
        deadline = time.monotonic() + 60
        while dialog.is_running and dialog.progress.value() < 2 and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            time.sleep(0.005)
        self.files.append(self.out / f"{self.lang}{self.tag}-export-5-running.png")
        dialog.grab().save(str(self.files[-1]))
        self.wait(dialog)
        self.shoot(dialog, "export-6-done")
        result = dialog.result_
        dialog.accept()
        dialog.deleteLater()
        return result.path if result is not None else None

    def package_dialog(self, app: Jalon, window: MainWindow, package: Path) -> None:
        """Opening packages: a signer not enrolled, then enrolled (the secretariat's view)
        with a refused package beside it, and the import."""
        from jalon.services import keys, trust
        from jalon.ui.package_dialog import PackageDialog

        damaged = package.with_name("ON-damaged-r1.jalon")
        damaged.write_bytes(b"PK\x03\x04 this is not a whole package")
        dialog = PackageDialog(app, [package], None, window)
        dialog.show()
        self.wait(dialog)
        self.shoot(dialog, "package-1-not-enrolled")
        dialog.i_am_secretariat.setChecked(True)
        self.shoot(dialog, "package-2-secretariat-not-enrolled")
        dialog.reject()
        dialog.deleteLater()

        card = keys.write_key_card(app, package.parent)
        trust.enroll(app, trust.read_card_file(card))
        dialog = PackageDialog(app, [damaged, package], None, window)
        dialog.show()
        self.wait(dialog)
        self.shoot(dialog, "package-3-trusted-and-refused")
        dialog.reject()
        dialog.deleteLater()
        self.secretariat_pages(app, window, [damaged, package], card)
        shutil.rmtree(package.parent, ignore_errors=True)

    def secretariat_pages(
        self, app: Jalon, window: MainWindow, packages: list[Path], card_file: Path
    ) -> None:
        """The secretariat's workspace, reached as a person reaches it (View → Secretariat),
        every tab once the packages are imported, and its dialogs."""
        import time

        from PySide6.QtCore import QCoreApplication

        from jalon.services import actions, trust
        from jalon.ui.main_window import MainWindow
        from jalon.ui.secretariat.action_dialog import ActionDialog
        from jalon.ui.secretariat.report_back import DATA, REPORT, OutputDialog
        from jalon.ui.secretariat.trust_dialogs import EnrolDialog, RevokeDialog

        assert isinstance(window, MainWindow)
        window.secretariat.secretariat_action.trigger()
        workspace = window.secretariat.workspace
        assert workspace is not None
        self.shoot(window, "secretariat-0-empty-intake")
        window.secretariat.import_packages(packages)
        deadline = time.monotonic() + 120
        while workspace.intake.is_running and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            time.sleep(0.01)
        self.shoot(window, "secretariat-1-intake")
        first = app.framework.themes[0].id
        actions.add_action(
            app,
            first,
            "Publier les résultats consolidés à chaque administration"
            if self.lang == "fr"
            else "Publish the consolidated results to every jurisdiction",
            owner="Secretariat",
            due_date="2027-03-31",
        )
        names = ("submissions", "dashboard", "actions", "trust")
        for number, (index, name) in enumerate(zip(range(1, 5), names, strict=True), start=2):
            workspace.show_tab(index)
            # The dashboard reads the submissions off the window's thread: shoot what it shows
            # once read, not its "Reading the submissions…".
            deadline = time.monotonic() + 60
            while (
                name == "dashboard"
                and workspace.dashboard.is_loading
                and time.monotonic() < deadline
            ):
                QCoreApplication.processEvents()
                time.sleep(0.01)
            self.shoot(window, f"secretariat-{number}-{name}")

        dialog = ActionDialog(app.framework, lambda _values: None, parent=window)
        dialog.show()
        self.shoot(dialog, "secretariat-action-dialog")
        dialog.reject()
        dialog.deleteLater()
        [key] = trust.list_keys(app)
        enrol = EnrolDialog(trust.read_card_file(card_file), 1, window)
        enrol.show()
        self.shoot(enrol, "secretariat-enrol-dialog")
        enrol.reject()
        enrol.deleteLater()
        impact = trust.pending_impact(app, key.key_id)
        revoke = RevokeDialog(key, impact, window)
        revoke.show()
        self.shoot(revoke, "secretariat-revoke-dialog")
        revoke.reject()
        revoke.deleteLater()
        for kind, name in ((REPORT, "report"), (DATA, "data")):
            output = OutputDialog(kind, Path(tempfile.gettempdir()), window)
            output.show()
            self.shoot(output, f"secretariat-{name}-dialog")
            output.reject()
            output.deleteLater()
        window.secretariat.assessments_action.trigger()

    def variants(self, app: Jalon, window: MainWindow) -> None:
        """The home page, the wizard and a dialog in a dark palette and with text twice as big."""
        from PySide6.QtGui import QFont
        from PySide6.QtWidgets import QApplication

        from jalon.ui.main_window import MainWindow
        from jalon.ui.new_assessment import NewAssessmentDialog
        from jalon.ui.wizard import SetupWizard

        qapp = QApplication.instance()
        assert isinstance(qapp, QApplication)
        palette, font = qapp.palette(), QFont(qapp.font())
        from jalon.services import assessments

        first_id = assessments.list_assessments(app)[0].id  # type: ignore[arg-type]

        def others(suffix: str) -> None:
            wizard = SetupWizard(app)
            wizard.show()
            wizard.next()
            self.shoot(wizard, f"wizard-2-jurisdiction-{suffix}")
            wizard.close()
            wizard.deleteLater()
            dialog = NewAssessmentDialog(app)
            dialog.show()
            self.shoot(dialog, f"new-assessment-{suffix}")
            dialog.close()
            dialog.deleteLater()

        try:
            qapp.setPalette(dark_palette())
            self.shoot(window, "home-dark")
            dark = MainWindow(app)  # type: ignore[arg-type]
            dark.resize(1366, 768)
            dark.show()
            dark.open_assessment(first_id)
            self.shoot(dark, "editor-dark")
            dark.close()
            dark.deleteLater()
            others("dark")
            qapp.setPalette(palette)
            big = QFont(font)
            big.setPointSizeF(font.pointSizeF() * 2)
            qapp.setFont(big)
            large = MainWindow(app)
            large.resize(large.sizeHint().expandedTo(large.minimumSizeHint()))
            large.show()
            self.shoot(large, "home-200")
            # The editor on a 1366×768 laptop screen with the text twice as big.
            large.resize(1366, 768)
            large.open_assessment(first_id)
            self.shoot(large, "editor-200")
            large.close()
            large.deleteLater()
            others("200")
        finally:
            qapp.setPalette(palette)
            qapp.setFont(font)


def dark_palette() -> QPalette:
    """A dark palette like the ones desktop themes apply, to check nothing assumes light."""
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    role = QPalette.ColorRole
    colours = {
        role.Window: "#2b2b2b",
        role.WindowText: "#e6e6e6",
        role.Base: "#1e1e1e",
        role.AlternateBase: "#262626",
        role.ToolTipBase: "#3a3a3a",
        role.ToolTipText: "#e6e6e6",
        role.Text: "#e6e6e6",
        role.Button: "#353535",
        role.ButtonText: "#e6e6e6",
        role.BrightText: "#ff6b6b",
        role.Highlight: "#3d6fb4",
        role.HighlightedText: "#ffffff",
        role.Link: "#8ab4f8",
        role.PlaceholderText: "#9a9a9a",
    }
    for which, colour in colours.items():
        palette.setColor(which, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for which in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(disabled, which, QColor("#7a7a7a"))
    return palette


def render(out: Path, languages: Sequence[str] = ("en", "fr"), text_size: int = 100) -> list[Path]:
    """Render the tour into ``out`` (created if needed); returns the files written.
    ``text_size`` 200 renders every window with text twice as big."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from jalon import i18n
    from jalon.ui.app import prepare_application

    out.mkdir(parents=True, exist_ok=True)
    existing = QApplication.instance()
    qapp = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    qapp.setStyle("Fusion")  # the same look on every machine, so images compare
    prepare_application(qapp)
    before = i18n.current_language()
    font = QFont(qapp.font())
    files: list[Path] = []
    try:
        if text_size != 100:
            scaled = QFont(font)
            scaled.setPointSizeF(font.pointSizeF() * text_size / 100)
            qapp.setFont(scaled)
        tag = "" if text_size == 100 else f"-x{text_size // 100}"
        for lang in languages:
            files += Tour(out, lang, tag).run()
    finally:
        qapp.setFont(font)
        i18n.set_language(before)
    return files


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jalon.ui.tour", description=__doc__)
    parser.add_argument("--out", required=True, type=Path, help="folder for the PNG files")
    parser.add_argument("--lang", nargs="+", default=["en", "fr"], choices=["en", "fr"])
    parser.add_argument(
        "--with-pending",
        action="store_true",
        help="preview the French texts in translations/pending/ before they are merged",
    )
    parser.add_argument(
        "--text-size",
        type=int,
        default=100,
        choices=[100, 200],
        help="the text size in percent (200: every window as on a 200 %% display setting)",
    )
    args = parser.parse_args(argv)
    if args.with_pending:
        with pending_translations():
            files = render(args.out, args.lang, args.text_size)
    else:
        files = render(args.out, args.lang, args.text_size)
    for file in files:
        print(file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
