"""Creating, opening, locking and signing in to a library folder."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from factories import mark_upgraded_by_newer_app
from sqlalchemy import select

from conftest import ADMIN, ADMIN_PW, AUTHOR, AUTHOR_PW, COMPLIANCE, COMPLIANCE_PW
from studio.errors import AuthError, BadInput, LibraryError, LibraryLocked
from studio.library.keyslots import MINIMUM_KDF
from studio.library.library import Library, create_library, open_library
from studio.library.lock import describe_holder
from studio.models import AuditEvent, Subject
from studio.workflow import subjects, users
from studio.workflow.maintenance import verify

ROOT = Path(__file__).resolve().parents[1]


def test_create_makes_the_documented_layout(tmp_path: Path) -> None:
    path = tmp_path / "New.studio"
    with create_library(path, admin="root1", password="a long password!", kdf=MINIMUM_KDF,
                        timezone="Europe/Madrid") as lib:
        assert lib.actor.roles == frozenset({"admin"})
        assert lib.timezone.key == "Europe/Madrid"
    assert sorted(p.name for p in path.iterdir()) == [".keys.lock", "backups", "keys.json",
                                                        "library.db", "library.lock", "media"]
    assert [p.name for p in tmp_path.iterdir()] == ["New.studio"]  # no staging folder left


def test_create_refuses_a_non_empty_folder_and_bad_input(tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "file.txt").write_text("mine")
    with pytest.raises(BadInput, match="not an empty folder"):
        create_library(tmp_path / "busy", admin="root1", password="a long password!",
                       kdf=MINIMUM_KDF)
    with pytest.raises(BadInput, match="time zone"):
        create_library(tmp_path / "x", admin="root1", password="a long password!",
                       kdf=MINIMUM_KDF, timezone="Mars/Olympus")
    with pytest.raises(BadInput, match="user name"):
        create_library(tmp_path / "y", admin="bad name", password="a long password!",
                       kdf=MINIMUM_KDF)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["busy"]
    assert (tmp_path / "busy" / "file.txt").read_text() == "mine"


def test_wrong_password_and_disabled_user_cannot_open(library_path: Path) -> None:
    with pytest.raises(AuthError):
        open_library(library_path, AUTHOR, password="wrong password here")
    with open_library(library_path, ADMIN, password=ADMIN_PW) as lib:
        users.disable_user(lib, COMPLIANCE)
    with pytest.raises(AuthError):
        open_library(library_path, COMPLIANCE, password=COMPLIANCE_PW)


def test_second_writer_is_refused_with_the_holder_named(library_path: Path) -> None:
    with open_library(library_path, AUTHOR, password=AUTHOR_PW):
        with pytest.raises(LibraryLocked, match=AUTHOR):
            open_library(library_path, ADMIN, password=ADMIN_PW)
        with open_library(library_path, AUTHOR, password=AUTHOR_PW, read_only=True) as ro:
            assert ro.read_only
            with pytest.raises(LibraryError, match="read-only"):
                subjects.add_subject(ro, "Someone Else")
    with open_library(library_path, ADMIN, password=ADMIN_PW) as lib:  # released on close
        assert not lib.read_only


def _kill_holder(library_path: Path, body: str) -> None:
    """Run ``body`` in a child that opened the library for writing; SIGKILL it at 'ready'."""
    code = ("import sys, time; from studio.library.library import open_library; "
            f"lib = open_library(sys.argv[1], {AUTHOR!r}, password={AUTHOR_PW!r}); " + body
            + "; print('ready', flush=True); time.sleep(60)")
    child = subprocess.Popen([sys.executable, "-c", code, str(library_path)], cwd=ROOT,
                             env={**os.environ, "PYTHONPATH": str(ROOT)},
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        with pytest.raises(LibraryLocked, match=f"open for writing by {AUTHOR} on"):
            open_library(library_path, ADMIN, password=ADMIN_PW)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()


def _open_once_released(library_path: Path, user: str = ADMIN,
                        password: str = ADMIN_PW) -> Library:
    deadline = time.monotonic() + 5
    while True:
        try:
            return open_library(library_path, user, password=password)
        except LibraryLocked:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def test_lock_of_a_killed_process_is_taken_over(library_path: Path) -> None:
    _kill_holder(library_path, "None")
    with _open_once_released(library_path) as lib:
        assert lib.actor.username == ADMIN


def test_a_killed_writer_mid_transaction_is_taken_over_safely(library_path: Path) -> None:
    """Killed with a subject committed and a second one half-written: the takeover keeps the
    first, never sees the second, verifies, and the lock file names the new holder."""
    _kill_holder(library_path, (
        "from studio.workflow.subjects import add_subject; "
        "add_subject(lib, 'Committed Person'); "
        "tx = lib.write(); session = tx.__enter__(); "
        "from studio.library import audit; "
        "audit.record(session, 'alex', 'subject.add', 'PT-99', {'half': 'written'})"))
    with _open_once_released(library_path, AUTHOR, AUTHOR_PW) as lib:
        holder = describe_holder(library_path / "library.lock")
        assert f"(process {os.getpid()}," in holder, holder
        with lib.read() as session:
            names = [s.name for s in session.scalars(select(Subject))]
            entities = [e.entity for e in session.scalars(select(AuditEvent))]
        assert names == ["Committed Person"] and "PT-99" not in entities
        report = verify(lib)
        assert report.ok, report.problems
        subjects.add_subject(lib, "After Takeover")  # and it writes


def test_the_os_lock_decides_not_the_text_in_the_lock_file(library_path: Path) -> None:
    """A lock file left naming a live process (here pid 1) but holding no OS lock is stale."""
    (library_path / "library.lock").write_text(json.dumps(
        {"pid": 1, "host": socket.gethostname(), "user": COMPLIANCE, "since": "2020-01-01"}))
    with open_library(library_path, ADMIN, password=ADMIN_PW) as lib:
        assert not lib.read_only
        assert json.loads((library_path / "library.lock").read_text())["pid"] == os.getpid()


def test_library_from_a_newer_app_is_refused(library_path: Path) -> None:
    with open_library(library_path, ADMIN, password=ADMIN_PW) as lib:
        key = lib.raw_key
    mark_upgraded_by_newer_app(library_path, key)
    with pytest.raises(LibraryError, match="upgraded by Patient Story Studio version 9.9.0"):
        open_library(library_path, ADMIN, password=ADMIN_PW)


def test_not_a_library_gives_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="no library here"):
        open_library(tmp_path / "missing", ADMIN, password=ADMIN_PW)
    (tmp_path / "plain").mkdir()
    with pytest.raises(LibraryError, match="not a Patient Story Studio library"):
        open_library(tmp_path / "plain", ADMIN, password=ADMIN_PW)


def test_remembered_key_opens_without_password(library_path: Path) -> None:
    from studio.library import keyring_store

    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        assert lib.remember_me()
        library_id = lib.library_id
    key = keyring_store.recall_key(library_id, AUTHOR)
    assert key is not None
    with open_library(library_path, AUTHOR, key=key) as lib:
        assert lib.actor.username == AUTHOR
    keyring_store.forget_key(library_id, AUTHOR)
    assert keyring_store.recall_key(library_id, AUTHOR) is None


def test_a_wrong_remembered_key_is_an_auth_error_not_damage(library_path: Path) -> None:
    with pytest.raises(AuthError, match="sign in with your password"):
        open_library(library_path, AUTHOR, key=b"\x01" * 32)


def test_create_makes_missing_parent_folders(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "Lib.studio"
    with create_library(path, admin="root1", password="a long password!", kdf=MINIMUM_KDF):
        pass
    assert (path / "library.db").is_file()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_library_folder_is_private_to_its_os_user(tmp_path: Path) -> None:
    path = tmp_path / "Private.studio"
    with create_library(path, admin="root1", password="a long password!", kdf=MINIMUM_KDF):
        pass
    assert path.stat().st_mode & 0o777 == 0o700
    assert (path / "keys.json").stat().st_mode & 0o077 == 0
