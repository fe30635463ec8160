"""The report's signature checked on import, quickly and strictly (issue 17).

pyHanko's full validation of ``report.pdf`` cost about 15 ms a package; this check gives the
same guarantee for the reports Jalon writes, in a fraction of that:

* the file is read token by token from its first byte to its last (strings, comments and
  stream bodies skipped by their own syntax, a stream by its direct ``/Length``), and every
  object that a cross-reference table points at must start where this reading found an
  object: nothing a PDF reader can reach is hidden in a string, a comment or a stream;
* object streams and cross-reference streams (which Jalon never writes) are refused, so no
  object is read from compressed data this check did not see;
* exactly one ``/ByteRange``, ``[0 b c d]`` with ``c + d`` the file's length: the signature
  covers the whole file but its own ``/Contents`` hex string, so nothing was appended after
  signing (an incremental update included);
* the CMS blob in that hole: one SignerInfo, SHA-256, signed attributes whose message digest
  is the hash of the covered bytes, the PAdES signing-certificate attribute naming the
  embedded certificate, and an ECDSA signature over the attributes by that certificate's key;
* any name (``#xx`` escapes decoded, as a reader decodes them) that acts when the file is
  opened or clicked: ``/JavaScript``, ``/OpenAction``, ``/AA``, ``/Launch``, embedded
  files... (:data:`jalon.exchange.pdfsign.ACTIVE_CONTENT`), anywhere outside strings.

Anything this reading does not understand is refused, never guessed at: a report is
a file Jalon wrote, not an arbitrary PDF. ``verify --pdf`` still runs pyHanko's validation.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from jalon.core.errors import N_
from jalon.exchange.errors import PdfSignatureError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey

#: PDF white space, delimiters, and a regular character (PDF 32000-1, 7.2.2).
_WS = rb"\x00\t\n\x0c\r "
_DELIM = rb"()<>\[\]{}/%"
_ANY = (
    rb"(?:(?P<name>/[^" + _WS + _DELIM + rb"]*)"
    rb"|(?P<open><<)|(?P<close>>>)"
    rb"|(?P<hex><[0-9A-Fa-f" + _WS + rb"]*>)"
    rb"|(?P<string>\()"
    rb"|(?P<array>[\[\]])"
    rb"|(?P<word>[^" + _WS + _DELIM + rb"]+)"
    rb"|(?P<end>\Z))"
)
_SPACE = rb"[" + _WS + rb"]*(?:%[^\r\n]*[" + _WS + rb"]*)*"  # white space and comments
_TOKEN = re.compile(_SPACE + _ANY)
#: Names and words this check acts on; any other name or word changes nothing it follows.
_KEYWORDS = (b"obj", b"stream", b"xref", b"trailer", b"startxref")
_FOLLOWED = ("/Length", "/Prev", "/ByteRange")
_END = rb"(?=[" + _WS + _DELIM + rb"]|\Z)"


def _token_or_run(special_names: frozenset[str]) -> re.Pattern[bytes]:
    """:data:`_TOKEN`, but a run of tokens that change nothing this check follows is taken in
    one match (most of a report): numbers, references, array brackets, any word but the
    keywords above, literal strings without parentheses or backslashes inside, and names
    without ``#`` that are not in ``special_names`` (active content, refused structures and
    the keys this check reads). Whatever a run cannot take is matched token by token."""
    names = b"|".join(
        re.escape(n[1:].encode("latin-1")) for n in sorted(special_names, key=len, reverse=True)
    )
    keywords = b"|".join(_KEYWORDS)
    item = (
        rb"(?:/(?!(?:" + names + rb")" + _END + rb")[^" + _WS + _DELIM + rb"#]*"
        rb"|\([^()\\]*\)"
        rb"|[\[\]]"
        rb"|(?!(?:" + keywords + rb")" + _END + rb")[^" + _WS + _DELIM + rb"]+)"
    )
    return re.compile(rb"(?P<run>(?:[" + _WS + rb"]*" + item + _END + rb")+)|" + _SPACE + _ANY)


#: The number and generation before ``obj`` (the run above may have taken them).
_OBJ_HEAD = re.compile(
    rb"(?<![^" + _WS + _DELIM + rb"])([0-9]+)[" + _WS + rb"]+([0-9]+)[" + _WS + rb"]+\Z"
)
#: ``0 R`` after a /Length's number: an indirect length.
_REFERENCE_TAIL = re.compile(
    rb"[" + _WS + rb"]+[0-9]+[" + _WS + rb"]+R(?=[" + _WS + _DELIM + rb"]|\Z)"
)
_STRING_PART = re.compile(rb"\\.|[()]", re.DOTALL)
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_INT = re.compile(rb"[0-9]+\Z")
_XREF_HEAD = re.compile(rb"[" + _WS + rb"]*([0-9]+) ([0-9]+)[" + _WS + rb"]*")
_XREF_ENTRY = re.compile(rb"([0-9]{10}) ([0-9]{5}) ([nf])(?:\r\n| \r| \n)")
_STREAM_START = re.compile(rb"\r?\n")
_STREAM_END = re.compile(rb"[" + _WS + rb"]*endstream")
_CONTENTS_BEFORE = re.compile(rb"/Contents[" + _WS + rb"]*\Z")
#: Structures Jalon never writes, through which objects could be read from bytes this
#: check skipped (compressed object streams, cross-reference streams).
_REFUSED_NAMES = frozenset({"/ObjStm", "/XRefStm", "/XRef"})
MAX_TOKENS = 2_000_000
_RUNS: dict[frozenset[str], re.Pattern[bytes]] = {}


@dataclass(frozen=True, slots=True)
class ReportSignature:
    """What the check found: the key that signed (``key_id``: hex SHA-256 of its DER
    SubjectPublicKeyInfo), whether the signature verifies over the whole file, and the first
    active-content name found, if any."""

    key_id: str
    covers_whole_file: bool
    verifies: bool
    active: str | None

    @property
    def ok(self) -> bool:
        return self.covers_whole_file and self.verifies


class _UnreadableError(Exception):
    """The file is not laid out as Jalon writes reports (the reason in ``args[0]``)."""


def check_report_signature(pdf: bytes, *, source: str = "report.pdf") -> ReportSignature:
    """Check ``pdf``'s one signature and look for active content (see the module's text).

    :class:`PdfSignatureError` when the PDF cannot be read this way or carries no signature;
    otherwise the findings, for the caller to compare ``key_id`` with the key it expects.
    """
    from jalon.exchange.pdfsign import ACTIVE_CONTENT

    try:
        layout = _read_layout(pdf, ACTIVE_CONTENT)
    except _UnreadableError as exc:
        raise PdfSignatureError(
            N_("The PDF {file} cannot be read ({detail}). Take the report from the package again."),
            file=source,
            detail=str(exc.args[0])[:160],
        ) from None
    if layout.byte_range is None:
        raise PdfSignatureError(
            N_("The PDF {file} carries no signature. Take the report from the package again."),
            file=source,
        )
    a, b, c, d = layout.byte_range
    hole_ok = (
        a == 0
        and 0 < b < c <= len(pdf)
        and (b, c) in layout.hex_spans
        and _CONTENTS_BEFORE.search(pdf, max(0, b - 64), b) is not None
    )
    if not hole_ok:
        raise PdfSignatureError(
            N_(
                "The signature in the PDF {file} cannot be checked ({detail}). Take the report "
                "from the package again."
            ),
            file=source,
            detail="its byte range does not frame its /Contents",
        )
    covers = c + d == len(pdf) and layout.signatures == 1
    digest = hashlib.sha256()
    digest.update(memoryview(pdf)[:b])
    digest.update(memoryview(pdf)[c : c + d])
    try:
        blob = bytes.fromhex(pdf[b + 1 : c - 1].decode("ascii"))
        key_id, verifies = _check_cms(blob, digest.digest())
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        raise PdfSignatureError(
            N_(
                "The signature in the PDF {file} cannot be checked ({detail}). Take the report "
                "from the package again."
            ),
            file=source,
            detail=str(exc)[:160] or type(exc).__name__,
        ) from None
    return ReportSignature(key_id, covers, verifies, layout.active)


@dataclass
class _Layout:
    byte_range: tuple[int, int, int, int] | None = None
    signatures: int = 0
    active: str | None = None
    hex_spans: frozenset[tuple[int, int]] = frozenset()


def _read_layout(pdf: bytes, active_names: frozenset[str]) -> _Layout:
    """One pass over every byte of ``pdf``; :class:`_UnreadableError` at anything unexpected."""
    if not pdf.startswith(b"%PDF-"):
        raise _UnreadableError("not a PDF")
    active = {n.encode("latin-1") for n in active_names}
    refused = {n.encode("latin-1") for n in _REFUSED_NAMES}
    layout = _Layout()
    hex_spans: set[tuple[int, int]] = set()
    object_starts: dict[int, int] = {}  # offset -> number of each object read
    xref_starts: set[int] = set()
    pointed: list[tuple[int, int]] = []  # (number, offset) of the xref's objects in use
    xref_pointers: list[int] = []  # startxref values and trailers' /Prev
    startxrefs = 0
    depth = 0
    length: int | None = None  # the direct /Length of the dictionary just closed
    pending = False  # the next token is a value this check reads (a length, an offset...)
    pending_length = False
    pending_prev = False
    pending_startxref = False
    pending_range: list[int] | None = None
    in_trailer = False
    pos = 0
    end = len(pdf)
    token = _TOKEN.match
    special = frozenset(active_names | _REFUSED_NAMES | set(_FOLLOWED))
    if special not in _RUNS:
        _RUNS[special] = _token_or_run(special)
    token_or_run = _RUNS[special].match
    for _count in range(MAX_TOKENS):
        m = token(pdf, pos) if pending else token_or_run(pdf, pos)
        if m is None:
            raise _UnreadableError(f"unexpected byte at {pos}")
        kind = m.lastgroup
        pos = m.end()
        if kind == "run":
            continue
        if kind == "end":
            break
        if pending_range is not None and kind not in ("word", "array"):
            raise _UnreadableError("a malformed /ByteRange")
        if kind == "name":
            raw = m.group(kind)
            if b"#" in raw:
                raw = _HEX_ESCAPE.sub(lambda e: bytes([int(e.group(1), 16)]), raw)
            if layout.active is None and raw in active:
                layout.active = raw.decode("latin-1")
            if raw in refused:
                name = raw.decode("latin-1")
                raise _UnreadableError(f"it holds {name}, which Jalon never writes")
            if raw == b"/ByteRange":
                layout.signatures += 1
                pending_range = []
            pending_length = raw == b"/Length" and depth == 1
            pending_prev = raw == b"/Prev" and in_trailer and depth == 1
            pending = pending_length or pending_prev or pending_range is not None
            continue
        if kind == "word":
            word = m.group(kind)
            if pending:
                if pending_range is not None:
                    if not _INT.match(word) or len(pending_range) >= 4:
                        raise _UnreadableError("a malformed /ByteRange")
                    pending_range.append(int(word))
                elif pending_length:
                    length = int(word) if _INT.match(word) else None
                    if _REFERENCE_TAIL.match(pdf, pos):
                        length = None  # an indirect /Length: refused if a stream follows
                    pending_length = False
                elif pending_prev:
                    if not _INT.match(word):
                        raise _UnreadableError("a malformed /Prev")
                    xref_pointers.append(int(word))
                    pending_prev = False
                elif pending_startxref:
                    if not _INT.match(word):
                        raise _UnreadableError("a malformed startxref")
                    xref_pointers.append(int(word))
                    startxrefs += 1
                    pending_startxref = False
                pending = pending_range is not None
            if word == b"obj":
                start = m.start(kind)
                head = _OBJ_HEAD.search(pdf, max(0, start - 48), start)
                if head is None:
                    raise _UnreadableError("an object without its number")
                object_starts[head.start(1)] = int(head.group(1))
                length = None
                in_trailer = False
            elif word == b"stream":
                if depth != 0 or length is None:
                    raise _UnreadableError("a stream without a direct /Length")
                eol = _STREAM_START.match(pdf, pos)
                if eol is None:
                    raise _UnreadableError("a stream keyword not followed by a line end")
                pos = eol.end() + length
                closing = _STREAM_END.match(pdf, pos)
                if pos > end or closing is None:
                    raise _UnreadableError("a stream whose /Length does not reach endstream")
                pos = closing.end()
                length = None
            elif word == b"xref":
                xref_starts.add(m.start(kind))
                pos = _xref_table(pdf, pos, pointed)
            elif word == b"trailer":
                in_trailer = True
            elif word == b"startxref":
                pending = pending_startxref = True
                in_trailer = False
            continue
        # Anything else ends a pending /Length or /Prev: only a direct integer counts.
        if pending_length:
            length = None
            pending_length = False
        if pending_prev:
            pending_prev = False  # an indirect /Prev (in an outline) is not a trailer's
        if pending_startxref:
            raise _UnreadableError("a malformed startxref")
        pending = pending_range is not None
        if kind == "open":
            depth += 1
            if depth == 1:
                length = None
        elif kind == "close":
            depth -= 1
            if depth < 0:
                raise _UnreadableError("an unbalanced dictionary")
        elif kind == "hex":
            hex_spans.add((m.start(kind), pos))
        elif kind == "string":
            pos = _skip_string(pdf, pos)
        elif kind == "array":
            if pending_range is not None and m.group(kind) == b"]":
                if len(pending_range) != 4:
                    raise _UnreadableError("a malformed /ByteRange")
                if layout.byte_range is None:
                    a, b, c, d = pending_range
                    layout.byte_range = (a, b, c, d)
                pending_range = None
                pending = False
            elif pending_range is not None and (pending_range or m.group(kind) != b"["):
                raise _UnreadableError("a malformed /ByteRange")
    else:
        raise _UnreadableError("far too many tokens for a report")
    if depth != 0:
        raise _UnreadableError("an unbalanced dictionary")
    if not xref_starts:
        raise _UnreadableError("no cross-reference table")
    # A reader that finds an entry pointing elsewhere than its object rebuilds the table by
    # scanning every byte, stream bodies included: no such entry is let through.
    if any(object_starts.get(offset) != number for number, offset in pointed):
        raise _UnreadableError("a cross-reference entry that points at no object or another")
    if not startxrefs or any(offset not in xref_starts for offset in xref_pointers):
        raise _UnreadableError("a startxref or /Prev that points at no cross-reference table")
    layout.hex_spans = frozenset(hex_spans)
    return layout


def _skip_string(pdf: bytes, pos: int) -> int:
    """The position after the literal string whose ``(`` ends at ``pos``."""
    depth = 1
    for part in _STRING_PART.finditer(pdf, pos):
        token = part.group()
        if token == b"(":
            depth += 1
        elif token == b")":
            depth -= 1
            if depth == 0:
                return part.end()
    raise _UnreadableError("an unterminated string")


def _xref_table(pdf: bytes, pos: int, pointed: list[tuple[int, int]]) -> int:
    """Read a classic cross-reference table after ``xref``; its in-use offsets go to
    ``pointed``. Returns the position of what follows (``trailer``)."""
    while True:
        head = _XREF_HEAD.match(pdf, pos)
        if head is None:
            return pos
        pos = head.end()
        first = int(head.group(1))
        for index in range(int(head.group(2))):
            entry = _XREF_ENTRY.match(pdf, pos)
            if entry is None:
                raise _UnreadableError("a malformed cross-reference table")
            if entry.group(3) == b"n":
                pointed.append((first + index, int(entry.group(1))))
            pos = entry.end()


def signature_der(contents: bytes) -> bytes:
    """The DER signature at the start of a ``/Contents`` string, without the zero padding that
    fills the rest of the string. Its length comes from the DER header: a signature may itself
    end in zero bytes, so stripping the zeros would cut it (one signature in 256 or so).
    ``ValueError`` when the header is not a DER SEQUENCE or the padding is not zeros."""
    if len(contents) < 2 or contents[0] != 0x30:
        raise ValueError("not a DER SEQUENCE")
    first = contents[1]
    if first < 0x80:
        header, length = 2, first
    else:
        count = first & 0x7F
        if count == 0 or count > 4 or len(contents) < 2 + count:
            raise ValueError("a DER length that cannot be read")
        header, length = 2 + count, int.from_bytes(contents[2 : 2 + count], "big")
    end = header + length
    if end > len(contents) or contents[end:].strip(b"\x00"):
        raise ValueError("a signature that does not fill its place as DER then zeros")
    return contents[:end]


def _oid(dotted: str) -> bytes:
    """The DER contents of the object identifier ``dotted``."""
    first, second, *rest = (int(part) for part in dotted.split("."))
    out = bytearray()
    for number in (40 * first + second, *rest):
        chunk = [number & 0x7F]
        number >>= 7
        while number:
            chunk.append(0x80 | (number & 0x7F))
            number >>= 7
        out += bytes(reversed(chunk))
    return bytes(out)


_SIGNED_DATA = _oid("1.2.840.113549.1.7.2")
_DATA = _oid("1.2.840.113549.1.7.1")
_SHA256 = _oid("2.16.840.1.101.3.4.2.1")
_CONTENT_TYPE = _oid("1.2.840.113549.1.9.3")
_MESSAGE_DIGEST = _oid("1.2.840.113549.1.9.4")
_SIGNING_CERTIFICATE_V2 = _oid("1.2.840.113549.1.9.16.2.47")
#: Every signature algorithm that names ECDSA (asn1crypto's ``signature_algo == "ecdsa"``,
#: which this check used before issue 17); the signature is verified with SHA-256 whatever
#: the hash it names.
_ECDSA = frozenset(
    _oid(o)
    for o in (
        "1.2.840.10045.4",
        "1.2.840.10045.4.1",
        "1.2.840.10045.4.3.1",
        "1.2.840.10045.4.3.2",
        "1.2.840.10045.4.3.3",
        "1.2.840.10045.4.3.4",
        "2.16.840.1.101.3.4.3.9",
        "2.16.840.1.101.3.4.3.10",
        "2.16.840.1.101.3.4.3.11",
        "2.16.840.1.101.3.4.3.12",
    )
)
_SEQUENCE, _SET, _INTEGER, _OCTETS, _OID_TAG, _NULL = 0x30, 0x31, 0x02, 0x04, 0x06, 0x05


class _Der:
    """A strict reader of the DER of one value's contents: tags of one byte, definite
    lengths, nothing past the end (``ValueError`` otherwise). Only the fields the check
    reads are read; the rest is skipped by its length."""

    __slots__ = ("data", "end", "pos")

    def __init__(self, data: bytes, start: int, end: int) -> None:
        self.data, self.pos, self.end = data, start, end

    def more(self) -> bool:
        return self.pos < self.end

    def peek(self) -> int:
        if self.pos >= self.end:
            raise ValueError("a DER value ends early")
        return self.data[self.pos]

    def next(self, tag: int | None = None) -> tuple[int, int, int, int]:
        """``(tag, start of the value, start of its contents, end)``; ``tag`` required."""
        data, at = self.data, self.pos
        if at + 2 > self.end:
            raise ValueError("a DER value ends early")
        found = data[at]
        if found & 0x1F == 0x1F or (tag is not None and found != tag):
            raise ValueError("an unexpected DER value")
        first = data[at + 1]
        if first < 0x80:
            contents, length = at + 2, first
        else:
            count = first & 0x7F
            if count == 0 or count > 4 or at + 2 + count > self.end:
                raise ValueError("a DER length that cannot be read")
            contents = at + 2 + count
            length = int.from_bytes(data[at + 2 : contents], "big")
        end = contents + length
        if end > self.end:
            raise ValueError("a DER value longer than what holds it")
        self.pos = end
        return found, at, contents, end

    def inside(self, tag: int) -> _Der:
        """A reader of the contents of the next value, which must have ``tag``."""
        _tag, _at, contents, end = self.next(tag)
        return _Der(self.data, contents, end)

    def bytes_of(self, tag: int) -> bytes:
        _tag, _at, contents, end = self.next(tag)
        return self.data[contents:end]

    def done(self) -> None:
        if self.pos != self.end:
            raise ValueError("unexpected DER data")


def _algorithm(reader: _Der) -> bytes:
    """The OID of an AlgorithmIdentifier whose parameters are absent or NULL."""
    algorithm = reader.inside(_SEQUENCE)
    oid = algorithm.bytes_of(_OID_TAG)
    if algorithm.more():
        algorithm.next(_NULL)
    algorithm.done()
    return oid


def _check_cms(blob: bytes, covered_sha256: bytes) -> tuple[str, bool]:
    """(key id of the signing certificate, whether the CMS signature verifies over
    ``covered_sha256``). ``ValueError`` (or another lookup error) on a malformed blob.

    Read with a strict DER reader of the few fields it needs (issue 17: asn1crypto's reading
    of the whole structure cost three times the signature's verification); the embedded
    certificates with asn1crypto, once per certificate (:func:`_certificate`)."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    der = signature_der(blob)
    top = _Der(der, 0, len(der))
    info = top.inside(_SEQUENCE)
    top.done()
    if info.bytes_of(_OID_TAG) != _SIGNED_DATA:
        raise ValueError("not CMS signed data")
    wrapper = info.inside(0xA0)
    info.done()
    signed = wrapper.inside(_SEQUENCE)
    wrapper.done()
    signed.next(_INTEGER)  # version
    signed.next(_SET)  # digest algorithms
    encapsulated = signed.inside(_SEQUENCE)
    encapsulated.next(_OID_TAG)
    if encapsulated.more():
        raise ValueError("not a detached signature")
    certificates: list[bytes] = []
    if signed.peek() == 0xA0:
        choices = signed.inside(0xA0)
        while choices.more():
            tag, at, _contents, end = choices.next()
            if tag == _SEQUENCE:  # a certificate (other choices are not)
                certificates.append(der[at:end])
    if signed.peek() == 0xA1:
        signed.next(0xA1)  # revocation data, not read
    signer_infos = signed.inside(_SET)
    signed.done()
    signer = signer_infos.inside(_SEQUENCE)
    if signer_infos.more():
        raise ValueError("not exactly one signer")
    signer.next(_INTEGER)  # version
    if signer.peek() != _SEQUENCE:
        raise ValueError("a signer not named by issuer and serial number")
    sid = signer.inside(_SEQUENCE)
    _tag, at, _contents, end = sid.next(_SEQUENCE)
    issuer = der[at:end]
    serial = int.from_bytes(sid.bytes_of(_INTEGER), "big", signed=True)
    sid.done()
    if _algorithm(signer) != _SHA256:
        raise ValueError("not SHA-256")
    if signer.peek() != 0xA0:
        raise ValueError("no signed attributes")
    _tag, attributes_at, attributes_contents, attributes_end = signer.next(0xA0)
    signature_algorithm = _algorithm(signer)
    signature = signer.bytes_of(_OCTETS)
    if signer.more():
        signer.next(0xA1)  # unsigned attributes, not read
    signer.done()

    certificate = next(
        (
            facts
            for c in certificates
            if (facts := _certificate(c)).serial == serial and facts.issuer == issuer
        ),
        None,
    )
    if certificate is None:
        raise ValueError("the signer's certificate is missing")
    key_id = certificate.key_id

    found: dict[bytes, _Der] = {}
    attributes = _Der(der, attributes_contents, attributes_end)
    if not attributes.more():
        raise ValueError("no signed attributes")
    while attributes.more():
        attribute = attributes.inside(_SEQUENCE)
        kind = attribute.bytes_of(_OID_TAG)
        values = attribute.inside(_SET)
        attribute.done()
        if kind in found:
            raise ValueError("a signed attribute given twice")
        found[kind] = values
    if not {_CONTENT_TYPE, _MESSAGE_DIGEST, _SIGNING_CERTIFICATE_V2} <= found.keys():
        raise ValueError("PAdES signed attributes missing")
    if found[_CONTENT_TYPE].bytes_of(_OID_TAG) != _DATA:
        raise ValueError("a content type other than data")
    # SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, ... }: the first.
    cert_ids = found[_SIGNING_CERTIFICATE_V2].inside(_SEQUENCE).inside(_SEQUENCE)
    essential = cert_ids.inside(_SEQUENCE)
    algorithm = _algorithm(essential) if essential.peek() == _SEQUENCE else _SHA256  # default
    if algorithm != _SHA256 or essential.bytes_of(_OCTETS) != certificate.sha256:
        raise ValueError("the signing-certificate attribute names another certificate")
    if found[_MESSAGE_DIGEST].bytes_of(_OCTETS) != covered_sha256:
        return key_id, False
    if signature_algorithm not in _ECDSA:
        raise ValueError("not an ECDSA signature")
    public_key = _public_key(certificate.spki)
    # The signature is over the DER of the attributes as a SET OF, not their [0] tag.
    signed_bytes = b"\x31" + der[attributes_at + 1 : attributes_end]
    try:
        public_key.verify(signature, signed_bytes, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return key_id, False
    return key_id, True


@dataclass(frozen=True, slots=True)
class _Certificate:
    """What the check needs of an embedded certificate (see :func:`_certificate`)."""

    serial: int
    issuer: bytes  # DER
    spki: bytes  # DER SubjectPublicKeyInfo
    key_id: str
    sha256: bytes  # of the whole certificate's DER


#: A certificate larger than this (Jalon's are about 500 bytes) is read every time, never
#: kept: a hostile report must not make this process hold many large ones.
_KEPT_CERTIFICATE_BYTES = 16 * 1024


def _certificate(der: bytes) -> _Certificate:
    """The facts of the certificate whose DER is ``der``. Every report of a jurisdiction's
    packages embeds the same certificate: it is read once per process, not once per report
    (keyed by its exact bytes, so a different certificate is always read afresh)."""
    if len(der) > _KEPT_CERTIFICATE_BYTES:
        return _read_certificate(der)
    return _kept_certificate(der)


@lru_cache(maxsize=64)
def _kept_certificate(der: bytes) -> _Certificate:
    return _read_certificate(der)


def _read_certificate(der: bytes) -> _Certificate:
    from asn1crypto import x509  # type: ignore[import-untyped]

    tbs = x509.Certificate.load(der)["tbs_certificate"]
    spki = _der(tbs["subject_public_key_info"])
    return _Certificate(
        serial=tbs["serial_number"].native,
        issuer=_der(tbs["issuer"]),
        spki=spki,
        key_id=hashlib.sha256(spki).hexdigest(),
        sha256=hashlib.sha256(der).digest(),
    )


def _public_key(spki: bytes) -> EllipticCurvePublicKey:
    """The EC public key of a DER SubjectPublicKeyInfo (loaded once per key and process;
    ``ValueError`` when it is not an EC key, not remembered)."""
    if len(spki) > 1024:  # no EC key is this large (P-256's is 91 bytes): not kept
        return _load_public_key(spki)
    return _kept_public_key(spki)


@lru_cache(maxsize=64)
def _kept_public_key(spki: bytes) -> EllipticCurvePublicKey:
    return _load_public_key(spki)


def _load_public_key(spki: bytes) -> EllipticCurvePublicKey:
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import load_der_public_key

    public_key = load_der_public_key(spki)
    if not isinstance(public_key, ec.EllipticCurvePublicKey):
        raise ValueError("not an elliptic-curve key")
    return public_key


def _der(value: object) -> bytes:
    """The bytes ``value`` was read from (asn1crypto's ``dump()`` re-encodes a value whose
    children were looked at, which costs more than the whole rest of the check)."""
    header = getattr(value, "_header", None)
    contents = getattr(value, "_contents", None)
    if isinstance(header, bytes) and isinstance(contents, bytes):
        return header + contents
    return bytes(value.dump())  # type: ignore[attr-defined]
