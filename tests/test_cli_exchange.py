"""The exchange on the command line: setup, keys, export, verify, import, list --submissions.

Run as a person runs it (``python -m jalon`` in a real process, throwaway ``--data-dir``)
where the process matters (terminals, exit codes, one-line errors, no traceback); in process
(``jalon.cli.main`` with capsys) where it is only faster. "Nothing written" is measured as in
``test_services_exchange.database_state``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from jalon.cli import main
from jalon.services import assessments, exchange, keys
from jalon.services.app import Jalon

from .exchange_support import (
    FORMAT_1_CARD,
    FORMAT_1_PACKAGE,
    PASSPHRASE,
    forge,
    members_of,
    report_pdf,
    signer_key,
)
from .secretariat_support import enroll_key
from .test_services_exchange import (
    assert_unchanged,
    database_state,
    files_holding,
    journal,
    private_secrets,
)

needs = pytest.mark.skipif


def jalon(*args: str, stdin: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess[str]:
    """``python -m jalon ARGS`` with no terminal and no display, in English by default."""
    environment = {**os.environ, "LANG": "en_CA.UTF-8"}
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "JALON_LANG", "JALON_DATA_DIR"):
        environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "jalon", *args],
        capture_output=True,
        text=True,
        env=environment,
        stdin=stdin,
        timeout=180,
        check=False,
    )


def ok(done: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert done.returncode == 0, done.stderr
    return done


def one_line_error(done: subprocess.CompletedProcess[str], code: int = 1) -> str:
    assert done.returncode == code, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("jalon: ")
    return done.stderr


def on_terminal(args: list[str], typed: list[tuple[str, bytes]]) -> tuple[int, str]:
    """``python -m jalon ARGS`` with a pseudo-terminal as its controlling terminal, as a
    person at a keyboard runs it. For each ``(prompt, keys)``: wait until ``prompt`` is shown,
    then type ``keys`` (getpass flushes what was typed before its prompt). Returns the exit
    code and everything the terminal showed."""
    import pty
    import select

    environment = {**os.environ, "LANG": "en_CA.UTF-8"}
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "JALON_LANG", "JALON_DATA_DIR"):
        environment.pop(name, None)
    pid, fd = pty.fork()
    if pid == 0:  # the child becomes jalon, on the terminal
        os.execve(sys.executable, [sys.executable, "-m", "jalon", *args], environment)
    shown = bytearray()

    def read_some() -> bool:
        ready, _, _ = select.select([fd], [], [], 120)
        assert ready, f"nothing shown for two minutes after {bytes(shown)!r}"
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal (EIO on Linux)
            return False
        shown.extend(chunk)
        return bool(chunk)

    try:
        seen = 0
        for prompt, keys_typed in typed:
            while prompt.encode() not in shown[seen:]:
                assert read_some(), f"ended before {prompt!r}: {bytes(shown)!r}"
            seen = len(shown)
            os.write(fd, keys_typed)
        while read_some():
            pass
    finally:
        os.close(fd)  # hangs up: a child still waiting for keys ends
        _, status = os.waitpid(pid, 0)
    text = shown.decode("utf-8", "replace").replace("\r\n", "\n")
    return os.waitstatus_to_exitcode(status), text


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``jalon ARGS`` in this process; (exit code, stdout, stderr)."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# -- installations ---------------------------------------------------------------------------


@dataclass
class Ontario:
    """Ontario's data folder after ``jalon setup`` and ``jalon demo``, and its key card."""

    root: Path
    data: Path
    passphrase_file: Path
    card: Path
    assessment_id: str
    setup_output: str

    def copy(self, where: Path) -> Path:
        target = where / "ontario-data"
        shutil.copytree(self.data, target)
        return target


@pytest.fixture(scope="module")
def ontario(tmp_path_factory: pytest.TempPathFactory) -> Ontario:
    root = tmp_path_factory.mktemp("cli-ontario")
    data = root / "data"
    secret = root / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    setup = ok(
        jalon(
            "setup", "--data-dir", str(data), "--jurisdiction", "ON",
            "--name", "Alex Tremblay", "--title", "Chief Information Officer",
            "--passphrase-file", str(secret),
        )
    )  # fmt: skip
    ok(jalon("--data-dir", str(data), "demo"))
    (item,) = json.loads(ok(jalon("--data-dir", str(data), "list", "--json")).stdout)
    card = root / "card.json"
    done = ok(jalon("--data-dir", str(data), "keys", "card", "--out", str(card)))
    assert done.stdout.strip() == str(card)
    return Ontario(root, data, secret, card, item["id"], setup.stdout)


@dataclass
class ExportedPackage:
    data: Path
    package: Path
    done: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def exported(ontario: Ontario, tmp_path_factory: pytest.TempPathFactory) -> ExportedPackage:
    """A copy of Ontario's folder after ``jalon export`` of its assessment."""
    root = tmp_path_factory.mktemp("cli-exported")
    data = ontario.copy(root)
    out = root / "out"
    out.mkdir()
    done = ok(
        jalon(
            "export", ontario.assessment_id[:8], "--data-dir", str(data), "--out", str(out),
            "--passphrase-file", str(ontario.passphrase_file),
        )
    )  # fmt: skip
    return ExportedPackage(data, Path(done.stdout.strip()), done)


@pytest.fixture
def secretariat(tmp_path: Path) -> Path:
    folder = tmp_path / "secretariat"
    folder.mkdir()
    return folder


@pytest.fixture
def enrolled(secretariat: Path, ontario: Ontario, capsys: pytest.CaptureFixture[str]) -> Path:
    """The secretariat's data folder with Ontario's key card enrolled."""
    code, _, err = run(
        capsys, "--data-dir", str(secretariat), "keys", "enroll", str(ontario.card), "--yes"
    )
    assert code == 0, err
    return secretariat


def tampered(package: Path, folder: Path, name: str = "tampered.jalon") -> Path:
    """A copy of ``package`` with one byte of its French report changed (zip CRCs made to
    match)."""
    from .exchange_support import repack

    data = package.read_bytes()
    pdf = bytearray(members_of(data)["report-fr.pdf"])
    pdf[len(pdf) // 3] ^= 0x20
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    target.write_bytes(repack(data, report_fr_pdf=bytes(pdf)))
    return target


# -- setup and keys --------------------------------------------------------------------------


def test_setup_creates_an_owner_only_encrypted_key_and_no_private_key_bytes_in_clear(
    ontario: Ontario,
) -> None:
    key_file = ontario.data / "keys" / keys.KEY_FILE
    if os.name == "posix":
        assert key_file.stat().st_mode & 0o777 == 0o600
    with Jalon.open(ontario.data) as app:
        unlocked = keys.unlock(app, PASSPHRASE)
    assert unlocked.fingerprint in ontario.setup_output  # read aloud as eight groups
    assert files_holding(ontario.root, private_secrets(unlocked)) == []


def test_the_key_card_is_enrolled_by_another_installation_with_yes(
    ontario: Ontario, secretariat: Path
) -> None:
    card = json.loads(ontario.card.read_text("utf-8"))
    done = ok(jalon("keys", "enroll", str(ontario.card), "--yes", "--data-dir", str(secretariat)))
    with Jalon.open(ontario.data) as app:
        info = keys.key_info(app)
    assert info is not None
    assert info.key_id == card["key_id"]
    assert f"Enrolled the key {info.fingerprint} for ON" in done.stdout
    (entry,) = json.loads(
        ok(jalon("--data-dir", str(secretariat), "keys", "list", "--json")).stdout
    )
    assert entry["key_id"] == info.key_id
    assert entry["fingerprint"] == info.fingerprint
    assert entry["jurisdiction"] == {"code": "ON", "name": "Ontario"}
    assert entry["signer"] == {"name": "Alex Tremblay", "title": "Chief Information Officer"}
    assert entry["enrolled_at"]
    assert entry["enrolled_by"]
    assert entry["revoked_at"] is None


def test_enrolling_without_yes_and_without_a_terminal_explains_and_enrols_nothing(
    ontario: Ontario, secretariat: Path
) -> None:
    done = jalon("--data-dir", str(secretariat), "keys", "enroll", str(ontario.card))
    error = one_line_error(done)
    assert "Confirm the fingerprint with the signer" in error
    assert "--yes" in error
    assert "Fingerprint:" in done.stdout  # what to confirm is shown all the same
    assert (
        json.loads(ok(jalon("--data-dir", str(secretariat), "keys", "list", "--json")).stdout) == []
    )


posix_terminal = needs(os.name != "posix", reason="pseudo-terminals are POSIX")


@posix_terminal
def test_enrolling_on_a_terminal_asks_to_confirm_the_fingerprint(
    ontario: Ontario, secretariat: Path
) -> None:
    question = "Does the signer read you the same fingerprint? [y/N]"
    enroll = ["--data-dir", str(secretariat), "keys", "enroll", str(ontario.card)]
    code, shown = on_terminal(enroll, [(question, b"n\n")])
    assert code == 1
    assert "Not enrolled." in shown
    code, shown = on_terminal(enroll, [(question, b"\x04")])  # Ctrl-D: no answer
    assert code == 1
    assert "Not enrolled." in shown
    assert "Traceback" not in shown
    assert (
        json.loads(ok(jalon("--data-dir", str(secretariat), "keys", "list", "--json")).stdout) == []
    )
    code, shown = on_terminal(enroll, [(question, b"y\n")])
    assert code == 0, shown
    assert "Enrolled the key" in shown
    assert (
        len(json.loads(ok(jalon("--data-dir", str(secretariat), "keys", "list", "--json")).stdout))
        == 1
    )


@posix_terminal
def test_setup_on_a_terminal_asks_the_passphrase_twice_and_creates_nothing_if_they_differ(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    setup = ["--data-dir", str(data), "setup", "--jurisdiction", "QC", "--name", "Marie Gagnon",
             "--title", "Dirigeante principale de l'information"]  # fmt: skip
    code, shown = on_terminal(
        setup, [("Passphrase: ", b"first passphrase typed\n"), ("again: ", b"another one\n")]
    )
    assert code == 1
    assert "The two passphrases differ" in shown
    assert "Traceback" not in shown
    assert "first passphrase typed" not in shown  # not echoed
    assert not (data / "keys" / keys.KEY_FILE).exists()
    code, shown = on_terminal(
        setup,
        [("Passphrase: ", (PASSPHRASE + "\n").encode()), ("again: ", (PASSPHRASE + "\n").encode())],
    )
    assert code == 0, shown
    assert "Marie Gagnon" in shown
    assert PASSPHRASE not in shown
    with Jalon.open(data) as app:
        keys.unlock(app, PASSPHRASE)


@posix_terminal
def test_ctrl_d_at_the_passphrase_prompt_is_one_clear_line_and_changes_nothing(
    ontario: Ontario, tmp_path: Path
) -> None:
    data = ontario.copy(tmp_path)
    before = database_state(data)
    code, shown = on_terminal(
        ["--data-dir", str(data), "export", ontario.assessment_id], [("Passphrase: ", b"\x04")]
    )
    assert code == 1
    assert "No passphrase was typed. Nothing was done." in shown
    assert "Traceback" not in shown
    assert_unchanged(before, database_state(data))


def test_a_passphrase_file_with_a_byte_order_mark_gives_the_passphrase_without_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Notepad and PowerShell 5 start UTF-8 files with a byte-order mark; lines end in CRLF.
    secret = tmp_path / "passphrase.txt"
    secret.write_bytes(b"\xef\xbb\xbf" + PASSPHRASE.encode() + b"\r\n")
    data = tmp_path / "data"
    code, _, err = run(
        capsys, "--data-dir", str(data), "setup", "--jurisdiction", "NB", "--name", "Sam Okafor",
        "--title", "CIO", "--passphrase-file", str(secret),
    )  # fmt: skip
    assert code == 0, err
    with Jalon.open(data) as app:
        assert keys.unlock(app, PASSPHRASE).signer_name == "Sam Okafor"


def test_export_without_a_key_says_so_before_asking_for_a_passphrase(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "data")
    assert run(capsys, "--data-dir", data, "demo")[0] == 0
    (item,) = json.loads(run(capsys, "--data-dir", data, "list", "--json")[1])
    code, out, err = run(capsys, "--data-dir", data, "export", item["id"])
    assert (code, out) == (1, "")
    assert "no signing key yet" in err
    assert "jalon setup" in err
    assert "passphrase" not in err


def test_export_of_an_unknown_assessment_says_so_before_asking_for_a_passphrase(
    ontario: Ontario, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(ontario.copy(tmp_path))
    code, out, err = run(capsys, "--data-dir", data, "export", "no-such-assessment")
    assert (code, out) == (1, "")
    assert "There is no assessment no-such-assessment" in err


def test_keys_card_before_setup_says_to_run_setup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "new"), "keys", "card")
    assert code == 1
    assert out == ""
    assert "no signing key yet" in err
    assert "jalon setup" in err


# -- export ----------------------------------------------------------------------------------


def test_a_wrong_passphrase_on_export_is_one_clear_line_and_changes_nothing_three_times(
    ontario: Ontario, tmp_path: Path
) -> None:
    data = ontario.copy(tmp_path)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase at all\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    before = database_state(data)
    with Jalon.open(data) as app:
        trail = assessments.audit_trail(app, ontario.assessment_id)
    for _ in range(3):
        done = jalon(
            "--data-dir", str(data), "export", ontario.assessment_id, "--out", str(out),
            "--passphrase-file", str(wrong),
        )  # fmt: skip
        assert "does not unlock the signing key" in one_line_error(done)
        assert done.stdout == ""
    assert_unchanged(before, database_state(data))
    assert list(out.iterdir()) == []
    assert not (data / exchange.EXPORTS).exists()
    (item,) = json.loads(ok(jalon("--data-dir", str(data), "list", "--json")).stdout)
    assert item["status"] == "draft"
    with Jalon.open(data) as app:
        assert assessments.audit_trail(app, ontario.assessment_id) == trail


def test_export_to_a_folder_that_does_not_exist_is_refused_before_signing(
    ontario: Ontario, tmp_path: Path
) -> None:
    data = ontario.copy(tmp_path)
    before = database_state(data)
    missing = tmp_path / "removed-stick"
    done = jalon(
        "--data-dir", str(data), "export", ontario.assessment_id, "--out", str(missing),
        "--passphrase-file", str(ontario.passphrase_file),
    )  # fmt: skip
    assert "does not exist" in one_line_error(done)
    assert_unchanged(before, database_state(data))
    assert not missing.exists()


def test_export_prints_the_path_of_a_signed_exported_package(
    ontario: Ontario, exported: ExportedPackage
) -> None:
    package = exported.package
    assert package.is_file()
    assert package.name.startswith("ON-")
    assert re.search(r"-r1-\d{4}-\d{2}-\d{2}\.jalon$", package.name)  # revision, date signed
    assert [p.name for p in package.parent.iterdir()] == [package.name]  # no *.part left
    assert "Signed with the key" in exported.done.stderr
    (item,) = json.loads(ok(jalon("--data-dir", str(exported.data), "list", "--json")).stdout)
    assert (item["status"], item["revision"]) == ("exported", 1)
    with Jalon.open(exported.data) as app:
        trail = assessments.audit_trail(app, ontario.assessment_id)
        actions = [(e.action, e.actor) for e in trail if e.action in ("sign", "export")]
        assert ("sign", "Alex Tremblay") in actions
        assert ("export", "Alex Tremblay") in actions
        sha256 = hashlib.sha256(package.read_bytes()).hexdigest()
        assert any(sha256 in (e.new_value or "") for e in trail if e.action == "export")


# -- independent verification ----------------------------------------------------------------


def unpack(package: Path, folder: Path) -> Path:
    with zipfile.ZipFile(package) as archive:
        assert sorted(archive.namelist()) == sorted(
            ["manifest.json", "manifest.sig", "assessment.json", "report-en.pdf", "report-fr.pdf"]
        )
        archive.extractall(folder)
    return folder


@needs(shutil.which("openssl") is None, reason="openssl is not installed")
def test_openssl_verifies_an_exported_manifest_with_the_manifests_own_key(
    exported: ExportedPackage, tmp_path: Path
) -> None:
    folder = unpack(exported.package, tmp_path / "unpacked")
    manifest = json.loads((folder / "manifest.json").read_bytes())
    body = "\n".join(textwrap.wrap(manifest["signer"]["public_key"], 64))
    pem = tmp_path / "signer.pem"
    pem.write_text(f"-----BEGIN PUBLIC KEY-----\n{body}\n-----END PUBLIC KEY-----\n")
    done = subprocess.run(
        ["openssl", "dgst", "-sha256", "-verify", str(pem), "-signature",
         str(folder / "manifest.sig"), str(folder / "manifest.json")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Verified OK" in done.stdout


@needs(shutil.which("sha256sum") is None, reason="sha256sum is not installed")
def test_sha256sum_of_each_exported_member_matches_the_manifest(
    exported: ExportedPackage, tmp_path: Path
) -> None:
    folder = unpack(exported.package, tmp_path / "unpacked")
    manifest = json.loads((folder / "manifest.json").read_bytes())
    listed = {f["path"]: f for f in manifest["files"]}
    assert sorted(listed) == ["assessment.json", "report-en.pdf", "report-fr.pdf"]
    done = subprocess.run(
        ["sha256sum", *listed], cwd=folder, capture_output=True, text=True, check=True
    )
    sums = {line.split()[1]: line.split()[0] for line in done.stdout.splitlines()}
    for name, entry in listed.items():
        assert sums[name] == entry["sha256"]
        assert (folder / name).stat().st_size == entry["size"]


@needs(shutil.which("pdfsig") is None, reason="pdfsig (poppler-utils) is not installed")
def test_pdfsig_finds_both_exported_reports_validly_signed_over_the_whole_document(
    exported: ExportedPackage, tmp_path: Path
) -> None:
    folder = unpack(exported.package, tmp_path / "unpacked")
    for name in ("report-en.pdf", "report-fr.pdf"):
        done = subprocess.run(
            ["pdfsig", str(folder / name)], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        assert "Signature is Valid" in done.stdout
        assert "Total document signed" in done.stdout
        assert "Alex Tremblay" in done.stdout


# -- verify ----------------------------------------------------------------------------------


VERIFY_FIELDS = {
    "file", "verdict", "message", "step", "key_id", "fingerprint", "jurisdiction",
    "assessment_id", "revision", "package_sha256", "pdf_signature_valid", "code",
}  # fmt: skip


def test_verify_exits_0_when_every_package_is_valid_and_trusted(
    ontario: Ontario, exported: ExportedPackage, enrolled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = database_state(enrolled)
    code, out, _ = run(
        capsys, "--data-dir", str(enrolled), "verify", str(exported.package), "--json"
    )
    assert code == 0
    (item,) = json.loads(out)
    assert set(item) == VERIFY_FIELDS
    assert item["verdict"] == "trusted"
    assert item["step"] is None
    assert (item["jurisdiction"], item["revision"]) == ("ON", 1)
    assert item["assessment_id"] == ontario.assessment_id
    assert item["package_sha256"] == hashlib.sha256(exported.package.read_bytes()).hexdigest()
    assert item["pdf_signature_valid"] is None  # not asked
    assert item["fingerprint"] in item["message"]
    code, out, _ = run(capsys, "--data-dir", str(enrolled), "verify", str(exported.package))
    assert code == 0
    assert "valid, signed by Alex Tremblay" in out
    assert_unchanged(before, database_state(enrolled))
    assert journal(enrolled) == []


def test_verify_of_a_package_whose_signer_is_not_enrolled_exits_1_and_shows_the_fingerprint(
    exported: ExportedPackage, secretariat: Path
) -> None:
    done = jalon("--data-dir", str(secretariat), "verify", str(exported.package))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    with Jalon.open(exported.data) as app:
        info = keys.key_info(app)
    assert info is not None
    assert info.fingerprint in done.stderr  # a refusal: on standard error
    assert "not enrolled" in done.stderr


def test_verify_pdf_checks_the_reports_own_signature(
    exported: ExportedPackage, enrolled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "--data-dir", str(enrolled), "verify", "--pdf", "--json", str(exported.package)
    )
    assert code == 0
    assert json.loads(out)[0]["pdf_signature_valid"] is True
    # A package whose manifest is validly signed but whose report carries no PDF signature.
    with Jalon.open(enrolled) as app:
        enroll_key(app, signer_key())
    forged = tmp_path / "unsigned-report.jalon"
    forged.write_bytes(forge(signer_key(), report=report_pdf()))
    # Refused with or without --pdf: the report's own signature is part of every check.
    assert run(capsys, "--data-dir", str(enrolled), "verify", str(forged))[0] == 1
    code, out, _ = run(
        capsys, "--data-dir", str(enrolled), "verify", "--pdf", "--json", str(forged)
    )
    assert code == 1
    (item,) = json.loads(out)
    assert item["verdict"] == "refused"
    assert "report-en.pdf is not a signed report" in item["message"]
    # Each report is checked: an unsigned French report beside a good English one too.
    members = members_of(forge(signer_key()))
    forged.write_bytes(forge(signer_key(), reports={"report-fr.pdf": report_pdf("fr")}))
    assert members["report-en.pdf"] == members_of(forged.read_bytes())["report-en.pdf"]
    code, out, _ = run(
        capsys, "--data-dir", str(enrolled), "verify", "--pdf", "--json", str(forged)
    )
    assert code == 1
    (item,) = json.loads(out)
    assert (item["verdict"], item["code"]) == ("refused", "report_not_signed")
    assert "report-fr.pdf is not a signed report" in item["message"]


def test_verify_pdf_accepts_a_format_1_package_exported_before_format_2(
    enrolled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys, "--data-dir", str(enrolled), "keys", "enroll", str(FORMAT_1_CARD), "--yes"
    )
    assert code == 0, err
    code, out, err = run(
        capsys, "--data-dir", str(enrolled), "verify", "--pdf", "--json", str(FORMAT_1_PACKAGE)
    )
    assert code == 0, err
    (item,) = json.loads(out)
    assert item["verdict"] == "trusted"
    assert item["pdf_signature_valid"] is True


def test_verify_scans_a_folder_and_exits_1_when_one_package_is_refused(
    exported: ExportedPackage, enrolled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "inbox"
    (folder / "nested").mkdir(parents=True)
    shutil.copy(exported.package, folder / "nested" / "good.jalon")
    tampered(exported.package, folder)
    (folder / "readme.txt").write_text("not a package")
    code, out, _ = run(capsys, "--data-dir", str(enrolled), "verify", "--json", str(folder))
    assert code == 1
    items = {Path(i["file"]).name: i for i in json.loads(out)}
    assert sorted(items) == ["good.jalon", "tampered.jalon"]
    assert items["good.jalon"]["verdict"] == "trusted"
    bad = items["tampered.jalon"]
    assert (bad["verdict"], bad["step"]) == ("refused", "contents")
    assert "tampered.jalon" in bad["message"]
    assert "step 5" in bad["message"]


def test_verify_of_nothing_found_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    code, out, err = run(
        capsys, "--data-dir", str(tmp_path / "d"), "verify", str(tmp_path / "empty")
    )
    assert (code, out) == (1, "")
    assert "No .jalon package was found" in err


# -- import ----------------------------------------------------------------------------------


def test_import_says_imported_already_imported_or_refused_with_the_exit_code(
    exported: ExportedPackage, enrolled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    good = folder / exported.package.name
    shutil.copy(exported.package, good)
    bad = tampered(exported.package, folder, "z-tampered.jalon")
    (folder / "not-a-zip.jalon").write_bytes(b"just text")
    code, out, _ = run(capsys, "--data-dir", str(enrolled), "import", "--json", str(folder))
    assert code == 1  # one was refused
    items = {Path(i["file"]).name: i for i in json.loads(out)}
    assert {n: (i["status"], i["step"]) for n, i in items.items()} == {
        good.name: ("imported", None),
        bad.name: ("refused", "contents"),
        "not-a-zip.jalon": ("refused", "zip"),
    }
    assert items[good.name]["revision"] == 1
    assert items[good.name]["jurisdiction"] == "ON"
    assert [(e["file"], e["step"]) for e in journal(enrolled)] == [
        (str(folder / "not-a-zip.jalon"), "zip"),
        (str(bad), "contents"),
    ]
    code, out, _ = run(capsys, "--data-dir", str(enrolled), "import", str(good))
    assert code == 0
    assert "already imported" in out
    code, out, _ = run(capsys, "--data-dir", str(enrolled), "list", "--submissions", "--json")
    assert code == 0
    (submission,) = json.loads(out)
    assert submission["revision"] == 1
    assert submission["jurisdiction"]["code"] == "ON"
    assert submission["filename"] == good.name
    assert submission["package_sha256"] == hashlib.sha256(good.read_bytes()).hexdigest()
    assert submission["signer"]["name"] == "Alex Tremblay"
    code, out, _ = run(capsys, "--data-dir", str(enrolled), "list", "--submissions")
    assert code == 0
    assert "Alex Tremblay" in out


def test_a_refused_import_leaves_the_database_byte_for_byte_unchanged(
    exported: ExportedPackage, enrolled: Path, tmp_path: Path
) -> None:
    bad = tampered(exported.package, tmp_path)
    before = database_state(enrolled)
    done = jalon("--data-dir", str(enrolled), "import", str(bad))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "tampered.jalon was refused (step 5, contents)" in done.stderr
    assert_unchanged(before, database_state(enrolled))
    (entry,) = journal(enrolled)
    assert (entry["file"], entry["step"]) == (str(bad), "contents")


def test_a_revoked_key_is_listed_as_revoked_and_its_packages_are_refused(
    exported: ExportedPackage, enrolled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--data-dir", str(enrolled), "keys", "list", "--json")
    (entry,) = json.loads(out)
    code, out, err = run(
        capsys, "--data-dir", str(enrolled), "keys", "revoke", entry["fingerprint"],
        "--reason", "Laptop stolen",
    )  # fmt: skip
    assert code == 0, err
    assert "Revoked the key" in out
    (entry,) = json.loads(run(capsys, "--data-dir", str(enrolled), "keys", "list", "--json")[1])
    assert entry["revoked_at"]
    assert entry["revoked_by"]
    assert entry["revoke_reason"] == "Laptop stolen"
    code, out, _ = run(
        capsys, "--data-dir", str(enrolled), "import", "--json", str(exported.package)
    )
    assert code == 1
    (item,) = json.loads(out)
    assert (item["status"], item["step"]) == ("refused", "trust")
    assert "revoked" in item["message"]


def test_import_of_a_folder_without_packages_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    code, out, err = run(
        capsys, "--data-dir", str(tmp_path / "d"), "import", str(tmp_path / "empty")
    )
    assert (code, out) == (1, "")
    assert "No .jalon package was found" in err


# -- French ----------------------------------------------------------------------------------


def test_a_refusal_is_said_in_french(
    exported: ExportedPackage, secretariat: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys, "--lang", "fr", "--data-dir", str(secretariat), "import", str(exported.package)
    )
    assert code == 1
    assert f"Le paquet {exported.package.name} a été refusé (étape 4" in err


def test_a_usage_error_is_said_in_french() -> None:
    done = jalon("--lang", "fr", "import")
    error = one_line_error(done, code=2)
    assert "les arguments suivants sont obligatoires" in error
    assert "PACKAGE_OR_DIR" in error


def test_a_usage_error_in_english_exits_2() -> None:
    done = jalon("verify")
    assert "the following arguments are required" in one_line_error(done, code=2)
