"""The first-run setup wizard, driven as a new user drives it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFileDialog,
    QLabel,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from jalon import i18n
from jalon.core.jurisdiction import government, municipality
from jalon.services import identity, keys
from jalon.services.app import Jalon
from jalon.ui.wizard import SetupWizard, fingerprint_lines
from tests.test_ui_shell_support import (  # noqa: F401 - fixtures
    DialogReplies,
    jalon_fixture,
    left_click,
    migrated_data_fixture,
    replies_fixture,
)

B = QWizard.WizardButton


def open_wizard(qtbot: QtBot, app: Jalon) -> SetupWizard:
    wizard = SetupWizard(app)
    qtbot.addWidget(wizard)
    with qtbot.waitActive(wizard):
        wizard.show()
        wizard.activateWindow()
    return wizard


def press(qtbot: QtBot, wizard: SetupWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isVisible(), which
    assert button.isEnabled(), which
    left_click(qtbot, button)


def test_a_new_user_sets_up_a_municipality_signer_in_french_by_keyboard_and_mouse(
    qtbot: QtBot, jalon: Jalon
) -> None:
    wizard = open_wizard(qtbot, jalon)
    assert wizard.currentId() == SetupWizard.LANGUAGE
    wizard.language_page.english.setFocus()
    qtbot.keyClick(wizard.language_page.english, Qt.Key.Key_Down)  # arrows move between choices
    assert wizard.language_page.french.isChecked()
    assert i18n.current_language() == "fr"
    assert identity.saved_language(jalon) == "fr"
    assert wizard.language_page.title() == i18n._("Welcome to Jalon")
    press(qtbot, wizard, B.NextButton)

    picker = wizard.jurisdiction_page.picker
    picker.combo.setFocus()
    qtbot.keyClick(picker.combo, Qt.Key.Key_End)  # the last entry: a municipality
    assert picker.name.isVisible()
    qtbot.keyClick(picker.combo, Qt.Key.Key_Tab)
    assert wizard.focusWidget() is picker.name
    qtbot.keyClicks(picker.name, "Gatineau")
    qtbot.keyClick(picker.name, Qt.Key.Key_Tab)
    assert wizard.focusWidget() is picker.csd, "the census subdivision code comes next"
    qtbot.keyClicks(picker.csd, "2481017")
    press(qtbot, wizard, B.NextButton)

    page = wizard.signer_page
    assert wizard.currentPage() is page
    assert not wizard.button(B.NextButton).isEnabled()
    qtbot.keyClicks(page.name, "Marie Gagnon")
    qtbot.keyClick(page.name, Qt.Key.Key_Tab)
    qtbot.keyClicks(wizard.focusWidget(), "Directrice du numerique")
    press(qtbot, wizard, B.NextButton)

    who = identity.get_identity(jalon)
    assert who is not None
    assert (who.jurisdiction, who.name, who.title) == (
        municipality("Gatineau", province="QC", csd="2481017"),
        "Marie Gagnon",
        "Directrice du numerique",
    )


def test_choosing_a_province_from_the_list_uses_its_name_in_the_current_language(
    qtbot: QtBot, jalon: Jalon
) -> None:
    i18n.set_language("fr")
    wizard = open_wizard(qtbot, jalon)
    press(qtbot, wizard, B.NextButton)
    combo = wizard.jurisdiction_page.picker.combo
    names = [combo.itemText(i) for i in range(combo.count())]
    assert names[:2] == ["Gouvernement du Canada", "Terre-Neuve-et-Labrador"]
    assert len(names) == 15  # the fourteen governments and "a municipality"
    combo.setCurrentIndex(combo.findData("BC"))
    press(qtbot, wizard, B.NextButton)
    qtbot.keyClicks(wizard.signer_page.name, "Sam Okafor")
    qtbot.keyClicks(wizard.signer_page.title_edit, "CIO")
    wizard.next()
    who = identity.get_identity(jalon)
    assert who is not None
    assert who.jurisdiction == government("BC")


def test_skipping_for_the_secretariat_records_no_identity(qtbot: QtBot, jalon: Jalon) -> None:
    wizard = open_wizard(qtbot, jalon)
    press(qtbot, wizard, B.NextButton)
    skip = wizard.button(B.CustomButton1)
    assert skip.text().replace("&", "") == "Skip: I work for the secretariat"
    left_click(qtbot, skip)
    assert wizard.result() == SetupWizard.SKIPPED
    assert wizard.skipped
    assert identity.get_identity(jalon) is None


def test_a_blank_municipality_name_is_refused_on_its_page_and_nothing_is_saved(
    qtbot: QtBot, jalon: Jalon
) -> None:
    wizard = open_wizard(qtbot, jalon)
    press(qtbot, wizard, B.NextButton)
    picker = wizard.jurisdiction_page.picker
    picker.combo.setCurrentIndex(picker.combo.count() - 1)
    qtbot.keyClicks(picker.name, "  ")
    press(qtbot, wizard, B.NextButton)
    assert wizard.currentId() == SetupWizard.JURISDICTION
    assert wizard.jurisdiction_page.error.isVisible()
    assert wizard.jurisdiction_page.error.text() == (
        "Type the municipality's name, for example Trois-Rivières."
    )
    assert wizard.focusWidget() is picker.name, "the field to fill has the keyboard"
    assert identity.get_identity(jalon) is None


def _municipality_page(qtbot: QtBot, jalon: Jalon, name: str, code: str) -> SetupWizard:
    wizard = open_wizard(qtbot, jalon)
    press(qtbot, wizard, B.NextButton)
    picker = wizard.jurisdiction_page.picker
    picker.combo.setCurrentIndex(picker.combo.count() - 1)
    qtbot.keyClicks(picker.name, name)
    qtbot.keyClicks(picker.csd, code)
    press(qtbot, wizard, B.NextButton)
    return wizard


def test_a_malformed_census_subdivision_code_is_refused_in_english_with_an_example(
    qtbot: QtBot, jalon: Jalon
) -> None:
    wizard = _municipality_page(qtbot, jalon, "Surrey", "59150")
    assert wizard.currentId() == SetupWizard.JURISDICTION
    assert wizard.jurisdiction_page.error.text() == (
        "59150 is not a census subdivision code: such a code has seven digits, for example "
        "5915004 for Surrey. Statistics Canada's Census Profile gives yours."
    )
    assert wizard.focusWidget() is wizard.jurisdiction_page.picker.csd
    assert identity.get_identity(jalon) is None


def test_a_malformed_census_subdivision_code_is_refused_in_french(
    qtbot: QtBot, jalon: Jalon
) -> None:
    i18n.set_language("fr")
    wizard = _municipality_page(qtbot, jalon, "Surrey", "5915-04x")
    assert wizard.currentId() == SetupWizard.JURISDICTION
    assert wizard.jurisdiction_page.error.text() == (
        "5915-04x n'est pas un code de subdivision de recensement : un tel code compte "
        "sept chiffres, par exemple 5915004 pour Surrey. Le Profil du recensement de "
        "Statistique Canada donne le vôtre."
    )
    assert identity.get_identity(jalon) is None


def test_a_missing_or_unknown_census_subdivision_code_is_refused_and_nothing_saved(
    qtbot: QtBot, jalon: Jalon
) -> None:
    wizard = _municipality_page(qtbot, jalon, "Surrey", "")
    assert wizard.jurisdiction_page.error.text().startswith(
        "Type your municipality's census subdivision code"
    )
    picker = wizard.jurisdiction_page.picker
    qtbot.keyClicks(picker.csd, "9915004")
    press(qtbot, wizard, B.NextButton)
    assert wizard.jurisdiction_page.error.text() == (
        "No province or territory has census subdivision codes beginning with 99. Check the "
        "code 9915004 in Statistics Canada's Census Profile."
    )
    assert identity.get_identity(jalon) is None


def test_a_municipality_s_identity_is_its_census_subdivision_however_the_name_is_written(
    qtbot: QtBot, jalon: Jalon
) -> None:
    wizard = _municipality_page(qtbot, jalon, "City of Surrey", " 5915004 ")
    assert wizard.currentId() == SetupWizard.SIGNER
    assert wizard.jurisdiction_page.chosen is not None
    assert wizard.jurisdiction_page.chosen.code == "MUN-BC-5915004"


def test_a_name_of_spaces_is_refused_by_the_identity_service_on_the_signer_page(
    qtbot: QtBot, jalon: Jalon
) -> None:
    wizard = open_wizard(qtbot, jalon)
    press(qtbot, wizard, B.NextButton)
    press(qtbot, wizard, B.NextButton)
    qtbot.keyClicks(wizard.signer_page.name, "   ")
    qtbot.keyClicks(wizard.signer_page.title_edit, "CIO")
    wizard.next()
    assert wizard.currentId() == SetupWizard.SIGNER
    assert wizard.signer_page.error.text() == "Give the signer's name (1 to 200 characters)."
    assert identity.get_identity(jalon) is None


def test_running_the_wizard_again_starts_from_the_saved_identity(
    qtbot: QtBot, jalon: Jalon
) -> None:
    identity.set_identity(jalon, government("NU"), "Alex Tremblay", "CIO")
    wizard = open_wizard(qtbot, jalon)
    assert wizard.jurisdiction_page.picker.combo.currentData() == "NU"
    assert wizard.signer_page.name.text() == "Alex Tremblay"
    assert wizard.signer_page.title_edit.text() == "CIO"


def test_fingerprints_are_shown_as_two_lines_of_four_groups() -> None:
    assert fingerprint_lines("3F2A 9C11 0B7D 44E2 A1B2 C3D4 E5F6 0718") == (
        "3F2A  9C11  0B7D  44E2\nA1B2  C3D4  E5F6  0718"
    )


def test_the_key_pages_create_a_key_and_save_its_card(
    qtbot: QtBot, jalon: Jalon, replies: DialogReplies, tmp_path: Path
) -> None:
    wizard = open_wizard(qtbot, jalon)
    press(qtbot, wizard, B.NextButton)
    press(qtbot, wizard, B.NextButton)
    qtbot.keyClicks(wizard.signer_page.name, "Alex Tremblay")
    qtbot.keyClicks(wizard.signer_page.title_edit, "CIO")
    press(qtbot, wizard, B.NextButton)
    page = wizard.passphrase_page
    assert page is not None
    # The identity is saved by now: "skip, nothing recorded" would no longer be true.
    assert not wizard.button(B.CustomButton1).isVisible()
    qtbot.keyClicks(page.first, "short")
    assert page.strength.text() == "Strength: too short"
    qtbot.keyClicks(page.second, "shirt")
    assert page.match.isVisible()
    assert not wizard.button(B.CommitButton).isEnabled()
    page.first.clear()
    page.second.clear()
    passphrase = "maple lantern harbour quietly"
    qtbot.keyClicks(page.first, passphrase)
    qtbot.keyClicks(page.second, passphrase)
    assert not page.match.isVisible()
    assert page.strength.text() == "Strength: strong"
    assert page.feedback.text() == "Strong enough to protect your key."
    press(qtbot, wizard, B.CommitButton)
    assert page.busy_bar.isVisible(), "a moving bar says the key is being made"
    assert not wizard.button(B.BackButton).isEnabled()
    qtbot.waitUntil(lambda: wizard.currentId() == SetupWizard.FINGERPRINT, timeout=30_000)
    card = wizard.fingerprint_page
    assert card is not None
    assert page.key is not None
    assert " ".join(card.fingerprint.text().split()) == page.key.fingerprint
    target = tmp_path / "card.json"

    def choose(dialog: object) -> None:
        assert isinstance(dialog, QFileDialog)
        dialog.selectFile(str(target))

    replies.click("Save", then=choose)
    left_click(qtbot, card.save)
    assert target.read_bytes() == page.key.card_bytes
    assert str(target) in card.saved.text()
    assert wizard.focusWidget() is wizard.button(B.FinishButton), "Enter now finishes"


def test_running_the_wizard_again_keeps_the_existing_key_and_shows_its_card(
    qtbot: QtBot, jalon: Jalon
) -> None:
    identity.set_identity(jalon, government("PE"), "Alex Tremblay", "CIO")
    made = keys.create_signing_key(jalon, "maple lantern harbour quietly")
    wizard = open_wizard(qtbot, jalon)
    press(qtbot, wizard, B.NextButton)
    press(qtbot, wizard, B.NextButton)
    press(qtbot, wizard, B.NextButton)
    assert wizard.currentId() == SetupWizard.FINGERPRINT
    assert wizard.fingerprint_page is not None
    assert " ".join(wizard.fingerprint_page.fingerprint.text().split()) == made.fingerprint


def test_the_key_card_is_refused_with_what_to_do_and_nothing_written_when_its_folder_is_gone(
    qtbot: QtBot, jalon: Jalon, replies: DialogReplies, tmp_path: Path
) -> None:
    identity.set_identity(jalon, government("PE"), "Alex Tremblay", "CIO")
    keys.create_signing_key(jalon, "maple lantern harbour quietly")
    wizard = open_wizard(qtbot, jalon)
    for _page in range(3):
        press(qtbot, wizard, B.NextButton)
    card = wizard.fingerprint_page
    assert wizard.currentPage() is card
    blocker = tmp_path / "usb"  # a file where the chosen folder was (a stick pulled out)
    blocker.write_bytes(b"x")
    target = blocker / "card.json"

    def choose(dialog: object) -> None:
        assert isinstance(dialog, QFileDialog)
        dialog.selectFile(str(target))

    replies.click("Save", then=choose)
    left_click(qtbot, card.save)
    assert card.error.isVisible()
    assert card.error.text() == (
        f"The folder {blocker} does not exist (a USB stick that was removed?). Choose an "
        "existing folder."
    )
    assert card.saved_to is None
    assert blocker.read_bytes() == b"x"  # nothing written
    assert not list(tmp_path.glob("*card*"))


def make_identity_and_reach_the_passphrase(qtbot: QtBot, jalon: Jalon) -> SetupWizard:
    wizard = open_wizard(qtbot, jalon)
    press(qtbot, wizard, B.NextButton)
    press(qtbot, wizard, B.NextButton)
    qtbot.keyClicks(wizard.signer_page.name, "Alex Tremblay")
    qtbot.keyClicks(wizard.signer_page.title_edit, "CIO")
    press(qtbot, wizard, B.NextButton)
    return wizard


def test_a_weak_passphrase_is_refused_with_the_reason_and_no_key_is_made(
    qtbot: QtBot, jalon: Jalon
) -> None:
    wizard = make_identity_and_reach_the_passphrase(qtbot, jalon)
    page = wizard.passphrase_page
    assert page is not None
    qtbot.keyClicks(page.first, "password12")
    assert page.strength.text() == "Strength: weak"
    assert page.feedback.text() == (
        "Too easy to guess: Jalon will not make a key with it. This is a very common "
        "password. Add another word or two. Uncommon words are better."
    )
    red = page.meter.palette().color(page.meter.palette().ColorRole.Highlight)
    assert red.red() > 2 * red.green(), "a weak passphrase's bar is red, not blue"
    qtbot.keyClicks(page.second, "password12")
    press(qtbot, wizard, B.CommitButton)
    qtbot.waitUntil(lambda: page.error.isVisible(), timeout=30_000)
    assert page.error.text() == (
        "The passphrase is too easy to guess. This is a very common password. Add another "
        "word or two. Uncommon words are better."
    )
    assert wizard.currentId() == SetupWizard.PASSPHRASE
    assert keys.key_info(jalon) is None
    assert not page.busy_bar.isVisible()
    assert page.first.isEnabled()


def test_the_signer_s_own_name_makes_a_weak_passphrase_and_french_says_why(
    qtbot: QtBot, jalon: Jalon
) -> None:
    wizard = make_identity_and_reach_the_passphrase(qtbot, jalon)
    page = wizard.passphrase_page
    assert page is not None
    qtbot.keyClicks(page.first, "AlexTremblay2026")
    assert page.strength.text() in ("Strength: weak", "Strength: fair")
    i18n.set_language("fr")
    assert page.feedback.text().startswith("Trop facile à deviner")
    green = page.meter.palette().color(page.meter.palette().ColorRole.Highlight)
    assert green.red() > green.green()


def test_the_french_meter_reads_trop_courte_faible_moyenne_bonne_excellente(
    qtbot: QtBot, jalon: Jalon
) -> None:
    wizard = make_identity_and_reach_the_passphrase(qtbot, jalon)
    page = wizard.passphrase_page
    assert page is not None
    i18n.set_language("fr")
    shown = []
    for passphrase in (
        "short",
        "password1234",
        "Montreal2026",
        "correcthorse12",
        "maple lantern harbour quietly",
    ):
        page.first.setText(passphrase)
        shown.append(page.strength.text())
    assert shown == [
        f"Robustesse\u00a0: {level}"
        for level in ("trop courte", "faible", "moyenne", "bonne", "excellente")
    ]


def test_show_the_passphrase_reveals_both_fields_and_hides_them_again(
    qtbot: QtBot, jalon: Jalon
) -> None:
    wizard = make_identity_and_reach_the_passphrase(qtbot, jalon)
    page = wizard.passphrase_page
    assert page is not None
    assert page.first.echoMode() == page.first.EchoMode.Password
    page.show_text.setFocus()
    qtbot.keyClick(page.show_text, Qt.Key.Key_Space)
    assert page.first.echoMode() == page.first.EchoMode.Normal
    assert page.second.echoMode() == page.second.EchoMode.Normal
    qtbot.keyClick(page.show_text, Qt.Key.Key_Space)
    assert page.second.echoMode() == page.second.EchoMode.Password


# -- Alt+letter: one mnemonic per letter on every page, in both languages ---------------------


def mnemonic(text: str) -> str | None:
    """The letter Alt reaches in ``text`` ("&Next >" → "N"), None without one ("&&" is a
    literal ampersand)."""
    found = re.search(r"&(\w)", text.replace("&&", ""))
    return found.group(1).upper() if found else None


def shared_mnemonics(window: QWidget) -> dict[str, list[str]]:
    """The letters that more than one visible button or label (with its buddy) answers to,
    Qt's own Back, Next, Finish and Cancel included."""
    seen: dict[str, list[str]] = {}
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            letter = mnemonic(widget.text())
            if letter is not None:
                seen.setdefault(letter, []).append(widget.text())
    return {letter: texts for letter, texts in seen.items() if len(texts) > 1}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_wizard_page_has_each_alt_letter_once_in_both_languages(
    qtbot: QtBot, jalon: Jalon, lang: str
) -> None:
    i18n.set_language(lang)
    wizard = open_wizard(qtbot, jalon)
    clashes: dict[str, dict[str, list[str]]] = {}

    def look(page: str) -> None:
        QApplication.processEvents()
        clashes[page] = shared_mnemonics(wizard)

    look("language")
    press(qtbot, wizard, B.NextButton)
    picker = wizard.jurisdiction_page.picker
    look("jurisdiction")
    picker.combo.setCurrentIndex(picker.combo.count() - 1)
    look("jurisdiction (municipality)")
    qtbot.keyClicks(picker.name, "Gatineau")
    qtbot.keyClicks(picker.csd, "2481017")
    press(qtbot, wizard, B.NextButton)
    look("signer")
    qtbot.keyClicks(wizard.signer_page.name, "Marie Gagnon")
    qtbot.keyClicks(wizard.signer_page.title_edit, "CIO")
    press(qtbot, wizard, B.NextButton)
    look("passphrase")
    page = wizard.passphrase_page
    qtbot.keyClicks(page.first, "maple lantern harbour quietly")
    qtbot.keyClicks(page.second, "maple lantern harbour quietly")
    press(qtbot, wizard, B.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == SetupWizard.FINGERPRINT, timeout=30_000)
    look("key card")
    assert {page: found for page, found in clashes.items() if found} == {}
