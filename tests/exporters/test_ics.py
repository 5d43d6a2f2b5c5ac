"""The .ics content calendar: parses with two parsers, folds right, escapes hostile text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from sqlalchemy import select

from conftest import AUTHOR, AUTHOR_PW
from exporters.builders import PostSpec, at, build
from exporters.snapshots import CHICAGO, snap
from studio.exporters.ics import build_calendar
from studio.exporters.ics_timezone import rule_timezone
from studio.exporters.model import CancelledPost
from studio.library.library import open_library
from studio.models import Export
from studio.planning import observances_between
from studio.workflow import consents, posts
from studio.workflow.exports import export_calendar

HOSTILE = [
    "Line one\nSUMMARY:injected\nBEGIN:VEVENT\nUID:evil",
    "semi;colon, comma: colon \\ backslash \\n not-a-newline \\; \\,",
    "emoji 🎉👩🏽‍⚕️ and accents ñ é ü, " * 6,
    "RTL: مرحبا بالعالم שלום עולם \u202eevil\u202c",
    "x" * 74 + "é" + "🎉" * 30,
]
STAMP = dt.datetime(2031, 3, 1, 12, 0, tzinfo=dt.UTC)


def _ics(posts: list, cancelled: list | None = None, **kw: object) -> bytes:
    return build_calendar(posts, cancelled or [], name="Demo; calendar, with: chars",
                          tz=CHICAGO, stamp=STAMP, **kw)  # type: ignore[arg-type]


def _lines_ok(data: bytes) -> None:
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)
    data.decode("utf-8")                 # folding never split a character


def test_hostile_text_round_trips_in_both_parsers() -> None:
    items = [snap(i, text=t, title=t.split("\n")[0][:60], link="https://example.org/a?b=c;d")
             for i, t in enumerate(HOSTILE, start=1)]
    data = _ics(items)
    _lines_ok(data)
    cal = icalendar.Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    assert len(events) == len(HOSTILE)
    for event, post in zip(events, items, strict=True):
        assert str(event["DESCRIPTION"]) == post.text
        assert str(event["SUMMARY"]) == f"Instagram: {post.title}"
        assert str(event["UID"]) == post.uid
    # No property came from the text: each event has exactly the properties we write.
    assert all(sorted(e.keys()) == sorted(events[0].keys()) for e in events)
    assert cal.calendar_name == "Demo; calendar, with: chars"
    assert str(cal["X-WR-CALNAME"]) == "Demo; calendar, with: chars"
    parsed = vobject.readOne(data.decode("utf-8"))
    vevents = parsed.vevent_list
    assert [v.description.value for v in vevents] == [p.text for p in items]
    assert [v.uid.value for v in vevents] == [p.uid for p in items]
    assert all(len(v.contents["summary"]) == 1 for v in vevents)
    assert vevents[0].dtstart.value == items[0].scheduled_at


def test_lone_carriage_return_becomes_a_newline() -> None:
    data = _ics([snap(1, text="a\rb\r\nc")])
    _lines_ok(data)
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(event["DESCRIPTION"]) in ("a\nb\nc", "a\nb\r\nc")
    assert "BEGIN" not in str(event["DESCRIPTION"])


def test_required_properties_and_timezone() -> None:
    data = _ics([snap(1, campaign="Heart Month, 2031", sequence=3)])
    cal = icalendar.Calendar.from_ical(data)
    assert str(cal["VERSION"]) == "2.0" and "Patient Story Studio" in str(cal["PRODID"])
    event = cal.walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "America/Chicago"
    assert event.decoded("DTSTART") == dt.datetime(2031, 3, 3, 10, 0, tzinfo=CHICAGO)
    assert event.decoded("DTSTAMP") == STAMP
    assert event["SEQUENCE"] == 3 and str(event["STATUS"]) == "CONFIRMED"
    assert [str(c) for c in event["CATEGORIES"].cats] == ["Instagram", "Heart Month, 2031"]
    (vtz,) = cal.walk("VTIMEZONE")
    assert str(vtz["TZID"]) == "America/Chicago"
    assert b"RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3" in data and b"RDATE" not in data


@pytest.mark.parametrize("zone", ["America/Chicago", "Europe/Berlin", "Australia/Sydney",
                                  "Asia/Kolkata", "America/Phoenix", "UTC"])
def test_rule_timezone_agrees_with_zoneinfo(zone: str) -> None:
    tz = ZoneInfo(zone)
    moments = [dt.datetime(2031, m, 15, 12, tzinfo=tz) for m in range(1, 13)]
    vtz = rule_timezone(tz, moments)
    assert vtz is not None
    # A parser that applies the VTIMEZONE gets the same instants zoneinfo gives.
    items = [snap(i, at=m) for i, m in enumerate(moments, start=1)]
    data = build_calendar(items, [], name="x", tz=tz, stamp=STAMP)
    for event, moment in zip(vobject.readOne(data.decode()).vevent_list, moments, strict=True):
        assert event.dtstart.value.astimezone(dt.UTC) == moment.astimezone(dt.UTC)


def test_cancelled_posts_carry_no_text_and_a_higher_sequence() -> None:
    gone = CancelledPost("P-9", "facebook", snap(9).uid, 4,
                         dt.datetime(2031, 3, 4, 9, tzinfo=CHICAGO))
    data = _ics([], [gone])
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED" and event["SEQUENCE"] == 4
    assert str(event["UID"]) == gone.uid and "DESCRIPTION" not in event
    assert "P-9" in str(event["SUMMARY"])


def test_observances_are_all_day_and_transparent() -> None:
    obs = observances_between(dt.date(2031, 11, 1), dt.date(2031, 11, 30))
    data = _ics([snap(1)], observances=obs)
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    smokeout = next(e for e in events if str(e["SUMMARY"]) == "Great American Smokeout")
    assert smokeout.decoded("DTSTART") == dt.date(2031, 11, 20)   # third Thursday
    assert smokeout.decoded("DTEND") == dt.date(2031, 11, 21)     # exclusive
    assert str(smokeout["TRANSP"]) == "TRANSPARENT"
    month = next(e for e in events if "Diabetes" in str(e["SUMMARY"]))
    assert (month.decoded("DTSTART"), month.decoded("DTEND")) == (dt.date(2031, 11, 1),
                                                                  dt.date(2031, 12, 1))
    vobject.readOne(data.decode())


def test_workflow_calendar_uids_stable_sequence_rises_withdrawn_cancelled(
        library_path: Path, tmp_path: Path) -> None:
    title = "Rosa; back, on: her \\ feet 🎉 مرحبا"
    text = "Rosa is walking again!\nThank you; team, 🎉 \\ مرحبا"
    built = build(library_path, [PostSpec(title=title, text=text, days=3),
                                 PostSpec(days=4), PostSpec(days=5)])
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        one = export_calendar(lib, "ics", tmp_path / "a.ics")
        posts.edit_post(lib, built.posts[1], scheduled_at=at(6, 11))  # consent still holds
        two = export_calendar(lib, "ics", tmp_path / "b.ics", observances=True)
    raw = (tmp_path / "a.ics").read_bytes()
    _lines_ok(raw)
    first = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(raw).walk("VEVENT")}
    second = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(
        (tmp_path / "b.ics").read_bytes()).walk("VEVENT")}
    assert len(one.posts) == len(two.posts) == 3
    assert set(first) < set(second)                      # same UIDs, plus observances
    rosa = next(e for e in first.values() if str(e["DESCRIPTION"]) == text)
    assert str(rosa["SUMMARY"]) == f"Instagram: {title}"
    moved_uid = next(u for u, e in first.items() if e.decoded("DTSTART") == at(4))
    assert (first[moved_uid]["SEQUENCE"], second[moved_uid]["SEQUENCE"]) == (0, 1)
    assert second[moved_uid].decoded("DTSTART") == at(6, 11)
    assert any(str(e["CATEGORIES"].cats[0]) == "Health observance" for e in second.values())
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        consents.revoke_consent(lib, built.consent, reason="Asked in writing.")
        three = export_calendar(lib, "ics", tmp_path / "c.ics")
        with lib.read() as s:
            exports = s.scalars(select(Export).order_by(Export.id)).all()
            assert [e.kind for e in exports] == ["calendar"] * 3
            assert exports[-1].params["cancelled"] == list(three.cancelled)
    third = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(
        (tmp_path / "c.ics").read_bytes()).walk("VEVENT")}
    assert three.export_id == "E-3" and not three.posts and len(three.cancelled) == 3
    assert set(third) == set(first)
    for uid, event in third.items():
        assert str(event["STATUS"]) == "CANCELLED"
        assert event["SEQUENCE"] > second[uid]["SEQUENCE"]
        assert "DESCRIPTION" not in event and "Rosa" not in str(event["SUMMARY"])
