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
    """The keys.json file of one library; every change is written atomically."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self._data = data

    # -- file ------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, kdf: KdfParams) -> KeySlots:
        data: dict[str, Any] = {"format": KEYS_FORMAT, "library_id": str(uuid.uuid4()),
                                "kdf_default": asdict(kdf), "slots": {}}
        slots = cls(path, data)
        slots._save()
        return slots

    @classmethod
    def load(cls, path: Path) -> KeySlots:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise LibraryError(f"{path.parent}: not a library folder (keys.json is missing)") \
                from exc
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise LibraryError(f"{path}: the key file is unreadable or damaged") from exc
        return cls.from_dict(path, data)

    @classmethod
    def from_dict(cls, path: Path, data: Any) -> KeySlots:
        if not isinstance(data, dict) or not isinstance(data.get("slots"), dict):
            raise LibraryError(f"{path}: the key file is damaged")
        if data.get("format") != KEYS_FORMAT:
            raise LibraryError(f"{path}: key file format {data.get('format')!r} is not "
                               "supported by this version of the studio")
        return cls(path, data)

    def to_bytes(self) -> bytes:
        return json.dumps(self._data, indent=2, sort_keys=True).encode("utf-8")

    def _save(self) -> None:
        atomic_write_bytes(self.path, self.to_bytes())

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

    # -- key check -------------------------------------------------------------------------
    def _key_check_value(self, key: bytes) -> str:
        check = hmac.new(derive_subkey(key, "key-check"), self.library_id.encode(),
                         hashlib.sha256).digest()[:16]
        return _b64(check)

    def set_key_check(self, key: bytes) -> None:
        """Store a short MAC that tells whether a key (say, a remembered one) is this library's."""
        self._data["key_check"] = self._key_check_value(key)
        self._save()

    def matches_key(self, key: bytes) -> bool:
        expected = self._data.get("key_check")
        return isinstance(expected, str) and hmac.compare_digest(
            expected, self._key_check_value(key))

    # -- slots -----------------------------------------------------------------------------
    def _aad(self, username: str) -> bytes:
        return f"{self.library_id}\x00{username}".encode()

    def add(self, username: str, password: str, library_key: bytes) -> None:
        """Wrap the library key for ``username``; replaces an existing slot (password change)."""
        check_password_strength(password)
        kdf = self.kdf_default
        salt = os.urandom(16)
        wrapped = seal(kdf.derive(password, salt), library_key, self._aad(username))
        self._data["slots"][username] = {"kdf": "argon2id", "params": asdict(kdf),
                                         "salt": _b64(salt), "wrapped_key": _b64(wrapped),
                                         "failures": 0, "last_failure": 0.0}
        self._save()

    def remove(self, username: str) -> None:
        if self._data["slots"].pop(username, None) is not None:
            self._save()

    def failure_delay(self, username: str) -> float:
        """Seconds to wait before the next attempt: doubles after the third failure, capped."""
        slot = self._data["slots"].get(username)
        failures = int(slot.get("failures", 0)) if slot else 0
        if failures < FAILURES_BEFORE_DELAY:
            return 0.0
        return min(2.0 ** (failures - FAILURES_BEFORE_DELAY), MAX_DELAY_SECONDS)

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
            wrapping = params.derive(password, _unb64(slot["salt"]))
            key = open_sealed(wrapping, _unb64(slot["wrapped_key"]), self._aad(username))
        except DecryptionFailed:
            slot["failures"] = int(slot.get("failures", 0)) + 1
            slot["last_failure"] = time.time()
            self._save()
            raise AuthError("wrong user name or password") from None
        except (KeyError, TypeError, ValueError) as exc:
            raise LibraryError(f"{self.path}: the key slot of {username!r} is damaged") from exc
        if slot.get("failures"):
            slot["failures"] = 0
            self._save()
        return key
