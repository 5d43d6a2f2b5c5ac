"""Reading the dates and times people type, with messages that say what was wrong."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from studio.errors import BadInput

# Years a patient-story date can sensibly have; outside them arithmetic on the date (the
# day after an expiry, a time zone shift) would overflow.
MIN_YEAR, MAX_YEAR = 1900, 2200


def _plausible(day: dt.date, value: str, what: str) -> None:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise BadInput(f"{what}: {value!r} is outside the years {MIN_YEAR} to {MAX_YEAR}")


def parse_date(value: str, *, what: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise BadInput(f"{what}: {value!r} is not a real date in the form YYYY-MM-DD") from exc
    _plausible(day, value, what)
    return day


def parse_time(value: str, *, what: str, zone: ZoneInfo) -> dt.datetime:
    """ISO 8601 with an offset, or without one read in the library's time zone.

    A wall-clock time that does not exist in the zone (the hour skipped when clocks go
    forward) is refused rather than silently moved.
    """
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise BadInput(f"{what}: {value!r} is not a date and time like "
                       "2026-12-01T09:00-05:00") from exc
    _plausible(moment.date(), value, what)
    if moment.tzinfo is None:
        local = moment.replace(tzinfo=zone)
        round_trip = local.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
        if round_trip != moment:
            raise BadInput(f"{what}: {value} does not exist in {zone.key} (the clocks skip "
                           "that hour); choose another time")
        moment = local
    return moment
