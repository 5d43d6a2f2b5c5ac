"""Recognise "the disk is full" in whatever form it arrives, and say it in one sentence.

A full disk (ENOSPC), a user quota (EDQUOT) or a file size limit (EFBIG, RLIMIT_FSIZE) reaches
us as an OSError from our own writes, or as SQLite's "database or disk is full" / "disk I/O
error" wrapped by SQLAlchemy. Each writer already keeps nothing half-written (temporary names,
transactions); this module only turns the failure into a :class:`DiskFull` a person can act on.
"""

from __future__ import annotations

import errno
from pathlib import Path

from studio.errors import DiskFull

DISK_ERRNOS = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT})
_SQLITE_PHRASES = {"database or disk is full": "database or disk is full",
                   "disk i/o error": "disk I/O error"}


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc`` and everything it wraps (``__cause__``, ``__context__``, SQLAlchemy's ``orig``)."""
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        item = todo.pop()
        if item is None or any(item is s for s in seen):
            continue
        seen.append(item)
        todo += [item.__cause__, item.__context__, getattr(item, "orig", None)]
    return seen


def _where(filename: object) -> str:
    if not filename:
        return ""
    path = Path(str(filename))
    # Our writes go to hidden temporary names; the folder is what the person recognises.
    return f" (writing in {path.parent})" if path.name.startswith(".") else f" ({path})"


def disk_full(exc: BaseException, *, writing: str = "") -> DiskFull | None:
    """A :class:`DiskFull` describing ``exc`` when it is a full disk, else None."""
    if isinstance(exc, DiskFull):
        return exc
    for cause in _causes(exc):
        if isinstance(cause, OSError) and cause.errno in DISK_ERRNOS:
            reason = cause.strerror or "no space left"
            where = _where(cause.filename) or (f" ({writing})" if writing else "")
            break
        text = str(cause).lower()
        said = [p for p in _SQLITE_PHRASES if p in text]
        if type(cause).__name__ in ("OperationalError", "DatabaseError") and said:
            reason = f"the database could not be written ({_SQLITE_PHRASES[said[0]]})"
            where = f" ({writing})" if writing else ""
            break
    else:
        return None
    return DiskFull(f"the disk is full or a file size limit was reached: {reason}{where}; "
                    "nothing half-written was kept. Free some space and try again")
