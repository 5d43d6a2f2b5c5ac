"""Questions the consent screens ask before anything is saved, answered by the consent rules.

Read-only. Each function runs the same check the change itself runs (``add_consent``'s signer
rule, ``revoke_consent``'s preconditions), so a wizard can refuse on the page where the
problem is, with the workflow's own words, instead of only at the end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from studio.errors import StudioError
from studio.library.library import Library
from studio.models import Consent, Subject
from studio.workflow.abilities import why_not_do
from studio.workflow.consents import ADULT_AGE, _check_signer, age_on
from studio.workflow.lookup import get_by_display_id
from studio.workflow.settings import get_setting


@dataclass(frozen=True)
class SignerFacts:
    subject: str
    name: str
    date_of_birth: dt.date | None
    age: int | None               # on the signing date
    minor: bool
    organization: str
    revoke_contact: str


def signer_facts(lib: Library, subject: str, signed_on: dt.date) -> SignerFacts:
    with lib.read() as session:
        person = get_by_display_id(session, Subject, subject)
        birth = person.date_of_birth
        name = person.name
    age = age_on(birth, signed_on) if birth else None
    return SignerFacts(subject, name, birth, age, age is not None and age < ADULT_AGE,
                       get_setting(lib, "organization"), get_setting(lib, "privacy_contact"))


def signer_problem(lib: Library, subject: str, *, signer_type: str, signer_name: str,
                   authority: str, signed_on: dt.date) -> str | None:
    """Why this signer cannot sign for ``subject`` on ``signed_on`` (a minor, a missing
    authority...), in the words ``add_consent`` would refuse with; None when they can."""
    try:
        with lib.read() as session:
            person = get_by_display_id(session, Subject, subject)
            _check_signer(person, signer_type, signer_name, authority, signed_on)
    except StudioError as exc:
        return str(exc)
    return None


def why_not_revoke(lib: Library, consent: str) -> str | None:
    """None when the signed-in person may record a revocation of ``consent`` now."""
    reason = why_not_do(lib, "consent.revoke")
    if reason is not None:
        return reason
    with lib.read() as session:
        row = get_by_display_id(session, Consent, consent)
        if row.revoked_at is not None:
            return f"{row.display_id} was already revoked on {row.revocation_received_on}"
    return None
