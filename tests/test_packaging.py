"""The packaging files: the Linux desktop entry, AppStream metadata and MIME type, the icon,
the PyInstaller spec and its policy, the Windows installer script, and the Linux installer.

Fast checks that need no build; building and running the bundle is
``tests/packaging/test_bundle.py`` (``--bundle``).
"""

from __future__ import annotations

import ast
import configparser
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
LINUX = PACKAGING / "linux"
APP_ID = "ca.jointcouncils.Jalon"
MIME_TYPE = "application/x-jalon-package"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
MIME = LINUX / f"{APP_ID}.mime.xml"
SPEC = PACKAGING / "jalon.spec"
ISS = PACKAGING / "windows" / "jalon.iss"
ICONS = ROOT / "resources" / "icons"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"

sys.path.insert(0, str(PACKAGING))
import bundle_policy  # noqa: E402


def project_version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"])


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def by_language(elements: list[ET.Element]) -> dict[str, str]:
    return {e.get(XML_LANG, "en"): "".join(e.itertext()).strip() for e in elements}


# -- the desktop entry ------------------------------------------------------------------------


def test_the_desktop_entry_starts_jalon_with_the_files_it_is_given() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == "jalon"
    assert entry["Exec"].split()[1:] == ["%F"]
    assert entry["TryExec"] == "jalon"
    assert entry["Terminal"] == "false"
    assert entry["Icon"] == APP_ID


def test_the_desktop_entry_opens_jalon_packages() -> None:
    entry = desktop_entry()
    assert MIME_TYPE in entry["MimeType"].split(";")
    assert entry["MimeType"].endswith(";")
    assert entry["Categories"].endswith(";")


def test_the_desktop_entry_speaks_english_and_french() -> None:
    entry = desktop_entry()
    for key in ("Name", "GenericName", "Comment", "Keywords"):
        assert entry[key], key
        assert entry[f"{key}[fr]"], f"{key}[fr]"
    assert entry["GenericName[fr]"] == "Autoévaluation de la stratégie numérique"


def test_the_desktop_entry_passes_desktop_file_validate() -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate (Debian: desktop-file-utils) is not installed")
    done = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == ""


# -- AppStream ---------------------------------------------------------------------------------


def test_the_metainfo_names_jalon_in_english_and_french_with_its_release() -> None:
    component = ET.parse(METAINFO).getroot()
    assert component.tag == "component"
    assert component.get("type") == "desktop-application"
    assert component.findtext("id") == APP_ID
    assert set(by_language(component.findall("name"))) == {"en", "fr"}
    summaries = by_language(component.findall("summary"))
    assert set(summaries) == {"en", "fr"}
    paragraphs = by_language(component.findall("description/p"))
    assert set(paragraphs) == {"en", "fr"}
    assert "14" in paragraphs["en"]
    assert "14" in paragraphs["fr"]
    releases = component.findall("releases/release")
    assert releases, "at least one release"
    assert releases[0].get("version") == project_version()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", releases[0].get("date", ""))
    rating = component.find("content_rating")
    assert rating is not None
    assert rating.get("type") == "oars-1.1"


def test_the_metainfo_points_at_the_desktop_entry_and_the_mime_type() -> None:
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert component.findtext("provides/mediatype") == MIME_TYPE
    assert component.findtext("provides/binary") == "jalon"
    assert component.findtext("metadata_license") == "CC0-1.0"
    assert component.findtext("project_license") == "MIT"


def test_the_metainfo_passes_appstreamcli_validate() -> None:
    tool = shutil.which("appstreamcli")
    if tool is None:
        pytest.skip("appstreamcli (Debian: appstream) is not installed")
    done = subprocess.run(
        [tool, "validate", "--no-net", "--no-color", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "W:" not in done.stdout, done.stdout
    assert "E:" not in done.stdout, done.stdout


# -- the MIME type -----------------------------------------------------------------------------


def mime_type() -> ET.Element:
    root = ET.parse(MIME).getroot()
    assert root.tag == f"{MIME_NS}mime-info"
    (declared,) = root.findall(f"{MIME_NS}mime-type")
    return declared


def test_the_mime_type_declares_jalon_files_with_a_bilingual_comment() -> None:
    declared = mime_type()
    assert declared.get("type") == MIME_TYPE
    assert [g.get("pattern") for g in declared.findall(f"{MIME_NS}glob")] == ["*.jalon"]
    comments = by_language(declared.findall(f"{MIME_NS}comment"))
    assert comments == {"en": "Jalon package", "fr": "Paquet Jalon"}
    parent = declared.find(f"{MIME_NS}sub-class-of")
    assert parent is not None
    assert parent.get("type") == "application/zip"


def _magic_value(text: str) -> bytes:
    """A shared-mime-info string value: backslash escapes are octal (\\003) or the next char."""
    out = bytearray()
    i = 0
    while i < len(text):
        if text[i] == "\\":
            octal = re.match(r"[0-7]{1,3}", text[i + 1 :])
            if octal:
                out.append(int(octal.group(), 8))
                i += 1 + len(octal.group())
                continue
            out += text[i + 1].encode()
            i += 2
            continue
        out += text[i].encode()
        i += 1
    return bytes(out)


def _matches(match: ET.Element, data: bytes) -> bool:
    assert match.get("type") == "string"
    value = _magic_value(match.get("value", ""))
    offset = int(match.get("offset", "0"))
    if data[offset : offset + len(value)] != value:
        return False
    children = match.findall(f"{MIME_NS}match")
    return not children or any(_matches(child, data) for child in children)


def magic_recognises(data: bytes) -> bool:
    magic = mime_type().find(f"{MIME_NS}magic")
    assert magic is not None
    return any(_matches(m, data) for m in magic.findall(f"{MIME_NS}match"))


def test_the_mime_magic_recognises_a_real_package_even_without_its_extension() -> None:
    from tests.exchange_support import valid_package

    assert magic_recognises(valid_package())


def test_the_mime_magic_does_not_claim_other_zip_files() -> None:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<office/>")
        archive.writestr("manifest.json", "{}")  # present, but not first as in a package
    assert not magic_recognises(buffer.getvalue())


def test_the_mime_type_is_installed_by_update_mime_database(tmp_path: Path) -> None:
    tool = shutil.which("update-mime-database")
    if tool is None:
        pytest.skip("update-mime-database (Debian: shared-mime-info) is not installed")
    packages = tmp_path / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy(MIME, packages / f"{APP_ID}.xml")
    done = subprocess.run([tool, str(tmp_path / "mime")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    globs = (tmp_path / "mime" / "globs2").read_text("utf-8")
    assert f":{MIME_TYPE}:*.jalon" in globs
    assert b"manifest.json" in (tmp_path / "mime" / "magic").read_bytes()


# -- the icon ----------------------------------------------------------------------------------


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG file"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("size", [16, 32, 48, 128, 256])
def test_each_png_icon_has_the_size_its_name_says(size: int) -> None:
    assert png_size(ICONS / f"jalon-{size}.png") == (size, size)


def test_the_svg_icon_is_square_and_well_formed() -> None:
    svg = ET.parse(ICONS / "jalon.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.get("viewBox") == "0 0 256 256"


def test_the_windows_icon_holds_the_png_renders() -> None:
    data = (ICONS / "jalon.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    assert count >= 4
    sides = [data[6 + 16 * i] or 256 for i in range(count)]
    assert {16, 32, 48, 256} <= set(sides)


# -- the PyInstaller spec and its policy -----------------------------------------------------


def spec_text() -> str:
    return SPEC.read_text("utf-8")


def test_the_spec_bundles_every_resource_folder() -> None:
    match = re.search(r"^RESOURCE_FOLDERS = (\(.*?\))$", spec_text(), re.M)
    assert match, "RESOURCE_FOLDERS not found in jalon.spec"
    listed = set(ast.literal_eval(match.group(1)))
    present = {p.name for p in (ROOT / "resources").iterdir() if p.is_dir()}
    assert listed == present
    assert 'f"jalon/resources/{folder}"' in spec_text()


def test_the_spec_bundles_the_french_catalog_and_the_migrations_where_jalon_looks() -> None:
    text = spec_text()
    assert '"translations" / "fr" / "LC_MESSAGES" / "jalon.po"' in text
    assert '"jalon/translations/fr/LC_MESSAGES"' in text
    # jalon.store.database reads MIGRATIONS beside itself: jalon/store/migrations in the bundle.
    assert '"jalon/store/migrations/versions"' in text
    assert '"script.py.mako"' in text
    assert '"env.py"' in text
    assert 'copy_metadata("jalon")' in text


def test_the_spec_names_the_hidden_imports_of_migrations_and_database_dialects() -> None:
    text = spec_text()
    for module in ("alembic.context", "alembic.op", "sqlalchemy.dialects.sqlite.pysqlite",
                   "sqlalchemy.dialects.postgresql.psycopg", "reportlab.rl_config",
                   "babel.numbers", "babel.dates"):  # fmt: skip
        assert f'"{module}"' in text, module


def qt_modules_imported_by_jalon() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "desktop" / "jalon").rglob("*.py"):
        found.update(re.findall(r"PySide6\.(Qt\w+)", path.read_text("utf-8")))
    return found


def test_the_qt_modules_jalon_imports_are_the_ones_the_bundle_keeps() -> None:
    assert qt_modules_imported_by_jalon() <= set(bundle_policy.QT_MODULES_USED)
    excluded = bundle_policy.qt_excludes()
    assert "PySide6.QtWebEngineCore" in excluded or "PySide6.QtQml" in excluded
    assert not {f"PySide6.{m}" for m in bundle_policy.QT_MODULES_USED} & set(excluded)


def test_jalon_never_imports_a_module_the_bundle_leaves_out() -> None:
    left_out = {m for m in bundle_policy.PYTHON_EXCLUDES}
    for path in (ROOT / "desktop" / "jalon").rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                parts = name.split(".")
                prefixes = {".".join(parts[: i + 1]) for i in range(len(parts))}
                assert not prefixes & left_out, f"{path.relative_to(ROOT)} imports {name}"


@pytest.mark.parametrize(
    ("destination", "kept"),
    [
        ("PySide6/Qt/translations/qtbase_fr.qm", True),
        ("PySide6/Qt/translations/qt_fr.qm", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/translations/qtbase_zh_TW.qm", False),
        ("babel/locale-data/fr_CA.dat", True),
        ("babel/locale-data/en_001.dat", True),
        ("babel/locale-data/root.dat", True),
        ("babel/locale-data/de.dat", False),
        ("babel/global.dat", True),
        ("jalon/resources/fonts/DejaVuSans.ttf", True),
        (
            "jalon/store/migrations/versions/__pycache__/0001_the_first_schema.cpython-311.pyc",
            False,
        ),
        ("jsonschema/benchmarks/issue232.json", False),
    ],
)
def test_the_bundle_keeps_french_and_english_data_only(destination: str, kept: bool) -> None:
    assert bundle_policy.keep_data(destination) is kept


def test_babel_has_every_locale_the_bundle_keeps() -> None:
    from babel import localedata

    for name in bundle_policy.BABEL_LOCALES:
        assert localedata.exists(name), name
    # en_CA's data inherits from en_001: keeping en_CA without its parent would break dates.
    from babel.core import get_global

    assert get_global("parent_exceptions").get("en_CA", "en_001") in bundle_policy.BABEL_LOCALES


def test_the_launcher_self_test_reports_every_check_passed_offscreen() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "JALON_BUNDLE_SELFTEST": "1"}
    env.pop("JALON_DATA_DIR", None)
    done = subprocess.run(
        [sys.executable, str(PACKAGING / "launcher.py")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["failed"] == []
    assert report["qt"]["qtbase_fr_loaded"] is True
    assert report["qt"]["qtbase_fr_sample"] == "Annuler"
    assert report["french_date"] == "2 novembre 2026"


# -- the Windows installer script -------------------------------------------------------------


def iss_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for line in ISS.read_text("utf-8-sig").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(";"):
            continue
        header = re.fullmatch(r"\[(\w+)\]", stripped)
        if header:
            current = header.group(1)
            sections.setdefault(current, [])
        else:
            sections.setdefault(current, []).append(stripped)
    return sections


def test_the_windows_installer_is_per_user_in_english_and_french() -> None:
    assert ISS.read_bytes()[:3] == b"\xef\xbb\xbf", "Inno Setup needs the BOM to read UTF-8"
    sections = iss_sections()
    setup = dict(line.split("=", 1) for line in sections["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["ChangesAssociations"] == "yes"
    languages = " ".join(sections["Languages"])
    assert 'Name: "en"' in languages
    assert 'Name: "fr"' in languages
    assert "French.isl" in languages
    custom = dict(line.split("=", 1) for line in sections["CustomMessages"])
    for key in ("PackageType", "AppComment", "AssociateTask"):
        assert custom[f"en.{key}"], key
        assert custom[f"fr.{key}"], key
    assert custom["fr.PackageType"] == "Paquet Jalon"


def test_the_windows_installer_associates_jalon_files_and_adds_a_start_menu_entry() -> None:
    sections = iss_sections()
    registry = "\n".join(sections["Registry"])
    assert 'Subkey: "Software\\Classes\\.jalon"' in registry
    assert '\\shell\\open\\command"' in registry
    assert '""%1""' in registry
    icons = "\n".join(sections["Icons"])
    assert "{autoprograms}" in icons
    assert "{#GuiExe}" in icons
    files = "\n".join(sections["Files"])
    assert "{#BundleDir}" in files
    text = ISS.read_text("utf-8-sig")
    assert '#define BundleDir "..\\..\\build\\dist\\jalon"' in text
    assert '#define GuiExe "jalon-gui.exe"' in text
    assert 'name="jalon-gui"' in spec_text()  # the spec builds the program the installer opens


def test_the_windows_installer_version_is_the_projects() -> None:
    match = re.search(r'#define AppVersion "([^"]+)"', ISS.read_text("utf-8-sig"))
    assert match
    assert match.group(1) == project_version()


# -- the Linux installer -----------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell script")
def test_install_sh_installs_the_entry_icons_metadata_and_mime_type_then_removes_them(
    tmp_path: Path,
) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    program = bundle / "jalon"
    program.write_text("#!/bin/sh\necho jalon 0.0.0\n", encoding="utf-8")
    program.chmod(0o755)
    prefix = tmp_path / "prefix"
    script = str(LINUX / "install.sh")
    env = {**os.environ, "XDG_DATA_HOME": str(prefix / "share")}

    done = subprocess.run(
        ["sh", script, "--bundle", str(bundle), "--prefix", str(prefix)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    share = prefix / "share"
    installed = share / "applications" / f"{APP_ID}.desktop"
    assert f"Exec={prefix}/bin/jalon %F" in installed.read_text("utf-8").splitlines()
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert (share / "mime" / "packages" / f"{APP_ID}.xml").is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert png_size(share / "icons" / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png") == (48, 48)
    shown = subprocess.run([str(prefix / "bin" / "jalon")], capture_output=True, text=True)
    assert shown.stdout.strip() == "jalon 0.0.0"
    if shutil.which("update-mime-database"):
        assert MIME_TYPE in (share / "mime" / "globs2").read_text("utf-8")

    done = subprocess.run(
        ["sh", script, "--prefix", str(prefix), "--uninstall"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert not installed.exists()
    assert not (prefix / "bin" / "jalon").exists()
    assert not (prefix / "lib" / "jalon").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell script")
def test_install_sh_without_a_bundle_says_how_to_build_one_and_installs_nothing(
    tmp_path: Path,
) -> None:
    prefix = tmp_path / "prefix"
    done = subprocess.run(
        ["sh", str(LINUX / "install.sh"), "--bundle", str(tmp_path / "none"), "--prefix",
         str(prefix)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "build_bundle.py" in done.stderr
    assert not prefix.exists()
