"""The SQLAlchemy engine over an SQLCipher 4 file, keyed with a raw 256-bit key.

A raw key (``x'..'``) skips SQLCipher's own PBKDF2 (about 110 ms per connection); the password
cost is paid once, in the key slot. Every connection gets the same pragmas: quiet cipher log,
WAL for readers beside one writer, foreign keys, FULL sync so a committed change survives a
crash or power cut, temporary storage in memory, and ``query_only`` for a read-only open.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from studio.errors import LibraryDamaged
from studio.library.diskfull import disk_full

BUSY_TIMEOUT_MS = 5000


def connect_keyed(db_path: Path, key: bytes, *, read_only: bool = False) -> Any:
    """A DB-API connection to ``db_path`` with the key and pragmas applied."""
    conn = sqlcipher3.connect(str(db_path), check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if not read_only:
            conn.execute("PRAGMA journal_mode = WAL")
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        full = disk_full(exc, writing=str(db_path))
        if full is not None:  # WAL's index could not grow: not damage, and nothing changed
            raise full from exc
        raise LibraryDamaged(
            f"{db_path}: the database cannot be decrypted although the password is right, "
            "so the file is damaged; restore it from a backup (studio restore)") from exc
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    # Sorts and temporary indexes stay in memory: no plaintext temp file, ever.
    conn.execute("PRAGMA temp_store = MEMORY")
    if read_only:
        conn.execute("PRAGMA query_only = ON")
    return conn


def make_engine(db_path: Path, key: bytes, *, read_only: bool = False) -> Engine:
    """An engine whose every pooled connection is keyed; transactions are begun explicitly.

    The sqlite3 driver's implicit transactions do not cover DDL and break SAVEPOINT, so the
    driver is put in autocommit mode and SQLAlchemy's ``begin`` emits BEGIN itself (the recipe
    in SQLAlchemy's pysqlite documentation).
    """
    engine = create_engine(
        "sqlite://", module=sqlcipher3,
        creator=lambda: connect_keyed(db_path, key, read_only=read_only),
        poolclass=QueuePool, pool_size=2, max_overflow=2,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine
