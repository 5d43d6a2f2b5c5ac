"""Text helpers every check shares: folding, words with offsets, phrases, emoji, URLs, sentences.

Offsets are always into the text as given (never into a folded or normalized copy), so spans
can be highlighted where the person typed them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

from studio.checks import wordlists
from studio.checks.base import PostDraft

# ---------------------------------------------------------------- folding and words


@functools.lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """Lower case without accents: 'Él' -> 'el', 'María' -> 'maria' (for lookups only)."""
    if s.isascii():
        return s.lower()
    decomposed = unicodedata.normalize("NFD", s.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


class Token(NamedTuple):
    text: str      # as written
    folded: str    # fold(text)
    start: int
    end: int


_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@functools.lru_cache(maxsize=512)
def tokens(text: str) -> tuple[Token, ...]:
    """Words (letters and digits; inner apostrophes kept) with their offsets."""
    return tuple(Token(m.group(), fold(m.group()), m.start(), m.end())
                 for m in _WORD_RE.finditer(text))


def is_capitalized(word: str) -> bool:
    return word[:1].isupper() and not (len(word) > 1 and word.isupper())


def strip_possessive(folded: str) -> str:
    return folded[:-2] if folded.endswith("'s") else folded


class PhraseMatcher:
    """Finds any of a list of words or phrases in tokens, longest phrase first.

    Matching is on folded words, so case and accents do not matter, except for entries written
    in capitals (acronyms such as "AIDS", "ALS"), which match only words written in capitals.
    With ``plurals`` the last word of each entry also matches its regular plurals (+s, +es,
    y->ies, z->ces), which covers English and Spanish.
    """

    def __init__(self, phrases: Iterable[str], *, plurals: bool = False) -> None:
        self._index: dict[str, list[tuple[tuple[str, ...], bool, str]]] = {}
        for phrase in phrases:
            words = tuple(t.folded for t in tokens(phrase))
            if not words:
                continue
            acronym = phrase.isupper() and any(c.isalpha() for c in phrase)
            lasts = {words[-1]}
            if plurals and not acronym and len(words[-1]) > 3:
                w = words[-1]
                lasts |= {w + "s", w + "es"}
                if w.endswith("y"):
                    lasts.add(w[:-1] + "ies")
                if w.endswith("z"):
                    lasts.add(w[:-1] + "ces")
            for last in lasts:
                variant = (*words[:-1], last)
                self._index.setdefault(variant[0], []).append((variant, acronym, phrase))
        for entries in self._index.values():
            entries.sort(key=lambda e: -len(e[0]))

    def find(self, toks: tuple[Token, ...]) -> list[tuple[int, int, str]]:
        """(start offset, end offset, entry as written) of each match, left to right."""
        found: list[tuple[int, int, str]] = []
        i, n = 0, len(toks)
        while i < n:
            entries = self._index.get(toks[i].folded)
            matched = 0
            if entries:
                for words, acronym, phrase in entries:
                    k = len(words)
                    if i + k > n or any(toks[i + j].folded != words[j] for j in range(1, k)):
                        continue
                    if acronym and not all(toks[i + j].text.isupper() for j in range(k)):
                        continue
                    found.append((toks[i].start, toks[i + k - 1].end, phrase))
                    matched = k
                    break
            i += matched or 1
        return found


# ---------------------------------------------------------------- emoji

# Extended_Pictographic (UTS #51), as code point ranges; new emoji inside these blocks are
# recognised without a data update. Skin tones and regional indicators are handled below.
_PICTO = ("\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a\u231b\u2328"
          "\u2388\u23cf\u23e9-\u23f3\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0\u25fb-\u25fe"
          "\u2600-\u27bf\u2934\u2935\u2b05-\u2b07\u2b1b\u2b1c\u2b50\u2b55\u3030\u303d\u3297"
          "\u3299\U0001f000-\U0001f1e5\U0001f200-\U0001f3fa\U0001f400-\U0001faff"
          "\U0001fc00-\U0001fffd")
_ELEMENT = (f"[{_PICTO}](?:\ufe0f|\ufe0e|[\U0001f3fb-\U0001f3ff])?"
            "(?:[\U000e0020-\U000e007e]+\U000e007f)?")
EMOJI_RE = re.compile(
    "[\U0001f1e6-\U0001f1ff]{1,2}"               # flags (a lone regional indicator too)
    "|[0-9#*]\ufe0f?\u20e3"                      # keycaps
    f"|{_ELEMENT}(?:\u200d{_ELEMENT})*"          # pictographs, modifiers, tags, ZWJ chains
    "|[\U0001f3fb-\U0001f3ff]")                  # a lone skin tone
_MAYBE_EMOJI_RE = re.compile(f"[{_PICTO}\u20e3\U0001f1e6-\U0001f1ff\U0001f3fb-\U0001f3ff]")


def emoji_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each emoji as a person sees it (a ZWJ family or a flag is one)."""
    if not _MAYBE_EMOJI_RE.search(text):
        return []
    return [m.span() for m in EMOJI_RE.finditer(text)]


# ---------------------------------------------------------------- web addresses

_NOT_IN_URL = "\\s<>\"“”‘’`|\u200e\u200f\u202a-\u202e\u2066-\u2069"
_URL_WITH_SCHEME = re.compile(rf"(?i)\bhttps?://[^{_NOT_IN_URL}]+")
_URL_BARE = re.compile(
    r"(?i)(?<![\w@./:#-])(?:[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?\.)+([a-z]{2,})(?![\w@-])"
    rf"(?:[/?#][^{_NOT_IN_URL}]*)?")
_TRAILING = ".,;:!?'\"”’»…"


@functools.cache
def tlds() -> frozenset[str]:
    return frozenset(wordlists.lines("tlds.txt"))


def _trim_url(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    if text[end - 1] == ")" and text.count("(", start, end) < text.count(")", start, end):
        end -= 1
    return end


def _host_ok(host: str) -> bool:
    labels = host.split(".")
    return all(0 < len(lab) <= 63 and lab[0] != "-" and lab[-1] != "-" for lab in labels)


def url_spans(text: str) -> list[tuple[int, int]]:
    """Web addresses as X recognises them: with http(s)://, or a bare domain with a real TLD."""
    if "." not in text:
        return []
    spans: list[tuple[int, int]] = []
    for m in _URL_WITH_SCHEME.finditer(text):
        end = _trim_url(text, m.start(), m.end())
        rest = text[m.start():end].split("://", 1)[1]
        host = re.split(r"[/?#]", rest, maxsplit=1)[0].rsplit("@", 1)[-1].split(":")[0]
        if host and "." in host and _host_ok(host) and not host.rsplit(".", 1)[1].isdigit():
            spans.append((m.start(), end))
    taken = list(spans)
    for m in _URL_BARE.finditer(text):
        if any(s <= m.start() < e for s, e in taken) or m.group(1).lower() not in tlds():
            continue
        host = m.group(0).split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
        if "_" in host.rsplit(".", 2)[-2] or not _host_ok(host):
            continue
        spans.append((m.start(), _trim_url(text, m.start(), m.end())))
    return sorted(spans)


# ---------------------------------------------------------------- sentences

_ABBREVIATIONS = frozenset({
    "dr", "dra", "mr", "mrs", "ms", "mx", "sr", "sra", "srta", "st", "sta", "sto", "jr", "prof",
    "vs", "etc", "núm", "num", "apt", "ave", "av", "avda", "blvd", "rd", "ft", "mt", "e.g",
    "i.e", "approx", "dept", "lic", "ing", "ud", "uds", "pp", "fig", "a.m", "p.m", "u.s",
    "ee.uu", "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "ene", "abr", "dic"})
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)|\n\s*")
_OPENERS = " \t\"'“‘(¡¿[-–—*•·"


def _abbrev_before(text: str, dot: int) -> bool:
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    return word in _ABBREVIATIONS or len(word) == 1


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a line break also ends one (posts use them that way)."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group().startswith(".") and m.end() - m.start() == 1 and _abbrev_before(
                text, m.start()):
            continue
        if text[start:m.end()].strip():
            out.append((start, m.end()))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), s + len(text[s:e].rstrip()))
            for s, e in out]


def is_sentence_start(text: str, pos: int) -> bool:
    """True when the word at ``pos`` opens the text, a line or a sentence."""
    j = pos
    while j > 0 and text[j - 1] in _OPENERS:
        j -= 1
    if j == 0 or text[j - 1] in "\n\r:!?…":
        return True
    if text[j - 1] == ".":
        return not _abbrev_before(text, j - 1)
    return False


# ---------------------------------------------------------------- hashtags, fields

HASHTAG_RE = re.compile(r"(?<![\w&#])#([^\W_][\w]*)")
MENTION_RE = re.compile(r"(?<![\w@])@([A-Za-z0-9_]{1,30})(?![\w@])")


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@functools.lru_cache(maxsize=256)
def trailing_tags_start(text: str) -> int:
    """Where the run of hashtags/mentions that ends the text begins (len(text) if none).
    Punctuation and emoji may sit between and after them ("#Salud 💙 #ad.")."""
    i, start = len(text), len(text)
    while i > 0:
        if not _word_char(text[i - 1]):
            if text[i - 1] in "#@":
                break
            i -= 1
            continue
        k = i
        while k > 0 and _word_char(text[k - 1]):
            k -= 1
        if k > 0 and text[k - 1] in "#@" and (k == 1 or not _word_char(text[k - 2])):
            start = i = k - 1
            continue
        break
    return start


def hashtags_text(post: PostDraft) -> str:
    """The text of the "hashtags" field that spans point into: the tags joined by spaces."""
    return " ".join(f"#{h.lstrip('#')}" for h in post.hashtags)


def field_text(post: PostDraft, field: str) -> str:
    """The text a finding's ``field`` names, so spans can be turned into line and column."""
    if field == "text":
        return post.text
    if field == "title":
        return post.title
    if field == "hashtags":
        return hashtags_text(post)
    if field == "link":
        return post.link or ""
    if field.startswith("alt:"):
        for m in post.media:
            if m.display_id == field[4:]:
                return m.alt_text
    return ""


def published_fields(post: PostDraft) -> list[tuple[str, str]]:
    """Every (field, text) that goes out with the post and so can disclose something."""
    out = [("text", post.text)]
    if post.title:
        out.append(("title", post.title))
    if post.hashtags:
        out.append(("hashtags", hashtags_text(post)))
    out.extend((f"alt:{m.display_id}", m.alt_text) for m in post.media if m.alt_text)
    if post.link:
        out.append(("link", post.link))
    return out


def compact_tokens(field: str, text: str) -> frozenset[int]:
    """Tokens where names may be run together: all of a hashtags field or link, and the
    hashtags and @handles of a text."""
    toks = tokens(text)
    return frozenset(i for i, t in enumerate(toks) if field in ("hashtags", "link")
                     or (t.start > 0 and text[t.start - 1] in "#@"))
