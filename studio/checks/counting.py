"""Text length as each channel counts it (``ChannelSpec.counting``).

x-weighted
    X's weighted count, implemented from docs.x.com "Counting characters" and the twitter-text
    v3 configuration it describes: text is NFC-normalized; code points U+0000-U+10FF,
    U+2000-U+200D, U+2010-U+201F and U+2032-U+2037 weigh 1, every other code point 2; every
    web address weighs 23 whatever its length (t.co wrapping); an emoji sequence (ZWJ family,
    skin tone, flag, keycap) weighs 2 as a whole, recognised by the Unicode emoji sequence
    grammar (UTS #51) rather than a fixed list, so new emoji count right without an update.
    Checked against twitter-text's conformance cases in tests/checks/test_counting.py. Our own
    implementation because no Python port is well kept: twitter-text-parser 3.0.0 (2023) imports
    pkg_resources without declaring setuptools and carries Unicode 12 emoji data (it counts
    U+1F9D1 U+200D U+2695 as 5 and U+1FAF6 U+1F3FD as 4; X counts 2); twitter-text 3.0 (2017)
    and tweet-counter 0.1.0 (2022) are older still.
threads
    Code points, except that an emoji counts as its UTF-8 byte length (Meta's Threads docs).
codepoints
    Unicode code points after NFC normalization.

Limits of our X count: a web address without http(s):// is recognised when its top-level
domain is in the Public Suffix List snapshot in assets/checks/tlds.txt; X's list may differ for
brand-new domains. Auto-filled @replies (which X does not count) do not exist in our posts.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from studio.checks.base import PostDraft
from studio.checks.text import emoji_spans, url_spans

X_URL_WEIGHT = 23
_X_LIGHT = ((0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))


def _x_char_weight(ch: str) -> int:
    cp = ord(ch)
    if cp <= 0x10FF:
        return 1
    for lo, hi in _X_LIGHT:
        if lo <= cp <= hi:
            return 1
    return 2


@dataclass(frozen=True)
class Count:
    length: int                 # as the channel counts it
    over_at: int | None         # offset in the counted text where the limit is first passed
    normalized_same: bool       # NFC left the text unchanged (so offsets are the caller's)


def _walk(text: str, limit: int | None, *, url_weight: int | None,
          emoji_weight: str) -> Count:
    norm = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    spans: dict[int, tuple[int, int]] = {}
    for s, e in emoji_spans(norm):
        spans[s] = (e, -1)
    if url_weight is not None:
        for s, e in url_spans(norm):
            spans[s] = (e, url_weight)
    total, over_at, i, n = 0, None, 0, len(norm)
    fast = not spans and norm.isascii()
    if fast:
        total = n
        over_at = limit if limit is not None and n > limit else None
        return Count(total, over_at, norm == text)
    while i < n:
        entity = spans.get(i)
        if entity is not None:
            end, weight = entity
            if weight < 0:  # an emoji
                weight = 2 if emoji_weight == "two" else len(norm[i:end].encode("utf-8"))
        else:
            end = i + 1
            weight = _x_char_weight(norm[i]) if emoji_weight == "two" else 1
        total += weight
        if over_at is None and limit is not None and total > limit:
            over_at = i
        i = end
    return Count(total, over_at, norm == text)


def count(text: str, counting: str, limit: int | None = None, *,
          url_weight: int = X_URL_WEIGHT) -> Count:
    """Length of ``text`` by the named counting rule, and where ``limit`` is first passed."""
    if counting == "x-weighted":
        return _walk(text, limit, url_weight=url_weight, emoji_weight="two")
    if counting == "threads":
        return _walk(text, limit, url_weight=None, emoji_weight="bytes")
    if counting == "codepoints":
        norm = unicodedata.normalize("NFC", text)
        over = limit if limit is not None and len(norm) > limit else None
        return Count(len(norm), over, norm == text)
    raise ValueError(f"unknown counting rule {counting!r}")


def x_weighted_length(text: str) -> int:
    return count(text, "x-weighted").length


def composed_text(post: PostDraft) -> str:
    """The text as it will be published: the post text, then the hashtags that are not already
    in it (a blank line, then ``#Tag #Tag``), then the link if it is not already in it (on its
    own line). Exporters that lay a post out differently should count their own layout.
    """
    text = post.text
    lowered = text.casefold()
    tags = [f"#{h.lstrip('#')}" for h in post.hashtags]
    missing = [t for t in tags if t.casefold() not in lowered]
    if missing:
        text = f"{text}\n\n{' '.join(missing)}" if text else " ".join(missing)
    if post.link and post.link not in text:
        text = f"{text}\n{post.link}" if text else post.link
    return text
