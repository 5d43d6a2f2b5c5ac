"""Full-text search over stories and people's names (FTS5 inside the encrypted database).

What a person types is never passed to FTS5 as query syntax: each word becomes a quoted
term, and the last one a prefix, so search-as-you-type works and no input can raise a syntax
error. Both indexes fold case and accents (unicode61, remove_diacritics 2).
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import text
from sqlalchemy.orm import Session

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12
RANK_WINDOW = 1000


def _terms(words: str) -> list[str]:
    # NFC first: a decomposed accent (e + U+0301) is not a word character and would split
    # "Nu\u0301n\u0303ez" into three words; FTS5 folds the composed letter itself.
    return _WORD.findall(unicodedata.normalize("NFC", words))[:MAX_TERMS]


def fts_query(words: str, *, prefix: bool = False) -> str | None:
    """An FTS5 MATCH expression for ``words``, or None when there is nothing to search for.

    With ``prefix`` (search as you type) the last word matches as a prefix unless the text
    ends with a space.
    """
    terms = _terms(words)
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


def name_query(words: str) -> str | None:
    """An FTS5 MATCH expression for a person's name as typed, or None when too short.

    Every word is a prefix of some word of the name, in any order: "mar ven" finds "Marisol
    Ventaja", "ventaja" and "MARISOL" do too, and "jose" finds "José". What it does not find,
    unlike the substring scan it replaced: the middle or end of a name's word ("isol",
    "taja"), letters that are not accented forms (Ł, Æ, ß, Þ match only themselves), and
    the inside of a name written without spaces (a Chinese name is found by its start). At
    least one word needs two letters: a single letter alone would list half the people.
    """
    terms = _terms(words)
    if not any(len(t) >= 2 for t in terms):
        return None
    return " ".join(f'"{t}"*' for t in terms)


def search_subject_ids(session: Session, words: str, *, limit: int = 50,
                       offset: int = 0) -> list[int]:
    """Ids of the people whose name matches ``words`` (see :func:`name_query`), by name
    ignoring case, as the story list sorts them."""
    query = name_query(words)
    if query is None:
        return []
    rows = session.execute(text(
        "SELECT s.id FROM subject_fts JOIN subjects AS s ON s.id = subject_fts.rowid "
        "WHERE subject_fts MATCH :q ORDER BY s.name COLLATE NOCASE, s.id "
        "LIMIT :limit OFFSET :offset"),
        {"q": query, "limit": limit, "offset": offset})
    return [int(r[0]) for r in rows]


def count_subjects(session: Session, words: str) -> int:
    """How many people's names match ``words`` (to page past them to the stories)."""
    query = name_query(words)
    if query is None:
        return 0
    return int(session.execute(text("SELECT count(*) FROM subject_fts WHERE subject_fts "
                                     "MATCH :q"), {"q": query}).scalar_one())
