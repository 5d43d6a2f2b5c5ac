"""Rule a11y: what screen-reader users and low-vision readers need.

- Every image has alt text (error), within the channel's alt-text limit (error; a warning with
  "(a common convention, not a published platform rule)" when that limit is unverified).
- Alt text that says nothing ("image", "foto", a file name like IMG_2041.jpg) or opens with
  "image of" / "foto de" (warning: screen readers already announce an image).
- Multi-word hashtags written all in lower (or upper) case, so screen readers read them as one
  long word (info, with the CamelCase form when the words can be found).
- More than 3 emoji in a row (info: each one is read out by name).
Not checked: text that exists only inside an image (needs OCR, which the app does not ship);
captions and transcripts for videos.
"""

from __future__ import annotations

import functools
import re

from studio.checks import names, wordlists
from studio.checks.base import CheckContext, Finding
from studio.checks.counting import count
from studio.checks.text import HASHTAG_RE, emoji_spans, fold, hashtags_text

RULE = "a11y"
MAX_EMOJI_RUN = 3
_FILE_NAME_RE = re.compile(r"(?i)^\s*(?:\S+\.(?:jpe?g|png|gif|webp|heic|tiff?|bmp)|"
                           r"(?:img|dsc|dscn|pxl|photo|image|screenshot)[\s_-]?\d+\S*)\s*$")


@functools.cache
def _placeholders() -> frozenset[str]:
    return frozenset(fold(p) for p in wordlists.strings("a11y.toml", "placeholder_alt"))


@functools.cache
def _openers() -> tuple[str, ...]:
    return tuple(fold(p) for p in wordlists.strings("a11y.toml", "redundant_openers"))


@functools.cache
def _vocabulary() -> frozenset[str]:
    words = {fold(w) for w in wordlists.strings("a11y.toml", "hashtag_words")}
    for lang in ("en", "es"):
        for term in wordlists.strings("conditions.toml", lang):
            words.update(fold(w) for w in re.findall(r"[^\W\d_]+", term) if len(w) > 2)
    return frozenset(words | {g for g in names.given_names() if len(g) > 3})


def split_words(tag: str) -> list[str] | None:
    """Split an all-lowercase hashtag into known words (fewest words wins), or None."""
    low, vocab = fold(tag), _vocabulary()
    if len(low) != len(tag) or len(low) > 60:
        return None
    best: list[list[str] | None] = [[]] + [None] * len(low)
    for end in range(1, len(low) + 1):
        for start in range(max(0, end - 20), end):
            prev = best[start]
            if prev is None or low[start:end] not in vocab:
                continue
            if len(low[start:end]) < 2 and low[start:end] not in ("a", "i", "y", "o"):
                continue
            cand = [*prev, tag[start:end]]
            current = best[end]
            if current is None or len(cand) < len(current):
                best[end] = cand
    result = best[len(low)]
    return result if result is not None and len(result) >= 2 else None


def _alt(ctx: CheckContext) -> list[Finding]:
    spec, out = ctx.channel, []
    for m in ctx.post.media:
        if not m.mime.startswith("image/"):
            continue
        field, alt = f"alt:{m.display_id}", m.alt_text.strip()
        if not alt:
            out.append(Finding(RULE, "error", f"{m.display_id} has no alt text, so people "
                               "using screen readers do not know what it shows.",
                               "Describe what the image shows in a sentence or two.", field))
            continue
        c = count(m.alt_text, "codepoints", spec.alt_text_limit)
        if c.length > spec.alt_text_limit:
            unverified = spec.is_unverified("alt_text_limit")
            note = " (a common convention, not a published platform rule)" if unverified else ""
            span = (c.over_at, len(m.alt_text)) if c.normalized_same and c.over_at else None
            out.append(Finding(RULE, "warning" if unverified else "error",
                               f"The alt text of {m.display_id} is {c.length} characters; "
                               f"{spec.label} takes {spec.alt_text_limit}{note}.",
                               "Shorten it to the essentials.", field, span))
        folded = fold(alt).strip(" .!")
        if folded in _placeholders() or _FILE_NAME_RE.match(alt):
            out.append(Finding(RULE, "warning", f"The alt text of {m.display_id} ('{alt}') "
                               "does not say what the image shows.",
                               "Describe the people, place and action in the image.", field,
                               (0, len(m.alt_text))))
        elif folded.startswith(_openers()):
            opener = next(o for o in _openers() if folded.startswith(o))
            out.append(Finding(RULE, "warning", f"The alt text of {m.display_id} starts with "
                               f"'{alt[:len(opener)]}'; screen readers already say it is an "
                               "image.", "Start with what it shows.", field,
                               (0, len(opener))))
    return out


def _hashtags(ctx: CheckContext) -> list[Finding]:
    out: list[Finding] = []
    fields = [("text", ctx.post.text), ("hashtags", hashtags_text(ctx.post))]
    for field, text in fields:
        for m in HASHTAG_RE.finditer(text):
            tag = m.group(1)
            if len(tag) < 6 or not (tag.islower() or tag.isupper()) or tag.isdigit():
                continue
            words = split_words(tag.lower())
            if words is None and len(tag) < 15:
                continue
            better = "#" + "".join(w.capitalize() for w in words) if words else None
            hint = f"Write it as {better}." if better else "Capitalise each word."
            out.append(Finding(RULE, "info", f"'#{tag}' is read out as one long word by screen "
                               "readers.", hint, field, m.span()))
    return out


def _emoji_runs(ctx: CheckContext) -> list[Finding]:
    text, out = ctx.post.text, []
    spans = emoji_spans(text)
    run: list[tuple[int, int]] = []
    for span in [*spans, (-1, -1)]:
        if run and span[0] >= 0 and not text[run[-1][1]:span[0]].strip():
            run.append(span)
            continue
        if len(run) > MAX_EMOJI_RUN:
            out.append(Finding(RULE, "info", f"{len(run)} emoji in a row: a screen reader reads "
                               "each one out by name.", f"Keep it to {MAX_EMOJI_RUN} or fewer.",
                               "text", (run[0][0], run[-1][1])))
        run = [span] if span[0] >= 0 else []
    return out


def check(ctx: CheckContext) -> list[Finding]:
    return _alt(ctx) + _hashtags(ctx) + _emoji_runs(ctx)
