"""Which stories a list shows, and in what order: sorting and filters done by the database.

A list of 100,000 stories pages through ids (``story_ids``), so sorting must happen in SQL:
sorting in the view would need every row. Each sort key orders by one column and then by the
story id (so equal titles keep a stable order across pages), and each has an index of the same
two columns (migration 0002), so ``LIMIT .. OFFSET`` deep into a sorted list walks an index
instead of decrypting and sorting the whole table. Titles, subjects and service lines sort
without regard to case, the way people read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select

from studio.errors import BadInput
from studio.models import Story, Subject
from studio.models.enums import STORY_STATUSES

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

    def checked(self) -> StoryListing:
        """This listing, or BadInput naming the sort key or status that does not exist."""
        if self.sort not in STORY_SORTS:
            raise BadInput(f"sort: {self.sort!r} is not one of {', '.join(STORY_SORTS)}")
        if self.status is not None and self.status not in STORY_STATUSES:
            raise BadInput(f"status: {self.status!r} is not one of {', '.join(STORY_STATUSES)}")
        return self

    @property
    def filtered(self) -> bool:
        return self.service_line is not None or self.status is not None


NEWEST_FIRST = StoryListing()


def _sort_column(sort: str) -> Any:
    return {"title": Story.title.collate("NOCASE"),
            "subject": Subject.name.collate("NOCASE"),
            "service_line": Story.service_line.collate("NOCASE"),
            "status": Story.status, "updated": Story.updated_at}[sort]


def filtered(query: Select[Any], listing: StoryListing) -> Select[Any]:
    """``query`` (over stories) limited to the stories ``listing``'s filters let through."""
    if listing.service_line == NO_SERVICE_LINE:
        query = query.where(Story.service_line.is_(None))
    elif listing.service_line is not None:
        query = query.where(Story.service_line == listing.service_line)
    if listing.status is not None:
        query = query.where(Story.status == listing.status)
    return query


def listed_ids(listing: StoryListing) -> Select[Any]:
    """The ids of the stories ``listing`` shows, in its order (page it with limit/offset)."""
    listing = listing.checked()
    query = filtered(select(Story.id), listing)
    columns = [] if listing.sort == "id" else [_sort_column(listing.sort)]
    if listing.sort == "subject":
        # Then by subject id: the subjects' name index, then each subject's stories through
        # ix_stories_subject_id (in id order), gives this order without sorting anything.
        query = query.join(Subject, Subject.id == Story.subject_id)
        columns.append(Subject.id)
    columns.append(Story.id)
    return query.order_by(*(c.desc() if listing.descending else c.asc() for c in columns))
