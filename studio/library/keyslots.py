"""keys.json: one slot per user, each holding the library key wrapped by that user's password.

The library key is random; a password never touches the database. argon2id turns a password
into a wrapping key (cost tuned once per library so an unlock takes about half a second here),
and AES-GCM unwraps the library key. A slot that unwraps proves the password, which is how a
wrong password is told apart from a damaged database (SQLCipher reports both the same way).

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
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw

from studio.errors import AuthError, BadInput, LibraryError
from studio.library.crypto import DecryptionFailed, derive_subkey, open_sealed, seal
from studio.library.fileio import atomic_write_bytes
from studio.library.lock import exclusive_file_lock

KEYS_FORMAT = 1
MIN_PASSWORD_LENGTH = 12
FAILURES_BEFORE_DELAY = 3
MAX_DELAY_SECONDS = 30.0


@dataclass(frozen=True)
class KdfParams:
    """argon2id cost, stored in every slot so a later retune never strands an old slot."""

    time_cost: int
    memory_cost_kib: int
    parallelism: int

    def derive(self, password: str, salt: bytes) -> bytes:
        return hash_secret_raw(password.encode("utf-8"), salt, time_cost=self.time_cost,
                               memory_cost=self.memory_cost_kib, parallelism=self.parallelism,
                               hash_len=32, type=Type.ID)


# The smallest cost the code accepts: test fixtures use it to keep the suite fast.
MINIMUM_KDF = KdfParams(time_cost=1, memory_cost_kib=8 * 1024, parallelism=1)


def calibrate_kdf(target_seconds: float = 0.5, memory_cost_kib: int = 128 * 1024,
                  parallelism: int = 2) -> KdfParams:
    """Pick a time cost so one derivation takes about ``target_seconds`` on this machine.

    Memory hardness is what hurts GPU guessing, so memory is fixed high (128 MiB: with the app
    itself, sign-in then peaks under 250 MB, bench/library.py); the time cost brings the unlock
    into the 0.25 to 1 second band. Timing one and two passes separates the fixed cost
    (allocation) from the cost of each extra pass.
    """
    def timed(passes: int) -> float:
        start = time.perf_counter()
        KdfParams(passes, memory_cost_kib, parallelism).derive("calibration", b"\x00" * 16)
        return time.perf_counter() - start

    one = min(timed(1), timed(1))
    per_pass = max(min(timed(2), timed(2)) - one, 1e-3)
    time_cost = 1 + max(0, round((target_seconds - one) / per_pass))
    return KdfParams(min(time_cost, 12), memory_cost_kib, parallelism)


def check_password_strength(password: str) -> None:
    """Refuse passwords the product rules forbid, before anything is created."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BadInput(f"the password must be at least {MIN_PASSWORD_LENGTH} characters long")
    if password.strip() != password:
        raise BadInput("the password must not start or end with spaces")


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
    def load(cls, path: Path) -> KeySlots:
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

    # -- what the library key vouches for --------------------------------------------------
    def _mac(self, key: bytes, purpose: str, payload: str) -> str:
        tag = hmac.new(derive_subkey(key, purpose), payload.encode(), hashlib.sha256).digest()
        return _b64(tag[:16])

    def _kdf_payload(self) -> str:
        return json.dumps(self._data["kdf_default"], sort_keys=True)

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
    def _aad(self, username: str) -> bytes:
        return f"{self.library_id}\x00{username}".encode()

    def add(self, username: str, password: str, library_key: bytes) -> None:
        """Wrap the library key for ``username``; replaces an existing slot (password change)."""
        check_password_strength(password)
        expected = self._data.get("kdf_mac")
        if expected is not None and not hmac.compare_digest(
                str(expected), self._mac(library_key, "kdf-default", self._kdf_payload())):
            raise LibraryError(f"{self.path}: the argon2 settings in the key file were changed "
                               "outside the studio; refusing to create a weaker key slot")
        kdf = self.kdf_default
        _check_floor(kdf, self.path)
        salt = os.urandom(16)
        wrapped = seal(kdf.derive(password, salt), library_key, self._aad(username))
        slot = {"kdf": "argon2id", "params": asdict(kdf), "salt": _b64(salt),
                "wrapped_key": _b64(wrapped), "failures": 0, "last_failure": 0.0}

        def change(data: dict[str, Any]) -> None:
            data["slots"][username] = slot
        self._update(change)

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
        try:
            params = KdfParams(**slot["params"])
            _check_floor(params, self.path)
            wrapping = params.derive(password, _unb64(slot["salt"]))
            key = open_sealed(wrapping, _unb64(slot["wrapped_key"]), self._aad(username))
        except DecryptionFailed:
            self._set_failures(username, failed=True)
            raise AuthError("wrong user name or password") from None
        except (KeyError, TypeError, ValueError) as exc:
            raise LibraryError(f"{self.path}: the key slot of {username!r} is damaged") from exc
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
    if data.get("format") != KEYS_FORMAT:
        raise LibraryError(f"{path}: key file format {data.get('format')!r} is not "
                           "supported by this version of the studio")


def _check_floor(params: KdfParams, path: Path) -> None:
    if (params.time_cost < MINIMUM_KDF.time_cost
            or params.memory_cost_kib < MINIMUM_KDF.memory_cost_kib
            or params.parallelism < MINIMUM_KDF.parallelism):
        raise LibraryError(f"{path}: a key slot's argon2 cost is below the studio's floor; "
                           "the key file was tampered with")
