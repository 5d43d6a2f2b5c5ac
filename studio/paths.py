"""Where the studio keeps things on this computer (platformdirs), outside any library."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_DIR_NAME = "PatientStoryStudio"


def default_library_path() -> Path:
    """The library `studio` opens when no --library or $STUDIO_LIBRARY is given."""
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)) / "Library.studio"
