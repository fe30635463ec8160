"""Signed packages: export one, verify some, import them, and the imported submissions.

Every package that arrives is treated as hostile: it is read in memory with caps, verified in
DESIGN.md's order, and stored in one transaction only when every step passed. A refusal
writes nothing to the database; it is appended to the security journal
(``security-journal.jsonl`` in the data folder) for the secretariat's record.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from jalon import __version__
from jalon.core import assessment as am
from jalon.core.consolidation import SubmissionInfo
from jalon.core.errors import (
    N_,
    FrameworkError,
    InvalidInputError,
    JalonError,
    Message,
    StorageError,
)
from jalon.core.fingerprint import fingerprint
from jalon.core.framework import Framework
from jalon.core.serialize import format_timestamp
from jalon.fileio import write_new
from jalon.i18n import check_language, current_language
from jalon.services import backups, keys, trust
from jalon.services.app import Jalon, now
from jalon.store.exchange_repositories import TrustedKey

if TYPE_CHECKING:
    from jalon.exchange.verify import FrameworkLookup, TrustCheck, TrustStatus, VerifiedPackage
    from jalon.store.uow import UnitOfWork

#: ``progress(done, total, what)``: called between steps of long work (export, import).
Progress = Callable[[int, int, Message], None]
#: ``cancelled()``: asked between packages of a batch; True stops before the next one.
Cancelled = Callable[[], bool]

JOURNAL = "security-journal.jsonl"
EXPORTS = "exports"
#: A file bigger than this is not read at all (the package reader's own cap, 80 MiB, is
#: lower).
MAX_PACKAGE_FILE = 96 * 1024 * 1024


def _noop(done: int, total: int, what: Message) -> None:
    return None


# -- export ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    package_sha256: str
    key_id: str
    assessment: am.Assessment

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key_id)


def default_export_dir(app: Jalon) -> Path:
    return app.data_dir / EXPORTS


def export_assessment(
    app: Jalon,
    assessment_id: str,
    passphrase: str,
    out_dir: Path | None = None,
    *,
    progress: Progress = _noop,
) -> ExportResult:
    """Sign the latest revision (if still a draft) and write its ``.jalon`` package, which
    holds the report in English and in French, both signed (whatever the language of the
    person exporting).

    Checked before anything changes: the key exists and opens with ``passphrase``, it signs
    for the assessment's jurisdiction, and the destination folder can be written to. After
    writing, the package is read back and verified before success is reported.
    """
    from jalon.exchange.package import build_package, package_filename, verify_package
    from jalon.exchange.verify import TrustStatus
    from jalon.reports import render_jurisdiction_report
    from jalon.services import assessments

    # Unlock, sign, write each report, sign each report, write, check.
    total = 8
    assessment_id = assessments.resolve(app, assessment_id)
    progress(0, total, Message(N_("Unlocking the signing key")))
    key = keys.unlock(app, passphrase)
    current = assessments.checked(app, assessments.get(app, assessment_id))
    if key.jurisdiction.code != current.jurisdiction.code:
        raise InvalidInputError(
            N_(
                "This assessment is for {assessment}, but the signing key signs for {key}. A "
                "key signs only for its own jurisdiction."
            ),
            assessment=current.jurisdiction.code,
            key=key.jurisdiction.code,
        )
    folder = Path(out_dir) if out_dir else default_export_dir(app)
    if out_dir is None:
        folder.mkdir(parents=True, exist_ok=True)
    _check_folder(folder)

    at = now()
    progress(1, total, Message(N_("Signing the assessment")))
    if current.status is am.Status.DRAFT:
        signed = am.sign(current, am.Signature(key.signer_name, key.signer_title, key.key_id, at))
        with app.writing() as uow:
            uow.assessments.save(signed, actor=app.actor, action="sign")
        current = signed
    signature = current.signature
    assert signature is not None
    fw = app.framework_for(current)

    # Both official languages, whatever the exporter's: one report each, from the same
    # signed revision.
    reports = {}
    for step, (lang, what) in enumerate(
        (("en", N_("Writing the report in English")), ("fr", N_("Writing the report in French"))),
        start=2,
    ):
        progress(step, total, Message(what))
        reports[lang] = render_jurisdiction_report(
            replace(current, status=am.Status.SIGNED), fw, lang, created=signature.signed_at
        )
    signing_steps = {
        "en": (4, Message(N_("Signing the English report"))),
        "fr": (5, Message(N_("Signing the French report and the package"))),
    }

    def signing(lang: str) -> None:
        progress(signing_steps[lang][0], total, signing_steps[lang][1])

    data = build_package(current, reports, key, app_version=__version__, now=at, signing=signing)
    progress(6, total, Message(N_("Writing the package")))
    # Jurisdiction, title, revision and date; " (2)" when taken: never over another export.
    path = write_new(folder / package_filename(current), data)

    progress(7, total, Message(N_("Checking the package written")))
    try:
        written = path.read_bytes()
        verify_package(
            written,
            source=path.name,
            trust=lambda k, j: TrustStatus.ENROLLED if k == key.key_id else TrustStatus.UNKNOWN,
            now=now(),
        )
        if written != data:
            raise OSError("the package read back differs from the one written")
    except (OSError, JalonError) as exc:
        with contextlib.suppress(OSError):
            path.unlink()
        raise StorageError(
            N_(
                "The package written to {file} did not read back intact ({detail}); it was "
                "removed. Check the USB stick or disk and export again."
            ),
            file=str(path),
            detail=exc.message.english() if isinstance(exc, JalonError) else str(exc),
        ) from None

    sha256 = hashlib.sha256(data).hexdigest()
    exported = replace(current, status=am.Status.EXPORTED)
    with app.writing() as uow:
        uow.assessments.save(exported, actor=app.actor, action="export")
        uow.assessments.note(
            exported,
            actor=app.actor,
            action="export",
            field="package",
            new_value=f"{path.name} sha256:{sha256}",
            at=now(),
        )
    backups.take_backup(app, backups.EXPORT)  # a failure is kept on app.backup_problem
    progress(total, total, Message(N_("Exported")))
    return ExportResult(path, sha256, key.key_id, exported)


def _check_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise StorageError(
            N_(
                "The folder {folder} does not exist (a USB stick that was removed?). Choose an "
                "existing folder."
            ),
            folder=str(folder),
        )
    if not os.access(folder, os.W_OK):
        raise StorageError(
            N_(
                "The folder {folder} cannot be written to. Choose a folder where you can save "
                "files."
            ),
            folder=str(folder),
        )


# -- reading files ---------------------------------------------------------------------------


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders scanned (recursively) for ``*.jalon``; sorted, without repeats."""
    seen: set[Path] = set()
    result: list[Path] = []
    for path in paths:
        candidates = (
            sorted(p for p in Path(path).rglob("*.jalon") if p.is_file() and not p.is_symlink())
            if Path(path).is_dir()
            else [Path(path)]
        )
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                result.append(candidate)
    return result


def _read(path: Path) -> bytes:
    from jalon.exchange.errors import PackageRefused, Step

    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_PACKAGE_FILE + 1)
    except OSError as exc:
        raise PackageRefused(
            Step.ZIP,
            N_("the file cannot be read ({detail}). Check that it exists and is a .jalon package."),
            file=path.name,
            detail=exc.strerror or str(exc),
        ) from None
    if len(data) > MAX_PACKAGE_FILE:
        raise PackageRefused(
            Step.ZIP,
            N_("the file is far larger than any package. Choose a .jalon file exported by Jalon."),
            file=path.name,
        )
    return data


# -- verify ----------------------------------------------------------------------------------


class Verdict(StrEnum):
    TRUSTED = "trusted"  # valid, and the signer is enrolled for the jurisdiction
    NOT_ENROLLED = "not_enrolled"  # valid, but the signer is not (or no longer) enrolled
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class VerifyOutcome:
    path: Path
    verdict: Verdict
    message: Message
    step: str | None = None
    key_id: str | None = None
    jurisdiction: str | None = None
    revision: int | None = None
    assessment_id: str | None = None
    package_sha256: str | None = None
    pdf_ok: bool | None = None
    #: A stable reason code of a refusal, for ``--json``.
    code: str | None = None


def _frameworks(app: Jalon) -> FrameworkLookup:
    def lookup(ref: am.FrameworkRef) -> Framework | None:
        try:
            fw = app.frameworks.get(ref.id, ref.version)
        except FrameworkError:
            return None
        return fw if fw.sha256 == ref.sha256 else None

    return lookup


def _refusal(path: Path, exc: JalonError) -> VerifyOutcome:
    from jalon.exchange.errors import PackageRefused

    if isinstance(exc, PackageRefused):
        return VerifyOutcome(
            path, Verdict.REFUSED, exc.message, exc.step.value, exc.key_id, code=exc.code
        )
    return VerifyOutcome(path, Verdict.REFUSED, exc.message, code="unreadable")


def verify_packages(
    app: Jalon, paths: Sequence[Path], *, check_pdf: bool = False, progress: Progress = _noop
) -> list[VerifyOutcome]:
    """Every check of an import except storing, for each package (files or folders)."""
    files = expand(paths)
    check = trust.trust_check(app)
    results = []
    for index, path in enumerate(files):
        progress(index, len(files), Message(N_("Checking {file}"), {"file": path.name}))
        try:
            data = _read(path)
        except JalonError as exc:
            results.append(_refusal(path, exc))
            continue
        results.append(_verify(app, data, path, check, check_pdf))
    progress(len(files), len(files), Message(N_("Checked")))
    return results


def _verify(
    app: Jalon, data: bytes, path: Path, check: TrustCheck, check_pdf: bool
) -> VerifyOutcome:
    from jalon.exchange.package import verify_package
    from jalon.exchange.verify import TrustStatus, trust_refusal

    try:
        package = verify_package(
            data,
            source=path.name,
            trust=check,
            now=now(),
            require_trust=False,
            framework_for=_frameworks(app),
        )
    except JalonError as exc:
        code, revision = _claims(data)
        return replace(_refusal(path, exc), jurisdiction=code, revision=revision)
    facts = {"file": path.name, **_facts(package)}
    mismatch = _card_mismatch(app, package) if package.trust is TrustStatus.ENROLLED else None
    if mismatch is not None:
        return replace(
            _refusal(path, mismatch),
            jurisdiction=package.manifest.jurisdiction.code,
            revision=package.revision,
        )
    if package.trust is TrustStatus.ENROLLED:
        verdict = Verdict.TRUSTED
        message = Message(
            N_("{file}: valid, signed by {signer} ({fingerprint}), enrolled for {jurisdiction}."),
            facts,
        )
    else:
        verdict = Verdict.NOT_ENROLLED
        message = Message(
            N_("{file}: intact and validly signed, but {reason}"),
            {"file": path.name, "reason": trust_refusal(package).reason},
        )
    pdf_ok = _pdf_ok(package) if check_pdf else None
    if pdf_ok is False:
        verdict = Verdict.REFUSED
        message = Message(
            N_(
                "{file}: the report's own PDF signature does not verify. Ask the sender to "
                "export the package again."
            ),
            {"file": path.name},
        )
    return VerifyOutcome(
        path,
        verdict,
        message,
        None,
        package.key_id,
        package.manifest.jurisdiction.code,
        package.revision,
        package.assessment_id,
        package.sha256,
        pdf_ok,
    )


def _card_mismatch(app: Jalon, package: VerifiedPackage) -> JalonError | None:
    """The refusal when the signer's name or title in the package is not the enrolled card's
    (a key holder cannot sign as someone else); None when they match or the key is unknown
    (step 4 says so)."""
    with app.uow() as uow:
        card = uow.trust.get(package.key_id)
    return _card_mismatch_of(card, package)


def _card_mismatch_of(card: TrustedKey | None, package: VerifiedPackage) -> JalonError | None:
    """:func:`_card_mismatch` against a card already read (a batch reads the cards once)."""
    from jalon.exchange.errors import PackageRefused, Step

    if card is None:
        return None
    signer = package.manifest.signer
    differs = [
        field
        for field, given, enrolled in (
            (N_("name"), signer.name, card.signer_name),
            (N_("title"), signer.title, card.signer_title),
        )
        if given != enrolled
    ]
    if not differs:
        return None
    return PackageRefused(
        Step.TRUST,
        N_(
            "it is signed as {name} ({title}), but the key card enrolled for this key names "
            "{card_name} ({card_title}); the signer's {fields} differs. A key signs only under "
            "the name and title on its card: ask {jurisdiction} to export again, or to send a "
            "new key card if the signer changed."
        ),
        file=package.source,
        key_id=package.key_id,
        code="signer_not_as_enrolled",
        name=signer.name,
        title=signer.title,
        card_name=card.signer_name,
        card_title=card.signer_title,
        fields=Message(differs[0]) if len(differs) == 1 else Message(N_("name and title")),
        jurisdiction=package.manifest.jurisdiction.code,
    )


def _pdf_ok(package: VerifiedPackage) -> bool:
    """Every report of the package (both in format 2) passes pyHanko's full validation, by
    the package's key."""
    from jalon.exchange.pdfsign import validate_pdf_signature

    for name, pdf in package.reports.items():
        try:
            status = validate_pdf_signature(pdf, source=name)
        except JalonError:
            return False
        if not (status.ok and status.key_id == package.key_id):
            return False
    return True


def _facts(package: VerifiedPackage) -> dict[str, object]:
    return {
        "signer": package.manifest.signer.name,
        "fingerprint": package.fingerprint,
        "jurisdiction": package.manifest.jurisdiction.code,
        "revision": package.revision,
    }


# -- import ----------------------------------------------------------------------------------


class ImportStatus(StrEnum):
    IMPORTED = "imported"
    ALREADY = "already_imported"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    path: Path
    status: ImportStatus
    message: Message
    step: str | None = None
    key_id: str | None = None
    jurisdiction: str | None = None
    revision: int | None = None
    #: A stable reason code of a refusal (``PackageRefused.code``), for ``--json``.
    code: str | None = None


#: A batch is stored in transactions of at most this many packages, this many bytes, or
#: this long (on SQLite the write lock is held while a transaction stores its packages;
#: other staff wait at most the database's busy timeout).
BATCH_PACKAGES = 200
BATCH_BYTES = 64 * 1024 * 1024
BATCH_SECONDS = 1.0


def import_packages(
    app: Jalon,
    paths: Sequence[Path],
    *,
    progress: Progress = _noop,
    cancelled: Cancelled = lambda: False,
) -> list[ImportOutcome]:
    """Verify and store each package: one transaction per batch of packages, a savepoint
    per package, so that one refusal never undoes the others.

    Verification (the costly part: zip, hashes, signatures, the reports) runs outside any
    transaction; the trust store, the enrolled cards and the framework lookups are read once
    per batch; then a batch is stored in one transaction, where trust and ownership are
    checked again under lock.
    """
    files = expand(paths)
    batch = _Batch(app)
    outcomes: list[ImportOutcome] = []
    index = 0
    while index < len(files) and not cancelled():
        pending: list[ImportOutcome | _Verified] = []
        size = 0
        started = time.monotonic()
        while (
            index < len(files)
            and len(pending) < BATCH_PACKAGES
            and size < BATCH_BYTES
            and time.monotonic() - started < BATCH_SECONDS
        ):
            if pending and cancelled():
                break
            path = files[index]
            progress(index, len(files), Message(N_("Importing {file}"), {"file": path.name}))
            checked = _check_one(app, path, batch)
            if isinstance(checked, _Verified):
                size += len(checked.data)
            pending.append(checked)
            index += 1
        outcomes.extend(_store_batch(app, pending, outcomes))
    if any(o.status is ImportStatus.IMPORTED for o in outcomes):
        backups.take_backup(app, backups.IMPORT)  # a failure is kept on app.backup_problem
    progress(len(outcomes), len(files), Message(N_("Import finished")))
    return outcomes


class ImportInterruptedError(StorageError):
    """The database failed during a batch: the packages of the transaction it was storing
    were not stored (the transaction was rolled back); ``outcomes`` are those of the packages
    before them, stored or refused, and ``path`` the first package not stored."""

    def __init__(self, path: Path, outcomes: list[ImportOutcome], cause: StorageError) -> None:
        super().__init__(
            N_(
                "The import stopped at {file}: {reason} Packages handled before it: {count}. "
                "Import the folder again once the database answers; packages already imported "
                "are recognised."
            ),
            file=path.name,
            reason=cause.message,
            count=len(outcomes),
        )
        self.path = path
        self.outcomes = list(outcomes)


_AGAIN = N_("Ask the sender to export the package again and send it unchanged.")


class _Batch:
    """What does not change during a batch, read once: the trust store's answers, the
    enrolled cards and the frameworks (the trust store is checked again, under lock, in the
    transaction that stores a package)."""

    def __init__(self, app: Jalon) -> None:
        with app.uow() as uow:
            keys = {k.key_id: k for k in uow.trust.all()}
        self.cards = keys
        self.check = trust.trust_check_of(keys.values())
        app.actor  # noqa: B018 - read once now, not inside the transaction that stores
        lookup = _frameworks(app)
        self._frameworks: dict[am.FrameworkRef, Framework | None] = {}

        def framework_for(ref: am.FrameworkRef) -> Framework | None:
            if ref not in self._frameworks:
                self._frameworks[ref] = lookup(ref)
            return self._frameworks[ref]

        self.framework_for = framework_for


@dataclass(frozen=True, slots=True)
class _Verified:
    path: Path
    data: bytes
    package: VerifiedPackage


def _check_one(app: Jalon, path: Path, batch: _Batch) -> ImportOutcome | _Verified:
    """Steps 1-5 and the card check, outside any transaction: the verified package, or the
    refusal (journalled)."""
    from jalon.exchange.package import verify_package

    data = b""
    try:
        data = _read(path)
        package = verify_package(
            data,
            source=path.name,
            trust=batch.check,
            now=now(),  # type: ignore[arg-type]
            framework_for=batch.framework_for,  # type: ignore[arg-type]
        )
        mismatch = _card_mismatch_of(batch.cards.get(package.key_id), package)
        if mismatch is not None:
            raise mismatch
    except JalonError as exc:
        return _refused(app, path, data, exc)
    return _Verified(path, data, package)


def _refused(app: Jalon, path: Path, data: bytes, exc: JalonError) -> ImportOutcome:
    from jalon.exchange.errors import PackageRefused, Step

    if isinstance(exc, PackageRefused):
        _journal(app, path, data, exc.step.value, exc.reason, exc.key_id, exc.code)
        return ImportOutcome(
            path,
            ImportStatus.REFUSED,
            exc.message,
            exc.step.value,
            exc.key_id,
            *_claims(data),
            code=exc.code,
        )
    _journal(app, path, data, Step.ZIP.value, exc.message, None, Step.ZIP.value)
    return ImportOutcome(
        path, ImportStatus.REFUSED, exc.message, Step.ZIP.value, code=Step.ZIP.value
    )


def _store_batch(
    app: Jalon, pending: list[ImportOutcome | _Verified], before: list[ImportOutcome]
) -> list[ImportOutcome]:
    """Store the verified packages of ``pending`` in one transaction, each in a savepoint;
    the outcomes of all of ``pending``, in order. :class:`ImportInterruptedError` when the
    database fails (nothing of this transaction is kept)."""
    if not any(isinstance(p, _Verified) for p in pending):
        return [p for p in pending if isinstance(p, ImportOutcome)]
    results: list[ImportOutcome] = []
    kept = len(before)  # outcomes before this transaction's first package
    path = next(p.path for p in pending if isinstance(p, _Verified))
    try:
        with app.uow() as uow:
            uow.submissions.begin_writing(
                p.package.assessment_id for p in pending if isinstance(p, _Verified)
            )
            rechecked: dict[str, TrustStatus] = {}  # the trust store's answers, under lock
            for item in pending:
                if isinstance(item, ImportOutcome):
                    results.append(item)
                    continue
                if not uow.submissions.try_lock_assessment(item.package.assessment_id):
                    # Another batch is storing this assessment: end this transaction before
                    # waiting for it (two batches that each wait for the other's lock
                    # would deadlock), so its packages so far are kept.
                    uow.commit()
                    rechecked.clear()  # the locks went with the transaction
                    kept = len(before) + len(results)
                    path = item.path
                    uow.submissions.begin_writing()
                    uow.submissions.lock_assessment(item.package.assessment_id)
                results.append(_store_in_savepoint(app, uow, item, rechecked))
            uow.commit()
    except StorageError as exc:
        done = [*before, *results][:kept]
        raise ImportInterruptedError(path, done, exc) from None
    return results


def _store_in_savepoint(
    app: Jalon, uow: UnitOfWork, item: _Verified, rechecked: dict[str, TrustStatus]
) -> ImportOutcome:
    from jalon.exchange.errors import PackageRefused, Step
    from jalon.store.errors import ValueRefusedError, WriteConflictError
    from jalon.store.exchange_repositories import ValueTooLongError

    path, package, data = item.path, item.package, item.data
    try:
        for attempt in range(2):
            try:
                with uow.savepoint():
                    return _store(app, uow, path, package, data, rechecked)
            except WriteConflictError:
                if attempt:  # another import stored this package meanwhile: decide again
                    raise
            except ValueTooLongError as exc:
                raise PackageRefused(
                    Step.CONTENTS,
                    N_(
                        "it holds a value of {length} characters for {field}, longer than "
                        "the {limit} a submission may hold. Nothing was stored. {again}"
                    ),
                    file=path.name,
                    key_id=package.key_id,
                    code="value_too_long",
                    field=f"{exc.table}.{exc.column}",
                    length=exc.length,
                    limit=exc.limit,
                    again=Message(_AGAIN),
                ) from None
            except ValueRefusedError as exc:
                # A value the database itself refuses (the length check above should have
                # caught it): the package's fault, not the database's; the batch goes on.
                detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
                raise PackageRefused(
                    Step.CONTENTS,
                    N_("the database refused one of its values ({detail}). Nothing was stored."),
                    file=path.name,
                    key_id=package.key_id,
                    code="value_refused_by_database",
                    detail=(detail[0] if detail else type(exc).__name__)[:200],
                ) from None
        raise AssertionError("unreachable")
    except PackageRefused as exc:
        return _refused(app, path, data, exc)


def _store(
    app: Jalon,
    uow: UnitOfWork,
    path: Path,
    package: VerifiedPackage,
    data: bytes,
    rechecked: dict[str, TrustStatus],
) -> ImportOutcome:
    from jalon.exchange.errors import PackageRefused, Step
    from jalon.exchange.verify import trust_refusal

    facts = {"file": path.name, **_facts(package)}
    outcome = dict(
        key_id=package.key_id,
        jurisdiction=package.manifest.jurisdiction.code,
        revision=package.revision,
    )
    code = package.manifest.jurisdiction.code
    status = rechecked.get(package.key_id)
    if status is None:  # once per key and transaction: its row stays locked until the end
        status = rechecked[package.key_id] = trust.recheck(uow, package.key_id, code)
    if status is not package.trust:  # revoked (say) by someone else since the batch began
        raise trust_refusal(replace(package, trust=status))
    # An assessment belongs to the jurisdiction that first submitted it: another
    # jurisdiction's key can neither supersede it, nor replay against it, nor block it.
    stored = uow.submissions.of_assessment(package.assessment_id)
    owner = stored[0] if stored else None
    if owner is not None and owner.jurisdiction.code != code:
        raise PackageRefused(
            Step.REVISION,
            N_(
                "it claims assessment {assessment_id}, which belongs to {owner}; this "
                "package is signed for {jurisdiction}. A jurisdiction may only submit its "
                "own assessments: nothing was changed. Ask {jurisdiction} why its package "
                "reuses this assessment."
            ),
            file=path.name,
            key_id=package.key_id,
            code="other_jurisdiction_owns_assessment",
            assessment_id=package.assessment_id,
            owner=owner.jurisdiction.code,
            jurisdiction=code,
        )
    mine = [s for s in stored if s.jurisdiction.code == code]
    latest = max(mine, key=lambda s: s.revision) if mine else None
    if latest is not None and uow.submissions.by_sha256(package.sha256) is not None:
        return ImportOutcome(
            path,
            ImportStatus.ALREADY,
            Message(N_("{file}: already imported (revision {revision} of {jurisdiction})."), facts),
            **outcome,  # type: ignore[arg-type]
        )
    same_revision = next((s for s in mine if s.revision == package.revision), None)
    if same_revision is not None:
        stored_json = uow.submissions.assessment_json(same_revision.id)
        if hashlib.sha256(stored_json.encode("utf-8")).hexdigest() == package.assessment_sha256:
            return ImportOutcome(
                path,
                ImportStatus.ALREADY,
                Message(
                    N_(
                        "{file}: already imported (revision {revision} of "
                        "{jurisdiction}), exported again with the same answers."
                    ),
                    facts,
                ),
                **outcome,  # type: ignore[arg-type]
            )
        raise PackageRefused(
            Step.REVISION,
            N_(
                "revision {revision} of this assessment was already imported with other "
                "answers. Ask {jurisdiction} to start a new revision, sign it and export "
                "it."
            ),
            file=path.name,
            key_id=package.key_id,
            code="revision_conflict",
            revision=package.revision,
            jurisdiction=code,
        )
    if latest is not None and latest.revision > package.revision:
        raise PackageRefused(
            Step.REVISION,
            N_(
                "it holds revision {revision}, older than revision {latest} already "
                "imported (a replay). Nothing was changed; import the newest package "
                "instead."
            ),
            file=path.name,
            key_id=package.key_id,
            code="replay",
            revision=package.revision,
            latest=latest.revision,
        )
    if latest is not None and package.manifest.signed_at <= latest.signed_at:
        raise PackageRefused(
            Step.REVISION,
            N_(
                "it holds revision {revision}, signed at {signed_at}, which is not later "
                "than revision {latest} already imported (signed at {latest_at}). A new "
                "revision is signed after the one it replaces; ask {jurisdiction} to check "
                "their computer's date and time, sign again and export."
            ),
            file=path.name,
            key_id=package.key_id,
            code="revision_not_later",
            revision=package.revision,
            signed_at=format_timestamp(package.manifest.signed_at),
            latest=latest.revision,
            latest_at=format_timestamp(latest.signed_at),
            jurisdiction=code,
        )
    a = package.assessment
    signature = a.signature
    assert signature is not None
    submission_id = uow.submissions.add(
        package=data,
        package_sha256=package.sha256,
        package_id=package.package_id,
        assessment_id=package.assessment_id,
        revision=package.revision,
        title=a.title,
        jurisdiction=a.jurisdiction,
        framework=(a.framework.id, a.framework.version, a.framework.sha256),
        signer_name=package.manifest.signer.name,
        signer_title=package.manifest.signer.title,
        key_id=package.key_id,
        signed_at=package.manifest.signed_at,
        imported_at=now(),
        imported_by=app.actor,
        filename=path.name,
        assessment_json=package.assessment_json.decode("utf-8"),
    )
    # The dashboard's rows, in the same transaction: a submission never exists without.
    uow.submissions.add_contents(submission_id, a)
    return ImportOutcome(
        path,
        ImportStatus.IMPORTED,
        Message(
            N_(
                "{file}: imported revision {revision} of {jurisdiction}, signed by {signer} "
                "({fingerprint})."
            ),
            facts,
        ),
        **outcome,  # type: ignore[arg-type]
    )


def _claims(data: bytes) -> tuple[str | None, int | None]:
    """The jurisdiction code and revision a refused package's manifest claims, if it can be
    read at all (for ``--json`` and the journal; claims, not verified facts)."""
    from jalon.exchange.manifest import MANIFEST
    from jalon.exchange.safejson import UnsafeJsonError, parse_strict
    from jalon.exchange.verify import LIMITS, MAX_MANIFEST_BYTES
    from jalon.exchange.zipsafe import read_members

    try:
        raw = parse_strict(
            read_members(data, LIMITS, source="")[MANIFEST], max_bytes=MAX_MANIFEST_BYTES
        )
    except (JalonError, UnsafeJsonError, KeyError, ValueError):
        return None, None
    if not isinstance(raw, dict):
        return None, None
    j = raw.get("jurisdiction")
    code = j.get("code") if isinstance(j, dict) else None
    revision = raw.get("revision")
    return (
        code if isinstance(code, str) and len(code) <= 64 else None,
        revision if type(revision) is int else None,
    )


def _journal(
    app: Jalon,
    path: Path,
    data: bytes,
    step: str,
    reason: Message,
    key_id: str | None,
    code: str | None = None,
) -> None:
    """Append a refusal to the security journal; a journal that cannot be written is not a
    reason to lose the refusal's answer, so errors here are swallowed."""
    entry = {
        "at": now().isoformat(),
        "by": app.actor,
        "file": str(path),
        "sha256": hashlib.sha256(data).hexdigest() if data else None,
        "step": step,
        "reason": reason.english(),
        "key_id": key_id,
        "code": code,
    }
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    with contextlib.suppress(OSError):
        # Readable by its owner only (created so, not narrowed afterwards).
        fd = os.open(app.data_dir / JOURNAL, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)


# -- submissions -----------------------------------------------------------------------------


def list_submissions(app: Jalon) -> list[SubmissionInfo]:
    with app.uow() as uow:
        return uow.submissions.all()


def submission_package(app: Jalon, submission_id: int) -> bytes:
    with app.uow() as uow:
        return uow.submissions.package(submission_id)


def submission_report(app: Jalon, submission_id: int, lang: str | None = None) -> bytes:
    """The PDF report a stored submission's package carries in ``lang`` (by default the
    current language), else in the other language, else its one report (format 1); read
    under the same caps as on import. A package whose report cannot be read raises
    :class:`StorageError`."""
    return submission_report_file(app, submission_id, lang)[1]


def submission_report_file(
    app: Jalon, submission_id: int, lang: str | None = None
) -> tuple[str, bytes]:
    """:func:`submission_report` with the name of the member it is (``report-fr.pdf``,
    ``report.pdf``…), so that the two languages of a package are two files when opened."""
    from jalon.exchange.manifest import report_member
    from jalon.exchange.verify import LIMITS
    from jalon.exchange.zipsafe import read_members

    language = check_language(lang or current_language())
    data = submission_package(app, submission_id)
    try:
        members = read_members(data, LIMITS, source="")
        name = report_member(members, language)
        return name, members[name]
    except (JalonError, KeyError):
        raise StorageError(
            N_(
                "The PDF report of this submission cannot be read from its package. Verify "
                "the submission again to see what is wrong."
            )
        ) from None


def submission_assessment(app: Jalon, submission_id: int) -> am.Assessment:
    from jalon.core.serialize import assessment_from_json

    with app.uow() as uow:
        raw = uow.submissions.assessment_json(submission_id)
    return assessment_from_json(json.loads(raw))


def reverify_submission(app: Jalon, submission_id: int) -> VerifyOutcome:
    """Verify a stored package again, against today's trust store (a key revoked since?)."""
    with app.uow() as uow:
        facts = uow.submissions.get(submission_id)
        data = uow.submissions.package(submission_id)
    return _verify(app, data, Path(facts.filename), trust.trust_check(app), True)
