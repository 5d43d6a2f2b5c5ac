"""The two files a re-key publishes, and how a reader settles a re-key a crash interrupted.

A re-key (studio/library/rekey.py) writes the re-encrypted database as ``library.db.rekeyed``
and the matching key file as ``keys.json.rekeyed``, then renames the database into place (the
commit point) and the key file after it, holding the key-file lock from the first rename on.
So whoever next takes that lock and still finds one of them knows the re-key died, and:

- ``library.db.rekeyed`` still there: the commit point was not reached; the old database and
  the old keys.json are intact and belong together. Both leftovers are removed (the key file
  first, so a crash during this clean-up can never look like the next case).
- only ``keys.json.rekeyed`` there: the new database is in place; its key file is renamed in.

A copy still being made when the re-key died (``.library.db.*.part``, under the old key or a
new key nobody holds) is deleted too. Either way the library opens with the old key or the
new one, never with neither.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from studio.library.fileio import fsync_dir
from studio.library.lock import exclusive_file_lock

NEW_DB = "library.db.rekeyed"
NEW_KEYS = "keys.json.rekeyed"
KEYS_LOCK = ".keys.lock"


def settle_interrupted_rekey(root: Path) -> None:
    """Finish or undo an interrupted re-key of the library in ``root`` (no key needed)."""
    new_db, new_keys = root / NEW_DB, root / NEW_KEYS
    if not new_db.exists() and not new_keys.exists() and not _copies(root):
        return
    with exclusive_file_lock(root / KEYS_LOCK):  # a live re-key holds it until it is done
        for part in _copies(root):
            with contextlib.suppress(FileNotFoundError):
                part.unlink()
        if new_db.exists():
            with contextlib.suppress(FileNotFoundError):
                new_keys.unlink()
            fsync_dir(root)
            new_db.unlink()
            fsync_dir(root)
        elif new_keys.exists():
            os.replace(new_keys, root / "keys.json")
            fsync_dir(root)


def _copies(root: Path) -> list[Path]:
    """Unfinished copies of the database a re-key makes (temp_sibling of library.db)."""
    return list(root.glob(".library.db.*.part*"))
