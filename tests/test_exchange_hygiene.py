"""Hygiene of the exchange: low-S signatures only, strong key files, private data folders
(issue 13)."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from jalon.exchange import keys
from jalon.exchange.errors import KeyFileError, PackageRefused, Step
from jalon.exchange.package import verify_package

from .exchange_support import (
    PASSPHRASE,
    VERIFY_NOW,
    key_file,
    members_of,
    signer_key,
    trust_on,
    valid_package,
    zip_members,
)

ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
NAMES = ("manifest.json", "manifest.sig", "assessment.json", "report-en.pdf", "report-fr.pdf")


def _s(signature: bytes) -> int:
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    return decode_dss_signature(signature)[1]


def test_a_package_whose_signature_is_the_high_s_twin_of_a_valid_one_is_refused() -> None:
    from cryptography.hazmat.primitives.asymmetric.utils import (
        decode_dss_signature,
        encode_dss_signature,
    )

    members = members_of(valid_package())
    r, s = decode_dss_signature(members["manifest.sig"])
    twin = encode_dss_signature(r, ORDER - s)  # verifies just as well: malleable
    members["manifest.sig"] = twin
    package = zip_members((n, members[n]) for n in NAMES)
    with pytest.raises(PackageRefused) as caught:
        verify_package(package, source="p.jalon", trust=trust_on(), now=VERIFY_NOW)
    assert caught.value.step is Step.SIGNATURE
    assert caught.value.code == "high_s_signature"


def test_our_signer_emits_only_low_s_signatures() -> None:
    key = signer_key()
    for i in range(64):
        assert _s(key.sign(f"message {i}".encode())) <= ORDER // 2


def test_a_key_file_below_the_scrypt_floor_is_refused_with_advice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(keys, "MIN_SCRYPT_N", keys.SCRYPT_N)  # the real floor, 2^17
    weak = key_file()  # made with N = 2^14, as an old or hostile tool might
    with pytest.raises(KeyFileError) as caught:
        keys.parse_key_file(weak.to_bytes(), source="alex.jalonkey")
    text = caught.value.message.english()
    assert "N=16384" in text
    assert "N=131072" in text
    assert "jalon setup" in text
    assert keys.SCRYPT_N == 2**17
    assert keys.SCRYPT_R == 8


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_the_data_folder_its_database_backups_keys_and_journal_are_private(
    tmp_path: Path,
) -> None:
    from jalon.services import exchange
    from jalon.services.app import Jalon

    folder = tmp_path / "data"
    with Jalon.open(folder) as app:
        bad = tmp_path / "bad.jalon"
        bad.write_bytes(b"not a package")
        exchange.import_packages(app, [bad])  # writes the security journal
        keys_dir = app.keys_dir
        keys_dir.mkdir(parents=True, exist_ok=True)
        keys.write_key_file(keys_dir / "k.jalonkey", key_file())
    Jalon.open(folder).close()  # a second opening makes a backup
    assert PASSPHRASE
    for path in [folder, *folder.rglob("*")]:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if path.is_dir():
            assert mode & 0o077 == 0, (path, oct(mode))
        else:
            assert mode & 0o077 == 0, (path, oct(mode))
