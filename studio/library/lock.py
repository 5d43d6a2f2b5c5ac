"""library.lock: one writer at a time, across processes on this computer.

The lock is an OS advisory lock on the file, so a crashed process (even SIGKILL) releases it
by itself: a stale lock is taken over without asking anyone. The file's text says who holds
it, for the message the second process shows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from studio.errors import LibraryLocked

if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _try_lock(fh: IO[str]) -> bool:
        try:
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _wait_lock(fh: IO[str]) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_LOCK, 1)  # retries for about 10 s
else:
    import fcntl

    def _try_lock(fh: IO[str]) -> bool:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _wait_lock(fh: IO[str]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)


@contextlib.contextmanager
def exclusive_file_lock(path: Path) -> Iterator[None]:
    """Hold an OS lock on ``path`` for a short read-modify-write (released at process death)."""
    with open(path, "a+", encoding="utf-8") as fh:
        _wait_lock(fh)
        yield  # closing the file releases the lock


def describe_holder(path: Path) -> str:
    """Who holds the lock, in words; empty when the file says nothing useful."""
    try:
        info: Any = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return ""
    if not isinstance(info, dict) or "pid" not in info:
        return ""
    return (f"{info.get('user', '?')} on {info.get('host', '?')} (process {info['pid']}, "
            f"since {info.get('since', '?')})")


class LibraryLock:
    """Hold this object for as long as the library is open for writing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: IO[str] | None = None

    def acquire(self, username: str) -> None:
        fh = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held open while locked
        if not _try_lock(fh):
            fh.close()
            holder = describe_holder(self.path)
            raise LibraryLocked(
                f"{self.path.parent.name} is open for writing by "
                f"{holder or 'another process'}; close it there first, or open this library "
                "read-only")
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "user": username,
                             "since": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}))
        fh.flush()
        self._fh = fh

    @property
    def held(self) -> bool:
        return self._fh is not None

    def release(self) -> None:
        if self._fh is None:
            return
        with contextlib.suppress(OSError):
            self._fh.seek(0)
            self._fh.truncate()
        self._fh.close()  # closing the descriptor releases the OS lock
        self._fh = None
