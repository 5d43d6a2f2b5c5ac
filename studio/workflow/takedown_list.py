"""Saving a revocation's take-down list to a file, as CSV or PDF, on the record.

The list leaves the library (to a spreadsheet, a printer, the person who runs the scheduler),
so, like a saved copy of the signed form, who wrote it, in which format and under what name is
an audit event. The event and the file go together: the event is written in the transaction
that is open while the file is written, so a failed write (a read-only folder, a full disk)
rolls the event back, and the atomic write leaves no partial file behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from pathlib import Path

from studio.errors import BadInput, RuleRefused
from studio.exporters.takedown import TakedownSheet, takedown_csv, takedown_pdf
from studio.library import audit
from studio.library.fileio import atomic_write_bytes
from studio.library.library import Library
from studio.models import Consent
from studio.workflow.inputs import check_output_file
from studio.workflow.lookup import get_by_display_id
from studio.workflow.settings import get_setting
from studio.workflow.takedown import TakedownItem

FORMATS = ("csv", "pdf")


def save_takedown_list(lib: Library, consent: str, items: Sequence[TakedownItem],
                       out: Path | str, *, fmt: str = "csv") -> Path:
    """Write the take-down list of revoked ``consent`` to ``out`` and record that it left.

    ``items`` is the list the revocation returned (the statuses the posts were in before
    they were withdrawn exist only there). Returns the path written.
    """
    if fmt not in FORMATS:
        raise BadInput(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    path = check_output_file(out)
    organization = get_setting(lib, "organization")
    with lib.read() as session:
        row = get_by_display_id(session, Consent, consent)
        if row.revoked_at is None:
            raise RuleRefused(f"{row.display_id} is not revoked, so it has no take-down list")
        sheet = TakedownSheet(row.display_id, organization, row.revocation_received_on,
                              row.revocation_method or "", dt.datetime.now(dt.UTC),
                              lib.timezone, tuple(items))
    data = takedown_pdf(sheet) if fmt == "pdf" else takedown_csv(sheet.items, lib.timezone)
    with lib.write() as session:
        audit.record(session, lib.actor.username, "consent.takedown_export", sheet.consent_id,
                     {"file": path.name, "format": fmt, "posts": [i.post for i in items],
                      "sha256": hashlib.sha256(data).hexdigest()})
        atomic_write_bytes(path, data)
    return path
