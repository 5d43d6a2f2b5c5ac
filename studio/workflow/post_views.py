"""What lists and detail views show of a post: small frozen rows, built in one place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from studio.models import Consent, MediaAsset, Post, PostRevision, Review, Story, User
from studio.models.posts import RevisionConsent


@dataclass(frozen=True)
class PostRow:
    display_id: str
    story: str
    channel: str
    title: str
    status: str
    scheduled_at: dt.datetime | None
    revision: int
    digest: str
    author: str


@dataclass(frozen=True)
class ReviewRow:
    decision: str
    reviewer: str
    signed_name: str | None
    signed_at: dt.datetime
    meaning: str | None
    revision_digest: str
    comment: str


@dataclass(frozen=True)
class PostDetail:
    row: PostRow
    text: str
    hashtags: tuple[str, ...]
    link: str | None
    media: tuple[tuple[str, str], ...]          # (M-n, alt text)
    consents: tuple[str, ...]                   # C-n relied on
    reviews: tuple[ReviewRow, ...]
    withdrawn_reason: str | None
    # each picture's crop, in the order of ``media``: fractions (x, y, w, h) or None (whole)
    crops: tuple[tuple[float, float, float, float] | None, ...] = ()


def post_row(session: Session, post: Post) -> PostRow:
    revision = session.get_one(PostRevision, post.current_revision_id)
    story = session.get_one(Story, post.story_id)
    author = session.get_one(User, revision.author_id)
    return PostRow(post.display_id, story.display_id, post.channel, post.title, post.status,
                   post.scheduled_at, revision.number, revision.digest, author.username)


def post_rows(session: Session, ids: list[int]) -> list[PostRow]:
    """The rows of the posts ``ids``, in that order, in one query.

    What lists use: :func:`post_row` per post costs five ORM loads, and a list of 1,000 posts
    took seconds (bench/scale.py).
    """
    if not ids:
        return []
    found = {r.id: PostRow(r.display_id, r.story, r.channel, r.title, r.status,
                           r.scheduled_at, r.number, r.digest, r.author)
             for r in session.execute(
                 select(Post.id, Post.display_id, Story.display_id.label("story"),
                        Post.channel, Post.title, Post.status, Post.scheduled_at,
                        PostRevision.number, PostRevision.digest,
                        User.username.label("author"))
                 .join(PostRevision, PostRevision.id == Post.current_revision_id)
                 .join(Story, Story.id == Post.story_id)
                 .join(User, User.id == PostRevision.author_id)
                 .where(Post.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def review_rows(session: Session, post: Post) -> tuple[ReviewRow, ...]:
    rows = []
    for review in session.scalars(select(Review).where(Review.post_id == post.id)
                                  .order_by(Review.id)):
        reviewer = session.get_one(User, review.reviewer_id)
        rows.append(ReviewRow(review.decision, reviewer.username, review.signed_name,
                              review.signed_at, review.signature_meaning,
                              review.revision_digest, review.comment))
    return tuple(rows)


def post_detail(session: Session, post: Post) -> PostDetail:
    revision = session.get_one(PostRevision, post.current_revision_id)
    media = tuple((session.get_one(MediaAsset, m.media_id).display_id, m.alt_text)
                  for m in revision.media)
    consents = tuple(session.scalars(
        select(Consent.display_id).join(RevisionConsent,
                                        RevisionConsent.consent_id == Consent.id)
        .where(RevisionConsent.revision_id == revision.id).order_by(Consent.id)))
    return PostDetail(post_row(session, post), revision.text, tuple(revision.hashtags),
                      revision.link, media, consents, review_rows(session, post),
                      post.withdrawn_reason,
                      tuple(tuple(m.crop[k] for k in "xywh") if m.crop else None  # type: ignore[misc]
                            for m in revision.media))
