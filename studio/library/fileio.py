"""Writes that are all-or-nothing: a crash leaves the old file or the new one, never half."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def temp_sibling(path: Path) -> Path:
    """A hidden temporary name beside ``path``, so the final rename stays on one filesystem."""
    return path.with_name(f".{path.name}.{secrets.token_hex(6)}.part")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` under a temporary name, fsync, then rename over ``path``."""
    tmp = temp_sibling(path)
    try:
        # 0600: another OS user on this computer gets nothing, not even the encrypted bytes.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)
