"""The report's own signature: PAdES B-B, made and checked with pyHanko.

The same key that signs the manifest signs each report, so each stands on its own when
it is taken out of the package: poppler's ``pdfsig``, Adobe Reader or pyHanko can check it.
The certificate is self-signed, so a PDF reader that does not know it calls the signer
"unknown"; the signature itself is still reported valid. pyHanko is imported lazily: it is
large and only needed when a report is signed or its signature checked.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from jalon.core.errors import N_
from jalon.exchange import certs
from jalon.exchange.errors import PdfSignatureError

if TYPE_CHECKING:
    from jalon.exchange.keys import UnlockedKey

FIELD_NAME = "JalonSignature"


@dataclass(frozen=True, slots=True)
class PdfSignatureStatus:
    """What pyHanko found about the one signature of a PDF.

    ``intact``: the signed bytes are unchanged; ``valid``: the signature verifies with the
    signer's certificate; ``covers_whole_document``: nothing was added after signing.
    """

    intact: bool
    valid: bool
    covers_whole_document: bool
    key_id: str
    signer_name: str
    signed_at: datetime | None
    signature_count: int

    @property
    def ok(self) -> bool:
        return (
            self.signature_count == 1 and self.intact and self.valid and self.covers_whole_document
        )


def sign_pdf(pdf: bytes, key: UnlockedKey, *, reason: str, location: str, now: datetime) -> bytes:
    """``pdf`` with an invisible PAdES B-B signature by ``key``, made at ``now``."""
    from asn1crypto import keys as asn1_keys  # type: ignore[import-untyped]
    from asn1crypto import x509 as asn1_x509  # type: ignore[import-untyped]
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    certificate = asn1_x509.Certificate.load(
        key.certificate.public_bytes(serialization.Encoding.DER)
    )
    signer = signers.SimpleSigner(
        signing_cert=certificate,
        signing_key=asn1_keys.PrivateKeyInfo.load(key.pkcs8_der()),
        cert_registry=SimpleCertificateStore.from_certs([certificate]),  # type: ignore[no-untyped-call]
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=key.signer_name,
    )

    class _AtTime(signers.PdfSigner):  # type: ignore[misc]
        """pyHanko takes the signing time from the clock; Jalon passes ``now`` explicitly."""

        def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
            session = super().init_signing_session(pdf_out, existing_fields_only)
            session.system_time = now
            return session

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    output = _AtTime(metadata, signer=signer).sign_pdf(writer)
    return bytes(output.getvalue())


def validate_pdf_signature(pdf: bytes, *, source: str = "report.pdf") -> PdfSignatureStatus:
    """Check the signature of ``pdf`` with its own certificate as the trust root.

    Raises :class:`PdfSignatureError` when the PDF cannot be read or carries no signature.
    Whether the certificate belongs to a trusted signer is for the caller to decide, by
    comparing :attr:`PdfSignatureStatus.key_id` with the key it expects.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature as pyhanko_validate
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as exc:  # pyHanko raises many kinds of errors on a broken PDF
        raise PdfSignatureError(
            N_("The PDF {file} cannot be read ({detail}). Take the report from the package again."),
            file=source,
            detail=str(exc)[:160],
        ) from None
    if not signatures:
        raise PdfSignatureError(
            N_("The PDF {file} carries no signature. Take the report from the package again."),
            file=source,
        )
    embedded = signatures[-1]
    try:
        signer_cert = embedded.signer_cert
        moment = embedded.self_reported_timestamp
        context = ValidationContext(trust_roots=[signer_cert], moment=moment, allow_fetching=False)
        status = pyhanko_validate(embedded, signer_validation_context=context)
    except Exception as exc:  # a malformed signature dictionary or CMS blob
        raise PdfSignatureError(
            N_(
                "The signature in the PDF {file} cannot be checked ({detail}). Take the report "
                "from the package again."
            ),
            file=source,
            detail=str(exc)[:160],
        ) from None
    public_key_der = signer_cert.public_key.dump()
    return PdfSignatureStatus(
        intact=bool(status.intact),
        valid=bool(status.valid),
        covers_whole_document=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        key_id=certs.key_id_of(public_key_der),
        signer_name=str(signer_cert.subject.native.get("common_name", "")),
        signed_at=moment,
        signature_count=len(signatures),
    )


#: Names that make a PDF do something when it is opened or clicked: scripts, actions run on
#: opening or on events, launching programs, embedded files and media, forms that send data.
ACTIVE_CONTENT = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/OpenAction",
        "/AA",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMedia",
        "/SubmitForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
        "/XFA",
        "/Sound",
        "/Movie",
        "/Rendition",
    }
)
#: A report has a few thousand objects; more than this is not a report Jalon wrote.
MAX_PDF_OBJECTS = 200_000


def active_content(pdf: bytes, *, source: str = "report.pdf") -> str | None:
    """The first active-content name found in any object reachable from the PDF's trailer
    (names as pyHanko decodes them, so ``/J#61vaScript`` is ``/JavaScript``), or None.

    Raises :class:`PdfSignatureError` when the PDF cannot be read or is far too large.
    """
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        trailer = reader.trailer  # not a DictionaryObject: its entries are walked from here
        pending: list[Any] = [trailer.raw_get(name) for name in trailer if name != "/Prev"]
        seen: set[tuple[int, int]] = set()
        visited = 0
        while pending:
            item = pending.pop()
            if isinstance(item, generic.IndirectObject):
                ref = (item.idnum, item.generation)
                if ref in seen:
                    continue
                seen.add(ref)
                item = item.get_object()  # type: ignore[no-untyped-call]
            visited += 1
            if visited > MAX_PDF_OBJECTS:
                raise ValueError("too many objects")
            if isinstance(item, generic.DictionaryObject):  # streams are dictionaries too
                for name, value in item.items():
                    if name in ACTIVE_CONTENT:
                        return str(name)
                    if (
                        name == "/S"
                        and isinstance(value, generic.NameObject)
                        and value in ACTIVE_CONTENT
                    ):
                        return str(value)
                    pending.append(item.raw_get(name))
            elif isinstance(item, generic.ArrayObject):
                pending.extend(item.raw_get(i) for i in range(len(item)))
    except PdfSignatureError:
        raise
    except Exception as exc:  # pyHanko raises many kinds of errors on a broken PDF
        raise PdfSignatureError(
            N_("The PDF {file} cannot be read ({detail}). Take the report from the package again."),
            file=source,
            detail=str(exc)[:160],
        ) from None
    return None
