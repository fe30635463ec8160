"""The exchange through the services, as the desktop app and the command line use it.

A jurisdiction's installation creates its key, signs and exports real packages (report
rendered and PAdES-signed); a secretariat's installation enrols the key card and verifies and
imports them. Every refusal is checked for its step and for writing nothing to the database
(see :func:`database_state` for how "nothing" is measured) and one line to the journal.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jalon.core import assessment as am
from jalon.core.errors import InvalidInputError, Message, ReadOnlyError, StorageError
from jalon.core.jurisdiction import government
from jalon.exchange.errors import WrongPassphraseError
from jalon.exchange.keys import UnlockedKey
from jalon.exchange.package import package_filename
from jalon.i18n import set_language, translator
from jalon.services import assessments, demo, exchange, keys, trust
from jalon.services.app import Jalon
from jalon.store.database import DB_FILENAME
from tests import edits

from .conftest import FIXED_NOW
from .exchange_support import (
    PASSPHRASE,
    forge,
    format1_package,
    members_of,
    repack,
    report_pdf,
    signed_reports_for,
    signer_key,
    the_framework,
)
from .secretariat_support import (
    Installation,
    enroll_key,
    jurisdiction_installation,
    quick_package,
    signing_key_for,
    varied_assessment,
)

ON = government("ON")
QC = government("QC")
WRONG = "not the passphrase at all, sorry"
FUZZ_EXAMPLES = int(os.environ.get("JALON_FUZZ_EXAMPLES", "50"))


# -- what "nothing was written" means ---------------------------------------------------------


@dataclass(frozen=True)
class DatabaseState:
    sha256: str
    dump: tuple[str, ...]


def database_state(data_dir: Path) -> DatabaseState:
    """The SQLite database of ``data_dir`` as bytes (hashed) and as SQL statements.

    Method: with WAL journaling, committed changes live in ``jalon.sqlite3-wal`` until a
    checkpoint copies them into the main file. ``PRAGMA wal_checkpoint(TRUNCATE)`` does that
    copy deterministically and empties the log; after it the main file's bytes hold every
    committed change, and a checkpoint with nothing new to copy does not touch the file. So
    two states taken this way have equal hashes exactly when nothing was committed in
    between: a byte-for-byte comparison that does not depend on when SQLite chose to
    checkpoint. The logical dump (``iterdump``) is compared as well, only to show *what*
    changed when the bytes differ. The ``-shm`` file is an index of the log that SQLite
    rebuilds at will, not data, and is left out.
    """
    path = data_dir / DB_FILENAME
    with contextlib.closing(sqlite3.connect(path)) as connection:
        busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        assert busy == 0, "a transaction was left open"
        dump = tuple(connection.iterdump())
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    return DatabaseState(hashlib.sha256(path.read_bytes()).hexdigest(), dump)


def assert_unchanged(before: DatabaseState, after: DatabaseState) -> None:
    assert after.dump == before.dump, [s for s in after.dump if s not in before.dump][:5]
    assert after.sha256 == before.sha256


def journal(data_dir: Path) -> list[dict[str, object]]:
    path = data_dir / exchange.JOURNAL
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


# -- a key must never be on disk in clear -----------------------------------------------------


def private_secrets(key: UnlockedKey) -> dict[str, bytes]:
    """Every form in which the private key could leak to a file."""
    der = key.pkcs8_der()
    scalar = key.private_key.private_numbers().private_value.to_bytes(32, "big")
    encoded = base64.b64encode(der)
    return {
        "PKCS#8 DER": der,
        "PKCS#8 in base64": encoded,
        "PKCS#8 PEM first line": encoded[:64],
        "private scalar": scalar,
        "private scalar in hex": scalar.hex().encode(),
        "private scalar in base64": base64.b64encode(scalar),
    }


def files_holding(root: Path, secrets: dict[str, bytes]) -> list[str]:
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            found += [f"{path}: {name}" for name, value in secrets.items() if value in data]
    return found


# -- installations ---------------------------------------------------------------------------


@dataclass
class Exported:
    """Ontario's installation after exporting revision 1, then editing and exporting 2."""

    app: Jalon
    root: Path
    assessment_id: str
    r1: exchange.ExportResult
    r2: exchange.ExportResult
    draft: am.Assessment  # revision 2 as started, before it was signed
    progress: list[tuple[int, int, str]]
    out: Path

    @property
    def card(self) -> Path:
        return keys.write_key_card(self.app, self.root)


REVISED_COMMENT = "Revised after the second workshop."


@pytest.fixture(scope="module")
def ontario(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Exported]:
    """A real key (the real scrypt work factor), a demo assessment, two real exports."""
    root = tmp_path_factory.mktemp("ontario")
    with Jalon.open(root / "data") as app:
        keys.create_signing_key(
            app,
            PASSPHRASE,
            jurisdiction=ON,
            name="Alex Tremblay",
            title="Chief Information Officer",
        )
        a = demo.create_demo(app, ON, "en")
        out = root / "out"
        out.mkdir()
        steps: list[tuple[int, int, str]] = []
        r1 = exchange.export_assessment(
            app,
            a.id[:8],
            PASSPHRASE,
            out,
            progress=lambda done, total, what: steps.append((done, total, what.english())),
        )
        draft = assessments.start_new_revision(app, a.id)
        theme = app.framework.themes[0].id
        edits.update_response(app, a.id, theme, comment=REVISED_COMMENT)
        r2 = exchange.export_assessment(app, a.id, PASSPHRASE, out)
        yield Exported(app, root, a.id, r1, r2, draft, steps, out)


@pytest.fixture
def secretariat(tmp_path: Path) -> Iterator[Jalon]:
    with Jalon.open(tmp_path / "secretariat") as app:
        yield app


@pytest.fixture
def enrolled(secretariat: Jalon, ontario: Exported) -> Jalon:
    """The secretariat, having enrolled Ontario's key card."""
    trust.enroll(secretariat, trust.read_card_file(ontario.card))
    return secretariat


@pytest.fixture
def quick_ontario(tmp_path: Path) -> Iterator[tuple[Installation, am.Assessment]]:
    """An installation with a quick test key and a complete draft, for exports that fail."""
    inst = jurisdiction_installation(tmp_path, ON)
    a = demo.create_demo(inst.app, ON, "en")
    yield inst, a
    inst.close()


def copy_to(source: Path, folder: Path, name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (name or source.name)
    shutil.copyfile(source, target)
    return target


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


# -- keys ------------------------------------------------------------------------------------


def test_a_new_signing_key_is_owner_only_and_never_on_disk_in_clear(ontario: Exported) -> None:
    info = keys.key_info(ontario.app)
    assert info is not None
    if os.name == "posix":
        assert info.path.stat().st_mode & 0o777 == 0o600
    document = json.loads(info.path.read_bytes())
    assert document["kdf"] == {**document["kdf"], "name": "scrypt", "n": 2**17, "r": 8, "p": 1}
    assert document["cipher"]["name"] == "AES-256-GCM"
    unlocked = keys.unlock(ontario.app, PASSPHRASE)
    assert unlocked.key_id == info.key_id
    # The whole installation (key file, database, exports, card) holds no private key bytes.
    assert files_holding(ontario.root, private_secrets(unlocked)) == []


def test_the_key_card_of_one_installation_is_enrolled_by_another(
    ontario: Exported, secretariat: Jalon
) -> None:
    info = keys.key_info(ontario.app)
    assert info is not None
    card = trust.read_card_file(ontario.card)
    assert card.fingerprint == info.fingerprint
    assert len(info.fingerprint.split()) == 8
    entry = trust.enroll(secretariat, card)
    assert (entry.key_id, entry.jurisdiction.code) == (info.key_id, "ON")
    assert entry.enrolled_by == secretariat.actor
    assert not entry.revoked
    with pytest.raises(InvalidInputError, match="already enrolled"):
        trust.enroll(secretariat, card)


def test_a_signer_name_that_cannot_be_recorded_leaves_no_key_behind(tmp_path: Path) -> None:
    # A NUL pasted into the name: the key could be made, the identity cannot be recorded.
    with Jalon.open(tmp_path / "data") as app:
        with pytest.raises(InvalidInputError, match="NUL"):
            keys.create_signing_key(
                app, PASSPHRASE, jurisdiction=ON, name="Alex\x00Tremblay", title="CIO"
            )
        assert keys.key_info(app) is None
        assert list(app.keys_dir.iterdir()) == []
        # So the person can simply try again (no "a signing key already exists").
        info = keys.create_signing_key(
            app, PASSPHRASE, jurisdiction=ON, name="Alex Tremblay", title="CIO"
        )
        assert info.signer_name == "Alex Tremblay"


def test_revoking_names_the_key_by_its_fingerprint_and_refuses_to_guess(
    secretariat: Jalon,
) -> None:
    key = signing_key_for(ON)
    enroll_key(secretariat, key)
    before = database_state(secretariat.data_dir)
    with pytest.raises(InvalidInputError, match="too short") as caught:
        trust.revoke(secretariat, key.key_id[:4])
    assert "at least 8 characters" in str(caught.value)
    assert_unchanged(before, database_state(secretariat.data_dir))
    revoked = trust.revoke(secretariat, key.fingerprint.lower(), "Laptop lost")
    assert revoked.revoked
    assert revoked.revoke_reason == "Laptop lost"
    with pytest.raises(InvalidInputError) as caught:
        trust.revoke(secretariat, key.key_id)
    assert str(caught.value).startswith(f"The key {key.fingerprint} was already revoked by ")
    with pytest.raises(InvalidInputError, match="was revoked and cannot be enrolled again"):
        enroll_key(secretariat, key)


def test_a_wrong_passphrase_changes_nothing_even_three_times_in_a_row(
    quick_ontario: tuple[Installation, am.Assessment], tmp_path: Path
) -> None:
    inst, a = quick_ontario
    out = tmp_path / "out"
    out.mkdir()
    trail = assessments.audit_trail(inst.app, a.id)
    before = database_state(inst.folder)
    for _ in range(3):
        with pytest.raises(WrongPassphraseError, match="does not unlock"):
            exchange.export_assessment(inst.app, a.id, WRONG, out)
    assert assessments.get(inst.app, a.id).status is am.Status.DRAFT
    assert assessments.audit_trail(inst.app, a.id) == trail
    assert list(out.iterdir()) == []
    assert not (inst.folder / exchange.EXPORTS).exists()
    assert_unchanged(before, database_state(inst.folder))
    # The right passphrase still works afterwards: nothing was locked or damaged.
    keys.unlock(inst.app, PASSPHRASE)


# -- export ----------------------------------------------------------------------------------


def test_export_signs_then_exports_and_audits_both(ontario: Exported) -> None:
    app, r1 = ontario.app, ontario.r1
    stored = assessments.get(app, ontario.assessment_id, 1)
    assert stored.status is am.Status.EXPORTED
    assert r1.assessment.status is am.Status.EXPORTED
    assert stored.signature is not None
    assert stored.signature.key_id == r1.key_id
    assert stored.signature.signer_name == "Alex Tremblay"
    assert r1.path.parent == ontario.out
    assert r1.path.name == package_filename(stored)
    assert hashlib.sha256(r1.path.read_bytes()).hexdigest() == r1.package_sha256
    trail = [e for e in assessments.audit_trail(app, ontario.assessment_id) if e.revision == 1]
    actions = [e.action for e in trail]
    assert "sign" in actions
    assert "export" in actions
    assert actions.index("sign") < actions.index("export")
    for entry in trail:
        if entry.action in ("sign", "export"):
            assert entry.actor == "Alex Tremblay"  # who
            assert entry.at >= FIXED_NOW  # when
    assert any(
        e.action == "export" and e.field == "package" and r1.package_sha256 in (e.new_value or "")
        for e in trail
    )  # what
    # Each report is a step of its own, written then signed: the bar counts both.
    assert [s[0] for s in ontario.progress] == [0, 1, 2, 3, 4, 5, 6, 7, 8]
    assert {s[1] for s in ontario.progress} == {8}
    assert [s[2] for s in ontario.progress][2:6] == [
        "Writing the report in English",
        "Writing the report in French",
        "Signing the English report",
        "Signing the French report and the package",
    ]


def test_a_signed_revision_is_frozen(ontario: Exported) -> None:
    app = ontario.app
    theme = app.framework.themes[1].id
    before = database_state(app.data_dir)
    with pytest.raises(ReadOnlyError):
        edits.update_response(app, ontario.assessment_id, theme, comment="Too late.")
    with pytest.raises(ReadOnlyError):
        assessments.save(app, replace(assessments.get(app, ontario.assessment_id, 1), title="X"))
    assert_unchanged(before, database_state(app.data_dir))


def test_editing_after_signing_starts_a_new_draft_revision(ontario: Exported) -> None:
    app, draft = ontario.app, ontario.draft
    assert (draft.revision, draft.status, draft.signature) == (2, am.Status.DRAFT, None)
    theme = app.framework.themes[0].id
    r1 = assessments.get(app, ontario.assessment_id, 1)
    r2 = assessments.get(app, ontario.assessment_id, 2)
    assert r1.response(theme).comment != REVISED_COMMENT  # revision 1 kept as signed
    assert r2.response(theme).comment == REVISED_COMMENT
    assert r2.status is am.Status.EXPORTED
    assert ontario.r2.path.name.endswith(
        f"-r2-{ontario.r2.assessment.signature.signed_at.date()}.jalon"
    )


def test_export_leaves_only_the_packages_in_the_folder(ontario: Exported) -> None:
    assert sorted(p.name for p in ontario.out.iterdir()) == sorted(
        [ontario.r1.path.name, ontario.r2.path.name]
    )


def test_export_without_a_folder_writes_to_the_exports_folder_of_the_data_folder(
    quick_ontario: tuple[Installation, am.Assessment],
) -> None:
    inst, a = quick_ontario
    result = exchange.export_assessment(inst.app, a.id, PASSPHRASE)
    assert result.path.parent == exchange.default_export_dir(inst.app)
    assert result.path.parent == inst.folder / "exports"
    assert [p.name for p in result.path.parent.iterdir()] == [result.path.name]


def test_export_to_a_folder_that_no_longer_exists_is_refused_before_signing(
    quick_ontario: tuple[Installation, am.Assessment], tmp_path: Path
) -> None:
    inst, a = quick_ontario
    gone = tmp_path / "usb-stick"
    gone.mkdir()
    gone.rmdir()  # the stick was pulled out after the folder was chosen
    before = database_state(inst.folder)
    with pytest.raises(StorageError) as caught:
        exchange.export_assessment(inst.app, a.id, PASSPHRASE, gone)
    assert str(gone) in str(caught.value)
    assert "does not exist" in str(caught.value)
    assert assessments.get(inst.app, a.id).status is am.Status.DRAFT
    assert_unchanged(before, database_state(inst.folder))
    assert not gone.exists()


def test_a_stick_removed_while_writing_leaves_no_package_and_the_export_can_be_retried(
    quick_ontario: tuple[Installation, am.Assessment], tmp_path: Path
) -> None:
    inst, a = quick_ontario
    out = tmp_path / "usb-stick"
    out.mkdir()

    def pull_the_stick(done: int, total: int, what: Message) -> None:
        if what.english() == "Writing the package":
            shutil.rmtree(out)

    with pytest.raises(StorageError, match="does not exist"):
        exchange.export_assessment(inst.app, a.id, PASSPHRASE, out, progress=pull_the_stick)
    signed = assessments.get(inst.app, a.id)
    # Signed (the signing happened), not exported; no half-written package anywhere.
    assert signed.status is am.Status.SIGNED
    assert "export" not in {e.action for e in assessments.audit_trail(inst.app, a.id)}
    assert not out.exists()
    assert list(tmp_path.glob("**/*.part")) == []

    out.mkdir()
    result = exchange.export_assessment(inst.app, a.id, PASSPHRASE, out)
    assert result.assessment.status is am.Status.EXPORTED
    assert result.assessment.signature == signed.signature  # the same signed revision
    assert [p.name for p in out.iterdir()] == [result.path.name]


def test_a_package_that_does_not_read_back_intact_is_removed_and_not_marked_exported(
    quick_ontario: tuple[Installation, am.Assessment], tmp_path: Path
) -> None:
    inst, a = quick_ontario
    out = tmp_path / "bad-stick"
    out.mkdir()

    def damage_what_was_written(done: int, total: int, what: Message) -> None:
        if what.english() == "Checking the package written":
            (package,) = out.glob("*.jalon")
            data = bytearray(package.read_bytes())
            data[len(data) // 2] ^= 0xFF
            package.write_bytes(bytes(data))

    with pytest.raises(StorageError, match="did not read back intact"):
        exchange.export_assessment(
            inst.app, a.id, PASSPHRASE, out, progress=damage_what_was_written
        )
    assert list(out.iterdir()) == []
    assert assessments.get(inst.app, a.id).status is am.Status.SIGNED
    assert "export" not in {e.action for e in assessments.audit_trail(inst.app, a.id)}


def test_export_refuses_an_assessment_of_another_jurisdiction_and_signs_nothing(
    quick_ontario: tuple[Installation, am.Assessment], tmp_path: Path
) -> None:
    inst, _ = quick_ontario
    # Drafted before the installation signed for Ontario (creating one now is refused), so
    # stored as such a draft was.
    quebec = demo.build_demo(inst.app, QC, "fr")
    with inst.app.writing() as uow:
        uow.assessments.add(quebec, actor="before the set-up", action="demo")
    before = database_state(inst.folder)
    with pytest.raises(InvalidInputError, match="signs only for its own jurisdiction"):
        exchange.export_assessment(inst.app, quebec.id, PASSPHRASE, tmp_path)
    assert_unchanged(before, database_state(inst.folder))


# -- verify ----------------------------------------------------------------------------------


def test_verify_says_trusted_only_for_an_enrolled_key_and_writes_nothing(
    ontario: Exported, secretariat: Jalon, tmp_path: Path
) -> None:
    package = copy_to(ontario.r1.path, tmp_path / "in")
    before = database_state(secretariat.data_dir)
    (outcome,) = exchange.verify_packages(secretariat, [package])
    assert outcome.verdict is exchange.Verdict.NOT_ENROLLED
    assert ontario.r1.fingerprint in outcome.message.english()
    assert outcome.key_id == ontario.r1.key_id

    trust.enroll(secretariat, trust.read_card_file(ontario.card))
    before = database_state(secretariat.data_dir)
    (outcome,) = exchange.verify_packages(secretariat, [tmp_path / "in"], check_pdf=True)
    assert outcome.verdict is exchange.Verdict.TRUSTED
    assert outcome.pdf_ok is True
    assert (outcome.jurisdiction, outcome.revision) == ("ON", 1)
    assert outcome.assessment_id == ontario.assessment_id
    assert outcome.package_sha256 == ontario.r1.package_sha256
    assert_unchanged(before, database_state(secretariat.data_dir))
    assert journal(secretariat.data_dir) == []  # verifying is not importing


def test_verify_refuses_a_report_whose_own_signature_is_missing(
    secretariat: Jalon, tmp_path: Path
) -> None:
    """The manifest covers the PDF's bytes, but the PDF must carry its own signature too
    (issue 13: it used to pass unless ``--pdf`` was asked for)."""
    key = signer_key()
    enroll_key(secretariat, key)
    package = write(tmp_path, "unsigned-report.jalon", forge(key, report=report_pdf()))
    for check_pdf in (False, True):
        (outcome,) = exchange.verify_packages(secretariat, [package], check_pdf=check_pdf)
        assert outcome.verdict is exchange.Verdict.REFUSED
        assert "report-en.pdf is not a signed report" in outcome.message.english()


# -- import: revisions -----------------------------------------------------------------------


def test_revisions_import_in_order_and_a_package_seen_before_is_recognised(
    ontario: Exported, enrolled: Jalon, tmp_path: Path
) -> None:
    r1 = copy_to(ontario.r1.path, tmp_path / "in")
    r2 = copy_to(ontario.r2.path, tmp_path / "in")
    (first,) = exchange.import_packages(enrolled, [r1])
    (second,) = exchange.import_packages(enrolled, [r2])
    assert (first.status, first.revision) == (exchange.ImportStatus.IMPORTED, 1)
    assert (second.status, second.revision) == (exchange.ImportStatus.IMPORTED, 2)
    before = database_state(enrolled.data_dir)
    # The very bytes of revision 1, already stored: recognised, not a threat, nothing changes.
    (again1,) = exchange.import_packages(enrolled, [r1])
    (again2,) = exchange.import_packages(enrolled, [r2])
    assert again1.status is exchange.ImportStatus.ALREADY
    assert again2.status is exchange.ImportStatus.ALREADY
    assert "already imported" in again2.message.english()
    assert_unchanged(before, database_state(enrolled.data_dir))
    stored = exchange.list_submissions(enrolled)
    assert sorted(s.revision for s in stored) == [1, 2]
    by_revision = {s.revision: s for s in stored}
    assert exchange.submission_package(enrolled, by_revision[2].id) == ontario.r2.path.read_bytes()
    theme = enrolled.framework.themes[0].id
    revised = exchange.submission_assessment(enrolled, by_revision[2].id)
    assert revised.response(theme).comment == REVISED_COMMENT


def test_an_older_revision_arriving_after_a_newer_one_is_refused_as_a_replay(
    ontario: Exported, enrolled: Jalon, tmp_path: Path
) -> None:
    r1 = copy_to(ontario.r1.path, tmp_path / "in")
    r2 = copy_to(ontario.r2.path, tmp_path / "in")
    (newer,) = exchange.import_packages(enrolled, [r2])
    assert newer.status is exchange.ImportStatus.IMPORTED
    assert_refused(enrolled, r1, "revision", "a replay")


# -- import: refusals ------------------------------------------------------------------------


def assert_refused(app: Jalon, path: Path, step: str, phrase: str) -> exchange.ImportOutcome:
    """Import ``path``: refused at ``step``, the database byte-for-byte as it was, and one
    line more in the security journal."""
    before = database_state(app.data_dir)
    lines = len(journal(app.data_dir))
    (outcome,) = exchange.import_packages(app, [path])
    text = outcome.message.english()
    assert outcome.status is exchange.ImportStatus.REFUSED, text
    assert outcome.step == step, text
    assert phrase in text
    assert path.name in text
    assert_unchanged(before, database_state(app.data_dir))
    entries = journal(app.data_dir)
    assert len(entries) == lines + 1
    assert entries[-1]["step"] == step
    assert entries[-1]["file"] == str(path)
    assert entries[-1]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    return outcome


def ontario_package(seed: int = 0, **options: datetime) -> bytes:
    a = varied_assessment(the_framework(), ON, seed)
    return quick_package(a, signing_key_for(ON), **options)


def test_import_refuses_a_package_signed_by_an_unknown_key(
    secretariat: Jalon, tmp_path: Path
) -> None:
    key = signing_key_for(ON)
    outcome = assert_refused(
        secretariat, write(tmp_path, "on.jalon", ontario_package()), "trust", "not enrolled"
    )
    assert key.fingerprint in outcome.message.english()
    assert journal(secretariat.data_dir)[-1]["key_id"] == key.key_id


def test_import_refuses_a_package_signed_by_a_revoked_key(
    secretariat: Jalon, tmp_path: Path
) -> None:
    key_id = enroll_key(secretariat, signing_key_for(ON))
    trust.revoke(secretariat, key_id, "Laptop stolen")
    assert_refused(secretariat, write(tmp_path, "on.jalon", ontario_package()), "trust", "revoked")


def test_import_refuses_a_key_enrolled_for_another_jurisdiction(
    secretariat: Jalon, tmp_path: Path
) -> None:
    quebec_key = signing_key_for(QC)
    enroll_key(secretariat, quebec_key)
    # Quebec's key signs an assessment that claims to be Ontario's.
    data = quick_package(varied_assessment(the_framework(), ON, 3), quebec_key)
    assert_refused(secretariat, write(tmp_path, "on.jalon", data), "trust", "another jurisdiction")


def test_import_refuses_a_package_with_a_tampered_member(
    secretariat: Jalon, tmp_path: Path
) -> None:
    enroll_key(secretariat, signing_key_for(ON))
    package = ontario_package()
    members = members_of(package)
    document = json.loads(members["assessment.json"])
    document["responses"][0]["current"] = 4 - (document["responses"][0]["current"] or 0)
    from jalon.exchange.safejson import canonical

    tampered = repack(package, assessment_json=canonical(document))
    assert_refused(secretariat, write(tmp_path, "on.jalon", tampered), "contents", "SHA-256")
    for name in ("report-en.pdf", "report-fr.pdf"):
        pdf = bytearray(members[name])
        pdf[len(pdf) // 2] ^= 0x01
        tampered = repack(package, **{name.replace("-", "_").replace(".", "_"): bytes(pdf)})
        assert_refused(secretariat, write(tmp_path, f"on-{name}.jalon", tampered), "contents", name)
    assert exchange.list_submissions(secretariat) == []


def test_import_refuses_a_package_signed_far_in_the_future(
    secretariat: Jalon, tmp_path: Path
) -> None:
    enroll_key(secretariat, signing_key_for(ON))
    future = datetime.now(UTC) + timedelta(days=3)
    data = ontario_package(signed_at=future)
    assert_refused(secretariat, write(tmp_path, "on.jalon", data), "manifest", "more than a day")


def test_import_refuses_an_older_revision_as_a_replay(secretariat: Jalon, tmp_path: Path) -> None:
    key = signing_key_for(ON)
    enroll_key(secretariat, key)
    a = varied_assessment(the_framework(), ON, 5)
    r2 = write(tmp_path, "r2.jalon", quick_package(replace(a, revision=2), key))
    r1 = write(tmp_path, "r1.jalon", quick_package(a, key))
    assert exchange.import_packages(secretariat, [r2])[0].status is exchange.ImportStatus.IMPORTED
    outcome = assert_refused(secretariat, r1, "revision", "a replay")
    assert "revision 2" in outcome.message.english()


def test_import_refuses_the_same_revision_with_other_answers_as_a_conflict(
    secretariat: Jalon, tmp_path: Path
) -> None:
    key = signing_key_for(ON)
    enroll_key(secretariat, key)
    fw = the_framework()
    first = varied_assessment(fw, ON, 1)
    other = varied_assessment(fw, ON, 2, assessment_id=first.id)  # same id, revision 1
    assert other.responses != first.responses
    good = write(tmp_path, "first.jalon", quick_package(first, key))
    conflicting = write(tmp_path, "other.jalon", quick_package(other, key))
    assert exchange.import_packages(secretariat, [good])[0].status is exchange.ImportStatus.IMPORTED
    assert_refused(secretariat, conflicting, "revision", "other answers")
    # The same signed revision exported again (another package id and time): recognised.
    from jalon.exchange.package import build_package

    stored = exchange.submission_assessment(
        secretariat, exchange.list_submissions(secretariat)[0].id
    )
    rebuilt = build_package(
        stored,
        signed_reports_for(key),
        key,
        app_version="0.1.0",
        now=FIXED_NOW + timedelta(1),
        sign_report=False,
    )
    assert rebuilt != good.read_bytes()
    again = write(tmp_path, "again.jalon", rebuilt)
    assert exchange.import_packages(secretariat, [again])[0].status is exchange.ImportStatus.ALREADY


def test_import_refuses_a_file_that_is_not_a_package_or_cannot_be_read(
    secretariat: Jalon, tmp_path: Path
) -> None:
    assert_refused(secretariat, write(tmp_path, "notes.jalon", b"hello"), "zip", "not a zip")
    outcome = exchange.import_packages(secretariat, [tmp_path / "missing.jalon"])[0]
    assert outcome.status is exchange.ImportStatus.REFUSED
    assert outcome.step == "zip"
    assert "cannot be read" in outcome.message.english()


def test_a_batch_with_refused_packages_still_imports_the_good_ones(
    secretariat: Jalon, tmp_path: Path
) -> None:
    enroll_key(secretariat, signing_key_for(ON))
    folder = tmp_path / "batch"
    good = [write(folder, f"good-{i}.jalon", ontario_package(seed=10 + i)) for i in range(3)]
    write(folder, "bad-0.jalon", b"not a zip")
    write(
        folder,
        "bad-1.jalon",
        quick_package(varied_assessment(the_framework(), QC, 1), signing_key_for(QC)),
    )
    write(folder / "sub", "good-9.jalon", ontario_package(seed=19))
    (folder / "ignored.txt").write_text("not a package")
    outcomes = exchange.import_packages(secretariat, [folder, good[0]])  # good-0 given twice
    statuses = {o.path.name: o.status for o in outcomes}
    assert statuses == {
        "bad-0.jalon": exchange.ImportStatus.REFUSED,
        "bad-1.jalon": exchange.ImportStatus.REFUSED,
        "good-0.jalon": exchange.ImportStatus.IMPORTED,
        "good-1.jalon": exchange.ImportStatus.IMPORTED,
        "good-2.jalon": exchange.ImportStatus.IMPORTED,
        "good-9.jalon": exchange.ImportStatus.IMPORTED,
    }
    assert len(exchange.list_submissions(secretariat)) == 4
    assert [e["step"] for e in journal(secretariat.data_dir)] == ["zip", "trust"]


def test_every_refusal_is_journalled_once_with_its_step_and_file(
    secretariat: Jalon, tmp_path: Path
) -> None:
    enroll_key(secretariat, signing_key_for(ON))
    files = [
        write(tmp_path, "a.jalon", b"PK\x03\x04 truncated"),
        write(tmp_path, "b.jalon", ontario_package(signed_at=datetime.now(UTC) + timedelta(9))),
        write(tmp_path, "c.jalon", ontario_package(seed=1)),
    ]
    outcomes = exchange.import_packages(secretariat, files)
    assert [o.status.value for o in outcomes] == ["refused", "refused", "imported"]
    entries = journal(secretariat.data_dir)
    assert [(e["file"], e["step"]) for e in entries] == [
        (str(files[0]), "zip"),
        (str(files[1]), "manifest"),
    ]
    for entry in entries:
        assert {"at", "by", "file", "sha256", "step", "reason", "key_id"} <= set(entry)
        assert datetime.fromisoformat(str(entry["at"])).tzinfo is not None
    assert entries[1]["key_id"] == signing_key_for(ON).key_id


def test_a_refusal_is_said_in_french(secretariat: Jalon, tmp_path: Path) -> None:
    path = write(tmp_path, "on.jalon", ontario_package())
    (outcome,) = exchange.import_packages(secretariat, [path])
    french = translator("fr").message(outcome.message)
    assert "on.jalon" in french
    assert "a été refusé" in french
    assert "étape 4" in french


# -- submissions -----------------------------------------------------------------------------


def test_a_submission_reverified_after_its_key_was_revoked_says_so(
    ontario: Exported, enrolled: Jalon, tmp_path: Path
) -> None:
    (outcome,) = exchange.import_packages(enrolled, [copy_to(ontario.r1.path, tmp_path)])
    assert outcome.status is exchange.ImportStatus.IMPORTED
    (submission,) = exchange.list_submissions(enrolled)
    assert submission.key_id == ontario.r1.key_id
    assert submission.filename == ontario.r1.path.name
    assert submission.package_sha256 == ontario.r1.package_sha256
    fresh = exchange.reverify_submission(enrolled, submission.id)
    assert fresh.verdict is exchange.Verdict.TRUSTED
    assert fresh.pdf_ok is True

    trust.revoke(enrolled, ontario.r1.fingerprint, "Key lost")
    later = exchange.reverify_submission(enrolled, submission.id)
    assert later.verdict is exchange.Verdict.NOT_ENROLLED
    assert "revoked" in later.message.english()
    assert ontario.r1.fingerprint in later.message.english()
    # Still stored, bytes verbatim: revoking deletes nothing.
    assert exchange.submission_package(enrolled, submission.id) == ontario.r1.path.read_bytes()


def test_a_submissions_report_is_the_pdf_its_stored_package_carries_in_the_readers_language(
    ontario: Exported, enrolled: Jalon, tmp_path: Path
) -> None:
    import zipfile

    exchange.import_packages(enrolled, [copy_to(ontario.r1.path, tmp_path)])
    (submission,) = exchange.list_submissions(enrolled)
    with zipfile.ZipFile(ontario.r1.path) as package:
        english, french = package.read("report-en.pdf"), package.read("report-fr.pdf")
    assert english != french
    assert exchange.submission_report(enrolled, submission.id, "en") == english
    assert exchange.submission_report(enrolled, submission.id, "fr") == french
    # By default, the language Jalon is shown in.
    assert exchange.submission_report(enrolled, submission.id) == english
    set_language("fr")
    assert exchange.submission_report(enrolled, submission.id) == french


def test_a_format_1_submissions_report_is_its_one_report_in_either_language(
    enrolled: Jalon, tmp_path: Path
) -> None:
    enroll_key(enrolled, signer_key())
    data = format1_package(signer_key(), lang="fr")
    (outcome,) = exchange.import_packages(enrolled, [write(tmp_path, "v1.jalon", data)])
    assert outcome.status is exchange.ImportStatus.IMPORTED
    (submission,) = exchange.list_submissions(enrolled)
    carried = members_of(data)["report.pdf"]
    assert exchange.submission_report(enrolled, submission.id, "en") == carried
    assert exchange.submission_report(enrolled, submission.id, "fr") == carried


def test_a_submissions_report_is_refused_with_one_message_when_its_stored_package_is_damaged(
    ontario: Exported, enrolled: Jalon, tmp_path: Path
) -> None:
    from jalon.store.models import SubmissionRow

    exchange.import_packages(enrolled, [copy_to(ontario.r1.path, tmp_path)])
    (submission,) = exchange.list_submissions(enrolled)
    with enrolled.uow() as uow:
        row = uow.session.get(SubmissionRow, submission.id)
        assert row is not None
        row.package = row.package[: len(row.package) // 2]
        uow.commit()
    with pytest.raises(StorageError) as caught:
        exchange.submission_report(enrolled, submission.id)
    assert "cannot be read from its package" in caught.value.message.english()
    assert "Verify the submission again" in caught.value.message.english()


# -- fuzz ------------------------------------------------------------------------------------


@dataclass
class FuzzStore:
    app: Jalon
    root: Path
    original: bytes  # one valid package, made once (packages differ from build to build)


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FuzzStore]:
    root = tmp_path_factory.mktemp("fuzz")
    with Jalon.open(root / "secretariat") as app:
        enroll_key(app, signing_key_for(ON))
        yield FuzzStore(app, root, ontario_package(seed=42))


@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_mutated_packages_are_imported_intact_or_refused_cleanly(
    fuzz_store: FuzzStore, data: st.DataObject
) -> None:
    app, root, original = fuzz_store.app, fuzz_store.root, fuzz_store.original
    package = bytearray(original)
    if data.draw(st.booleans(), label="truncate"):
        cut = data.draw(st.integers(0, len(package) - 1), label="cut")
        package = package[:cut] if data.draw(st.booleans(), label="keep head") else package[cut:]
    else:
        for _ in range(data.draw(st.integers(1, 6), label="flips")):
            position = data.draw(st.integers(0, len(package) - 1))
            package[position] ^= data.draw(st.integers(1, 255))
    path = write(root, "fuzzed.jalon", bytes(package))
    before = database_state(app.data_dir)
    lines = len(journal(app.data_dir))
    (outcome,) = exchange.import_packages(app, [path])  # never raises: refuses
    if outcome.status is exchange.ImportStatus.REFUSED:
        assert "fuzzed.jalon" in outcome.message.english()
        assert_unchanged(before, database_state(app.data_dir))
        assert len(journal(app.data_dir)) == lines + 1
        return
    # Accepted: only zip metadata changed; what is stored is what was signed.
    assert outcome.status in (exchange.ImportStatus.IMPORTED, exchange.ImportStatus.ALREADY)
    (submission,) = exchange.list_submissions(app)
    stored = exchange.submission_assessment(app, submission.id)
    assert stored == varied_assessment_signed(original)


def varied_assessment_signed(package: bytes) -> am.Assessment:
    from jalon.core.serialize import assessment_from_json

    return assessment_from_json(json.loads(members_of(package)["assessment.json"]))


def test_one_read_model_names_a_submission_for_the_list_and_the_consolidation_when_imported(
    secretariat: Jalon, tmp_path: Path
) -> None:
    from jalon.core.consolidation import SubmissionInfo
    from jalon.services import submissions

    key = signing_key_for(ON)
    enroll_key(secretariat, key)
    package = write(
        tmp_path, "ontario.jalon", quick_package(varied_assessment(the_framework(), ON, 1), key)
    )
    assert exchange.import_packages(secretariat, [package])[0].status is (
        exchange.ImportStatus.IMPORTED
    )
    (listed,) = exchange.list_submissions(secretariat)
    (latest,) = submissions.latest_by_jurisdiction(secretariat)
    assert isinstance(listed, SubmissionInfo)
    assert isinstance(latest.submission, SubmissionInfo)
    # What the command line lists besides the consolidation's facts.
    assert (listed.filename, listed.imported_by) == ("ontario.jalon", secretariat.actor)
    assert listed.id == listed.submission_id == latest.submission.submission_id
    shared = ("jurisdiction", "assessment_id", "revision", "key_id", "signed_at", "package_sha256")
    assert [getattr(listed, f) for f in shared] == [getattr(latest.submission, f) for f in shared]
