"""argon2id: the cost of turning a password into a key, tuned per machine and floored."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw

from studio.errors import BadInput, LibraryError

MIN_PASSWORD_LENGTH = 12


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


def check_floor(params: KdfParams, path: Path) -> None:
    if (params.time_cost < MINIMUM_KDF.time_cost
            or params.memory_cost_kib < MINIMUM_KDF.memory_cost_kib
            or params.parallelism < MINIMUM_KDF.parallelism):
        raise LibraryError(f"{path}: a key slot's argon2 cost is below the studio's floor; "
                           "the key file was tampered with")
