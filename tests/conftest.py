"""Shared fixtures: real encrypted libraries in tmp_path, an in-memory keyring, offscreen Qt.

Building a migrated library costs an argon2 derivation and the migrations, so one template is
built per session (with the cheapest argon2 cost the code accepts) and copied per test.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

# Without a display Qt aborts the whole run; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from helpers.env_keyring import MemoryKeyring

from studio.library.keyslots import MINIMUM_KDF
from studio.library.library import Library, create_library, open_library
from studio.workflow import users

pytest_plugins = ["ui_fixtures"]  # the desktop tests' window harness

ADMIN, ADMIN_PW = "dana", "dana-admin-password"
AUTHOR, AUTHOR_PW = "alex", "alex-author-password"
COMPLIANCE, COMPLIANCE_PW = "casey", "casey-review-password"


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def template_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "Template.studio"
    with create_library(path, admin=ADMIN, password=ADMIN_PW, kdf=MINIMUM_KDF,
                        organization="Lakeside Community Hospital (test)",
                        privacy_contact="the Privacy Office, 100 Lake Street") as lib:
        users.add_user(lib, AUTHOR, AUTHOR_PW, ["author"])
        users.add_user(lib, COMPLIANCE, COMPLIANCE_PW, ["compliance"])
    return path


@pytest.fixture
def library_path(template_library: Path, tmp_path: Path) -> Path:
    """A fresh copy of the template library: admin dana, author alex, compliance casey."""
    dest = tmp_path / "Library.studio"
    shutil.copytree(template_library, dest)
    return dest


@pytest.fixture
def author_lib(library_path: Path) -> Iterator[Library]:
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        yield lib


@pytest.fixture
def admin_lib(library_path: Path) -> Iterator[Library]:
    with open_library(library_path, ADMIN, password=ADMIN_PW) as lib:
        yield lib


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder no file can be created in, for this user; root ignores the mode bits, so it
    is also made immutable (chattr +i) when the tests run as root. Skips where neither works."""
    import subprocess

    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    immutable = False
    if os.geteuid() == 0:
        immutable = subprocess.run(["chattr", "+i", str(folder)], capture_output=True,
                                   check=False).returncode == 0
    probe = folder / ".probe"
    try:
        probe.touch()
    except OSError:
        pass
    else:
        probe.unlink()
        pytest.skip("cannot make a folder read-only here")
    yield folder
    if immutable:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    folder.chmod(0o700)
