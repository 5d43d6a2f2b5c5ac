"""Rule channel: what the channel accepts (assets/channels.toml, via ``ctx.channel``).

- Text length as the channel counts it (counting.py), over the text as it will be published:
  the post text, then the hashtags not already in it, then the link (counting.composed_text).
- Hashtags and @mentions over the channel's limits; images over the channel's count.
- Each image: format, file size, aspect ratio (of the crop when one is set), width limits.
- Links in captions of a channel where they cannot be clicked (info).
A limit the channel spec marks as unverified is a warning whose message says "(a common
convention, not a published platform rule)"; a published limit is an error. Width outside
the channel's range is a warning (too narrow: enlarged and blurry) or info (too wide: scaled
down). Video limits are not in the channel specs, so videos are only noted (info).
"""

from __future__ import annotations

from studio.channels import ChannelSpec
from studio.checks.base import CheckContext, Finding, MediaInfo, Severity
from studio.checks.counting import composed_text, count
from studio.checks.text import HASHTAG_RE, MENTION_RE, fold, url_spans

RULE = "channel"
CONVENTION = " (a common convention, not a published platform rule)"
_UNITS = {"x-weighted": "characters as X counts them (every link 23, emoji 2)",
          "threads": "characters as Threads counts them (an emoji counts as several)",
          "codepoints": "characters"}
_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP", "image/gif": "GIF",
            "image/heic": "HEIC", "image/tiff": "TIFF"}
_TOLERANCE = 0.01


def _severity(spec: ChannelSpec, *facts: str) -> tuple[Severity, str]:
    if any(spec.is_unverified(f) for f in facts):
        return "warning", CONVENTION
    return "error", ""


def _length(ctx: CheckContext) -> list[Finding]:
    post, spec = ctx.post, ctx.channel
    if not post.text.strip() and not post.media:
        return [Finding(RULE, "error", "The post is empty.", "Write the post text.")]
    composed = composed_text(post)
    c = count(composed, spec.counting, spec.text_limit, url_weight=spec.url_weight)
    if c.length <= spec.text_limit:
        return []
    severity, note = _severity(spec, "text_limit")
    span = None
    if c.normalized_same and c.over_at is not None and c.over_at < len(post.text):
        span = (c.over_at, len(post.text))
    extra = (" That includes the hashtags and link added at the end." if composed != post.text
             else "")
    return [Finding(RULE, severity, f"The post is {c.length} {_UNITS.get(spec.counting, '')}, "
                    f"over {spec.label}'s limit of {spec.text_limit}{note}.{extra}",
                    f"Cut at least {c.length - spec.text_limit}. The highlighted part is past "
                    "the limit.", "text", span)]


def _tags(ctx: CheckContext) -> list[Finding]:
    post, spec = ctx.post, ctx.channel
    composed = composed_text(post)
    out: list[Finding] = []
    tags = {fold(m.group(1)) for m in HASHTAG_RE.finditer(composed)}
    if spec.hashtag_limit is not None and len(tags) > spec.hashtag_limit:
        severity, note = _severity(spec, "hashtag_limit")
        out.append(Finding(RULE, severity, f"The post has {len(tags)} hashtags; {spec.label} "
                           f"allows {spec.hashtag_limit}{note}.",
                           f"Keep the {spec.hashtag_limit} that matter most.",
                           "hashtags" if post.hashtags else "text"))
    mentions = {m.group(1).lower() for m in MENTION_RE.finditer(composed)}
    if spec.mention_limit is not None and len(mentions) > spec.mention_limit:
        severity, note = _severity(spec, "mention_limit")
        out.append(Finding(RULE, severity, f"The post tags {len(mentions)} accounts; "
                           f"{spec.label} allows {spec.mention_limit}{note}.",
                           f"Tag at most {spec.mention_limit} accounts."))
    if not spec.links_clickable and (post.link or url_spans(post.text)):
        out.append(Finding(RULE, "info", f"Links in {spec.label} captions cannot be clicked.",
                           "Say 'link in bio' and put the link there.",
                           "link" if post.link else "text"))
    return out


def _image(spec: ChannelSpec, m: MediaInfo) -> list[Finding]:
    field = f"media:{m.display_id}"
    out: list[Finding] = []
    # The exporter re-encodes every image to the channel's format and size, so the stored
    # file's format and weight are notes for the author, not problems.
    if m.mime not in spec.image_formats:
        accepted = ", ".join(_FORMATS.get(f, f) for f in spec.image_formats)
        out.append(Finding(RULE, "info", f"{m.display_id} is {_FORMATS.get(m.mime, m.mime)}; "
                           f"{spec.label} takes {accepted}, so the export converts it.",
                           "Nothing to do.", field))
    if m.byte_size > spec.image_max_bytes:
        out.append(Finding(RULE, "info", f"{m.display_id} is {m.byte_size / 1e6:.1f} MB; "
                           f"{spec.label} takes up to {spec.image_max_bytes / 1e6:g} MB, so the "
                           "export makes it smaller.", "Nothing to do.", field))
    if m.width <= 0 or m.height <= 0:
        return out
    _, _, w, h = m.crop or (0.0, 0.0, 1.0, 1.0)
    width, height = m.width * w, m.height * h
    ratio = width / height if height else 0.0
    if ratio < spec.aspect_min - _TOLERANCE or ratio > spec.aspect_max + _TOLERANCE:
        severity, note = _severity(spec, "aspect_min", "aspect_max")
        shape = "crop" if m.crop else "image"
        out.append(Finding(RULE, severity, f"The {shape} of {m.display_id} is {width:.0f}x"
                           f"{height:.0f} (ratio {ratio:.2f}); {spec.label} accepts ratios from "
                           f"{spec.aspect_min:g} to {spec.aspect_max:g}{note}.",
                           "Crop it to fit, e.g. "
                           f"{spec.recommended_size[0]}x{spec.recommended_size[1]}.", field))
    if spec.min_width is not None and width < spec.min_width:
        out.append(Finding(RULE, "warning", f"{m.display_id} is {width:.0f} px wide; "
                           f"{spec.label} enlarges images under {spec.min_width} px, which "
                           "looks blurry.", "Use a larger image.", field))
    if spec.max_width is not None and width > spec.max_width:
        out.append(Finding(RULE, "info", f"{m.display_id} is {width:.0f} px wide; "
                           f"{spec.label} scales it down to {spec.max_width} px.",
                           "Nothing to do, unless fine detail matters.", field))
    return out


def _media(ctx: CheckContext) -> list[Finding]:
    spec = ctx.channel
    images = [m for m in ctx.post.media if m.mime.startswith("image/")]
    out: list[Finding] = []
    if len(images) > spec.max_images:
        severity, note = _severity(spec, "max_images")
        out.append(Finding(RULE, severity, f"The post has {len(images)} images; {spec.label} "
                           f"takes up to {spec.max_images}{note}.",
                           f"Keep at most {spec.max_images} images.",
                           f"media:{images[spec.max_images].display_id}"))
    for m in images:
        out += _image(spec, m)
    for m in ctx.post.media:
        if m.mime.startswith("video/"):
            out.append(Finding(RULE, "info", f"{m.display_id} is a video; video limits for "
                               f"{spec.label} are not checked.", "Check its length and size "
                               "against the channel's rules yourself.", f"media:{m.display_id}"))
    return out


def check(ctx: CheckContext) -> list[Finding]:
    return _length(ctx) + _tags(ctx) + _media(ctx)
