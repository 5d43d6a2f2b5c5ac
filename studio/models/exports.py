"""Exports: the record of what left the library, used to list take-downs after revocation."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from studio.models.base import Base, JSONText, UTCDateTime, display_id_column, enum_check, utcnow
from studio.models.enums import EXPORT_KINDS


class Export(Base):
    __tablename__ = "exports"
    __table_args__ = (CheckConstraint(enum_check("kind", EXPORT_KINDS), name="kind"),
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    display_id: Mapped[str] = display_id_column("E")
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(16))
    format: Mapped[str] = mapped_column(String(24))
    params: Mapped[dict[str, object]] = mapped_column(JSONText, default=dict)
    files: Mapped[dict[str, str]] = mapped_column(JSONText, default=dict)


class ExportItem(Base):
    __tablename__ = "export_items"

    export_id: Mapped[int] = mapped_column(ForeignKey("exports.id"), primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), primary_key=True, index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("post_revisions.id"))
    channel: Mapped[str] = mapped_column(String(24))
    scheduled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    detail: Mapped[str] = mapped_column(Text, default="")
