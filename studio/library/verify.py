"""`studio audit verify`: prove the library was not damaged or tampered with.

In order, stopping at the first failure so the message names one concrete problem: every
page of the encrypted file (SQLCipher's per-page HMAC), SQLite's own structure check, the
audit hash chain, then that every media row still has its blob. It needs only the key, not a
signed-in session, so it still runs on a library too damaged to open.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field

import sqlcipher3
from sqlalchemy import select
from sqlalchemy.orm import Session

from studio.errors import LibraryDamaged
from studio.library.audit import verify_chain
from studio.library.engine import make_engine
from studio.library.layout import LibraryLayout
from studio.library.vault import MediaVault
from studio.models import MediaAsset


@dataclass
class VerifyReport:
    pages: int = 0
    events: int = 0
    media: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _raw(layout: LibraryLayout, key: bytes) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(layout.db), isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA query_only = ON")
    return conn


def verify_library(layout: LibraryLayout, key: bytes) -> VerifyReport:
    report = VerifyReport()
    size = os.path.getsize(layout.db)
    conn = _raw(layout, key)
    try:
        page_size = 4096
        report.pages = max(1, size // page_size)
        try:
            damaged = [r[0] for r in conn.execute("PRAGMA cipher_integrity_check")]
        except sqlcipher3.DatabaseError as exc:
            damaged = [f"the encrypted file cannot be checked ({exc})"]
        if damaged:
            more = f" (and {len(damaged) - 1} more)" if len(damaged) > 1 else ""
            report.problems.append(
                f"library.db: {damaged[0]}{more}; the file was changed or damaged on disk. "
                "Restore it from a backup (studio restore)")
            return report
        try:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        except sqlcipher3.DatabaseError as exc:
            result = [str(exc)]
        if result != ["ok"]:
            report.problems.append(f"library.db: database structure is damaged: {result[0]}")
            return report
    finally:
        conn.close()
    engine = make_engine(layout.db, key, read_only=True)
    try:
        with Session(engine) as session:
            chain = verify_chain(session)
            report.events = chain.events
            if not chain.ok:
                report.problems.append(f"audit log: {chain.problem}")
                return report
            names = session.execute(select(MediaAsset.display_id, MediaAsset.blob_name,
                                           MediaAsset.thumb_blob_name,
                                           MediaAsset.sha256)).all()
    finally:
        engine.dispose()
    report.media = len(names)
    vault = MediaVault(layout.media, key)
    for display_id, blob, thumb, sha256 in names:
        for name in (blob, thumb):
            if name and not (layout.media / name[:2] / name).is_file():
                report.problems.append(f"media: {display_id} is missing its encrypted file")
                return report
        try:
            data = vault.get(blob)
        except LibraryDamaged as exc:
            report.problems.append(f"media: {display_id}: {exc}")
            return report
        if hashlib.sha256(data).hexdigest() != sha256:
            report.problems.append(f"media: {display_id}'s encrypted file holds other bytes "
                                   "than the ones recorded (it was replaced)")
            return report
    return report
