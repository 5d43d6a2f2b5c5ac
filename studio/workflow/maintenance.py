"""Backups and verification, as workflow steps with their audit events."""

from __future__ import annotations

from pathlib import Path

from studio.library import audit
from studio.library.backup import check_backup_destination, write_backup
from studio.library.library import Library
from studio.library.verify import VerifyReport, verify_library


def backup_library(lib: Library, dest: Path) -> dict[str, str]:
    """Record the backup in the audit log, then write it (so the backup holds its own event)."""
    check_backup_destination(Path(dest))
    with lib.write() as session:
        audit.record(session, lib.actor.username, "library.backup", "library",
                     {"file": Path(dest).name})
    return write_backup(lib.layout, lib.slots, lib.raw_key, lib.engine, dest)


def verify(lib: Library) -> VerifyReport:
    return verify_library(lib.layout, lib.raw_key)
