"""Users: adding, listing and disabling staff accounts (admins only)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from studio.errors import BadInput, NotFound, RuleRefused
from studio.library import audit, keyring_store
from studio.library.keyslots import check_password_strength
from studio.library.library import Library
from studio.library.names import check_username
from studio.library.rekey import rekey_library
from studio.models import User, UserRole
from studio.models.enums import ROLES
from studio.workflow.abilities import why_not_do
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


@dataclass(frozen=True)
class DisableResult:
    """What disabling did to the keys, for the admin to read (and act on ``needs_password``)."""

    username: str
    generation: int
    rewrapped: tuple[str, ...]       # users who keep their passwords under the new key
    needs_password: tuple[str, ...]  # older key slots the re-key could not reach
    older_backups: tuple[str, ...]   # backups/ files that still open with the old passwords

    def notes(self, how: str = "with 'studio user set-password NAME'") -> list[str]:
        """What the administrator should know or do next, in sentences (CLI and UI).

        ``how`` says where to give a new password: the command by default, the Users
        screen's button in the desktop app.
        """
        lines = [f"The library has a new key (re-key {self.generation}): {self.username}'s old "
                 "password and any copy of the old key file open nothing written from now on."]
        if self.needs_password:
            lines.append("These users' key slots were made by an older version and could not "
                         f"receive the new key; give each a new password {how}: "
                         f"{', '.join(self.needs_password)}.")
        if self.older_backups:
            lines.append(f"{len(self.older_backups)} backup(s) in the library's backups folder "
                         "were made with the old key and still open with the old passwords, "
                         f"{self.username}'s included; move or delete them if "
                         f"{self.username} could reach them.")
        return lines


def _check_can_disable(session: Session, username: str) -> User:
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
    return user


def disable_user(lib: Library, username: str,
                 progress: Callable[[str], None] | None = None) -> DisableResult:
    """Disable the account and re-key the library, so no copy of its old key opens new data.

    Deleting the slot alone is not enough: whoever copied keys.json while enabled still has
    the old key. The disable and its audit event are committed inside the re-keyed database
    (studio/library/rekey.py), so they happen together with the new key or not at all.
    """
    require(lib.actor, "user.manage")
    if username == lib.actor.username:
        raise RuleRefused("you cannot disable your own account; ask another administrator")
    with lib.read() as session:
        _check_can_disable(session, username)  # refuse before the copy, if we can

    def change(session: Session) -> None:
        _check_can_disable(session, username).disabled = True
        audit.record(session, lib.actor.username, "user.disable", f"user:{username}")

    had_remembered = keyring_store.recall_key(lib.library_id, lib.actor.username) is not None
    result = rekey_library(lib, remove=username, change=change, progress=progress,
                           details={"reason": "user.disable", "user": username})
    keyring_store.forget_key(lib.library_id, username)
    if had_remembered:  # the admin is here: their remembered key follows the new one
        lib.remember_me()
    return DisableResult(username, result.generation, result.rewrapped, result.dropped,
                         result.older_backups)


def _disabled_reason(username: str) -> str:
    return f"user {username!r} is disabled; a disabled account gets no password"


def why_not_set_password(lib: Library, user: UserRow) -> str | None:
    """None when the signed-in person may give ``user`` a new password now; else why not."""
    reason = why_not_do(lib, "user.manage")
    if reason is None and user.disabled:
        reason = _disabled_reason(user.username)
    return reason


def set_password(lib: Library, username: str, password: str) -> None:
    """An administrator gives an account a new password (forgotten, or a slot a re-key missed).

    The new slot wraps the current library key, so it works at once; the old password stops.
    """
    require(lib.actor, "user.manage")
    check_password_strength(password)
    previous = lib.slots.slot_data(username)
    try:
        with lib.write() as session:
            user = session.scalar(select(User).where(User.username == username))
            if user is None:
                raise NotFound(f"no user named {username!r}")
            if user.disabled:
                raise RuleRefused(_disabled_reason(username))
            audit.record(session, lib.actor.username, "user.set_password", f"user:{username}")
            # Inside the transaction: if writing the slot fails, nothing commits...
            lib.slots.add(username, password, lib.raw_key)
    except BaseException:
        if lib.slots.slot_data(username) != previous:
            lib.slots.restore_slot(username, previous)  # ...and if the commit fails, the
        raise                                          # old slot comes back.
    keyring_store.forget_key(lib.library_id, username)
