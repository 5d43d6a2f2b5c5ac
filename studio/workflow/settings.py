"""Library-wide settings stored in the encrypted database (not in QSettings: they travel with
the library)."""

from __future__ import annotations

from studio.library import audit
from studio.library.library import Library
from studio.models import LibrarySetting

DEFAULTS = {
    "organization": "our organization",
    "privacy_contact": "the Privacy Office",
}


def get_setting(lib: Library, key: str) -> str:
    with lib.read() as session:
        row = session.get(LibrarySetting, key)
    return row.value if row else DEFAULTS.get(key, "")


def set_setting(lib: Library, key: str, value: str) -> None:
    from studio.workflow.access import require

    require(lib.actor, "user.manage")
    with lib.write() as session:
        session.merge(LibrarySetting(key=key, value=value))
        audit.record(session, lib.actor.username, "setting.change", f"setting:{key}",
                     {"value": value})
