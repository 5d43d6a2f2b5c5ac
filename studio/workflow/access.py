"""Who may do what: every workflow function asks here, and the UI asks the same questions."""

from __future__ import annotations

from studio.errors import AuthError
from studio.library.library import Actor

ROLE_FOR_ACTION: dict[str, tuple[str, ...]] = {
    "user.manage": ("admin",),
    "subject.add": ("author",),
    "subject.edit": ("author",),
    "story.add": ("author",),
    "story.edit": ("author",),
    "media.add": ("author",),
    "consent.add": ("author",),
    # A revocation may reach anyone; whoever receives it must be able to record it at once.
    "consent.revoke": ("author", "compliance"),
    "post.draft": ("author",),
    "post.edit": ("author",),
    "post.submit": ("author",),
    "post.review": ("compliance",),
    "export.run": ("author", "compliance"),
}


def why_not(actor: Actor, action: str) -> str | None:
    """None when ``actor`` may do ``action``; otherwise the reason, in words."""
    roles = ROLE_FOR_ACTION[action]
    if any(actor.has_role(r) for r in roles):
        return None
    needed = " or ".join(roles)
    return f"{action.replace('.', ' ')} needs the {needed} role, which {actor.username} lacks"


def require(actor: Actor, action: str) -> None:
    reason = why_not(actor, action)
    if reason is not None:
        raise AuthError(reason)
