"""Reading a hostile zip archive in memory, without trusting anything it says about itself.

Python's ``zipfile`` tolerates what a package must not contain: data before or after the
archive, two members with the same name (it returns the last), sizes that lie. This reader
parses the end record, the central directory and every local header itself, requires the
members to tile the archive from byte 0 to the central directory with nothing in between,
and inflates each member incrementally with a hard limit, counting the bytes it actually
produces. It never writes anything to disk.
"""

from __future__ import annotations

import stat
import struct
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jalon.core.errors import N_, Message
from jalon.exchange.errors import PackageRefused, Step

_EOCD = b"PK\x05\x06"
_CENTRAL = b"PK\x01\x02"
_LOCAL = b"PK\x03\x04"
_ZIP64_LOCATOR = b"PK\x06\x07"
_EOCD_SIZE = 22
_CENTRAL_SIZE = 46
_LOCAL_SIZE = 30

STORED = 0
DEFLATED = 8
_ENCRYPTION_FLAGS = 0x0001 | 0x0040 | 0x2000  # encrypted, strong encryption, masked header
_ALLOWED_FLAGS = 0x0002 | 0x0004 | 0x0800  # deflate options, UTF-8 names
_CHUNK = 64 * 1024

_AGAIN = Message(N_("Ask the sender to export the package again and send it unchanged."))
_HOSTILE = Message(N_("Do not open it with other tools; tell the sender and ask for a new export."))


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """What an archive may hold: the member names with their largest size, and overall caps.

    The compression ratio cap applies once a member has produced ``ratio_floor`` bytes, so a
    small, very repetitive member (a text of one repeated letter) is not mistaken for a bomb.
    """

    members: Mapping[str, int]
    max_archive_bytes: int
    max_total_bytes: int
    max_ratio: int = 100
    ratio_floor: int = 1024 * 1024
    #: The sets of names an archive may hold, each exactly (one per format, the newest
    #: last); by default, every name of ``members``.
    layouts: tuple[tuple[str, ...], ...] = ()

    def allowed(self) -> tuple[tuple[str, ...], ...]:
        return self.layouts or (tuple(self.members),)


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    flags: int
    method: int
    crc: int
    compressed: int
    size: int
    offset: int


def _shown(name: bytes) -> str:
    """A member name as it can be shown safely: escapes for anything but printable ASCII."""
    return ascii(name.decode("utf-8", "backslashreplace"))[:80]


class _Reader:
    def __init__(self, data: bytes, limits: ZipLimits, source: str) -> None:
        self.data = data
        self.limits = limits
        self.source = source

    def refuse(self, msgid: str, **params: Any) -> PackageRefused:
        return PackageRefused(Step.ZIP, msgid, file=self.source, **params)

    # -- the end record ------------------------------------------------------------------

    def end_record(self) -> tuple[int, int, int]:
        """``(entry_count, central_offset, eocd_offset)`` after checking the end record."""
        data = self.data
        end = len(data) - _EOCD_SIZE
        if len(data) < _EOCD_SIZE or data[end : end + 4] != _EOCD:
            self._explain_missing_end()
        (_, disk, cd_disk, on_disk, total, cd_size, cd_offset, comment) = struct.unpack(
            "<4sHHHHIIH", data[end:]
        )
        if comment:  # a comment cannot fit after an end record that ends the file
            raise self._damaged("its end record is inconsistent")
        if disk or cd_disk or on_disk != total:
            raise self.refuse(
                N_("the archive uses zip features Jalon packages never use ({feature}). {again}"),
                feature="multiple disks",
                again=_AGAIN,
            )
        if (
            total == 0xFFFF
            or cd_size == 0xFFFFFFFF
            or cd_offset == 0xFFFFFFFF
            or (end >= 20 and data[end - 20 : end - 16] == _ZIP64_LOCATOR)
        ):
            raise self.refuse(
                N_("the archive uses zip features Jalon packages never use ({feature}). {again}"),
                feature="zip64",
                again=_AGAIN,
            )
        largest = max(self.limits.allowed(), key=len)
        if total > len(largest):
            raise self.refuse(
                N_(
                    "the archive holds {count} entries; a package holds exactly {expected}: "
                    "{names}. {hostile}"
                ),
                count=total,
                expected=len(largest),
                names=", ".join(largest),
                hostile=_HOSTILE,
            )
        if cd_offset + cd_size < end:
            raise self.refuse(
                N_("there are unexpected bytes before the start of the archive. {again}"),
                again=_AGAIN,
            )
        if cd_offset + cd_size > end:
            raise self._damaged("the central directory does not fit")
        return total, cd_offset, end

    def _explain_missing_end(self) -> None:
        data = self.data
        found = data.rfind(_EOCD, max(0, len(data) - _EOCD_SIZE - 0xFFFF))
        if found >= 0 and len(data) - found >= _EOCD_SIZE:
            (comment,) = struct.unpack("<H", data[found + 20 : found + 22])
            tail = len(data) - found - _EOCD_SIZE
            if comment and comment == tail:
                raise self.refuse(
                    N_("the archive carries a comment, which Jalon packages never do. {again}"),
                    again=_AGAIN,
                )
            if comment < tail:
                raise self.refuse(
                    N_("there are {count} unexpected bytes after the end of the archive. {again}"),
                    count=tail - comment,
                    again=_AGAIN,
                )
        if data[:4] == _LOCAL:
            raise self.refuse(
                N_(
                    "the archive is incomplete: the file was cut short. Copy it again from its "
                    "source, or ask the sender to export it again."
                )
            )
        raise self.refuse(
            N_(
                "the file is not a Jalon package (it is not a zip archive). Choose a .jalon "
                "file exported by Jalon."
            )
        )

    def _damaged(self, detail: str, name: str = "") -> PackageRefused:
        if name:
            return self.refuse(
                N_(
                    "the member {name} is damaged ({detail}). Copy the file again from its "
                    "source, or ask the sender to export it again."
                ),
                name=name,
                detail=detail,
            )
        return self.refuse(
            N_(
                "the archive is damaged ({detail}). Copy the file again from its source, or "
                "ask the sender to export it again."
            ),
            detail=detail,
        )

    # -- the central directory -----------------------------------------------------------

    def central_directory(self, count: int, offset: int, end: int) -> list[_Entry]:
        data = self.data
        entries: list[_Entry] = []
        seen: set[str] = set()
        pos = offset
        for _ in range(count):
            if pos + _CENTRAL_SIZE > end or data[pos : pos + 4] != _CENTRAL:
                raise self._damaged("a central directory entry is missing")
            (
                _sig,
                _made_by,
                _needed,
                flags,
                method,
                _time,
                _date,
                crc,
                compressed,
                size,
                name_len,
                extra_len,
                comment_len,
                disk,
                _internal,
                external,
                local,
            ) = struct.unpack("<4sHHHHHHIIIHHHHHII", data[pos : pos + _CENTRAL_SIZE])
            name_start = pos + _CENTRAL_SIZE
            raw_name = data[name_start : name_start + name_len]
            pos = name_start + name_len + extra_len + comment_len
            if pos > end:
                raise self._damaged("a central directory entry overruns")
            name = self._check_name(raw_name, external)
            if name in seen:
                raise self.refuse(
                    N_("the archive holds {name} more than once. {hostile}"),
                    name=_shown(raw_name),
                    hostile=_HOSTILE,
                )
            seen.add(name)
            self._check_entry(name, flags, method, compressed, size, disk, comment_len)
            entries.append(_Entry(name, flags, method, crc, compressed, size, local))
        if pos != end:
            raise self._damaged("unexpected bytes after the central directory")
        self._check_layout(seen, [e.name for e in entries])
        return entries

    def _check_layout(self, seen: set[str], names: list[str]) -> None:
        """The names are exactly those of one layout; else the refusal says what differs
        from the layout they come closest to."""
        layouts = self.limits.allowed()
        if any(seen == set(layout) for layout in layouts):
            return
        for layout in layouts:
            if seen <= set(layout):
                missing = next(name for name in layout if name not in seen)
                raise self.refuse(
                    N_("the archive lacks {name}; a package holds exactly {names}. {again}"),
                    name=missing,
                    names=", ".join(layout),
                    again=_AGAIN,
                )
        # Names of two formats mixed (report.pdf beside report-en.pdf): the first name that
        # the layout sharing most with the archive (the newest, when two share as much)
        # does not hold.
        closest = max(reversed(layouts), key=lambda layout: len(seen & set(layout)))
        stray = next(name for name in names if name not in closest)
        raise self.refuse(
            N_(
                "the archive holds an unexpected file {name}; a package holds exactly "
                "{names}. {hostile}"
            ),
            name=_shown(stray.encode("ascii")),
            names=", ".join(closest),
            hostile=_HOSTILE,
        )

    def _check_name(self, raw: bytes, external: int) -> str:
        shown = _shown(raw)
        unsafe = (
            not raw
            or any(b < 0x20 or b >= 0x7F for b in raw)
            or b"\\" in raw
            or raw.startswith(b"/")
            or b".." in raw
            or raw[1:2] == b":"
        )
        if unsafe:
            raise self.refuse(
                N_("the archive holds an entry with an unsafe name {name}. {hostile}"),
                name=shown,
                hostile=_HOSTILE,
            )
        kind = (external >> 16) & 0o170000
        if raw.endswith(b"/") or external & 0x10 or kind == stat.S_IFDIR:
            raise self.refuse(
                N_("the archive holds a folder {name}; a package holds only files. {hostile}"),
                name=shown,
                hostile=_HOSTILE,
            )
        if kind not in (0, stat.S_IFREG):
            raise self.refuse(
                N_(
                    "the archive holds a link or special file {name}; a package holds only "
                    "plain files. {hostile}"
                ),
                name=shown,
                hostile=_HOSTILE,
            )
        name = raw.decode("ascii")
        if name not in self.limits.members:
            raise self.refuse(
                N_(
                    "the archive holds an unexpected file {name}; a package holds exactly "
                    "{names}. {hostile}"
                ),
                name=shown,
                # The layout of the newest format: what a package sent today holds.
                names=", ".join(self.limits.allowed()[-1]),
                hostile=_HOSTILE,
            )
        return name

    def _check_entry(
        self,
        name: str,
        flags: int,
        method: int,
        compressed: int,
        size: int,
        disk: int,
        comment_len: int,
    ) -> None:
        if flags & _ENCRYPTION_FLAGS:
            raise self.refuse(
                N_("the member {name} is encrypted; Jalon packages never are. {again}"),
                name=name,
                again=_AGAIN,
            )
        if method not in (STORED, DEFLATED):
            raise self.refuse(
                N_(
                    "the member {name} is compressed with a method Jalon does not accept "
                    "({method}); packages use only stored and deflate. {again}"
                ),
                name=name,
                method=method,
                again=_AGAIN,
            )
        feature = ""
        if flags & ~_ALLOWED_FLAGS:
            feature = f"flags {flags:#06x}"
        elif compressed == 0xFFFFFFFF or size == 0xFFFFFFFF:
            feature = "zip64"
        elif disk:
            feature = "multiple disks"
        elif comment_len:
            feature = "comments"
        if feature:
            raise self.refuse(
                N_("the archive uses zip features Jalon packages never use ({feature}). {again}"),
                feature=feature,
                again=_AGAIN,
            )
        limit = self.limits.members[name]
        if size > limit:
            raise self._too_large(name, size, limit)
        if method == STORED and compressed != size:
            raise self._damaged("its stored size is inconsistent", name)

    def _too_large(self, name: str, size: int, limit: int) -> PackageRefused:
        return self.refuse(
            N_(
                "the member {name} would be {size} bytes, more than the {limit} a package "
                "allows. {hostile}"
            ),
            name=name,
            size=size,
            limit=limit,
            hostile=_HOSTILE,
        )

    # -- the members ---------------------------------------------------------------------

    def layout(self, entries: list[_Entry], central_offset: int) -> dict[str, tuple[int, int]]:
        """Check that local headers tile the archive; ``name -> (data start, data end)``."""
        data = self.data
        spans: dict[str, tuple[int, int]] = {}
        expected = 0
        for entry in sorted(entries, key=lambda e: e.offset):
            if entry.offset != expected:
                if expected == 0:
                    raise self.refuse(
                        N_("there are unexpected bytes before the start of the archive. {again}"),
                        again=_AGAIN,
                    )
                raise self._damaged("its members overlap or hide bytes between them")
            head = data[entry.offset : entry.offset + _LOCAL_SIZE]
            if len(head) < _LOCAL_SIZE or head[:4] != _LOCAL:
                raise self._damaged("a local header is missing", entry.name)
            (
                _sig,
                _needed,
                flags,
                method,
                _time,
                _date,
                crc,
                compressed,
                size,
                name_len,
                extra_len,
            ) = struct.unpack("<4sHHHHHIIIHH", head)
            name_start = entry.offset + _LOCAL_SIZE
            if data[name_start : name_start + name_len] != entry.name.encode("ascii") or (
                flags,
                method,
                crc,
                compressed,
                size,
            ) != (entry.flags, entry.method, entry.crc, entry.compressed, entry.size):
                raise self._damaged("its local header disagrees with the directory", entry.name)
            start = name_start + name_len + extra_len
            expected = start + entry.compressed
            spans[entry.name] = (start, expected)
        if expected != central_offset:
            raise self._damaged("its members overlap or hide bytes between them")
        return spans

    def content(self, entry: _Entry, start: int, end: int, budget: int) -> bytes:
        """The member's bytes, produced with a hard limit; ``budget`` is what the total allows."""
        raw = self.data[start:end]
        limit = min(entry.size, self.limits.members[entry.name])
        out = bytes(raw) if entry.method == STORED else self._inflate(entry, raw, limit)
        if len(out) > budget:
            raise self.refuse(
                N_(
                    "the archive expands to more than {limit} bytes, more than a package may "
                    "hold. {hostile}"
                ),
                limit=self.limits.max_total_bytes,
                hostile=_HOSTILE,
            )
        if zlib.crc32(out) != entry.crc:
            raise self._damaged("its checksum does not match", entry.name)
        return out

    def _inflate(self, entry: _Entry, raw: bytes, limit: int) -> bytes:
        inflater = zlib.decompressobj(-15)
        out = bytearray()
        fed = 0
        try:
            while not inflater.eof:
                if inflater.unconsumed_tail:
                    piece = inflater.unconsumed_tail
                elif fed < len(raw):
                    piece = raw[fed : fed + _CHUNK]
                    fed += len(piece)
                else:
                    break
                out += inflater.decompress(piece, limit - len(out) + 1)
                if len(out) > limit:
                    if len(out) > entry.size:
                        raise self.refuse(
                            N_(
                                "the member {name} holds more data than its header declares. "
                                "{hostile}"
                            ),
                            name=entry.name,
                            hostile=_HOSTILE,
                        )
                    raise self._too_large(entry.name, len(out), limit)
                consumed = fed - len(inflater.unconsumed_tail)
                if len(out) > self.limits.ratio_floor and len(out) > self.limits.max_ratio * max(
                    consumed, 1
                ):
                    raise self.refuse(
                        N_(
                            "the member {name} expands more than {ratio} times: the archive "
                            "looks like a zip bomb. {hostile}"
                        ),
                        name=entry.name,
                        ratio=self.limits.max_ratio,
                        hostile=_HOSTILE,
                    )
        except zlib.error as exc:
            raise self._damaged(f"deflate: {exc}", entry.name) from None
        if not inflater.eof or inflater.unused_data or fed < len(raw):
            raise self._damaged("its compressed data does not end where it should", entry.name)
        if len(out) != entry.size:
            raise self._damaged("its size does not match its header", entry.name)
        return bytes(out)


def read_members(data: bytes, limits: ZipLimits, *, source: str) -> dict[str, bytes]:
    """Every member of the archive ``data``, by name, after every check; else PackageRefused."""
    if len(data) > limits.max_archive_bytes:
        raise PackageRefused(
            Step.ZIP,
            N_(
                "the file is {size} bytes, more than a package may be ({limit}). Choose a "
                ".jalon file exported by Jalon."
            ),
            file=source,
            size=len(data),
            limit=limits.max_archive_bytes,
        )
    reader = _Reader(data, limits, source)
    count, central_offset, end = reader.end_record()
    entries = reader.central_directory(count, central_offset, end)
    spans = reader.layout(entries, central_offset)
    members: dict[str, bytes] = {}
    budget = limits.max_total_bytes
    for entry in entries:
        start, stop = spans[entry.name]
        members[entry.name] = reader.content(entry, start, stop, budget)
        budget -= len(members[entry.name])
    return members
