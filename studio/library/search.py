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
RANK_WINDOW = 1000


def fts_query(words: str, *, prefix: bool = False) -> str | None:
    """An FTS5 MATCH expression for ``words``, or None when there is nothing to search for.

    With ``prefix`` (search as you type) the last word matches as a prefix unless the text
    ends with a space.
    """
    terms = _WORD.findall(words)[:MAX_TERMS]
    if not terms:
        return None
    quoted = [f'"{t}"' for t in terms]
    if prefix and not words.endswith((" ", "\t")) and len(terms[-1]) >= 2:
        quoted[-1] += "*"
    return " ".join(quoted)


def search_story_ids(session: Session, words: str, *, limit: int = 50, offset: int = 0,
                     prefix: bool = False) -> list[int]:
    """Story ids matching ``words``.

    Whole words: best match first among the newest RANK_WINDOW matches. bm25 over every hit
    of a very common word costs ~70 ms at 100,000 stories, the window brings it to ~3 ms
    (bench/library.py); an older, better match of a very common word may not come first.
    Prefix (as you type): newest first, since ranking a prefix expansion costs ~10 ms or more
    whatever the window.
    """
    query = fts_query(words, prefix=prefix)
    if query is None:
        return []
    if query.endswith("*"):
        sql = ("SELECT rowid FROM story_fts WHERE story_fts MATCH :q ORDER BY rowid DESC "
               "LIMIT :limit OFFSET :offset")
    else:
        sql = ("SELECT rowid FROM (SELECT rowid, rank FROM story_fts WHERE story_fts MATCH :q "
               "ORDER BY rowid DESC LIMIT :window) ORDER BY rank LIMIT :limit OFFSET :offset")
    rows = session.execute(text(sql), {"q": query, "limit": limit, "offset": offset,
                                       "window": max(RANK_WINDOW, offset + limit)})
    return [int(r[0]) for r in rows]
