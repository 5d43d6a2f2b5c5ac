"""May the signed-in person do this right now? One answer for every button in the desktop app.

:func:`studio.workflow.access.why_not` answers for roles; a library opened read-only (another
window holds the writer lock) refuses every change too. The UI enables a control only when this
returns None and shows the reason as the tooltip otherwise, so both facts come from one place.
"""

from __future__ import annotations

from studio.library.library import Library
from studio.workflow.access import why_not

READ_ONLY_REASON = ("this library is open read-only (another window or process holds it for "
                    "writing); close that one to make changes")


def why_not_do(lib: Library, action: str) -> str | None:
    """None when ``lib.actor`` may do ``action`` now; otherwise the reason, in words."""
    reason = why_not(lib.actor, action)
    if reason is not None:
        return reason
    return READ_ONLY_REASON if lib.read_only else None
