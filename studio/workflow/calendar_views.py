"""What the calendar shows: the posts scheduled in a date range and the observances it covers.

Read-only. Days are the library's days (its time zone setting), so every workstation puts a
post on the same square. Each row says whether the signed-in person may move it and, if not,
why, so the calendar enables dragging from the same facts :func:`edit_post` checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from studio.errors import BadInput
from studio.library.library import Library
from studio.models import Post, PostRevision
from studio.planning import ObservanceDates, observances_between
from studio.workflow.abilities import why_not_do
from studio.workflow.dates import MAX_YEAR, MIN_YEAR

MAX_DAYS = 62            # a month grid is 42 days; a little more for a scheduler's fortnight
MAX_POSTS = 2000         # more than any real month; the view says when it stopped
SNIPPET_CHARS = 80


@dataclass(frozen=True)
class CalendarPost:
    """One scheduled post, as a calendar square needs it."""

    display_id: str
    title: str
    snippet: str                     # the first words of the current text, one line
    channel: str
    status: str
    scheduled_at: dt.datetime        # aware, UTC
    local: dt.datetime               # the same moment in the library's time zone
    why_not_move: str | None         # None: the signed-in person may reschedule it

    @property
    def day(self) -> dt.date:
        return self.local.date()


@dataclass(frozen=True)
class CalendarSpan:
    first: dt.date
    last: dt.date                    # inclusive
    zone: str                        # the library's time zone, e.g. America/Chicago
    posts: tuple[CalendarPost, ...]  # in time order
    observances: tuple[ObservanceDates, ...]
    truncated: bool                  # True when more than MAX_POSTS fell in the range


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The first words of ``text`` on one line, cut at a word with an ellipsis."""
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    cut = words[:limit].rsplit(" ", 1)[0] or words[:limit]
    return cut.rstrip(",.;:") + "…"


def why_not_move(lib: Library, post: Post) -> str | None:
    """Why the signed-in person may not reschedule ``post``: the role, a read-only open, and
    the withdrawn state that :func:`studio.workflow.posts.edit_post` refuses."""
    reason = why_not_do(lib, "post.edit")
    if reason is not None:
        return reason
    if post.status == "withdrawn":
        return f"{post.display_id} was withdrawn ({post.withdrawn_reason}); it cannot be moved"
    return None


def _check_range(first: dt.date, last: dt.date) -> None:
    if last < first:
        raise BadInput(f"the calendar range ends ({last}) before it starts ({first})")
    if (last - first).days + 1 > MAX_DAYS:
        raise BadInput(f"the calendar shows at most {MAX_DAYS} days at a time")
    if not (first.year >= MIN_YEAR and last.year <= MAX_YEAR):
        raise BadInput(f"the calendar covers the years {MIN_YEAR} to {MAX_YEAR}")


def calendar_between(lib: Library, first: dt.date, last: dt.date) -> CalendarSpan:
    """Posts scheduled on the library's days ``first``..``last`` (inclusive), and the health
    observances overlapping them."""
    _check_range(first, last)
    zone = lib.timezone
    start = dt.datetime.combine(first, dt.time(0), zone).astimezone(dt.UTC)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), zone).astimezone(dt.UTC)
    query = (select(Post, PostRevision.text)
             .join(PostRevision, PostRevision.id == Post.current_revision_id)
             .where(Post.scheduled_at >= start, Post.scheduled_at < end)
             .order_by(Post.scheduled_at, Post.id)
             .limit(MAX_POSTS + 1))
    rows: list[CalendarPost] = []
    with lib.read() as session:
        found = session.execute(query).all()
        for post, text in found[:MAX_POSTS]:
            assert post.scheduled_at is not None
            rows.append(CalendarPost(
                post.display_id, post.title, snippet(text), post.channel, post.status,
                post.scheduled_at, post.scheduled_at.astimezone(zone), why_not_move(lib, post)))
    return CalendarSpan(first, last, zone.key, tuple(rows),
                        tuple(observances_between(first, last)), len(found) > MAX_POSTS)
