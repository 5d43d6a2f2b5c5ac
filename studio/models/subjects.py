"""Subjects: the patients (or family members) stories are about. Every column here is PHI."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from studio.models.base import Base, UTCDateTime, display_id_column, utcnow


class Subject(Base):
    __tablename__ = "subjects"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    display_id: Mapped[str] = display_id_column("PT")
    name: Mapped[str] = mapped_column(String(200))
    first_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date)
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

# The story list sorts by subject name (studio.workflow.story_list); case-insensitive, as the
# query orders (migration 0002).
Index("ix_subjects_name_sort", Subject.name.collate("NOCASE"), Subject.id)
