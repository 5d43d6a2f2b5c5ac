"""Which posts an export may carry, as read-only snapshots, and why the others may not.

Every post in the range is asked :func:`export_blocker`; the ones it clears are copied into
:class:`ExportPost` records (the approved revision only) for the exporters, the rest go to the
blocked report with the reason. Posts withdrawn after an earlier export are listed apart, so a
calendar can cancel them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from studio.channels import channel as channel_spec
from studio.checks.base import PostDraft
from studio.checks.counting import composed_text
from studio.errors import BadInput
from studio.exporters.ics import post_uid
from studio.exporters.model import CancelledPost, ExportImage, ExportPost
from studio.models import (
    AuditEvent,
    Campaign,
    ExportItem,
    MediaAsset,
    Post,
    PostRevision,
    Review,
)
from studio.workflow.consent_state import in_force_now, relied_consents
from studio.workflow.export_gate import export_blocker


@dataclass(frozen=True)
class Blocked:
    post: str
    channel: str
    scheduled_at: dt.datetime | None
    reason: str


@dataclass
class Selection:
    ready: list[ExportPost] = field(default_factory=list)
    blocked: list[Blocked] = field(default_factory=list)
    cancelled: list[CancelledPost] = field(default_factory=list)


def check_range(date_from: dt.date | None, date_to: dt.date | None) -> None:
    if date_from and date_to and date_to < date_from:
        raise BadInput(f"the last day {date_to} (--to) is before the first day {date_from} "
                       "(--from)")


def _in_range(date_from: dt.date | None, date_to: dt.date | None,
              channels: Sequence[str] | None, tz: ZoneInfo) -> Select[Post]:
    """Posts scheduled in the range (library days, inclusive); no range: every post."""
    query = select(Post).order_by(Post.scheduled_at.is_(None), Post.scheduled_at, Post.id)
    if date_from is not None:
        query = query.where(Post.scheduled_at >= dt.datetime.combine(date_from, dt.time(), tz))
    if date_to is not None:
        end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(), tz)
        query = query.where(Post.scheduled_at < end)
    if channels:
        query = query.where(Post.channel.in_([channel_spec(c).name for c in channels]))
    return query


def _sequences(session: Session) -> dict[str, int]:
    """Changes per post (content edits and reschedules), from the append-only audit log."""
    rows = session.execute(select(AuditEvent.entity, func.count())
                           .where(AuditEvent.action == "post.edit")
                           .group_by(AuditEvent.entity))
    return {entity: count for entity, count in rows}


def snapshot(session: Session, post: Post, library_id: str, sequence: int) -> ExportPost:
    revision = session.get_one(PostRevision, post.current_revision_id)
    approval = session.scalar(select(Review).where(Review.post_id == post.id,
                                                   Review.decision == "approve")
                              .order_by(Review.id.desc()).limit(1))
    campaign = session.get(Campaign, post.campaign_id) if post.campaign_id else None
    images = []
    for item in revision.media:
        asset = session.get_one(MediaAsset, item.media_id)
        crop = tuple(item.crop[k] for k in "xywh") if item.crop else None
        images.append(ExportImage(asset.display_id, asset.blob_name, crop,  # type: ignore[arg-type]
                                  item.alt_text, item.media_sha256, asset.width or 0,
                                  asset.height or 0))
    draft = PostDraft(post.channel, revision.text, tuple(revision.hashtags), revision.link)
    return ExportPost(
        post_id=post.id, display_id=post.display_id, channel=post.channel, title=post.title,
        status=post.status, text=revision.text, hashtags=tuple(revision.hashtags),
        link=revision.link, composed=composed_text(draft), scheduled_at=post.scheduled_at,
        campaign=campaign.name if campaign else None, revision=revision.number,
        revision_id=revision.id, digest=revision.digest, uid=post_uid(library_id, post.id),
        sequence=sequence, approved_by=approval.signed_name if approval else None,
        approved_at=approval.signed_at if approval else None, images=tuple(images))


def select_posts(session: Session, library_id: str, tz: ZoneInfo, now: dt.datetime, *,
                 date_from: dt.date | None = None, date_to: dt.date | None = None,
                 channels: Sequence[str] | None = None) -> Selection:
    sel = Selection()
    sequences = _sequences(session)
    exported_before = set(session.scalars(select(ExportItem.post_id).distinct()))
    for post in session.scalars(_in_range(date_from, date_to, channels, tz)):
        changes = sequences.get(post.display_id, 0)
        if post.status == "withdrawn":
            sel.blocked.append(Blocked(post.display_id, post.channel, post.scheduled_at,
                                       f"withdrawn ({post.withdrawn_reason})"))
            if post.id in exported_before and post.scheduled_at is not None:
                sel.cancelled.append(CancelledPost(post.display_id, post.channel,
                                                   post_uid(library_id, post.id),
                                                   changes + 1, post.scheduled_at))
            continue
        reason = export_blocker(session, post, tz, now)
        if reason is not None:
            sel.blocked.append(Blocked(post.display_id, post.channel, post.scheduled_at,
                                       reason))
        else:
            sel.ready.append(snapshot(session, post, library_id, changes))
    return sel


def consent_gap(session: Session, revision_id: int, moment: dt.datetime,
                tz: ZoneInfo) -> str | None:
    """Why a consent the revision relies on is not in force at ``moment`` (a moved time)."""
    for consent in relied_consents(session, revision_id):
        if not in_force_now(session, consent, moment, tz):
            return (f"consent {consent.display_id} is not in force at the scheduler's time "
                    f"{moment.astimezone(tz):%Y-%m-%d %H:%M}")
    return None


def still_exportable(session: Session, posts: Sequence[ExportPost], tz: ZoneInfo,
                     now: dt.datetime) -> dict[str, str]:
    """Re-ask the gate inside the recording transaction: what changed while files were made."""
    late = {}
    for snap in posts:
        post = session.get_one(Post, snap.post_id)
        reason = export_blocker(session, post, tz, now)
        if reason is None and post.current_revision_id != snap.revision_id:
            reason = "the post changed while the export was being written"
        if reason is not None:
            late[snap.display_id] = reason
    return late
