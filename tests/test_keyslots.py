"""Key slots: the password unwraps the library key, and nothing else does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.errors import AuthError, BadInput
from studio.library.crypto import new_key
from studio.library.keyslots import MINIMUM_KDF, KeySlots, calibrate_kdf


@pytest.fixture
def slots(tmp_path: Path) -> tuple[KeySlots, bytes]:
    s = KeySlots.create(tmp_path / "keys.json", MINIMUM_KDF)
    key = new_key()
    s.add("alex", "correct horse battery", key)
    s.add("casey", "another long password", key)
    return s, key


def test_right_password_unwraps_the_library_key(slots: tuple[KeySlots, bytes]) -> None:
    s, key = slots
    assert s.unlock("alex", "correct horse battery") == key
    reloaded = KeySlots.load(s.path)
    assert reloaded.unlock("casey", "another long password") == key


def test_wrong_password_and_unknown_user_give_the_same_message(
        slots: tuple[KeySlots, bytes]) -> None:
    s, _ = slots
    with pytest.raises(AuthError) as wrong:
        s.unlock("alex", "not the password")
    with pytest.raises(AuthError) as unknown:
        s.unlock("nobody", "not the password")
    assert str(wrong.value) == str(unknown.value) == "wrong user name or password"


def test_slot_copied_to_another_user_does_not_unlock(slots: tuple[KeySlots, bytes]) -> None:
    s, _ = slots
    data = json.loads(s.path.read_text())
    data["slots"]["casey"] = data["slots"]["alex"]
    s.path.write_text(json.dumps(data))
    with pytest.raises(AuthError):
        KeySlots.load(s.path).unlock("casey", "correct horse battery")


def test_repeated_failures_slow_down_and_success_resets(slots: tuple[KeySlots, bytes]) -> None:
    s, key = slots
    waits: list[float] = []
    for _ in range(5):
        with pytest.raises(AuthError):
            s.unlock("alex", "guess guess guess", sleep=waits.append)
    assert waits == [0.0, 0.0, 0.0, 1.0, 2.0]
    # The counter survives a reload (it lives in keys.json), then a success resets it.
    assert KeySlots.load(s.path).failure_delay("alex") == 4.0
    assert s.unlock("alex", "correct horse battery", sleep=waits.append) == key
    assert KeySlots.load(s.path).failure_delay("alex") == 0.0


@pytest.mark.parametrize("password", ["short", "eleven-char", "  padded password  "])
def test_weak_passwords_are_refused(slots: tuple[KeySlots, bytes], password: str) -> None:
    s, key = slots
    with pytest.raises(BadInput):
        s.add("newbie", password, key)
    assert not s.has("newbie")


def test_removed_slot_no_longer_unlocks(slots: tuple[KeySlots, bytes]) -> None:
    s, _ = slots
    s.remove("casey")
    with pytest.raises(AuthError):
        KeySlots.load(s.path).unlock("casey", "another long password")


def test_damaged_key_file_is_reported_not_crashed(tmp_path: Path) -> None:
    from studio.errors import LibraryError

    path = tmp_path / "keys.json"
    path.write_text("{not json")
    with pytest.raises(LibraryError, match="damaged"):
        KeySlots.load(path)


def test_calibration_stores_a_memory_hard_cost() -> None:
    params = calibrate_kdf(target_seconds=0.3)
    assert params.memory_cost_kib >= 64 * 1024
    assert 1 <= params.time_cost <= 12


def test_concurrent_changes_are_merged_not_lost(slots: tuple[KeySlots, bytes]) -> None:
    s, key = slots
    stale = KeySlots.load(s.path)           # another process read the file earlier
    s.add("newbie", "newbie long password", key)
    with pytest.raises(AuthError):
        stale.unlock("alex", "a wrong guess here")  # writes the failure counter
    fresh = KeySlots.load(s.path)
    assert fresh.has("newbie") and fresh.unlock("newbie", "newbie long password") == key


def test_a_lowered_argon2_cost_is_refused(slots: tuple[KeySlots, bytes]) -> None:
    from studio.errors import LibraryError

    s, key = slots
    s.seal_settings(key)
    data = json.loads(s.path.read_text())
    data["kdf_default"] = {"time_cost": 1, "memory_cost_kib": 8, "parallelism": 1}
    s.path.write_text(json.dumps(data))
    with pytest.raises(LibraryError, match="changed outside the studio"):
        KeySlots.load(s.path).add("weak", "weak slot password", key)


def test_a_library_key_swapped_between_slots_is_reported_as_damage(
        slots: tuple[KeySlots, bytes]) -> None:
    from studio.errors import LibraryError

    s, _ = slots
    data = json.loads(s.path.read_text())
    assert data["format"] == 2 and data["slots"]["alex"]["public_key"]
    data["slots"]["alex"]["wrapped_key"] = data["slots"]["casey"]["wrapped_key"]
    s.path.write_text(json.dumps(data))
    with pytest.raises(LibraryError, match="key slot of 'alex' is damaged"):
        KeySlots.load(s.path).unlock("alex", "correct horse battery")


def test_a_key_file_from_a_newer_studio_is_refused(slots: tuple[KeySlots, bytes]) -> None:
    from studio.errors import LibraryError

    s, _ = slots
    data = json.loads(s.path.read_text())
    data["format"] = 3
    s.path.write_text(json.dumps(data))
    with pytest.raises(LibraryError, match="format 3 is not supported"):
        KeySlots.load(s.path)


def test_earlier_media_keys_open_only_with_the_current_key(
        slots: tuple[KeySlots, bytes]) -> None:
    from studio.errors import LibraryError

    s, key = slots
    earlier = [new_key(), new_key()]
    s.seal_media_history(key, earlier)
    assert KeySlots.load(s.path).media_keys(key)[1:] == earlier
    assert earlier[0].hex() not in s.path.read_text()
    with pytest.raises(LibraryError, match="earlier media keys"):
        KeySlots.load(s.path).media_keys(new_key())
