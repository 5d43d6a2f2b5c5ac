"""Words and formats the screens share: statuses, roles, channels, times in the library's zone.

Translatable labels for the closed vocabularies of the domain live here once, so every screen
says "Changes requested" the same way.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from studio.channels import all_channels


def _tr(text: str) -> str:
    return QCoreApplication.translate("labels", text)


def post_status(status: str) -> str:
    return {"draft": _tr("Draft"), "in_review": _tr("In review"),
            "changes_requested": _tr("Changes requested"), "approved": _tr("Approved"),
            "exported": _tr("Exported"), "published": _tr("Published"),
            "rejected": _tr("Rejected"), "withdrawn": _tr("Withdrawn")}.get(status, status)


def story_status(status: str) -> str:
    return {"draft": _tr("Draft"), "ready": _tr("Ready"),
            "archived": _tr("Archived")}.get(status, status)


def role(name: str) -> str:
    return {"admin": _tr("administrator"), "author": _tr("author"),
            "compliance": _tr("compliance")}.get(name, name)


def use(name: str) -> str:
    return {"name": _tr("Full name"), "first-name": _tr("First name only"),
            "photo": _tr("Photographs"), "video": _tr("Video"),
            "condition": _tr("Health condition and treatment"),
            "location": _tr("Location (city)")}.get(name, name)


def channel(name: str) -> str:
    spec = all_channels().get(name)
    return spec.label if spec else name


def channels(names: tuple[str, ...] | list[str]) -> str:
    return ", ".join(channel(n) for n in names)


def when(moment: dt.datetime | None, zone: ZoneInfo, *, empty: str = "—") -> str:
    """A moment as a clock time in the library's zone, so every workstation shows the same."""
    if moment is None:
        return empty
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def day(value: dt.date | None, *, empty: str = "—") -> str:
    return value.isoformat() if value else empty


def long_day(value: dt.date) -> str:
    """A day as people read it, in the user's language (Friday, 4 December 2026)."""
    return QLocale().toString(QDate(value.year, value.month, value.day),
                              QLocale.FormatType.LongFormat)
