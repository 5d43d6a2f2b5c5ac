"""Declarative base, shared column types and the display-id convention.

Times are stored as UTC ISO-8601 text and come back time-zone aware: a naive datetime reaching
the database is a bug, so it is refused rather than guessed at.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Computed, Dialect, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware datetimes in, aware UTC datetimes out; text that sorts in time order."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def process_result_value(self, value: str | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


class JSONText(TypeDecorator[Any]):
    """JSON kept as canonical text (sorted keys), so digests over rows are stable."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        return None if value is None else json.loads(value)


def display_id_column(prefix: str) -> Mapped[str]:
    """A stored, unique ``PREFIX-id`` column: derived, so it can never disagree with the id."""
    return mapped_column(String(24), Computed(f"'{prefix}-' || id", persisted=True),
                         unique=True)


def enum_check(column: str, values: tuple[str, ...]) -> str:
    """SQL for a CHECK that keeps an enum column to ``values``."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


def parse_display_id(text: str, prefix: str) -> int | None:
    """``'S-12'`` -> 12 for prefix ``'S'``; None when the text is not such an id."""
    head, sep, tail = text.strip().upper().partition("-")
    if (sep != "-" or head != prefix.upper() or not (tail.isascii() and tail.isdigit())
            or len(tail) > 12):
        return None
    return int(tail)
