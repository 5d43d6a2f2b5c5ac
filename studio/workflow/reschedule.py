"""Moving a post to another day, as the calendar does when a post is dragged.

The time of day stays the same on the library's clock; only the date changes. The change goes
through :func:`studio.workflow.posts.edit_post`, so every rule of an edit applies (a past time
is refused, a withdrawn post cannot move, the approval survives only inside the consents the
post relies on) and the audit event is the edit's. The result says what the move did to the
post's status, in words the calendar shows as they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from studio.errors import BadInput
from studio.library.library import Library
from studio.models import Post
from studio.workflow.lookup import get_by_display_id
from studio.workflow.posts import edit_post


@dataclass(frozen=True)
class Rescheduled:
    display_id: str
    before: dt.datetime              # aware, UTC
    after: dt.datetime               # aware, UTC
    status_before: str
    status_after: str
    notice: str | None               # what the person must know now (approval voided...)

    @property
    def approval_voided(self) -> bool:
        return self.status_before != self.status_after and self.status_after == "draft"


def same_time_on(moment: dt.datetime, day: dt.date, lib: Library) -> dt.datetime:
    """``moment``'s wall-clock time in the library's zone, on ``day``.

    A wall-clock time that does not exist that day (the hour skipped when clocks go forward) is
    refused, as typed times are, rather than silently shifted.
    """
    zone = lib.timezone
    local = moment.astimezone(zone)
    moved = dt.datetime.combine(day, local.time().replace(fold=0), zone)
    if moved.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != moved.replace(
            tzinfo=None):
        raise BadInput(f"{local:%H:%M} does not exist on {day.isoformat()} in {zone.key} (the "
                       "clocks skip that hour); open the post and choose another time")
    return moved


def _notice(post: str, before: str, after: str) -> str | None:
    if before in ("approved", "exported") and after == "draft":
        return (f"The approval of {post} does not survive the move: a consent it "
                "relies on is not in force at the new time. It is a draft again and needs "
                "to be submitted and approved again before it can be exported.")
    if before == "exported":
        return (f"{post} was already exported with its old time: export the "
                "calendar again so the scheduler gets the new one.")
    return None


def reschedule(lib: Library, post: str, moment: dt.datetime, *,
               only_if_at: dt.datetime | None = None) -> Rescheduled:
    """Give ``post`` the schedule ``moment``.

    The calendar's undo passes ``only_if_at`` (the time its move set), so an undo never
    overwrites a time someone changed since.
    """
    with lib.read() as session:
        row = get_by_display_id(session, Post, post)
        name, before, status = row.display_id, row.scheduled_at, row.status
    if before is None:
        raise BadInput(f"{name} has no scheduled time; set one in the post composer first")
    if moment == before:
        raise BadInput(f"{name} is already scheduled then")
    if only_if_at is not None and before != only_if_at:
        raise BadInput(f"{name} was rescheduled again since; open it to choose its time")
    after = edit_post(lib, post, scheduled_at=moment)
    assert after.scheduled_at is not None
    return Rescheduled(after.display_id, before, after.scheduled_at, status, after.status,
                       _notice(after.display_id, status, after.status))


def reschedule_to_day(lib: Library, post: str, day: dt.date) -> Rescheduled:
    """Move ``post`` to ``day`` (a day of the library's calendar), keeping its time of day."""
    with lib.read() as session:
        row = get_by_display_id(session, Post, post)
        name, current = row.display_id, row.scheduled_at
    if current is None:
        raise BadInput(f"{name} has no scheduled time; set one in the post composer first")
    if current.astimezone(lib.timezone).date() == day:
        raise BadInput(f"{name} is already scheduled on {day.isoformat()}")
    return reschedule(lib, post, same_time_on(current, day, lib))
