"""Users and roles: only admins manage accounts; disabling removes the key slot."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ADMIN, ADMIN_PW, AUTHOR, COMPLIANCE
from studio.errors import AuthError, BadInput, RuleRefused
from studio.library.library import Library, open_library
from studio.workflow import users


def test_admin_adds_a_user_with_several_roles(admin_lib: Library, library_path: Path) -> None:
    row = users.add_user(admin_lib, "robin", "robins long password", ["author", "compliance"],
                         display_name="Robin Reviewer")
    assert row.roles == ("author", "compliance")
    listed = {u.username: u for u in users.list_users(admin_lib)}
    assert listed["robin"].display_name == "Robin Reviewer"
    admin_lib.close()
    with open_library(library_path, "robin", password="robins long password") as lib:
        assert lib.actor.roles == frozenset({"author", "compliance"})


def test_only_admins_manage_users(author_lib: Library) -> None:
    with pytest.raises(AuthError, match="admin role"):
        users.add_user(author_lib, "mallory", "mallorys password", ["admin"])
    with pytest.raises(AuthError):
        users.disable_user(author_lib, COMPLIANCE)


@pytest.mark.parametrize(("name", "password", "roles", "error"), [
    ("new1", "short", ["author"], BadInput),
    ("bad name", "long enough password", ["author"], BadInput),
    ("new2", "long enough password", [], BadInput),
    ("new3", "long enough password", ["superuser"], BadInput),
    (AUTHOR, "long enough password", ["author"], RuleRefused),
])
def test_bad_user_input_is_refused(admin_lib: Library, name: str, password: str,
                                   roles: list[str], error: type[Exception]) -> None:
    before = users.list_users(admin_lib)
    with pytest.raises(error):
        users.add_user(admin_lib, name, password, roles)
    assert users.list_users(admin_lib) == before


def test_disable_removes_the_slot_and_keeps_one_admin(admin_lib: Library) -> None:
    users.disable_user(admin_lib, AUTHOR)
    assert not admin_lib.slots.has(AUTHOR)
    assert {u.username: u.disabled for u in users.list_users(admin_lib)}[AUTHOR] is True
    with pytest.raises(RuleRefused, match="own account"):
        users.disable_user(admin_lib, ADMIN)
    users.add_user(admin_lib, "second", "second admin pass", ["admin"])
    admin_lib.close()
    with open_library(admin_lib.layout.root, "second", password="second admin pass") as lib:
        users.disable_user(lib, ADMIN)
        with pytest.raises(RuleRefused, match="own account"):
            users.disable_user(lib, "second")
    with pytest.raises(AuthError):
        open_library(admin_lib.layout.root, ADMIN, password=ADMIN_PW)
