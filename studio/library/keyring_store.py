"""'Remember me on this computer': the unwrapped library key in the OS keyring.

Headless Linux often has no keyring; then remembering is simply unavailable and the studio
says so, instead of falling back to anything weaker (Vorta's plaintext fallback is the
example to avoid).
"""

from __future__ import annotations

import base64
import contextlib

import keyring
import keyring.errors

SERVICE = "Patient Story Studio"


def _entry(library_id: str, username: str) -> str:
    return f"{library_id}:{username}"


def keyring_available() -> tuple[bool, str]:
    """Whether a usable backend exists, and if not, a sentence saying why."""
    backend = keyring.get_keyring()
    priority = getattr(backend, "priority", 0)
    name = type(backend).__module__ + "." + type(backend).__name__
    if "fail" in name or "null" in name.lower() or priority <= 0:
        return False, ("no system keyring is available on this computer, so the studio cannot "
                       "remember your sign-in; you will be asked for your password each time")
    return True, ""


def remember_key(library_id: str, username: str, key: bytes) -> bool:
    """Store the key; False (never an exception) when the keyring refuses."""
    try:
        keyring.set_password(SERVICE, _entry(library_id, username),
                             base64.b64encode(key).decode("ascii"))
    except keyring.errors.KeyringError:
        return False
    return True


def recall_key(library_id: str, username: str) -> bytes | None:
    try:
        value = keyring.get_password(SERVICE, _entry(library_id, username))
    except keyring.errors.KeyringError:
        return None
    if not value:
        return None
    try:
        key = base64.b64decode(value, validate=True)
    except ValueError:
        return None
    return key if len(key) == 32 else None


def forget_key(library_id: str, username: str) -> None:
    with contextlib.suppress(keyring.errors.KeyringError):
        keyring.delete_password(SERVICE, _entry(library_id, username))
