"""Disabling a user re-keys the library: their password and any copy of the old key file open
nothing written afterwards, while everyone else keeps signing in (studio/library/rekey.py)."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import factories
import pytest
from legacy_slots import make_format1_slots
from sqlalchemy import select

from conftest import ADMIN, ADMIN_PW, AUTHOR, AUTHOR_PW, COMPLIANCE, COMPLIANCE_PW
from studio.errors import AuthError, LibraryDamaged, RuleRefused
from studio.library import keyring_store
from studio.library.backup import backup_slots, restore_backup, write_backup
from studio.library.crypto import derive_subkey
from studio.library.keyslots import KeySlots
from studio.library.layout import LibraryLayout
from studio.library.library import Library, open_library
from studio.library.rekey_files import NEW_DB, NEW_KEYS
from studio.library.vault import MediaVault
from studio.library.verify import verify_library
from studio.models import AuditEvent, MediaAsset
from studio.ui.unlock import SignInRequest, sign_in
from studio.workflow import users


def _photo(path: Path, color: str) -> tuple[str, str]:
    """An author imports a photo; (M-n, blob name)."""
    with open_library(path, AUTHOR, password=AUTHOR_PW) as lib:
        person, story = factories.subject_and_story(lib)
        factories.consent(lib, person)
        display_id = factories.photo(lib, story, [person], color=color)
        with lib.read() as s:
            blob = s.scalar(select(MediaAsset.blob_name)
                            .where(MediaAsset.display_id == display_id))
        assert blob is not None
        return display_id, blob


def _disable(path: Path, who: str = COMPLIANCE) -> tuple[bytes, bytes, users.DisableResult]:
    """(old key, new key, result) of disabling ``who`` as the admin."""
    with open_library(path, ADMIN, password=ADMIN_PW) as lib:
        old = lib.raw_key
        result = users.disable_user(lib, who)
        assert lib.raw_key != old
        return old, lib.raw_key, result


def _folder(tmp_path: Path, name: str, keys: bytes, db: Path) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "keys.json").write_bytes(keys)
    shutil.copy2(db, folder / "library.db")
    (folder / "media").mkdir()
    return folder


def test_neither_old_nor_new_key_file_opens_the_rekeyed_library_for_the_disabled_user(
        library_path: Path, tmp_path: Path) -> None:
    _, old_blob = _photo(library_path, "white")
    old_keys = (library_path / "keys.json").read_bytes()
    old_key, new_key, result = _disable(library_path)
    assert result.rewrapped == (AUTHOR, ADMIN) and result.needs_password == ()

    # The old key file still unwraps the old key for casey, but the database no longer opens.
    mixed = _folder(tmp_path, "Mixed.studio", old_keys, library_path / "library.db")
    with pytest.raises(LibraryDamaged):
        open_library(mixed, COMPLIANCE, password=COMPLIANCE_PW)
    # A copy of the new files has no slot for casey at all.
    copy = tmp_path / "Copy.studio"
    shutil.copytree(library_path, copy)
    with pytest.raises(AuthError):
        open_library(copy, COMPLIANCE, password=COMPLIANCE_PW)
    new_slots = KeySlots.load(copy / "keys.json")
    assert not new_slots.has(COMPLIANCE) and not new_slots.matches_key(old_key)

    # New media use the new key; the old key opens none of them. Old blobs still read.
    _, new_blob = _photo(library_path, "black")
    old_vault = MediaVault(library_path / "media", [derive_subkey(old_key, "media")])
    with pytest.raises(LibraryDamaged):
        old_vault.get(new_blob)
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        assert lib.vault.get(old_blob) and lib.vault.get(new_blob)
        assert lib.raw_key == new_key


def test_remaining_users_sign_in_and_the_audit_records_the_rekey_without_keys(
        library_path: Path) -> None:
    old_key, new_key, _ = _disable(library_path, AUTHOR)
    # casey was not signed in at disable time; the password still works.
    with open_library(library_path, COMPLIANCE, password=COMPLIANCE_PW) as lib:
        assert lib.raw_key == new_key
        with lib.read() as s:
            events = s.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).all()
    assert [e.action for e in events[:2]] == ["library.rekey", "user.disable"]
    rekey, disable = events[0], events[1]
    assert rekey.actor == ADMIN and disable.entity == f"user:{AUTHOR}"
    details = json.loads(rekey.details)
    assert details == {"reason": "user.disable", "user": AUTHOR, "generation": 1,
                       "rewrapped": [COMPLIANCE, ADMIN], "dropped": []}
    keyfile = (library_path / "keys.json").read_text()
    for key in (old_key, new_key):
        for form in (key.hex(), base64.b64encode(key).decode()):
            assert form not in rekey.details and form not in keyfile
    assert verify_library(LibraryLayout(library_path), new_key).ok
    with pytest.raises(AuthError):
        open_library(library_path, AUTHOR, password=AUTHOR_PW)


def test_a_remembered_old_key_is_refused_once_then_the_password_remembers_the_new_one(
        library_path: Path) -> None:
    result = sign_in(library_path, SignInRequest(AUTHOR, AUTHOR_PW, remember=True))
    assert result is not None
    result.library.close()
    library_id = KeySlots.load(library_path / "keys.json").library_id
    old_key = keyring_store.recall_key(library_id, AUTHOR)
    assert old_key is not None
    _disable(library_path)
    with pytest.raises(AuthError, match="no longer opens"):
        sign_in(library_path, SignInRequest(AUTHOR))
    assert keyring_store.recall_key(library_id, AUTHOR) is None  # forgotten, not kept
    again = sign_in(library_path, SignInRequest(AUTHOR, AUTHOR_PW, remember=True))
    assert again is not None
    again.library.close()
    remembered = keyring_store.recall_key(library_id, AUTHOR)
    assert remembered not in (None, old_key)
    later = sign_in(library_path, SignInRequest(AUTHOR))
    assert later is not None
    later.library.close()


def test_the_admins_own_remembered_key_follows_and_the_disabled_users_is_forgotten(
        library_path: Path) -> None:
    library_id = KeySlots.load(library_path / "keys.json").library_id
    for user, password in ((ADMIN, ADMIN_PW), (COMPLIANCE, COMPLIANCE_PW)):
        result = sign_in(library_path, SignInRequest(user, password, remember=True))
        assert result is not None
        result.library.close()
    _, new_key, _ = _disable(library_path)
    assert keyring_store.recall_key(library_id, ADMIN) == new_key
    assert keyring_store.recall_key(library_id, COMPLIANCE) is None


def test_backups_before_keep_the_old_passwords_and_after_use_the_new_key(
        library_path: Path, tmp_path: Path) -> None:
    _photo(library_path, "white")
    with open_library(library_path, ADMIN, password=ADMIN_PW) as lib:
        before = tmp_path / "before.studio-backup"
        write_backup(lib.layout, lib.slots, lib.raw_key, lib.engine, before)
        lib.layout.backups.mkdir(exist_ok=True)
        write_backup(lib.layout, lib.slots, lib.raw_key, lib.engine,
                     lib.layout.backups / "kept.studio-backup")
        result = users.disable_user(lib, COMPLIANCE)
        after = tmp_path / "after.studio-backup"
        write_backup(lib.layout, lib.slots, lib.raw_key, lib.engine, after)
    assert result.older_backups == ("kept.studio-backup",)
    # By design the earlier backup restores the earlier state, slots and all.
    old_key = backup_slots(before).unlock(COMPLIANCE, COMPLIANCE_PW)
    restore_backup(before, tmp_path / "Before.studio", old_key)
    with pytest.raises(AuthError):
        backup_slots(after).unlock(COMPLIANCE, COMPLIANCE_PW)
    key = backup_slots(after).unlock(AUTHOR, AUTHOR_PW)
    restore_backup(after, tmp_path / "After.studio", key)  # verifies, old media included
    with open_library(tmp_path / "After.studio", AUTHOR, password=AUTHOR_PW) as lib:
        with lib.read() as s:
            blob = s.scalar(select(MediaAsset.blob_name))
        assert blob is not None and lib.vault.get(blob)


def test_format_1_slots_upgrade_at_sign_in_and_unreached_ones_need_a_new_password(
        library_path: Path) -> None:
    with open_library(library_path, ADMIN, password=ADMIN_PW) as lib:
        key = lib.raw_key
    make_format1_slots(library_path, key, {ADMIN: ADMIN_PW, AUTHOR: AUTHOR_PW,
                                     COMPLIANCE: COMPLIANCE_PW})
    # A remembered key cannot upgrade the admin's slot, so the admin may not re-key yet.
    with open_library(library_path, ADMIN, key=key) as lib:
        with pytest.raises(RuleRefused, match="older version"):
            users.disable_user(lib, AUTHOR)
        assert not {u.username: u.disabled for u in users.list_users(lib)}[AUTHOR]
    assert not (library_path / NEW_DB).exists() and not (library_path / NEW_KEYS).exists()
    with open_library(library_path, ADMIN, password=ADMIN_PW) as lib:  # upgrades the slot
        slots = KeySlots.load(library_path / "keys.json")
        assert slots.can_receive_new_key(ADMIN) and not slots.can_receive_new_key(AUTHOR)
        assert json.loads((library_path / "keys.json").read_text())["format"] == 2
        result = users.disable_user(lib, AUTHOR)
        assert result.needs_password == (COMPLIANCE,) and result.rewrapped == (ADMIN,)
        with pytest.raises(AuthError):
            open_library(library_path, COMPLIANCE, password=COMPLIANCE_PW, read_only=True)
        users.set_password(lib, COMPLIANCE, "casey's brand new password")
    with open_library(library_path, COMPLIANCE, password="casey's brand new password") as lib:
        assert lib.actor.username == COMPLIANCE


def test_a_refused_disable_changes_nothing_and_leaves_no_files(admin_lib: Library) -> None:
    root = admin_lib.layout.root
    keys_before = (root / "keys.json").read_bytes()
    with pytest.raises(RuleRefused, match="own account"):
        users.disable_user(admin_lib, ADMIN)
    users.disable_user(admin_lib, AUTHOR)
    keys_after = (root / "keys.json").read_bytes()
    assert keys_after != keys_before
    with pytest.raises(RuleRefused, match="already disabled"):
        users.disable_user(admin_lib, AUTHOR)
    assert (root / "keys.json").read_bytes() == keys_after
    leftovers = [p.name for p in root.iterdir() if p.name.startswith(".library.db")
                 or p.name in (NEW_DB, NEW_KEYS)]
    assert leftovers == []
    assert verify_library(admin_lib.layout, admin_lib.raw_key).ok  # the session carries on
    users.add_user(admin_lib, "robin", "robins long password", ["author"])
    admin_lib.close()
    with open_library(root, "robin", password="robins long password") as lib:
        assert lib.actor.roles == frozenset({"author"})


def test_two_rekeys_keep_every_earlier_media_key(library_path: Path) -> None:
    _, blob1 = _photo(library_path, "white")
    _disable(library_path, COMPLIANCE)
    with open_library(library_path, ADMIN, password=ADMIN_PW) as lib:
        users.add_user(lib, "robin", "robins long password", ["author"])
    _, blob2 = _photo(library_path, "black")
    _, key, result = _disable(library_path, "robin")
    assert result.generation == 2
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        assert lib.vault.get(blob1) and lib.vault.get(blob2)
    assert verify_library(LibraryLayout(library_path), key).ok


def test_cli_disable_reports_the_rekey_and_set_password_restores_a_user(
        library_path: Path) -> None:
    from test_cli import as_user, run

    admin = as_user(library_path, ADMIN, ADMIN_PW)
    done = run("user", "disable", COMPLIANCE, env=admin)
    assert done.returncode == 0, done.stderr
    assert "new key (re-key 1)" in done.stdout and "Traceback" not in done.stderr
    new_pw = "alex's second password"
    changed = run("user", "set-password", AUTHOR, env={**admin, "STUDIO_NEW_PASSWORD": new_pw})
    assert changed.returncode == 0, changed.stderr
    assert run("story", "list", env=as_user(library_path, AUTHOR, AUTHOR_PW)).returncode == 3
    assert run("story", "list", env=as_user(library_path, AUTHOR, new_pw)).returncode == 0
    second = run("--json", "user", "disable", AUTHOR, env=admin)
    assert json.loads(second.stdout) == {"user": AUTHOR, "disabled": True, "generation": 2,
                                         "rewrapped": [ADMIN], "needs_password": [],
                                         "older_backups": []}
    verified = run("audit", "verify", env=admin)
    assert verified.returncode == 0 and verified.stdout.startswith("OK"), verified.stderr


def test_a_slot_left_behind_for_an_already_disabled_user_gets_no_new_key(
        admin_lib: Library) -> None:
    users.disable_user(admin_lib, AUTHOR)
    stale = json.loads((admin_lib.layout.keys).read_text())
    # As an interrupted disable of an older version could leave it: disabled, slot kept.
    with admin_lib.write() as s:
        from studio.models import User

        user = s.scalar(select(User).where(User.username == COMPLIANCE))
        assert user is not None
        user.disabled = True
    users.add_user(admin_lib, "robin", "robins long password", ["author"])
    assert admin_lib.slots.has(COMPLIANCE) and stale["slots"].get(COMPLIANCE)
    result = users.disable_user(admin_lib, "robin")
    assert result.rewrapped == (ADMIN,) and not admin_lib.slots.has(COMPLIANCE)
