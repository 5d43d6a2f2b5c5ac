"""Safe names and all-or-nothing writes for export files.

Titles are typed by people and may hold ``../``, slashes, line breaks or shell characters; a
name built from one must stay a single harmless path component inside the chosen folder.
Every file is written under a hidden temporary name, fsynced and renamed, and a whole export is
built in a hidden staging folder that becomes visible with one rename: a crash or a kill leaves
no half-written file under a final name.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shutil
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from studio.library.fileio import atomic_write_bytes, fsync_dir, temp_sibling

STAGING_PREFIX = ".studio-export-"
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                     *(f"lpt{i}" for i in range(1, 10))}


def safe_name(text: str, *, fallback: str = "file", max_len: int = 60) -> str:
    """A lowercase ASCII slug: letters, digits and single hyphens, never empty or reserved.

    Accents fold to their base letter (Peña -> pena); anything else (slashes, dots, CR/LF,
    quotes, $, ;, |, emoji) becomes a hyphen, so the result is one inert path component on
    every operating system.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:max_len].strip("-")
    if not slug or slug in _WINDOWS_RESERVED:
        slug = f"{slug}-{fallback}" if slug else fallback
    return slug


@dataclass(frozen=True)
class WrittenFile:
    path: str          # relative to the export's root, with forward slashes
    sha256: str
    size: int


class Staging:
    """A hidden folder inside ``out`` where one export is built before it is published."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.token = f"{os.getpid()}-{secrets.token_hex(6)}"
        self.root = out / f"{STAGING_PREFIX}{self.token}.part"
        self.files: dict[str, WrittenFile] = {}

    def __enter__(self) -> Staging:
        self.out.mkdir(parents=True, exist_ok=True)
        self.root.mkdir(mode=0o700)
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is not None:
            self.discard()

    def write(self, relative: str, data: bytes) -> WrittenFile:
        """Write one file (temporary name, fsync, rename) at ``relative`` inside the stage."""
        target = self._inside(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, data)
        record = WrittenFile(relative, hashlib.sha256(data).hexdigest(), len(data))
        self.files[relative] = record
        return record

    def remove_dir(self, relative: str) -> None:
        """Drop a post's folder that must not go out after all (blocked at the last check)."""
        shutil.rmtree(self._inside(relative), ignore_errors=True)
        self.files = {k: v for k, v in self.files.items()
                      if not k.startswith(relative.rstrip("/") + "/")}

    def publish(self, final_name: str) -> Path:
        """Make the finished export visible under ``out/final_name`` in one rename."""
        final = self.out / final_name
        os.rename(self.root, final)  # fails rather than merges if ``final`` exists
        fsync_dir(self.out)
        return final

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def _inside(self, relative: str) -> Path:
        parts = relative.split("/")
        if any(p in ("", ".", "..") or p != p.strip() or "\\" in p for p in parts):
            raise ValueError(f"unsafe export path {relative!r}")
        path = self.root.joinpath(*parts)
        if not path.resolve().is_relative_to(self.root.resolve()):
            raise ValueError(f"export path {relative!r} leaves the export folder")
        return path


def sweep_stale_staging(out: Path) -> int:
    """Remove staging folders left in ``out`` by exports whose process no longer runs."""
    removed = 0
    if not out.is_dir():
        return 0
    for entry in out.iterdir():
        m = re.fullmatch(re.escape(STAGING_PREFIX) + r"(\d+)-[0-9a-f]+\.part", entry.name)
        if not m or not entry.is_dir() or alive(int(m.group(1))):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed += 1
    return removed


def alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (ours counts as running)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True     # exists, owned by someone else
    return True


class PendingFiles:
    """Single files (calendars, CSVs) written beside their final names, renamed on publish."""

    def __init__(self) -> None:
        self.pending: list[tuple[Path, Path]] = []
        self.files: dict[str, WrittenFile] = {}

    def write(self, final: Path, data: bytes) -> WrittenFile:
        _sweep_stale_temps(final)
        tmp = temp_sibling(final)
        try:
            with open(tmp, "xb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        except BaseException:  # a full disk: the partial copy must not stay behind
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        self.pending.append((tmp, final))
        record = WrittenFile(final.name, hashlib.sha256(data).hexdigest(), len(data))
        self.files[final.name] = record
        return record

    def publish(self) -> None:
        for tmp, final in self.pending:
            os.replace(tmp, final)
        for parent in {final.parent for _, final in self.pending}:
            fsync_dir(parent)
        self.pending = []

    def discard(self) -> None:
        for tmp, _ in self.pending:
            with contextlib.suppress(OSError):
                tmp.unlink()
        self.pending = []


def _sweep_stale_temps(final: Path, older_than_s: float = 600) -> None:
    """Remove temporary siblings of ``final`` left by a killed export (not a running one)."""
    pattern = re.compile(re.escape(f".{final.name}.") + r"[0-9a-f]{12}\.part")
    if not final.parent.is_dir():
        return
    for entry in final.parent.iterdir():
        if pattern.fullmatch(entry.name):
            with contextlib.suppress(OSError):
                if time.time() - entry.stat().st_mtime > older_than_s:
                    entry.unlink()
