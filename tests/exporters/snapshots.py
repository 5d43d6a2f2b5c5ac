"""ExportPost records made directly, for exporter tests that need no library."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from studio.exporters.ics import post_uid
from studio.exporters.model import ExportImage, ExportPost

CHICAGO = ZoneInfo("America/Chicago")


def snap(n: int, *, channel: str = "instagram", text: str = "Hello", title: str = "Title",
         at: dt.datetime | None = None, link: str | None = None, sequence: int = 0,
         campaign: str | None = None, images: int = 0) -> ExportPost:
    when = at if at is not None else dt.datetime(2031, 3, 3, 9, 0, tzinfo=CHICAGO) + \
        dt.timedelta(hours=n)
    return ExportPost(
        post_id=n, display_id=f"P-{n}", channel=channel, title=title, status="approved",
        text=text, hashtags=(), link=link, composed=text, scheduled_at=when,
        campaign=campaign, revision=1, revision_id=n, digest="0" * 64,
        uid=post_uid("library-1", n), sequence=sequence, approved_by="Casey",
        approved_at=dt.datetime(2031, 3, 1, tzinfo=dt.UTC),
        images=tuple(ExportImage(f"M-{i}", "0" * 32, None, f"alt {i}") for i in range(images)))
