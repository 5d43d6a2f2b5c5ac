"""Full-text search over stories (FTS5 inside the encrypted database).

What a person types is never passed to FTS5 as query syntax: each word becomes a quoted
term, and the last one a prefix, so search-as-you-type works and no input can raise a syntax
error.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.orm import Session

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12


def fts_query(words: str) -> str | None:
    """An FTS5 MATCH expression for ``words``, or None when there is nothing to search for."""
    terms = _WORD.findall(words)[:MAX_TERMS]
    if not terms:
        return None
    quoted = [f'"{t}"' for t in terms]
    if not words.endswith((" ", "\t")) and len(terms[-1]) >= 2:
        quoted[-1] += "*"
    return " ".join(quoted)


def search_story_ids(session: Session, words: str, *, limit: int = 50,
                     offset: int = 0) -> list[int]:
    """Story ids best match first."""
    query = fts_query(words)
    if query is None:
        return []
    rows = session.execute(
        text("SELECT rowid FROM story_fts WHERE story_fts MATCH :q ORDER BY rank "
             "LIMIT :limit OFFSET :offset"),
        {"q": query, "limit": limit, "offset": offset})
    return [int(r[0]) for r in rows]
