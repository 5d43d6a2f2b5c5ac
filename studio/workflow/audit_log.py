"""Reading the audit log (writing it is studio.library.audit, inside each change)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from studio.library.library import Library
from studio.models import AuditEvent


@dataclass(frozen=True)
class EventRow:
    seq: int
    at: str
    actor: str
    action: str
    entity: str
    details: str


def list_events(lib: Library, *, entity: str | None = None, limit: int = 100) -> list[EventRow]:
    """Newest first; ``entity`` is a display id like S-12 or user:alex."""
    query = select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(limit)
    if entity:
        query = query.where(AuditEvent.entity == entity.strip().upper()
                            if "-" in entity and ":" not in entity else
                            AuditEvent.entity == entity.strip())
    with lib.read() as session:
        return [EventRow(e.seq, e.at, e.actor, e.action, e.entity, e.details)
                for e in session.scalars(query)]
