"""The desktop's global search: stories by full text, people by name, anything by its id.

Read-only. Stories come from the FTS5 index (as you type: the last word is a prefix). People
come from the name index (every word a prefix of a name's word, case and accents folded; see
``studio.library.search.name_query`` for what that does not find). A typed display id (S-3,
P-7, C-2, M-5, PT-1) that exists comes first, so staff can jump straight to what a colleague
mentioned.

The hits form one list (the id, then people by name, then stories newest first) that is read
a page at a time: a common word matches most of a five-year library's stories, and the search
page shows a screenful, so it loads the first page and asks for the next as the person scrolls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from studio.errors import BadInput
from studio.library.library import Library
from studio.library.search import count_subjects, search_story_ids, search_subject_ids
from studio.models import Consent, MediaAsset, Post, Story, Subject
from studio.models.base import Base
from studio.workflow.lookup import get_by_display_id
from studio.workflow.stories import rows_of

_ID = re.compile(r"^\s*(PT|S|P|C|M)-(\d{1,9})\s*$", re.IGNORECASE)
_MODELS: dict[str, type[Base]] = {"PT": Subject, "S": Story, "P": Post, "C": Consent,
                                  "M": MediaAsset}
KIND_OF_PREFIX = {"PT": "subject", "S": "story", "P": "post", "C": "consent", "M": "media"}
# About two screenfuls of the search page's table: enough to fill a maximised window, so
# the view asks for the next page only when the person scrolls.
PAGE = 50


@dataclass(frozen=True)
class SearchHit:
    kind: str                 # story, subject, post, consent, media
    display_id: str
    title: str
    detail: str


def _by_id(session: Session, words: str) -> SearchHit | None:
    match = _ID.match(words)
    if match is None:
        return None
    prefix = match.group(1).upper()
    display_id = f"{prefix}-{int(match.group(2))}"
    try:
        row = get_by_display_id(session, _MODELS[prefix], display_id)
    except BadInput:
        return None
    title = str(getattr(row, "title", None) or getattr(row, "name", None)
                or getattr(row, "signer_name", None) or getattr(row, "alt_text", "") or "")
    return SearchHit(KIND_OF_PREFIX[prefix], display_id, title, "")


def _people(session: Session, ids: list[int]) -> list[SearchHit]:
    found = {r.id: SearchHit("subject", r.display_id, r.name,
                             f"born {r.date_of_birth}" if r.date_of_birth else "")
             for r in session.execute(select(Subject.id, Subject.display_id, Subject.name,
                                             Subject.date_of_birth)
                                      .where(Subject.id.in_(ids)))} if ids else {}
    return [found[i] for i in ids if i in found]


def _stories(session: Session, words: str, *, limit: int, offset: int) -> list[SearchHit]:
    ids = search_story_ids(session, words, limit=limit, offset=offset, prefix=True)
    return [SearchHit("story", r.display_id, r.title,
                      " · ".join(p for p in (r.subject, r.service_line) if p))
            for r in rows_of(session, ids)]


def search_library(lib: Library, words: str, *, limit: int = PAGE,
                   offset: int = 0) -> list[SearchHit]:
    """Hits ``offset`` to ``offset + limit`` for ``words``: an exact id first, then people,
    then stories (newest first). Fewer than ``limit`` means there are no more."""
    if not words.strip() or limit <= 0:
        return []
    with lib.read() as session:  # one snapshot: the pages of a search fit together
        exact = _by_id(session, words)
        hits = [exact][offset:offset + limit] if exact is not None else []
        into_people = max(0, offset - (exact is not None))
        if len(hits) == limit:
            return hits
        ids = search_subject_ids(session, words, limit=limit - len(hits), offset=into_people)
        hits += _people(session, ids)
        if len(hits) == limit:
            return hits
        # The people ran out on this page; the stories start after the last of them.
        people = into_people + len(ids) if ids or not into_people else \
            count_subjects(session, words)
        hits += _stories(session, words, limit=limit - len(hits),
                         offset=max(0, into_people - people))
    return hits
