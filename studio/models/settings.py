"""Library-wide settings kept inside the encrypted database (time zone, app version)."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from studio.models.base import Base


class LibrarySetting(Base):
    __tablename__ = "library_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
