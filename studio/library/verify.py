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
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from studio.errors import LibraryDamaged
from studio.library.audit import verify_chain
from studio.library.engine import make_engine
from studio.library.keyslots import KeySlots
from studio.library.layout import LibraryLayout
from studio.library.migrate import MIGRATIONS
from studio.library.vault import MediaVault
from studio.models import AuditEvent, MediaAsset


@dataclass
class VerifyReport:
    head: str = ""            # "seq:digest" of the last event: record it elsewhere to compare
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


# The triggers the migrations create (0001: guards and story search, 0003: name search); their
# SQL must be exactly what the app wrote.
GUARDS = ("audit_events_no_update", "audit_events_no_delete", "post_revisions_no_update",
          "reviews_no_update", "submissions_no_update", "consents_signed_immutable",
          "stories_fts_ai", "stories_fts_ad", "stories_fts_au",
          "subjects_fts_ai", "subjects_fts_ad", "subjects_fts_au")


def _expected_guards() -> dict[str, str]:
    import importlib.util

    out = {}
    for path in sorted((MIGRATIONS / "versions").glob("[0-9]*.py")):
        spec = importlib.util.spec_from_file_location(f"_migration_{path.stem}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for statement in getattr(module, "SEARCH_AND_GUARDS", ()):
            if statement.startswith("CREATE TRIGGER"):
                out[statement.split()[2]] = " ".join(statement.split())
    return out


def missing_guards(session: Session) -> list[str]:
    """Guard triggers that are absent or whose SQL differs from what the migration made."""
    present = {name: " ".join((sql or "").split()) for name, sql in session.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))}
    expected = _expected_guards()
    return [name for name in GUARDS if present.get(name) != expected.get(name)]


def _head(session: Session) -> str:
    row = session.execute(select(AuditEvent.seq, AuditEvent.digest)
                          .order_by(AuditEvent.seq.desc()).limit(1)).first()
    return f"{row.seq}:{row.digest}" if row else "0:"


def _check_anchor(session: Session, layout: LibraryLayout, key: bytes) -> str:
    anchor = KeySlots.load(layout.keys).audit_anchor(key)
    if anchor is None:
        return ""
    seq, digest = anchor
    found = session.scalar(select(AuditEvent.digest).where(AuditEvent.seq == seq))
    if found is None:
        last = session.scalar(select(AuditEvent.seq).order_by(AuditEvent.seq.desc()).limit(1))
        return (f"the log ends at event {last or 0}, but event {seq} was recorded when the "
                "library was last closed: events were deleted from its end")
    if found != digest:
        return f"event {seq} differs from the one recorded when the library was last closed"
    return ""


def merge_wal(layout: LibraryLayout, key: bytes) -> bool:
    """Copy the write-ahead log's committed pages into library.db; False if some stay behind.

    This is what any open for writing does. Verify does it first because a checkpoint that a
    full disk cut short leaves torn pages in library.db whose good copies are still in the
    log: the per-page check reads the file itself, so it would call a whole library damaged.
    Merging also puts the log's pages under that check.
    """
    wal = layout.db.with_name(layout.db.name + "-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        return True
    conn = sqlcipher3.connect(str(layout.db), isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        busy, frames, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return not busy and frames == copied
    except sqlcipher3.DatabaseError:
        return False
    finally:
        conn.close()


def verify_library(layout: LibraryLayout, key: bytes) -> VerifyReport:
    report = VerifyReport()
    merged = merge_wal(layout, key)
    size = os.path.getsize(layout.db)
    conn = _raw(layout, key)
    try:
        page_size = 4096
        report.pages = max(1, size // page_size)
        try:
            damaged = [r[0] for r in conn.execute("PRAGMA cipher_integrity_check")]
        except sqlcipher3.DatabaseError as exc:
            damaged = [f"the encrypted file cannot be checked ({exc})"]
        if damaged and not merged:
            report.problems.append(
                f"library.db: {damaged[0]}, and the write-ahead log could not be merged into "
                "the file (is the disk full?); free some space and verify again")
            return report
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
            missing = missing_guards(session)
            if missing:
                report.problems.append(f"schema: the guard {missing[0]} that keeps signed "
                                       "rows and the audit log unchangeable was removed or "
                                       "altered")
                return report
            chain = verify_chain(session)
            report.events = chain.events
            if not chain.ok:
                report.problems.append(f"audit log: {chain.problem}")
                return report
            problem = _check_anchor(session, layout, key)
            if problem:
                report.problems.append(f"audit log: {problem}")
                return report
            report.head = _head(session)
            names = session.execute(select(MediaAsset.display_id, MediaAsset.blob_name,
                                           MediaAsset.thumb_blob_name,
                                           MediaAsset.sha256)).all()
    finally:
        engine.dispose()
    report.media = len(names)
    vault = MediaVault(layout.media, KeySlots.load(layout.keys).media_keys(key))
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
