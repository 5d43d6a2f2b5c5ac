"""Posts: drafting and editing, gated by consent; every content change is a new revision.

The gate: nobody drafts or edits a post unless the story's subject has a consent in force now
that covers the post's channel, and every person shown in its media has one covering the
channel and photo/video use. Any content edit after approval voids the approval.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from studio.channels import channel as channel_spec
from studio.errors import BadInput, RuleRefused
from studio.library import audit
from studio.library.library import Library
from studio.models import MediaAsset, Post, PostRevision, RevisionConsent, RevisionMedia, Story
from studio.models.enums import POST_STATUSES
from studio.workflow.access import require
from studio.workflow.consent_state import active_consent, in_force_now, relied_consents
from studio.workflow.crops import shape_problem
from studio.workflow.lookup import get_by_display_id
from studio.workflow.post_views import PostRow, post_row, post_rows
from studio.workflow.revisions import digest_of, revision_payload
from studio.workflow.text import clean_text

MAX_POST_TEXT = 100_000
_UNSET: Any = object()


@dataclass(frozen=True)
class MediaChoice:
    """One picture in a post: which asset, its crop for this channel, its alt text here."""

    media: str                                          # M-n
    crop: tuple[float, float, float, float] | None = None
    alt_text: str | None = None                         # None: the asset's own alt text


def _clean_hashtags(tags: list[str] | tuple[str, ...]) -> list[str]:
    out = []
    for tag in tags:
        t = clean_text(tag, what="hashtag", max_len=140, single_line=True).lstrip("#")
        if not t:
            continue
        if any(c.isspace() for c in t):
            raise BadInput(f"hashtag {tag!r}: must not contain spaces")
        out.append(t)
    return out


def _clean_link(link: str | None) -> str | None:
    if not link:
        return None
    link = clean_text(link, what="--link", max_len=2048, single_line=True)
    if not link.startswith(("https://", "http://")):
        raise BadInput(f"--link: {link!r} must start with https://")
    return link


def _check_crop(crop: tuple[float, float, float, float] | None) -> None:
    if crop is None:
        return
    x, y, w, h = crop
    if not (0 <= x < 1 and 0 <= y < 1 and 0 < w <= 1 - x + 1e-9 and 0 < h <= 1 - y + 1e-9):
        raise BadInput(f"crop {crop}: x, y, width, height must be fractions inside the image")


def gate(session: Session, lib: Library, story: Story, channel: str,
         assets: list[MediaAsset]) -> list[int]:
    """Refuse unless consent covers the channel now; return the ids of consents relied on."""
    now = dt.datetime.now(dt.UTC)
    consent = active_consent(session, story.subject_id, now, lib.timezone, channel)
    if consent is None:
        any_consent = active_consent(session, story.subject_id, now, lib.timezone)
        detail = (f"{any_consent.display_id} covers {', '.join(any_consent.channels)} only"
                  if any_consent else "there is no consent in force")
        raise RuleRefused(f"consent.scope: PT-{story.subject_id} has no consent in force that "
                          f"covers {channel} ({detail}); record a consent first")
    relied = {consent.id}
    for asset in assets:
        use = "video" if asset.mime.startswith("video/") else "photo"
        for person in asset.depictions:
            c = active_consent(session, person.subject_id, now, lib.timezone, channel)
            if c is None or use not in c.uses:
                raise RuleRefused(
                    f"consent.depicted: PT-{person.subject_id} is shown in {asset.display_id} "
                    f"but has no consent in force covering {channel} and {use} use")
            relied.add(c.id)
    return sorted(relied)


def _media_rows(session: Session, story: Story, choices: list[MediaChoice],
                channel: str) -> list[tuple[MediaAsset, MediaChoice]]:
    spec = channel_spec(channel)
    rows = []
    for choice in choices:
        asset = get_by_display_id(session, MediaAsset, choice.media)
        if asset.kind != "image":
            raise BadInput(f"{asset.display_id} is a document, not a picture for a post")
        if asset.story_id != story.id:
            raise RuleRefused(f"media.story: {asset.display_id} belongs to another story")
        _check_crop(choice.crop)
        problem = shape_problem(spec, asset.display_id, choice.crop, asset.width or 0,
                                asset.height or 0)
        if problem is not None:
            raise RuleRefused(problem)
        rows.append((asset, choice))
    if len(rows) > spec.max_images:
        raise RuleRefused(f"channel.images: {spec.label} takes at most {spec.max_images} images")
    return rows


def _new_revision(session: Session, lib: Library, post: Post, text: str, hashtags: list[str],
                  link: str | None, media: list[tuple[MediaAsset, MediaChoice]],
                  relied: list[int]) -> PostRevision:
    number = (session.scalar(select(func.max(PostRevision.number))
                             .where(PostRevision.post_id == post.id)) or 0) + 1
    items = [{"id": a.display_id, "sha256": a.sha256,
              "crop": list(c.crop) if c.crop else None,
              "alt_text": c.alt_text if c.alt_text is not None else a.alt_text}
             for a, c in media]
    for item in items:
        item["alt_text"] = clean_text(str(item["alt_text"] or ""), what="alt text",
                                      max_len=5000, single_line=True)
    digest = digest_of(revision_payload(post, number, text, hashtags, link, items))
    revision = PostRevision(post_id=post.id, number=number, text=text, hashtags=hashtags,
                            link=link, consent_id=relied[0], author_id=lib.actor.id,
                            digest=digest)
    revision.media = [RevisionMedia(position=i, media_id=a.id, media_sha256=a.sha256,
                                    crop=dict(zip("xywh", c.crop, strict=True)) if c.crop
                                    else None, alt_text=items[i]["alt_text"])
                      for i, (a, c) in enumerate(media)]
    session.add(revision)
    session.flush()
    session.add_all([RevisionConsent(revision_id=revision.id, consent_id=c) for c in relied])
    post.current_revision_id = revision.id
    session.flush()
    return revision


def draft_post(lib: Library, story: str, channel: str, text: str, *,
               hashtags: list[str] | tuple[str, ...] = (), link: str | None = None,
               media: list[MediaChoice] | tuple[MediaChoice, ...] = (),
               scheduled_at: dt.datetime | None = None, title: str = "") -> PostRow:
    require(lib.actor, "post.draft")
    spec = channel_spec(channel)
    text = clean_text(text, what="post text", max_len=MAX_POST_TEXT)
    if not text:
        raise BadInput("post text: must not be empty")
    tags, url = _clean_hashtags(list(hashtags)), _clean_link(link)
    _check_schedule(scheduled_at)
    with lib.write() as session:
        row = get_by_display_id(session, Story, story)
        chosen = _media_rows(session, row, list(media), spec.name)
        relied = gate(session, lib, row, spec.name, [a for a, _ in chosen])
        post = Post(story_id=row.id, channel=spec.name,
                    title=clean_text(title or row.title, what="title", max_len=300,
                                     single_line=True),
                    scheduled_at=scheduled_at, created_by_id=lib.actor.id)
        session.add(post)
        session.flush()
        session.refresh(post)
        revision = _new_revision(session, lib, post, text, tags, url, chosen, relied)
        audit.record(session, lib.actor.username, "post.draft", post.display_id,
                     {"story": row.display_id, "channel": spec.name, "revision": 1,
                      "digest": revision.digest,
                      "scheduled_at": scheduled_at.isoformat() if scheduled_at else None})
        return post_row(session, post)


def _check_schedule(moment: dt.datetime | None) -> None:
    if moment is None:
        return
    if moment.tzinfo is None:
        raise BadInput("the scheduled time needs a time zone")
    if moment < dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5):
        raise BadInput(f"the scheduled time {moment.isoformat(timespec='minutes')} is in the "
                       "past")


def edit_post(lib: Library, post: str, *, text: str | None = None,
              hashtags: list[str] | None = None, link: Any = _UNSET,
              media: list[MediaChoice] | None = None,
              scheduled_at: Any = _UNSET) -> PostRow:
    """Change content (a new revision; voids any approval) and/or the schedule."""
    require(lib.actor, "post.edit")
    if scheduled_at is not _UNSET:
        _check_schedule(scheduled_at)
    with lib.write() as session:
        row = get_by_display_id(session, Post, post)
        if row.status == "withdrawn":
            raise RuleRefused(f"post.withdrawn: {row.display_id} was withdrawn "
                              f"({row.withdrawn_reason}); it cannot be edited")
        current = session.get_one(PostRevision, row.current_revision_id)
        story = session.get_one(Story, row.story_id)
        new_text = clean_text(text, what="post text", max_len=MAX_POST_TEXT) \
            if text is not None else current.text
        if not new_text:
            raise BadInput("post text: must not be empty")
        new_tags = _clean_hashtags(hashtags) if hashtags is not None else list(current.hashtags)
        new_link = _clean_link(link) if link is not _UNSET else current.link
        choices = media if media is not None else [
            MediaChoice(f"M-{m.media_id}", tuple(m.crop[k] for k in "xywh") if m.crop  # type: ignore[arg-type]
                        else None, m.alt_text) for m in current.media]
        chosen = _media_rows(session, story, list(choices), row.channel)
        relied = gate(session, lib, story, row.channel, [a for a, _ in chosen])
        old_media = [(m.media_id, m.crop, m.alt_text) for m in current.media]
        new_media = [(a.id, dict(zip("xywh", c.crop, strict=True)) if c.crop else None,
                      c.alt_text if c.alt_text is not None else a.alt_text)
                     for a, c in chosen]
        content_changed = (new_text, new_tags, new_link, new_media) != (
            current.text, list(current.hashtags), current.link, old_media)
        details: dict[str, Any] = {}
        if content_changed:
            revision = _new_revision(session, lib, row, new_text, new_tags, new_link, chosen,
                                     relied)
            details.update(revision=revision.number, digest=revision.digest)
            if row.status != "draft":
                details["voided"] = row.status
                row.status = "draft"
        if scheduled_at is not _UNSET and scheduled_at != row.scheduled_at:
            details["scheduled_at"] = scheduled_at.isoformat() if scheduled_at else None
            row.scheduled_at = scheduled_at
            if row.status in ("approved", "exported") and not _approval_survives(
                    session, lib, row):
                details["voided"] = row.status
                row.status = "draft"
        if not details:
            raise BadInput("nothing to change: give new text, hashtags, link, media or time")
        audit.record(session, lib.actor.username, "post.edit", row.display_id, details)
        return post_row(session, row)


def _approval_survives(session: Session, lib: Library, post: Post) -> bool:
    """After a reschedule: every consent relied on must still be in force at the new time."""
    moment = post.scheduled_at or dt.datetime.now(dt.UTC)
    assert post.current_revision_id is not None
    return all(in_force_now(session, c, moment, lib.timezone)
               for c in relied_consents(session, post.current_revision_id))


def list_posts(lib: Library, *, status: str | None = None, channel: str | None = None,
               limit: int = 200) -> list[PostRow]:
    if status and status not in POST_STATUSES:
        raise BadInput(f"--status: {status!r}; choose from {', '.join(POST_STATUSES)}")
    query = select(Post.id).order_by(Post.scheduled_at.is_(None), Post.scheduled_at, Post.id)
    if status:
        query = query.where(Post.status == status)
    if channel:
        query = query.where(Post.channel == channel_spec(channel).name)
    with lib.read() as session:
        return post_rows(session, list(session.scalars(query.limit(limit))))
