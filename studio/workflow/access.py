"""Who may do what: every workflow function asks here, and the UI asks the same questions."""

from __future__ import annotations

from studio.errors import AuthError
from studio.library.library import Actor

ROLE_FOR_ACTION = {
    "user.manage": "admin",
    "subject.add": "author",
    "story.add": "author",
    "story.edit": "author",
    "media.add": "author",
}


def why_not(actor: Actor, action: str) -> str | None:
    """None when ``actor`` may do ``action``; otherwise the reason, in words."""
    role = ROLE_FOR_ACTION[action]
    if actor.has_role(role):
        return None
    return f"{action.replace('.', ' ')} needs the {role} role, which {actor.username} lacks"


def require(actor: Actor, action: str) -> None:
    reason = why_not(actor, action)
    if reason is not None:
        raise AuthError(reason)
