"""Users: adding, listing and disabling staff accounts (admins only)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from studio.errors import BadInput, NotFound, RuleRefused
from studio.library import audit, keyring_store
from studio.library.keyslots import check_password_strength
from studio.library.library import Library, check_username
from studio.models import User, UserRole
from studio.models.enums import ROLES
from studio.workflow.access import require
from studio.workflow.text import clean_text


@dataclass(frozen=True)
class UserRow:
    username: str
    display_name: str
    roles: tuple[str, ...]
    disabled: bool


def add_user(lib: Library, username: str, password: str, roles: list[str],
             display_name: str | None = None) -> UserRow:
    """Create the account and its key slot; the slot is what lets the password unlock."""
    require(lib.actor, "user.manage")
    check_username(username)
    check_password_strength(password)
    display_name = clean_text(display_name or username, what="--display-name", max_len=200,
                              single_line=True) or username
    wanted = sorted(set(roles))
    if not wanted:
        raise BadInput("give at least one --role (author, compliance, admin)")
    unknown = [r for r in wanted if r not in ROLES]
    if unknown:
        raise BadInput(f"unknown role {unknown[0]!r}; roles are {', '.join(ROLES)}")
    if lib.slots.has(username):
        raise RuleRefused(f"user {username!r} already exists")
    try:
        with lib.write() as session:
            if session.scalar(select(User.id).where(User.username == username)) is not None:
                raise RuleRefused(f"user {username!r} already exists")
            user = User(username=username, display_name=display_name or username)
            user.roles = [UserRole(role=r) for r in wanted]
            session.add(user)
            audit.record(session, lib.actor.username, "user.add", f"user:{username}",
                         {"roles": wanted})
            # The slot is written inside the transaction: if it fails, nothing commits...
            lib.slots.add(username, password, lib.raw_key)
    except BaseException:
        lib.slots.remove(username)  # ...and if the commit fails, the slot goes too.
        raise
    return UserRow(username, user.display_name, tuple(wanted), False)


def list_users(lib: Library) -> list[UserRow]:
    with lib.read() as session:
        users = session.scalars(select(User).order_by(User.username)).all()
        return [UserRow(u.username, u.display_name, tuple(sorted(u.role_names)), u.disabled)
                for u in users]


def disable_user(lib: Library, username: str) -> None:
    """Disable the account and delete its key slot, so the password no longer unlocks."""
    require(lib.actor, "user.manage")
    if username == lib.actor.username:
        raise RuleRefused("you cannot disable your own account; ask another administrator")
    with lib.write() as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise NotFound(f"no user named {username!r}")
        if user.disabled:
            raise RuleRefused(f"user {username!r} is already disabled")
        if user.has_role("admin"):
            admins = session.scalars(select(User).join(UserRole).where(
                UserRole.role == "admin", User.disabled.is_(False))).all()
            if len(admins) <= 1:
                raise RuleRefused("this is the last active administrator; add another first")
        user.disabled = True
        audit.record(session, lib.actor.username, "user.disable", f"user:{username}")
    lib.slots.remove(username)
    keyring_store.forget_key(lib.library_id, username)
