"""A VTIMEZONE written as yearly rules (RRULE), which Outlook reads correctly.

icalendar's own generator lists every transition as RDATEs; Outlook has been seen to mis-read
that form and to match zones once written as yearly RRULEs (formats-and-channels.md §2). The
rule comes from the POSIX TZ string at the end of the zone's TZif file (the rule in force for
future dates, which is what a content calendar schedules). If that string cannot be read or
does not reproduce every event's UTC offset, the caller falls back to icalendar's generator.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import re
import zoneinfo
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

_DAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")
_NAME = r"(<[^>]+>|[A-Za-z]{3,})"
_OFFSET = r"([+-]?\d{1,2}(?::\d{2}){0,2})"
_RULE = r"M(\d{1,2})\.(\d)\.(\d)(?:/(-?\d{1,3}(?::\d{2}){0,2}))?"
_POSIX = re.compile(rf"{_NAME}{_OFFSET}(?:{_NAME}{_OFFSET}?,{_RULE},{_RULE})?")


def _tzif_footer(key: str) -> str | None:
    """The POSIX TZ string of ``key``, from the same files zoneinfo reads."""
    for base in zoneinfo.TZPATH:
        path = Path(base, key)
        if path.is_file():
            return path.read_bytes().rstrip(b"\n").rsplit(b"\n", 1)[-1].decode("ascii")
    try:
        data = importlib.resources.files("tzdata.zoneinfo").joinpath(*key.split("/"))
        return data.read_bytes().rstrip(b"\n").rsplit(b"\n", 1)[-1].decode("ascii")
    except (ModuleNotFoundError, FileNotFoundError, UnicodeDecodeError):
        return None


def _seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


def _nth_weekday(year: int, month: int, week: int, weekday: int) -> dt.date:
    """POSIX Mm.w.d: week 1-4 is the w-th such day, 5 the last; d=0 is Sunday."""
    first = dt.date(year, month, 1)
    shift = (weekday - (first.weekday() + 1) % 7) % 7
    day = first + dt.timedelta(days=shift + 7 * (week - 1))
    while day.month != month:
        day -= dt.timedelta(days=7)
    return day


def _observance(cls: type[TimezoneStandard] | type[TimezoneDaylight], name: str,
                offset_from: int, offset_to: int,
                rule: tuple[str | Any, ...] | None) -> TimezoneStandard | TimezoneDaylight:
    comp = cls()
    comp.add("tzname", name.strip("<>"))
    comp.add("tzoffsetfrom", dt.timedelta(seconds=offset_from))
    comp.add("tzoffsetto", dt.timedelta(seconds=offset_to))
    if rule is None:
        comp.add("dtstart", dt.datetime(1970, 1, 1))
        return comp
    month, week, weekday, at = int(rule[0]), int(rule[1]), int(rule[2]), rule[3]
    seconds = _seconds(at) if at else 7200
    if not 0 <= seconds < 86400:
        raise ValueError("transition time outside the day")
    day = _nth_weekday(1970, month, week, weekday)
    comp.add("dtstart", dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=seconds))
    by_week = -1 if week == 5 else week
    comp.add("rrule", {"freq": "YEARLY", "bymonth": month, "byday": f"{by_week}{_DAYS[weekday]}"})
    return comp


def rule_timezone(zone: zoneinfo.ZoneInfo, moments: Iterable[dt.datetime]) -> Timezone | None:
    """A VTIMEZONE for ``zone`` as yearly rules, or None if that cannot be trusted here."""
    footer = _tzif_footer(zone.key)
    match = _POSIX.fullmatch(footer or "")
    if match is None:
        return None
    std_name, std_off, dst_name, dst_off = match.group(1, 2, 3, 4)
    std = -_seconds(std_off)                  # POSIX offsets are west-positive
    tz = Timezone()
    tz.add("tzid", zone.key)
    try:
        if dst_name is None:
            tz.add_component(_observance(TimezoneStandard, std_name, std, std, None))
        else:
            dst = -_seconds(dst_off) if dst_off else std + 3600
            start, end = match.group(5, 6, 7, 8), match.group(9, 10, 11, 12)
            tz.add_component(_observance(TimezoneDaylight, dst_name, std, dst, start))
            tz.add_component(_observance(TimezoneStandard, std_name, dst, std, end))
    except ValueError:
        return None
    for moment in moments:                    # the rule must agree with zoneinfo everywhere
        offset = moment.astimezone(zone).utcoffset()
        if offset is None or not _matches(match, moment.astimezone(zone), offset):
            return None
    return tz


def _matches(match: re.Match[str], local: dt.datetime, offset: dt.timedelta) -> bool:
    """Whether the POSIX rule gives ``offset`` at the wall-clock time ``local``."""
    std = -_seconds(match.group(2))
    if match.group(3) is None:
        return offset.total_seconds() == std
    dst = -_seconds(match.group(4)) if match.group(4) else std + 3600

    def wall(rule: tuple[str | Any, ...]) -> dt.datetime:
        day = _nth_weekday(local.year, int(rule[0]), int(rule[1]), int(rule[2]))
        return dt.datetime.combine(day, dt.time()) + dt.timedelta(
            seconds=_seconds(rule[3]) if rule[3] else 7200)

    start, end = wall(match.group(5, 6, 7, 8)), wall(match.group(9, 10, 11, 12))
    naive = local.replace(tzinfo=None)
    in_dst = start <= naive < end if start < end else not end <= naive < start
    return offset.total_seconds() == (dst if in_dst else std)
