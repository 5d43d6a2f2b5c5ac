"""A post's package: its text rendered from our templates, alt text files and a manifest.

Templates live in assets/templates/ and run in Jinja's SandboxedEnvironment with
StrictUndefined. Post text is only ever a value passed to a template, never template source, so
``{{ }}`` or ``{% %}`` typed into a post prints as typed. HTML output is autoescaped; Markdown
output escapes Markdown syntax and HTML itself (Markdown renderers pass raw HTML through).
Blog and newsletter posts get article.html and article.md; every other channel gets post.txt,
exactly the text that was counted at review.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from studio import __version__
from studio.assets import assets_dir
from studio.exporters.files import WrittenFile, safe_name
from studio.exporters.model import ExportPost

ARTICLE_CHANNELS = ("blog", "newsletter")
_MD_ANYWHERE = re.compile(r"([\\`*_\[\]{}()!|~<>&])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


@dataclass(frozen=True)
class PackageImage:
    file: str
    alt_file: str
    alt: str
    width: int
    height: int
    media: str
    crop: tuple[float, float, float, float] | None
    upscaled: bool


def md_escape(text: str) -> str:
    """Markdown that renders as the literal text (CommonMark backslash escapes)."""
    escaped = _MD_ANYWHERE.sub(lambda m: {"<": "&lt;", ">": "&gt;", "&": "&amp;"}.get(
        m.group(1), "\\" + m.group(1)), text)
    return "\n".join(_MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line)
                     for line in escaped.split("\n"))


def md_url(url: str) -> str:
    """A URL safe inside a Markdown autolink ``<...>``."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%-._~")


@functools.cache
def environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FileSystemLoader(assets_dir() / "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False,
                                     default_for_string=False),
        undefined=StrictUndefined)
    env.filters["md_escape"] = md_escape
    env.filters["md_url"] = md_url
    return env


def folder_name(post: ExportPost) -> str:
    return f"{post.display_id}-{post.channel}-{safe_name(post.title, fallback='post')}"


def _extras(post: ExportPost) -> tuple[list[str], str | None]:
    """Hashtags and link not already in the text, as composed_text adds them."""
    lowered = post.text.casefold()
    tags = [f"#{h.lstrip('#')}" for h in post.hashtags]
    missing = [t for t in tags if t.casefold() not in lowered]
    link = post.link if post.link and post.link not in post.text else None
    return missing, link


def text_files(post: ExportPost, images: Sequence[PackageImage]) -> dict[str, bytes]:
    """The post's text files by name (UTF-8), alt text files included."""
    env = environment()
    hashtags, link = _extras(post)
    out: dict[str, bytes] = {}
    if post.channel in ARTICLE_CHANNELS:
        paragraphs = [p.split("\n") for p in re.split(r"\n\s*\n", post.text) if p.strip()]
        values: dict[str, Any] = {
            "title": post.title or post.display_id, "paragraphs": paragraphs,
            "hashtags": hashtags, "link": link, "language": "en",
            "images": [{"file": i.file, "alt": i.alt, "width": i.width, "height": i.height}
                       for i in images]}
        out["article.html"] = env.get_template("article.html.j2").render(values).encode()
        out["article.md"] = env.get_template("article.md.j2").render(values).encode()
    else:
        out["post.txt"] = env.get_template("social.txt.j2").render(
            text=post.text, hashtags=hashtags, link=link).encode()
    for image in images:
        out[image.alt_file] = image.alt.encode()
    return out


def manifest(post: ExportPost, files: Sequence[WrittenFile], images: Sequence[PackageImage],
             tz: ZoneInfo) -> bytes:
    """manifest.json: what the folder holds, each file's SHA-256, and what was approved."""
    doc = {
        "generator": f"Patient Story Studio {__version__}",
        "post": post.display_id, "channel": post.channel, "title": post.title,
        "scheduled_at": post.scheduled_at.astimezone(tz).isoformat() if post.scheduled_at
        else None,
        "time_zone": tz.key, "campaign": post.campaign,
        "revision": post.revision, "revision_digest": post.digest,
        "approved_by": post.approved_by,
        "approved_at": post.approved_at.isoformat() if post.approved_at else None,
        "files": [{"name": f.path.rsplit("/", 1)[-1], "sha256": f.sha256, "bytes": f.size}
                  for f in sorted(files, key=lambda f: f.path)],
        "images": [{"file": i.file, "alt_text_file": i.alt_file, "source": i.media,
                    "crop": list(i.crop) if i.crop else None, "width": i.width,
                    "height": i.height, "upscaled": i.upscaled} for i in images],
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode()
