"""Re-keying: give the library a new random key, so a removed user's old key opens nothing new.

What changes, in this order (the ordering is the crash-safety argument; see rekey_files.py):

1. Under the key-file lock (held to the end), the database is copied with ``VACUUM INTO`` to a
   hidden temporary file, and that copy alone gets ``PRAGMA rekey`` with the new raw key. The
   caller's change (disabling the user) and a ``library.rekey`` audit event are committed into
   the copy, so they exist only in the re-keyed database: they happen with the new key or not
   at all. The copy is fsynced and renamed to ``library.db.rekeyed``.
2. ``keys.json.rekeyed`` is written: the removed user's slot gone, every other format 2 slot's
   library key encrypted to its user's public key, the key check, argon2-cost MAC and audit
   anchor re-made with the new key, and the earlier media keys sealed under it.
3. ``library.db.rekeyed`` is renamed over ``library.db`` (the commit point), then
   ``keys.json.rekeyed`` over ``keys.json``.

Media blobs are not re-encrypted: they keep the key they were written with, readable through
the sealed list of earlier media keys; new blobs use the new key. Backups made before stay
under the key they were made with (a backup restores the state it was taken in).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import select
from sqlalchemy.orm import Session

from studio.errors import LibraryError, RuleRefused
from studio.library import audit
from studio.library.crypto import new_key
from studio.library.engine import make_engine
from studio.library.fileio import atomic_write_bytes, fsync_dir, temp_sibling
from studio.library.keyslots import KEYS_FORMAT, KeySlots
from studio.library.library import Library
from studio.library.lock import exclusive_file_lock
from studio.library.rekey_files import KEYS_LOCK, NEW_DB, NEW_KEYS
from studio.models import AuditEvent, User

Progress = Callable[[str], None]


@dataclass(frozen=True)
class RekeyResult:
    generation: int                 # how many re-keys this library has had, this one included
    rewrapped: tuple[str, ...]      # users whose slots now hold the new key
    dropped: tuple[str, ...]        # format 1 slots no re-key can reach: they need a new password
    older_backups: tuple[str, ...]  # files in backups/ that still open with the old passwords


def rekey_library(lib: Library, *, remove: str, change: Callable[[Session], None],
                  details: dict[str, Any], progress: Progress | None = None) -> RekeyResult:
    """Replace the library key, dropping ``remove``'s slot, with ``change`` committed inside.

    Refuses (nothing changed) when the acting user's own slot could not receive the new key,
    or when the write-ahead log cannot be folded in because another process is in the middle
    of reading. Any failure before the commit point leaves the old database and keys.json as
    they were.
    """
    say = progress or (lambda _text: None)
    if lib.read_only:
        raise LibraryError("this library is open read-only; re-keying needs it for writing")
    layout, actor = lib.layout, lib.actor.username
    KeySlots.load(layout.keys)  # settles any earlier interrupted re-key before we lock
    old_key, key = lib.raw_key, new_key()
    tmp = temp_sibling(layout.db)
    committed = False
    try:
        with exclusive_file_lock(layout.root / KEYS_LOCK):
            slots = KeySlots.load(layout.keys, settle=False)
            if not slots.matches_key(old_key):
                raise LibraryError(f"{layout.keys}: the key file does not belong to the open "
                                   "library key; re-keying refused")
            slots.check_kdf_mac(old_key)
            if not slots.can_receive_new_key(actor):
                raise RuleRefused("your own key slot was made by an older version of the "
                                  "studio; sign out, sign in once with your password, then "
                                  "try again")
            # Accounts already disabled lose any slot they still have (one an interrupted
            # disable of an older version left behind), so the new key never reaches them.
            with lib.read() as session:
                gone = {remove, *session.scalars(select(User.username).where(User.disabled))}
            kept = tuple(n for n in slots.usernames()
                         if n not in gone and slots.can_receive_new_key(n))
            dropped = tuple(n for n in slots.usernames() if n not in gone and n not in kept)
            generation = slots.generation + 1
            say("copying the database")
            _copy_database(lib, tmp)
            say("encrypting the copy with the new key")
            head = _rekey_copy(tmp, old_key, key, change, actor, {
                **details, "generation": generation, "rewrapped": list(kept),
                "dropped": list(dropped)})
            os.replace(tmp, layout.root / NEW_DB)
            fsync_dir(layout.root)
            say("publishing the new key")
            atomic_write_bytes(layout.root / NEW_KEYS,
                               _rekeyed_key_file(slots, old_key, key, kept, head, generation))
            lib.engine.dispose()  # our connections to the old file close (the WAL is empty)
            _check_wal_empty(layout.db)
            os.replace(layout.root / NEW_DB, layout.db)  # the commit point
            fsync_dir(layout.root)
            committed = True
            os.replace(layout.root / NEW_KEYS, layout.keys)
            fsync_dir(layout.root)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        with contextlib.suppress(OSError, LibraryError):
            KeySlots.load(layout.keys)  # undoes (or, after the commit point, finishes) it
        if committed:
            lib.adopt_key(key)
        raise
    lib.adopt_key(key)
    older = tuple(sorted(p.name for p in layout.backups.glob("*.studio-backup")))
    return RekeyResult(generation, kept, dropped, older)


def _copy_database(lib: Library, dest: Path) -> None:
    """A consistent copy of the open database, still under the old key, WAL folded in."""
    with lib.engine.connect() as conn:
        busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()[0]
        if busy:
            raise RuleRefused("another window or process is reading this library; close it, "
                              "then try again")
    raw = lib.engine.raw_connection()
    try:
        raw.cursor().execute("VACUUM INTO ?", (str(dest),))
    finally:
        raw.close()


def _rekey_copy(path: Path, old_key: bytes, key: bytes, change: Callable[[Session], None],
                actor: str, details: dict[str, Any]) -> tuple[int, str]:
    """``PRAGMA rekey`` the copy, commit ``change`` and the audit event in it; its head."""
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{old_key.hex()}'\"")
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute(f"PRAGMA rekey = \"x'{key.hex()}'\"")
    finally:
        conn.close()
    engine = make_engine(path, key)
    try:
        with Session(engine) as session, session.begin():
            change(session)
            audit.record(session, actor, "library.rekey", "library", details)
        with Session(engine) as session:
            last = session.execute(select(AuditEvent.seq, AuditEvent.digest)
                                   .order_by(AuditEvent.seq.desc()).limit(1)).one()
    finally:
        engine.dispose()  # the last connection folds the copy's WAL in and deletes it
    _check_wal_empty(path)
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())
    return last.seq, last.digest


def _rekeyed_key_file(slots: KeySlots, old_key: bytes, key: bytes, kept: tuple[str, ...],
                      head: tuple[int, str], generation: int) -> bytes:
    """keys.json for the new key, with only the ``kept`` users' slots, re-wrapped."""
    data = slots.data
    for name in list(data["slots"]):
        if name in kept:
            data["slots"][name]["wrapped_key"] = slots.wrap_for(name, key)
        else:
            del data["slots"][name]
    for stale in ("key_check", "kdf_mac", "audit_anchor", "media_history"):
        data.pop(stale, None)
    data["generation"] = generation
    data["format"] = KEYS_FORMAT
    new = KeySlots(slots.path, data, read_only=True)  # read-only: changes stay in memory
    new.seal_settings(key)
    new.seal_media_history(key, slots.media_keys(old_key))
    new.anchor_audit_head(key, *head)
    return new.to_bytes()


def _check_wal_empty(db: Path) -> None:
    """A write-ahead log with frames would be replayed onto the new file: refuse instead."""
    wal = db.with_name(db.name + "-wal")
    with contextlib.suppress(FileNotFoundError):
        if wal.stat().st_size:
            raise LibraryError("the database's write-ahead log is not empty (another process "
                               "wrote to it); re-keying refused, nothing was changed")
