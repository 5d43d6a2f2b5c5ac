"""Subjects: the people stories are about. Their details are PHI and stay in the library."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from studio.errors import BadInput
from studio.library import audit
from studio.library.library import Library
from studio.models import Subject
from studio.workflow.access import require
from studio.workflow.dates import parse_date
from studio.workflow.text import clean_text

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class SubjectRow:
    display_id: str
    name: str
    first_name: str
    date_of_birth: dt.date | None


def clean_name(name: str) -> str:
    name = clean_text(name, what="name", max_len=200, single_line=True)
    if not name:
        raise BadInput("name: must not be empty")
    return name


def clean_first_name(first_name: str | None, name: str) -> str:
    """The name a post would use; the first word of the full name when none is given."""
    return clean_text(first_name or name.split()[0], what="first name", max_len=100,
                      single_line=True) or name.split()[0]


def clean_birth(dob: str | None) -> dt.date | None:
    if not dob or not dob.strip():
        return None
    birth = parse_date(dob, what="date of birth")
    if birth > dt.date.today():
        raise BadInput(f"date of birth: {dob} is in the future")
    return birth


def clean_email(email: str | None) -> str | None:
    if not email or not email.strip():
        return None
    if not _EMAIL.match(email.strip()):
        raise BadInput(f"email: {email!r} is not an email address")
    return clean_text(email, what="email", max_len=254, single_line=True)


def clean_phone(phone: str | None) -> str | None:
    if not phone or not phone.strip():
        return None
    if sum(c.isdigit() for c in phone) < 7:
        raise BadInput(f"phone: {phone!r} has too few digits")
    return clean_text(phone, what="phone", max_len=40, single_line=True)


def subject_row(subject: Subject) -> SubjectRow:
    return SubjectRow(subject.display_id, subject.name, subject.first_name,
                      subject.date_of_birth)


def add_subject(lib: Library, name: str, *, first_name: str | None = None,
                dob: str | None = None, email: str | None = None,
                phone: str | None = None) -> SubjectRow:
    require(lib.actor, "subject.add")
    name = clean_name(name)
    first = clean_first_name(first_name, name)
    birth, mail, tel = clean_birth(dob), clean_email(email), clean_phone(phone)
    with lib.write() as session:
        subject = Subject(name=name, first_name=first, date_of_birth=birth, email=mail,
                          phone=tel, created_by_id=lib.actor.id)
        session.add(subject)
        session.flush()
        session.refresh(subject)
        audit.record(session, lib.actor.username, "subject.add", subject.display_id)
        return subject_row(subject)
