"""Creating a library from a form (the desktop's way in) and telling a library folder apart."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import ADMIN_PW
from studio.errors import BadInput, LibraryError
from studio.library.keyslots import MINIMUM_KDF, KdfParams, check_password_strength
from studio.library.library import open_library
from studio.workflow import library_setup as setup
from studio.workflow.settings import get_setting


def _form(location: Path, **changes: str) -> setup.NewLibraryForm:
    form = setup.NewLibraryForm(
        location=location, name="Marketing", organization="Lakeside Community Hospital",
        privacy_contact="Privacy Office, 100 Lake Street", timezone="Europe/Madrid",
        admin="root1", display_name="Robin Ortega", password="a long password!",
        repeat="a long password!")
    return replace(form, **changes)  # type: ignore[arg-type]


def test_a_form_creates_the_library_signed_in_as_its_administrator(tmp_path: Path) -> None:
    with setup.create_new_library(_form(tmp_path), kdf=MINIMUM_KDF) as lib:
        assert lib.layout.root == tmp_path / "Marketing.studio"
        assert lib.actor.username == "root1" and lib.actor.display_name == "Robin Ortega"
        assert lib.actor.roles == frozenset({"admin"})
        assert lib.timezone.key == "Europe/Madrid"
        assert get_setting(lib, "organization") == "Lakeside Community Hospital"
        assert get_setting(lib, "privacy_contact") == "Privacy Office, 100 Lake Street"
    with open_library(tmp_path / "Marketing.studio", "root1", password="a long password!"):
        pass


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"repeat": "a long password?"}, setup.REPEAT, "the two passwords differ"),
    ({"organization": "   "}, setup.ORGANIZATION, "printed on every consent form"),
    ({"password": "short", "repeat": "short"}, setup.PASSWORD, "at least 12 characters"),
    ({"admin": "two words"}, setup.ADMIN, "user name"),
    ({"timezone": "Mars/Olympus"}, setup.TIMEZONE, "unknown time zone"),
    ({"name": "a/b"}, setup.NAME, "plain folder name"),
    ({"organization": "Lakeside\x07"}, setup.ORGANIZATION, "control character"),
])
def test_each_bad_field_is_named_and_nothing_is_created(
        tmp_path: Path, changes: dict[str, str], field: str, words: str) -> None:
    with pytest.raises(setup.SetupProblem, match=words) as caught:
        setup.create_new_library(_form(tmp_path, **changes), kdf=MINIMUM_KDF)
    assert caught.value.field == field
    assert list(tmp_path.iterdir()) == []


def test_the_password_rule_is_the_librarys_own(tmp_path: Path) -> None:
    for password in ("eleven char", " leading space pw", "exactly12chr"):
        try:
            check_password_strength(password)
            expected = None
        except BadInput as exc:
            expected = str(exc)
        assert setup.password_problem(password) == expected
        if expected is not None:
            with pytest.raises(setup.SetupProblem) as caught:
                setup.check_new_library(_form(tmp_path, password=password, repeat=password))
            assert str(caught.value) == expected


def test_a_folder_that_holds_a_library_or_files_is_refused(
        tmp_path: Path, library_path: Path) -> None:
    with pytest.raises(setup.SetupProblem, match="already holds a library") as caught:
        setup.create_new_library(_form(library_path.parent, name=library_path.stem),
                                 kdf=MINIMUM_KDF)
    assert caught.value.field == setup.NAME
    busy = tmp_path / "Busy.studio"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    with pytest.raises(setup.SetupProblem, match="not empty"):
        setup.create_new_library(_form(tmp_path, name="Busy"), kdf=MINIMUM_KDF)
    assert (busy / "notes.txt").read_text() == "mine"
    with open_library(library_path, "dana", password=ADMIN_PW):
        pass  # untouched


def test_a_failure_half_way_leaves_no_folder_behind(tmp_path: Path) -> None:
    """The key file refuses this argon2 cost only after the staging folder, media/, backups/
    and keys.json have been written."""
    with pytest.raises(LibraryError, match="below the studio's floor"):
        setup.create_new_library(_form(tmp_path), kdf=KdfParams(1, 1, 1))
    assert list(tmp_path.iterdir()) == []


def test_a_failure_at_the_last_step_leaves_only_what_was_there(tmp_path: Path) -> None:
    """Someone else fills the target folder while the database is being built: the final
    rename fails after the migrations and the administrator were written, and the staging
    folder goes."""
    target = tmp_path / "Marketing.studio"
    stop = threading.Event()

    def occupy_the_target() -> None:
        while not stop.is_set():
            if any(p.name.endswith(".creating") for p in tmp_path.iterdir()):
                target.mkdir()
                (target / "theirs.txt").write_text("not yours")
                return
            time.sleep(0.001)

    other = threading.Thread(target=occupy_the_target)
    other.start()
    try:
        with pytest.raises(OSError):
            setup.create_new_library(_form(tmp_path), kdf=MINIMUM_KDF)
    finally:
        stop.set()
        other.join()
    assert [p.name for p in tmp_path.iterdir()] == ["Marketing.studio"]
    assert [p.name for p in target.iterdir()] == ["theirs.txt"]


def test_why_a_folder_is_not_a_library(tmp_path: Path, library_path: Path) -> None:
    assert setup.why_not_a_library(library_path) is None
    assert "does not exist" in (setup.why_not_a_library(tmp_path / "gone.studio") or "")
    (tmp_path / "file.studio").write_text("x")
    assert "is a file" in (setup.why_not_a_library(tmp_path / "file.studio") or "")
    plain = tmp_path / "Photos"
    plain.mkdir()
    problem = setup.why_not_a_library(plain) or ""
    assert "not a Patient Story Studio library" in problem
    assert "library.db and keys.json are missing" in problem
    (plain / "keys.json").write_text("{}")
    assert "(library.db is missing)" in (setup.why_not_a_library(plain) or "")


def test_a_new_name_is_suggested_beside_existing_libraries(tmp_path: Path) -> None:
    assert setup.suggest_library_name(tmp_path) == "Library"
    (tmp_path / "Library.studio").mkdir()
    (tmp_path / "Library 2.studio").mkdir()
    assert setup.suggest_library_name(tmp_path) == "Library 3"
    assert setup.library_folder(tmp_path, " Team ") == tmp_path / "Team.studio"
    assert setup.library_folder(tmp_path, "Team.studio") == tmp_path / "Team.studio"
