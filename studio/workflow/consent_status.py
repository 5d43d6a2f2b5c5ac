"""The consent status rule, written once as SQL: what the badge says and what the list filters.

A consent's status now is the first of these that holds: revoked (its revocation was received),
expired (after the end of its expiry day, library time zone), superseded (a newer consent
replaced it), pending (its signing day has not begun), expiring (it ends within
:data:`EXPIRING_DAYS`), else active. The consent that governs a subject now is the newest one in
force (the one drafting relies on), else the newest one there is; no consent at all is "none".

:func:`status_case`, :func:`in_force_clause` and :func:`governing_order` are SQL expressions, so
the badge of one story (:func:`studio.workflow.library_views.consent_badge`), the story
list's consent filter over 100,000 stories (:func:`subject_status`) and the Consents list's
status column and "expiring" filter (:func:`studio.workflow.consent_queries.list_consents`)
run the same definition and cannot disagree. A consent starts at the start of its signing
day and ends at the start of the day after its expiry day (:mod:`studio.workflow.consent_state`);
both are midnights in the library's time zone, so comparing the dates with the library's
date at ``now`` (:class:`ConsentClock`) is the same as comparing those moments with ``now``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased

from studio.models import Consent

EXPIRING_DAYS = 30
NONE = "none"   # the status of a subject without any consent


@dataclass(frozen=True)
class ConsentClock:
    """``now`` and the library dates the rule compares consent dates with."""

    now: dt.datetime
    today: dt.date            # the library's date at ``now``
    expiring_before: dt.date  # a consent whose expiry day is before this ends within the window

    @classmethod
    def at(cls, tz: ZoneInfo, now: dt.datetime | None = None, *,
           horizon_days: int = EXPIRING_DAYS) -> ConsentClock:
        """The clock at ``now`` (the present when None) in the library's time zone ``tz``.

        ``horizon_days`` is how far ahead "expiring" looks: the badge and the story filter use
        :data:`EXPIRING_DAYS`; a list asked for what ends within another number of days (the
        CLI's ``--expiring-within``) passes that number and keeps the rest of the rule.
        """
        now = now or dt.datetime.now(dt.UTC)
        # end - now <= horizon, with end the midnight after the expiry day: the same as the
        # expiry day being before the library's date horizon_days from now.
        horizon = (now + dt.timedelta(days=horizon_days)).astimezone(tz).date()
        return cls(now, now.astimezone(tz).date(), horizon)


Consents = Any   # the Consent entity or an aliased() copy of it
# Made once: an aliased() per call would make each statement new to SQLAlchemy's cache, and
# recompiling costs milliseconds (see consent_state.superseded_at).
_NEWER = aliased(Consent, name="newer_consents")
_GOVERNING = aliased(Consent, name="governing_consents")


def _successor(consent: Consents, clock: ConsentClock | None = None) -> Any:
    """EXISTS a consent that supersedes ``consent`` (recorded by ``clock.now`` when given)."""
    query = exists().where(_NEWER.supersedes_id == consent.id)
    return query.where(_NEWER.created_at <= clock.now) if clock is not None else query


def in_force_clause(consent: Consents, clock: ConsentClock) -> ColumnElement[bool]:
    """``consent`` is in force at ``clock.now``: begun, not ended, revoked or replaced yet."""
    return and_(consent.signed_on <= clock.today,
                or_(consent.expires_on.is_(None), consent.expires_on >= clock.today),
                or_(consent.revoked_at.is_(None), consent.revoked_at > clock.now),
                ~_successor(consent, clock))


def status_case(consent: Consents, clock: ConsentClock) -> ColumnElement[str]:
    """The status of ``consent`` at ``clock.now``, one of CONSENT_BADGE_STATUSES but "none"."""
    return case(
        (and_(consent.revoked_at.is_not(None), consent.revoked_at <= clock.now), "revoked"),
        (and_(consent.expires_on.is_not(None), consent.expires_on < clock.today), "expired"),
        (_successor(consent), "superseded"),
        (consent.signed_on > clock.today, "pending"),
        (and_(consent.expires_on.is_not(None), consent.expires_on < clock.expiring_before),
         "expiring"),
        else_="active")


def governing_order(consent: Consents, clock: ConsentClock) -> tuple[Any, ...]:
    """ORDER BY whose first consent of a subject governs it: newest in force, else newest."""
    return (in_force_clause(consent, clock).desc(), consent.signed_on.desc(), consent.id.desc())


def subject_status(subject_id: Any, clock: ConsentClock) -> ColumnElement[str]:
    """The badge status of the subject ``subject_id`` (a column or a value), as SQL."""
    consent = _GOVERNING
    governing = (select(status_case(consent, clock)).where(consent.subject_id == subject_id)
                 .order_by(*governing_order(consent, clock)).limit(1).scalar_subquery())
    return func.coalesce(governing, NONE)

