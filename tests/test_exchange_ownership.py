"""An assessment belongs to the jurisdiction that first submitted it (issue 13).

Every package here is validly signed by a key enrolled for the jurisdiction it names: the
attacker is the holder of one enrolled key, which every jurisdiction is.
"""

from __future__ import annotations

import tempfile
import uuid
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from jalon.core.jurisdiction import Jurisdiction, government
from jalon.services import exchange
from jalon.services.app import Jalon
from jalon.store import consolidation_queries as q
from jalon.store.models import SubmissionRow

from . import secretariat_support as support
from .conftest import FIXED_NOW
from .exchange_support import the_framework
from .secretariat_support import enroll_key, quick_package, signing_key_for, varied_assessment

secretariat = support.secretariat
store_url = support.store_url

ON, QC, BC = government("ON"), government("QC"), government("BC")


def package(
    j: Jurisdiction, assessment_id: str, revision: int, seed: int = 0, days: int | None = None
) -> bytes:
    """A package signed by ``j``'s enrolled key for ``j``, of ``assessment_id``."""
    a = replace(
        varied_assessment(the_framework(), j, seed, assessment_id=assessment_id),
        revision=revision,
    )
    at = FIXED_NOW + timedelta(days=revision if days is None else days)
    return quick_package(a, signing_key_for(j), signed_at=at)


def put(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def consolidated(app: Jalon, code: str) -> list[tuple[str, int, str]]:
    """``(assessment_id, revision, key_id)`` of what is consolidated for ``code``."""
    fw = the_framework()
    with app.uow() as uow:
        current = q.current_select((fw.id, fw.version)).subquery()
        rows = uow.session.execute(
            select(SubmissionRow.assessment_id, SubmissionRow.revision, SubmissionRow.key_id)
            .join(current, current.c.id == SubmissionRow.id)
            .where(SubmissionRow.jurisdiction_code == code)
        ).all()
    return sorted((r[0], r[1], r[2]) for r in rows)


def enroll_three(app: Jalon) -> None:
    for j in (ON, QC, BC):
        enroll_key(app, signing_key_for(j))


def test_a_package_claiming_another_jurisdictions_assessment_is_refused_naming_both(
    secretariat: Jalon, tmp_path: Path
) -> None:
    enroll_three(secretariat)
    ontario_id = str(uuid.UUID(int=101))
    genuine = put(tmp_path, "on-r1.jalon", package(ON, ontario_id, 1))
    hostile = put(tmp_path, "qc-r5.jalon", package(QC, ontario_id, 5, seed=3))
    genuine_r2 = put(tmp_path, "on-r2.jalon", package(ON, ontario_id, 2, seed=1))

    (first,) = exchange.import_packages(secretariat, [genuine])
    (attack,) = exchange.import_packages(secretariat, [hostile])
    (second,) = exchange.import_packages(secretariat, [genuine_r2])

    assert first.status is exchange.ImportStatus.IMPORTED
    assert attack.status is exchange.ImportStatus.REFUSED
    assert attack.code == "other_jurisdiction_owns_assessment"
    text = attack.message.english()
    assert "belongs to ON" in text
    assert "signed for QC" in text
    assert ontario_id in text
    # The genuine jurisdiction's next revision is not taken for a replay, and is consolidated.
    assert second.status is exchange.ImportStatus.IMPORTED
    key = signing_key_for(ON).key_id
    assert consolidated(secretariat, "ON") == [(ontario_id, 2, key)]
    assert consolidated(secretariat, "QC") == []
    journal = (secretariat.data_dir / exchange.JOURNAL).read_text(encoding="utf-8")
    assert "belongs to ON" in journal


def test_revisions_are_counted_per_jurisdiction_when_an_assessment_id_is_reused(
    secretariat: Jalon, tmp_path: Path
) -> None:
    """Even a store that already holds the same id under two jurisdictions (written before
    this rule) decides replays and supersession per jurisdiction."""
    enroll_three(secretariat)
    shared = str(uuid.UUID(int=202))
    fw = the_framework()
    support.insert_submission(
        secretariat,
        replace(varied_assessment(fw, QC, 4, assessment_id=shared), revision=7),
        key_id=signing_key_for(QC).key_id,
    )
    support.insert_submission(
        secretariat,
        replace(varied_assessment(fw, ON, 5, assessment_id=shared), revision=1),
        key_id=signing_key_for(ON).key_id,
    )
    # QC's revision 7 neither hides ON's revision 1 from the consolidation...
    assert [r[:2] for r in consolidated(secretariat, "ON")] == [(shared, 1)]
    assert [r[:2] for r in consolidated(secretariat, "QC")] == [(shared, 7)]


# -- the property --------------------------------------------------------------------------


@dataclass(frozen=True)
class Sent:
    name: str
    jurisdiction: str
    assessment_id: str
    data: bytes


def _catalogue() -> list[Sent]:
    """Each jurisdiction's own revisions 1-2 of two assessments, and hostile packages: each
    jurisdiction's key reusing the others' assessment ids with a higher revision."""
    own: dict[str, list[str]] = {
        j.code: [str(uuid.UUID(int=1000 * (n + 1) + i)) for i in range(2)]
        for n, j in enumerate((ON, QC, BC))
    }
    sent = []
    for j in (ON, QC, BC):
        for i, assessment_id in enumerate(own[j.code]):
            for revision in (1, 2):
                sent.append(
                    Sent(
                        f"{j.code}-{i}-r{revision}.jalon",
                        j.code,
                        assessment_id,
                        package(j, assessment_id, revision, seed=i + revision),
                    )
                )
        for other in (ON, QC, BC):
            if other is j:
                continue
            victim = own[other.code][0]
            sent.append(
                Sent(f"{j.code}-steals-{other.code}.jalon", j.code, victim, package(j, victim, 9))
            )
    return sent


CATALOGUE = _catalogue()


def _run(order: list[Sent]) -> Jalon:
    folder = Path(tempfile.mkdtemp(prefix="jalon-prop-"))
    app = Jalon.open(folder / "data")
    enroll_three(app)
    for item in order:
        path = put(folder, item.name, item.data)
        exchange.import_packages(app, [path])
    return app


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.permutations(range(len(CATALOGUE))), st.sampled_from(["ON", "QC", "BC"]))
def test_what_is_consolidated_for_a_jurisdiction_depends_only_on_its_own_keys_packages(
    order: list[int], code: str
) -> None:
    """For any interleaving of imports from three jurisdictions, what is consolidated for
    one of them equals what its own packages alone give, in the same order: another key's
    package never adds to it, supersedes it, or is taken for its revision. (An assessment id
    that another jurisdiction claimed first stays that jurisdiction's; the genuine packages
    of that id are refused, naming both, so they are left out on both sides.)"""
    sequence = [CATALOGUE[i] for i in order]
    first_claim: dict[str, str] = {}
    for item in sequence:
        first_claim.setdefault(item.assessment_id, item.jurisdiction)
    mine = [s for s in sequence if s.jurisdiction == code and first_claim[s.assessment_id] == code]
    everyone = _run(sequence)
    alone = _run(mine)
    try:
        got = consolidated(everyone, code)
        assert got == consolidated(alone, code)
        assert {key for *_, key in got} <= {signing_key_for(government(code)).key_id}
    finally:
        everyone.close()
        alone.close()


@pytest.mark.parametrize("revision", [1, 2])
def test_a_jurisdictions_package_is_refused_when_another_claimed_its_assessment_first(
    secretariat: Jalon, tmp_path: Path, revision: int
) -> None:
    """The converse (a front-run): the first jurisdiction to submit an id keeps it; the
    later one is refused naming both and the first one's consolidation is untouched."""
    enroll_three(secretariat)
    shared = str(uuid.UUID(int=303))
    exchange.import_packages(secretariat, [put(tmp_path, "bc.jalon", package(BC, shared, 1))])
    (late,) = exchange.import_packages(
        secretariat, [put(tmp_path, "on.jalon", package(ON, shared, revision))]
    )
    assert late.status is exchange.ImportStatus.REFUSED
    assert "belongs to BC" in late.message.english()
    assert [r[:2] for r in consolidated(secretariat, "BC")] == [(shared, 1)]


# -- the signer is the one on the enrolled card -----------------------------------------------


@pytest.mark.parametrize(
    ("name", "title", "which"),
    [
        ("Premier of Ontario", "Chief Information Officer", "name differs"),
        ("Alex Tremblay", "Deputy Minister", "title differs"),
        ("Premier of Ontario", "Premier", "name and title differs"),
    ],
)
def test_a_package_signed_under_another_name_or_title_than_the_card_is_refused_saying_which(
    secretariat: Jalon, tmp_path: Path, name: str, title: str, which: str
) -> None:
    from jalon.core import assessment as am
    from jalon.exchange.package import build_package

    from .exchange_support import signed_reports_for

    key = signing_key_for(ON)
    enroll_key(secretariat, key)
    a = varied_assessment(the_framework(), ON, 1, assessment_id=str(uuid.UUID(int=404)))
    at = FIXED_NOW + timedelta(days=1)
    signed = am.sign(
        replace(a, status=am.Status.DRAFT, signature=None),
        am.Signature(name, title, key.key_id, at),
    )
    data = build_package(
        signed, signed_reports_for(key), key, app_version="0.1.0", now=at, sign_report=False
    )
    path = put(tmp_path, "as-someone-else.jalon", data)
    (outcome,) = exchange.import_packages(secretariat, [path])
    assert outcome.status is exchange.ImportStatus.REFUSED
    assert outcome.code == "signer_not_as_enrolled"
    text = outcome.message.english()
    assert f"signer's {which}" in text
    assert "Alex Tremblay" in text
    (checked,) = exchange.verify_packages(secretariat, [path])
    assert checked.verdict is exchange.Verdict.REFUSED


# -- a municipality's identity does not depend on the spelling of its name --------------------


def test_two_towns_of_the_same_name_are_two_jurisdictions_and_a_spelling_is_not_an_identity(
    secretariat: Jalon, tmp_path: Path
) -> None:
    from jalon.core.jurisdiction import municipality

    richmond_bc = municipality("Richmond", province="BC", csd="5915015")
    richmond_qc = municipality("Richmond", province="QC", csd="2442100")
    assert richmond_bc.code == "MUN-BC-5915015"
    assert richmond_bc.code != richmond_qc.code
    assert municipality("Trois Rivieres", province="QC", csd="2437067").code == (
        municipality("Trois-Rivières", province="QC", csd="2437067").code
    )
    bc_key, qc_key = signing_key_for(richmond_bc), signing_key_for(richmond_qc)
    enroll_key(secretariat, bc_key)
    enroll_key(secretariat, qc_key)
    fw = the_framework()
    own = put(tmp_path, "bc.jalon", quick_package(varied_assessment(fw, richmond_bc, 1), bc_key))
    # The Quebec Richmond's key signing as the British Columbia Richmond: same name, refused.
    posing = put(tmp_path, "qc.jalon", quick_package(varied_assessment(fw, richmond_bc, 2), qc_key))
    outcomes = exchange.import_packages(secretariat, [own, posing])
    assert [o.status for o in outcomes] == [
        exchange.ImportStatus.IMPORTED,
        exchange.ImportStatus.REFUSED,
    ]
    assert outcomes[1].code == "trust"


@pytest.mark.parametrize(
    ("province", "csd"), [("ON", "2437067"), ("XX", "3520005"), ("ON", "352000"), ("ON", "35200a5")]
)
def test_a_municipality_identity_that_is_not_a_census_subdivision_of_its_province_is_refused(
    province: str, csd: str
) -> None:
    from jalon.core.errors import InvalidInputError
    from jalon.core.jurisdiction import municipality

    with pytest.raises(InvalidInputError):
        municipality("Richmond", province=province, csd=csd)
