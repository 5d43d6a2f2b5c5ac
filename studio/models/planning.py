"""Campaigns and health observances: what the content calendar is planned around."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from studio.models.base import Base


class Campaign(Base):
    __tablename__ = "campaigns"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="range"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")


class Observance(Base):
    __tablename__ = "observances"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="range"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200), default="")
