"""One-file library backups: streamable, authenticated end to end, restorable from a password.

Layout (integers big-endian)::

    MAGIC | version u8 | backup_id 16 | key_check 16 | header_len u32 | header JSON
          | sha256(all header bytes before it) 32      <- clear: a restore must find the key slots
    chunk 0 | chunk 1 | ... | final chunk             <- AES-256-GCM, CHUNK_SIZE plaintext each

Every chunk but the last holds exactly CHUNK_SIZE bytes, so the reader learns a chunk is the last
one only because the file ends after it; the 'final' flag is bound into nonce and associated data,
so a file cut at a chunk boundary fails instead of looking complete. The associated data also binds
the header digest, the backup id and the chunk index: a changed header, reordered or dropped chunks
and chunks spliced from another backup all fail. Each backup gets its own stream key (derived from
the library key and the random backup id), so counter nonces never repeat under one key.

The decrypted stream uses its own framing, not tar, so there are no links, devices or modes to
refuse on restore -- only names, which are validated as strictly on read as on write::

    b"F" | name_len u16 | utf-8 name | size u64 | data     (once per member)
    b"M" | manifest_len u32 | JSON {arcname: sha256hex}     (once, last)
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from studio.errors import BadInput, LibraryDamaged, LibraryError
from studio.library.crypto import TAG_LEN, derive_subkey

MAGIC = b"PSS-BACKUP\n"
FORMAT_VERSION = 1
CHUNK_SIZE = 1 << 20
ID_LEN = 16
MAX_HEADER = 16 << 20  # key slots and a few fields; a bigger length means the header is damaged
MAX_MANIFEST = 256 << 20
_FIXED = struct.Struct(">B16s16sI")
WRONG_KEY = ("this backup cannot be decrypted with this library's key "
             "(a backup of another library, or damaged)")


class BackupFormatError(BadInput):
    """The file is not a backup at all, or one from a newer app: nothing to do with damage."""


class BackupDamaged(LibraryDamaged):
    """Authentication failed, the file is truncated, or the content is malformed; says where."""


def _arcname_problem(name: str) -> str | None:
    """Why ``name`` may not be a member path (None if fine); one rule for writing and restoring."""
    try:
        if not name or len(name.encode()) > 1024:
            return "is empty or too long"
    except UnicodeEncodeError:
        return "is not valid text"
    if any(ord(c) < 32 for c in name) or "\\" in name or ":" in name:
        return "contains a control character, backslash or colon"
    if name.startswith("/") or any(p in ("", ".", "..") for p in name.split("/")):
        return "is absolute or has an empty, '.' or '..' part"
    return None


@dataclass(frozen=True)
class Member:
    """One file to back up; ``open`` is called only when its turn comes so nothing is preloaded."""

    arcname: str
    size: int
    open: Callable[[], BinaryIO] = field(repr=False)

    def __post_init__(self) -> None:
        problem = _arcname_problem(self.arcname)
        if problem or self.size < 0:
            raise ValueError(f"backup member name {self.arcname!r} {problem or 'has a bad size'}")


class _Names:
    """Refuses duplicate names and a name that is both a file and a folder of another."""

    def __init__(self, error: type[Exception]) -> None:
        self._files: set[str] = set()
        self._dirs: set[str] = set()
        self._error = error

    def add(self, name: str) -> None:
        problem = _arcname_problem(name)
        parents = {name.rsplit("/", i)[0] for i in range(1, name.count("/") + 1)}
        if problem is None and (name in self._files | self._dirs or parents & self._files):
            problem = "is used twice (as a file or a folder)"
        if problem:
            raise self._error(f"backup member name {name!r} {problem}")
        self._files.add(name)
        self._dirs |= parents


def _read_full(f: BinaryIO, n: int) -> bytes:
    """Read ``n`` bytes unless the file ends first; streams may return short reads."""
    parts, got = [], 0
    while got < n:
        part = f.read(n - got)
        if not part:
            break
        parts.append(part)
        got += len(part)
    return b"".join(parts)


def _keys(key: bytes, backup_id: bytes) -> tuple[AESGCM, bytes]:
    """Per-backup stream cipher, and a key check that tells 'wrong key' apart from 'damaged'."""
    base = derive_subkey(key, "backup")
    stream = derive_subkey(base, f"backup/{backup_id.hex()}/stream")
    return AESGCM(stream), derive_subkey(base, f"backup/{backup_id.hex()}/check")[:16]


def _chunk_params(prefix: bytes, index: int, final: bool) -> tuple[bytes, bytes]:
    """Nonce and associated data of chunk ``index``: position and finality are authenticated."""
    flag = b"\x01" if final else b"\x00"
    return index.to_bytes(11, "big") + flag, prefix + index.to_bytes(8, "big") + flag


def _parse_header(f: BinaryIO) -> tuple[dict[str, Any], bytes, bytes, bytes]:
    """(caller's header, backup id, key check, sha256 of the header bytes)."""
    if _read_full(f, len(MAGIC)) != MAGIC:
        raise BackupFormatError("this file is not a Patient Story Studio backup")
    fixed = _read_full(f, _FIXED.size)
    if len(fixed) < _FIXED.size:
        raise BackupDamaged("the backup is damaged: its header is truncated")
    version, backup_id, key_check, length = _FIXED.unpack(fixed)
    if version > FORMAT_VERSION:
        raise BackupFormatError(f"this backup was made by a newer version of Patient Story Studio "
                                f"(format {version}); update the app to restore it")
    if version != FORMAT_VERSION or length > MAX_HEADER:
        raise BackupDamaged("the backup is damaged: its header is not readable")
    body, digest = _read_full(f, length), _read_full(f, 32)
    if not hmac.compare_digest(hashlib.sha256(MAGIC + fixed + body).digest(), digest):
        raise BackupDamaged("the backup is damaged: its header is truncated or altered")
    return json.loads(body), backup_id, key_check, digest  # digest matched: our own JSON


class _ChunkWriter:
    """Encrypts a byte stream into fixed-size chunks without knowing its length in advance."""

    def __init__(self, out: BinaryIO, aead: AESGCM, prefix: bytes) -> None:
        self._out, self._aead, self._prefix = out, aead, prefix
        self._buf = bytearray()
        self._index = 0

    def write(self, data: bytes) -> None:
        """Emit full chunks only once more data follows, so the last chunk is never empty."""
        self._buf += data
        while len(self._buf) > CHUNK_SIZE:
            self._emit(bytes(self._buf[:CHUNK_SIZE]), final=False)
            del self._buf[:CHUNK_SIZE]

    def close(self) -> None:
        self._emit(bytes(self._buf), final=True)
        self._buf.clear()

    def _emit(self, plain: bytes, *, final: bool) -> None:
        nonce, aad = _chunk_params(self._prefix, self._index, final)
        self._out.write(self._aead.encrypt(nonce, plain, aad))
        self._index += 1


class _ChunkReader:
    """Verified plaintext, one chunk look-ahead (to know which chunk is final) and no more."""

    def __init__(self, f: BinaryIO, aead: AESGCM, prefix: bytes) -> None:
        self._f, self._aead, self._prefix = f, aead, prefix
        self._next = _read_full(f, CHUNK_SIZE + TAG_LEN)
        self._buf = bytearray()
        self._index = 0
        self._done = False
        self.where = ""  # what is being read, for messages

    def _fill(self) -> bool:
        if self._done:
            return False
        block = self._next
        self._next = _read_full(self._f, CHUNK_SIZE + TAG_LEN)
        final = not self._next
        try:
            self._buf += self._open(block, final)
        except InvalidTag:
            problem = f"chunk {self._index}{self.where} failed its integrity check"
            with contextlib.suppress(InvalidTag):  # verifies as non-final: the rest is missing
                self._open(block, False)
                problem = f"it is truncated after chunk {self._index}"
            if not block:
                problem = "it ends right after its header"
            raise BackupDamaged(f"the backup is damaged: {problem}") from None
        self._index += 1
        self._done = final
        return True

    def _open(self, block: bytes, final: bool) -> bytes:
        nonce, aad = _chunk_params(self._prefix, self._index, final)
        return self._aead.decrypt(nonce, block, aad)

    def read(self, n: int) -> bytes:
        while len(self._buf) < n:
            if not self._fill():
                raise BackupDamaged(f"the backup is damaged: it ends early{self.where}")
        out = bytes(self._buf[:n])
        del self._buf[:n]
        return out

    def at_end(self) -> bool:
        while not self._buf and self._fill():
            pass
        return not self._buf


def write_container(out: BinaryIO, *, header: dict[str, Any], key: bytes,
                    members: Iterable[Member],
                    progress: Callable[[int], None] | None = None) -> dict[str, str]:
    """Stream ``members`` into ``out`` (no seeking); return {arcname: sha256 of plaintext}.

    ``progress(bytes of members written so far)`` is called after each piece; it may raise
    to stop (the caller then removes what it was writing)."""
    written = 0
    backup_id = secrets.token_bytes(ID_LEN)
    aead, key_check = _keys(key, backup_id)
    body = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    if len(body) > MAX_HEADER:
        raise ValueError("backup header is too large")
    head = MAGIC + _FIXED.pack(FORMAT_VERSION, backup_id, key_check, len(body)) + body
    digest = hashlib.sha256(head).digest()
    out.write(head + digest)
    writer = _ChunkWriter(out, aead, digest + backup_id)
    names, manifest = _Names(ValueError), dict[str, str]()
    for m in members:
        names.add(m.arcname)
        name = m.arcname.encode()
        writer.write(b"F" + struct.pack(">H", len(name)) + name + struct.pack(">Q", m.size))
        sha, left = hashlib.sha256(), m.size
        with m.open() as src:
            while left:
                piece = src.read(min(left, CHUNK_SIZE))
                if not piece:
                    raise LibraryError(f"{m.arcname} got shorter while it was being backed up")
                sha.update(piece)
                writer.write(piece)
                left -= len(piece)
                written += len(piece)
                if progress is not None:
                    progress(written)
            if src.read(1):
                raise LibraryError(f"{m.arcname} grew while it was being backed up")
        manifest[m.arcname] = sha.hexdigest()
    listing = json.dumps(manifest, sort_keys=True).encode()
    writer.write(b"M" + struct.pack(">I", len(listing)) + listing)
    writer.close()
    return manifest


def read_header(f: BinaryIO) -> dict[str, Any]:
    """The caller's clear header (key slots, library id...); needs no key, verifies no chunk."""
    return _parse_header(f)[0]


def _read_members(f: BinaryIO, key: bytes, open_out: Callable[[str], BinaryIO] | None,
                  progress: Callable[[int], None] | None = None) -> dict[str, str]:
    _, backup_id, stored_check, digest = _parse_header(f)
    aead, key_check = _keys(key, backup_id)
    if not hmac.compare_digest(key_check, stored_check):
        raise BackupDamaged(WRONG_KEY)
    reader = _ChunkReader(f, aead, digest + backup_id)
    names, seen = _Names(BackupDamaged), dict[str, str]()
    read = 0
    while (kind := reader.read(1)) == b"F":
        (n,) = struct.unpack(">H", reader.read(2))
        try:
            name = reader.read(n).decode()
        except UnicodeDecodeError:
            raise BackupDamaged("the backup is damaged: a member name is not text") from None
        names.add(name)
        (left,) = struct.unpack(">Q", reader.read(8))
        reader.where, sha = f" (in {name})", hashlib.sha256()
        out = open_out(name) if open_out else None
        try:
            while left:
                piece = reader.read(min(left, CHUNK_SIZE))
                sha.update(piece)
                if out:
                    out.write(piece)
                left -= len(piece)
                read += len(piece)
                if progress is not None:
                    progress(read)
            if out:
                out.flush()
                os.fsync(out.fileno())
        finally:
            if out:
                out.close()
        seen[name], reader.where = sha.hexdigest(), ""
    if kind != b"M":
        raise BackupDamaged("the backup is damaged: unknown record in the stream")
    (n,) = struct.unpack(">I", reader.read(4))
    try:
        listed = json.loads(reader.read(n)) if n <= MAX_MANIFEST else None
    except ValueError:
        listed = None
    if listed != seen or not reader.at_end():
        raise BackupDamaged("the backup is damaged: its manifest does not match its members")
    return seen


def verify_container(f: BinaryIO, *, key: bytes,
                     progress: Callable[[int], None] | None = None) -> dict[str, str]:
    """Check every chunk and the manifest without writing anything; return the manifest.
    ``progress(bytes of members read so far)`` as in :func:`write_container`."""
    return _read_members(f, key, None, progress)


def extract_container(f: BinaryIO, *, key: bytes, dest: Path) -> dict[str, str]:
    """Restore into the empty folder ``dest``: all members appear, or (on any error) none do.

    Members are written to temporary names and renamed only after the whole stream and its
    manifest verified, so a damaged backup never leaves a half-written or unverified file behind.
    """
    if not dest.is_dir():
        raise BadInput(f"restore folder {dest} does not exist")
    if any(dest.iterdir()):
        raise BadInput(f"restore folder {dest} is not empty")
    root = dest.resolve()
    staged: list[tuple[Path, Path]] = []
    made: list[Path] = []

    def open_out(name: str) -> BinaryIO:
        final = root.joinpath(*name.split("/"))
        for parent in reversed(final.parents):
            if parent.is_relative_to(root) and not parent.exists():
                parent.mkdir()
                made.append(parent)
        if not final.parent.resolve().is_relative_to(root):
            raise BackupDamaged(f"backup member {name!r} would be written outside {dest}")
        tmp = final.with_name(f".{final.name}.{secrets.token_hex(6)}.partial")
        staged.append((tmp, final))
        return tmp.open("xb")

    try:
        manifest = _read_members(f, key, open_out)
        for tmp, final in staged:
            if final.exists():  # names that differ only in case, on a case-insensitive disk
                raise BackupDamaged(f"backup member {final.name!r} clashes with another member")
            os.replace(tmp, final)
    except BaseException:
        for path in [p for pair in staged for p in pair]:
            with contextlib.suppress(OSError):  # the original error matters, not this one
                path.unlink(missing_ok=True)
        for path in reversed(made):
            with contextlib.suppress(OSError):
                path.rmdir()
        raise
    return manifest
