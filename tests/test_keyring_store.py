"""'Remember me' with and without a usable OS keyring."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backends import fail

from studio.library import keyring_store


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_memory_keyring_round_trip() -> None:
    assert keyring_store.keyring_available() == (True, "")
    assert keyring_store.remember_key("lib-1", "alex", b"k" * 32)
    assert keyring_store.recall_key("lib-1", "alex") == b"k" * 32
    assert keyring_store.recall_key("lib-2", "alex") is None  # per library
    keyring_store.forget_key("lib-1", "alex")
    assert keyring_store.recall_key("lib-1", "alex") is None


def test_headless_machine_without_keyring_says_so_and_works_on(no_keyring: None) -> None:
    available, reason = keyring_store.keyring_available()
    assert not available and "password each time" in reason
    assert keyring_store.remember_key("lib-1", "alex", b"k" * 32) is False
    assert keyring_store.recall_key("lib-1", "alex") is None
    keyring_store.forget_key("lib-1", "alex")  # no exception


def test_garbage_in_the_keyring_is_ignored(memory_keyring) -> None:  # type: ignore[no-untyped-def]
    memory_keyring.set_password(keyring_store.SERVICE, "lib-1:alex", "not base64 !!")
    assert keyring_store.recall_key("lib-1", "alex") is None
    memory_keyring.set_password(keyring_store.SERVICE, "lib-1:alex", "c2hvcnQ=")
    assert keyring_store.recall_key("lib-1", "alex") is None
