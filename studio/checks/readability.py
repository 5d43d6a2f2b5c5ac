"""Rule readability: is the post easy to read? Health-literacy guidance asks for grade 8 or
lower.

English (``ctx.language == "en"``): Flesch-Kincaid grade level,
    0.39 * words/sentences + 11.8 * syllables/words - 15.59; warning above 8.
Spanish (``"es"``): Szigriszt-Pazos perspicuity,
    206.835 - 62.3 * syllables/words - words/sentences, read on the INFLESZ scale
    (Barrio-Cantalejo et al., 2008, built for Spanish health texts): under 55 is "algo difícil"
    or worse, which is where a warning goes (55-65 "normal" is about the same as grade 8).
Each warning points at one of the sentences that raise the score most (up to three): those
without which the text would score no worse, and which are hard on their own. Hashtags,
mentions, links, emoji and numbers are left out. Posts under 30 words are not scored (the
formulas are meant for longer samples; on a single short sentence they are mostly noise).
Syllables are counted by rule, not from a dictionary: vowel groups for English (with the usual
silent-e adjustments), vowel nuclei with diphthong and hiatus rules for Spanish; expect a grade
or so of noise on single sentences.
"""

from __future__ import annotations

import bisect
import functools
import re

from studio.checks.base import CheckContext, Finding
from studio.checks.text import fold, sentences, tokens, trailing_tags_start, url_spans

RULE = "readability"
MAX_GRADE = 8.0
MIN_PERSPICUITY = 55.0
MIN_WORDS = 30
MAX_SENTENCES_SHOWN = 3

_EN_TRIM = re.compile(r"(?:[^laeiouyszxcgh]es|(?<![td])ed|[^laeiouy]e)$")
_EN_GROUPS = re.compile(r"[aeiouy]{1,2}")
_STRONG = frozenset("aeoáéó")
_ACCENTED_WEAK = frozenset("íú")
_VOWELS_ES = frozenset("aeiouáéíóúü")


@functools.lru_cache(maxsize=16384)
def syllables_en(word: str) -> int:
    w = fold(word).strip("'")
    if len(w) <= 3:
        return 1
    w = _EN_TRIM.sub("", w)
    w = w[1:] if w.startswith("y") else w
    return max(1, len(_EN_GROUPS.findall(w)))


@functools.lru_cache(maxsize=16384)
def syllables_es(word: str) -> int:
    w = word.lower()
    count, prev = 0, ""
    for ch in w:
        if ch not in _VOWELS_ES:
            prev = ""
            continue
        if not prev or (ch in _STRONG and prev in _STRONG) or ch in _ACCENTED_WEAK \
                or prev in _ACCENTED_WEAK:
            count += 1
        prev = ch
    return max(1, count)


class _Words:
    """The countable words of a text (no numbers, URLs, hashtags or mentions), tokenised once
    so each sentence's words are a slice: the text may be as long as a blog post allows."""

    def __init__(self, text: str, skip: list[tuple[int, int]]) -> None:
        kept = [t for t in tokens(text) if not t.text.isdigit()
                and not any(s <= t.start < e for s, e in skip)
                and not (t.start > 0 and text[t.start - 1] in "#@")]
        self._starts = [t.start for t in kept]
        self._texts = [t.text for t in kept]

    def between(self, start: int, end: int) -> list[str]:
        return self._texts[bisect.bisect_left(self._starts, start):
                           bisect.bisect_left(self._starts, end)]


def _syllables(language: str, words: list[str]) -> int:
    return sum((syllables_es if language == "es" else syllables_en)(w) for w in words)


def _score(language: str, n_words: int, n_syllables: int, n_sentences: int) -> float:
    wps, spw = n_words / max(1, n_sentences), n_syllables / max(1, n_words)
    if language == "es":
        return 206.835 - 62.3 * spw - wps
    return 0.39 * wps + 11.8 * spw - 15.59


def _hard(language: str, score: float) -> bool:
    return score < MIN_PERSPICUITY if language == "es" else score > MAX_GRADE


def check(ctx: CheckContext) -> list[Finding]:
    text = ctx.post.text
    body_end = trailing_tags_start(text)
    skip = url_spans(text)
    lang = "es" if ctx.language == "es" else "en"
    parts = []
    countable = _Words(text, skip)
    for s, e in sentences(text):
        if s < body_end:
            words = countable.between(s, min(e, body_end))
            if words:
                parts.append((s, min(e, body_end), len(words), _syllables(lang, words)))
    n_words, n_syl, n_sent = sum(p[2] for p in parts), sum(p[3] for p in parts), len(parts)
    if n_words < MIN_WORDS:
        return []
    overall = _score(lang, n_words, n_syl, n_sent)
    if not _hard(lang, overall):
        return []
    if lang == "es":
        level = (f"perspicuity {overall:.0f} on the Szigriszt-Pazos / INFLESZ scale "
                 f"('{'muy difícil' if overall < 40 else 'algo difícil'}'; aim for "
                 f"{MIN_PERSPICUITY:.0f} or more, about grade 8)")
    else:
        level = f"grade {overall:.1f} (Flesch-Kincaid; aim for {MAX_GRADE:.0f} or lower)"
    fix = "Use shorter sentences and everyday words (e.g. 'heart' for 'cardiac')."
    # A sentence raises the score when the text reads easier without it (leave one out).
    sign = -1.0 if lang == "es" else 1.0
    impact = []
    for s, e, w, syl in parts:
        without = _score(lang, n_words - w, n_syl - syl, n_sent - 1) if n_sent > 1 else 0.0
        gain = sign * (overall - without) if n_sent > 1 else 1.0
        if gain >= 0 and _hard(lang, _score(lang, w, syl, 1)):
            impact.append((gain, s, e, w))
    hardest = sorted(impact, reverse=True)[:MAX_SENTENCES_SHOWN]
    if not hardest:
        return [Finding(RULE, "warning", f"The post is hard to read: {level}.", fix)]
    return [Finding(RULE, "warning", f"The post is hard to read: {level}. This sentence "
                    f"({w} words) is one of those that raise it most.", fix, "text", (s, e))
            for _, s, e, w in sorted(hardest, key=lambda x: x[1])]
