"""The dashboard shows what was imported: every heat-map cell against the packages' own
answers, the counts, groups apart from jurisdictions, the trend and the answers side by side;
and the submissions tab (history, a read-only view, verify again, the PDF)."""

from __future__ import annotations

from pathlib import Path
from statistics import mean

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractButton, QPlainTextEdit
from pytestqt.qtbot import QtBot

from jalon.core import assessment as am
from jalon.core.consolidation import Measure
from jalon.services.app import Jalon
from jalon.services.exchange import Verdict
from jalon.ui.editor.document import PARTICIPANTS, QUESTIONS, SUMMARY
from jalon.ui.secretariat import SecretariatWidget
from jalon.ui.secretariat.common import VALUE_ROLE
from jalon.ui.secretariat.counts import BAR_ROLE, LEADING_MARK

from .test_ui_secretariat_support import (  # noqa: F401 - fixtures
    Demo,
    jalon_fixture,
    migrated_data_fixture,
    run_import,
    second_revision,
    show_dashboard,
    workspace_fixture,
    write_demo_packages,
)

GOVERNMENTS_SHOWN = ["NS", "QC", "ON", "BC"]  # the brief's order, not the import's


@pytest.fixture(name="demo")
def demo_fixture(qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, tmp_path: Path) -> Demo:
    demo = write_demo_packages(jalon, tmp_path / "usb")
    run_import(qtbot, workspace, [tmp_path / "usb"])
    show_dashboard(qtbot, workspace)
    return demo


def expected(a: am.Assessment, theme_id: str, measure: Measure) -> int | None:
    r = a.response(theme_id)
    return {Measure.CURRENT: r.current, Measure.TARGET: r.target, Measure.GAP: r.gap}[measure]


@pytest.mark.parametrize("measure", list(Measure))
def test_every_cell_of_the_heat_map_holds_the_imported_value(
    workspace: SecretariatWidget, demo: Demo, measure: Measure, jalon: Jalon
) -> None:
    dash = workspace.dashboard
    dash.measure_buttons[measure.value].click()
    model = dash.heat_model
    themes = [t.id for t in jalon.framework.themes]
    assert model.columnCount() == len(themes)
    rows = [model.index(r, 0).data(Qt.ItemDataRole.UserRole + 10) for r in range(4)]
    assert [info.jurisdiction.code for info in rows] == GOVERNMENTS_SHOWN
    checked = 0
    for row, code in enumerate(GOVERNMENTS_SHOWN):
        a = demo.assessments[code]
        for col, theme_id in enumerate(themes):
            index = model.index(row, col)
            value = expected(a, theme_id, measure)
            assert index.data(VALUE_ROLE) == value, (code, theme_id)
            shown = index.data()
            if value is None:
                assert shown == "—"
                assert "not scored" in index.data(Qt.ItemDataRole.AccessibleTextRole)
            elif measure is Measure.GAP:
                sign = "+" if value > 0 else "−" if value < 0 else ""
                assert shown == f"{sign}{abs(value)}"
            else:
                assert shown == str(value)
            checked += 1
    assert checked == 4 * len(themes)
    # The last row: the mean of each column over the jurisdictions that scored it.
    for col, theme_id in enumerate(themes):
        values = [
            v
            for code in GOVERNMENTS_SHOWN
            if (v := expected(demo.assessments[code], theme_id, measure)) is not None
        ]
        assert model.index(4, col).data(VALUE_ROLE) == pytest.approx(mean(values))
    assert model.headerData(4, Qt.Orientation.Vertical) == "Mean"


def test_a_cell_says_in_words_whose_value_it_is(workspace: SecretariatWidget, demo: Demo) -> None:
    model = workspace.dashboard.heat_model
    spoken = model.index(2, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    level = demo.assessments["ON"].response("strategy").current
    assert spoken.startswith(f"Ontario, Strategy, Current level: {level} (")
    assert model.headerData(0, Qt.Orientation.Horizontal) == "1. Strategy"


def test_workshop_groups_are_shown_apart_from_jurisdictions(
    workspace: SecretariatWidget, demo: Demo
) -> None:
    dash = workspace.dashboard
    assert dash.section_buttons["jurisdictions"].text() == "&Jurisdictions (4)"
    assert dash.section_buttons["groups"].text() == "Workshop &groups (1)"
    dash.section_buttons["groups"].click()
    model = dash.heat_model
    assert model.jurisdiction_rows() == 1
    assert model.headerData(0, Qt.Orientation.Vertical) == "Table 1 (workshop group)"
    group = demo.assessments["GRP-TABLE-1"]
    assert model.index(0, 0).data(VALUE_ROLE) == group.response("strategy").current
    assert dash.completeness_model.rowCount() == 1
    assert dash.answers_model.rowCount() == 1


def test_the_counts_per_theme_match_the_submissions(
    workspace: SecretariatWidget, demo: Demo, jalon: Jalon
) -> None:
    dash = workspace.dashboard
    fw = jalon.framework
    governments = [demo.assessments[c] for c in GOVERNMENTS_SHOWN]
    levels = dash.levels_model
    for row, theme in enumerate(fw.themes):
        for col, level in enumerate(fw.levels, start=1):
            count = sum(a.response(theme.id).current == level.value for a in governments)
            assert levels.index(row, col).data(VALUE_ROLE) == count
            assert levels.index(row, col).data(BAR_ROLE) == pytest.approx(count / 4)
    dash.level_buttons["target"].click()
    target = sum(a.response("security").target == 3 for a in governments)
    assert levels.index(10, 4).data(VALUE_ROLE) == target

    consensus = dash.consensus_model
    for field in ("role", "capacity", "priority"):
        dash.consensus_buttons[field].click()
        for row, theme in enumerate(fw.themes):
            for col, option in enumerate(fw.options(field), start=1):
                count = sum(getattr(a.response(theme.id), field) == option.id for a in governments)
                assert consensus.index(row, col).data(VALUE_ROLE) == count, (field, theme.id)
    dash.consensus_buttons["role"].click()
    # A clear favourite carries the star, and says so.
    owns = [sum(a.response("strategy").role == o.id for a in governments) for o in fw.roles]
    top = owns.index(max(owns)) + 1
    if owns.count(max(owns)) == 1:
        assert consensus.index(0, top).data().startswith(LEADING_MARK)
        spoken = consensus.index(0, top).data(Qt.ItemDataRole.AccessibleTextRole)
        assert spoken.endswith("chosen most often")

    completeness = dash.completeness_model
    assert completeness.index(0, 1).data() == "11 of 14"  # Nova Scotia left three themes
    assert completeness.index(1, 1).data() == "14 of 14"


def test_the_trend_shows_each_signed_revision_of_a_jurisdiction(
    qtbot: QtBot, workspace: SecretariatWidget, demo: Demo, jalon: Jalon, tmp_path: Path
) -> None:
    run_import(qtbot, workspace, [second_revision(jalon, demo, "QC", tmp_path / "later")])
    show_dashboard(qtbot, workspace)
    dash = workspace.dashboard
    dash.show_trend("QC")
    points = dash.trend_chart.points
    assert [p.revision for p in points] == [1, 2]
    for point, key in zip(points, ("QC", "QC-r2"), strict=True):
        a = demo.assessments[key]
        currents = [r.current for r in a.responses if r.current is not None]
        assert point.mean_current == pytest.approx(mean(currents))
    assert dash.trend_model.rowCount() == 2
    assert dash.trend_model.index(1, dash.trend_model.REVISION).data() == "2"
    # The heat map uses the newest revision.
    row = [dash.heat_model.headerData(r, Qt.Orientation.Vertical) for r in range(4)].index("Quebec")
    assert dash.heat_model.index(row, 0).data(VALUE_ROLE) == (
        demo.assessments["QC-r2"].response("strategy").current
    )


def test_the_answers_are_side_by_side_and_filter_by_jurisdiction(
    workspace: SecretariatWidget, demo: Demo, jalon: Jalon
) -> None:
    dash = workspace.dashboard
    model = dash.answers_model
    first, second = (q.id for q in jalon.framework.questions)
    assert model.columnCount() == 3
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [
        "Nova Scotia",
        "Quebec",
        "Ontario",
        "British Columbia",
    ]
    assert model.index(1, 1).data() == demo.assessments["QC"].answer(first)
    assert model.index(3, 2).data() == demo.assessments["BC"].answer(second)
    dash.answers_combo.setCurrentIndex(dash.answers_combo.findData("BC"))
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "British Columbia"


def test_the_dashboard_reads_the_store_again_after_an_import(
    qtbot: QtBot, jalon: Jalon, workspace: SecretariatWidget, tmp_path: Path
) -> None:
    show_dashboard(qtbot, workspace)
    dash = workspace.dashboard
    assert dash.heat_model.rowCount() == 0
    assert dash._empty.isVisibleTo(workspace)
    demo = write_demo_packages(jalon, tmp_path / "usb")
    run_import(qtbot, workspace, [demo.files["ON"]])
    show_dashboard(qtbot, workspace)
    assert dash.heat_model.jurisdiction_rows() == 1
    assert not dash._empty.isVisibleTo(workspace)


# -- submissions ------------------------------------------------------------------------------


def test_the_submissions_list_each_jurisdiction_and_its_history(
    qtbot: QtBot, workspace: SecretariatWidget, demo: Demo, jalon: Jalon, tmp_path: Path
) -> None:
    run_import(qtbot, workspace, [second_revision(jalon, demo, "QC", tmp_path / "later")])
    workspace.show_tab(workspace.SUBMISSIONS)
    panel = workspace.submissions
    latest = panel.latest
    assert [latest.index(r, 0).data() for r in range(latest.rowCount())] == [
        "Nova Scotia",
        "Quebec",
        "Ontario",
        "British Columbia",
        "Table 1 (workshop group)",
    ]
    assert latest.index(1, latest.REVISION).data() == "2"
    assert latest.index(1, latest.COUNT).data() == "2"
    panel.select_jurisdiction("QC")
    history = panel.history
    assert [history.index(r, history.REVISION).data() for r in range(2)] == ["1", "2"]
    assert history.index(0, history.STATE).data() == "Not in the dashboard"
    assert history.index(1, history.STATE).data() == "In the dashboard"
    assert panel.selected_submission().revision == 2  # type: ignore[union-attr]


def test_a_submission_opens_read_only_laid_out_like_the_editor(
    qtbot: QtBot, workspace: SecretariatWidget, demo: Demo
) -> None:
    workspace.show_tab(workspace.SUBMISSIONS)
    panel = workspace.submissions
    panel.select_jurisdiction("BC")
    qtbot.mouseClick(panel.view_button, Qt.MouseButton.LeftButton)
    (viewer,) = panel._viewers
    qtbot.waitExposed(viewer)
    a = demo.assessments["BC"]
    assert viewer.current_page == SUMMARY
    assert viewer.windowTitle().endswith("— British Columbia, revision 1")
    for key in viewer.page_keys():
        viewer.show_page(key)
        if key in (PARTICIPANTS, QUESTIONS, SUMMARY):
            continue
        page = viewer.theme_page
        assert page.levels.value("current") == a.response(key).current
        assert page.levels.value("target") == a.response(key).target
        radios = [b for b in page.findChildren(QAbstractButton) if b.isVisibleTo(page)]
        assert radios
        assert not any(b.isEnabled() for b in radios)
        assert all(t.isReadOnly() for t in page.findChildren(QPlainTextEdit))
    viewer.show_page(QUESTIONS)
    first = next(iter(viewer.questions_page.boxes.values()))
    assert first.answer.isReadOnly()
    assert first.answer.toPlainText() == a.answer(first.question.id)
    viewer.close()


def test_verify_again_reports_the_result_against_todays_keys(
    qtbot: QtBot, workspace: SecretariatWidget, demo: Demo
) -> None:
    workspace.show_tab(workspace.SUBMISSIONS)
    panel = workspace.submissions
    panel.select_jurisdiction("ON")
    with qtbot.waitSignal(workspace.status_message) as said:
        qtbot.mouseClick(panel.verify_button, Qt.MouseButton.LeftButton)
    outcome = panel._verified[1]  # type: ignore[index]
    assert outcome.verdict is Verdict.TRUSTED
    assert outcome.pdf_ok is True
    text = panel.verify_label.text()
    assert text.startswith("✓ Verified again: intact, and the key is trusted.")
    assert "The PDF report's own signature verifies." in text
    assert said.args == [text]


class _Opened(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_the_pdf_report_is_taken_from_the_package_and_opened(
    qtbot: QtBot, workspace: SecretariatWidget, demo: Demo
) -> None:
    workspace.show_tab(workspace.SUBMISSIONS)
    panel = workspace.submissions
    panel.select_jurisdiction("ON")
    opened = _Opened()
    # Qt's own hook for "open this file": the test receives the URL instead of a PDF reader.
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        qtbot.mouseClick(panel.pdf_button, Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    (url,) = opened.urls
    path = Path(url.toLocalFile())
    submission_id = panel.selected_submission().submission_id  # type: ignore[union-attr]
    assert path.name == f"ON-r1-{submission_id}-report-en.pdf"  # Jalon is in English
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    assert b"%%EOF" in data[-64:]


def test_answers_that_tie_for_the_most_all_carry_the_star_as_in_the_report(
    workspace: SecretariatWidget, demo: Demo, jalon: Jalon
) -> None:
    from jalon.services import consolidation

    dash = workspace.dashboard
    fw = jalon.framework
    governments = [demo.assessments[c] for c in GOVERNMENTS_SHOWN]
    consensus = dash.consensus_model
    ties = 0
    for field in ("role", "capacity", "priority"):
        dash.consensus_buttons[field].click()
        for row, theme in enumerate(fw.themes):
            counts = {
                o.id: sum(getattr(a.response(theme.id), field) == o.id for a in governments)
                for o in fw.options(field)
            }
            top = max(counts.values())
            tied = {o for o, n in counts.items() if n == top}
            ties += len(tied) > 1
            for col, option in enumerate(fw.options(field), start=1):
                marked = consensus.index(row, col).data().startswith(LEADING_MARK)
                assert marked == (option.id in tied), (field, theme.id, option.id, counts)
    assert ties, "the demo packages hold no tie to check"
    # The same rule decides the report's bold cells: jalon.core's leading().
    view = consolidation.load_dashboard(jalon)
    for row, theme in enumerate(fw.themes):
        dash.consensus_buttons["role"].click()
        stars = {
            o.id
            for col, o in enumerate(fw.roles, start=1)
            if consensus.index(row, col).data().startswith(LEADING_MARK)
        }
        assert stars == set(view.jurisdictions.roles.theme(theme.id).leading())
