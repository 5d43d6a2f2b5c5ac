"""The take-down list: what already left the library and must now be removed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from studio.models import Export, ExportItem, Post


@dataclass(frozen=True)
class TakedownItem:
    post: str                      # P-n
    channel: str
    scheduled_at: dt.datetime | None
    status_before: str
    exports: tuple[str, ...] = field(default=())   # E-n of every export that carried it

    @property
    def must_act(self) -> bool:
        """True when a copy is out there: in a scheduler or published."""
        return bool(self.exports) or self.status_before in ("exported", "published")


def takedown_item(session: Session, post: Post, status_before: str) -> TakedownItem:
    exports = session.scalars(select(Export.display_id).join(ExportItem)
                              .where(ExportItem.post_id == post.id).order_by(Export.id)).all()
    return TakedownItem(post.display_id, post.channel, post.scheduled_at, status_before,
                        tuple(exports))
