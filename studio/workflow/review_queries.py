"""What a compliance officer reads before deciding: the queue and one post's review packet.

Read-only. The packet carries the findings and justifications exactly as they were recorded at
submission (the Submission row), the text of the revision to compare against, the consents the
revision relies on, and :func:`studio.workflow.review.why_not_review` for the signed-in person,
so the screen can explain a disabled Approve without deciding anything itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from studio.checks.base import PostDraft
from studio.checks.counting import composed_text
from studio.library.library import Library
from studio.models import Consent, Post, PostRevision, Review, RevisionConsent, Submission, User
from studio.workflow.consent_state import ConsentRow, consent_row
from studio.workflow.lookup import get_by_display_id
from studio.workflow.post_views import PostDetail, PostRow, post_detail, post_row
from studio.workflow.review import APPROVAL_MEANING, why_not_review


@dataclass(frozen=True)
class QueueRow:
    post: PostRow
    submitted_at: dt.datetime
    submitted_by: str


@dataclass(frozen=True)
class RecordedFinding:
    rule: str
    severity: str
    message: str
    field: str
    span: tuple[int, int] | None


@dataclass(frozen=True)
class ReviewPacket:
    detail: PostDetail
    text: str                           # the revision as published (text, hashtags, link)
    baseline_text: str | None           # what it is compared with, None for a first revision
    baseline_label: str                 # e.g. "last approved revision 2", "" when none
    submitted_at: dt.datetime | None
    submitted_by: str | None
    findings: tuple[RecordedFinding, ...]
    justifications: dict[str, str]
    consents: tuple[ConsentRow, ...]
    why_not: str | None                 # why the signed-in person may not review it now
    meaning: str = APPROVAL_MEANING
    signer_name: str = ""


def _latest_submission(session: Session, post_id: int) -> Submission | None:
    return session.scalar(select(Submission).where(Submission.post_id == post_id)
                          .order_by(Submission.id.desc()).limit(1))


def review_queue(lib: Library) -> list[QueueRow]:
    """Posts waiting for review, the longest-waiting first."""
    last = (select(Submission.post_id, func.max(Submission.id).label("sid"))
            .group_by(Submission.post_id).subquery())
    with lib.read() as session:
        rows = session.execute(
            select(Post, Submission).join(last, last.c.post_id == Post.id)
            .join(Submission, Submission.id == last.c.sid)
            .where(Post.status == "in_review").order_by(Submission.at, Post.id)).all()
        return [QueueRow(post_row(session, p), s.at,
                         session.get_one(User, s.submitted_by_id).username) for p, s in rows]


def published_text(revision: PostRevision, channel: str) -> str:
    return composed_text(PostDraft(channel, revision.text, tuple(revision.hashtags),
                                   revision.link))


def _baseline(session: Session, post: Post, current: PostRevision
              ) -> tuple[PostRevision | None, str]:
    """The last approved revision other than this one, else the one just before it."""
    approved = session.scalar(
        select(PostRevision).join(Review, Review.revision_id == PostRevision.id)
        .where(Review.post_id == post.id, Review.decision == "approve",
               PostRevision.id != current.id)
        .order_by(Review.id.desc()).limit(1))
    if approved is not None:
        return approved, f"last approved revision {approved.number}"
    previous = session.scalar(
        select(PostRevision).where(PostRevision.post_id == post.id,
                                   PostRevision.number < current.number)
        .order_by(PostRevision.number.desc()).limit(1))
    if previous is not None:
        return previous, f"previous revision {previous.number}"
    return None, ""


def _finding(raw: dict[str, object]) -> RecordedFinding:
    span = raw.get("span")
    pair = (int(span[0]), int(span[1])) if isinstance(span, list | tuple) and len(span) == 2 \
        else None
    return RecordedFinding(str(raw.get("rule", "")), str(raw.get("severity", "info")),
                           str(raw.get("message", "")), str(raw.get("field", "text")), pair)


def review_packet(lib: Library, post: str) -> ReviewPacket:
    with lib.read() as session:
        row = get_by_display_id(session, Post, post)
        current = session.get_one(PostRevision, row.current_revision_id)
        base, label = _baseline(session, row, current)
        submission = _latest_submission(session, row.id)
        if submission is not None and submission.revision_id != current.id:
            submission = None  # recorded for an older revision: not what is being reviewed
        consents = tuple(consent_row(session, c, lib.timezone) for c in session.scalars(
            select(Consent).join(RevisionConsent, RevisionConsent.consent_id == Consent.id)
            .where(RevisionConsent.revision_id == current.id).order_by(Consent.id)))
        submitter = (session.get_one(User, submission.submitted_by_id).username
                     if submission else None)
        return ReviewPacket(
            detail=post_detail(session, row), text=published_text(current, row.channel),
            baseline_text=published_text(base, row.channel) if base else None,
            baseline_label=label, submitted_at=submission.at if submission else None,
            submitted_by=submitter,
            findings=tuple(_finding(f) for f in (submission.findings if submission else [])),
            justifications=dict(submission.justifications) if submission else {},
            consents=consents, why_not=why_not_review(lib, session, row),
            signer_name=lib.actor.display_name)
