"""Stories: adding, editing, listing (paged, searchable) and showing them.

Editing a story changes the story only: posts drafted from it keep their text, because a post
revision is immutable (a database trigger refuses updates) and holds its own copy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from studio.errors import BadInput
from studio.library import audit
from studio.library.library import Library
from studio.library.search import search_story_ids
from studio.models import MediaAsset, Story, Subject
from studio.workflow.access import require
from studio.workflow.consent_status import ConsentClock
from studio.workflow.edits import apply_changes, cleaned
from studio.workflow.lookup import get_by_display_id
from studio.workflow.story_list import filtered, listed_ids
from studio.workflow.story_listing import NEWEST_FIRST, StoryListing
from studio.workflow.text import MAX_NARRATIVE, clean_text


@dataclass(frozen=True)
class StoryRow:
    """What a list shows of a story: small, frozen, cheap to cache by id."""

    id: int
    display_id: str
    title: str
    subject: str
    service_line: str
    status: str
    updated_at: dt.datetime


@dataclass(frozen=True)
class StoryDetail:
    row: StoryRow
    subject_display_id: str
    narrative: str
    tags: tuple[str, ...]
    media: tuple[str, ...]


MAX_TITLE, MAX_SERVICE_LINE, MAX_TAG = 300, 120, 60
EDITABLE = ("title", "narrative", "service_line", "tags")


@dataclass(frozen=True)
class StoryEdit:
    """What :func:`edit_story` did: the story as it is now and which fields it changed."""

    row: StoryRow
    changed: tuple[str, ...]      # a subset of EDITABLE, in that order; empty: nothing to save


def clean_title(title: str) -> str:
    title = clean_text(title, what="title", max_len=MAX_TITLE, single_line=True)
    if not title:
        raise BadInput("title: must not be empty")
    return title


def clean_narrative(narrative: str) -> str:
    narrative = clean_text(narrative, what="story text", max_len=MAX_NARRATIVE)
    if not narrative:
        raise BadInput("story text: must not be empty")
    return narrative


def clean_service_line(service_line: str | None) -> str | None:
    """The service line as stored; None (no service line) for nothing or blanks."""
    if not service_line or not service_line.strip():
        return None
    return clean_text(service_line, what="service line", max_len=MAX_SERVICE_LINE,
                      single_line=True)


def clean_tags(tags: list[str] | None) -> list[str]:
    """Tags as stored: each checked like any text, without a leading '#', lower case,
    inner spaces collapsed, duplicates and blanks dropped, sorted."""
    cleaned = set()
    for tag in tags or []:
        tag = clean_text(tag, what="tag", max_len=MAX_TAG, single_line=True).lstrip("#")
        tag = " ".join(tag.split()).lower()
        if tag:
            cleaned.add(tag)
    return sorted(cleaned)


def split_tags(text: str) -> list[str]:
    """Tags typed in one field, separated by commas (or semicolons), cleaned as stored."""
    return clean_tags(text.replace(";", ",").split(","))


def add_story(lib: Library, subject: str, title: str, narrative: str, *,
              service_line: str | None = None, tags: list[str] | None = None,
              source: str | None = None) -> StoryRow:
    require(lib.actor, "story.add")
    title, narrative = clean_title(title), clean_narrative(narrative)
    line, clean = clean_service_line(service_line), clean_tags(tags)
    with lib.write() as session:
        person = get_by_display_id(session, Subject, subject)
        story = Story(subject_id=person.id, title=title, narrative=narrative,
                      service_line=line, tags=clean, source=source,
                      created_by_id=lib.actor.id)
        session.add(story)
        session.flush()
        session.refresh(story)
        audit.record(session, lib.actor.username, "story.add", story.display_id,
                     {"subject": person.display_id})
        return _row(story, person.name)


def edit_story(lib: Library, story: str, *, title: str | None = None,
               narrative: str | None = None, service_line: str | None = None,
               tags: list[str] | None = None) -> StoryEdit:
    """Change what is given (None keeps a field; ``service_line=""`` and ``tags=[]`` clear).

    Checked like :func:`add_story`. The change and its audit event commit together; the event
    names the changed fields only, never their text (story text and titles are PHI). The
    full-text index follows through the ``stories_fts_au`` trigger. Nothing is written when
    the cleaned values equal the stored ones.
    """
    require(lib.actor, "story.edit")
    wanted = cleaned({"title": (title, clean_title), "narrative": (narrative, clean_narrative),
                      "service_line": (service_line, clean_service_line),
                      "tags": (tags, clean_tags)})
    with lib.write() as session:
        row = get_by_display_id(session, Story, story)
        changed = apply_changes(row, wanted, EDITABLE)
        if changed:
            session.flush()
            session.refresh(row)
            audit.record(session, lib.actor.username, "story.edit", row.display_id,
                         {"changed": list(changed)})
        person = session.get_one(Subject, row.subject_id)
        return StoryEdit(_row(row, person.name), changed)


def service_lines(lib: Library) -> list[str]:
    """The service lines stories already use, for a picker that keeps spellings consistent."""
    with lib.read() as session:
        return list(session.scalars(select(Story.service_line).distinct()
                                    .where(Story.service_line.is_not(None))
                                    .order_by(Story.service_line)))


def _row(story: Story, subject_name: str) -> StoryRow:
    return StoryRow(story.id, story.display_id, story.title, subject_name,
                    story.service_line or "", story.status, story.updated_at)


def story_ids(lib: Library, *, search: str = "", limit: int = 50, offset: int = 0,
              as_you_type: bool = False, listing: StoryListing = NEWEST_FIRST) -> list[int]:
    """Ordered ids only: lists hold ids and load rows on demand (STYLE.md, 'Lists hold ids').

    Without ``search``, in ``listing``'s order and through its filters (newest first by
    default). With ``search``, best match first; ``as_you_type`` lets the last word match as
    a prefix (newest first); the listing does not apply to a search.
    """
    with lib.read() as session:
        if search.strip():
            return search_story_ids(session, search, limit=limit, offset=offset,
                                    prefix=as_you_type)
        clock = ConsentClock.at(lib.timezone)
        return list(session.scalars(listed_ids(listing, clock).limit(limit).offset(offset)))


def count_stories(lib: Library, listing: StoryListing = NEWEST_FIRST) -> int:
    """How many stories there are, or how many ``listing``'s filters let through."""
    with lib.read() as session:
        return int(session.scalar(filtered(select(func.count(Story.id)), listing.checked(),
                                           ConsentClock.at(lib.timezone))) or 0)


def story_rows(lib: Library, ids: list[int]) -> list[StoryRow]:
    """Rows for ``ids`` in the same order (missing ids are skipped)."""
    if not ids:
        return []
    with lib.read() as session:
        return rows_of(session, ids)


def rows_of(session: Session, ids: list[int]) -> list[StoryRow]:
    """:func:`story_rows` inside a read the caller already holds (one snapshot for a search)."""
    if not ids:
        return []
    found = {r.id: StoryRow(r.id, r.display_id, r.title, r.name, r.service_line or "",
                            r.status, r.updated_at)
             for r in session.execute(
                 select(Story.id, Story.display_id, Story.title, Subject.name,
                        Story.service_line, Story.status, Story.updated_at)
                 .join(Subject, Subject.id == Story.subject_id)
                 .where(Story.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def list_stories(lib: Library, *, search: str = "", limit: int = 50, offset: int = 0,
                 listing: StoryListing = NEWEST_FIRST) -> list[StoryRow]:
    """One page of rows, as :func:`story_ids` orders and filters them."""
    return story_rows(lib, story_ids(lib, search=search, limit=limit, offset=offset,
                                     listing=listing))


def show_story(lib: Library, display_id: str) -> StoryDetail:
    with lib.read() as session:
        story = get_by_display_id(session, Story, display_id)
        person = session.get_one(Subject, story.subject_id)
        media = session.scalars(select(MediaAsset.display_id)
                                .where(MediaAsset.story_id == story.id)
                                .order_by(MediaAsset.id)).all()
        return StoryDetail(_row(story, person.name), person.display_id, story.narrative,
                           tuple(story.tags), tuple(media))
