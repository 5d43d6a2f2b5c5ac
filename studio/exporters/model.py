"""What exporters read: plain, frozen snapshots of approved posts, built by the workflow.

Exporters never touch the database: the workflow decides what may leave (``export_blocker``),
copies exactly that into these records and hands them over. So an exporter cannot leak a post
the gate refused, and it can be tested without a library.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

Crop = tuple[float, float, float, float]      # x, y, width, height as fractions of the image

#: ``progress(done, total)``: called from the exporting thread as image work completes.
Progress = Callable[[int, int], None]


class CancelFlag(Protocol):
    """Anything with ``is_set()``: a ``threading.Event`` from the UI, or a test double."""

    def is_set(self) -> bool: ...


@dataclass(frozen=True)
class ExportImage:
    media: str                    # M-n
    blob: str                     # vault blob name; the workflow turns it into bytes
    crop: Crop | None
    alt_text: str
    sha256: str = ""              # the approved picture's digest; the decrypted bytes must match
    width: int = 0                # the stored picture's size, px (0: unknown); the crop's
    height: int = 0               # shape in pixels decides the export size


@dataclass(frozen=True)
class ExportPost:
    """One approved post as it will be published: the approved revision, nothing else."""

    post_id: int
    display_id: str               # P-n
    channel: str
    title: str
    status: str
    text: str
    hashtags: tuple[str, ...]
    link: str | None
    composed: str                 # text + hashtags + link, as the checks counted it
    scheduled_at: dt.datetime | None
    campaign: str | None
    revision: int
    revision_id: int
    digest: str
    uid: str                      # stable iCalendar UID
    sequence: int                 # rises with every change to the post
    approved_by: str | None = None
    approved_at: dt.datetime | None = None
    images: tuple[ExportImage, ...] = field(default=())


@dataclass(frozen=True)
class CancelledPost:
    """A post withdrawn after an earlier export: calendars get a cancellation, no content."""

    display_id: str
    channel: str
    uid: str
    sequence: int
    scheduled_at: dt.datetime
