"""Reading the audit log (writing it is studio.library.audit, inside each change)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

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


def find_events(lib: Library, *, actor: str = "", action: str = "", entity: str = "",
                limit: int = 200, offset: int = 0) -> list[EventRow]:
    """Newest first, filtered for the audit screen.

    ``actor`` and ``entity`` match exactly (entity ignoring case, as ids are typed); ``action``
    matches as a prefix, so "consent" finds consent.add and consent.revoke.
    """
    query = select(AuditEvent).order_by(AuditEvent.seq.desc())
    if actor.strip():
        query = query.where(AuditEvent.actor == actor.strip())
    if action.strip():
        prefix = action.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(AuditEvent.action.like(f"{prefix}%", escape="\\"))
    if entity.strip():
        query = query.where(func.upper(AuditEvent.entity) == entity.strip().upper())
    with lib.read() as session:
        return [EventRow(e.seq, e.at, e.actor, e.action, e.entity, e.details)
                for e in session.scalars(query.limit(limit).offset(offset))]


def event_actors(lib: Library) -> list[str]:
    """Everyone who appears in the log, for the audit screen's filter."""
    with lib.read() as session:
        return list(session.scalars(select(AuditEvent.actor).distinct()
                                    .order_by(AuditEvent.actor)))
