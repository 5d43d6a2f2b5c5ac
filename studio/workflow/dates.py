"""Reading the dates and times people type, with messages that say what was wrong."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from studio.errors import BadInput


def parse_date(value: str, *, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise BadInput(f"{what}: {value!r} is not a real date in the form YYYY-MM-DD") from exc


def parse_time(value: str, *, what: str, zone: ZoneInfo) -> dt.datetime:
    """ISO 8601 with an offset, or without one read in the library's time zone."""
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise BadInput(f"{what}: {value!r} is not a date and time like "
                       "2026-12-01T09:00-05:00") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment
