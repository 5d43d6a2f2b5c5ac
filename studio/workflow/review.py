"""Review: submit (checks gate it), then a compliance officer's signed decision.

An approval is an electronic signature: the reviewer re-enters their password, and the review
records the printed name, the time and the meaning, bound to the SHA-256 of the exact revision
and its media. The author of a revision can never review it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from studio.checks import run_checks
from studio.checks.base import Finding, PostDraft
from studio.errors import BadInput, RuleRefused
from studio.library import audit
from studio.library.library import Library
from studio.models import MediaAsset, Post, PostRevision, Review, Story, Submission
from studio.workflow.access import require, why_not
from studio.workflow.check_context import build_context, media_info
from studio.workflow.lookup import get_by_display_id
from studio.workflow.post_views import PostRow, post_row
from studio.workflow.revisions import changed_media, recompute_digest
from studio.workflow.text import clean_text

APPROVAL_MEANING = "approved for publication"
SUBMITTABLE = ("draft", "changes_requested")


@dataclass(frozen=True)
class SubmitResult:
    post: PostRow
    findings: tuple[Finding, ...]


def revision_findings(session: Session, lib: Library, post: Post,
                      now: dt.datetime | None = None) -> tuple[PostRevision, list[Finding]]:
    """Run every check on the post's current revision as it would be published."""
    revision = session.get_one(PostRevision, post.current_revision_id)
    story = session.get_one(Story, post.story_id)
    media = tuple(media_info(session.get_one(MediaAsset, m.media_id), m.alt_text,
                             tuple(m.crop[k] for k in "xywh") if m.crop else None)  # type: ignore[arg-type]
                  for m in revision.media)
    draft = PostDraft(post.channel, revision.text, tuple(revision.hashtags), revision.link,
                      media, post.scheduled_at, title=post.title)
    context = build_context(session, story, draft, lib.timezone, now)
    return revision, run_checks(context)


def check_post(lib: Library, post: str) -> tuple[PostRow, str, list[Finding]]:
    with lib.read() as session:
        row = get_by_display_id(session, Post, post)
        revision, findings = revision_findings(session, lib, row)
        return post_row(session, row), revision.text, findings


def _blocking(findings: list[Finding], justifications: dict[str, str]) -> str | None:
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        lines = "; ".join(f"{f.rule}: {f.message}" for f in errors[:5])
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        return f"{len(errors)} error(s) must be fixed first: {lines}{more}"
    unanswered = sorted({f.rule for f in findings if f.severity == "warning"}
                        - set(justifications))
    if unanswered:
        return ("warnings need a written justification: "
                + ", ".join(f"--justify {r}=TEXT" for r in unanswered))
    return None


def submit_post(lib: Library, post: str,
                justifications: dict[str, str] | None = None) -> SubmitResult:
    require(lib.actor, "post.submit")
    answers = {k.strip(): clean_text(v, what=f"--justify {k}", max_len=2000)
               for k, v in (justifications or {}).items()}
    for rule, text in answers.items():
        if not text:
            raise BadInput(f"--justify {rule}=TEXT: the justification is empty")
    with lib.write() as session:
        row = get_by_display_id(session, Post, post)
        if row.status not in SUBMITTABLE:
            raise RuleRefused(f"post.state: {row.display_id} is {row.status}; only a draft or "
                              "a post with changes requested can be submitted")
        revision, findings = revision_findings(session, lib, row)
        problem = _blocking(findings, answers)
        if problem:
            raise RuleRefused(f"submit refused for {row.display_id}: {problem}")
        used = {f.rule for f in findings if f.severity == "warning"}
        session.add(Submission(post_id=row.id, revision_id=revision.id,
                               revision_digest=revision.digest, submitted_by_id=lib.actor.id,
                               findings=[_finding_dict(f) for f in findings],
                               justifications={k: v for k, v in answers.items() if k in used}))
        row.status = "in_review"
        audit.record(session, lib.actor.username, "post.submit", row.display_id,
                     {"revision": revision.number, "digest": revision.digest,
                      "warnings": sorted(used)})
        return SubmitResult(post_row(session, row), tuple(findings))


def _finding_dict(f: Finding) -> dict[str, object]:
    return {"rule": f.rule, "severity": f.severity, "message": f.message, "field": f.field,
            "span": list(f.span) if f.span else None}


def why_not_review(lib: Library, session: Session, post: Post) -> str | None:
    """The reason ``lib.actor`` may not review ``post`` now (the UI shows it), or None."""
    role = why_not(lib.actor, "post.review")
    if role:
        return role
    if post.status != "in_review":
        return f"{post.display_id} is {post.status}, not waiting for review"
    last_approved = session.scalar(
        select(func.max(PostRevision.number)).join(Review, Review.revision_id == PostRevision.id)
        .where(Review.post_id == post.id, Review.decision == "approve")) or 0
    mine = session.scalars(select(PostRevision.number).where(
        PostRevision.post_id == post.id, PostRevision.number > last_approved,
        PostRevision.author_id == lib.actor.id)).all()
    if mine:
        return (f"review.self: you wrote revision {max(mine)} of {post.display_id} (since its "
                "last approval); another compliance officer must review it")
    submission = session.scalar(select(Submission).where(Submission.post_id == post.id)
                                .order_by(Submission.id.desc()).limit(1))
    if submission is not None and submission.submitted_by_id == lib.actor.id:
        return (f"review.self: you submitted {post.display_id} for review; another compliance "
                "officer must review it")
    return None


def _start_review(lib: Library, session: Session, post: str) -> tuple[Post, PostRevision]:
    require(lib.actor, "post.review")  # the role first: AuthError, exit 3
    row = get_by_display_id(session, Post, post)
    reason = why_not_review(lib, session, row)
    if reason:
        raise RuleRefused(reason)
    return row, session.get_one(PostRevision, row.current_revision_id)


def approve_post(lib: Library, post: str, password: str, comment: str = "") -> PostRow:
    """The e-signature: password re-entered, meaning stated, bound to the revision digest."""
    require(lib.actor, "post.review")
    lib.slots.unlock(lib.actor.username, password)  # AuthError (exit 3) when wrong
    comment = clean_text(comment, what="--comment", max_len=4000)
    with lib.write() as session:
        row, revision = _start_review(lib, session, post)
        digest = recompute_digest(session, row, revision)
        changed = changed_media(session, lib.vault, revision)
        if digest != revision.digest or changed:
            raise RuleRefused(f"review.digest: {row.display_id}'s content or media "
                              f"{'(' + changed + ') ' if changed else ''}changed after it was "
                              "written; it cannot be approved")
        _, findings = revision_findings(session, lib, row)
        errors = [f for f in findings if f.severity == "error"]
        if errors:
            raise RuleRefused(f"approval refused for {row.display_id}: {errors[0].rule}: "
                              f"{errors[0].message}")
        submission = session.scalar(select(Submission).where(Submission.post_id == row.id)
                                    .order_by(Submission.id.desc()).limit(1))
        signed_at = dt.datetime.now(dt.UTC)
        session.add(Review(post_id=row.id, revision_id=revision.id, revision_digest=digest,
                           reviewer_id=lib.actor.id, decision="approve", comment=comment,
                           signed_name=lib.actor.display_name, signed_at=signed_at,
                           signature_meaning=APPROVAL_MEANING,
                           findings=[_finding_dict(f) for f in findings],
                           justifications=submission.justifications if submission else {}))
        row.status = "approved"
        audit.record(session, lib.actor.username, "post.approve", row.display_id,
                     {"revision": revision.number, "digest": digest,
                      "signed_name": lib.actor.display_name, "meaning": APPROVAL_MEANING,
                      "signed_at": signed_at.isoformat()})
        return post_row(session, row)


def _decide(lib: Library, post: str, decision: str, comment: str, status: str) -> PostRow:
    require(lib.actor, "post.review")
    comment = clean_text(comment, what="--comment", max_len=4000)
    if not comment:
        raise BadInput("--comment: say what must change or why it is rejected")
    with lib.write() as session:
        row, revision = _start_review(lib, session, post)
        session.add(Review(post_id=row.id, revision_id=revision.id,
                           revision_digest=revision.digest, reviewer_id=lib.actor.id,
                           decision=decision, comment=comment))
        row.status = status
        audit.record(session, lib.actor.username, f"post.{decision}", row.display_id,
                     {"revision": revision.number, "digest": revision.digest})
        return post_row(session, row)


def request_changes(lib: Library, post: str, comment: str) -> PostRow:
    return _decide(lib, post, "request_changes", comment, "changes_requested")


def reject_post(lib: Library, post: str, comment: str) -> PostRow:
    return _decide(lib, post, "reject", comment, "rejected")


def check_text(channel: str, text: str) -> list[Finding]:
    """Checks on bare text for a channel (no story, so consent rules say they were skipped)."""
    from studio.channels import channel as channel_spec
    from studio.checks.base import CheckContext

    spec = channel_spec(channel)
    return run_checks(CheckContext(post=PostDraft(spec.name, text), channel=spec))
