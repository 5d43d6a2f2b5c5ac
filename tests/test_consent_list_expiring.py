"""The Consents list's "expiring" says what the consent badge and the story filter say.

All three come from one rule (studio/workflow/consent_status.py). These tests build a library
with a subject in each consent state through the workflow (real consents, a real revocation,
real superseding consents) and compare, at several moments, the consents the list shows as
expiring, the status column of every consent, and the badge of every subject.
"""

from __future__ import annotations

import datetime as dt

import pytest
from factories import TODAY, consent, every_consent_state, subject_and_story
from sqlalchemy import select

from studio.errors import BadInput
from studio.library.library import Library
from studio.models import Consent, Story, Subject
from studio.workflow import consents
from studio.workflow.consent_queries import list_consents
from studio.workflow.consent_status import EXPIRING_DAYS, ConsentClock, in_force_clause
from studio.workflow.library_views import consent_badge
from studio.workflow.story_list import listed_ids
from studio.workflow.story_listing import StoryListing


@pytest.mark.parametrize("days", [0, 29, 31, 45, 190, -20])
def test_listed_as_expiring_exactly_when_the_badge_says_expiring(author_lib: Library,
                                                                 days: int) -> None:
    """Parity on a real library at ``days`` from now: the "Expiring within 30 days" list,
    the status column and the badge of each subject's governing consent agree."""
    every_consent_state(author_lib)
    tz = author_lib.timezone
    moment = dt.datetime.now(dt.UTC) + dt.timedelta(days=days)
    expiring = {r.consent.display_id: r.consent
                for r in list_consents(author_lib, expiring_within=EXPIRING_DAYS, now=moment)}
    every = {r.consent.display_id: r.consent for r in list_consents(author_lib, now=moment)}
    assert {c.status for c in expiring.values()} <= {"expiring"}
    assert set(expiring) == {cid for cid, c in every.items() if c.status == "expiring"}
    clock = ConsentClock.at(tz, moment)
    with author_lib.read() as session:
        names = {sid: name for sid, name in session.execute(select(Subject.id, Subject.name))}
        badges = {names[sid]: consent_badge(session, sid, tz, moment) for sid in names}
        filtered = set(session.scalars(
            select(Subject.name).join(Story, Story.subject_id == Subject.id)
            .where(Story.id.in_(listed_ids(StoryListing(consent="expiring"), clock)))))
    for name, badge in badges.items():
        if badge.consent is not None:
            assert every[badge.consent].status == badge.status, name
            assert (badge.consent in expiring) == (badge.status == "expiring"), name
    # The story list's filter picks the same people (each has one story).
    assert filtered == {name for name, badge in badges.items() if badge.consent in expiring}
    # Not vacuous: who is expiring at the moments where the answer is known.
    want = {0: {"Tom Tomorrow"}, 31: {"Ana Active"}, 45: {"Ana Active"}}
    if days in want:
        assert {every[cid].subject_name for cid in expiring} == want[days]


def test_a_longer_horizon_lists_only_consents_in_force(author_lib: Library) -> None:
    """Within 365 days: the superseded, revoked and expired consents whose expiry day falls
    in the window are not "expiring" (the old date-only filter listed two superseded ones);
    each listed consent is in force and its status column is the badge's rule (30 days)."""
    every_consent_state(author_lib)
    listed = list_consents(author_lib, expiring_within=365)
    assert sorted((r.consent.subject_name, r.consent.status) for r in listed) == [
        ("Ana Active", "active"), ("Sam Superseded", "active"),
        ("Tom Tomorrow", "expiring")]
    clock = ConsentClock.at(author_lib.timezone)
    with author_lib.read() as session:
        in_force = set(session.scalars(select(Consent.display_id)
                                       .where(in_force_clause(Consent, clock))))
    assert {r.consent.display_id for r in listed} == in_force
    every = list_consents(author_lib)
    superseded = [r for r in every if r.consent.status == "superseded"]
    assert len(superseded) == 2 and all(
        r.consent.expires_on is not None and r.consent.expires_on <= TODAY
        + dt.timedelta(days=365) for r in superseded)  # inside the window, yet not listed


def test_the_horizon_is_the_badges_measure_of_days(author_lib: Library) -> None:
    """A consent ends at the end of its expiry day: one ending in 20 days is within 21 days
    but not within 20 (no longer does the list's count of days differ from the badge's)."""
    subject, _story = subject_and_story(author_lib)
    cid = consent(author_lib, subject, days=20)
    with author_lib.read() as session:
        ends = session.scalars(select(Consent.expires_on)).one()
    days_left = (ends - dt.datetime.now(author_lib.timezone).date()).days
    assert [r.consent.display_id
            for r in list_consents(author_lib, expiring_within=days_left + 1)] == [cid]
    assert list_consents(author_lib, expiring_within=days_left) == []
    consents.revoke_consent(author_lib, cid, reason="Asked us to stop.")
    assert list_consents(author_lib, expiring_within=days_left + 1) == []


def test_no_days_is_refused_by_name(author_lib: Library) -> None:
    with pytest.raises(BadInput, match="--expiring-within: give a number of days, 1 or more"):
        list_consents(author_lib, expiring_within=0)
