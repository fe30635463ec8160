"""The screenshot tour renders every window of the shell in both languages, offscreen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from jalon import i18n
from jalon.ui.main_window import EditorWidget
from jalon.ui.tour import main, slug
from tests.test_ui_shell_support import close_all_windows

SHELL = [
    "home",
    "home-empty",
    "home-dark",
    "home-200",
    "wizard-1-language",
    "wizard-2-jurisdiction",
    "wizard-2-jurisdiction-municipality",
    "wizard-2-jurisdiction-dark",
    "wizard-2-jurisdiction-200",
    "wizard-3-signer",
    "new-assessment",
    "new-assessment-refused",
    "new-assessment-dark",
    "new-assessment-200",
    "help",
    "about",
]


SECRETARIAT = [
    "0-empty-intake",
    "1-intake",
    "2-submissions",
    "3-dashboard",
    "4-actions",
    "5-trust",
    "action-dialog",
    "enrol-dialog",
    "revoke-dialog",
    "report-dialog",
    "data-dialog",
]


def test_the_tour_renders_every_window_in_english_and_french(
    qapp: QApplication, tmp_path: Path
) -> None:
    out = tmp_path / "tour"
    assert main(["--out", str(out)]) == 0
    close_all_windows()
    names = {p.stem for p in out.glob("*.png")}
    for lang in ("en", "fr"):
        assert {f"{lang}-{name}" for name in SHELL} <= names
        if EditorWidget is not None:
            # every theme page, participants, questions and the summary
            assert len([n for n in names if n.startswith(f"{lang}-editor-")]) >= 17
        # every page of the secretariat's workspace, and its dialogs
        for page in SECRETARIAT:
            assert f"{lang}-secretariat-{page}" in names
    home = QImage(str(out / "en-home.png"))
    assert home.width() >= 1000
    assert home.height() >= 600
    assert i18n.current_language() == "en"  # the tour leaves the language as it found it


def test_page_names_become_file_names() -> None:
    assert slug("Gestion de l'identité numérique (GID)") == "gestion-de-l-identite-numerique-gid"
    assert slug("policy_legislation") == "policy-legislation"
