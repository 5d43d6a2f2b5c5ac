"""Stories: adding, listing (paged, searchable) and showing them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from studio.errors import BadInput
from studio.library import audit
from studio.library.library import Library
from studio.library.search import search_story_ids
from studio.models import MediaAsset, Story, Subject
from studio.workflow.access import require
from studio.workflow.lookup import get_by_display_id
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


def add_story(lib: Library, subject: str, title: str, narrative: str, *,
              service_line: str | None = None, tags: list[str] | None = None,
              source: str | None = None) -> StoryRow:
    require(lib.actor, "story.add")
    title = clean_text(title, what="title", max_len=300, single_line=True)
    if not title:
        raise BadInput("title: must not be empty")
    narrative = clean_text(narrative, what="story text", max_len=MAX_NARRATIVE)
    if not narrative:
        raise BadInput("story text: must not be empty")
    line = clean_text(service_line, what="service line", max_len=120,
                      single_line=True) if service_line else None
    clean_tags = sorted({clean_text(t, what="tag", max_len=60, single_line=True).lower()
                         for t in tags or [] if t.strip()})
    with lib.write() as session:
        person = get_by_display_id(session, Subject, subject)
        story = Story(subject_id=person.id, title=title, narrative=narrative,
                      service_line=line, tags=clean_tags, source=source,
                      created_by_id=lib.actor.id)
        session.add(story)
        session.flush()
        session.refresh(story)
        audit.record(session, lib.actor.username, "story.add", story.display_id,
                     {"subject": person.display_id})
        return _row(story, person.name)


def _row(story: Story, subject_name: str) -> StoryRow:
    return StoryRow(story.id, story.display_id, story.title, subject_name,
                    story.service_line or "", story.status, story.updated_at)


def story_ids(lib: Library, *, search: str = "", limit: int = 50, offset: int = 0,
              as_you_type: bool = False) -> list[int]:
    """Ordered ids only: lists hold ids and load rows on demand (STYLE.md, 'Lists hold ids').

    ``as_you_type`` lets the last word match as a prefix (newest first).
    """
    with lib.read() as session:
        if search.strip():
            return search_story_ids(session, search, limit=limit, offset=offset,
                                    prefix=as_you_type)
        return list(session.scalars(select(Story.id).order_by(Story.id.desc())
                                    .limit(limit).offset(offset)))


def count_stories(lib: Library) -> int:
    with lib.read() as session:
        return int(session.scalar(select(func.count(Story.id))) or 0)


def story_rows(lib: Library, ids: list[int]) -> list[StoryRow]:
    """Rows for ``ids`` in the same order (missing ids are skipped)."""
    if not ids:
        return []
    with lib.read() as session:
        found = {r.id: StoryRow(r.id, r.display_id, r.title, r.name, r.service_line or "",
                                r.status, r.updated_at)
                 for r in session.execute(
                     select(Story.id, Story.display_id, Story.title, Subject.name,
                            Story.service_line, Story.status, Story.updated_at)
                     .join(Subject, Subject.id == Story.subject_id)
                     .where(Story.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def list_stories(lib: Library, *, search: str = "", limit: int = 50,
                 offset: int = 0) -> list[StoryRow]:
    return story_rows(lib, story_ids(lib, search=search, limit=limit, offset=offset))


def show_story(lib: Library, display_id: str) -> StoryDetail:
    with lib.read() as session:
        story = get_by_display_id(session, Story, display_id)
        person = session.get_one(Subject, story.subject_id)
        media = session.scalars(select(MediaAsset.display_id)
                                .where(MediaAsset.story_id == story.id)
                                .order_by(MediaAsset.id)).all()
        return StoryDetail(_row(story, person.name), person.display_id, story.narrative,
                           tuple(story.tags), tuple(media))
