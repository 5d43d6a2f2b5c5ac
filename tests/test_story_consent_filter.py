"""The story list's consent filter says what the story's consent badge says, for every story.

Both come from one rule (studio/workflow/consent_status.py); these tests build a library with
a subject in each state through the workflow (real consents, a real revocation, a real
superseding consent) and compare the filter, the count and the badge story by story, now and
at other moments (so pending and expired show up too).
"""

from __future__ import annotations

import datetime as dt

import pytest
from factories import every_consent_state, listed_rows
from sqlalchemy import select, text

from studio.errors import BadInput
from studio.library.library import Library
from studio.models import Consent, Story, Subject
from studio.vocabulary import CONSENT_BADGE_STATUSES
from studio.workflow import stories
from studio.workflow.consent_state import active_consent, in_force_now
from studio.workflow.consent_status import ConsentClock, in_force_clause
from studio.workflow.library_views import consent_badge
from studio.workflow.story_list import listed_ids
from studio.workflow.story_listing import STORY_SORTS, StoryListing


def test_each_consent_state_lists_its_stories_and_counts_them(author_lib: Library) -> None:
    expected = every_consent_state(author_lib)
    for state in CONSENT_BADGE_STATUSES:
        listing = StoryListing("subject", descending=False, consent=state)
        want = sorted(name for name, status in expected.items() if status == state)
        assert [r.subject for r in listed_rows(author_lib, listing)] == want, state
        assert stories.count_stories(author_lib, listing) == len(want), state
        assert listing.filtered
    # Combined with another filter, and the unfiltered list still has everyone.
    assert stories.count_stories(author_lib, StoryListing(status="archived",
                                                          consent="active")) == 0
    assert stories.count_stories(author_lib, StoryListing(status="draft",
                                                          consent="active")) == 2
    assert stories.count_stories(author_lib) == len(expected)


def test_tomorrow_is_expiring_and_sixty_days_is_active_as_the_badge_says(
        author_lib: Library) -> None:
    expected = every_consent_state(author_lib)
    with author_lib.read() as session:
        for subject_id, name in session.execute(select(Subject.id, Subject.name)):
            badge = consent_badge(session, subject_id, author_lib.timezone)
            assert badge.status == expected[name], name
    expiring = stories.story_rows(author_lib, stories.story_ids(
        author_lib, listing=StoryListing(consent="expiring")))
    assert [r.subject for r in expiring] == ["Tom Tomorrow"]


@pytest.mark.parametrize("days", [0, -20, 31, 45, 200, 400])
def test_the_filter_matches_the_badge_for_every_story_at_any_moment(
        author_lib: Library, days: int) -> None:
    """Parity on a real library: each story is listed under exactly its badge's status."""
    every_consent_state(author_lib)
    tz = author_lib.timezone
    moment = dt.datetime.now(dt.UTC) + dt.timedelta(days=days)
    clock = ConsentClock.at(tz, moment)
    with author_lib.read() as session:
        badges = {story.id: consent_badge(session, story.subject_id, tz, moment).status
                  for story in session.scalars(select(Story))}
        listed = {state: set(session.scalars(listed_ids(StoryListing(consent=state), clock)))
                  for state in CONSENT_BADGE_STATUSES}
        for story_id, status in badges.items():
            assert {s for s, ids in listed.items() if story_id in ids} == {status}, story_id
    if days == -20:  # before most signing days: pending consents exist then
        assert "pending" in badges.values()
    if days == 400:
        assert set(badges.values()) <= {"expired", "revoked", "superseded", "none"}


@pytest.mark.parametrize("days", [0, -20, -7, 45, 400])
def test_in_force_in_sql_is_the_drafting_gates_in_force(author_lib: Library,
                                                        days: int) -> None:
    """The badge picks the governing consent in SQL; the drafting gate in Python: same
    consents in force, and the badge names the consent drafting would rely on."""
    every_consent_state(author_lib)
    tz = author_lib.timezone
    moment = dt.datetime.now(dt.UTC) + dt.timedelta(days=days)
    clock = ConsentClock.at(tz, moment)
    with author_lib.read() as session:
        every = list(session.scalars(select(Consent)))
        in_sql = set(session.scalars(select(Consent.id).where(in_force_clause(Consent, clock))))
        assert in_sql == {c.id for c in every if in_force_now(session, c, moment, tz)}
        for subject_id in {c.subject_id for c in every}:
            gate = active_consent(session, subject_id, moment, tz)
            if gate is not None:
                badge = consent_badge(session, subject_id, tz, moment)
                assert badge.consent == gate.display_id
                # Asked of a moment before a replacement was recorded, the badge already
                # calls the replaced consent superseded (as it always has); now it cannot be.
                assert badge.status in (("active", "expiring") if days >= 0 else
                                        ("active", "expiring", "superseded"))


def test_an_unknown_consent_state_is_refused_by_name(author_lib: Library) -> None:
    with pytest.raises(BadInput, match="consent: 'soon' is not one of active, expiring"):
        stories.story_ids(author_lib, listing=StoryListing(consent="soon"))
    with pytest.raises(BadInput, match="consent: 'Active'"):
        stories.count_stories(author_lib, StoryListing(consent="Active"))


def _outer_plan(session: object, query: object, lib: Library) -> tuple[str, str]:
    """(the plan of the query over stories, the plan of its subqueries) as text."""
    sql = str(query.compile(lib.engine,  # type: ignore[attr-defined]
                            compile_kwargs={"literal_binds": True}))
    rows = list(session.execute(text("EXPLAIN QUERY PLAN " + sql)))  # type: ignore[attr-defined]
    parent = {r[0]: r[1] for r in rows}
    nested = {r[0] for r in rows if "SUBQUERY" in r[-1]}

    def inside(node: int) -> bool:
        while node:
            if node in nested:
                return True
            node = parent.get(node, 0)
        return False

    outer = " | ".join(r[-1] for r in rows if not inside(r[0]) or r[0] in nested)
    inner = " | ".join(r[-1] for r in rows if inside(r[0]) and r[0] not in nested)
    return outer, inner


def test_the_consent_filter_keeps_the_sorted_walk_of_deep_pages(author_lib: Library) -> None:
    """With the filter, a deep page still walks the sort's index in order (no sort of the
    whole table into a temporary b-tree); each story's consents are found by subject."""
    clock = ConsentClock.at(author_lib.timezone)
    with author_lib.read() as session:
        for sort in STORY_SORTS:
            for descending in (False, True):
                query = listed_ids(StoryListing(sort, descending, consent="active"),
                                   clock).limit(200).offset(50_000)
                outer, inner = _outer_plan(session, query, author_lib)
                assert "TEMP B-TREE" not in outer, (sort, outer)
                # By id: the table itself, in rowid (= id) order; else the sort's index.
                assert outer.startswith("SCAN stories") if sort == "id" else \
                    "INDEX" in outer, (sort, outer)
                assert "USING INDEX ix_consents_subject_id" in inner, (sort, inner)
