"""JSON from outside: size and shape capped before parsing, strict parsing, RFC 8785 bytes.

Python's ``json`` accepts duplicate keys (keeping the last), ``NaN`` and ``Infinity``, and
nests as deep as the recursion limit allows. A package's JSON is hostile until proven
otherwise, so :func:`parse_strict` refuses all of that, and floats too (no Jalon document
has any). :func:`canonical` writes RFC 8785 (JCS) bytes.
"""

from __future__ import annotations

import json
import re
from typing import Any

import rfc8785

#: Deepest nesting of any Jalon document (an assessment is 4 levels deep).
MAX_DEPTH = 16
#: Most objects and arrays in one document (an assessment holds about 100).
MAX_CONTAINERS = 5_000
#: RFC 8785 numbers are IEEE doubles: integers beyond 2^53 - 1 have no exact form.
MAX_SAFE_INTEGER = 2**53 - 1

# A JSON string, matched possessively so hostile input cannot make the regex backtrack.
_STRING = re.compile(rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


class UnsafeJsonError(ValueError):
    """Bytes that are not a strict, reasonable JSON document; the message says why (English)."""


class NotCanonicalError(UnsafeJsonError):
    """Strict JSON that is not written in its RFC 8785 canonical form."""


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise UnsafeJsonError(f"duplicate key {key[:40]!r}")
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise UnsafeJsonError(f"{name} is not a JSON number")


def _reject_float(text: str) -> Any:
    raise UnsafeJsonError(f"{text[:20]} is not a whole number")


def _checked_int(text: str) -> int:
    if len(text) > 17:  # more digits than any exactly representable integer has
        raise UnsafeJsonError(f"{text[:20]}... is too large a number")
    value = int(text)
    if abs(value) > MAX_SAFE_INTEGER:
        raise UnsafeJsonError(f"{text} is too large a number")
    return value


def check_shape(data: bytes, *, max_bytes: int, max_depth: int = MAX_DEPTH) -> None:
    """Refuse ``data`` that is too large or nests too deeply, without parsing it."""
    if len(data) > max_bytes:
        raise UnsafeJsonError(f"{len(data)} bytes, more than the {max_bytes} allowed")
    brackets = _STRING.sub(b"", data).translate(None, _NOT_BRACKETS)
    if len(brackets) > 2 * MAX_CONTAINERS:
        raise UnsafeJsonError("too many objects and arrays")
    depth = 0
    for byte in brackets:
        depth += 1 if byte in b"[{" else -1
        if depth > max_depth:
            raise UnsafeJsonError(f"nested more than {max_depth} levels deep")


def _loads(data: bytes, *, strict_objects: bool) -> Any:
    try:
        return json.loads(
            data.decode("utf-8"),
            object_pairs_hook=_reject_duplicates if strict_objects else None,
            parse_constant=_reject_constant,
            parse_float=_reject_float,
            parse_int=_checked_int,
        )
    except UnsafeJsonError:
        raise
    except UnicodeDecodeError:
        raise UnsafeJsonError("not UTF-8 text") from None
    except RecursionError:
        raise UnsafeJsonError("nested too deeply") from None
    except ValueError as exc:  # JSONDecodeError, and int() of a number with too many digits
        raise UnsafeJsonError(str(exc)[:200]) from None


def parse_strict(data: bytes, *, max_bytes: int, max_depth: int = MAX_DEPTH) -> Any:
    """The JSON value in ``data`` (UTF-8, no byte-order mark). Raises :class:`UnsafeJsonError`."""
    check_shape(data, max_bytes=max_bytes, max_depth=max_depth)
    return _loads(data, strict_objects=True)


def parse_canonical(data: bytes, *, max_bytes: int, max_depth: int = MAX_DEPTH) -> Any:
    """The JSON value in ``data``, which must be exactly its own RFC 8785 form.

    Raises :class:`NotCanonicalError` for JSON that is strict but not canonical, and
    :class:`UnsafeJsonError` for anything worse. Quicker than :func:`parse_strict` followed
    by :func:`is_canonical`: a canonical document cannot hold two equal keys (the second
    would vanish from the re-encoding), so duplicates need no check on the way in, only a
    precise diagnosis when the document turns out not to be canonical.
    """
    check_shape(data, max_bytes=max_bytes, max_depth=max_depth)
    value = _loads(data, strict_objects=False)
    if is_canonical(data, value):
        return value
    _loads(data, strict_objects=True)  # raises for duplicate keys, the likelier story
    raise NotCanonicalError("not in canonical form (RFC 8785)")


def canonical(value: Any) -> bytes:
    """``value`` as RFC 8785 canonical JSON bytes. Raises :class:`UnsafeJsonError` if impossible."""
    try:
        return bytes(rfc8785.dumps(value))
    except (ValueError, RecursionError) as exc:  # CanonicalizationError, lone surrogates
        raise UnsafeJsonError(f"cannot be written as canonical JSON ({exc})"[:200]) from None


# UTF-8 lead bytes of U+D000 and above: without them no key can sort differently by code
# point than by UTF-16 (escaped characters never appear in canonical form anyway).
_HIGH_PLANES = re.compile(rb"[\xed-\xf4]")


def is_canonical(data: bytes, value: Any) -> bool:
    """Whether ``data`` is exactly the canonical form of ``value`` (which it parsed to).

    For values :func:`parse_strict` returns (no floats, integers within 2^53) and no character
    from U+D000 up, ``json.dumps`` with sorted keys and no spaces writes RFC 8785's bytes, and
    does it in C: that is the fast path. Other documents go through the ``rfc8785`` library.
    """
    if not _HIGH_PLANES.search(data):
        try:
            fast = json.dumps(
                value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
            ).encode("utf-8")
        except (ValueError, TypeError):  # lone surrogates, and anything else not JSON
            return False
        return fast == data
    try:
        return canonical(value) == data
    except UnsafeJsonError:
        return False
