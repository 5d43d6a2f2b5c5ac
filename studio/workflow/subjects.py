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


def add_subject(lib: Library, name: str, *, first_name: str | None = None,
                dob: str | None = None, email: str | None = None,
                phone: str | None = None) -> SubjectRow:
    require(lib.actor, "subject.add")
    name = clean_text(name, what="name", max_len=200, single_line=True)
    if not name:
        raise BadInput("name: must not be empty")
    first = clean_text(first_name or name.split()[0], what="first name", max_len=100,
                       single_line=True)
    birth = parse_date(dob, what="date of birth") if dob else None
    if birth and birth > dt.date.today():
        raise BadInput(f"date of birth: {dob} is in the future")
    if email and not _EMAIL.match(email.strip()):
        raise BadInput(f"email: {email!r} is not an email address")
    if phone and sum(c.isdigit() for c in phone) < 7:
        raise BadInput(f"phone: {phone!r} has too few digits")
    with lib.write() as session:
        subject = Subject(name=name, first_name=first, date_of_birth=birth,
                          email=email.strip() if email else None,
                          phone=phone.strip() if phone else None,
                          created_by_id=lib.actor.id)
        session.add(subject)
        session.flush()
        session.refresh(subject)
        audit.record(session, lib.actor.username, "subject.add", subject.display_id)
        return SubjectRow(subject.display_id, subject.name, subject.first_name,
                          subject.date_of_birth)
