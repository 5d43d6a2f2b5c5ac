"""The media vault: each blob AES-256-GCM encrypted under a random name in media/xx/.

Plaintext only ever exists in memory. A blob is written to a temporary name, fsynced and
renamed before the database row that points at it commits, so a crash leaves at worst an
unreferenced (still encrypted) blob, never a row without its blob.

New blobs use the current library key's media key. Blobs written before a re-key keep the
key they were written with (they are not re-encrypted); reading tries the current key, then
the earlier ones (KeySlots.media_keys): AES-GCM's tag tells a wrong key apart reliably.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator, Sequence
from pathlib import Path

from studio.errors import LibraryDamaged
from studio.library.crypto import DecryptionFailed, open_sealed, seal
from studio.library.fileio import atomic_write_bytes


class MediaVault:
    def __init__(self, root: Path, media_keys: Sequence[bytes]) -> None:
        """``media_keys``: the current media key first, then earlier ones (newest first)."""
        if not media_keys:
            raise ValueError("a media vault needs at least its current key")
        self.root = root
        self._key = media_keys[0]
        self._earlier = tuple(media_keys[1:])

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
        for key in (self._key, *self._earlier):
            try:
                return open_sealed(key, sealed, name.encode("ascii"))
            except DecryptionFailed:
                continue
        raise LibraryDamaged(f"media blob {name} is damaged (it fails its authentication "
                             "check)")

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
