"""Whether a post may leave the library now: the one rule every exporter asks.

Approved, the approval's digest equal to the current revision recomputed from what is stored
(media bytes included), and every consent relied on in force now and at the scheduled time.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from studio.library.vault import MediaVault
from studio.models import Post, PostRevision, Review
from studio.workflow.consent_state import in_force_now, relied_consents
from studio.workflow.revisions import changed_media, recompute_digest

EXPORTABLE = ("approved", "exported", "published")


def export_blocker(session: Session, post: Post, tz: ZoneInfo,
                   now: dt.datetime | None = None,
                   vault: MediaVault | None = None) -> str | None:
    """None when ``post`` may be exported; otherwise why not, in words.

    With ``vault`` the pictures' decrypted bytes are hashed too (exporters pass it: they
    decrypt the pictures anyway).
    """
    now = now or dt.datetime.now(dt.UTC)
    if post.status not in EXPORTABLE:
        return f"not approved (status {post.status.replace('_', ' ')})"
    revision = session.get_one(PostRevision, post.current_revision_id)
    approval = session.scalar(select(Review).where(Review.post_id == post.id,
                                                   Review.decision == "approve")
                              .order_by(Review.id.desc()).limit(1))
    if approval is None:
        return "no approval on record"
    digest = recompute_digest(session, post, revision)
    if approval.revision_digest != digest or revision.digest != digest:
        return "the approved content differs from the current revision"
    if vault is not None:
        changed = changed_media(session, vault, revision)
        if changed:
            return f"the stored bytes of {changed} differ from the approved picture"
    for consent in relied_consents(session, revision.id):
        if not in_force_now(session, consent, now, tz):
            return f"consent {consent.display_id} is not in force now"
        if post.scheduled_at and not in_force_now(session, consent, post.scheduled_at, tz):
            return (f"consent {consent.display_id} is not in force at the scheduled time "
                    f"{post.scheduled_at.astimezone(tz):%Y-%m-%d %H:%M}")
    return None
