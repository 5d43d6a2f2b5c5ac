"""The calendar's query and its reschedule: the library's days, who may move what, and what a
move does to the approval."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import TODAY, consent, draft, subject_and_story, when

from conftest import AUTHOR, AUTHOR_PW, COMPLIANCE, COMPLIANCE_PW
from studio.errors import BadInput, RuleRefused
from studio.library.library import Library, open_library
from studio.workflow import consents, exports, posts, review
from studio.workflow.abilities import READ_ONLY_REASON
from studio.workflow.audit_log import list_events
from studio.workflow.calendar_views import calendar_between, snippet
from studio.workflow.post_queries import show_post
from studio.workflow.reschedule import reschedule, reschedule_to_day


@pytest.fixture
def story(author_lib: Library) -> tuple[str, str]:
    subject, story = subject_and_story(author_lib)
    cid = consent(author_lib, subject, days=40)
    return story, cid


def _as(lib: Library, user: str, password: str, *, read_only: bool = False) -> Library:
    path = lib.layout.root
    lib.close()
    return open_library(path, user, password=password, read_only=read_only)


@pytest.fixture
def approved(author_lib: Library, story: tuple[str, str]) -> Iterator[tuple[Library, str]]:
    """P-1 approved for day 5, and the author's library to move it with."""
    post = draft(author_lib, story[0], days=5)
    review.submit_post(author_lib, post)
    officer = _as(author_lib, COMPLIANCE, COMPLIANCE_PW)
    review.approve_post(officer, post, COMPLIANCE_PW)
    lib = _as(officer, AUTHOR, AUTHOR_PW)
    yield lib, post
    lib.close()


def test_posts_fall_on_the_library_days_in_time_order(
        author_lib: Library, story: tuple[str, str]) -> None:
    s, _ = story
    afternoon = posts.draft_post(author_lib, s, "instagram", "Late one. " * 20,
                                 scheduled_at=when(days=6, hour=23)).display_id
    # 03:00 UTC is 21:00 or 22:00 the evening before in Chicago (the library's zone).
    evening = posts.draft_post(author_lib, s, "facebook", "Rosa walks again.",
                               scheduled_at=when(days=7, hour=3)).display_id
    draft(author_lib, s, days=30)                       # outside the range
    posts.draft_post(author_lib, s, "instagram", "No date yet.")
    span = calendar_between(author_lib, TODAY + dt.timedelta(days=6),
                            TODAY + dt.timedelta(days=6))
    assert span.zone == "America/Chicago" and not span.truncated
    assert [p.display_id for p in span.posts] == [afternoon, evening]
    row = span.posts[1]
    assert row.day == TODAY + dt.timedelta(days=6)
    assert row.local.hour in (21, 22) and row.local.utcoffset() != dt.timedelta(0)
    assert row.scheduled_at == when(days=7, hour=3)
    assert (row.channel, row.status, row.title) == ("facebook", "draft", "Back on her feet")
    assert row.snippet == "Rosa walks again." and row.why_not_move is None
    assert span.posts[0].snippet.endswith("…") and len(span.posts[0].snippet) <= 81
    next_day = calendar_between(author_lib, TODAY + dt.timedelta(days=7),
                                TODAY + dt.timedelta(days=7))
    assert next_day.posts == ()


def test_observances_overlapping_the_range_come_with_it(author_lib: Library) -> None:
    span = calendar_between(author_lib, dt.date(2031, 11, 17), dt.date(2031, 11, 23))
    names = {o.name: (o.starts_on, o.ends_on) for o in span.observances}
    assert names["Great American Smokeout"] == (dt.date(2031, 11, 20),) * 2
    assert names["COPD Awareness Month"] == (dt.date(2031, 11, 1), dt.date(2031, 11, 30))
    assert "World AIDS Day" not in names and span.posts == ()


def test_a_bad_range_is_refused_with_a_reason(author_lib: Library) -> None:
    with pytest.raises(BadInput, match="ends .* before it starts"):
        calendar_between(author_lib, TODAY, TODAY - dt.timedelta(days=1))
    with pytest.raises(BadInput, match="at most 62 days"):
        calendar_between(author_lib, TODAY, TODAY + dt.timedelta(days=90))


def test_each_row_says_who_may_move_it(author_lib: Library, story: tuple[str, str]) -> None:
    s, _ = story
    kept = draft(author_lib, s, days=3)
    subject2, story2 = subject_and_story(author_lib, "Pat Lee")
    cid2 = consent(author_lib, subject2)
    gone = draft(author_lib, story2, days=4)
    consents.revoke_consent(author_lib, cid2, reason="Asked us to stop.")
    rows = {p.display_id: p for p in calendar_between(
        author_lib, TODAY, TODAY + dt.timedelta(days=5)).posts}
    assert rows[kept].why_not_move is None
    assert rows[gone].status == "withdrawn"
    assert f"{gone} was withdrawn" in str(rows[gone].why_not_move)
    officer = _as(author_lib, COMPLIANCE, COMPLIANCE_PW)
    row = next(p for p in calendar_between(officer, TODAY, TODAY + dt.timedelta(days=5)).posts
               if p.display_id == kept)
    assert "needs the author role" in str(row.why_not_move)
    reader = _as(officer, AUTHOR, AUTHOR_PW, read_only=True)
    row = calendar_between(reader, TODAY, TODAY + dt.timedelta(days=5)).posts[0]
    assert row.why_not_move == READ_ONLY_REASON
    reader.close()


def test_a_move_keeps_the_time_of_day_and_the_approval_inside_consent(
        approved: tuple[Library, str]) -> None:
    lib, post = approved
    before = show_post(lib, post).row.scheduled_at
    assert before is not None
    moved = reschedule_to_day(lib, post, TODAY + dt.timedelta(days=12))
    after = show_post(lib, post).row
    assert after.scheduled_at == moved.after and moved.before == before
    zone = lib.timezone
    assert after.scheduled_at.astimezone(zone).date() == TODAY + dt.timedelta(days=12)
    assert after.scheduled_at.astimezone(zone).time() == before.astimezone(zone).time()
    assert (moved.status_before, moved.status_after, after.status) == ("approved",) * 3
    assert not moved.approval_voided and moved.notice is None
    assert list_events(lib, entity=post)[0].action == "post.edit"
    # The calendar's undo: the same workflow call, back to the old moment.
    with pytest.raises(BadInput, match="rescheduled again since"):
        reschedule(lib, post, before, only_if_at=before)
    back = reschedule(lib, post, before, only_if_at=moved.after)
    assert show_post(lib, post).row.scheduled_at == before and back.after == before


def test_a_move_outside_consent_voids_the_approval_and_says_so(
        approved: tuple[Library, str]) -> None:
    lib, post = approved
    moved = reschedule_to_day(lib, post, TODAY + dt.timedelta(days=50))   # consent ends at 40
    assert moved.approval_voided and show_post(lib, post).row.status == "draft"
    assert moved.notice is not None and "needs to be submitted and approved again" in \
        moved.notice and post in moved.notice


def test_refused_moves_change_nothing(author_lib: Library, story: tuple[str, str]) -> None:
    s, cid = story
    post = draft(author_lib, s, days=5)
    before = show_post(author_lib, post).row.scheduled_at
    with pytest.raises(BadInput, match="in the past"):
        reschedule_to_day(author_lib, post, TODAY - dt.timedelta(days=2))
    with pytest.raises(BadInput, match="already scheduled on"):
        reschedule_to_day(author_lib, post, TODAY + dt.timedelta(days=5))
    consents.revoke_consent(author_lib, cid, reason="Asked us to stop.")
    with pytest.raises(RuleRefused, match="withdrawn"):
        reschedule_to_day(author_lib, post, TODAY + dt.timedelta(days=6))
    assert show_post(author_lib, post).row.scheduled_at == before
    assert "post.edit" not in [e.action for e in list_events(author_lib, entity=post)]


def _next_spring_forward(zone: dt.tzinfo) -> dt.date:
    day = TODAY + dt.timedelta(days=2)
    while True:
        noon = dt.datetime.combine(day, dt.time(12), zone)
        if noon.utcoffset() != dt.datetime.combine(day - dt.timedelta(days=1),
                                                   dt.time(12), zone).utcoffset() \
                and noon.month == 3:
            return day
        day += dt.timedelta(days=1)


def test_a_time_the_clocks_skip_on_the_new_day_is_refused(
        author_lib: Library, story: tuple[str, str]) -> None:
    s, _ = story
    zone = author_lib.timezone
    target = _next_spring_forward(zone)
    at = dt.datetime.combine(target - dt.timedelta(days=1), dt.time(2, 30), zone)
    post = posts.draft_post(author_lib, s, "instagram", "Rosa walks again.",
                            scheduled_at=at).display_id
    with pytest.raises(BadInput, match="does not exist .* clocks skip"):
        reschedule_to_day(author_lib, post, target)
    assert show_post(author_lib, post).row.scheduled_at == at


def test_moving_an_exported_post_says_to_export_again(
        approved: tuple[Library, str], tmp_path: Path) -> None:
    lib, post = approved
    exports.export_calendar(lib, "ics", tmp_path / "calendar.ics")
    assert show_post(lib, post).row.status == "exported"
    moved = reschedule_to_day(lib, post, TODAY + dt.timedelta(days=9))
    assert moved.status_after == "exported" and moved.notice is not None
    assert "export the calendar again" in moved.notice


def test_snippet_cuts_at_a_word() -> None:
    assert snippet("one  two\nthree") == "one two three"
    assert snippet("alpha beta gamma delta", limit=12) == "alpha beta…"
