"""Bulk-upload CSVs for social schedulers, in each tool's own columns, dates and limits.

Facts and confidence: shared/reference/formats-and-channels.md §1 (summarised in
docs/exports.md). Every tool reads one profile per file, so there is one file per channel,
split when a tool's row limit is reached. A scheduler posts exactly what it reads, so the text
is the approved composition byte for byte: no formula escaping here (the caller warns when a
text starts with = + - @, which a spreadsheet opened on the way would take for a formula).
Media columns stay empty: they need a public URL, which a desktop app does not have.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from studio.exporters.model import ExportPost

FORMULA_STARTS = ("=", "+", "-", "@")
PUBLER_HEADER = (
    "Date - Intl. format or prompt", "Text", "Link(s) - Separated by comma for FB carousels",
    "Media URL(s) - Separated by comma", "Title - For the video, pin, PDF ..",
    "Label(s) - Separated by comma", "Alt text(s) - Separated by ||",
    "Comment(s) - Separated by ||", "Pin board, FB album, or Google category",
    "Post subtype - I.e. story, reel, PDF ..", "CTA - For Facebook links or Google",
    "Reminder - For stories, reels, shorts, and TikToks")

Row = Callable[[ExportPost, dt.datetime | None], list[str]]


def _hootsuite(post: ExportPost, at: dt.datetime | None) -> list[str]:
    assert at is not None
    return [at.strftime("%m/%d/%Y %H:%M"), post.composed, ""]


def _buffer(post: ExportPost, at: dt.datetime | None) -> list[str]:
    return [post.composed, "", "", at.strftime("%Y-%m-%d %H:%M") if at else ""]


def _sprout(post: ExportPost, at: dt.datetime | None) -> list[str]:
    assert at is not None
    return [at.strftime("%m/%d/%Y"), at.strftime("%H:%M"), post.composed]


def _publer(post: ExportPost, at: dt.datetime | None) -> list[str]:
    return [at.strftime("%Y-%m-%d %H:%M") if at else "", post.composed, post.link or ""] + \
        [""] * 9


@dataclass(frozen=True)
class SchedulerFormat:
    name: str
    label: str
    header: tuple[str, ...] | None    # None: the tool's historic headerless layout
    row: Row
    max_rows: int
    bom: bool
    snap_minutes: int                 # times rounded up to a multiple of this
    min_gap_minutes: int              # between two posts in one file
    lead_minutes: int                 # notice the tool needs before the first post
    needs_time: bool                  # False: a blank time means "next free slot"
    quote_all: bool = False
    confidence: str = ""


FORMATS: dict[str, SchedulerFormat] = {f.name: f for f in (
    SchedulerFormat("hootsuite", "Hootsuite", None, _hootsuite, 350, False, 5, 5, 15, True,
                    confidence="historic layout (2015-16 write-ups); current headers "
                               "UNVERIFIED"),
    SchedulerFormat("buffer", "Buffer", ("Text", "Image URL", "Tags", "Posting Time"), _buffer,
                    100, True, 1, 0, 15, False,
                    confidence="SECONDARY (three sources quoting Buffer's article)"),
    SchedulerFormat("sprout", "Sprout Social", ("date", "time_24hr", "message_text"), _sprout,
                    350, True, 5, 10, 15, True,
                    confidence="PRIMARY for the required columns; dates mm/dd/yyyy"),
    SchedulerFormat("publer", "Publer", PUBLER_HEADER, _publer, 500, True, 1, 0, 15, False,
                    quote_all=True, confidence="PRIMARY (12-column template); row limit ours"),
)}


@dataclass(frozen=True)
class SchedulerFile:
    channel: str
    part: int                          # 1, 2, ... when a channel is split
    data: bytes
    rows: int
    post_ids: tuple[int, ...] = ()     # the posts in this file, in row order


def snap_up(moment: dt.datetime, minutes: int) -> dt.datetime:
    """Round up to the next multiple of ``minutes`` on the local clock (seconds dropped up)."""
    base = moment.replace(second=0, microsecond=0)
    if base != moment:
        base += dt.timedelta(minutes=1)
    extra = (-base.minute) % minutes
    return base + dt.timedelta(minutes=extra)


def plan_times(fmt: SchedulerFormat, posts: Sequence[ExportPost], tz: ZoneInfo,
               now: dt.datetime) -> tuple[dict[int, dt.datetime | None], dict[int, str]]:
    """The time each post gets in ``fmt`` (local, snapped, spaced), and why some get none.

    Later posts in a channel move forward when an earlier one holds their slot (one post per
    slot, and Sprout's ten minutes apart); the caller re-checks consent at the new time.
    """
    times: dict[int, dt.datetime | None] = {}
    refused: dict[int, str] = {}
    earliest = now.astimezone(tz) + dt.timedelta(minutes=fmt.lead_minutes)
    for channel in sorted({p.channel for p in posts}):
        previous: dt.datetime | None = None
        in_channel = [p for p in posts if p.channel == channel]
        for post in sorted(in_channel, key=lambda p: (p.scheduled_at is None,
                                                      p.scheduled_at or now, p.post_id)):
            if post.scheduled_at is None:
                if fmt.needs_time:
                    refused[post.post_id] = f"{fmt.label} needs a scheduled time"
                else:
                    times[post.post_id] = None
                continue
            slot = snap_up(post.scheduled_at.astimezone(tz), fmt.snap_minutes)
            if previous is not None and fmt.min_gap_minutes:
                slot = max(slot, previous + dt.timedelta(minutes=fmt.min_gap_minutes))
            if slot < earliest:
                refused[post.post_id] = (f"{fmt.label} needs at least {fmt.lead_minutes} "
                                         f"minutes' notice; scheduled {slot:%Y-%m-%d %H:%M}")
                continue
            times[post.post_id] = slot
            previous = slot
    return times, refused


def _encode(fmt: SchedulerFormat, rows: list[list[str]]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n",
                        quoting=csv.QUOTE_ALL if fmt.quote_all else csv.QUOTE_MINIMAL)
    if fmt.header:
        writer.writerow(fmt.header)
    writer.writerows(rows)
    return ("\ufeff" if fmt.bom else "").encode("utf-8") + buf.getvalue().encode("utf-8")


def scheduler_files(fmt: SchedulerFormat, posts: Sequence[ExportPost],
                    times: dict[int, dt.datetime | None]) -> list[SchedulerFile]:
    """One file per channel (split at the row limit), rows in time order."""
    files = []
    for channel in sorted({p.channel for p in posts if p.post_id in times}):
        chosen = sorted((p for p in posts if p.channel == channel and p.post_id in times),
                        key=lambda p: (times[p.post_id] is None,
                                       times[p.post_id] or dt.datetime.max.replace(
                                           tzinfo=dt.UTC), p.post_id))
        rows = [fmt.row(p, times[p.post_id]) for p in chosen]
        parts = math.ceil(len(rows) / fmt.max_rows)
        for part in range(parts):
            cut = slice(part * fmt.max_rows, (part + 1) * fmt.max_rows)
            chunk = rows[cut]
            files.append(SchedulerFile(channel, part + 1, _encode(fmt, chunk), len(chunk),
                                       tuple(p.post_id for p in chosen[cut])))
    return files


def formula_warnings(posts: Sequence[ExportPost]) -> list[str]:
    """Texts a spreadsheet would run as a formula if someone opened the file on the way."""
    return [f"{p.display_id}: the text starts with {p.composed[0]!r}; upload the file as it "
            "is (opening and saving it in a spreadsheet would turn it into a formula)"
            for p in posts if p.composed.startswith(FORMULA_STARTS)]
