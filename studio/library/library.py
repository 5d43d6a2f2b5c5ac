"""Create and open a library folder: unlock, lock, key the database, migrate, sign in.

This is the one place that turns a folder plus a password into a usable :class:`Library`; the
CLI, the UI, the tests and the benchmarks all come through here.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker

from studio import __version__
from studio.errors import AuthError, BadInput, LibraryDamaged, LibraryError, LibraryNotFound
from studio.library import audit, migrate
from studio.library.crypto import new_key
from studio.library.diskfull import disk_full
from studio.library.engine import make_engine
from studio.library.fileio import fsync_dir
from studio.library.keyslots import KdfParams, KeySlots, calibrate_kdf, check_password_strength
from studio.library.layout import LibraryLayout
from studio.library.lock import LibraryLock
from studio.library.names import DEFAULT_TIMEZONE, check_timezone, check_username
from studio.library.upgrade import UpgradeProgress, upgrade_with_backup
from studio.library.vault import MediaVault
from studio.models import LibrarySetting, User, UserRole


@dataclass(frozen=True)
class Actor:
    """The signed-in person, as the workflow needs them: who, and what they may do."""

    id: int
    username: str
    display_name: str
    roles: frozenset[str]

    def has_role(self, role: str) -> bool:
        return role in self.roles


class Library:
    """An open library: the engine, the vault, the lock and the signed-in actor."""

    def __init__(self, layout: LibraryLayout, slots: KeySlots, key: bytes, engine: Engine,
                 lock: LibraryLock | None, actor: Actor) -> None:
        self.layout = layout
        self.slots = slots
        self._key = key
        self.engine = engine
        self._lock = lock
        self.actor = actor
        self.vault = MediaVault(layout.media, slots.media_keys(key))
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        with self.read() as session:
            tz = session.get(LibrarySetting, "timezone")
        self.timezone = check_timezone(tz.value if tz else DEFAULT_TIMEZONE)

    # -- lifecycle ---------------------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        return self._lock is None

    @property
    def library_id(self) -> str:
        return self.slots.library_id

    def close(self) -> None:
        if self._lock is not None:
            self._anchor_audit_head()
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _anchor_audit_head(self) -> None:
        from sqlalchemy.exc import SQLAlchemyError

        from studio.models import AuditEvent

        try:
            with self.read() as session:
                head = session.execute(select(AuditEvent.seq, AuditEvent.digest)
                                       .order_by(AuditEvent.seq.desc()).limit(1)).first()
            if head is not None:
                self.slots.anchor_audit_head(self._key, head.seq, head.digest)
        except (SQLAlchemyError, LibraryError, OSError):
            pass  # closing must never fail; verify reports a missing or stale anchor

    def adopt_key(self, key: bytes) -> None:
        """Carry on under a new library key after a re-key (studio/library/rekey.py).

        The database and keys.json were replaced underneath this session; the engine, the
        vault and the slots are rebuilt for the new key. The lock stays held throughout.
        """
        self.engine.dispose()
        self._key = key
        self.slots = KeySlots.load(self.layout.keys)
        self.engine = make_engine(self.layout.db, key, read_only=self.read_only)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.vault = MediaVault(self.layout.media, self.slots.media_keys(key))

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sessions ----------------------------------------------------------------------------
    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: commit on success, roll back on any exception."""
        if self.read_only:
            raise LibraryError("this library is open read-only (another window or process "
                               "holds it for writing); close that one to make changes")
        with _damage_reported(), self._sessions.begin() as session:
            yield session

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with _damage_reported(), self._sessions() as session:
            yield session

    def key_for(self, purpose: str) -> bytes:
        """Subkeys for layers that encrypt on their own (backups); never the raw key itself."""
        from studio.library.crypto import derive_subkey
        return derive_subkey(self._key, purpose)

    @property
    def raw_key(self) -> bytes:
        """The library key: only for backup/restore and the keyring, which wrap it again."""
        return self._key

    def remember_me(self) -> bool:
        from studio.library import keyring_store  # keyring costs start-up time; load on use

        return keyring_store.remember_key(self.library_id, self.actor.username, self._key)


@contextlib.contextmanager
def _damage_reported() -> Iterator[None]:
    """Turn SQLite's 'malformed' / 'not a database' into a message a person can act on.

    Only the exact DatabaseError class means corruption: its subclasses (integrity, locking,
    programming errors) are other things and pass through untouched.
    """
    try:
        yield
    except SADatabaseError as exc:
        full = disk_full(exc, writing="the library database")
        if full is not None:
            raise full from exc
        if type(exc) is not SADatabaseError:
            raise
        raise LibraryDamaged(f"the library database is damaged ({exc.orig}); run 'studio "
                             "audit verify' to locate it, then restore a backup") from exc


# -- creating ---------------------------------------------------------------------------------
def create_library(path: Path, *, admin: str, password: str, display_name: str | None = None,
                   timezone: str = DEFAULT_TIMEZONE, kdf: KdfParams | None = None,
                   organization: str | None = None,
                   privacy_contact: str | None = None) -> Library:
    """Make a new library folder with its first (admin) user, and open it as that user.

    The folder is built under a temporary name and renamed into place at the end, so a
    failure or a crash leaves no half-made library behind.
    """
    path = Path(path)
    check_password_strength(password)
    check_username(admin)
    check_timezone(timezone)
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise BadInput(f"{path}: already exists and is not an empty folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # the default location may be new
    except OSError as exc:
        raise BadInput(f"{path.parent}: cannot create the folder ({exc.strerror})") from exc
    staging = path.with_name(f".{path.name}.{secrets.token_hex(4)}.creating")
    staging.mkdir(mode=0o700)  # only this OS user may list or read the library
    try:
        layout = LibraryLayout(staging)
        layout.media.mkdir()
        layout.backups.mkdir()
        slots = KeySlots.create(layout.keys, kdf or calibrate_kdf())
        key = new_key()
        slots.add(admin, password, key)
        slots.seal_settings(key)
        engine = make_engine(layout.db, key)
        try:
            migrate.upgrade(engine)
            with Session(engine) as session, session.begin():
                user = User(username=admin, display_name=display_name or admin)
                user.roles = [UserRole(role="admin")]
                session.add(user)
                session.add_all([
                    LibrarySetting(key="timezone", value=timezone),
                    LibrarySetting(key="library_id", value=slots.library_id),
                    LibrarySetting(key="created_by_app", value=__version__),
                    LibrarySetting(key="migrated_by_app", value=__version__),
                    *([LibrarySetting(key="organization", value=organization)]
                      if organization else []),
                    *([LibrarySetting(key="privacy_contact", value=privacy_contact)]
                      if privacy_contact else []),
                ])
                session.flush()
                audit.record(session, admin, "library.create", "library",
                             {"timezone": timezone, "app_version": __version__})
                audit.record(session, admin, "user.add", f"user:{admin}", {"roles": ["admin"]})
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            engine.dispose()
        if path.exists():
            path.rmdir()
        os.replace(staging, path)
        fsync_dir(path.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return open_library(path, admin, password=password)


# -- opening ----------------------------------------------------------------------------------
def open_library(path: Path, username: str, *, password: str | None = None,
                 key: bytes | None = None, read_only: bool = False,
                 progress: UpgradeProgress | None = None,
                 cancel: Callable[[], bool] | None = None) -> Library:
    """Unlock ``path`` for ``username`` with a password (or a remembered key) and sign in.

    When the schema is older, the backup and the upgrade report through ``progress`` and
    ``cancel()`` is asked during the backup (see :mod:`studio.library.upgrade`)."""
    layout = LibraryLayout(Path(path))
    if not layout.root.is_dir():
        raise LibraryNotFound(f"{layout.root}: no library here (create one with 'studio init')")
    if not layout.looks_like_library():
        raise LibraryNotFound(f"{layout.root}: not a Patient Story Studio library "
                           "(library.db or keys.json is missing)")
    slots = KeySlots.load(layout.keys)
    if key is None:
        if password is None:
            raise AuthError("a password is needed to open the library")
        key = slots.unlock(username, password)
    elif not slots.has(username) or not slots.matches_key(key):
        raise AuthError("the key remembered on this computer no longer opens this library "
                        "for this user; sign in with your password")
    lock: LibraryLock | None = None
    if not read_only:
        lock = LibraryLock(layout.lock)
        lock.acquire(username)
    engine = make_engine(layout.db, key, read_only=read_only)
    try:
        with _damage_reported():
            if migrate.needs_upgrade(engine):
                if read_only:
                    raise LibraryError("this library must be upgraded by this version of the "
                                       "studio; open it once for writing")
                upgrade_with_backup(layout, slots, key, engine, progress, cancel)
            actor = _sign_in(engine, username)
            return Library(layout, slots, key, engine, lock, actor)
    except BaseException:
        engine.dispose()
        if lock is not None:
            lock.release()
        raise


def _sign_in(engine: Engine, username: str) -> Actor:
    with Session(engine) as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise AuthError("wrong user name or password")
        if user.disabled:
            raise AuthError(f"the account {username!r} is disabled; ask an administrator")
        return Actor(user.id, user.username, user.display_name, frozenset(user.role_names))
