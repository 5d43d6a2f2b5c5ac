"""Media assets: encrypted blobs in the vault, and who each one depicts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from studio.models.base import Base, UTCDateTime, display_id_column, enum_check, utcnow
from studio.models.enums import MEDIA_KINDS


class MediaAsset(Base):
    __tablename__ = "media"
    __table_args__ = (CheckConstraint(enum_check("kind", MEDIA_KINDS), name="kind"),
                      CheckConstraint("byte_size >= 0", name="size"),
                      CheckConstraint("length(sha256) = 64", name="sha256"),
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    display_id: Mapped[str] = display_id_column("M")
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    mime: Mapped[str] = mapped_column(String(64))
    byte_size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    blob_name: Mapped[str] = mapped_column(String(80), unique=True)
    thumb_blob_name: Mapped[str | None] = mapped_column(String(80), unique=True)
    alt_text: Mapped[str] = mapped_column(Text, default="")
    original_name: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    depictions: Mapped[list[MediaDepiction]] = relationship(lazy="selectin",
                                                            cascade="all, delete-orphan")


class MediaDepiction(Base):
    """One person visible or audible in an asset: each needs their own consent to publish it."""

    __tablename__ = "media_depictions"

    media_id: Mapped[int] = mapped_column(ForeignKey("media.id", ondelete="CASCADE"),
                                          primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), primary_key=True)
