"""Build the pure-data CheckContext the checks need from what the library holds."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from studio.channels import channel as channel_spec
from studio.checks.base import CheckContext, ConsentInfo, MediaInfo, PersonInfo, PostDraft
from studio.models import Consent, MediaAsset, Story, Subject, User
from studio.workflow.consent_state import active_consent, window


def person_info(subject: Subject) -> PersonInfo:
    return PersonInfo(subject.display_id, subject.name, subject.first_name,
                      subject.date_of_birth)


def consent_info(session: Session, consent: Consent, tz: ZoneInfo) -> ConsentInfo:
    subject = session.get_one(Subject, consent.subject_id)
    start, end = window(session, consent, tz)
    return ConsentInfo(consent.display_id, subject.display_id, frozenset(consent.channels),
                       frozenset(consent.uses), consent.signed_on, consent.expires_on,
                       consent.expiry_event, consent.revoked_at, consent.remuneration,
                       consent.signer_type, starts_at=start, ends_at=end)


def known_people(session: Session) -> tuple[PersonInfo, ...]:
    """Everyone whose name the library knows: subjects, representatives who signed, staff."""
    people = [person_info(s) for s in session.scalars(select(Subject))]
    for name, in session.execute(select(Consent.signer_name).where(Consent.signer_type != "self")
                                 .distinct()):
        people.append(PersonInfo("", name, name.split()[0] if name.split() else name,
                                 kind="representative"))
    for user in session.scalars(select(User)):
        first = user.display_name.split()[0] if user.display_name.split() else user.username
        people.append(PersonInfo(f"user:{user.username}", user.display_name, first,
                                 kind="staff"))
    return tuple(people)


def media_info(asset: MediaAsset, alt_text: str,
               crop: tuple[float, float, float, float] | None) -> MediaInfo:
    depicted = tuple(f"PT-{d.subject_id}" for d in asset.depictions)
    return MediaInfo(asset.display_id, asset.mime, asset.width or 0, asset.height or 0,
                     asset.byte_size, alt_text, depicted, crop)


def build_context(session: Session, story: Story, draft: PostDraft, tz: ZoneInfo,
                  now: dt.datetime | None = None, language: str = "en") -> CheckContext:
    """The consents are those in force at the scheduled time (or now, when unscheduled)."""
    now = now or dt.datetime.now(dt.UTC)
    moment = draft.scheduled_at or now
    subject = session.get_one(Subject, story.subject_id)
    consent = active_consent(session, subject.id, moment, tz, draft.channel) or \
        active_consent(session, subject.id, moment, tz) or \
        active_consent(session, subject.id, now, tz, draft.channel)
    depicted: dict[str, ConsentInfo | None] = {}
    for item in draft.media:
        for person in item.depicted:
            if person in depicted:
                continue
            pid = int(person.split("-")[1])
            found = active_consent(session, pid, moment, tz, draft.channel) or \
                active_consent(session, pid, moment, tz)
            depicted[person] = consent_info(session, found, tz) if found else None
    # A post is written in the language its patient signed in, unless the caller knows better.
    if consent is not None and language == "en":
        language = consent.language
    lang: Literal["en", "es"] = "es" if language == "es" else "en"
    return CheckContext(post=draft, channel=channel_spec(draft.channel),
                        subject=person_info(subject),
                        consent=consent_info(session, consent, tz) if consent else None,
                        depicted_consents=depicted, known_people=known_people(session),
                        now=now, language=lang, timezone=tz.key)
