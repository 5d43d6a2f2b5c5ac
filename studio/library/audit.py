"""The audit chain: every change appends an event whose digest covers the one before it.

digest = sha256(prev_digest + canonical_json(event)). Rewriting, deleting or inserting any
event breaks every digest after it, so ``verify`` can name the first event that is wrong even
for someone who holds the key and edits the database with SQL.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from studio.models import AuditEvent

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def event_digest(prev_digest: str, seq: int, at: str, actor: str, action: str, entity: str,
                 details: str) -> str:
    body = canonical_json({"seq": seq, "at": at, "actor": actor, "action": action,
                           "entity": entity, "details": details})
    return hashlib.sha256((prev_digest + body).encode("utf-8")).hexdigest()


def record(session: Session, actor: str, action: str, entity: str,
           details: dict[str, Any] | None = None) -> AuditEvent:
    """Append one event inside the caller's transaction, so it commits with the change."""
    last = session.execute(
        select(AuditEvent.seq, AuditEvent.digest).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    seq = 1 if last is None else last.seq + 1
    prev = GENESIS if last is None else last.digest
    at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    details_text = canonical_json(details or {})
    event = AuditEvent(seq=seq, at=at, actor=actor, action=action, entity=entity,
                       details=details_text, prev_digest=prev,
                       digest=event_digest(prev, seq, at, actor, action, entity, details_text))
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    events: int
    first_broken_seq: int | None
    problem: str

    @property
    def ok(self) -> bool:
        return self.first_broken_seq is None and not self.problem


def verify_chain(session: Session) -> ChainReport:
    """Recompute the chain in order; name the first event that does not fit."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    rows = session.execute(
        select(AuditEvent.seq, AuditEvent.at, AuditEvent.actor, AuditEvent.action,
               AuditEvent.entity, AuditEvent.details, AuditEvent.prev_digest, AuditEvent.digest)
        .order_by(AuditEvent.seq)
        .execution_options(yield_per=2000)
    )
    for row in rows:
        count += 1
        if row.seq != expected_seq:
            return ChainReport(count, row.seq, f"event {expected_seq} is missing before "
                                               f"event {row.seq}")
        if row.prev_digest != prev:
            return ChainReport(count, row.seq, f"event {row.seq} does not follow the event "
                                               "before it")
        digest = event_digest(prev, row.seq, row.at, row.actor, row.action, row.entity,
                              row.details)
        if digest != row.digest:
            return ChainReport(count, row.seq, f"event {row.seq} ({row.action} {row.entity}) "
                                               "was changed after it was written")
        prev = row.digest
        expected_seq += 1
    return ChainReport(count, None, "")
