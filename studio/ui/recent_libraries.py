"""The libraries opened on this computer, most recent first, kept in QSettings (paths only).

The welcome window and the main window's "Open recent" menu both read this list. An entry
whose folder is gone or no longer a library stays listed (a drive may only be unplugged) but
carries the reason, so it can be shown greyed out and removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from studio.ui.settings import UiSettings
from studio.workflow.library_setup import why_not_a_library


@dataclass(frozen=True)
class RecentLibrary:
    path: Path
    problem: str | None  # why it cannot be opened now; None when it can

    @property
    def available(self) -> bool:
        return self.problem is None


class RecentLibraries:
    """Adds, removes and lists recent library folders in the UI settings."""

    def __init__(self, settings: UiSettings) -> None:
        self._settings = settings

    def paths(self) -> list[Path]:
        return [Path(p) for p in self._settings.recent_libraries]

    def entries(self) -> list[RecentLibrary]:
        """Each recent folder with the reason it cannot be opened (a few stat calls)."""
        return [self.entry(p) for p in self.paths()]

    @staticmethod
    def entry(path: Path) -> RecentLibrary:
        return RecentLibrary(path, why_not_a_library(path))

    def add(self, path: Path) -> None:
        """Put ``path`` first (it was just opened or created)."""
        key = _key(path)
        rest = [str(p) for p in self.paths() if _key(p) != key]
        self._settings.recent_libraries = [key, *rest]
        self._settings.sync()

    def remove(self, path: Path) -> None:
        key = _key(path)
        self._settings.recent_libraries = [str(p) for p in self.paths() if _key(p) != key]
        self._settings.sync()


def _key(path: Path) -> str:
    """One spelling per folder, so the same library is never listed twice."""
    return str(Path(path).expanduser().absolute())
