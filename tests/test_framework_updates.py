"""Framework updates end to end: the secretariat builds and signs a version, jurisdictions
install it (only from the secretariat's unrevoked key, only newer), carry an assessment
forward, export it, and the secretariat imports submissions on both versions."""

# The secretariat's fixtures are imported from the shared module, then requested by name.
# ruff: noqa: F811

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from jalon.cli.main import main as jalon_main
from jalon.core import assessment as am
from jalon.core.errors import InvalidInputError
from jalon.exchange.framework_package import FrameworkFileRefused
from jalon.services import assessments, carry, exchange, frameworks, keys, version_compare
from jalon.services.app import Jalon
from tests import edits

from .exchange_support import PASSPHRASE
from .framework_support import v1_source, v2_source, v3_source, write_source
from .secretariat_support import (  # noqa: F401 - secretariat, store_url: fixtures
    Installation,
    answer_everything,
    enroll_card,
    export_to,
    jurisdiction_installation,
    secretariat,
    store_url,
)


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


@pytest.fixture
def secretariat_office(tmp_path: Path) -> Iterator[Installation]:
    """The secretariat's data folder and signing key (the key whose card ships with Jalon)."""
    inst = jurisdiction_installation(tmp_path / "sec", "CA", signer="Dana Secretariat")
    yield inst
    inst.close()


@pytest.fixture
def shipped_trust(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, secretariat_office: Installation
) -> Path:
    """A copy of Jalon that ships the secretariat office's card and an empty revocation list."""
    folder = tmp_path / "trust"
    folder.mkdir()
    card = keys.write_key_card(secretariat_office.app, tmp_path / "cards")
    (folder / "secretariat-2026.card.json").write_bytes(card.read_bytes())
    (folder / "revoked.json").write_text(
        json.dumps({"format": "jalon.revocations", "format_version": 1, "revoked": []}),
        encoding="utf-8",
    )
    monkeypatch.setattr(frameworks, "shipped_trust_folder", lambda: folder)
    return folder


@pytest.fixture
def ontario(tmp_path: Path) -> Iterator[Installation]:
    inst = jurisdiction_installation(tmp_path / "on", "ON")
    yield inst
    inst.close()


def cli(*args: str) -> int:
    return jalon_main(list(args))


def build(inst: Installation, source: dict, out: Path, passphrase_file: Path) -> Path:
    src = write_source(source, out.parent, out.stem + ".json")
    code = cli(
        "framework",
        "build",
        str(src),
        "--out",
        str(out),
        "--passphrase-file",
        str(passphrase_file),
        "--data-dir",
        str(inst.folder),
    )
    assert code == 0
    return out


@pytest.fixture
def v2_file(
    tmp_path: Path, secretariat_office: Installation, shipped_trust: Path, passphrase_file: Path
) -> Path:
    return build(secretariat_office, v2_source(), tmp_path / "out" / "v2.jalonfw", passphrase_file)


@pytest.fixture
def v3_file(
    tmp_path: Path, v2_file: Path, secretariat_office: Installation, passphrase_file: Path
) -> Path:
    """Version 3.0, mapping 2.0 (the secretariat installs 2.0 first to build it)."""
    frameworks.install(secretariat_office.app, v2_file)
    return build(secretariat_office, v3_source(), tmp_path / "out" / "v3.jalonfw", passphrase_file)


def installed_files(inst: Installation) -> list[str]:
    folder = inst.folder / frameworks.INSTALLED
    return sorted(p.name for p in folder.glob("*.jalonfw")) if folder.exists() else []


def test_a_jurisdiction_installs_v2_carries_a_signed_v1_assessment_forward_and_exports_it(
    tmp_path: Path,
    v2_file: Path,
    secretariat_office: Installation,
    ontario: Installation,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assessment_id = answer_everything(ontario, seed=3)
    v1_package = export_to(ontario, assessment_id, tmp_path / "outbox-v1")
    capsys.readouterr()

    assert cli("framework", "install", str(v2_file), "--data-dir", str(ontario.folder)) == 0
    shown = capsys.readouterr().out
    assert "Installed framework version 2.0" in shown
    assert "Leadership → renamed" in shown
    assert "+ AI readiness (added)" in shown
    assert "- Procurement (removed)" in shown

    assert (
        cli(
            "carry-forward",
            assessment_id[:8],
            "--to",
            "2.0",
            "--yes",
            "--data-dir",
            str(ontario.folder),
        )
        == 0
    )
    screen = capsys.readouterr().out
    assert "merged" in screen
    assert "Policy and legislation" in screen
    assert "left behind" in screen
    assert "Procurement" in screen
    assert "new, to answer" in screen
    assert "AI readiness" in screen

    with Jalon.open(ontario.folder) as reopened:
        draft = assessments.get(reopened, assessment_id)
        assert (draft.revision, draft.framework.version) == (2, "2.0")
        signed_v1 = assessments.get(reopened, assessment_id, 1)
        assert signed_v1.framework.version == "1.0"
        assert signed_v1.is_frozen
        assert reopened.framework_for(signed_v1).has_theme("procurement")
        new_fw = reopened.framework_for(draft)
        edits.update_response(
            reopened,
            assessment_id,
            "ai_readiness",
            current=1,
            target=3,
            priority="high",
            role="contributes",
            capacity="partly",
        )
        for t in new_fw.themes:
            r = assessments.get(reopened, assessment_id).response(t.id)
            if r.role is None:  # a merge whose sources disagreed on the Council's role
                edits.update_response(reopened, assessment_id, t.id, role="co_leads")
        (tmp_path / "outbox-v2").mkdir()
        v2_package = exchange.export_assessment(
            reopened, assessment_id, PASSPHRASE, tmp_path / "outbox-v2"
        ).path
        # The signed version-1 package still verifies where version 2 is installed.
        (outcome,) = exchange.verify_packages(reopened, [v1_package])
        assert outcome.verdict is exchange.Verdict.NOT_ENROLLED, outcome.message
    assert v2_package.exists()

    # Quebec has not updated: its submission is on version 1.0.
    quebec = jurisdiction_installation(tmp_path / "qc", "QC", signer="Marie Gagnon")
    qc_id = answer_everything(quebec, seed=8)
    qc_package = export_to(quebec, qc_id, tmp_path / "outbox-qc")

    # The secretariat installs the version it published, then imports every submission.
    sec = secretariat_office.app
    frameworks.install(sec, v2_file)
    enroll_card(sec, ontario, tmp_path / "cards-on")
    enroll_card(sec, quebec, tmp_path / "cards-qc")
    outcomes = exchange.import_packages(sec, [v1_package, v2_package, qc_package])
    assert [o.step for o in outcomes] == [None, None, None], [o.message for o in outcomes]
    with sec.uow() as uow:
        versions = sorted(s.framework_version for s in uow.submissions.all())
    assert versions == ["1.0", "1.0", "2.0"]

    # Side by side on version 2.0: Ontario's current submission used 2.0, Quebec's 1.0,
    # carried through the mapping (the merged theme: lower current, higher target).
    compared = version_compare.compare(sec)
    assert compared.versions_used == {"1.0": 1, "2.0": 1}
    by_code = {r.info.jurisdiction.code: r for r in compared.rows}
    assert (by_code["ON"].version, by_code["QC"].version) == ("2.0", "1.0")
    themes = [t.id for t in compared.framework.themes]
    qc_v1 = quebec.app.framework_for(assessments.get(quebec.app, qc_id))
    qc = assessments.get(quebec.app, qc_id)
    merged = by_code["QC"].levels[themes.index("governance")]
    parts = [qc.response(t) for t in ("governance", "policy_legislation")]
    assert merged == (min(p.current for p in parts), max(p.target for p in parts))
    assert by_code["QC"].levels[themes.index("digital_leadership")] == (
        qc.response("leadership").current,
        qc.response("leadership").target,
    )
    assert by_code["QC"].levels[themes.index("ai_readiness")] == (None, None)
    assert qc_v1.version == "1.0"
    quebec.close()
    capsys.readouterr()
    assert cli("framework", "submissions", "--data-dir", str(secretariat_office.folder)) == 0
    listing = capsys.readouterr().out
    assert "versions used: 1.0 (1), 2.0 (1)" in listing
    assert "Quebec, revision 1, version 1.0" in listing
    assert "Ontario, revision 2, version 2.0" in listing


def test_install_refuses_the_same_version_again_as_a_rollback(
    v2_file: Path, ontario: Installation
) -> None:
    frameworks.install(ontario.app, v2_file)
    before = (ontario.folder / "frameworks" / "jc-digital-strategy-2.0.jalonfw").read_bytes()
    with pytest.raises(FrameworkFileRefused, match=r"already has version 2\.0"):
        frameworks.install(ontario.app, v2_file)
    assert (
        ontario.folder / "frameworks" / "jc-digital-strategy-2.0.jalonfw"
    ).read_bytes() == before


def test_install_refuses_an_older_version_as_a_rollback(
    tmp_path: Path,
    secretariat_office: Installation,
    shipped_trust: Path,
    passphrase_file: Path,
    ontario: Installation,
) -> None:
    old = v1_source()
    old["version"] = "0.9"
    file = build(secretariat_office, old, tmp_path / "out" / "old.jalonfw", passphrase_file)
    with pytest.raises(
        FrameworkFileRefused, match=r"holds version 0\.9, and this installation already"
    ):
        frameworks.install(ontario.app, file)
    assert installed_files(ontario) == []


def test_install_refuses_a_file_signed_by_a_foreign_key(
    tmp_path: Path, shipped_trust: Path, passphrase_file: Path, ontario: Installation
) -> None:
    # Ontario signs a version 2 with its own key: well formed, but not the secretariat's.
    forged = build(ontario, v2_source(), tmp_path / "out" / "forged.jalonfw", passphrase_file)
    with pytest.raises(FrameworkFileRefused, match="which is not the secretariat's key"):
        frameworks.install(ontario.app, forged)
    assert installed_files(ontario) == []
    assert ontario.app.framework.version == "1.0"


def revoke_secretariat_key(shipped_trust: Path, secretariat_office: Installation) -> None:
    key_id = keys.require_key(secretariat_office.app).key_id
    (shipped_trust / "revoked.json").write_text(
        json.dumps(
            {
                "format": "jalon.revocations",
                "format_version": 1,
                "revoked": [{"key_id": key_id, "revoked_at": "2027-01-01", "reason": "lost"}],
            }
        ),
        encoding="utf-8",
    )


def test_install_refuses_a_file_signed_by_a_revoked_secretariat_key(
    v2_file: Path, shipped_trust: Path, secretariat_office: Installation, ontario: Installation
) -> None:
    revoke_secretariat_key(shipped_trust, secretariat_office)
    with pytest.raises(FrameworkFileRefused, match="has been revoked"):
        frameworks.install(ontario.app, v2_file)
    assert installed_files(ontario) == []


def test_an_installed_file_is_not_loaded_once_its_secretariat_key_is_revoked(
    v2_file: Path, shipped_trust: Path, secretariat_office: Installation, ontario: Installation
) -> None:
    frameworks.install(ontario.app, v2_file)
    revoke_secretariat_key(shipped_trust, secretariat_office)
    path = ontario.folder / "frameworks" / "jc-digital-strategy-2.0.jalonfw"
    with Jalon.open(ontario.folder) as reopened:
        assert reopened.framework.version == "1.0"
        problems = reopened.frameworks.problems  # type: ignore[attr-defined]
        assert [p for p, _ in problems] == [path]
        assert "has been revoked" in problems[0][1]


def test_install_refuses_a_file_changed_after_it_was_signed(
    tmp_path: Path, v2_file: Path, ontario: Installation
) -> None:
    with zipfile.ZipFile(v2_file) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    members["framework.json"] = members["framework.json"].replace(b"AI readiness", b"AI-readiness")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), content)
    changed = tmp_path / "changed.jalonfw"
    changed.write_bytes(buffer.getvalue())
    with pytest.raises(FrameworkFileRefused, match="does not match the size and SHA-256"):
        frameworks.install(ontario.app, changed)
    assert installed_files(ontario) == []


def test_install_refuses_any_file_when_no_secretariat_card_is_shipped(
    tmp_path: Path, v2_file: Path, ontario: Installation, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty-trust"
    empty.mkdir()
    monkeypatch.setattr(frameworks, "shipped_trust_folder", lambda: empty)
    with pytest.raises(FrameworkFileRefused, match="not the secretariat's key"):
        frameworks.install(ontario.app, v2_file)


def test_a_card_trusted_in_one_data_folder_lets_it_install_after_the_fingerprint_is_confirmed(
    tmp_path: Path,
    secretariat_office: Installation,
    passphrase_file: Path,
    ontario: Installation,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    empty = tmp_path / "empty-trust"
    empty.mkdir()
    monkeypatch.setattr(frameworks, "shipped_trust_folder", lambda: empty)
    file = build(secretariat_office, v2_source(), tmp_path / "out" / "v2.jalonfw", passphrase_file)
    card = keys.write_key_card(secretariat_office.app, tmp_path / "cards")
    wrong = "0000 0000 0000 0000 0000 0000 0000 0000"
    assert (
        cli(
            "framework",
            "trust",
            str(card),
            "--fingerprint",
            wrong,
            "--data-dir",
            str(ontario.folder),
        )
        == 1
    )
    assert "does not match the key card" in capsys.readouterr().err
    fingerprint = keys.require_key(secretariat_office.app).fingerprint
    assert (
        cli(
            "framework",
            "trust",
            str(card),
            "--fingerprint",
            fingerprint,
            "--data-dir",
            str(ontario.folder),
        )
        == 0
    )
    result = frameworks.install(ontario.app, file)
    assert result.local_trust
    capsys.readouterr()
    assert cli("framework", "list", "--data-dir", str(ontario.folder)) == 0
    listing = capsys.readouterr().out
    assert "2.0" in listing
    assert "trusted by this data folder only" in listing


def test_an_installed_file_changed_on_disk_is_not_loaded(
    v2_file: Path, ontario: Installation
) -> None:
    frameworks.install(ontario.app, v2_file)
    path = ontario.folder / "frameworks" / "jc-digital-strategy-2.0.jalonfw"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with Jalon.open(ontario.folder) as reopened:
        assert reopened.framework.version == "1.0"
        assert [p for p, _ in reopened.frameworks.problems] == [path]  # type: ignore[attr-defined]


def test_carry_forward_refuses_a_draft_and_changes_nothing(
    v2_file: Path, ontario: Installation
) -> None:
    frameworks.install(ontario.app, v2_file)
    a = assessments.create(ontario.app, ontario.jurisdiction, "Still a draft")
    # A draft is refused whatever its version: a new version starts from a signed revision.
    from jalon.services import carry

    with pytest.raises(InvalidInputError, match="is still a draft"):
        carry.carry_forward(ontario.app, a.id, "2.0")
    with ontario.app.uow() as uow:
        assert [i.revision for i in uow.assessments.revisions(a.id)] == [1]


def test_carry_forward_without_yes_and_without_a_terminal_shows_the_plan_and_changes_nothing(
    tmp_path: Path, v2_file: Path, ontario: Installation, capsys: pytest.CaptureFixture[str]
) -> None:
    assessment_id = answer_everything(ontario, seed=5)
    export_to(ontario, assessment_id, tmp_path / "outbox")
    frameworks.install(ontario.app, v2_file)
    capsys.readouterr()
    assert (
        cli("carry-forward", assessment_id, "--to", "2.0", "--data-dir", str(ontario.folder)) == 1
    )
    out, err = capsys.readouterr()
    assert "split" in out
    assert "Data sharing" in out
    assert "Add --yes" in err
    assert assessments.get(ontario.app, assessment_id).revision == 1


def test_framework_diff_on_the_command_line_lists_each_kind_of_change_in_french(
    v2_file: Path, ontario: Installation, capsys: pytest.CaptureFixture[str]
) -> None:
    frameworks.install(ontario.app, v2_file)
    capsys.readouterr()
    assert (
        cli("framework", "diff", "1.0", "2.0", "--lang", "fr", "--data-dir", str(ontario.folder))
        == 0
    )
    out = capsys.readouterr().out
    assert "De la version 1.0 à la version 2.0" in out
    assert "fusionné avec" in out
    assert "scindé en" in out


def test_an_assessment_made_on_v1_stays_on_v1_after_v2_is_installed(
    v2_file: Path, ontario: Installation
) -> None:
    before = assessments.create(ontario.app, ontario.jurisdiction, "Made on 1.0")
    frameworks.install(ontario.app, v2_file)
    after = assessments.create(ontario.app, ontario.jurisdiction, "Made on 2.0")
    with Jalon.open(ontario.folder) as reopened:
        old = assessments.get(reopened, before.id)
        assert old.framework.version == "1.0"
        assert reopened.framework_for(old).version == "1.0"
        assert assessments.get(reopened, after.id).framework.version == "2.0"
        assert isinstance(old, am.Assessment)


def test_the_about_box_shows_the_secretariat_key_framework_updates_must_be_signed_by(
    qtbot: object, shipped_trust: Path, secretariat_office: Installation, ontario: Installation
) -> None:
    from jalon.ui.help import AboutDialog

    about = AboutDialog(ontario.app)
    qtbot.addWidget(about)  # type: ignore[attr-defined]
    fingerprint = keys.require_key(secretariat_office.app).fingerprint
    assert fingerprint in about.database.text()
    assert "Framework 1.0;" in about.database.text()


def test_the_about_box_says_updates_cannot_be_installed_when_no_secretariat_key_ships(
    qtbot: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ontario: Installation
) -> None:
    from jalon.ui.help import AboutDialog

    monkeypatch.setattr(frameworks, "shipped_trust_folder", lambda: tmp_path)
    about = AboutDialog(ontario.app)
    qtbot.addWidget(about)  # type: ignore[attr-defined]
    assert "updates cannot be installed" in about.database.text()


def test_build_refuses_a_source_whose_mapping_forgets_an_old_theme_and_writes_nothing(
    tmp_path: Path,
    secretariat_office: Installation,
    passphrase_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    raw = v2_source()
    raw["previous"]["added"].append("talent")
    raw["previous"]["themes"] = [m for m in raw["previous"]["themes"] if m["from"] != "talent"]
    src = write_source(raw, tmp_path / "src", "bad.json")
    out = tmp_path / "out" / "bad.jalonfw"
    code = cli(
        "framework", "build", str(src), "--out", str(out),
        "--passphrase-file", str(passphrase_file), "--data-dir", str(secretariat_office.folder),
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert "the old theme 'talent' is not accounted for" in err
    assert err.count("\n") == 1
    assert not out.exists()


def test_install_refuses_a_file_that_is_not_a_framework_file_in_one_line(
    tmp_path: Path, ontario: Installation, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "notes.jalonfw"
    junk.write_text("not a zip", encoding="utf-8")
    assert cli("framework", "install", str(junk), "--data-dir", str(ontario.folder)) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"jalon: The framework file {junk} was refused: the archive")
    assert err.count("\n") == 1
    assert installed_files(ontario) == []


def test_carry_forward_refuses_a_version_that_is_not_installed(
    tmp_path: Path, ontario: Installation, capsys: pytest.CaptureFixture[str]
) -> None:
    assessment_id = answer_everything(ontario, seed=2)
    export_to(ontario, assessment_id, tmp_path / "outbox")
    code = cli("carry-forward", assessment_id, "--to", "2.0", "--yes", "--data-dir",
               str(ontario.folder))  # fmt: skip
    assert code == 1
    assert "version 2.0 is not installed" in capsys.readouterr().err
    assert assessments.get(ontario.app, assessment_id).revision == 1


def test_the_demo_still_works_after_a_version_it_does_not_cover_is_installed(
    v2_file: Path, ontario: Installation
) -> None:
    from jalon.core.jurisdiction import government
    from jalon.services import demo

    frameworks.install(ontario.app, v2_file)
    sample = demo.create_demo(ontario.app, government("ON"), "en")
    assert sample.framework.version == "1.0"
    assert all(r.is_complete for r in sample.responses)


def test_submissions_on_two_versions_are_compared_on_the_newest_on_every_backend(
    v2_file: Path, secretariat: Jalon
) -> None:
    from jalon.core.jurisdiction import government

    from .secretariat_support import insert_submission, varied_assessment

    frameworks.install(secretariat, v2_file)
    v2 = secretariat.framework
    v1 = secretariat.frameworks.get(v2.id, "1.0")
    old = varied_assessment(v1, government("NS"), 3)
    insert_submission(secretariat, old)
    insert_submission(secretariat, varied_assessment(v2, government("ON"), 4))
    # Nova Scotia again, later, on version 2.0: its newer submission is the one compared.
    later = datetime(2027, 4, 1, tzinfo=UTC)
    newer = varied_assessment(v2, government("NS"), 5, assessment_id="ns-second")
    insert_submission(secretariat, newer, signed_at=later)
    compared = version_compare.compare(secretariat)
    assert compared.versions_used == {"2.0": 2}
    by_code = {r.info.jurisdiction.code: r for r in compared.rows}
    assert by_code["NS"].info.assessment_id == "ns-second"
    assert by_code["NS"].levels == tuple(
        (newer.response(t.id).current, newer.response(t.id).target) for t in v2.themes
    )


def test_install_refuses_a_file_too_large_to_be_a_framework_file_without_reading_it_whole(
    tmp_path: Path, ontario: Installation
) -> None:
    from jalon.exchange.framework_package import LIMITS

    huge = tmp_path / "huge.jalonfw"
    with huge.open("wb") as handle:
        handle.truncate(LIMITS.max_archive_bytes * 20)
    with pytest.raises(FrameworkFileRefused, match="larger than a framework file may be"):
        frameworks.install(ontario.app, huge)
    assert installed_files(ontario) == []


def test_a_damaged_trusted_card_trusts_nothing_and_the_data_folder_still_opens(
    v2_file: Path, ontario: Installation
) -> None:
    frameworks.install(ontario.app, v2_file)
    trusted = ontario.folder / "frameworks" / "trusted-keys"
    trusted.mkdir()
    (trusted / "broken.json").write_text("{not json", encoding="utf-8")
    with Jalon.open(ontario.folder) as reopened:
        assert reopened.framework.version == "2.0"


@pytest.mark.parametrize(
    ("lang", "how"),
    [
        ("en", ["File › Install a framework update…", "jalon framework install FILE"]),
        ("fr", ["Fichier › Installer une mise à jour du cadre…", "jalon framework install"]),
    ],
)
def test_an_assessment_whose_framework_version_is_not_installed_says_how_to_install_it(
    tmp_path: Path,
    v2_file: Path,
    ontario: Installation,
    capsys: pytest.CaptureFixture[str],
    lang: str,
    how: list[str],
) -> None:
    assessment_id = answer_everything(ontario, seed=4)
    export_to(ontario, assessment_id, tmp_path / "outbox")
    frameworks.install(ontario.app, v2_file)
    carry.carry_forward(ontario.app, assessment_id, "2.0")
    (ontario.folder / "frameworks" / "jc-digital-strategy-2.0.jalonfw").unlink()
    capsys.readouterr()
    out = tmp_path / "report.pdf"
    code = cli("report", assessment_id, "--out", str(out), "--lang", lang,
               "--data-dir", str(ontario.folder))  # fmt: skip
    assert code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "2.0" in err
    for words in how:
        assert words in err
    assert not out.exists()


def test_a_v1_assessment_is_carried_to_v3_through_the_mappings_of_v2_and_v3(
    tmp_path: Path,
    v2_file: Path,
    v3_file: Path,
    ontario: Installation,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assessment_id = answer_everything(ontario, seed=5)
    export_to(ontario, assessment_id, tmp_path / "outbox")
    frameworks.install(ontario.app, v2_file)
    frameworks.install(ontario.app, v3_file)
    signed = assessments.get(ontario.app, assessment_id)
    assert carry.newer_version(ontario.app, signed) == "3.0"  # the editor's banner offers 3.0
    capsys.readouterr()
    code = cli("carry-forward", assessment_id, "--to", "3.0", "--yes", "--data-dir",
               str(ontario.folder))  # fmt: skip
    assert code == 0, capsys.readouterr().err
    screen = capsys.readouterr().out
    assert "Strategy and leadership" in screen
    assert "Procurement" in screen  # left behind in 2.0, said in 3.0's plan

    with Jalon.open(ontario.folder) as reopened:
        draft = assessments.get(reopened, assessment_id)
        assert (draft.revision, draft.framework.version) == (2, "3.0")
        assert assessments.get(reopened, assessment_id, 1).framework.version == "1.0"
        v1 = signed.response
        # strategy (kept in 2.0) and leadership (renamed in 2.0) merged in 3.0.
        parts = [v1("strategy"), v1("leadership")]
        strategy = draft.response("strategy")
        assert (strategy.current, strategy.target) == (
            min(p.current for p in parts),
            max(p.target for p in parts),
        )
        assert strategy.comment.startswith("[Strategy] ")
        assert "\n\n[Leadership] " in strategy.comment
        # governance and policy_legislation merged in 2.0, kept in 3.0.
        gov = [v1("governance"), v1("policy_legislation")]
        assert draft.response("governance").current == min(p.current for p in gov)
        # data_sharing split in 2.0; its second part removed in 3.0; the first kept.
        assert draft.response("data_sharing").current == v1("data_sharing").current
        # ai_readiness added in 2.0 and renamed in 3.0: nothing to carry.
        assert draft.response("ai_adoption").current is None


def test_the_carry_forward_plan_from_v1_to_v3_speaks_of_the_v1_themes(
    tmp_path: Path, v2_file: Path, v3_file: Path, ontario: Installation
) -> None:
    from jalon.core.carry_forward import Outcome

    assessment_id = answer_everything(ontario, seed=6)
    export_to(ontario, assessment_id, tmp_path / "outbox")
    frameworks.install(ontario.app, v2_file)
    frameworks.install(ontario.app, v3_file)
    plan = carry.preview(ontario.app, assessment_id, "3.0")
    by_theme = {(t.theme_id, t.outcome): t for t in plan.themes}
    assert by_theme[("strategy", Outcome.MERGED)].sources == ("strategy", "leadership")
    assert by_theme[("governance", Outcome.MERGED)].sources == ("governance", "policy_legislation")
    assert by_theme[("data_sharing", Outcome.SPLIT)].sources == ("data_sharing",)
    assert by_theme[("ai_adoption", Outcome.ADDED)].sources == ()
    assert by_theme[("cyber_resilience", Outcome.ADDED)].sources == ()
    assert by_theme[("security", Outcome.CARRIED)].sources == ("security",)
    left = [t.theme_id for t in plan.of(Outcome.LEFT_BEHIND)]
    assert left == ["procurement"]  # data_sharing lives on in 3.0's data_sharing
    assert [t.theme_id for t in plan.themes if t.outcome is not Outcome.LEFT_BEHIND] == [
        t.id for t in ontario.app.frameworks.get("jc-digital-strategy", "3.0").themes
    ]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Version 3.0 reaches version 1.0 only through version 2.0, which is not installed"),
        ("fr", "La version 3.0 ne rejoint la version 1.0 qu'en passant par la version 2.0"),
    ],
)
def test_carrying_forward_across_a_missing_version_is_refused_naming_it(
    tmp_path: Path,
    v2_file: Path,
    v3_file: Path,
    ontario: Installation,
    capsys: pytest.CaptureFixture[str],
    lang: str,
    said: str,
) -> None:
    assessment_id = answer_everything(ontario, seed=7)
    export_to(ontario, assessment_id, tmp_path / "outbox")
    frameworks.install(ontario.app, v2_file)
    frameworks.install(ontario.app, v3_file)
    (ontario.folder / "frameworks" / "jc-digital-strategy-2.0.jalonfw").unlink()
    capsys.readouterr()
    code = cli("carry-forward", assessment_id, "--to", "3.0", "--yes", "--lang", lang,
               "--data-dir", str(ontario.folder))  # fmt: skip
    assert code == 1
    err = capsys.readouterr().err
    assert said in err
    assert "jalon framework install" in err
    assert err.count("\n") == 1
    with Jalon.open(ontario.folder) as reopened:
        assert assessments.get(reopened, assessment_id).revision == 1


def pdf_words(path: Path) -> str:
    import re
    import subprocess

    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return re.sub(r"\s+", " ", text)


@pytest.mark.skipif(__import__("shutil").which("pdftotext") is None, reason="needs pdftotext")
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            [
                "version 1.0: 2, version 2.0: 1",
                "Framework versions",
                "Version used by each submission",
                "Current level, on version 2.0",
                "Gap, on version 2.0",
                "framework version 1.0",
                "framework version 2.0",
                "Submissions made with another version of the framework, not collated here: 2.",
                "They are compared with the others through the mappings",
            ],
        ),
        (
            "fr",
            [
                "version 1.0 : 2, version 2.0 : 1",
                "Versions du cadre",
                "Version utilisée par chaque réponse",
                "Niveau actuel, selon la version 2.0",
                "version 1.0 du cadre",
                "version 2.0 du cadre",
            ],
        ),
    ],
)
def test_the_consolidated_report_compares_submissions_on_two_versions_and_says_which_each_used(
    tmp_path: Path,
    v2_file: Path,
    secretariat: Jalon,
    store_url: str | None,
    lang: str,
    said: list[str],
) -> None:
    from jalon.core.jurisdiction import government
    from jalon.services.consolidation import consolidated_data

    from .secretariat_support import insert_submission, varied_assessment

    frameworks.install(secretariat, v2_file)
    v2 = secretariat.framework
    v1 = secretariat.frameworks.get(v2.id, "1.0")
    quebec = varied_assessment(v1, government("QC"), 3)
    insert_submission(secretariat, quebec)
    insert_submission(secretariat, varied_assessment(v1, government("NS"), 6))
    insert_submission(secretariat, varied_assessment(v2, government("ON"), 4))

    # The report compares through the dashboard's own comparison, not a copy of it.
    data = consolidated_data(secretariat)
    assert data.versions == version_compare.compare(secretariat)
    assert data.versions is not None
    assert data.versions.versions_used == {"1.0": 2, "2.0": 1}
    heat = data.versions.heat_map(data.versions.rows[0].info.section)
    row = heat.row_of("QC")
    merged = heat.cell(row, [t.id for t in v2.themes].index("governance"))
    parts = [quebec.response(t) for t in ("governance", "policy_legislation")]
    assert (merged.current, merged.target) == (
        min(p.current for p in parts),
        max(p.target for p in parts),
    )
    assert {i.framework_version for i in data.submissions} == {"1.0", "2.0"}
    # Compared through the mappings: current, not "superseded", in the annex.
    assert all(i.current for i in data.submissions)

    out = tmp_path / f"report-{lang}.pdf"
    database = ["--database", store_url] if store_url else []
    code = cli("report", "--consolidated", "--out", str(out), "--lang", lang,
               "--data-dir", str(secretariat.data_dir), *database)  # fmt: skip
    assert code == 0
    text = pdf_words(out)
    for words in said:
        assert words in text, words


def test_the_consolidated_report_has_no_versions_section_when_one_version_is_known(
    tmp_path: Path, secretariat: Jalon
) -> None:
    from jalon.core.jurisdiction import government
    from jalon.services.consolidation import consolidated_data

    from .secretariat_support import insert_submission, varied_assessment

    insert_submission(secretariat, varied_assessment(secretariat.framework, government("QC"), 3))
    data = consolidated_data(secretariat)
    assert data.versions is None
    assert {i.framework_version for i in data.submissions} == {"1.0"}
