"""Fixtures and helpers for the tests of the secretariat's workspace (no tests here).

Demo data: real signed packages from four jurisdictions and one workshop group, made quickly
(small scrypt work factor, a small PDF report) with the secretariat tests' own helpers; the
Ontario package carries a real signed PDF report, as an exported package does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)

from jalon.core import assessment as am
from jalon.core.framework import Framework
from jalon.core.jurisdiction import Jurisdiction, government, workshop_group
from jalon.services.app import Jalon
from jalon.ui.secretariat import SecretariatWidget

from .conftest import FIXED_NOW
from .exchange_support import signer_key, valid_package
from .secretariat_support import enroll_key, quick_package, signing_key_for, varied_assessment
from .test_ui_shell_support import (  # noqa: F401 - fixtures
    jalon_fixture,
    migrated_data_fixture,
)

#: Answers as a jurisdiction would type them (typed data: the same in both languages).
ANSWERS = {
    "QC": (
        "Own the pan-Canadian principles and the identity trust framework; co-lead data "
        "sharing with the provinces.",
        "A common digital identity pilot by 2027; a shared catalogue of open APIs.",
    ),
    "BC": (
        "Convene and broker: the Councils should not run programs, but should set the "
        "shared standards that make ours interoperate.",
        "Publish one procurement template for cloud services; pool security testing.",
    ),
    "NS": (
        "Answer for the strategy itself and report on it yearly.",
        "A talent exchange among the Atlantic provinces.",
    ),
    "GRP-TABLE-1": (
        "Table 1 agrees the Councils should own the strategy, not its delivery.",
        "Three crunchy items: identity, data sharing agreements, a skills inventory.",
    ),
}


@dataclass
class Demo:
    """The packages written, by jurisdiction code, and what each holds."""

    folder: Path
    files: dict[str, Path]
    assessments: dict[str, am.Assessment]

    @property
    def codes(self) -> list[str]:
        return list(self.files)


def _with_answers(fw: object, a: am.Assessment, code: str) -> am.Assessment:
    if code not in ANSWERS:
        return a
    first, second = ANSWERS[code]
    ids = [q.id for q in fw.questions]  # type: ignore[attr-defined]
    a = am.with_answer(a, fw, ids[0], first, FIXED_NOW)  # type: ignore[arg-type]
    return am.with_answer(a, fw, ids[1], second, FIXED_NOW)  # type: ignore[arg-type]


def demo_assessment(
    fw: Framework,
    j: Jurisdiction,
    shift: int,
    *,
    blanks: int = 0,
    revision: int = 1,
    assessment_id: str | None = None,
) -> am.Assessment:
    """A plausible submission: the demo's levels and choices, moved a little per jurisdiction
    (``shift``), so the dashboard shows agreement as well as differences; the last ``blanks``
    themes are left unanswered."""
    from jalon.services.demo_content import DEMO_RESPONSES

    a = varied_assessment(fw, j, shift, blanks=len(fw.themes), assessment_id=assessment_id)
    roles = [o.id for o in fw.roles]
    for i, theme in enumerate(fw.themes[: len(fw.themes) - blanks]):
        base = DEMO_RESPONSES[theme.id]
        move = (shift + i * 2) % 3 - 1
        current = max(fw.min_level, min(base["current"] + move, fw.max_level))
        target = min(base["target"] + (shift + i) % 2, fw.max_level)
        if base["target"] >= base["current"]:  # the demo's own step back (procurement) stays
            target = max(current, target)
        role = base["role"]
        if (i + shift) % 5 == 0:
            role = roles[(roles.index(role) + 1) % len(roles)]
        a = am.with_response(
            a,
            fw,
            theme.id,
            now=FIXED_NOW,
            current=current,
            target=target,
            priority=base["priority"] if (i + shift) % 4 else "medium",
            role=role,
            capacity=base["capacity"] if (i * shift) % 3 else "partly",
            comment=f"{j.code}: notes on {theme.name.en}.",
            evidence=f"https://example.ca/{j.code.lower()}/{theme.id}",
        )
    a = am.with_participants(a, [am.Participant(f"Official {shift}", "Director", "Digital")])
    return replace(a, revision=revision)


def write_demo_packages(app: Jalon, folder: Path, *, enrol: bool = True) -> Demo:
    """Packages of Ontario (real signed report), Quebec, British Columbia, Nova Scotia and the
    workshop group "Table 1", with their keys enrolled in ``app`` (unless ``enrol`` is off)."""
    from jalon.core.serialize import assessment_from_json

    from .exchange_support import members_of

    fw = app.framework
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    held: dict[str, am.Assessment] = {}
    on = valid_package()
    files["ON"] = folder / "ontario.jalon"
    files["ON"].write_bytes(on)
    import json

    held["ON"] = assessment_from_json(json.loads(members_of(on)["assessment.json"]))
    if enrol:
        enroll_key(app, signer_key())
    makers: list[tuple[Jurisdiction, int, int]] = [
        (government("QC"), 3, 0),
        (government("BC"), 5, 0),
        (government("NS"), 6, 3),
        (workshop_group("Table 1"), 8, 0),
    ]
    for j, seed, blanks in makers:
        key = signing_key_for(j, "Sam Okafor")
        if enrol:
            enroll_key(app, key)
        a = demo_assessment(fw, j, seed, blanks=blanks)
        a = _with_answers(fw, a, j.code)
        data = quick_package(a, key, signed_at=FIXED_NOW + timedelta(hours=seed))
        path = folder / f"{j.code.lower()}.jalon"
        path.write_bytes(data)
        files[j.code] = path
        held[j.code] = a
    return Demo(folder, files, held)


def second_revision(app: Jalon, demo: Demo, code: str, folder: Path) -> Path:
    """A second signed revision of ``code``'s assessment (other levels), as a package."""
    fw = app.framework
    first = demo.assessments[code]
    j = first.jurisdiction
    a = replace(demo_assessment(fw, j, 7, assessment_id=first.id, revision=2), title=first.title)
    a = _with_answers(fw, a, code)
    data = quick_package(
        a, signing_key_for(j, "Sam Okafor"), signed_at=FIXED_NOW + timedelta(days=9)
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{code.lower()}-r2.jalon"
    path.write_bytes(data)
    demo.assessments[f"{code}-r2"] = a
    return path


def run_import(qtbot: object, widget: SecretariatWidget, paths: list[Path]) -> None:
    """Import ``paths`` through the widget and wait until the job has ended."""
    intake = widget.intake
    assert widget.import_paths(paths)
    job = intake.job
    assert job is not None
    qtbot.waitUntil(lambda: not intake.is_running, timeout=30_000)  # type: ignore[attr-defined]


def show_dashboard(qtbot: object, workspace: SecretariatWidget) -> None:
    """Show the Dashboard tab, as a person clicks it, and let its background read end."""
    workspace.show_tab(workspace.DASHBOARD)
    dashboard = workspace.dashboard
    qtbot.waitUntil(lambda: not dashboard.is_loading, timeout=30_000)  # type: ignore[attr-defined]


@pytest.fixture(name="workspace")
def workspace_fixture(qtbot: object, jalon: Jalon) -> Iterator[SecretariatWidget]:
    widget = SecretariatWidget(jalon)
    qtbot.addWidget(widget)  # type: ignore[attr-defined]
    widget.resize(1280, 860)
    widget.show()
    yield widget
    widget.wait()


def when_dialog(act: Callable[[QDialog], None], kind: type = QDialog) -> None:
    """Act on the next modal dialog of type ``kind`` once it is open (as a person would)."""
    tries = [0]

    def attempt() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, kind) or not box.isVisible():
            tries[0] += 1
            if tries[0] > 500:
                raise AssertionError(f"no {kind.__name__} opened")
            QTimer.singleShot(10, attempt)
            return
        act(box)  # type: ignore[arg-type]

    QTimer.singleShot(0, attempt)


def choose_in_file_dialog(*paths: Path) -> None:
    """Pick ``paths`` in the next file dialog and accept it."""

    def pick(dialog: QDialog) -> None:
        assert isinstance(dialog, QFileDialog)
        dialog.setDirectory(str(paths[0].parent))
        if len(paths) == 1:
            dialog.selectFile(str(paths[0]))
        else:
            dialog.selectFile(" ".join(f'"{p.name}"' for p in paths))
        dialog.accept()

    when_dialog(pick, QFileDialog)


def all_widgets(root: QWidget) -> list[QWidget]:
    return [root, *root.findChildren(QWidget)]


# -- what a person reads and hears ---------------------------------------------------------------

NO_WORDS = re.compile(r"^[\W\d_]*$")
FINGERPRINT = re.compile(r"^[0-9A-F]{4}(\s[0-9A-F]{4}){7}$")


def shown_models(root: QWidget) -> list[tuple[QAbstractItemView, QAbstractItemModel]]:
    return [
        (view, view.model())
        for view in root.findChildren(QAbstractItemView)
        if view.isVisibleTo(root) and view.model() is not None
    ]


def columns_of(model: QAbstractItemModel) -> int:
    # A list model's column count is private in PySide: it has one column.
    return 1 if isinstance(model, QAbstractListModel) else model.columnCount()


def readable_texts(root: QWidget) -> dict[tuple[int, str], str]:
    """Every text on screen in ``root``: labels, buttons, titles, tooltips, accessible names,
    placeholders, combo items, tab titles, table headers and cells (shown and spoken)."""
    found: dict[tuple[int, str], str] = {}

    def add(owner: object, part: str, text: object) -> None:
        if isinstance(text, str) and text.strip():
            found[(id(owner), part)] = text

    for w in all_widgets(root):
        if not w.isVisibleTo(root) and w is not root:
            continue
        if w.isWindow():
            add(w, "window title", w.windowTitle())
        add(w, "tooltip", w.toolTip())
        add(w, "accessible name", w.accessibleName())
        add(w, "accessible description", w.accessibleDescription())
        if isinstance(w, QLabel | QAbstractButton):
            add(w, "text", w.text())
        if isinstance(w, QLineEdit | QPlainTextEdit):
            add(w, "placeholder", w.placeholderText())
        if isinstance(w, QGroupBox):
            add(w, "title", w.title())
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                add(w, f"item {i}", w.itemText(i))
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                add(w, f"tab {i}", w.tabText(i))
                add(w, f"tab tip {i}", w.tabToolTip(i))
    for _view, model in shown_models(root):
        for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
            count = (
                columns_of(model)
                if orientation == Qt.Orientation.Horizontal
                else (model.rowCount())
            )
            for section in range(count):
                add(
                    model,
                    f"header {orientation.name} {section}",
                    model.headerData(section, orientation),
                )
        for row in range(model.rowCount()):
            for column in range(columns_of(model)):
                index = model.index(row, column)
                for role in (
                    Qt.ItemDataRole.DisplayRole,
                    Qt.ItemDataRole.AccessibleTextRole,
                    Qt.ItemDataRole.ToolTipRole,
                ):
                    # The model's own data(): index.data() loses a reference to None for
                    # every empty value in PySide6 6.12 (see jalon.ui.secretariat.common).
                    add(model, f"cell {row},{column} {role.name}", model.data(index, role))
    for action in root.findChildren(QAction):
        add(action, "action", action.text())
    return found


def left_in_english(
    before: dict[tuple[int, str], str], after: dict[tuple[int, str], str], data: list[str]
) -> list[str]:
    """Texts the switch to French left unchanged, once the data in them (names, titles,
    answers, codes, file names, fingerprints, numbers) is taken out."""
    pieces = sorted({d for d in data if d}, key=len, reverse=True)
    left = []
    for key, text in before.items():
        if after.get(key) != text:
            continue
        rest = text
        for piece in pieces:
            rest = rest.replace(piece, " ")
        if NO_WORDS.match(rest) or FINGERPRINT.match(text):
            continue
        left.append(f"{key[1]}: {text!r}")
    return sorted(left)


def unnamed_inputs(root: QWidget) -> list[str]:
    """Focusable controls on screen with neither an accessible name nor a buddy label (buttons
    are named by their text)."""
    buddies = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy()}
    missing = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or not (w.focusPolicy() & Qt.FocusPolicy.TabFocus):
            continue
        if isinstance(w.parentWidget(), QAbstractSpinBox | QComboBox):
            continue  # the line edit inside a spin box or a combo: named by its owner
        if w.focusProxy() is not None:
            continue
        if isinstance(w, QAbstractButton):
            named = bool(w.text().strip() or w.accessibleName().strip())
        else:
            named = bool(w.accessibleName().strip()) or id(w) in buddies
        if not named:
            missing.append(f"{type(w).__name__} {w.objectName()!r} in {type(w.window()).__name__}")
    return missing
