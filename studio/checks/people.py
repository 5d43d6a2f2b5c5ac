"""The library's own people in a post: the patient, other patients, representatives, staff.

Matched by their names as recorded (``PersonInfo.name`` and ``first_name``), capitalised words
only: the full name or first name + a surname, a surname alone, a first name alone, and names
run together in hashtags, handles and web addresses ("#TeamMariaLopez", "@maria_lopez",
"/stories/maria-lopez"). Everyone but the patient and staff is looked up through an index built
once per ``known_people`` tuple, so a post is scanned once however many people the library has.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from studio.checks.base import PersonInfo
from studio.checks.names import PARTICLES, token_keys
from studio.checks.text import is_capitalized, tokens


class PersonName(NamedTuple):
    first: tuple[str, ...]      # keys of the words of the first (given) name
    surnames: tuple[str, ...]   # keys of the surname words, particles left out


def _keys(words: str) -> tuple[str, ...]:
    return tuple(t.folded.replace("'", "") for t in tokens(words))


@functools.lru_cache(maxsize=4096)
def split_name(person: PersonInfo) -> PersonName:
    first = _keys(person.first_name)
    words = _keys(person.name)
    rest = words[len(first):] if words[:len(first)] == first else tuple(
        w for w in words if w not in first)
    return PersonName(first, tuple(w for w in rest if w not in PARTICLES and len(w) > 1))


class PersonHit(NamedTuple):
    start: int
    end: int
    person: PersonInfo
    kind: str                   # "full" | "surname" | "first"
    token_ids: tuple[int, ...]


def find_person(text: str, person: PersonInfo, *, surname_alone: bool = True,
                first_alone: bool = True) -> list[PersonHit]:
    """Where ``person`` is named in ``text``: full name or first + a surname ("full"), a
    surname on its own ("surname"), the first name on its own ("first"). Only capitalised
    words count."""
    toks, keys = tokens(text), token_keys(text)
    name = split_name(person)
    hits: list[PersonHit] = []
    i, n, k = 0, len(toks), len(name.first)
    while i < n:
        if k and keys[i:i + k] == name.first and all(
                is_capitalized(toks[j].text) for j in range(i, i + k)):
            j = i + k
            while j < n and (keys[j] in PARTICLES or (
                    keys[j] in name.surnames and is_capitalized(toks[j].text))):
                j += 1
            while j > i + k and keys[j - 1] in PARTICLES:
                j -= 1
            if j > i + k:
                hits.append(PersonHit(toks[i].start, toks[j - 1].end, person, "full",
                                      tuple(range(i, j))))
            elif first_alone:
                hits.append(PersonHit(toks[i].start, toks[j - 1].end, person, "first",
                                      tuple(range(i, j))))
            i = j
            continue
        if surname_alone and keys[i] in name.surnames and is_capitalized(toks[i].text):
            hits.append(PersonHit(toks[i].start, toks[i].end, person, "surname", (i,)))
        i += 1
    return hits


def find_in_compact(text: str, person: PersonInfo, only: frozenset[int]) -> list[PersonHit]:
    """Names run together in hashtags, handles and web addresses ("#TeamMariaLopez",
    "@maria_lopez", "/stories/marialopez"): a surname or first name (4+ letters; shorter ones
    only as the whole word) inside the tokens ``only``."""
    toks, keys = tokens(text), token_keys(text)
    name = split_name(person)
    hits: list[PersonHit] = []
    for idx in sorted(only):
        word, tok = keys[idx], toks[idx]
        if any(s in word if len(s) >= 4 else s == word for s in name.surnames):
            hits.append(PersonHit(tok.start, tok.end, person, "surname", (idx,)))
        elif any(f in word if len(f) >= 4 else f == word for f in name.first):
            hits.append(PersonHit(tok.start, tok.end, person, "first", (idx,)))
    return hits


class KnownIndex(NamedTuple):
    """The library's people, indexed so a post is scanned once, whatever their number."""
    full: dict[tuple[str, ...], tuple[PersonInfo, ...]]   # first-name keys + one surname
    compact: dict[str, tuple[PersonInfo, ...]]            # surname keys of 4+ letters
    staff_words: frozenset[str]                           # every word of staff names
    longest: int                                          # longest key in ``full``


_INDEXES: dict[int, tuple[tuple[PersonInfo, ...], KnownIndex]] = {}


def known_index(people: tuple[PersonInfo, ...]) -> KnownIndex:
    """Index of everyone but staff (whose names are matched separately). Kept for the last
    few ``people`` tuples by identity, since hashing a large tuple costs more than a check."""
    cached = _INDEXES.get(id(people))
    if cached is not None and cached[0] is people:
        return cached[1]
    full: dict[tuple[str, ...], list[PersonInfo]] = {}
    compact: dict[str, list[PersonInfo]] = {}
    staff: set[str] = set()
    for person in people:
        name = split_name(person)
        if person.kind == "staff":
            staff.update(name.first + name.surnames)
            continue
        for surname in name.surnames if name.first else ():
            full.setdefault((*name.first, surname), []).append(person)
            if len(surname) >= 4:
                compact.setdefault(surname, []).append(person)
    index = KnownIndex({k: tuple(v) for k, v in full.items()},
                       {k: tuple(v) for k, v in compact.items()}, frozenset(staff),
                       max((len(k) for k in full), default=0))
    if len(_INDEXES) >= 8:
        _INDEXES.clear()
    _INDEXES[id(people)] = (people, index)
    return index


def find_known(text: str, index: KnownIndex, skip: str | None = None) -> list[PersonHit]:
    """Full names (first name + a surname) of indexed people in ``text``, except the person
    whose display id is ``skip``."""
    toks, keys = tokens(text), token_keys(text)
    hits: list[PersonHit] = []
    i, n = 0, len(toks)
    while i < n:
        found = None
        if is_capitalized(toks[i].text):
            for size in range(min(index.longest, n - i), 1, -1):
                people = [p for p in index.full.get(keys[i:i + size], ())
                          if p.display_id != skip]
                if people and all(is_capitalized(toks[j].text) for j in range(i, i + size)):
                    found = (size, people[0])
                    break
        if found is None:
            i += 1
            continue
        size, person = found
        j, surnames = i + size, split_name(person).surnames
        while j < n and keys[j] in surnames and is_capitalized(toks[j].text):
            j += 1
        hits.append(PersonHit(toks[i].start, toks[j - 1].end, person, "full",
                              tuple(range(i, j))))
        i = j
    return hits


def find_known_compact(text: str, index: KnownIndex, only: frozenset[int],
                       skip: str | None = None) -> list[PersonHit]:
    """Indexed people's surnames run together inside the tokens ``only`` (see
    find_in_compact), except the person whose display id is ``skip``."""
    toks, keys = tokens(text), token_keys(text)
    hits: list[PersonHit] = []
    for idx in sorted(only):
        word = keys[idx][:40]
        for a in range(len(word) - 3):
            people = next(([p for p in index.compact[word[a:b]] if p.display_id != skip]
                           for b in range(len(word), a + 3, -1)
                           if word[a:b] in index.compact), None)
            if people:
                hits.append(PersonHit(toks[idx].start, toks[idx].end, people[0], "surname",
                                      (idx,)))
                break
    return hits
