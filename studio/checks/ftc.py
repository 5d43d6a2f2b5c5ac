"""Rule ftc.disclosure: FTC Endorsement Guides (16 CFR Part 255, revised 2023).

- 255.5, material connection: when the consent records remuneration (money, a gift card, free
  or discounted care, travel costs, employment), the post text must say so in words a reader
  cannot miss. A disclosure hashtag (#ad, #publicidad...) counts only outside the run of
  hashtags that ends the post; one only there, or only in the hashtags field, is "buried".
  No disclosure, or only a buried one -> error. A disclosure past the first 125 characters on
  Instagram -> info (captions fold behind "more" there; a common convention, not a published
  platform rule).
- 255.2(b), typicality: an outcome statement ("I lost 40 pounds", "my pain is gone", "back to
  running in 2 weeks", "perdí 20 kilos") -> warning asking to state what patients generally
  can expect, unless the post already does ("most patients...", "la mayoría de los
  pacientes..."). "Results may vary" alone is not enough (the FTC removed that safe harbor).
Phrases: assets/checks/ftc.toml.
"""

from __future__ import annotations

import functools
import re

from studio.checks import wordlists
from studio.checks.base import CheckContext, ConsentInfo, Finding
from studio.checks.text import HASHTAG_RE, PhraseMatcher, fold, tokens, trailing_tags_start

RULE = "ftc.disclosure"
_FOLD_AT = 125
_EXAMPLES = {
    "en": "e.g. 'Maria received a $50 gift card as thanks for sharing her story.'",
    "es": "p. ej. 'María recibió una tarjeta de regalo de 50 $ como agradecimiento por "
          "compartir su historia.'",
}


@functools.cache
def _phrases(section: str, key: str) -> PhraseMatcher:
    return PhraseMatcher(wordlists.strings("ftc.toml", section, key), plurals=True)


@functools.cache
def _hashtags() -> frozenset[str]:
    return frozenset(fold(h) for h in wordlists.strings("ftc.toml", "disclosure", "hashtags"))


@functools.cache
def _outcome_re() -> re.Pattern[str]:
    pats = wordlists.strings("ftc.toml", "outcome", "patterns")
    return re.compile("|".join(f"(?:{p})" for p in pats), re.IGNORECASE)


def disclosure_spans(ctx: CheckContext) -> tuple[list[tuple[int, int]], bool]:
    """Spans of clear disclosures in the post text, and whether a buried one exists."""
    text = ctx.post.text
    clear = [(s, e) for s, e, _ in _phrases("disclosure", "phrases").find(tokens(text))
             if not (s > 0 and text[s - 1] == "#")]   # hashtags are judged below
    tail = trailing_tags_start(text)
    buried = False
    for m in HASHTAG_RE.finditer(text):
        if fold(m.group(1)) in _hashtags():
            if m.start() >= tail:
                buried = True
            else:
                clear.append(m.span())
    buried = buried or any(fold(h.lstrip("#")) in _hashtags() for h in ctx.post.hashtags)
    return sorted(clear), buried


def _disclosure(ctx: CheckContext, consent: ConsentInfo) -> list[Finding]:
    clear, buried = disclosure_spans(ctx)
    example = _EXAMPLES.get(ctx.language, _EXAMPLES["en"])
    if clear:
        first = clear[0]
        if ctx.post.channel == "instagram" and first[0] >= _FOLD_AT:
            return [Finding(RULE, "info", "The disclosure starts after the first 125 "
                            "characters, which Instagram may hide behind 'more' (a common "
                            "convention, not a published platform rule).",
                            "Move the disclosure near the start.", "text", first)]
        return []
    where = ("is only a hashtag at the end or in the hashtag list, where readers scroll past it"
             if buried else "is missing")
    return [Finding(RULE, "error", f"Consent {consent.display_id} records that the patient "
                    f"received something for this story ({consent.remuneration}), so the post "
                    f"must say so clearly. The disclosure {where}.",
                    f"Say it in words in the post itself, {example}", "text", None)]


def _outcomes(ctx: CheckContext) -> list[Finding]:
    text = ctx.post.text
    matches = list(_outcome_re().finditer(text))
    if not matches:
        return []
    toks = tokens(text)
    if _phrases("typical", "phrases").find(toks):
        return []
    weak = bool(_phrases("typical", "not_enough").find(toks))
    note = (" 'Results may vary' on its own is not enough under the FTC's rules." if weak
            else "")
    return [Finding(RULE, "warning", "This describes a treatment result. Readers take a "
                    "testimonial as what patients generally get." + note,
                    "Add what results patients generally can expect (with its source), e.g. "
                    "'Most patients return to light activity in 6 to 8 weeks.'", "text",
                    m.span()) for m in matches]


def check(ctx: CheckContext) -> list[Finding]:
    out: list[Finding] = []
    if ctx.consent is not None and ctx.consent.remuneration:
        out += _disclosure(ctx, ctx.consent)
    out += _outcomes(ctx)
    return out
