"""Where things live inside a library folder (ARCHITECTURE.md, 'The library folder')."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SUFFIX = ".studio"


@dataclass(frozen=True)
class LibraryLayout:
    root: Path

    @property
    def db(self) -> Path:
        return self.root / "library.db"

    @property
    def keys(self) -> Path:
        return self.root / "keys.json"

    @property
    def media(self) -> Path:
        return self.root / "media"

    @property
    def lock(self) -> Path:
        return self.root / "library.lock"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    def looks_like_library(self) -> bool:
        return self.keys.is_file() and self.db.is_file()
