"""Framework updates: build and sign a version (secretariat), install one (everyone), list and
compare the versions an installation knows.

Trust. A ``.jalonfw`` is installed only when it is signed by a secretariat key card shipped in
``resources/trust/`` (``secretariat-*.card.json``) whose key id is not in
``resources/trust/revoked.json``, or by a card this data folder was told to trust with
``jalon framework trust CARD --fingerprint FP`` (for the secretariat's own rehearsal and for
tests). A jurisdiction could trust its own card that way and run a framework of its own making,
but nothing comes of it: the secretariat refuses every submission whose framework (id, version
and SHA-256) it has not installed itself, and ``jalon framework list`` marks such versions
"trusted by this data folder only". Revocation applies to both kinds of card.

Installed versions are kept verbatim as ``<data folder>/frameworks/<id>-<version>.jalonfw``;
they are checked again (signature and digests) every time they are loaded, so an assessment
made with one stays readable, exportable and verifiable for as long as the file is there.
A version is never replaced: an older or equal version is refused (rollback).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jalon import __version__, i18n, paths
from jalon.core.errors import N_, FrameworkError, InvalidInputError, JalonError
from jalon.core.fingerprint import fingerprint
from jalon.core.framework import Framework, parse_framework
from jalon.core.framework_diff import FrameworkDiff, diff
from jalon.core.framework_mapping import check_mapping_against
from jalon.fileio import write_atomically
from jalon.i18n import _
from jalon.services.app import FRAMEWORK_SCHEMA, FrameworkRegistry, Jalon, now

if TYPE_CHECKING:
    from jalon.exchange.framework_package import FrameworkFile

INSTALLED = "frameworks"
LOCAL_TRUST = "trusted-keys"
SUFFIX = ".jalonfw"
CARD_GLOB = "secretariat-*.card.json"
REVOKED = "revoked.json"
MAX_SOURCE_BYTES = 2 * 1024 * 1024


def shipped_trust_folder() -> Path:
    """Where the secretariat's key cards and the revocation list ship with Jalon."""
    return paths.resource("trust")


def _schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(paths.resource(*FRAMEWORK_SCHEMA).read_text("utf-8"))
    return data


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


@dataclass(frozen=True, slots=True)
class Anchor:
    """A key allowed to sign framework files: a shipped secretariat card or a local one."""

    key_id: str
    signer_name: str
    local: bool

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key_id)


def _read_cards(folder: Path, pattern: str, local: bool) -> dict[str, Anchor]:
    from jalon.exchange.keycard import read_key_card

    found: dict[str, Anchor] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob(pattern)):
        try:
            card = read_key_card(path.read_bytes(), source=str(path))
        except (OSError, JalonError):
            continue  # a damaged card trusts nothing; it must not stop the app from opening
        found[card.key_id] = Anchor(card.key_id, card.signer_name, local)
    return found


def revoked_keys() -> set[str]:
    """Key ids of secretariat keys revoked (shipped with Jalon, so updated by a release)."""
    path = shipped_trust_folder() / REVOKED
    if not path.exists():
        return set()
    try:
        raw = json.loads(path.read_text("utf-8"))
        return {str(entry["key_id"]) for entry in raw["revoked"]}
    except (OSError, ValueError, KeyError, TypeError):
        # A damaged revocation list must not let a revoked key through: trust nothing.
        raise FrameworkError(
            N_("The revocation list {file} is damaged. Reinstall Jalon."), file=str(path)
        ) from None


def secretariat_keys() -> dict[str, Anchor]:
    """The secretariat's key cards shipped with this copy of Jalon (revoked ones included)."""
    return _read_cards(shipped_trust_folder(), CARD_GLOB, local=False)


def secretariat_fingerprints() -> list[tuple[str, bool]]:
    """The fingerprints of the shipped secretariat keys, each with whether it is revoked:
    what the About box and the README show so that anyone can check a framework file."""
    revoked = revoked_keys()
    return [(a.fingerprint, a.key_id in revoked) for a in secretariat_keys().values()]


def anchors(app: Jalon) -> dict[str, Anchor]:
    """Every key this installation accepts framework files from, revoked ones included."""
    return anchors_for(app.data_dir)


def trust_card(app: Jalon, card_path: Path, confirmed_fingerprint: str) -> Anchor:
    """Trust ``card_path`` for framework files in this data folder only, once the person has
    confirmed its fingerprint (read from the secretariat's published copy)."""
    from jalon.exchange.keycard import read_key_card

    try:
        data = card_path.read_bytes()
    except OSError as exc:
        raise InvalidInputError(
            N_("The key card {file} cannot be read ({detail})."),
            file=str(card_path),
            detail=exc.strerror or str(exc),
        ) from None
    card = read_key_card(data, source=str(card_path))
    typed = "".join(confirmed_fingerprint.split()).upper()
    if typed != "".join(card.fingerprint.split()):
        raise InvalidInputError(
            N_(
                "The fingerprint you gave does not match the key card {file} ({fingerprint}). "
                "Nothing was trusted; check the card and its published fingerprint."
            ),
            file=str(card_path),
            fingerprint=card.fingerprint,
        )
    if card.key_id in revoked_keys():
        raise InvalidInputError(
            N_("The key {fingerprint} is revoked. Nothing was trusted."),
            fingerprint=card.fingerprint,
        )
    folder = app.data_dir / INSTALLED / LOCAL_TRUST
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(folder / f"{card.key_id}.json", data)
    return Anchor(card.key_id, card.signer_name, local=True)


# -- the registry: shipped versions plus installed ones -------------------------------------


@dataclass(frozen=True, slots=True)
class InstalledVersion:
    framework: Framework
    path: Path
    key_id: str
    local_trust: bool


#: Installed files already checked in this process, by (path, size, modification time): a
#: file that changes is checked again. Trust in its signer is decided again at every load.
_CHECKED: dict[tuple[str, int, int], FrameworkFile] = {}


class InstalledRegistry(FrameworkRegistry):
    """The shipped frameworks plus the ``.jalonfw`` files installed in the data folder."""

    def __init__(self, shipped: FrameworkRegistry, data_dir: Path) -> None:
        super().__init__(shipped._folder)
        self._shipped = shipped
        self._data_dir = data_dir
        self._installed: list[InstalledVersion] | None = None
        #: Installed files that could not be loaded: (path, why).
        self.problems: list[tuple[Path, str]] = []

    def installed(self) -> list[InstalledVersion]:
        if self._installed is None:
            self._installed = self._load()
        return self._installed

    def _load(self) -> list[InstalledVersion]:
        from jalon.exchange.framework_package import read_framework_file

        folder = self._data_dir / INSTALLED
        files = sorted(folder.glob(f"*{SUFFIX}")) if folder.is_dir() else []
        if not files:
            return []
        keys = anchors_for(self._data_dir)
        schema = _schema() if any(_stamp(p) not in _CHECKED for p in files) else {}
        loaded = []
        for path in files:
            try:
                stamp = _stamp(path)
                checked = _CHECKED.get(stamp) if stamp else None
                if checked is None:
                    data = path.read_bytes()
                    checked = read_framework_file(data, source=str(path), schema=schema)
                    if stamp:
                        _CHECKED[stamp] = checked
            except (OSError, JalonError) as exc:
                self.problems.append((path, str(exc)))
                continue
            anchor = keys.get(checked.key_id)
            if anchor is None:
                self.problems.append((path, "signed by a key this installation does not trust"))
                continue
            loaded.append(InstalledVersion(checked.framework, path, checked.key_id, anchor.local))
        return loaded

    def all(self) -> list[Framework]:
        shipped = self._shipped.all()
        known = {(f.id, f.version) for f in shipped}
        extra = [
            v.framework
            for v in self.installed()
            if (v.framework.id, v.framework.version) not in known
        ]
        return shipped + extra


def anchors_for(data_dir: Path) -> dict[str, Anchor]:
    """The shipped secretariat cards and the cards ``data_dir`` was told to trust."""
    found = _read_cards(data_dir / INSTALLED / LOCAL_TRUST, "*.json", local=True)
    found.update(secretariat_keys())
    return found


def _stamp(path: Path) -> tuple[str, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (str(path), info.st_size, info.st_mtime_ns)


def with_installed(shipped: FrameworkRegistry, data_dir: Path) -> FrameworkRegistry:
    """``shipped`` plus what is installed in ``data_dir`` (the registry itself when nothing
    is, so that opening a store costs nothing more)."""
    folder = data_dir / INSTALLED
    if not folder.is_dir() or not any(folder.glob(f"*{SUFFIX}")):
        return shipped
    return InstalledRegistry(shipped, data_dir)


def _reload(app: Jalon) -> None:
    shipped = (
        app.frameworks._shipped if isinstance(app.frameworks, InstalledRegistry) else app.frameworks
    )
    app.frameworks = with_installed(shipped, app.data_dir)


# -- build, install, list, diff -----------------------------------------------------------


def read_source(source: Path) -> tuple[Framework, bytes]:
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise InvalidInputError(
            N_("The framework source {file} cannot be read ({detail})."),
            file=str(source),
            detail=exc.strerror or str(exc),
        ) from None
    return parse_framework(data, source=str(source), schema=_schema()), data


def _check_previous(app: Jalon, fw: Framework, source: str) -> None:
    if fw.previous is None:
        return
    try:
        old = app.frameworks.get(fw.id, fw.previous.version)
    except FrameworkError:
        raise InvalidInputError(
            N_(
                "{file} maps version {previous}, which this installation does not have. "
                "Install version {previous} first."
            ),
            file=source,
            previous=fw.previous.version,
        ) from None
    check_mapping_against(fw.previous, old, source)


def build(app: Jalon, source: Path, out: Path, passphrase: str) -> Path:
    """Sign the framework source ``source`` with this data folder's key into ``out``."""
    from jalon.exchange.framework_package import build_framework_file
    from jalon.services.keys import unlock

    fw, data = read_source(source)
    _check_previous(app, fw, str(source))
    key = unlock(app, passphrase)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(out, build_framework_file(fw, data, key, app_version=__version__, now=now()))
    return out


@dataclass(frozen=True, slots=True)
class InstallResult:
    framework: Framework
    path: Path
    changes: FrameworkDiff | None
    signer_fingerprint: str
    local_trust: bool


def _refuse(file: Path, msgid: str, **params: Any) -> Exception:
    from jalon.exchange.framework_package import FrameworkFileRefused

    return FrameworkFileRefused(msgid, file=str(file), **params)


def check(app: Jalon, file: Path) -> Checked:
    """Every check of :func:`install` (signature, trusted and unrevoked signer, newer version,
    mapping), writing nothing: what a person sees before deciding to install."""
    from jalon.exchange.framework_package import LIMITS, read_framework_file

    try:
        with file.open("rb") as handle:  # bounded: a huge file is refused, not read whole
            data = handle.read(LIMITS.max_archive_bytes + 1)
    except OSError as exc:
        raise InvalidInputError(
            N_("The framework file {file} cannot be read ({detail})."),
            file=str(file),
            detail=exc.strerror or str(exc),
        ) from None
    checked = read_framework_file(data, source=str(file), schema=_schema())
    keys = anchors(app)
    anchor = keys.get(checked.key_id)
    if anchor is None:
        raise _refuse(
            file,
            N_(
                "it is signed by {fingerprint}, which is not the secretariat's key. Install "
                "only framework files published by the Joint Councils' secretariat."
            ),
            fingerprint=checked.fingerprint,
        )
    if checked.key_id in revoked_keys():
        raise _refuse(
            file,
            N_(
                "it is signed by the secretariat key {fingerprint}, which has been revoked. "
                "Ask the secretariat for the file signed with its current key."
            ),
            fingerprint=checked.fingerprint,
        )
    fw = checked.framework
    same_id = [f for f in app.frameworks.all() if f.id == fw.id]
    if not same_id:
        raise _refuse(
            file,
            N_("it holds the framework {id}, which this installation does not use."),
            id=fw.id,
        )
    newest = max(same_id, key=lambda f: version_key(f.version))
    if version_key(fw.version) <= version_key(newest.version):
        raise _refuse(
            file,
            N_(
                "it holds version {version}, and this installation already has version "
                "{installed}. Only a newer version can be installed."
            ),
            version=fw.version,
            installed=newest.version,
        )
    _check_previous(app, fw, str(file))
    return Checked(checked, data, newest, anchor.local)


@dataclass(frozen=True, slots=True)
class Checked:
    """A framework file that passed every check, with the newest version it would follow."""

    file: FrameworkFile
    data: bytes
    replaces: Framework
    local_trust: bool

    @property
    def changes(self) -> FrameworkDiff:
        return diff(self.replaces, self.file.framework)


def install(app: Jalon, file: Path) -> InstallResult:
    """Check ``file`` (see :func:`check`) and keep it in the data folder. Nothing is written
    unless every check passes."""
    ok = check(app, file)
    fw = ok.file.framework
    folder = app.data_dir / INSTALLED
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{fw.id}-{fw.version}{SUFFIX}"
    write_atomically(target, ok.data)
    _reload(app)
    return InstallResult(fw, target, ok.changes, ok.file.fingerprint, ok.local_trust)


@dataclass(frozen=True, slots=True)
class VersionInfo:
    framework: Framework
    origin: str  # "shipped" or "installed"
    signer_fingerprint: str | None
    local_trust: bool
    default: bool


def list_versions(app: Jalon) -> list[VersionInfo]:
    registry = app.frameworks
    installed = {
        (v.framework.id, v.framework.version): v
        for v in (registry.installed() if isinstance(registry, InstalledRegistry) else [])
    }
    default = app.framework
    rows = []
    for fw in sorted(registry.all(), key=lambda f: (f.id, version_key(f.version))):
        v = installed.get((fw.id, fw.version))
        rows.append(
            VersionInfo(
                fw,
                "installed" if v else "shipped",
                fingerprint(v.key_id) if v else None,
                v.local_trust if v else False,
                fw.key == default.key,
            )
        )
    return rows


def resolve(app: Jalon, version: str, framework_id: str | None = None) -> Framework:
    """The known framework of ``version`` (of the default framework's id unless given)."""
    return app.frameworks.get(framework_id or app.framework.id, version)


def compare(app: Jalon, old_version: str, new_version: str) -> FrameworkDiff:
    return diff(resolve(app, old_version), resolve(app, new_version))


def _name(fw: Framework, theme_id: str | None) -> str:
    if theme_id is None:
        return ""
    lang = i18n.current_language()
    return fw.theme(theme_id).name.get(lang) if fw.has_theme(theme_id) else theme_id


_KIND = {
    "kept": N_("kept"),
    "renamed": N_("renamed"),
    "merged": N_("merged into"),
    "split": N_("split into"),
    "removed": N_("removed"),
    "added": N_("added"),
}


_TEXTS = {"name": N_("name"), "description": N_("description"), "levels": N_("level descriptors")}


def describe_changes(changes: FrameworkDiff, old: Framework, new: Framework) -> list[str]:
    """The changes from ``old`` to ``new``, one line each, in the current language."""
    lines: list[str] = []
    lines.append(
        _("From version {old} to version {new}:").format(
            old=changes.old_version, new=changes.new_version
        )
    )
    if not changes.changed and not changes.questions_added and not changes.questions_removed:
        lines.append("  " + _("no change to the themes or questions"))
    for c in changes.changed:
        kind = _(_KIND[c.kind])
        targets = ", ".join(_name(new, t) for t in c.targets)
        if c.kind == "added":
            lines.append(f"  + {targets} ({kind})")
        elif c.kind == "removed":
            lines.append(f"  - {_name(old, c.source)} ({kind})")
        elif c.kind == "kept":
            lines.append(
                "  ~ "
                + _("{theme}: wording changed ({parts})").format(
                    theme=_name(new, c.targets[0]), parts=", ".join(_(_TEXTS[t]) for t in c.texts)
                )
            )
        else:
            lines.append(f"  * {_name(old, c.source)} → {kind} {targets}")
    for q in changes.questions_added:
        lines.append("  + " + _("question {id} added").format(id=q))
    for q in changes.questions_removed:
        lines.append("  - " + _("question {id} removed").format(id=q))
    if changes.levels_changed:
        lines.append("  ~ " + _("the maturity scale changed"))
    return lines


__all__ = [
    "Anchor",
    "InstallResult",
    "InstalledRegistry",
    "VersionInfo",
    "build",
    "compare",
    "install",
    "list_versions",
    "trust_card",
    "with_installed",
]
