"""Every desktop setting, declared once with its type and default (STYLE.md, take 7).

Settings live in QSettings (per user, outside the library). Nothing patient-related is ever
stored here: only staff user names, library folder paths and window shapes. Widgets receive a
:class:`UiSettings` instead of constructing QSettings themselves, so tests can point it at a
throwaway file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from studio.vocabulary import CONSENT_BADGE_STATUSES, STORY_STATUSES
from studio.workflow.story_listing import NEWEST_FIRST, STORY_SORTS, StoryListing

ORGANIZATION_NAME = "PatientStoryStudio"
ORGANIZATION_DOMAIN = "patientstorystudio.local"
APPLICATION_NAME = "Patient Story Studio"

_LAST_USER = "sign_in/last_user"
_MAIN_GEOMETRY = "main_window/geometry"
_MAIN_STATE = "main_window/state"
_STORY_HEADER = "main_window/story_header"
_IDLE_MINUTES = "security/idle_lock_minutes"
DEFAULT_IDLE_MINUTES = 10
_RECENT_LIBRARIES = "libraries/recent"
MAX_RECENT_LIBRARIES = 8
_TOUR_SEEN = "tour/seen_by"
_STORY_SORT, _STORY_DESCENDING = "stories/sort", "stories/descending"
_STORY_LINE, _STORY_STATUS = "stories/service_line", "stories/status"
_STORY_CONSENT = "stories/consent"


class UiSettings:
    """Typed access to the few values the UI remembers between runs."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store if store is not None else QSettings()

    @classmethod
    def at(cls, path: Path) -> UiSettings:
        """Settings kept in an INI file at ``path`` (tests, portable installs)."""
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    def sync(self) -> None:
        self._store.sync()

    # -- sign-in -----------------------------------------------------------------------------
    @property
    def last_user(self) -> str:
        return str(self._store.value(_LAST_USER, "") or "")

    @last_user.setter
    def last_user(self, name: str) -> None:
        self._store.setValue(_LAST_USER, name)

    # -- main window -------------------------------------------------------------------------
    def _bytes(self, key: str) -> QByteArray | None:
        value = self._store.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @property
    def main_geometry(self) -> QByteArray | None:
        return self._bytes(_MAIN_GEOMETRY)

    @main_geometry.setter
    def main_geometry(self, value: QByteArray) -> None:
        self._store.setValue(_MAIN_GEOMETRY, value)

    @property
    def main_state(self) -> QByteArray | None:
        return self._bytes(_MAIN_STATE)

    @main_state.setter
    def main_state(self, value: QByteArray) -> None:
        self._store.setValue(_MAIN_STATE, value)

    @property
    def story_header(self) -> QByteArray | None:
        return self._bytes(_STORY_HEADER)

    @story_header.setter
    def story_header(self, value: QByteArray) -> None:
        self._store.setValue(_STORY_HEADER, value)

    # -- security ----------------------------------------------------------------------------
    @property
    def idle_lock_minutes(self) -> int:
        """Minutes without input before the session locks (1 to 240; 10 when unset)."""
        try:
            minutes = int(self._store.value(_IDLE_MINUTES, DEFAULT_IDLE_MINUTES))
        except (TypeError, ValueError):
            return DEFAULT_IDLE_MINUTES
        return min(max(minutes, 1), 240)

    @idle_lock_minutes.setter
    def idle_lock_minutes(self, minutes: int) -> None:
        self._store.setValue(_IDLE_MINUTES, int(minutes))

    # -- libraries opened on this computer (folder paths only) ------------------------------
    @property
    def recent_libraries(self) -> list[str]:
        """Library folders opened here, most recent first (at most MAX_RECENT_LIBRARIES)."""
        return _strings(self._store.value(_RECENT_LIBRARIES, []))[:MAX_RECENT_LIBRARIES]

    @recent_libraries.setter
    def recent_libraries(self, paths: list[str]) -> None:
        self._store.setValue(_RECENT_LIBRARIES, list(paths[:MAX_RECENT_LIBRARIES]))

    # -- the guided tour, once per user name on this computer -------------------------------
    def tour_seen(self, username: str) -> bool:
        return username in _strings(self._store.value(_TOUR_SEEN, []))

    def mark_tour_seen(self, username: str) -> None:
        seen = _strings(self._store.value(_TOUR_SEEN, []))
        if username not in seen:
            self._store.setValue(_TOUR_SEEN, [*seen, username])

    # -- the story list's sort and filters (service line names, states: no patient data) ---
    @property
    def story_listing(self) -> StoryListing:
        """The story list as last sorted and filtered here; newest first when unset or odd."""
        sort = str(self._store.value(_STORY_SORT, NEWEST_FIRST.sort) or "")
        if sort not in STORY_SORTS:
            return NEWEST_FIRST
        descending = str(self._store.value(_STORY_DESCENDING, "true")).lower() == "true"
        line = self._store.value(_STORY_LINE)
        status = str(self._store.value(_STORY_STATUS, "") or "")
        consent = str(self._store.value(_STORY_CONSENT, "") or "")
        return StoryListing(sort, descending, None if line is None else str(line),
                            status if status in STORY_STATUSES else None,
                            consent if consent in CONSENT_BADGE_STATUSES else None)

    @story_listing.setter
    def story_listing(self, listing: StoryListing) -> None:
        self._store.setValue(_STORY_SORT, listing.sort)
        self._store.setValue(_STORY_DESCENDING, "true" if listing.descending else "false")
        if listing.service_line is None:
            self._store.remove(_STORY_LINE)
        else:
            self._store.setValue(_STORY_LINE, listing.service_line)
        self._store.setValue(_STORY_STATUS, listing.status or "")
        self._store.setValue(_STORY_CONSENT, listing.consent or "")

    # -- any saved widget state (splitters, headers) -----------------------------------------
    def layout_state(self, name: str) -> QByteArray | None:
        return self._bytes(f"layout/{name}")

    def set_layout_state(self, name: str, value: QByteArray) -> None:
        self._store.setValue(f"layout/{name}", value)


def _strings(value: object) -> list[str]:
    """A QSettings list read back: INI files return one string for a one-item list."""
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v]
    return []
