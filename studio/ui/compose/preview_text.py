"""The post's text as the preview card shows it: hashtags and links styled, cut where the
channel puts its "see more".

The text is :func:`studio.checks.counting.composed_text` (what is published, hashtags and link
appended as the exporter does), split into plain runs, hashtags and links; the cut counts code
points and never splits a hashtag or a link. It is only cut where the channel states how much
its feed shows (``see_more_after`` in assets/channels.toml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from studio.checks.base import PostDraft
from studio.checks.counting import composed_text

TOKEN = re.compile(r"(https?://\S+|#\w+)")
LONG_RUN = re.compile(r"\S{24}(?=\S)")       # a rich-text label cannot wrap inside a word
ZWSP = "\u200b"


@dataclass(frozen=True)
class PreviewText:
    html: str
    plain: str          # the text shown, without markup (for tests and accessibility)
    truncated: bool


def pieces(text: str) -> list[tuple[str, str]]:
    """(kind, text) runs: "plain", "tag" or "link"."""
    out = []
    for i, part in enumerate(TOKEN.split(text)):
        if part:
            kind = "plain" if i % 2 == 0 else ("link" if part.startswith("http") else "tag")
            out.append((kind, part))
    return out


def cut(runs: list[tuple[str, str]], limit: int | None) -> tuple[list[tuple[str, str]], bool]:
    """The runs within ``limit`` code points; a hashtag or link that crosses it is left out."""
    if limit is None or sum(len(t) for _, t in runs) <= limit:
        return runs, False
    kept, used = [], 0
    for kind, text in runs:
        room = limit - used
        if len(text) <= room:
            kept.append((kind, text))
            used += len(text)
            continue
        if kind == "plain" and room > 0:
            kept.append((kind, text[:room]))
        break
    if kept and kept[-1][0] == "plain":
        kept[-1] = ("plain", kept[-1][1].rstrip())
    return kept, True


def preview_text(draft: PostDraft, *, limit: int | None, link_colour: str,
                 links_clickable: bool = True, more: str = "more") -> PreviewText:
    """HTML for a rich-text label; ``limit`` None shows everything."""
    runs, truncated = cut(pieces(composed_text(draft)), limit)
    parts = []
    for kind, text in runs:
        body = escape(LONG_RUN.sub(lambda m: m.group(0) + ZWSP, text)).replace("\n", "<br>")
        if kind == "tag" or (kind == "link" and links_clickable):
            underline = "; text-decoration: underline" if kind == "link" else ""
            body = f'<span style="color: {link_colour}{underline}">{body}</span>'
        parts.append(body)
    plain = "".join(t for _, t in runs)
    if truncated:
        parts.append(f'… <span style="color: {link_colour}; font-weight: 600">'
                     f"{escape(more)}</span>")
        plain += f"… {more}"
    return PreviewText("".join(parts), plain, truncated)
