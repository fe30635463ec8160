"""The home page: the list of assessments and what a person can do to them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from jalon import i18n
from jalon.core.jurisdiction import government, municipality
from jalon.services import assessments, demo, identity
from jalon.services.app import Jalon
from jalon.ui.home import ID_ROLE, AssessmentTableModel, HomePage
from jalon.ui.new_assessment import NewAssessmentDialog
from tests import edits
from tests.test_ui_shell_support import (  # noqa: F401 - fixtures
    DialogReplies,
    add_signed,
    find_button,
    jalon_fixture,
    left_click,
    migrated_data_fixture,
    replies_fixture,
)

M = AssessmentTableModel


def home_page(qtbot: QtBot, app: Jalon) -> HomePage:
    page = HomePage(app)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    return page


def row_texts(page: HomePage) -> list[list[str]]:
    proxy = page.proxy
    return [
        [str(proxy.index(r, c).data()) for c in range(proxy.columnCount())]
        for r in range(proxy.rowCount())
    ]


def titles(page: HomePage) -> list[str]:
    return [row[M.TITLE] for row in row_texts(page)]


def test_home_lists_the_demo_assessment_with_all_fourteen_themes_complete(
    qtbot: QtBot, jalon: Jalon
) -> None:
    sample = demo.create_demo(jalon, government("ON"), "en")
    page = home_page(qtbot, jalon)
    [row] = row_texts(page)
    assert row[M.TITLE] == sample.title
    assert row[M.JURISDICTION] == "Ontario"
    assert row[M.STATUS] == "Draft"
    assert row[M.REVISION] == "1"
    assert row[M.COMPLETENESS] == "14 of 14 themes · 100%"
    assert row[M.UPDATED] == i18n.current().datetime(sample.updated_at, "short")
    assert page.proxy.index(0, 0).data(ID_ROLE) == sample.id


def test_a_new_assessment_reads_zero_of_fourteen_and_partial_answers_count(
    qtbot: QtBot, jalon: Jalon
) -> None:
    a = assessments.create(jalon, government("QC"), "Brouillon")
    page = home_page(qtbot, jalon)
    assert row_texts(page)[0][M.COMPLETENESS] == "0 of 14 themes · 0%"
    theme = jalon.framework.themes[0].id
    edits.update_response(
        jalon, a.id, theme, current=1, target=3, priority="high", role="owns", capacity="yes"
    )
    page.refresh()
    # 5 of 73 items answered: 6 %, rounded down so a nearly finished one never reads as done.
    assert row_texts(page)[0][M.COMPLETENESS] == "1 of 14 themes · 6%"


def test_the_empty_list_offers_buttons_to_create_one_or_add_the_sample_and_no_command(
    qtbot: QtBot, jalon: Jalon
) -> None:
    page = home_page(qtbot, jalon)
    assert page.stack.currentIndex() == 1
    assert "jalon" not in page.empty.text(), "officials are not sent to a command line"
    assert page.create_button.isVisibleTo(page)
    assert plain_text(page.create_button.text()) == "Create an assessment…"
    assert not page.open_action.isEnabled()
    left_click(qtbot, page.sample_button)
    assert page.stack.currentIndex() == 0
    [row] = row_texts(page)
    assert row[M.COMPLETENESS] == "14 of 14 themes · 100%"
    assert page.open_action.isEnabled()


def test_clicking_a_column_header_sorts_by_its_value_not_its_text(
    qtbot: QtBot, jalon: Jalon
) -> None:
    demo.create_demo(jalon, government("ON"), "en")
    assessments.create(jalon, government("BC"), "Empty one")
    page = home_page(qtbot, jalon)
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(M.COMPLETENESS) + 5
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().center().__class__(x, 5)
    )
    first = [r[M.COMPLETENESS] for r in row_texts(page)]
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().center().__class__(x, 5)
    )
    second = [r[M.COMPLETENESS] for r in row_texts(page)]
    assert {tuple(first), tuple(second)} == {
        ("0 of 14 themes · 0%", "14 of 14 themes · 100%"),
        ("14 of 14 themes · 100%", "0 of 14 themes · 0%"),
    }


def test_enter_on_a_row_asks_to_open_that_assessment(qtbot: QtBot, jalon: Jalon) -> None:
    sample = demo.create_demo(jalon, government("ON"), "en")
    page = home_page(qtbot, jalon)
    page.table.setFocus()
    with qtbot.waitSignal(page.open_requested) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [sample.id]


def test_double_clicking_a_row_opens_it_once(qtbot: QtBot, jalon: Jalon) -> None:
    sample = demo.create_demo(jalon, government("ON"), "en")
    page = home_page(qtbot, jalon)
    heard: list[str] = []
    page.open_requested.connect(heard.append)
    rect = page.table.visualRect(page.proxy.index(0, M.TITLE))
    # A person's double-click: a press and release, then the second click.
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert heard == [sample.id]


def test_delete_asks_first_and_keep_it_deletes_nothing(
    qtbot: QtBot, jalon: Jalon, replies: DialogReplies
) -> None:
    a = assessments.create(jalon, government("ON"), "Keep me")
    page = home_page(qtbot, jalon)
    replies.click("Keep it")
    left_click(qtbot, page.buttons[page.delete_action])
    assert replies.seen == ["Delete “Keep me” and all its revisions? This cannot be undone."]
    assert [s.id for s in assessments.list_assessments(jalon)] == [a.id]
    assert titles(page) == ["Keep me"]


def test_delete_confirmed_removes_the_draft(
    qtbot: QtBot, jalon: Jalon, replies: DialogReplies
) -> None:
    assessments.create(jalon, government("ON"), "Remove me")
    page = home_page(qtbot, jalon)
    page.table.setFocus()
    replies.click("Delete")
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert assessments.list_assessments(jalon) == []
    assert page.stack.currentIndex() == 1


def test_deleting_a_signed_assessment_is_refused_and_archiving_is_offered(
    qtbot: QtBot, jalon: Jalon, replies: DialogReplies
) -> None:
    signed = add_signed(jalon)
    page = home_page(qtbot, jalon)
    assert row_texts(page)[0][M.STATUS] == "Signed"
    replies.click("Delete")
    replies.click("Archive")
    left_click(qtbot, page.buttons[page.delete_action])
    assert replies.seen[1] == (
        "This assessment has a signed revision and cannot be deleted. Archive it instead."
    )
    [kept] = assessments.list_assessments(jalon)
    assert kept.id == signed.id
    assert kept.archived
    assert titles(page) == []  # archived ones are hidden until asked for
    left_click(qtbot, page.show_archived)
    assert row_texts(page)[0][M.STATUS] == "Signed, archived"
    assert plain_text(page.buttons[page.archive_action].text()) == "Unarchive"


def plain_text(text: str) -> str:
    return text.replace("&", "")


def test_archive_hides_and_unarchive_brings_back(qtbot: QtBot, jalon: Jalon) -> None:
    a = assessments.create(jalon, government("ON"), "Old one")
    page = home_page(qtbot, jalon)
    left_click(qtbot, page.buttons[page.archive_action])
    assert titles(page) == []
    assert [s.archived for s in assessments.list_assessments(jalon)] == [True]
    left_click(qtbot, page.show_archived)
    assert titles(page) == ["Old one"]
    left_click(qtbot, page.buttons[page.archive_action])
    assert [(s.id, s.archived) for s in assessments.list_assessments(jalon)] == [(a.id, False)]


def test_duplicating_a_signed_assessment_starts_its_next_revision(
    qtbot: QtBot, jalon: Jalon
) -> None:
    signed = add_signed(jalon)
    page = home_page(qtbot, jalon)
    left_click(qtbot, page.buttons[page.duplicate_action])
    [row] = assessments.list_assessments(jalon)
    assert (row.id, row.assessment.revision, row.assessment.status.value) == (
        signed.id,
        2,
        "draft",
    )
    assert row_texts(page)[0][M.REVISION] == "2"


def test_duplicating_a_draft_makes_a_separate_copy(qtbot: QtBot, jalon: Jalon) -> None:
    sample = demo.create_demo(jalon, government("ON"), "en")
    page = home_page(qtbot, jalon)
    left_click(qtbot, page.buttons[page.duplicate_action])
    rows = assessments.list_assessments(jalon)
    assert sorted(r.assessment.title for r in rows) == sorted(
        [sample.title, f"{sample.title} (copy)"]
    )
    copy = next(r for r in rows if r.id != sample.id)
    assert copy.completeness.is_complete
    assert page.selected_id() == copy.id


def test_new_assessment_is_for_the_installation_jurisdiction_and_opens_it(
    qtbot: QtBot, jalon: Jalon, replies: DialogReplies
) -> None:
    identity.set_identity(jalon, government("QC"), "Marie Gagnon", "DPI")
    page = home_page(qtbot, jalon)

    def fill(dialog: object) -> None:
        assert isinstance(dialog, NewAssessmentDialog)
        assert dialog.jurisdiction_value is not None
        assert dialog.jurisdiction_value.text() == "Quebec"
        qtbot.keyClicks(dialog.title, "Strategie 2027")  # QTest types ASCII only

    replies.click("Create", then=fill)
    with qtbot.waitSignal(page.open_requested) as opened:
        left_click(qtbot, page.buttons[page.new_action])
    [row] = assessments.list_assessments(jalon)
    assert opened.args == [row.id]
    assert (row.assessment.title, row.assessment.jurisdiction.code) == ("Strategie 2027", "QC")


def test_new_assessment_with_a_blank_title_is_refused_in_the_dialog(
    qtbot: QtBot, jalon: Jalon
) -> None:
    dialog = NewAssessmentDialog(jalon)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.title, "   ")
    left_click(qtbot, find_button(dialog, "Create"))
    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert dialog.error.text() == "An assessment needs a title. Give it a short title."
    assert assessments.list_assessments(jalon) == []


def test_new_assessment_for_a_municipality_named_by_the_user(qtbot: QtBot, jalon: Jalon) -> None:
    dialog = NewAssessmentDialog(jalon)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.title, "Plan numerique")
    assert not dialog.picker.name.isVisible()
    dialog.picker.combo.setFocus()
    qtbot.keyClick(dialog.picker.combo, Qt.Key.Key_End)  # the last entry: a municipality
    assert dialog.picker.name.isVisible()
    qtbot.keyClicks(dialog.picker.name, "Gatineau")
    qtbot.keyClick(dialog.picker.name, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    [row] = assessments.list_assessments(jalon)
    assert row.assessment.jurisdiction == municipality("Gatineau")


def test_with_an_identity_the_jurisdiction_is_fixed_text_not_a_choice(
    qtbot: QtBot, jalon: Jalon
) -> None:
    identity.set_identity(jalon, government("QC"), "Marie Gagnon", "DPI")
    dialog = NewAssessmentDialog(jalon)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.picker is None
    assert dialog.findChildren(QComboBox) == []
    assert dialog.jurisdiction_value is not None
    assert dialog.jurisdiction_value.isVisible()
    assert dialog.jurisdiction_value.text() == "Quebec"
    i18n.set_language("fr")
    QApplication.processEvents()
    assert dialog.jurisdiction_value.text() == "Québec"
    i18n.set_language("en")
    qtbot.keyClicks(dialog.title, "Plan numerique")
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    [row] = assessments.list_assessments(jalon)
    assert row.assessment.jurisdiction == government("QC")


def test_without_an_identity_the_new_assessment_dialog_still_offers_every_jurisdiction(
    qtbot: QtBot, jalon: Jalon
) -> None:
    # A secretariat's installation signs for nobody: the choice stays open.
    dialog = NewAssessmentDialog(jalon)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.picker is not None
    assert dialog.picker.combo.isVisible()
    assert dialog.jurisdiction_value is None
    dialog.picker.combo.setCurrentIndex(dialog.picker.combo.findData("NU"))
    qtbot.keyClicks(dialog.title, "Plan")
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    [row] = assessments.list_assessments(jalon)
    assert row.assessment.jurisdiction == government("NU")


def test_duplicating_another_jurisdiction_s_draft_is_refused_and_says_why(
    qtbot: QtBot, jalon: Jalon, replies: DialogReplies
) -> None:
    draft = assessments.create(jalon, government("QC"), "Plan du Quebec")
    identity.set_identity(jalon, government("ON"), "Marie Gagnon", "CIO")
    page = home_page(qtbot, jalon)
    page.refresh(select=draft.id)
    replies.click("OK")
    page.duplicate_selected()
    assert any("signs for Ontario" in text for text in replies.seen)
    assert [r.id for r in assessments.list_assessments(jalon)] == [draft.id]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("signs_for", [None, "QC"])
def test_the_new_assessment_dialog_has_each_alt_letter_once(
    qtbot: QtBot, jalon: Jalon, lang: str, signs_for: str | None
) -> None:
    from tests.test_ui_wizard import shared_mnemonics

    if signs_for is not None:
        identity.set_identity(jalon, government(signs_for), "Marie Gagnon", "DPI")
    i18n.set_language(lang)
    dialog = NewAssessmentDialog(jalon)
    qtbot.addWidget(dialog)
    dialog.show()
    clashes = {"shown": shared_mnemonics(dialog)}
    if dialog.picker is not None:
        dialog.picker.combo.setCurrentIndex(dialog.picker.combo.count() - 1)
        clashes["municipality"] = shared_mnemonics(dialog)
    assert {k: v for k, v in clashes.items() if v} == {}


def test_status_and_completeness_follow_the_language(qtbot: QtBot, jalon: Jalon) -> None:
    demo.create_demo(jalon, government("ON"), "en")
    page = home_page(qtbot, jalon)
    i18n.set_language("fr")
    QApplication.processEvents()
    row = row_texts(page)[0]
    assert row[M.COMPLETENESS].endswith("100\u00a0%")
    assert page.model.headerData(M.TITLE, Qt.Orientation.Horizontal) == i18n._("Title")


def test_the_empty_list_s_create_button_opens_the_new_assessment_dialog(
    qtbot: QtBot, jalon: Jalon, replies: DialogReplies
) -> None:
    page = home_page(qtbot, jalon)
    replies.click("Cancel")
    left_click(qtbot, page.create_button)
    assert replies.seen == ["New assessment"]
    assert assessments.list_assessments(jalon) == []


def test_the_empty_list_s_words_are_shown_whole_after_switching_to_french(
    qtbot: QtBot, jalon: Jalon
) -> None:
    page = home_page(qtbot, jalon)
    page.resize(1366, 700)
    QApplication.processEvents()
    i18n.set_language("fr")  # a longer text than the one the page was laid out with
    QApplication.processEvents()
    label = page.empty
    assert label.text().startswith("Aucune évaluation")
    needed = label.heightForWidth(label.width())
    assert label.height() >= needed, f"{label.height()} px shown of {needed} px of text"
