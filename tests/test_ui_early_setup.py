"""A new installation: the "Set up Jalon" window comes before the store is open, and what the
person does in it before the store opens is kept once it is."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWizard

from jalon import i18n
from jalon.core.jurisdiction import government
from jalon.services import identity
from jalon.services.app import Jalon
from jalon.services.first_look import DB_FILENAME, KEY_FILE, KEYS_DIR, first_look
from jalon.ui.app import run
from jalon.ui.main_window import MainWindow
from jalon.ui.wizard import SetupWizard
from tests.test_ui_app import (
    Person,
    close_main_window,
    shown,
    skip_the_set_up_for_the_secretariat,
)
from tests.test_ui_shell_support import close_all_windows

B = QWizard.WizardButton


@pytest.fixture
def new_folder(qapp: QApplication, tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "new"
    close_all_windows()


def test_the_names_first_look_reads_are_those_of_the_store_and_the_keys() -> None:
    from jalon.services import keys
    from jalon.store.database import DB_FILENAME as STORE_FILE

    assert DB_FILENAME == STORE_FILE
    assert KEY_FILE == keys.KEY_FILE


def test_first_look_tells_a_new_installation_from_one_set_up(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    look = first_look(str(folder), None)
    assert look is not None
    assert (look.new_installation, look.identity, look.key, look.needs_setup) == (
        True,
        False,
        False,
        True,
    )
    with Jalon.open(folder) as app:
        assert first_look(str(folder), None).needs_setup  # type: ignore[union-attr]
        identity.set_identity(app, government("NS"), "Sam Okafor", "CIO")
    look = first_look(str(folder), None)
    assert look is not None
    assert (look.new_installation, look.identity, look.needs_setup) == (False, True, False)
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(DB_FILENAME)) == [
        DB_FILENAME
    ]  # read without leaving -wal or -shm files


def test_first_look_does_not_read_the_database_of_an_installation_with_a_signing_key(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    with Jalon.open(folder) as app:
        identity.set_identity(app, government("NS"), "Sam Okafor", "CIO")
    (folder / KEYS_DIR).mkdir(exist_ok=True)
    (folder / KEYS_DIR / KEY_FILE).write_text("{}")
    look = first_look(str(folder), None)
    assert look is not None
    assert (look.key, look.identity, look.needs_setup) == (True, None, False)


def test_first_look_leaves_it_to_the_store_when_it_cannot_tell(tmp_path: Path) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    assert first_look(str(a_file), None) is None
    assert first_look(str(tmp_path), "postgresql+psycopg://u@h/jalon") is None
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / DB_FILENAME).write_bytes(b"not a database at all")
    look = first_look(str(damaged), None)
    assert look is not None
    assert look.identity is None
    assert not look.needs_setup
    (damaged / KEYS_DIR).mkdir()
    (damaged / KEYS_DIR / KEY_FILE).write_text("{}")
    assert first_look(str(damaged), None).key is True  # type: ignore[union-attr]


def test_the_set_up_window_comes_before_the_store_and_keeps_the_french_chosen_meanwhile(
    new_folder: Path,
) -> None:
    person = Person()

    def choose_french_before_the_store_is_open() -> bool:
        wizard = shown(SetupWizard)
        window = shown(MainWindow)
        if not isinstance(wizard, SetupWizard) or not isinstance(window, MainWindow):
            return False
        person.seen.append(f"wizard, store open: {window.app is not None}")
        wizard.language_page.french.click()
        wizard.next()
        return True

    def give_the_signer() -> bool:
        wizard = shown(SetupWizard)
        assert isinstance(wizard, SetupWizard)
        picker = wizard.jurisdiction_page.picker
        picker.combo.setCurrentIndex(picker.combo.findData("PE"))
        wizard.next()
        wizard.signer_page.name.setText("Marie Gagnon")
        wizard.signer_page.title_edit.setText("Dirigeante principale de l'information")
        wizard.next()  # waits for the store if it is not open yet
        person.seen.append(f"signer page left: {wizard.currentId() != SetupWizard.SIGNER}")
        wizard.reject()  # the key later: the identity is already saved
        return True

    person.then(choose_french_before_the_store_is_open).then(give_the_signer).then(
        close_main_window(person)
    ).start()
    assert run(data_dir=str(new_folder)) == 0
    assert person.seen[:2] == ["wizard, store open: False", "signer page left: True"]
    assert person.seen[2].endswith(":fr")
    with Jalon.open(new_folder) as app:
        assert identity.saved_language(app) == "fr"
        who = identity.get_identity(app)
    assert who is not None
    assert (who.jurisdiction, who.name) == (government("PE"), "Marie Gagnon")
    i18n.set_language("en")


def test_a_new_installation_skipped_for_the_secretariat_gets_no_second_set_up_window(
    new_folder: Path,
) -> None:
    person = Person()

    def wait_for_the_list() -> bool:
        window = shown(MainWindow)
        return isinstance(window, MainWindow) and window.home is not None

    person.then(skip_the_set_up_for_the_secretariat(person)).then(wait_for_the_list).then(
        close_main_window(person)
    ).start()
    assert run(data_dir=str(new_folder), lang="en") == 0
    assert person.seen == ["wizard", "main:Secretariat:en"]
    with contextlib.closing(sqlite3.connect(new_folder / DB_FILENAME)) as db:
        query = "SELECT count(*) FROM settings WHERE key LIKE 'identity.%'"
        assert db.execute(query).fetchone() == (0,)


def skip_for_the_secretariat(person: Person, *, once_the_store_is_open: bool) -> Callable[[], bool]:
    """A step: on the early set-up window, "Skip: I work for the secretariat", pressed before
    the store is open or only once it is (noted in ``person.seen``)."""

    def step() -> bool:
        wizard = shown(SetupWizard)
        window = shown(MainWindow)
        if not isinstance(wizard, SetupWizard) or not isinstance(window, MainWindow):
            return False
        if once_the_store_is_open and window.app is None:
            return False  # the store opens behind the set-up window: wait for it
        person.seen.append(f"skipped, store open: {window.app is not None}")
        wizard.button(B.CustomButton1).click()
        return True

    return step


def the_page_once_settled(person: Person) -> Callable[[], bool]:
    """A step: once the store is open and a few moments have passed (anything that would
    move the window to another page has happened), note the page the window shows."""
    ticks = [0]

    def step() -> bool:
        window = shown(MainWindow)
        if not isinstance(window, MainWindow) or window.app is None or window.home is None:
            return False
        ticks[0] += 1
        if ticks[0] < 10:
            return False
        workspace = window.secretariat.workspace
        on = "secretariat" if workspace is not None and window.current_page is workspace else "home"
        person.seen.append(f"page: {on}, title: {window.windowTitle()}")
        return True

    return step


@pytest.mark.parametrize("once_the_store_is_open", [False, True])
def test_skipping_the_early_set_up_for_the_secretariat_lands_on_the_secretariat_workspace(
    new_folder: Path, once_the_store_is_open: bool
) -> None:
    person = Person()
    person.then(
        skip_for_the_secretariat(person, once_the_store_is_open=once_the_store_is_open)
    ).then(the_page_once_settled(person)).then(close_main_window(person)).start()
    # Skipped before the store was open, the choice used to be written to the window state
    # at once; the store, opening next, took it for a sign of a lost database and refused to
    # create the new one ("the database is missing or empty, but this folder held one").
    assert run(data_dir=str(new_folder), lang="en") == 0
    assert person.seen[:2] == [
        f"skipped, store open: {once_the_store_is_open}",
        "page: secretariat, title: Secretariat",
    ]
    assert (new_folder / DB_FILENAME).exists()

    again = Person()  # the choice is kept: no set-up window, the same page

    def no_set_up_window() -> bool:
        again.seen.append(f"set-up window: {shown(SetupWizard) is not None}")
        return True

    again.then(the_page_once_settled(again)).then(no_set_up_window).then(
        close_main_window(again)
    ).start()
    assert run(data_dir=str(new_folder), lang="en") == 0
    assert again.seen[:2] == ["page: secretariat, title: Secretariat", "set-up window: False"]
