"""How a story list is sorted and filtered, as the person chose it: a plain value.

Kept apart from the SQL that carries it out (:mod:`studio.workflow.story_list`) so the desktop
app can remember and restore a listing before SQLAlchemy is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from studio.errors import BadInput
from studio.vocabulary import CONSENT_BADGE_STATUSES, STORY_STATUSES

# Sort keys, in the order of the list's columns.
STORY_SORTS = ("id", "title", "subject", "service_line", "status", "updated")
NO_SERVICE_LINE = ""   # the service-line filter value for stories without one


@dataclass(frozen=True)
class StoryListing:
    """Sort key and direction, and the filters (None: any) of a story list."""

    sort: str = "id"
    descending: bool = True
    service_line: str | None = None
    status: str | None = None
    consent: str | None = None   # the subject's consent badge status (CONSENT_BADGE_STATUSES)

    def checked(self) -> StoryListing:
        """This listing, or BadInput naming the sort key, status or consent state that does
        not exist."""
        if self.sort not in STORY_SORTS:
            raise BadInput(f"sort: {self.sort!r} is not one of {', '.join(STORY_SORTS)}")
        if self.status is not None and self.status not in STORY_STATUSES:
            raise BadInput(f"status: {self.status!r} is not one of {', '.join(STORY_STATUSES)}")
        if self.consent is not None and self.consent not in CONSENT_BADGE_STATUSES:
            raise BadInput(f"consent: {self.consent!r} is not one of "
                           f"{', '.join(CONSENT_BADGE_STATUSES)}")
        return self

    @property
    def filtered(self) -> bool:
        return (self.service_line is not None or self.status is not None
                or self.consent is not None)


NEWEST_FIRST = StoryListing()
