"""The desktop's global search: stories by full text, people by name, anything by its id.

Read-only. Stories come from the FTS5 index (as you type: the last word is a prefix). Subjects
are matched by name inside the encrypted database. A typed display id (S-3, P-7, C-2, M-5, PT-1)
that exists comes first, so staff can jump straight to what a colleague mentioned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from studio.errors import BadInput
from studio.library.library import Library
from studio.library.search import search_story_ids
from studio.models import Consent, MediaAsset, Post, Story, Subject
from studio.models.base import Base
from studio.workflow.lookup import get_by_display_id
from studio.workflow.stories import story_rows

_ID = re.compile(r"^\s*(PT|S|P|C|M)-(\d{1,9})\s*$", re.IGNORECASE)
_MODELS: dict[str, type[Base]] = {"PT": Subject, "S": Story, "P": Post, "C": Consent,
                                  "M": MediaAsset}
KIND_OF_PREFIX = {"PT": "subject", "S": "story", "P": "post", "C": "consent", "M": "media"}


@dataclass(frozen=True)
class SearchHit:
    kind: str                 # story, subject, post, consent, media
    display_id: str
    title: str
    detail: str


def _by_id(lib: Library, words: str) -> SearchHit | None:
    match = _ID.match(words)
    if match is None:
        return None
    prefix = match.group(1).upper()
    display_id = f"{prefix}-{int(match.group(2))}"
    with lib.read() as session:
        try:
            row = get_by_display_id(session, _MODELS[prefix], display_id)
        except BadInput:
            return None
        title = str(getattr(row, "title", None) or getattr(row, "name", None)
                    or getattr(row, "signer_name", None) or getattr(row, "alt_text", "") or "")
    return SearchHit(KIND_OF_PREFIX[prefix], display_id, title, "")


def search_library(lib: Library, words: str, *, limit: int = 100) -> list[SearchHit]:
    """Hits for ``words``: an exact id first, then people, then stories (newest first)."""
    if not words.strip():
        return []
    hits: list[SearchHit] = []
    exact = _by_id(lib, words)
    if exact is not None:
        hits.append(exact)
    terms = [t for t in re.findall(r"\w+", words) if len(t) >= 2][:6]
    if terms:
        with lib.read() as session:
            query = select(Subject).order_by(Subject.name).limit(limit)
            for term in terms:
                query = query.where(Subject.name.icontains(term, autoescape=True))
            hits += [SearchHit("subject", s.display_id, s.name,
                               f"born {s.date_of_birth}" if s.date_of_birth else "")
                     for s in session.scalars(query)]
    with lib.read() as session:
        ids = search_story_ids(session, words, limit=limit, prefix=True)
    hits += [SearchHit("story", r.display_id, r.title,
                       " · ".join(p for p in (r.subject, r.service_line) if p))
             for r in story_rows(lib, ids)]
    return hits[:limit]
