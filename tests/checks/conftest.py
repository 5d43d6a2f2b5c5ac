"""Factories for check contexts: real-looking posts with a patient, a consent and a channel.

``make_ctx(text=..., channel="instagram", uses={"first-name", "photo"}, ...)`` builds a
CheckContext; ``image(...)`` builds a MediaInfo. Defaults: patient PT-1 Maria Lopez Garcia
(first name Maria), consent C-1 signed 2024-01-01 covering the channel, scheduled 2024-06-01.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from studio.channels import channel as channel_spec
from studio.checks.base import (
    CheckContext,
    ConsentInfo,
    Finding,
    MediaInfo,
    PersonInfo,
    PostDraft,
)

SUBJECT = PersonInfo("PT-1", "Maria Lopez Garcia", "Maria", dt.date(1980, 4, 2))
OTHER_PATIENT = PersonInfo("PT-2", "Ana Ruiz", "Ana")
STAFF = PersonInfo("U-3", "Priya Patel", "Priya", kind="staff")
REPRESENTATIVE = PersonInfo("PT-9", "Rosa Martinez", "Rosa", kind="representative")
SCHEDULED = dt.datetime(2024, 6, 1, 15, 0, tzinfo=dt.UTC)
_UNSET: Any = object()


def consent(*, uses: Iterable[str] = ("first-name", "photo"),
            channels: Iterable[str] = ("instagram",), subject_id: str = "PT-1",
            display_id: str = "C-1", signed_on: dt.date = dt.date(2024, 1, 1),
            expires_on: dt.date | None = None, expiry_event: str | None = None,
            revoked_at: dt.datetime | None = None,
            remuneration: str | None = None) -> ConsentInfo:
    return ConsentInfo(display_id, subject_id, frozenset(channels), frozenset(uses), signed_on,
                       expires_on, expiry_event, revoked_at, remuneration)


def image(display_id: str = "M-1", *, mime: str = "image/jpeg", width: int = 1080,
          height: int = 1350, byte_size: int = 900_000,
          alt_text: str = "Maria smiles in the garden outside the clinic.",
          depicted: tuple[str, ...] = ("PT-1",),
          crop: tuple[float, float, float, float] | None = None) -> MediaInfo:
    return MediaInfo(display_id, mime, width, height, byte_size, alt_text, depicted, crop)


def make_ctx_fn(text: str = "Maria is back in the garden.", *, channel: str = "instagram",
                uses: Iterable[str] = ("first-name", "photo"),
                consent_channels: Iterable[str] | None = None,
                the_consent: ConsentInfo | None = _UNSET, subject: PersonInfo | None = SUBJECT,
                hashtags: tuple[str, ...] = (), link: str | None = None,
                media: tuple[MediaInfo, ...] = (),
                scheduled_at: dt.datetime | None = SCHEDULED,
                depicted_consents: dict[str, ConsentInfo | None] | None = None,
                known_people: tuple[PersonInfo, ...] = (SUBJECT, OTHER_PATIENT, STAFF,
                                                        REPRESENTATIVE),
                remuneration: str | None = None, language: str = "en") -> CheckContext:
    if the_consent is _UNSET:
        the_consent = consent(uses=uses, channels=consent_channels or (channel,),
                              remuneration=remuneration)
    post = PostDraft(channel, text, hashtags, link, media, scheduled_at)
    return CheckContext(post=post, channel=channel_spec(channel), subject=subject,
                        consent=the_consent, depicted_consents=depicted_consents or {},
                        known_people=known_people,
                        now=dt.datetime(2024, 5, 20, 9, 0, tzinfo=dt.UTC),
                        language=language)  # type: ignore[arg-type]


@pytest.fixture
def make_ctx() -> Callable[..., CheckContext]:
    return make_ctx_fn


def spans(findings: list[Finding], text: str, rule: str | None = None,
          severity: str | None = None, field: str = "text") -> list[str]:
    """The highlighted text of each finding (filtered), for readable assertions."""
    return [text[f.span[0]:f.span[1]] for f in findings
            if f.span is not None and f.field == field
            and (rule is None or f.rule == rule) and (severity is None or f.severity == severity)]
