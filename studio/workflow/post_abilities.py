"""May the signed-in person save or submit this post now? For the composer's buttons.

Read-only, and built from the same facts the changes check: the role (and a read-only open)
through :func:`studio.workflow.abilities.why_not_do`, the states
:func:`studio.workflow.review.submit_post` accepts, and the withdrawn state
:func:`studio.workflow.posts.edit_post` refuses.
"""

from __future__ import annotations

from studio.library.library import Library
from studio.models import Post
from studio.workflow.abilities import why_not_do
from studio.workflow.lookup import get_by_display_id
from studio.workflow.review import SUBMITTABLE


def why_not_save(lib: Library, post: str | None) -> str | None:
    """Why the composer may not save (a new draft when ``post`` is None, else an edit)."""
    reason = why_not_do(lib, "post.draft" if post is None else "post.edit")
    if reason is not None or post is None:
        return reason
    with lib.read() as session:
        row = get_by_display_id(session, Post, post)
        if row.status == "withdrawn":
            return f"{row.display_id} was withdrawn ({row.withdrawn_reason}); it cannot be edited"
    return None


def why_not_submit(lib: Library, post: str | None) -> str | None:
    """Why the composer may not submit; a new post (None) is saved first, then submitted."""
    reason = why_not_do(lib, "post.submit")
    if reason is not None or post is None:
        return reason
    with lib.read() as session:
        row = get_by_display_id(session, Post, post)
        if row.status not in SUBMITTABLE:
            return (f"{row.display_id} is {row.status.replace('_', ' ')}; only a draft or a post "
                    "with changes requested can be submitted")
    return None
