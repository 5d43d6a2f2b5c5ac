"""Finding names of people the library does not know, without a language model.

(The library's own people are matched first, by people.py.) Here: the US Census 1990 lists of
common given names and surnames (assets/checks/given-names.txt, surnames.txt; see
assets/checks/SOURCE.md) plus our own additions (names.toml): two capitalised words in a row,
the first a given name and the second a surname, or a title ("Mrs.", "Sra.", "Dr.") before a
capitalised word.

What keeps it from flagging things that are not people: month and weekday names, channels and
holy names (``never_names``); given names that are ordinary words ("May", "Grace", "Will",
"Rosa") count only mid-sentence and with a surname that is not itself a word ("May Day",
"Grace Hall" are skipped); a pair next to an institution word ("Mary Washington Hospital",
"Hospital Juan Ramón Jiménez", "St. Mary", "Calle Mayor") is a place. Words in capitals only
("JOHN SMITH") are not looked at. Names outside the lists are missed: this is a safety net for
reviewers, not a guarantee.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from studio.checks import wordlists
from studio.checks.text import (
    Token,
    fold,
    is_capitalized,
    is_sentence_start,
    strip_possessive,
    tokens,
)

PARTICLES = frozenset({"de", "del", "la", "las", "los", "y", "i", "van", "von", "der", "den",
                       "da", "das", "do", "dos", "di", "du", "le", "st", "san"})


def _folded(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(fold(w).replace("'", "") for w in words)


_SHORT_NAMES = frozenset({"al", "bo", "ed", "jo", "ty", "li"})
# Before these, an ambiguous given name is a month or a word ("in May", "since August").
_DATE_WORDS = frozenset({"in", "on", "since", "by", "until", "till", "during", "through",
                         "from", "last", "next", "this", "every", "early", "late", "mid", "of",
                         "the", "en", "de", "desde", "hasta", "durante", "el", "la", "este",
                         "cada", "a"})


@functools.cache
def given_names() -> frozenset[str]:
    names = _folded(wordlists.lines("given-names.txt")) | _folded(
        wordlists.strings("names.toml", "given_extra"))
    return frozenset(g for g in names if len(g) > 2 or g in _SHORT_NAMES) - name_words(
        "never_names")


@functools.cache
def surnames() -> frozenset[str]:
    names = _folded(wordlists.lines("surnames.txt")) | _folded(
        wordlists.strings("names.toml", "surname_extra"))
    return frozenset(s for s in names if len(s) > 1) - name_words("never_names")


@functools.cache
def any_names() -> frozenset[str]:
    return given_names() | surnames()


@functools.cache
def name_words(table_key: str) -> frozenset[str]:
    return _folded(wordlists.strings("names.toml", table_key))


@functools.cache
def not_places() -> frozenset[str]:
    """Words that cannot start a place name after "from" / "es de": names, titles, months."""
    return (name_words("never_names") | given_names() | name_words("titles_person")
            | name_words("titles_clinician"))


def key(tok: Token) -> str:
    """A token as the name lists hold it: folded, possessive and apostrophes dropped."""
    return strip_possessive(tok.folded).replace("'", "")


def _adjacent(text: str, a: Token, b: Token) -> bool:
    return text[a.end:b.start] in (" ", "-", "\u00a0")


def _after_title(text: str, a: Token, b: Token) -> bool:
    return text[a.end:b.start] in (" ", ". ", ".\u00a0", "\u00a0")


class NameHit(NamedTuple):
    start: int
    end: int
    kind: str          # "pair" (given + surname) | "title-person" | "title-clinician"
    token_ids: tuple[int, ...]


def census_names(text: str) -> list[NameHit]:
    """Likely names of people by the Census lists and titles (see the module docstring)."""
    given, sur = given_names(), surnames()
    never, amb_g, amb_s = name_words("never_names"), name_words("ambiguous_given"), name_words(
        "ambiguous_surname")
    inst_after, inst_before = name_words("institution_after"), name_words("institution_before")
    t_person, t_clin = name_words("titles_person"), name_words("titles_clinician")
    toks, keys = tokens(text), token_keys(text)
    hits: list[NameHit] = []
    n, i = len(toks), 0
    while i < n - 1:
        tok, nxt = toks[i], toks[i + 1]
        k, nk = keys[i], keys[i + 1]
        if not (is_capitalized(nxt.text) and _after_title(text, tok, nxt)) or nk in never:
            i += 1
            continue
        if (k in t_person or k in t_clin) and is_capitalized(tok.text) and (
                len(k) <= 4 or _adjacent(text, tok, nxt)):   # "Dr. X", "Doctor X", not "doctor. X"
            j = i + 1
            while j + 1 < n and is_capitalized(toks[j + 1].text) and _adjacent(
                    text, toks[j], toks[j + 1]) and keys[j + 1] in any_names():
                j += 1
            if keys[j] in inst_after or (j + 1 < n and keys[j + 1] in inst_after):
                i = j + 1
                continue
            kind = "title-person" if k in t_person else "title-clinician"
            hits.append(NameHit(tok.start, toks[j].end, kind, tuple(range(i, j + 1))))
            i = j + 1
            continue
        if not _adjacent(text, tok, nxt):
            i += 1
            continue
        if i > 0 and keys[i - 1] in inst_before and _after_title(text, toks[i - 1], tok):
            i += 1   # "Hospital Juan Ramón Jiménez": the whole capitalised run is a place
            while i < n and is_capitalized(toks[i].text) and _adjacent(text, toks[i - 1],
                                                                        toks[i]):
                i += 1
            continue
        if (not is_capitalized(tok.text) or k not in given or k in never or nk not in sur
                or nk in inst_after):
            i += 1
            continue
        if k in amb_g and (nk in amb_s or is_sentence_start(text, tok.start)
                           or (i > 0 and keys[i - 1] in _DATE_WORDS)):
            i += 1
            continue
        j = i + 1
        while j + 1 < n and is_capitalized(toks[j + 1].text) and _adjacent(
                text, toks[j], toks[j + 1]) and keys[j + 1] in sur:
            j += 1
        if j + 1 < n and keys[j + 1] in inst_after and _adjacent(text, toks[j], toks[j + 1]):
            i = j + 2
            continue
        hits.append(NameHit(tok.start, toks[j].end, "pair", tuple(range(i, j + 1))))
        i = j + 1
    return hits


# ---------------------------------------------------------------- known people


@functools.lru_cache(maxsize=512)
def token_keys(text: str) -> tuple[str, ...]:
    """``key`` of every token of ``text`` (cached: several rules look at the same text)."""
    return tuple(key(t) for t in tokens(text))
