"""The consolidation dashboard: every view matches the submissions it was built from, on SQLite
and on PostgreSQL. Values expected are computed here from the domain objects, independently
of the SQL that computes them in the store."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import URL

from jalon.core import assessment as am
from jalon.core.consolidation import Measure, Section
from jalon.core.jurisdiction import GOVERNMENTS, government, municipality, workshop_group
from jalon.core.serialize import assessment_to_json
from jalon.core.validation import completeness
from jalon.services import consolidation
from jalon.services.app import Jalon
from jalon.store.database import DB_FILENAME, migrate

from . import secretariat_support as support
from .conftest import FIXED_NOW
from .secretariat_support import (
    insert_submission,
    varied_assessment,
)

# The fixtures every test here runs with: on SQLite, and on PostgreSQL when a server is given.
secretariat = support.secretariat
store_url = support.store_url


def test_an_empty_store_gives_an_empty_dashboard(secretariat: Jalon) -> None:
    dash = consolidation.load_dashboard(secretariat)
    assert dash.jurisdictions.is_empty
    assert dash.groups.is_empty
    assert dash.jurisdictions.heat_map.cols == tuple(t.id for t in secretariat.framework.themes)
    roles = dash.jurisdictions.roles.theme("security")
    assert roles.answered == 0
    assert roles.unanswered == 0
    assert consolidation.collated_answers(secretariat)[0].jurisdictions == ()


def test_the_submissions_tab_lists_each_jurisdiction_once_with_the_submission_the_dashboard_uses(
    secretariat: Jalon,
) -> None:
    from jalon.services import submissions

    fw = secretariat.framework
    first = varied_assessment(fw, government("ON"), 1)
    insert_submission(secretariat, first, signed_at=FIXED_NOW)
    second = replace(varied_assessment(fw, government("ON"), 2, assessment_id=first.id), revision=2)
    used = insert_submission(secretariat, second, signed_at=FIXED_NOW + timedelta(days=1))
    table = workshop_group("Table A")
    insert_submission(secretariat, varied_assessment(fw, table, 3))
    quebec = insert_submission(secretariat, varied_assessment(fw, government("QC"), 4))

    rows = submissions.latest_by_jurisdiction(secretariat)
    assert [(r.jurisdiction.code, r.submission.submission_id, r.count) for r in rows] == [
        ("QC", quebec, 1),
        ("ON", used, 2),
        (table.code, rows[2].submission.submission_id, 1),
    ]
    assert all(r.submission.current and not r.submission.key_revoked for r in rows)


def test_the_heat_map_holds_every_jurisdictions_levels_in_order(secretariat: Jalon) -> None:
    fw = secretariat.framework
    submitted = {}
    # Inserted out of order: the dashboard puts governments in the brief's order.
    for seed, j in enumerate(reversed(GOVERNMENTS)):
        a = varied_assessment(fw, j, seed)
        insert_submission(secretariat, a, signed_at=FIXED_NOW + timedelta(minutes=seed))
        submitted[j.code] = a
    town = municipality("Trois-Rivières")
    submitted[town.code] = varied_assessment(fw, town, 40, blanks=3)
    insert_submission(secretariat, submitted[town.code])

    heat = consolidation.load_dashboard(secretariat).jurisdictions.heat_map
    assert [r.jurisdiction.code for r in heat.rows] == [g.code for g in GOVERNMENTS] + [town.code]
    for row, info in enumerate(heat.rows):
        a = submitted[info.jurisdiction.code]
        for col, theme_id in enumerate(heat.cols):
            r = a.response(theme_id)
            cell = heat.cell(row, col)
            assert (cell.current, cell.target, cell.gap) == (r.current, r.target, r.gap)
    assert heat.values(Measure.GAP)[-1][-1] is None  # the municipality left the last theme blank
    means = heat.column_means(Measure.CURRENT)
    first = [submitted[i.jurisdiction.code].response(heat.cols[0]).current for i in heat.rows]
    assert means[0] == pytest.approx(sum(first) / len(first))


def test_distributions_consensus_and_gaps_count_what_was_submitted(secretariat: Jalon) -> None:
    fw = secretariat.framework
    assessments = []
    for seed, code in enumerate(["ON", "QC", "BC", "NS", "YT"]):
        a = varied_assessment(fw, government(code), seed * 5 + 1, blanks=seed % 2)
        insert_submission(secretariat, a)
        assessments.append(a)
    view = consolidation.load_dashboard(secretariat).jurisdictions
    for theme in fw.themes:
        responses = [a.response(theme.id) for a in assessments]
        dist = next(d for d in view.distributions if d.theme_id == theme.id)
        expected = Counter(r.current for r in responses)
        assert dist.current == {lv: expected.get(lv, 0) for lv in fw.level_values}
        assert dist.current_unanswered == expected.get(None, 0)
        for field, consensus in (
            ("role", view.roles),
            ("capacity", view.capacities),
            ("priority", view.priorities),
        ):
            counted = Counter(getattr(r, field) for r in responses)
            found = consensus.theme(theme.id)
            assert dict(found.counts) == {o.id: counted.get(o.id, 0) for o in fw.options(field)}
            assert found.unanswered == counted.get(None, 0)
        scored = [r for r in responses if r.gap is not None]
        gap = next(g for g in view.gaps if g.theme_id == theme.id)
        assert gap.scored == len(scored)
        if scored:
            assert gap.mean_gap == pytest.approx(sum(r.gap or 0 for r in scored) / len(scored))
            assert gap.max_gap == max(r.gap or 0 for r in scored)
            assert gap.mean_current == pytest.approx(
                sum(r.current or 0 for r in scored) / len(scored)
            )


def test_completeness_per_jurisdiction_is_the_editors_own(secretariat: Jalon) -> None:
    fw = secretariat.framework
    full = varied_assessment(fw, government("MB"), 3)
    partial = varied_assessment(fw, government("SK"), 4, blanks=5)
    blank_names = am.with_participants(
        varied_assessment(fw, government("AB"), 5), [am.Participant("  "), am.Participant("")]
    )
    blank_answer = am.with_answer(blank_names, fw, "council_role", " \n\t ")
    for a in (full, partial, blank_answer):
        insert_submission(secretariat, a)
    rows = {
        r.submission.jurisdiction.code: r.completeness
        for r in consolidation.load_dashboard(secretariat).jurisdictions.completeness
    }
    for a in (full, partial, blank_answer):
        assert rows[a.jurisdiction.code] == completeness(a, fw)
    assert rows["MB"].is_complete
    assert not rows["AB"].is_complete  # blank participants name no one; blank answers count not


def test_only_the_latest_signed_submission_of_each_jurisdiction_is_consolidated(
    secretariat: Jalon,
) -> None:
    fw = secretariat.framework
    on = government("ON")
    first = varied_assessment(fw, on, 1)
    second = replace(varied_assessment(fw, on, 2, assessment_id=first.id), revision=2)
    insert_submission(secretariat, second, signed_at=FIXED_NOW + timedelta(days=2))
    insert_submission(secretariat, first, signed_at=FIXED_NOW)
    # Another assessment of Ontario, signed later than both: it is Ontario's latest word.
    other = varied_assessment(fw, on, 3)
    insert_submission(secretariat, other, signed_at=FIXED_NOW + timedelta(days=5))
    dash = consolidation.load_dashboard(secretariat)
    (row,) = dash.jurisdictions.heat_map.rows
    assert (row.assessment_id, row.revision) == (other.id, 1)
    history = consolidation.submission_history(secretariat, "on")
    assert [(h.assessment_id, h.revision, h.current) for h in history] == [
        (first.id, 1, False),
        (first.id, 2, False),
        (other.id, 1, True),
    ]


def test_a_newer_revision_wins_over_an_older_one_signed_later(secretariat: Jalon) -> None:
    """A replaced revision never counts, even with a later clock on its signature."""
    fw = secretariat.framework
    first = varied_assessment(fw, government("NB"), 1)
    second = replace(varied_assessment(fw, government("NB"), 2, assessment_id=first.id), revision=2)
    insert_submission(secretariat, first, signed_at=FIXED_NOW + timedelta(days=9))
    insert_submission(secretariat, second, signed_at=FIXED_NOW)
    (row,) = consolidation.load_dashboard(secretariat).jurisdictions.heat_map.rows
    assert row.revision == 2


def test_workshop_groups_are_kept_apart_from_jurisdictions(secretariat: Jalon) -> None:
    fw = secretariat.framework
    insert_submission(secretariat, varied_assessment(fw, government("QC"), 1))
    table = workshop_group("Table 3")
    insert_submission(secretariat, varied_assessment(fw, table, 2))
    insert_submission(secretariat, varied_assessment(fw, workshop_group("Table 1"), 3))
    dash = consolidation.load_dashboard(secretariat)
    assert [r.jurisdiction.code for r in dash.jurisdictions.heat_map.rows] == ["QC"]
    assert [r.jurisdiction.code for r in dash.groups.heat_map.rows] == [
        "GRP-TABLE-1",
        "GRP-TABLE-3",
    ]
    assert all(r.section is Section.GROUPS for r in dash.groups.heat_map.rows)
    # Counts of each section cover only its own rows.
    assert dash.jurisdictions.roles.theme("strategy").answered == 1
    assert dash.groups.roles.theme("strategy").answered == 2
    answers = consolidation.collated_answers(secretariat)[0]
    assert [e.submission.jurisdiction.code for e in answers.jurisdictions] == ["QC"]
    assert [e.submission.jurisdiction.code for e in answers.groups] == [
        "GRP-TABLE-1",
        "GRP-TABLE-3",
    ]


def test_answers_are_collated_side_by_side_and_filter_by_jurisdiction(
    secretariat: Jalon,
) -> None:
    fw = secretariat.framework
    for seed, code in enumerate(["NL", "PE", "NU"]):
        a = varied_assessment(fw, government(code), seed)
        if code == "PE":
            a = am.with_answer(a, fw, "crunchy_measures", "")
        insert_submission(secretariat, a)
    everything = consolidation.collated_answers(secretariat)
    assert [q.question_id for q in everything] == [q.id for q in fw.questions]
    crunchy = next(q for q in everything if q.question_id == "crunchy_measures")
    assert [(e.submission.jurisdiction.code, e.text) for e in crunchy.jurisdictions] == [
        ("NL", "NL answers question 2."),
        ("NU", "NU answers question 2."),
    ]
    assert [i.jurisdiction.code for i in crunchy.unanswered_jurisdictions] == ["PE"]
    only = consolidation.collated_answers(secretariat, ["nu"])
    assert [e.submission.jurisdiction.code for e in only[0].jurisdictions] == ["NU"]


def test_the_trend_follows_one_jurisdictions_revisions_over_time(secretariat: Jalon) -> None:
    fw = secretariat.framework
    yt = government("YT")
    first = varied_assessment(fw, yt, 1, blanks=4)
    second = replace(varied_assessment(fw, yt, 6, assessment_id=first.id), revision=2)
    insert_submission(secretariat, first, signed_at=FIXED_NOW)
    insert_submission(secretariat, second, signed_at=FIXED_NOW + timedelta(days=30))
    insert_submission(secretariat, varied_assessment(fw, government("NT"), 2))
    points = consolidation.trend(secretariat, "YT")
    assert [(p.revision, p.signed_at) for p in points] == [
        (1, FIXED_NOW),
        (2, FIXED_NOW + timedelta(days=30)),
    ]
    for point, a in zip(points, (first, second), strict=True):
        scored = [r for r in a.responses if r.gap is not None]
        assert point.scored == len(scored)
        assert point.mean_current == pytest.approx(
            sum(r.current or 0 for r in scored) / len(scored)
        )
        assert point.mean_target == pytest.approx(sum(r.target or 0 for r in scored) / len(scored))
    assert consolidation.trend(secretariat, "NU") == []


def test_submissions_on_another_framework_version_are_counted_apart(secretariat: Jalon) -> None:
    fw = secretariat.framework
    insert_submission(secretariat, varied_assessment(fw, government("AB"), 1))
    old = varied_assessment(fw, government("BC"), 2)
    old = replace(old, framework=am.FrameworkRef(fw.id, "0.9", "0" * 64))
    insert_submission(secretariat, old)
    dash = consolidation.load_dashboard(secretariat)
    assert [r.jurisdiction.code for r in dash.jurisdictions.heat_map.rows] == ["AB"]
    assert dash.other_framework == 1


def test_upgrading_a_store_with_submissions_fills_the_dashboards_tables(tmp_path: Path) -> None:
    """Submissions imported before migration 0002 appear on the dashboard after it."""
    from alembic import command

    from jalon.store.database import _alembic_config

    fw_app = Jalon.open(tmp_path / "probe")
    fw = fw_app.framework
    fw_app.close()
    folder = tmp_path / "old"
    folder.mkdir()
    path = folder / DB_FILENAME
    engine = create_engine(URL.create("sqlite", database=str(path)))
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "0001")
    engine.dispose()
    a = am.sign(
        varied_assessment(fw, government("NS"), 7, blanks=2),
        am.Signature("Old Signer", "CIO", "cd" * 32, FIXED_NOW),
    )
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO submissions (package_sha256, package_id, assessment_id, revision, title,"
            " jurisdiction_code, jurisdiction_kind, jurisdiction_name_en, jurisdiction_name_fr,"
            " framework_id, framework_version, framework_sha256, signer_name, signer_title,"
            " key_id, signed_at, imported_at, imported_by, filename, assessment_json, package)"
            " VALUES (?, ?, ?, 1, ?, 'NS', 'province', 'Nova Scotia', 'Nouvelle-Écosse', ?, ?, ?,"
            " 'Old Signer', 'CIO', ?, '2026-11-02 14:30:00', '2026-11-02 15:00:00', 'x', 'f',"
            " ?, ?)",
            (
                "e" * 64,
                "p",
                a.id,
                a.title,
                fw.id,
                fw.version,
                fw.sha256,
                "cd" * 32,
                json.dumps(assessment_to_json(a)),
                b"old package",
            ),
        )
    with Jalon.open(folder) as app:
        assert app.database.backup_path is not None  # upgraded after a backup
        assert consolidation.refresh_contents(app) == 0  # the migration filled everything
        dash = consolidation.load_dashboard(app)
        (row,) = dash.jurisdictions.heat_map.rows
        assert row.jurisdiction.code == "NS"
        cell = dash.jurisdictions.heat_map.cell(0, 0)
        assert (cell.current, cell.target) == (a.responses[0].current, a.responses[0].target)
        assert dash.jurisdictions.completeness[0].completeness == completeness(a, fw)


def test_migration_0002_downgrades_and_upgrades_again_with_submissions(tmp_path: Path) -> None:
    from alembic import command

    from jalon.store.database import _alembic_config

    engine = create_engine(URL.create("sqlite", database=str(tmp_path / "db.sqlite3")))
    migrate(engine)
    with engine.begin() as connection:
        command.downgrade(_alembic_config(connection), "0001")
    with engine.connect() as connection:
        tables = set(connection.dialect.get_table_names(connection))
    assert "actions" not in tables
    assert "submission_responses" not in tables
    migrate(engine)
    engine.dispose()
