"""Library-wide settings stored in the encrypted database (not in QSettings: they travel with
the library)."""

from __future__ import annotations

from studio.library import audit
from studio.library.library import Library
from studio.models import LibrarySetting
from studio.workflow.setting_defaults import DEFAULTS, EDITABLE


def get_setting(lib: Library, key: str) -> str:
    with lib.read() as session:
        row = session.get(LibrarySetting, key)
    return row.value if row else DEFAULTS.get(key, "")


def set_setting(lib: Library, key: str, value: str) -> None:
    from studio.errors import BadInput
    from studio.workflow.access import require
    from studio.workflow.text import clean_text

    require(lib.actor, "user.manage")
    if key not in EDITABLE:
        raise BadInput(f"unknown setting {key!r}; settings are {', '.join(sorted(EDITABLE))}")
    value = clean_text(value, what=key, max_len=300, single_line=True)
    if not value:
        raise BadInput(f"{key}: must not be empty")
    with lib.write() as session:
        session.merge(LibrarySetting(key=key, value=value))
        audit.record(session, lib.actor.username, "setting.change", f"setting:{key}",
                     {"value": value})
