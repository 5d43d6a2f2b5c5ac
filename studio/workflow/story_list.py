"""Which stories a list shows, and in what order: sorting and filters done by the database.

A list of 100,000 stories pages through ids (``story_ids``), so sorting must happen in SQL:
sorting in the view would need every row. Each sort key orders by one column and then by the
story id (so equal titles keep a stable order across pages), and each has an index of the same
two columns (migration 0002), so ``LIMIT .. OFFSET`` deep into a sorted list walks an index
instead of decrypting and sorting the whole table. Titles, subjects and service lines sort
without regard to case, the way people read them.

The consent filter asks, of each story the walk meets, the consent badge's status of its
subject (:func:`studio.workflow.consent_status.subject_status`: a look-up of that subject's few
consents through ix_consents_subject_id), so it filters without changing the walk's order.
It depends on the moment, so the queries take a :class:`ConsentClock`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from studio.models import Story, Subject
from studio.workflow.consent_status import ConsentClock, subject_status
from studio.workflow.story_listing import NO_SERVICE_LINE, StoryListing


def _sort_column(sort: str) -> Any:
    return {"title": Story.title.collate("NOCASE"),
            "subject": Subject.name.collate("NOCASE"),
            "service_line": Story.service_line.collate("NOCASE"),
            "status": Story.status, "updated": Story.updated_at}[sort]


def filtered(query: Select[Any], listing: StoryListing, clock: ConsentClock) -> Select[Any]:
    """``query`` (over stories) limited to the stories ``listing``'s filters let through, the
    consent filter as the badge says at ``clock.now``."""
    if listing.service_line == NO_SERVICE_LINE:
        query = query.where(Story.service_line.is_(None))
    elif listing.service_line is not None:
        query = query.where(Story.service_line == listing.service_line)
    if listing.status is not None:
        query = query.where(Story.status == listing.status)
    if listing.consent is not None:
        query = query.where(subject_status(Story.subject_id, clock) == listing.consent)
    return query


def listed_ids(listing: StoryListing, clock: ConsentClock) -> Select[Any]:
    """The ids of the stories ``listing`` shows at ``clock.now``, in its order (page it with
    limit/offset)."""
    listing = listing.checked()
    query = filtered(select(Story.id), listing, clock)
    columns = [] if listing.sort == "id" else [_sort_column(listing.sort)]
    if listing.sort == "subject":
        # Then by subject id: the subjects' name index, then each subject's stories through
        # ix_stories_subject_id (in id order), gives this order without sorting anything.
        query = query.join(Subject, Subject.id == Story.subject_id)
        columns.append(Subject.id)
    columns.append(Story.id)
    return query.order_by(*(c.desc() if listing.descending else c.asc() for c in columns))

