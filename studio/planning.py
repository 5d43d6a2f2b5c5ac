"""Health observances for planning: a curated table (assets/observances.toml) turned into dates.

No federal machine-readable feed exists, so the table is ours, versioned, with a sponsor, a
source and a confidence tag per row; week and day observances are rules (the 3rd Thursday of
November) so the table does not need editing every year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import tomllib
from dataclasses import dataclass

from studio.assets import assets_dir

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class ObservanceRule:
    key: str
    name: str
    rule: str
    month: int
    day: int = 1
    nth: int = 1
    weekday: str = "monday"
    days: int = 1
    sponsor: str = ""
    source: str = ""
    confidence: str = "UNVERIFIED"


@dataclass(frozen=True)
class ObservanceDates:
    key: str
    name: str
    starts_on: dt.date
    ends_on: dt.date           # inclusive
    sponsor: str
    source: str
    confidence: str
    version: int


@functools.cache
def observance_table() -> tuple[int, tuple[ObservanceRule, ...]]:
    """(table version, rules) from assets/observances.toml."""
    with open(assets_dir() / "observances.toml", "rb") as fh:
        raw = tomllib.load(fh)
    rules = tuple(ObservanceRule(**row) for row in raw["observance"])
    for r in rules:
        if r.rule not in ("month", "date", "nth-weekday") or r.weekday not in WEEKDAYS:
            raise RuntimeError(f"assets/observances.toml: bad rule for {r.key}")
    return int(raw["version"]), rules


def dates_in(rule: ObservanceRule, year: int) -> tuple[dt.date, dt.date]:
    """First and last day (inclusive) of ``rule`` in ``year``."""
    if rule.rule == "month":
        last = calendar.monthrange(year, rule.month)[1]
        return dt.date(year, rule.month, 1), dt.date(year, rule.month, last)
    if rule.rule == "date":
        start = dt.date(year, rule.month, rule.day)
    else:
        start = nth_weekday(year, rule.month, rule.nth, WEEKDAYS.index(rule.weekday))
    return start, start + dt.timedelta(days=rule.days - 1)


def nth_weekday(year: int, month: int, nth: int, weekday: int) -> dt.date:
    """The ``nth`` (1-5, or -1 for the last) ``weekday`` (Monday=0) of the month."""
    days = [d for d in calendar.Calendar().itermonthdates(year, month)
            if d.month == month and d.weekday() == weekday]
    return days[nth - 1] if nth > 0 else days[nth]


def observances_between(first: dt.date, last: dt.date) -> list[ObservanceDates]:
    """Every observance overlapping ``first``..``last`` (inclusive), in date order."""
    version, rules = observance_table()
    out = []
    for year in range(first.year - 1, last.year + 1):
        for rule in rules:
            start, end = dates_in(rule, year)
            if end >= first and start <= last:
                out.append(ObservanceDates(rule.key, rule.name, start, end, rule.sponsor,
                                           rule.source, rule.confidence, version))
    return sorted(out, key=lambda o: (o.starts_on, o.key))
