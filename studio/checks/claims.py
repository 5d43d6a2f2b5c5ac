"""Rule claims: absolute or unsubstantiated medical claims, as warnings asking for evidence.

The words and phrases are a curated list in assets/checks/claims.toml (English and Spanish),
each with why a reviewer looks twice and what to do instead; every list is searched in every
post, in the text and in alt texts. A match that overlaps an "except" phrase is not a claim
("find a cure", "no guarantee", "el cura" the priest, "100% of proceeds"). A warning never
blocks: the author justifies it (for example with the study that backs it) and the reviewer
decides.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from studio.checks import wordlists
from studio.checks.base import CheckContext, Finding
from studio.checks.text import PhraseMatcher, published_fields, tokens

RULE = "claims"


class Claim(NamedTuple):
    what: str
    why: str
    fix: str


class Claims(NamedTuple):
    """All claims in one pass: one phrase matcher, one regex, one exception matcher."""
    claims: tuple[Claim, ...]
    phrases: PhraseMatcher
    by_phrase: dict[str, int]           # entry as written -> index in ``claims``
    patterns: re.Pattern[str]           # one named group per claim with patterns: c<index>
    exceptions: PhraseMatcher


@functools.cache
def claim_list() -> Claims:
    claims: list[Claim] = []
    by_phrase: dict[str, int] = {}
    groups: list[str] = []
    excepts: list[str] = []
    for i, entry in enumerate(wordlists.table("claims.toml")["claim"]):
        claims.append(Claim(entry["what"], entry["why"], entry["fix"]))
        for phrase in entry.get("phrases", []):
            by_phrase.setdefault(phrase, i)
        if entry.get("patterns"):
            groups.append(f"(?P<c{i}>" + "|".join(f"(?:{p})" for p in entry["patterns"]) + ")")
        excepts += entry.get("except", [])
    return Claims(tuple(claims), PhraseMatcher(by_phrase, plurals=True), by_phrase,
                  re.compile("|".join(groups) or "(?!)", re.IGNORECASE),
                  PhraseMatcher(excepts))


def find_claims(text: str) -> list[tuple[int, int, Claim]]:
    """(start, end, claim) of each claim in ``text``, left to right, without overlaps."""
    cl, toks = claim_list(), tokens(text)
    spans = [(s, e, cl.by_phrase[p]) for s, e, p in cl.phrases.find(toks)]
    for m in cl.patterns.finditer(text):
        name = m.lastgroup
        if name is not None:
            spans.append((m.start(), m.end(), int(name[1:])))
    if not spans:
        return []
    excepted = cl.exceptions.find(toks)
    found: list[tuple[int, int, Claim]] = []
    for s, e, i in sorted(spans, key=lambda x: (x[0], -x[1], x[2])):
        if any(s < xe and xs < e for xs, xe, _ in excepted):
            continue
        if any(s < fe and fs < e for fs, fe, _ in found):
            continue
        found.append((s, e, cl.claims[i]))
    return found


def check(ctx: CheckContext) -> list[Finding]:
    out: list[Finding] = []
    for field, text in published_fields(ctx.post):
        if field != "text" and not field.startswith("alt:"):
            continue
        for s, e, claim in find_claims(text):
            out.append(Finding(RULE, "warning",
                               f"'{text[s:e]}' reads as {claim.what}. {claim.why}",
                               f"{claim.fix} If you keep it, justify it with the evidence.",
                               field, (s, e)))
    return out
