"""Posts and their immutable revisions; reviews bind to a revision's digest."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from studio.models.base import Base, JSONText, UTCDateTime, display_id_column, enum_check, utcnow
from studio.models.enums import CHANNELS, POST_STATUSES, REVIEW_DECISIONS


class Post(Base):
    __tablename__ = "posts"
    __table_args__ = (CheckConstraint(enum_check("channel", CHANNELS), name="channel"),
                      CheckConstraint(enum_check("status", POST_STATUSES), name="status"),
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    display_id: Mapped[str] = display_id_column("P")
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id"), index=True)
    channel: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(24), default="draft", index=True)
    scheduled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    # Indexed: the expiry sweep and revocation go from a consent to the posts relying on it.
    current_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("post_revisions.id", use_alter=True), index=True)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class PostRevision(Base):
    """One version of a post's content; never updated (a trigger refuses it)."""

    __tablename__ = "post_revisions"
    __table_args__ = (UniqueConstraint("post_id", "number"),
                      CheckConstraint("length(digest) = 64", name="digest"))

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    hashtags: Mapped[list[str]] = mapped_column(JSONText, default=list)
    link: Mapped[str | None] = mapped_column(Text)
    consent_id: Mapped[int | None] = mapped_column(ForeignKey("consents.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    digest: Mapped[str] = mapped_column(String(64))
    media: Mapped[list[RevisionMedia]] = relationship(lazy="selectin",
                                                      order_by="RevisionMedia.position")


class RevisionMedia(Base):
    __tablename__ = "revision_media"

    revision_id: Mapped[int] = mapped_column(ForeignKey("post_revisions.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    media_id: Mapped[int] = mapped_column(ForeignKey("media.id"))
    media_sha256: Mapped[str] = mapped_column(String(64))
    crop: Mapped[dict[str, float] | None] = mapped_column(JSONText)
    alt_text: Mapped[str] = mapped_column(Text, default="")


class RevisionConsent(Base):
    """Every consent a revision relies on (the subject's and each depicted person's).

    Revocation and expiry follow these rows to find the posts they withdraw.
    """

    __tablename__ = "revision_consents"

    revision_id: Mapped[int] = mapped_column(ForeignKey("post_revisions.id"), primary_key=True)
    consent_id: Mapped[int] = mapped_column(ForeignKey("consents.id"), primary_key=True,
                                            index=True)


class Submission(Base):
    """An author's request for review of one revision, with the findings they answered."""

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("post_revisions.id"))
    revision_digest: Mapped[str] = mapped_column(String(64))
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    findings: Mapped[list[dict[str, object]]] = mapped_column(JSONText, default=list)
    justifications: Mapped[dict[str, str]] = mapped_column(JSONText, default=dict)


class Review(Base):
    """A reviewer's decision on one revision; an approval carries the e-signature."""

    __tablename__ = "reviews"
    __table_args__ = (CheckConstraint(enum_check("decision", REVIEW_DECISIONS), name="decision"),
                      CheckConstraint("decision <> 'approve' OR signature_meaning IS NOT NULL",
                                      name="approval_signed"))

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("post_revisions.id"))
    revision_digest: Mapped[str] = mapped_column(String(64))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[str] = mapped_column(String(24))
    comment: Mapped[str] = mapped_column(Text, default="")
    signed_name: Mapped[str | None] = mapped_column(String(200))
    signed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    signature_meaning: Mapped[str | None] = mapped_column(String(120))
    findings: Mapped[list[dict[str, object]]] = mapped_column(JSONText, default=list)
    justifications: Mapped[dict[str, str]] = mapped_column(JSONText, default=dict)
