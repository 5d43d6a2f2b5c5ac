"""keys.json: one slot per user, each giving the library key to that user's password.

The library key is random; a password never touches the database. argon2id turns a password
into a wrapping key (cost tuned once per library so an unlock takes about half a second here).
Format 2 (since re-keying): the wrapping key opens the user's X25519 private key, which opens
the library key encrypted to the user's public key (studio/library/user_keys.py), so an
administrator can re-key the library for everyone without their passwords. A format 1 slot
(the library key sealed directly under the wrapping key) is upgraded at its user's next
sign-in with a password. A slot that unwraps proves the password, which is how a wrong
password is told apart from a damaged database (SQLCipher reports both the same way).

Repeated failures are counted in the slot and slow the next attempt down. The counter lives in
this plaintext file, so it stops guessing through the app, not an attacker with the file: that
one is held back by argon2's cost alone.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from studio.errors import AuthError, LibraryError
from studio.library.crypto import DecryptionFailed, derive_subkey, open_sealed, seal
from studio.library.fileio import atomic_write_bytes
from studio.library.kdf import (  # re-exported: callers import them from here
    MIN_PASSWORD_LENGTH,
    MINIMUM_KDF,
    KdfParams,
    calibrate_kdf,
    check_floor,
    check_password_strength,
)
from studio.library.lock import exclusive_file_lock
from studio.library.rekey_files import settle_interrupted_rekey
from studio.library.user_keys import decrypt_with, encrypt_to, new_key_pair

KEYS_FORMAT = 2
__all__ = [
    "MINIMUM_KDF",
    "MIN_PASSWORD_LENGTH",
    "KdfParams",
    "KeySlots",
    "calibrate_kdf",
    "check_password_strength",
]
READABLE_FORMATS = (1, 2)  # format 1 files hold only legacy slots; they upgrade on sign-in
FAILURES_BEFORE_DELAY = 3
MAX_DELAY_SECONDS = 30.0


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


class KeySlots:
    """The keys.json file of one library.

    Every change re-reads the file under an OS lock, applies that one change and writes the
    result atomically, so two processes (a failed unlock here, an admin adding a user there)
    never overwrite each other's changes. Slots read from a backup's header are read-only.
    """

    def __init__(self, path: Path, data: dict[str, Any], *, read_only: bool = False) -> None:
        self.path = path
        self._data = data
        self.read_only = read_only

    # -- file ------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, kdf: KdfParams) -> KeySlots:
        data: dict[str, Any] = {"format": KEYS_FORMAT, "library_id": str(uuid.uuid4()),
                                "kdf_default": asdict(kdf), "slots": {}}
        slots = cls(path, data)
        atomic_write_bytes(path, slots.to_bytes())
        return slots

    @classmethod
    def load(cls, path: Path, *, settle: bool = True) -> KeySlots:
        """Read keys.json, first finishing or undoing a re-key a crash interrupted.

        ``settle=False`` only for the re-key itself, which holds the key-file lock already.
        """
        if settle:
            settle_interrupted_rekey(path.parent)
        return cls.from_dict(path, _read(path))

    @classmethod
    def from_dict(cls, path: Path, data: Any, *, read_only: bool = False) -> KeySlots:
        _validate(path, data)
        return cls(path, data, read_only=read_only)

    def to_bytes(self) -> bytes:
        return json.dumps(self._data, indent=2, sort_keys=True).encode("utf-8")

    def _update(self, change: Callable[[dict[str, Any]], None]) -> None:
        """Apply ``change`` to the current file contents (not to a stale copy) and save."""
        if self.read_only:
            change(self._data)
            return
        with exclusive_file_lock(self.path.with_name(".keys.lock")):
            fresh = _read(self.path)
            _validate(self.path, fresh)
            change(fresh)
            atomic_write_bytes(self.path, json.dumps(fresh, indent=2, sort_keys=True)
                               .encode("utf-8"))
            self._data = fresh

    @property
    def library_id(self) -> str:
        return str(self._data["library_id"])

    @property
    def kdf_default(self) -> KdfParams:
        return KdfParams(**self._data["kdf_default"])

    def usernames(self) -> list[str]:
        return sorted(self._data["slots"])

    def has(self, username: str) -> bool:
        return username in self._data["slots"]

    def can_receive_new_key(self, username: str) -> bool:
        """Whether the slot has a public key (format 2), so a re-key can reach it."""
        slot = self._data["slots"].get(username)
        return isinstance(slot, dict) and isinstance(slot.get("public_key"), str)

    @property
    def generation(self) -> int:
        """How many times the library key was replaced (0 for the key made at creation)."""
        return int(self._data.get("generation", 0))

    @property
    def data(self) -> dict[str, Any]:
        """A deep copy of the file's contents (for building a re-keyed file)."""
        copy: dict[str, Any] = json.loads(json.dumps(self._data))
        return copy

    # -- what the library key vouches for --------------------------------------------------
    def _mac(self, key: bytes, purpose: str, payload: str) -> str:
        tag = hmac.new(derive_subkey(key, purpose), payload.encode(), hashlib.sha256).digest()
        return _b64(tag[:16])

    def _kdf_payload(self) -> str:
        return json.dumps(self._data["kdf_default"], sort_keys=True)

    def check_kdf_mac(self, key: bytes) -> None:
        """Refuse to build on argon2 settings someone lowered in the file (LibraryError)."""
        expected = self._data.get("kdf_mac")
        if expected is not None and not hmac.compare_digest(
                str(expected), self._mac(key, "kdf-default", self._kdf_payload())):
            raise LibraryError(f"{self.path}: the argon2 settings in the key file were changed "
                               "outside the studio; refusing to create a weaker key slot")

    # -- older library keys, kept only for media written before a re-key --------------------
    def media_keys(self, key: bytes) -> list[bytes]:
        """The media key of ``key`` first, then those of earlier library keys, newest first.

        Blobs are not re-encrypted by a re-key; the earlier media keys are kept here, sealed
        under the current key, so those blobs still open while new ones use the new key.
        """
        keys = [derive_subkey(key, "media")]
        sealed = self._data.get("media_history")
        if isinstance(sealed, str):
            try:
                listed = json.loads(open_sealed(derive_subkey(key, "key-history"),
                                                _unb64(sealed), self.library_id.encode()))
                keys += [_unb64(k) for k in listed]
            except (DecryptionFailed, ValueError, TypeError) as exc:
                raise LibraryError(f"{self.path}: the list of earlier media keys is damaged "
                                   "or was changed outside the studio") from exc
        return keys

    def seal_media_history(self, key: bytes, media_keys: list[bytes]) -> None:
        """Store ``media_keys`` (earlier keys' media subkeys) sealed under ``key``."""
        listed = json.dumps([_b64(k) for k in media_keys]).encode()
        sealed = _b64(seal(derive_subkey(key, "key-history"), listed, self.library_id.encode()))
        self._update(lambda data: data.__setitem__("media_history", sealed))

    def seal_settings(self, key: bytes) -> None:
        """MAC the library id and argon2 cost with the library key.

        The key check lets a remembered key be recognised as this library's; the cost MAC
        stops anyone who can write keys.json from lowering the cost of future slots.
        """
        check = self._mac(key, "key-check", self.library_id)
        kdf_mac = self._mac(key, "kdf-default", self._kdf_payload())

        def change(data: dict[str, Any]) -> None:
            data["key_check"] = check
            data["kdf_mac"] = kdf_mac
        self._update(change)

    def matches_key(self, key: bytes) -> bool:
        expected = self._data.get("key_check")
        return isinstance(expected, str) and hmac.compare_digest(
            expected, self._mac(key, "key-check", self.library_id))

    def anchor_audit_head(self, key: bytes, seq: int, digest: str) -> None:
        """Record the audit chain's head outside the database (MAC'd with the library key).

        A log cut short (its last events deleted) then no longer reaches the anchored event,
        which `audit verify` reports. It is written when a writable session closes.
        """
        anchor = {"seq": seq, "digest": digest}
        anchor["mac"] = self._mac(key, "audit-anchor", json.dumps(anchor, sort_keys=True))
        if self._data.get("audit_anchor") == anchor:
            return

        def change(data: dict[str, Any]) -> None:
            data["audit_anchor"] = anchor
        self._update(change)

    def audit_anchor(self, key: bytes) -> tuple[int, str] | None:
        """The anchored (seq, digest), or None; LibraryError when it was tampered with."""
        anchor = self._data.get("audit_anchor")
        if not isinstance(anchor, dict):
            return None
        body = {"seq": anchor.get("seq"), "digest": anchor.get("digest")}
        if not hmac.compare_digest(str(anchor.get("mac")), self._mac(
                key, "audit-anchor", json.dumps(body, sort_keys=True))):
            raise LibraryError(f"{self.path}: the audit anchor was changed outside the studio")
        seq, digest = body["seq"], body["digest"]
        if not isinstance(seq, int) or not isinstance(digest, str):
            raise LibraryError(f"{self.path}: the audit anchor is damaged")
        return seq, digest

    # -- slots -----------------------------------------------------------------------------
    def _aad(self, username: str, part: str = "") -> bytes:
        return f"{self.library_id}\x00{username}".encode() + (f"\x00{part}".encode()
                                                               if part else b"")

    def add(self, username: str, password: str, library_key: bytes) -> None:
        """Wrap the library key for ``username``; replaces an existing slot (password change)."""
        check_password_strength(password)
        self.check_kdf_mac(library_key)
        kdf = self.kdf_default
        check_floor(kdf, self.path)
        salt = os.urandom(16)
        self._put_slot(username, self._new_slot(username, kdf, salt,
                                                kdf.derive(password, salt), library_key))

    def _new_slot(self, username: str, kdf: KdfParams, salt: bytes, wrapping: bytes,
                  library_key: bytes) -> dict[str, Any]:
        """A format 2 slot: a fresh key pair, its private half sealed under ``wrapping``."""
        private, public = new_key_pair()
        return {"kdf": "argon2id", "params": asdict(kdf), "salt": _b64(salt),
                "public_key": _b64(public),
                "private_key": _b64(seal(wrapping, private, self._aad(username, "private"))),
                "wrapped_key": _b64(encrypt_to(public, library_key, self._aad(username))),
                "failures": 0, "last_failure": 0.0}

    def slot_data(self, username: str) -> dict[str, Any] | None:
        """A copy of one slot, to put back with :meth:`restore_slot` if a change fails."""
        slot = self.data["slots"].get(username)
        return slot if isinstance(slot, dict) else None

    def restore_slot(self, username: str, slot: dict[str, Any] | None) -> None:
        if slot is None:
            self.remove(username)
        else:
            self._update(lambda data: data["slots"].__setitem__(username, slot))

    def _put_slot(self, username: str, slot: dict[str, Any]) -> None:
        def change(data: dict[str, Any]) -> None:
            data["slots"][username] = slot
            data["format"] = KEYS_FORMAT  # an older studio cannot read format 2 slots
        self._update(change)

    def wrap_for(self, username: str, library_key: bytes) -> str:
        """The library key encrypted to ``username``'s public key (a re-key's new slot value)."""
        public = _unb64(self._data["slots"][username]["public_key"])
        return _b64(encrypt_to(public, library_key, self._aad(username)))

    def remove(self, username: str) -> None:
        if username in self._data["slots"]:
            self._update(lambda data: data["slots"].pop(username, None))

    def failure_delay(self, username: str) -> float:
        """Seconds to wait before the next attempt: doubles after the third failure, capped."""
        slot = self._data["slots"].get(username)
        failures = int(slot.get("failures", 0)) if slot else 0
        if failures < FAILURES_BEFORE_DELAY:
            return 0.0
        return min(2.0 ** (failures - FAILURES_BEFORE_DELAY), MAX_DELAY_SECONDS)

    def _set_failures(self, username: str, failed: bool) -> None:
        def change(data: dict[str, Any]) -> None:
            slot = data["slots"].get(username)
            if slot is None:
                return
            slot["failures"] = int(slot.get("failures", 0)) + 1 if failed else 0
            if failed:
                slot["last_failure"] = time.time()
        self._update(change)

    def unlock(self, username: str, password: str,
               sleep: Callable[[float], None] = time.sleep) -> bytes:
        """Return the library key, or raise AuthError with a message that leaks nothing."""
        slot = self._data["slots"].get(username)
        if slot is None:
            # Same cost and message as a wrong password: do not reveal which users exist.
            self.kdf_default.derive(password, b"\x00" * 16)
            raise AuthError("wrong user name or password")
        sleep(self.failure_delay(username))
        legacy = "public_key" not in slot
        try:
            params = KdfParams(**slot["params"])
            check_floor(params, self.path)
            salt = _unb64(slot["salt"])
            wrapping = params.derive(password, salt)
            if legacy:
                key = open_sealed(wrapping, _unb64(slot["wrapped_key"]), self._aad(username))
            else:
                private = open_sealed(wrapping, _unb64(slot["private_key"]),
                                      self._aad(username, "private"))
        except DecryptionFailed:
            self._set_failures(username, failed=True)
            raise AuthError("wrong user name or password") from None
        except (KeyError, TypeError, ValueError) as exc:
            raise LibraryError(f"{self.path}: the key slot of {username!r} is damaged") from exc
        if legacy:
            # Upgrade to format 2 with the same salt and cost: no second argon2 derivation.
            if self.matches_key(key):
                self._put_slot(username, self._new_slot(username, params, salt, wrapping, key))
            elif slot.get("failures"):
                self._set_failures(username, failed=False)
            return key
        try:
            key = decrypt_with(private, _unb64(slot["wrapped_key"]), self._aad(username))
        except (DecryptionFailed, KeyError, ValueError) as exc:
            raise LibraryError(f"{self.path}: the key slot of {username!r} is damaged (its "
                               "password is right but the library key in it does not open)"
                               ) from exc
        if slot.get("failures"):
            self._set_failures(username, failed=False)
        return key


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise LibraryError(f"{path.parent}: not a library folder (keys.json is missing)") \
            from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LibraryError(f"{path}: the key file is unreadable or damaged") from exc


def _validate(path: Path, data: Any) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("slots"), dict):
        raise LibraryError(f"{path}: the key file is damaged")
    if data.get("format") not in READABLE_FORMATS:
        raise LibraryError(f"{path}: key file format {data.get('format')!r} is not "
                           "supported by this version of the studio")
