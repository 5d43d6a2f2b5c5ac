"""The plain checks on what a library is given: its time zone and its users' names.

No SQLAlchemy here: the new-library form checks its fields with these while the library layer
is still loading in the background.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from studio.errors import BadInput

DEFAULT_TIMEZONE = "America/Chicago"


def check_timezone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise BadInput(f"unknown time zone {name!r} (use a name like America/Chicago)") from exc


def check_username(name: str) -> None:
    if not name or len(name) > 64 or not all(c.isalnum() or c in "._-" for c in name):
        raise BadInput(f"user name {name!r}: use 1 to 64 letters, digits, '.', '_' or '-'")
