"""The media vault: each blob AES-256-GCM encrypted under a random name in media/xx/.

Plaintext only ever exists in memory. A blob is written to a temporary name, fsynced and
renamed before the database row that points at it commits, so a crash leaves at worst an
unreferenced (still encrypted) blob, never a row without its blob.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator
from pathlib import Path

from studio.errors import LibraryDamaged
from studio.library.crypto import DecryptionFailed, derive_subkey, open_sealed, seal
from studio.library.fileio import atomic_write_bytes


class MediaVault:
    def __init__(self, root: Path, library_key: bytes) -> None:
        self.root = root
        self._key = derive_subkey(library_key, "media")

    def _path(self, name: str) -> Path:
        if len(name) != 32 or not all(c in "0123456789abcdef" for c in name):
            raise LibraryDamaged(f"media blob name {name!r} is not one the studio writes")
        return self.root / name[:2] / name

    def put(self, data: bytes) -> str:
        """Encrypt and store ``data``; return the new blob's name."""
        name = secrets.token_hex(16)
        path = self._path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, seal(self._key, data, name.encode("ascii")))
        return name

    def get(self, name: str) -> bytes:
        path = self._path(name)
        try:
            sealed = path.read_bytes()
        except FileNotFoundError as exc:
            raise LibraryDamaged(f"media blob {name} is missing from the library") from exc
        try:
            return open_sealed(self._key, sealed, name.encode("ascii"))
        except DecryptionFailed as exc:
            raise LibraryDamaged(f"media blob {name} is damaged (it fails its "
                                 "authentication check)") from exc

    def delete(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._path(name).unlink()

    def names(self) -> Iterator[str]:
        """Every blob on disk (for orphan sweeps and verification)."""
        if not self.root.exists():
            return
        for sub in sorted(self.root.iterdir()):
            if sub.is_dir():
                for blob in sorted(sub.iterdir()):
                    if blob.is_file() and not blob.name.startswith("."):
                        yield blob.name
