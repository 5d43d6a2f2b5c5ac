"""Checks on a post as it is being written, before anything is saved.

The composer shows findings while the author types. It must see exactly what submit will see,
so this builds the same :class:`~studio.checks.base.CheckContext` through
:func:`studio.workflow.check_context.build_context` (the story's subject, the consents in force
at the scheduled time, the people the library knows), only from unsaved text. The text is used
as typed (not trimmed or normalised), so each finding's span points into the editor's text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from studio.channels import channel as channel_spec
from studio.checks import run_checks
from studio.checks.base import Finding, PostDraft
from studio.errors import BadInput
from studio.library.library import Library
from studio.models import MediaAsset, Story
from studio.workflow.check_context import build_context, media_info
from studio.workflow.lookup import get_by_display_id
from studio.workflow.posts import MediaChoice


def preview_findings(lib: Library, story: str, channel: str, text: str,
                     hashtags: Sequence[str] = (), link: str | None = None,
                     media: Sequence[MediaChoice] = (),
                     scheduled_at: dt.datetime | None = None, *,
                     now: dt.datetime | None = None) -> list[Finding]:
    """Every check's findings on an unsaved draft of a post for ``story`` on ``channel``."""
    spec = channel_spec(channel)
    if scheduled_at is not None and scheduled_at.tzinfo is None:
        raise BadInput("the scheduled time needs a time zone")
    tags = tuple(t.strip().lstrip("#") for t in hashtags if t.strip().lstrip("#"))
    with lib.read() as session:
        row = get_by_display_id(session, Story, story)
        infos = []
        for choice in media:
            asset = get_by_display_id(session, MediaAsset, choice.media)
            alt = choice.alt_text if choice.alt_text is not None else asset.alt_text
            infos.append(media_info(asset, alt, choice.crop))
        draft = PostDraft(spec.name, text, tags, (link or "").strip() or None, tuple(infos),
                          scheduled_at, title=row.title)
        context = build_context(session, row, draft, lib.timezone, now)
    return run_checks(context)
