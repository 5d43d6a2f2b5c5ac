"""Reading consents: lists (incl. what expires soon and which posts it affects) and detail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from studio.errors import BadInput
from studio.library import audit
from studio.library.fileio import atomic_write_bytes
from studio.library.library import Library
from studio.models import Consent, MediaAsset, Post, PostRevision, RevisionConsent, Subject
from studio.workflow.consent_state import ConsentRow, consent_row
from studio.workflow.consent_status import ConsentClock, status_case
from studio.workflow.inputs import check_output_file
from studio.workflow.lookup import get_by_display_id


@dataclass(frozen=True)
class ConsentListRow:
    consent: ConsentRow
    posts: tuple[str, ...]          # P-n whose current revision relies on it


def _posts_of(session: Session, consent_id: int) -> tuple[str, ...]:
    return tuple(session.scalars(
        select(Post.display_id).join(PostRevision, PostRevision.id == Post.current_revision_id)
        .join(RevisionConsent, RevisionConsent.revision_id == PostRevision.id)
        .where(RevisionConsent.consent_id == consent_id).order_by(Post.id)))


def list_consents(lib: Library, *, subject: str | None = None,
                  expiring_within: int | None = None,
                  now: dt.datetime | None = None) -> list[ConsentListRow]:
    """Consents (of ``subject`` when given) with their status at ``now`` (the present when
    None); with ``expiring_within`` only those in force now that end within that many days.

    Both the status and the filter are :func:`studio.workflow.consent_status.status_case`,
    the rule of the consent badge and of the story list's consent filter: with
    ``expiring_within=EXPIRING_DAYS`` (the Consents screen's checkbox) a consent is listed
    exactly when its status says "expiring"; another number of days only moves the horizon,
    so a revoked, expired, superseded or not yet begun consent is never listed as expiring.
    """
    if expiring_within is not None and expiring_within < 1:
        raise BadInput("--expiring-within: give a number of days, 1 or more")
    query = select(Consent).order_by(Consent.id)
    with lib.read() as session:
        if subject:
            query = query.where(Consent.subject_id == get_by_display_id(session, Subject,
                                                                        subject).id)
        if expiring_within is not None:
            clock = ConsentClock.at(lib.timezone, now, horizon_days=expiring_within)
            query = query.where(status_case(Consent, clock) == "expiring")
        return [ConsentListRow(consent_row(session, c, lib.timezone, now),
                               _posts_of(session, c.id))
                for c in session.scalars(query)]


def show_consent(lib: Library, consent: str, *, form_out: Path | None = None) -> ConsentListRow:
    if form_out is not None:
        check_output_file(form_out)  # before anything is decrypted
    with lib.read() as session:
        row = get_by_display_id(session, Consent, consent)
        result = ConsentListRow(consent_row(session, row, lib.timezone),
                                _posts_of(session, row.id))
        form_blob = session.get_one(MediaAsset, row.form_media_id).blob_name \
            if row.form_media_id else None
    if form_out is not None:
        if form_blob is None:
            raise BadInput(f"{consent}: no rendered form is stored")
        data = lib.vault.get(form_blob)
        with lib.write() as session:
            audit.record(session, lib.actor.username, "consent.form_export", consent.upper(),
                         {"file": Path(form_out).name})
        atomic_write_bytes(form_out, data)
    return result
