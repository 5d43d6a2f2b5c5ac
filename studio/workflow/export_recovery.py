"""Finish exports that were recorded but killed before their files got their final names.

An export commits its record (E-n, with every file's SHA-256) and only then renames its files
into place; a kill in between leaves complete files under hidden names. Deleting them with the
other leftovers of killed runs would leave a record that claims files nowhere on disk, so the
next export into the same place rolls them forward instead: the hidden copy becomes visible
under the name the record gives, when it is exactly what was recorded and nothing else took
that name since.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from sqlalchemy import select

from studio.exporters.files import STAGING_PREFIX, alive
from studio.library.fileio import fsync_dir
from studio.library.library import Library
from studio.models import Export


def _recorded(lib: Library, kind: str) -> list[tuple[dict[str, object], dict[str, str]]]:
    with lib.read() as session:
        return [(dict(e.params), dict(e.files)) for e in session.scalars(
            select(Export).where(Export.kind == kind).order_by(Export.id))]


def finish_interrupted_packages(lib: Library, out: Path) -> list[str]:
    """Publish recorded `export posts` folders still staged in ``out``; their final names."""
    published = []
    for params, _files in _recorded(lib, "posts"):
        staging, folder = params.get("staging"), params.get("folder")
        if not isinstance(staging, str) or not isinstance(folder, str):
            continue
        staged, final = out / staging, out / folder
        m = re.fullmatch(re.escape(STAGING_PREFIX) + r"(\d+)-[0-9a-f]+\.part", staging)
        if not m or not staged.is_dir() or final.exists() or alive(int(m.group(1))):
            continue
        os.rename(staged, final)
        fsync_dir(out)
        published.append(folder)
    return published


def finish_interrupted_calendars(lib: Library, folder: Path) -> list[str]:
    """Rename recorded calendar files still under their hidden names in ``folder``."""
    published = []
    for _params, files in _recorded(lib, "calendar"):
        for name, sha in files.items():
            final = Path(name)
            if final.parent != folder or final.exists() or not folder.is_dir():
                continue
            pattern = re.compile(re.escape(f".{final.name}.") + r"[0-9a-f]{12}\.part")
            for entry in folder.iterdir():
                if pattern.fullmatch(entry.name) and \
                        hashlib.sha256(entry.read_bytes()).hexdigest() == sha:
                    os.replace(entry, final)
                    fsync_dir(folder)
                    published.append(str(final))
                    break
    return published
