"""Backups: one encrypted, verified file; restore refuses damaged or foreign files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from conftest import ADMIN, AUTHOR, AUTHOR_PW
from studio.errors import AuthError, BadInput, LibraryDamaged
from studio.library.backup import backup_slots, restore_backup
from studio.library.keyslots import MINIMUM_KDF
from studio.library.library import create_library, open_library
from studio.workflow import media, stories, subjects
from studio.workflow.maintenance import backup_library, verify


def _png(color: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def backup_file(library_path: Path, tmp_path: Path) -> Path:
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        person = subjects.add_subject(lib, "Backup Person")
        story = stories.add_story(lib, person.display_id, "Kept safe", "A story to keep.")
        media.import_media(lib, story.display_id, _png("orange"), name="o.png", alt_text="o")
        dest = tmp_path / "lib.studio-backup"
        digests = backup_library(lib, dest)
    assert "library.db" in digests and "keys.json" in digests
    assert sum(name.startswith("media/") for name in digests) == 2
    return dest


def test_backup_restores_whole_with_a_users_password(backup_file: Path, tmp_path: Path) -> None:
    key = backup_slots(backup_file).unlock(AUTHOR, AUTHOR_PW)
    restore_backup(backup_file, tmp_path / "Restored.studio", key)
    with open_library(tmp_path / "Restored.studio", AUTHOR, password=AUTHOR_PW) as lib:
        assert [r.title for r in stories.list_stories(lib)] == ["Kept safe"]
        _, data = media.media_bytes(lib, "M-1")
        assert Image.open(io.BytesIO(data)).size == (64, 48)
        assert verify(lib).ok
        from studio.workflow.audit_log import list_events

        assert list_events(lib, limit=1)[0].action == "library.backup"


def test_backup_file_holds_no_plaintext(backup_file: Path) -> None:
    data = backup_file.read_bytes()
    for needle in (b"Backup Person", b"A story to keep", b"SQLite format 3"):
        assert needle not in data


@pytest.mark.parametrize("where", [0.3, 0.6, 0.999])
def test_damaged_backup_is_refused_and_leaves_nothing(backup_file: Path, tmp_path: Path,
                                                      where: float) -> None:
    data = bytearray(backup_file.read_bytes())
    data[int(len(data) * where)] ^= 0x04
    backup_file.write_bytes(bytes(data))
    key = backup_slots(backup_file).unlock(AUTHOR, AUTHOR_PW)
    with pytest.raises(LibraryDamaged):
        restore_backup(backup_file, tmp_path / "Restored.studio", key)
    assert not (tmp_path / "Restored.studio").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".Restored")]


def test_truncated_backup_is_refused(backup_file: Path, tmp_path: Path) -> None:
    backup_file.write_bytes(backup_file.read_bytes()[:-100])
    key = backup_slots(backup_file).unlock(AUTHOR, AUTHOR_PW)
    with pytest.raises(LibraryDamaged):
        restore_backup(backup_file, tmp_path / "Restored.studio", key)
    assert not (tmp_path / "Restored.studio").exists()


def test_foreign_backup_and_non_backup_files_are_refused(backup_file: Path,
                                                         tmp_path: Path) -> None:
    other = tmp_path / "Other.studio"
    with create_library(other, admin=ADMIN, password="other library pw", kdf=MINIMUM_KDF):
        pass
    with open_library(other, ADMIN, password="other library pw") as lib:
        other_key = lib.raw_key
    with pytest.raises(LibraryDamaged, match="another library"):
        restore_backup(backup_file, tmp_path / "Mixed.studio", other_key)
    with pytest.raises(AuthError):
        backup_slots(backup_file).unlock(ADMIN, "other library pw")
    junk = tmp_path / "junk.bin"
    junk.write_bytes(_png("red"))
    with pytest.raises(BadInput, match="not a Patient Story Studio"):
        backup_slots(junk)
    with pytest.raises(BadInput, match="no such file"):
        backup_slots(tmp_path / "absent")


def test_restore_never_overwrites(backup_file: Path, library_path: Path) -> None:
    key = backup_slots(backup_file).unlock(AUTHOR, AUTHOR_PW)
    with pytest.raises(BadInput, match="already exists"):
        restore_backup(backup_file, library_path, key)


def test_backup_refuses_to_overwrite(library_path: Path, tmp_path: Path) -> None:
    existing = tmp_path / "there"
    existing.write_text("keep me")
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib, \
            pytest.raises(BadInput, match="already exists"):
        backup_library(lib, existing)
    assert existing.read_text() == "keep me"
    with open_library(library_path, AUTHOR, password=AUTHOR_PW, read_only=True) as lib:
        from studio.workflow.audit_log import list_events

        assert all(e.action != "library.backup" for e in list_events(lib))


def test_a_wrong_password_on_restore_leaves_the_backup_untouched(backup_file: Path,
                                                                  tmp_path: Path) -> None:
    import hashlib

    before = hashlib.sha256(backup_file.read_bytes()).hexdigest()
    for _ in range(2):
        with pytest.raises(AuthError):
            backup_slots(backup_file).unlock(AUTHOR, "not the password at all")
    assert hashlib.sha256(backup_file.read_bytes()).hexdigest() == before
    key = backup_slots(backup_file).unlock(AUTHOR, AUTHOR_PW)
    restore_backup(backup_file, tmp_path / "Restored.studio", key)
    assert hashlib.sha256(backup_file.read_bytes()).hexdigest() == before
