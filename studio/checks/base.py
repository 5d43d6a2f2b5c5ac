"""What every check sees and returns. Pure data: no database, no Qt, no clock of its own.

The workflow builds a :class:`CheckContext` from the library (the revision being drafted or
submitted, its story's subject, the consents in force, the channel spec, the people the library
knows) and passes it to :func:`studio.checks.run_checks`. A check returns findings; it never
changes anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from studio.channels import ChannelSpec

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class PersonInfo:
    """A subject (or representative, or staff member) whose name the checks must recognise."""

    display_id: str
    name: str
    first_name: str
    date_of_birth: dt.date | None = None
    kind: Literal["subject", "representative", "staff"] = "subject"


@dataclass(frozen=True)
class ConsentInfo:
    display_id: str
    subject_id: str                      # PT-n of the person it authorizes
    channels: frozenset[str]
    uses: frozenset[str]                 # name, first-name, photo, video, condition, location
    signed_on: dt.date
    expires_on: dt.date | None
    expiry_event: str | None
    revoked_at: dt.datetime | None
    remuneration: str | None
    signer_type: str = "self"

    # The exact instants the library computed (its time zone, revocation, supersession).
    # When given they decide; without them the dates are read as UTC days.
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None

    def in_force_at(self, moment: dt.datetime) -> bool:
        """Signed, not yet expired, not revoked at ``moment`` (expiry is end of that day)."""
        if self.starts_at is not None:
            return self.starts_at <= moment and (self.ends_at is None or moment < self.ends_at)
        day = moment.date()
        if day < self.signed_on:
            return False
        if self.expires_on is not None and day > self.expires_on:
            return False
        return self.revoked_at is None or moment < self.revoked_at


@dataclass(frozen=True)
class MediaInfo:
    display_id: str
    mime: str
    width: int
    height: int
    byte_size: int
    alt_text: str                        # the alt text this revision gives the item
    depicted: tuple[str, ...] = ()       # PT-n of every person shown
    crop: tuple[float, float, float, float] | None = None  # x, y, w, h as fractions


@dataclass(frozen=True)
class PostDraft:
    channel: str
    text: str
    hashtags: tuple[str, ...] = ()
    link: str | None = None
    media: tuple[MediaInfo, ...] = ()
    scheduled_at: dt.datetime | None = None
    title: str = ""          # leaves with the post (calendar entries, file names): checked too


@dataclass(frozen=True)
class CheckContext:
    post: PostDraft
    channel: ChannelSpec
    subject: PersonInfo | None = None                 # None: text checked without a story
    consent: ConsentInfo | None = None                # the subject's consent relied on
    depicted_consents: dict[str, ConsentInfo | None] = field(default_factory=dict)
    known_people: tuple[PersonInfo, ...] = ()         # everyone the library knows by name
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    language: Literal["en", "es"] = "en"
    timezone: str = "UTC"                             # the library's, for dates in messages


@dataclass(frozen=True)
class Finding:
    """One thing a careful compliance officer would point at.

    ``span`` is (start, end) character offsets into the text named by ``field`` ("text",
    "hashtags", "link", "alt:M-3", "schedule", "media:M-3"), so the UI can highlight it.
    """

    rule: str
    severity: Severity
    message: str
    fix: str
    field: str = "text"
    span: tuple[int, int] | None = None

    def line_col(self, text: str) -> tuple[int, int] | None:
        """1-based line and column of the span's start in ``text``."""
        if self.span is None:
            return None
        before = text[: self.span[0]]
        return before.count("\n") + 1, self.span[0] - (before.rfind("\n") + 1) + 1
