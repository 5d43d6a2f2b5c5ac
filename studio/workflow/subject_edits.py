"""Correcting a subject's details: name, first name, contact, and (carefully) date of birth.

What may change, and why:
- Name and first name: a typo or a legal name change. Consents already signed keep the name
  printed on their signed form (the form is the signed artifact and never changes); the
  checks look for the name as recorded now.
- Email and phone: contact details, free to change.
- Date of birth: it decided, when each consent was signed, whether the person was a minor and
  so whether a representative had to sign. A correction that would flip that answer for a
  consent that has not been revoked is refused: that consent would have been signed by the
  wrong person. So is a date after the day such a consent was signed (nobody signs, or is
  signed for, before being born). Revoke it first, then correct the date and record a new
  consent. A correction that leaves every answer as it was is allowed; the signed forms keep
  the date they printed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from studio.errors import RuleRefused
from studio.library import audit
from studio.library.library import Library
from studio.models import Consent, Subject
from studio.workflow.access import require
from studio.workflow.consents import ADULT_AGE, age_on
from studio.workflow.edits import apply_changes, cleaned
from studio.workflow.lookup import get_by_display_id
from studio.workflow.subjects import (
    SubjectRow,
    clean_birth,
    clean_email,
    clean_first_name,
    clean_name,
    clean_phone,
    subject_row,
)

FIELDS = ("name", "first_name", "date_of_birth", "email", "phone")


@dataclass(frozen=True)
class SubjectDetails:
    """Everything the edit dialog shows, as stored now (PHI: kept in memory only)."""

    display_id: str
    name: str
    first_name: str
    date_of_birth: dt.date | None
    email: str
    phone: str


@dataclass(frozen=True)
class SubjectEdit:
    row: SubjectRow
    changed: tuple[str, ...]      # a subset of FIELDS; empty: nothing was different


def _minor(birth: dt.date | None, day: dt.date) -> bool:
    return birth is not None and age_on(birth, day) < ADULT_AGE


def subject_details(lib: Library, subject: str) -> SubjectDetails:
    """The stored details of ``subject`` (PT-n), to fill the edit dialog before a change."""
    with lib.read() as session:
        person = get_by_display_id(session, Subject, subject)
        return SubjectDetails(person.display_id, person.name, person.first_name,
                              person.date_of_birth, person.email or "", person.phone or "")


def edit_subject(lib: Library, subject: str, *, name: str | None = None,
                 first_name: str | None = None, dob: str | None = None,
                 email: str | None = None, phone: str | None = None) -> SubjectEdit:
    """Change what is given (None keeps a field; "" clears dob, email and phone, and makes
    the first name the first word of the name). One transaction with a ``subject.edit``
    event naming the changed fields only: the values are PHI."""
    require(lib.actor, "subject.edit")
    wanted = cleaned({"name": (name, clean_name), "date_of_birth": (dob, clean_birth),
                      "email": (email, clean_email), "phone": (phone, clean_phone)})
    with lib.write() as session:
        person = get_by_display_id(session, Subject, subject)
        if first_name is not None:
            wanted["first_name"] = clean_first_name(first_name,
                                                    str(wanted.get("name", person.name)))
        new_birth = wanted.get("date_of_birth", person.date_of_birth)
        if new_birth != person.date_of_birth:
            assert new_birth is None or isinstance(new_birth, dt.date)
            _check_birth_keeps_consents(session, person, new_birth)
        changed = apply_changes(person, wanted, FIELDS)
        if changed:
            audit.record(session, lib.actor.username, "subject.edit", person.display_id,
                         {"changed": list(changed)})
        return SubjectEdit(subject_row(person), changed)


def _check_birth_keeps_consents(session: Session, person: Subject,
                                birth: dt.date | None) -> None:
    for consent in session.scalars(select(Consent).where(
            Consent.subject_id == person.id, Consent.revoked_at.is_(None))
            .order_by(Consent.id)):
        if birth is not None and birth > consent.signed_on:
            raise RuleRefused(
                f"subject.date_of_birth: {birth.isoformat()} is after "
                f"{consent.signed_on.isoformat()}, the day {consent.display_id} was signed for "
                f"{person.display_id}; check the date, or revoke {consent.display_id} first")
        before = _minor(person.date_of_birth, consent.signed_on)
        if before != _minor(birth, consent.signed_on):
            was = "a minor" if not before else "an adult"
            raise RuleRefused(
                f"subject.date_of_birth: with this date of birth {person.display_id} was {was} "
                f"when {consent.display_id} was signed on {consent.signed_on.isoformat()}, so "
                f"that consent would have needed a different signer; revoke "
                f"{consent.display_id} first, then correct the date and record a new consent")
