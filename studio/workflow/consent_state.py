"""Which consent is in force, and what happens to posts when one stops being in force.

A consent is in force from the start of its signing day (library time zone) until the end of
its expiry day, unless it was revoked earlier or a newer consent superseded it. Expiry acts
like revocation from that moment: :func:`apply_expiries` withdraws the posts that relied on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from studio.library import audit
from studio.models import Consent, ExportItem, Post, PostRevision, RevisionConsent, Subject
from studio.workflow.consent_status import EXPIRING_DAYS as EXPIRING_DAYS
from studio.workflow.consent_status import ConsentClock, status_case
from studio.workflow.takedown import TakedownItem, takedown_item

WITHDRAWABLE = ("draft", "in_review", "changes_requested", "approved", "exported", "published",
                "rejected")


@dataclass(frozen=True)
class ConsentRow:
    display_id: str
    subject: str                  # PT-n
    subject_name: str
    status: str                   # active, expiring, expired, revoked, superseded, pending
    reason: str                   # the status in a sentence
    channels: tuple[str, ...]
    uses: tuple[str, ...]
    signed_on: dt.date
    expires_on: dt.date | None
    expiry_event: str | None
    signer: str
    remuneration: str | None
    form_sha256: str | None
    revoked_at: dt.datetime | None
    withdrawn: tuple[str, ...] = ()   # posts withdrawn by recording this (a superseding one)


def starts(consent: Consent, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(consent.signed_on, dt.time(0), tz)


def superseded_at(session: Session, consent: Consent) -> dt.datetime | None:
    """When a newer consent replaced this one (its creation), or None."""
    # One cached statement (an aliased() per call recompiled it: 4 ms, most of an export's
    # gate time in bench/export.py).
    return session.scalar(select(func.min(Consent.created_at))
                          .where(Consent.supersedes_id == consent.id))


def ends(consent: Consent, tz: ZoneInfo,
         superseded: dt.datetime | None = None) -> dt.datetime | None:
    """The moment the consent stops being in force (expiry, revocation, supersession)."""
    moments = []
    if consent.expires_on is not None:
        moments.append(dt.datetime.combine(consent.expires_on + dt.timedelta(days=1),
                                           dt.time(0), tz))
    if consent.revoked_at is not None:
        moments.append(consent.revoked_at)
    if superseded is not None:
        moments.append(superseded)
    return min(moments) if moments else None


def in_force(consent: Consent, moment: dt.datetime, tz: ZoneInfo,
             superseded: dt.datetime | None = None) -> bool:
    end = ends(consent, tz, superseded)
    return starts(consent, tz) <= moment and (end is None or moment < end)


def window(session: Session, consent: Consent,
           tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime | None]:
    """[start, end) of the consent, supersession included: what every gate compares with."""
    return starts(consent, tz), ends(consent, tz, superseded_at(session, consent))


def in_force_now(session: Session, consent: Consent, moment: dt.datetime,
                 tz: ZoneInfo) -> bool:
    return in_force(consent, moment, tz, superseded_at(session, consent))


def status_of(session: Session, consent: Consent, tz: ZoneInfo,
              now: dt.datetime | None = None) -> tuple[str, str]:
    """The status of ``consent`` at ``now`` and the reason in a sentence; the status comes from
    :func:`studio.workflow.consent_status.status_case`, the rule the story list filters by."""
    clock = ConsentClock.at(tz, now)
    status = session.scalar(select(status_case(Consent, clock)).where(Consent.id == consent.id))
    if status == "revoked":
        return status, f"revoked (received {consent.revocation_received_on})"
    if status == "expired":
        return status, f"expired on {consent.expires_on}"
    if status == "superseded":
        return status, "replaced by a newer consent"
    if status == "pending":
        return status, f"in force from {consent.signed_on}"
    if status == "expiring":
        return status, f"expires on {consent.expires_on}"
    until = f"until {consent.expires_on}" if consent.expires_on else \
        f"until {consent.expiry_event}"
    return "active", f"in force {until}"


def consent_row(session: Session, consent: Consent, tz: ZoneInfo,
                now: dt.datetime | None = None) -> ConsentRow:
    """The consent as a row, its status and reason at ``now`` (the present when None)."""
    subject = session.get_one(Subject, consent.subject_id)
    status, reason = status_of(session, consent, tz, now)
    return ConsentRow(consent.display_id, subject.display_id, subject.name, status, reason,
                      tuple(consent.channels), tuple(consent.uses), consent.signed_on,
                      consent.expires_on, consent.expiry_event, consent.signer_name,
                      consent.remuneration, consent.form_sha256, consent.revoked_at)


def active_consent(session: Session, subject_id: int, moment: dt.datetime, tz: ZoneInfo,
                   channel: str | None = None) -> Consent | None:
    """The newest consent of ``subject_id`` in force at ``moment`` (covering ``channel``)."""
    candidates = session.scalars(select(Consent).where(Consent.subject_id == subject_id)
                                 .order_by(Consent.signed_on.desc(), Consent.id.desc())).all()
    for consent in candidates:
        if channel is not None and channel not in consent.channels:
            continue
        if in_force_now(session, consent, moment, tz):
            return consent
    return None


def relied_consents(session: Session, revision_id: int) -> list[Consent]:
    """The consents a revision relies on now: a consent replaced by another one in the same
    set (reliance moved to the successor when it was recorded) no longer counts."""
    consents = list(session.scalars(
        select(Consent).join(RevisionConsent, RevisionConsent.consent_id == Consent.id)
        .where(RevisionConsent.revision_id == revision_id).order_by(Consent.id)))
    replaced = {c.supersedes_id for c in consents if c.supersedes_id is not None}
    return [c for c in consents if c.id not in replaced]


def _relying_posts(session: Session, consent: Consent) -> list[Post]:
    return list(session.scalars(
        select(Post).join(PostRevision, PostRevision.id == Post.current_revision_id)
        .join(RevisionConsent, RevisionConsent.revision_id == PostRevision.id)
        .where(RevisionConsent.consent_id == consent.id, Post.status.in_(WITHDRAWABLE))
        .order_by(Post.scheduled_at, Post.id)))


def _withdraw(session: Session, actor: str, post: Post, consent: Consent,
              reason: str) -> TakedownItem:
    before = post.status
    post.status = "withdrawn"
    post.withdrawn_reason = reason
    session.flush()
    item = takedown_item(session, post, before)
    audit.record(session, actor, "post.withdraw", post.display_id,
                 {"consent": consent.display_id, "reason": reason, "was": before,
                  "exports": list(item.exports)})
    return item


def hand_over(session: Session, actor: str, old: Consent, new: Consent) -> list[TakedownItem]:
    """A superseding consent takes over the posts of the one it replaces when it allows at
    least as much for their channel; the others are withdrawn (their basis is gone)."""
    items = []
    for post in _relying_posts(session, old):
        assert post.current_revision_id is not None
        if post.channel in new.channels and set(old.uses) <= set(new.uses):
            session.add(RevisionConsent(revision_id=post.current_revision_id,
                                        consent_id=new.id))
            audit.record(session, actor, "post.consent_moved", post.display_id,
                         {"from": old.display_id, "to": new.display_id})
        else:
            items.append(_withdraw(session, actor, post, old,
                                   f"consent {old.display_id} replaced by {new.display_id}, "
                                   f"which does not cover {post.channel} with the same uses"))
    session.flush()
    return items


def withdraw_for_consent(session: Session, actor: str, consent: Consent,
                         reason: str) -> list[TakedownItem]:
    """Withdraw every post whose current revision relies on ``consent``; list exported copies
    of earlier revisions that relied on it too."""
    posts = _relying_posts(session, consent)
    items = [_withdraw(session, actor, post, consent, reason) for post in posts]
    # Copies of earlier revisions that relied on it may still sit in a scheduler or on a
    # channel even when the current revision no longer relies on it.
    listed = {p.id for p in posts}
    earlier = session.scalars(
        select(Post).join(ExportItem, ExportItem.post_id == Post.id)
        .join(RevisionConsent, RevisionConsent.revision_id == ExportItem.revision_id)
        .where(RevisionConsent.consent_id == consent.id).distinct().order_by(Post.id)).all()
    for post in earlier:
        if post.id not in listed:
            items.append(takedown_item(session, post, post.status))
            audit.record(session, actor, "post.takedown", post.display_id,
                         {"consent": consent.display_id, "reason": reason})
    return items


def apply_expiries(session: Session, actor: str, tz: ZoneInfo,
                   now: dt.datetime | None = None) -> list[TakedownItem]:
    """Withdraw posts relying on consents that have expired by ``now``; idempotent."""
    now = now or dt.datetime.now(dt.UTC)
    today = now.astimezone(tz).date()
    expired = session.scalars(
        select(Consent).where(Consent.expires_on < today)
        .where(exists().where(RevisionConsent.consent_id == Consent.id)
               .where(Post.current_revision_id == RevisionConsent.revision_id)
               .where(Post.status.in_(WITHDRAWABLE)))).all()
    items: list[TakedownItem] = []
    for consent in expired:
        items += withdraw_for_consent(session, actor, consent,
                                      f"consent {consent.display_id} expired on "
                                      f"{consent.expires_on}")
    return items
