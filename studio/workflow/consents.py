"""Consents: capture a signed HIPAA marketing authorization, revoke it, and see what expires.

A consent is immutable once signed (the schema enforces it); a correction is a new consent
that supersedes the old one. Revocation is a new fact on the record and withdraws every post
that relied on the consent, returning the take-down list of what already left the library.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from studio.channels import channel as channel_spec
from studio.errors import BadInput, RuleRefused
from studio.exporters.consent_form import FORM_VERSION, AuthorizationForm, render_pdf
from studio.library import audit
from studio.library.images import SanitizedImage, sanitize_media
from studio.library.library import Library
from studio.models import Consent, MediaAsset, Subject, User
from studio.models.enums import CHANNELS, CONSENT_LANGUAGES, SIGNER_TYPES, USES
from studio.workflow.access import require
from studio.workflow.consent_state import (
    ConsentRow,
    consent_row,
    hand_over,
    withdraw_for_consent,
)
from studio.workflow.dates import MAX_YEAR, MIN_YEAR
from studio.workflow.lookup import get_by_display_id
from studio.workflow.settings import get_setting
from studio.workflow.takedown import TakedownItem
from studio.workflow.text import clean_text

ADULT_AGE = 18
DEFAULT_PURPOSE = {
    "en": "To share the patient's story on the organization's public channels, to inform and "
          "encourage other patients.",
    "es": "Compartir la historia del paciente en los canales públicos de la organización, "
          "para informar y animar a otros pacientes.",
}


@dataclass(frozen=True)
class Signature:
    """The signed artifact: a drawn signature image or a scanned signed form (image or PDF)."""

    data: bytes
    name: str


def parse_list(value: str | list[str], allowed: tuple[str, ...], *, what: str) -> list[str]:
    items = value.split(",") if isinstance(value, str) else value
    cleaned = sorted({i.strip().lower() for i in items if i.strip()})
    if not cleaned:
        raise BadInput(f"{what}: give at least one of {', '.join(allowed)}")
    unknown = [i for i in cleaned if i not in allowed]
    if unknown:
        raise BadInput(f"{what}: unknown {unknown[0]!r}; choose from {', '.join(allowed)}")
    return cleaned


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def add_consent(lib: Library, subject: str, *, signed_on: dt.date, channels: list[str] | str,
                uses: list[str] | str, signature: Signature, expires_on: dt.date | None = None,
                expiry_event: str | None = None, signer_type: str = "self",
                signer_name: str | None = None, signer_authority: str = "",
                purpose: str | None = None, remuneration: str | None = None,
                witness: str | None = None, language: str = "en",
                supersedes: str | None = None, today: dt.date | None = None) -> ConsentRow:
    """Record a signed authorization after checking every element 164.508(c) requires."""
    require(lib.actor, "consent.add")
    today = today or dt.datetime.now(lib.timezone).date()
    chans = parse_list(channels, CHANNELS, what="--channels")
    use_list = parse_list(uses, USES, what="--uses")
    if language not in CONSENT_LANGUAGES:
        raise BadInput(f"language: {language!r}; choose en or es")
    if signer_type not in SIGNER_TYPES:
        raise BadInput(f"signer type {signer_type!r}; choose from {', '.join(SIGNER_TYPES)}")
    if signed_on > today:
        raise BadInput(f"--signed-on: {signed_on} is in the future")
    if expires_on is None and not (expiry_event or "").strip():
        raise RuleRefused("consent.expiry: an authorization needs an expiry date or an expiry "
                          "event (45 CFR 164.508(c)(1)(v)); give --expires")
    for day, name in ((signed_on, "--signed-on"), (expires_on, "--expires")):
        if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
            raise BadInput(f"{name}: {day} is outside the years {MIN_YEAR} to {MAX_YEAR}")
    if expires_on is not None and expires_on <= signed_on:
        raise BadInput(f"--expires: {expires_on} is not after the signing date {signed_on}")
    remuneration = clean_text(remuneration, what="--remuneration", max_len=500,
                              single_line=True) or None if remuneration else None
    purpose = clean_text(purpose or DEFAULT_PURPOSE[language], what="purpose", max_len=2000)
    if not get_setting(lib, "organization"):
        raise RuleRefused("consent.organization: the form must name the organization that will "
                          "use the story; an administrator sets it once with 'studio settings "
                          "set organization NAME'")
    sig = sanitize_media(signature.data, name=signature.name)
    with lib.read() as session:
        person = get_by_display_id(session, Subject, subject)
        signer_name, signer_authority = _check_signer(person, signer_type, signer_name,
                                                      signer_authority, signed_on)
        witness_user = _witness(session, witness or lib.actor.username)
        old = get_by_display_id(session, Consent, supersedes) if supersedes else None
        if old is not None and old.subject_id != person.id:
            raise RuleRefused(f"{old.display_id} is another person's consent; a consent can "
                              "only supersede one of the same subject")
        person_name, person_dob = person.name, person.date_of_birth
    blobs: list[str] = []
    try:
        blobs.append(lib.vault.put(sig.data))
        with lib.write() as session:
            sig_asset = _store_media(session, lib, blobs[0], sig, signature.name,
                                     "signature of the authorization")
            consent = Consent(
                subject_id=person.id, signer_type=signer_type, signer_name=signer_name,
                signer_authority=signer_authority, signed_on=signed_on, expires_on=expires_on,
                expiry_event=(expiry_event or "").strip() or None, channels=chans,
                uses=use_list, purpose=purpose, remuneration=remuneration, language=language,
                form_version=FORM_VERSION[language], signature_media_id=sig_asset.id,
                witness_id=witness_user.id, supersedes_id=old.id if old else None,
                created_by_id=lib.actor.id)
            session.add(consent)
            session.flush()
            session.refresh(consent)
            form = AuthorizationForm(
                language=language, organization=get_setting(lib, "organization"),
                revoke_contact=get_setting(lib, "privacy_contact"), subject_name=person_name,
                subject_dob=person_dob, uses=tuple(use_list),
                channels=tuple(channel_spec(c).label for c in chans), purpose=purpose,
                remuneration=remuneration, expires_on=expires_on,
                expiry_event=consent.expiry_event, signer_type=signer_type,
                signer_name=signer_name, signer_authority=signer_authority,
                signed_on=signed_on, witness=witness_user.display_name,
                signature_png=sig.data if isinstance(sig, SanitizedImage) else None,
                consent_id=consent.display_id)
            pdf = render_pdf(form)
            blobs.append(lib.vault.put(pdf))
            from studio.library.images import SanitizedDocument

            form_doc = SanitizedDocument(pdf, "application/pdf", hashlib.sha256(pdf).hexdigest())
            form_asset = _store_media(session, lib, blobs[1], form_doc,
                                      f"{consent.display_id}-authorization.pdf",
                                      "signed authorization form")
            consent.form_media_id = form_asset.id
            consent.form_sha256 = form_doc.sha256
            session.flush()
            handed = hand_over(session, lib.actor.username, old, consent) if old else []
            audit.record(session, lib.actor.username, "consent.add", consent.display_id, {
                "subject": person.display_id, "channels": chans, "uses": use_list,
                "signed_on": signed_on.isoformat(),
                "expires_on": expires_on.isoformat() if expires_on else None,
                "signer_type": signer_type, "form_sha256": form_doc.sha256,
                "supersedes": old.display_id if old else None})
            session.expire(consent)
            row = consent_row(session, consent, lib.timezone)
            return dataclasses.replace(row, withdrawn=tuple(i.post for i in handed))
    except BaseException:
        for blob in blobs:
            lib.vault.delete(blob)
        raise


def _check_signer(person: Subject, signer_type: str, signer_name: str | None,
                  authority: str, signed_on: dt.date) -> tuple[str, str]:
    """A minor on the signing date needs a representative; a representative needs authority."""
    if person.date_of_birth is not None and signed_on < person.date_of_birth:
        raise RuleRefused(
            f"consent.signed_on: {signed_on} is before {person.display_id}'s date of birth "
            f"({person.date_of_birth}); check the signing date or correct the date of birth")
    minor = (person.date_of_birth is not None
             and age_on(person.date_of_birth, signed_on) < ADULT_AGE)
    if signer_type == "self":
        if minor:
            assert person.date_of_birth is not None
            raise RuleRefused(
                f"consent.minor: {person.display_id} was {age_on(person.date_of_birth, signed_on)}"
                f" on {signed_on}; a parent or guardian must sign (--signed-by NAME --authority "
                "TEXT)")
        return person.name, ""
    name = clean_text(signer_name or "", what="--signed-by", max_len=200, single_line=True)
    if not name:
        raise RuleRefused("consent.representative: name the representative who signed "
                          "(--signed-by)")
    authority = clean_text(authority, what="--authority", max_len=1000)
    if not authority:
        raise RuleRefused("consent.representative: describe the representative's authority to "
                          "act for the patient (--authority), as 164.508(c)(1)(vi) requires")
    return name, authority


def _witness(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None or user.disabled:
        raise BadInput(f"--witness: no active staff user {username!r}")
    return user


def _store_media(session: Session, lib: Library, blob: str,
                 item: object, name: str, alt: str) -> MediaAsset:
    from studio.library.images import SanitizedDocument

    assert isinstance(item, SanitizedImage | SanitizedDocument)
    asset = MediaAsset(kind="image" if isinstance(item, SanitizedImage) else "document",
                       mime=item.mime, byte_size=len(item.data), sha256=item.sha256,
                       width=getattr(item, "width", None), height=getattr(item, "height", None),
                       blob_name=blob, alt_text=alt, original_name=name[:255],
                       created_by_id=lib.actor.id)
    session.add(asset)
    session.flush()
    return asset


def revoke_consent(lib: Library, consent: str, *, reason: str, received_on: dt.date | None = None,
                   method: str = "in writing") -> tuple[ConsentRow, list[TakedownItem]]:
    """Record the revocation; withdraw every post relying on it; return the take-down list.

    HIPAA makes a revocation effective when it is received, so the effective moment is the
    start of the day it was received (or now, if it arrived today).
    """
    require(lib.actor, "consent.revoke")
    reason = clean_text(reason, what="--reason", max_len=2000)
    if not reason:
        raise BadInput("--reason: say how and why the revocation came in")
    now = dt.datetime.now(dt.UTC)
    today = now.astimezone(lib.timezone).date()
    received = received_on or today
    if received > today:
        raise BadInput(f"--received-on: {received} is in the future")
    effective = now if received == today else dt.datetime.combine(
        received, dt.time(0), lib.timezone).astimezone(dt.UTC)
    with lib.write() as session:
        row = get_by_display_id(session, Consent, consent)
        if row.revoked_at is not None:
            raise RuleRefused(f"{row.display_id} was already revoked on "
                              f"{row.revocation_received_on}")
        if received < row.signed_on:
            raise BadInput(f"--received-on: {received} is before the consent was signed")
        row.revoked_at = effective
        row.revocation_received_on = received
        row.revocation_method = method
        row.revocation_reason = reason
        row.revoked_by_id = lib.actor.id
        session.flush()
        audit.record(session, lib.actor.username, "consent.revoke", row.display_id,
                     {"received_on": received.isoformat(), "method": method})
        takedown = withdraw_for_consent(session, lib.actor.username, row,
                                        f"consent {row.display_id} revoked")
        return consent_row(session, row, lib.timezone), takedown
