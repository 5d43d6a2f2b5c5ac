"""In-memory keyring backends: the test process's own, and one a child process fills from
$STUDIO_TEST_KEYRING (JSON).

A child process (the start-order test, bench/ui.py) must neither touch the computer's real
keyring (a locked Secret Service can hang it) nor import keyring before the app does (that
would hide what the app's own start-up loads, and when). The parent stores what it wants
remembered through its :class:`MemoryKeyring`, then hands that dict over as JSON:
``PYTHON_KEYRING_BACKEND=tests.helpers.env_keyring.EnvKeyring`` makes keyring load
:class:`EnvKeyring` when the app first asks for a key. Secrets are kept in memory only.
"""

from __future__ import annotations

import json
import os

import keyring.backend

VARIABLE = "STUDIO_TEST_KEYRING"
BACKEND = "tests.helpers.env_keyring.EnvKeyring"


def encode(store: dict[tuple[str, str], str]) -> str:
    """``{(service, username): secret}`` as the JSON the child reads."""
    return json.dumps([[service, user, secret] for (service, user), secret in store.items()])


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A real keyring backend that keeps secrets in a dict, never the OS keyring."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


class EnvKeyring(MemoryKeyring):
    """A :class:`MemoryKeyring` that starts with the secrets in $STUDIO_TEST_KEYRING."""

    def __init__(self) -> None:
        super().__init__()
        self.store.update({(service, user): secret for service, user, secret
                           in json.loads(os.environ.get(VARIABLE) or "[]")})
