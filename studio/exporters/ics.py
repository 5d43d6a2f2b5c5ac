"""The content calendar as iCalendar (RFC 5545), written with the ``icalendar`` library.

One VEVENT per post: a UID derived from the library and the post (the same in every export, so
apps that honour UIDs update instead of duplicating), SEQUENCE rising with every change,
DTSTART in the library's zone with its VTIMEZONE, and the approved text as DESCRIPTION.
A post withdrawn after an earlier export comes back as STATUS:CANCELLED with the same UID, a
higher SEQUENCE and no patient text, so a calendar that applies updates removes it.
Observances are optional all-day, transparent events. icalendar does the escaping and folds
lines at 75 octets without splitting a UTF-8 character; tests parse the output with icalendar
and vobject.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from studio import __version__
from studio.channels import channel as channel_spec
from studio.exporters.ics_timezone import rule_timezone
from studio.exporters.model import CancelledPost, ExportPost
from studio.planning import ObservanceDates

PRODID = f"-//Patient Story Studio//Content calendar {__version__}//EN"
EVENT_LENGTH = dt.timedelta(minutes=15)
_UID_NAMESPACE = uuid.UUID("5d0f7c1e-7a43-4c55-9a53-0c6f1f3a9e21")


def post_uid(library_id: str, post_id: int) -> str:
    """Stable and unique per library and post; reveals nothing about either."""
    return f"{uuid.uuid5(_UID_NAMESPACE, f'{library_id}/post/{post_id}')}@patient-story-studio"


def observance_uid(key: str, year: int) -> str:
    return f"{uuid.uuid5(_UID_NAMESPACE, f'observance/{key}/{year}')}@patient-story-studio"


def _post_event(post: ExportPost, tz: ZoneInfo, stamp: dt.datetime) -> Event:
    assert post.scheduled_at is not None
    label = channel_spec(post.channel).label
    start = post.scheduled_at.astimezone(tz)
    event = Event()
    event.add("uid", post.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", start + EVENT_LENGTH)
    event.add("summary", f"{label}: {post.title or post.display_id}")
    event.add("description", post.composed)
    event.add("categories", [label] + ([post.campaign] if post.campaign else []))
    event.add("status", "CONFIRMED")
    event.add("sequence", post.sequence)
    event.add("transp", "TRANSPARENT")
    event.add("class", "PRIVATE")
    if post.link:
        event.add("url", post.link)
    return event


def _cancelled_event(post: CancelledPost, tz: ZoneInfo, stamp: dt.datetime) -> Event:
    start = post.scheduled_at.astimezone(tz)
    event = Event()
    event.add("uid", post.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", start + EVENT_LENGTH)
    event.add("summary", f"Cancelled: {channel_spec(post.channel).label} post "
                         f"{post.display_id} (take down)")
    event.add("status", "CANCELLED")
    event.add("sequence", post.sequence)
    event.add("transp", "TRANSPARENT")
    return event


def _observance_event(obs: ObservanceDates, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", observance_uid(obs.key, obs.starts_on.year))
    event.add("dtstamp", stamp)
    event.add("dtstart", obs.starts_on)
    event.add("dtend", obs.ends_on + dt.timedelta(days=1))   # DATE end is exclusive
    event.add("summary", obs.name)
    details = [f"Sponsor: {obs.sponsor}" if obs.sponsor else "",
               f"Source: {obs.source}", f"Confidence: {obs.confidence}"]
    event.add("description", "\n".join(d for d in details if d))
    event.add("categories", ["Health observance"])
    event.add("sequence", obs.version)
    event.add("transp", "TRANSPARENT")
    return event


def build_calendar(posts: Sequence[ExportPost], cancelled: Sequence[CancelledPost], *,
                   name: str, tz: ZoneInfo, stamp: dt.datetime,
                   observances: Sequence[ObservanceDates] = ()) -> bytes:
    """The .ics file's bytes: CRLF lines of at most 75 octets, UTF-8, no BOM."""
    stamp = stamp.astimezone(dt.UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.calendar_name = name                  # NAME (RFC 7986) and X-WR-CALNAME
    cal.add("x-wr-timezone", tz.key)
    timed = [p.scheduled_at for p in posts if p.scheduled_at] + \
        [c.scheduled_at for c in cancelled]
    if timed:
        vtz = rule_timezone(tz, timed)
        if vtz is not None:
            cal.add_component(vtz)
    for post in sorted(posts, key=lambda p: (p.scheduled_at or stamp, p.post_id)):
        cal.add_component(_post_event(post, tz, stamp))
    for gone in cancelled:
        cal.add_component(_cancelled_event(gone, tz, stamp))
    for obs in observances:
        cal.add_component(_observance_event(obs, stamp))
    if timed and not cal.walk("VTIMEZONE"):
        first, last = min(timed).date(), max(timed).date()
        cal.add_missing_timezones(first_date=first - dt.timedelta(days=366),
                                  last_date=last + dt.timedelta(days=366))
    data: bytes = cal.to_ical()
    return data
