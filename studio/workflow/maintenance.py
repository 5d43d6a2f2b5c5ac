"""Backups and verification, as workflow steps with their audit events."""

from __future__ import annotations

import contextlib
from pathlib import Path

from studio.library import audit
from studio.library.backup import check_backup_destination, write_backup
from studio.library.library import Library
from studio.library.verify import VerifyReport, verify_library


def backup_library(lib: Library, dest: Path) -> dict[str, str]:
    """Record the backup in the audit log, then write it (so the backup holds its own event).

    The log cannot take an event back, so a backup that fails after its event (a full disk)
    gets a second event saying it failed; the log never claims a backup that does not exist.
    """
    check_backup_destination(Path(dest))
    with lib.write() as session:
        audit.record(session, lib.actor.username, "library.backup", "library",
                     {"file": Path(dest).name})
    try:
        return write_backup(lib.layout, lib.slots, lib.raw_key, lib.engine, dest)
    except BaseException as exc:
        # The disk may be too full even for this event; the error itself still goes up.
        with contextlib.suppress(Exception), lib.write() as session:
            audit.record(session, lib.actor.username, "library.backup_failed", "library",
                         {"file": Path(dest).name, "error": type(exc).__name__})
        raise


def verify(lib: Library) -> VerifyReport:
    return verify_library(lib.layout, lib.raw_key)


def sweep_expiries(lib: Library) -> int:
    """Withdraw posts whose consent expired since the last sweep; return how many.

    Called whenever a library is opened for writing (CLI) and periodically by the app, so an
    expired consent behaves as revoked from its expiry on, as the workflow promises.
    """
    if lib.read_only:
        return 0
    from studio.workflow.consent_state import apply_expiries

    with lib.write() as session:
        return len(apply_expiries(session, "studio", lib.timezone))
