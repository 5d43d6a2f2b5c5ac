"""Rule consent.scope: does the patient's signed authorization cover this post?

Errors (each blocks submit):
- no consent on record for the patient, or a consent that belongs to someone else;
- the consent is not in force on the scheduled date (not yet signed, expired, revoked); with no
  scheduled date the check is for ``ctx.now``;
- the post's channel is not among the consent's channels;
- the patient's surname (or full name) appears without the "name" use; the first name appears
  without "first-name" or "name" (text, alt texts, hashtags, link, run-together forms such as
  "#TeamMariaLopez" or "/stories/maria-lopez" included);
- a condition word (assets/checks/conditions.toml: diagnoses, procedures, treatments, EN and ES)
  appears without the "condition" use;
- media showing the patient without the "photo" (images) or "video" (videos) use;
- any other person shown in the media without a consent in ``ctx.depicted_consents`` that is in
  force on the scheduled date, covers the channel and has the photo/video use.

Warnings: a place the patient lives in or comes from ("lives in Springfield", "vive en
Monterrey", "from the town of Riverton") without the "location" use. Only these phrasings are
recognised: place names on their own cannot be told from other capitalised words without a
gazetteer. A state, region or country (places.toml: "from Texas", "es de Colombia") is not
flagged, since Safe Harbor only counts places smaller than a state. Street addresses and ZIP
codes are phi.identifiers errors whatever the consent.

Info: no patient attached (a text-only check, so nothing here is checked); a consent that ends
on an event ("end of treatment") that a person must confirm; an image with nobody recorded as
shown in it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from studio.checks import names, people, wordlists
from studio.checks.base import CheckContext, ConsentInfo, Finding, MediaInfo
from studio.checks.text import PhraseMatcher, compact_tokens, fold, published_fields, tokens

RULE = "consent.scope"

_LOCATION_RE = re.compile(
    r"\b(?i:lives in|living in|lived in|grew up in|born in|raised in|resident of|native of|"
    r"hometown(?: of)?|hails from|(?:is|are|was|were|comes?|came) from|moved to|"
    r"from the (?:town|city|village|county) of|"
    r"vive en|viv[íi]a en|vecin[oa] de|natural de|originari[oa] de|naci[óo] en|reside en|"
    r"residente de|oriund[oa] de|creci[óo] en|es de|son de|se mud[óo] a|"
    r"del (?:pueblo|municipio) de|de la ciudad de)\s+"
    r"(?P<place>[A-ZÁÉÍÓÚÑ][\w'’-]*(?:\s+(?:de\s+|del\s+|la\s+)?[A-ZÁÉÍÓÚÑ][\w'’-]*){0,2})")


@functools.cache
def large_places() -> frozenset[str]:
    """States, regions and countries (places.toml), as folded word sequences."""
    names = [p for key in ("us_states", "regions", "countries")
             for p in wordlists.strings("places.toml", key)]
    return frozenset(" ".join(t.folded for t in tokens(p)) for p in names)


@functools.cache
def condition_matcher(language: str) -> PhraseMatcher:
    terms = [*wordlists.strings("conditions.toml", "en"),
             *wordlists.strings("conditions.toml", "es"),
             *wordlists.strings("conditions.toml", f"{language}_only")]
    return PhraseMatcher(terms, plurals=True)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _in_force(consent: ConsentInfo, moment: dt.datetime) -> bool:
    if consent.revoked_at is not None and consent.revoked_at.tzinfo is None:
        consent = dataclasses.replace(consent, revoked_at=_aware(consent.revoked_at))
    return consent.in_force_at(_aware(moment))


def _local(moment: dt.datetime, timezone: str) -> dt.datetime:
    try:
        return _aware(moment).astimezone(ZoneInfo(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        return _aware(moment)


def _why_not(consent: ConsentInfo, moment: dt.datetime, timezone: str = "UTC") -> str:
    day = _local(moment, timezone).date()
    if day < consent.signed_on:
        return f"is signed on {consent.signed_on}, after that date"
    if consent.expires_on is not None and day > consent.expires_on:
        return f"expired on {consent.expires_on}"
    if consent.revoked_at:
        return f"was revoked on {_local(consent.revoked_at, timezone):%Y-%m-%d}"
    if consent.ends_at is not None and moment >= consent.ends_at:
        return f"ended on {_local(consent.ends_at, timezone):%Y-%m-%d} (replaced or revoked)"
    return "is void"


def _when(ctx: CheckContext) -> tuple[dt.datetime, str]:
    if ctx.post.scheduled_at is not None:
        local = _local(ctx.post.scheduled_at, ctx.timezone)
        return ctx.post.scheduled_at, f"the scheduled date ({local:%Y-%m-%d})"
    return ctx.now, f"today ({_local(ctx.now, ctx.timezone):%Y-%m-%d}; the post has no " \
        "scheduled date)"


def _media_use(media: MediaInfo) -> str | None:
    if media.mime.startswith("video/"):
        return "video"
    return "photo" if media.mime.startswith("image/") else None


def _consent_state(ctx: CheckContext) -> list[Finding]:
    consent, subject = ctx.consent, ctx.subject
    assert subject is not None
    moment, when = _when(ctx)
    if consent is None:
        return [Finding(RULE, "error", f"No signed consent is on record for patient "
                        f"{subject.display_id}, so nothing about them may be published.",
                        "Record the patient's signed authorization first.", "schedule")]
    out: list[Finding] = []
    if consent.subject_id != subject.display_id:
        out.append(Finding(RULE, "error", f"Consent {consent.display_id} belongs to "
                           f"{consent.subject_id}, not to this post's patient "
                           f"{subject.display_id}.", "Attach the patient's own consent.",
                           "schedule"))
    if not _in_force(consent, moment):
        out.append(Finding(RULE, "error", f"Consent {consent.display_id} is not in force on "
                           f"{when}: it {_why_not(consent, moment, ctx.timezone)}.",
                           "Reschedule within the consent's dates, or record a new consent.",
                           "schedule"))
    if consent.expiry_event:
        out.append(Finding(RULE, "info", f"Consent {consent.display_id} ends at an event "
                           f"('{consent.expiry_event}'), which the app cannot see.",
                           "Confirm that it has not happened before approving.", "schedule"))
    if ctx.post.channel not in consent.channels:
        allowed = ", ".join(sorted(consent.channels)) or "none"
        out.append(Finding(RULE, "error", f"Consent {consent.display_id} does not cover "
                           f"{ctx.channel.label} (it covers: {allowed}).",
                           "Choose a covered channel, or record a consent that includes it.",
                           "text"))
    return out


def _uses_in_text(ctx: CheckContext, uses: frozenset[str], cid: str) -> list[Finding]:
    subject = ctx.subject
    assert subject is not None
    out: list[Finding] = []
    matcher = condition_matcher(ctx.language)
    for field, text in published_fields(ctx.post):
        toks = tokens(text)
        hits = people.find_person(text, subject)
        seen = {h.token_ids for h in hits}
        hits += [h for h in people.find_in_compact(text, subject, compact_tokens(field, text))
                 if h.token_ids not in seen]
        for hit in hits:
            full = hit.kind in ("full", "surname")
            if "name" in uses or (not full and "first-name" in uses):
                continue
            what = "the patient's full name or surname" if full else "the patient's first name"
            need = "'name'" if full else "'first-name' or 'name'"
            out.append(Finding(RULE, "error", f"This shows {what}, but consent {cid} does not "
                               f"allow it (it needs the {need} use).",
                               "Remove it, or record a consent that allows it.", field,
                               (hit.start, hit.end)))
        if "condition" not in uses:
            for start, end, term in matcher.find(toks):
                named = "" if fold(term) == fold(text[start:end]) else f" ({term})"
                out.append(Finding(RULE, "error", f"'{text[start:end]}' tells readers about the "
                                   f"patient's health{named}, but consent {cid} does not "
                                   "include the 'condition' use.",
                                   "Remove it, or record a consent that includes condition.",
                                   field, (start, end)))
        if "location" not in uses and (field == "text" or field.startswith("alt:")):
            for m in _LOCATION_RE.finditer(text):
                words = tokens(m.group("place"))
                if names.key(words[0]) in names.not_places() or any(
                        " ".join(t.folded for t in words[:k]) in large_places()
                        for k in range(len(words), 0, -1)):
                    continue
                out.append(Finding(RULE, "warning", f"This seems to say where the patient "
                                   f"lives or comes from ('{m.group('place')}'), but consent "
                                   f"{cid} does not include the 'location' use.",
                                   "Remove the place, or record a consent that includes "
                                   "location.", field, (m.start("place"), m.end("place"))))
    return out


def _media(ctx: CheckContext, moment: dt.datetime, when: str) -> list[Finding]:
    subject = ctx.subject
    assert subject is not None
    out: list[Finding] = []
    for media in ctx.post.media:
        use, field = _media_use(media), f"media:{media.display_id}"
        if use is None:
            continue
        if not media.depicted and use == "photo":
            # A warning, so someone states in writing that nobody is recognisable: a picture
            # nobody recorded people in would otherwise skip the photo-consent check unseen.
            out.append(Finding(RULE, "warning", f"No one is recorded as shown in "
                               f"{media.display_id}.", "If a person can be recognised, record "
                               "who it is so their consent is checked; if not, say so in the "
                               "justification.", field))
        for pid in media.depicted:
            consent = ctx.consent if pid == subject.display_id else ctx.depicted_consents.get(pid)
            who = "the patient" if pid == subject.display_id else f"{pid}"
            if consent is None:
                if pid != subject.display_id:
                    out.append(Finding(RULE, "error", f"{media.display_id} shows {who}, who has "
                                       "no consent on record.", "Record their signed consent, "
                                       "or use other media.", field))
                continue
            problems = []
            if pid != subject.display_id and not _in_force(consent, moment):
                problems.append(f"it is not in force on {when}")
            if pid != subject.display_id and ctx.post.channel not in consent.channels:
                problems.append(f"it does not cover {ctx.channel.label}")
            if use not in consent.uses:
                problems.append(f"it does not include the '{use}' use")
            if problems:
                out.append(Finding(RULE, "error", f"{media.display_id} shows {who}, but consent "
                                   f"{consent.display_id}: {'; '.join(problems)}.",
                                   "Use other media, or record a consent that covers it.", field))
    return out


def check(ctx: CheckContext) -> list[Finding]:
    if ctx.subject is None:
        return [Finding(RULE, "info", "No patient is attached to this text, so consent was not "
                        "checked.", "Check the post from its story before submitting it.")]
    out = _consent_state(ctx)
    moment, when = _when(ctx)
    if ctx.consent is not None:
        out += _uses_in_text(ctx, ctx.consent.uses, ctx.consent.display_id)
    out += _media(ctx, moment, when)
    return out
