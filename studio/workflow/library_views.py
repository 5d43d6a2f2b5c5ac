"""Read-only views the desktop screens need: a story with everything around it, the subjects
and media of the library, and which consent governs a subject now.

Queries only: nothing here changes the library or decides what someone may do. The consent
badge reuses :mod:`studio.workflow.consent_status`, the rule the story list filters by, so the
badge and the list cannot disagree about a story's consent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from studio.library.library import Library
from studio.models import Consent, MediaAsset, Post, Story, Subject
from studio.workflow.consent_state import status_of
from studio.workflow.consent_status import NONE, ConsentClock, governing_order
from studio.workflow.lookup import get_by_display_id
from studio.workflow.media import MediaRow
from studio.workflow.post_views import PostRow, post_row
from studio.workflow.stories import StoryDetail, show_story
from studio.workflow.subjects import SubjectRow


@dataclass(frozen=True)
class ConsentBadge:
    """The consent that governs a subject now, as a badge shows it."""

    status: str                   # active, expiring, expired, revoked, superseded, pending, none
    reason: str                   # the status in a sentence
    consent: str | None           # C-n, None when no consent was ever recorded
    channels: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoryOverview:
    detail: StoryDetail
    badge: ConsentBadge
    media: tuple[MediaRow, ...]
    posts: tuple[PostRow, ...]


@dataclass(frozen=True)
class MediaListRow:
    media: MediaRow
    story: str | None             # S-n, None for signatures and signed forms
    original_name: str
    created_at: dt.datetime


NO_CONSENT = "no consent recorded; record one before drafting posts"


def consent_badge(session: Session, subject_id: int, tz: ZoneInfo,
                  now: dt.datetime | None = None) -> ConsentBadge:
    """The consent in force now (the one drafting relies on), else the newest one there is:
    the order :func:`governing_order` defines, the same the story list's consent filter uses."""
    clock = ConsentClock.at(tz, now)
    current = session.scalar(select(Consent).where(Consent.subject_id == subject_id)
                             .order_by(*governing_order(Consent, clock)).limit(1))
    if current is None:
        return ConsentBadge(NONE, NO_CONSENT, None)
    status, reason = status_of(session, current, tz, clock.now)
    return ConsentBadge(status, reason, current.display_id, tuple(current.channels),
                        tuple(current.uses))


def media_row(asset: MediaAsset) -> MediaRow:
    return MediaRow(asset.display_id, asset.kind, asset.mime, asset.width, asset.height,
                    asset.byte_size, asset.sha256, asset.alt_text)


def story_overview(lib: Library, story: str) -> StoryOverview:
    """The story, its subject's consent badge, its media (oldest first) and its posts."""
    detail = show_story(lib, story)
    with lib.read() as session:
        row = get_by_display_id(session, Story, story)
        badge = consent_badge(session, row.subject_id, lib.timezone)
        media = tuple(media_row(a) for a in session.scalars(
            select(MediaAsset).where(MediaAsset.story_id == row.id).order_by(MediaAsset.id)))
        posts = tuple(post_row(session, p) for p in session.scalars(
            select(Post).where(Post.story_id == row.id).order_by(Post.id)))
    return StoryOverview(detail, badge, media, posts)


def subject_badge(lib: Library, subject: str) -> ConsentBadge:
    with lib.read() as session:
        person = get_by_display_id(session, Subject, subject)
        return consent_badge(session, person.id, lib.timezone)


def list_subjects(lib: Library, *, limit: int = 5000) -> list[SubjectRow]:
    """Subjects by name, for pickers (the consent wizard's "who is this about")."""
    with lib.read() as session:
        return [SubjectRow(s.display_id, s.name, s.first_name, s.date_of_birth)
                for s in session.scalars(select(Subject).order_by(Subject.name, Subject.id)
                                         .limit(limit))]


def subject_of_story(lib: Library, story: str) -> SubjectRow:
    with lib.read() as session:
        s = session.get_one(Subject, get_by_display_id(session, Story, story).subject_id)
        return SubjectRow(s.display_id, s.name, s.first_name, s.date_of_birth)


def list_media(lib: Library, *, limit: int = 1000, offset: int = 0) -> list[MediaListRow]:
    """Every stored item, newest first (pictures, signatures, signed forms)."""
    with lib.read() as session:
        return [MediaListRow(media_row(a), f"S-{a.story_id}" if a.story_id else None,
                             a.original_name, a.created_at)
                for a in session.scalars(select(MediaAsset).order_by(MediaAsset.id.desc())
                                         .limit(limit).offset(offset))]
