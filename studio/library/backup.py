"""Backups and restores of a whole library as one encrypted, verified file.

The file holds a consistent snapshot of the database (``VACUUM INTO`` writes it already
encrypted with the library key), every media blob and keys.json, inside the authenticated
container of :mod:`studio.library.backup_container`. Its clear header carries the key slots, so
a backup restores with nothing but the file and a user's password.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import Engine
from sqlcipher3 import DatabaseError

from studio import __version__
from studio.errors import BadInput, LibraryDamaged
from studio.library.backup_container import (
    BackupDamaged,
    Member,
    extract_container,
    read_header,
    verify_container,
    write_container,
)
from studio.library.diskfull import disk_full
from studio.library.fileio import fsync_dir, temp_sibling
from studio.library.keyslots import KeySlots
from studio.library.layout import LibraryLayout
from studio.library.verify import verify_library

BACKUP_KIND = "patient-story-studio-library"


def _file_member(arcname: str, path: Path) -> Member:
    return Member(arcname=arcname, size=path.stat().st_size,
                  open=lambda: open(path, "rb"))


def _media_members(layout: LibraryLayout) -> Iterator[Member]:
    if not layout.media.is_dir():
        return
    for sub in sorted(layout.media.iterdir()):
        if not sub.is_dir():
            continue
        for blob in sorted(sub.iterdir()):
            if blob.is_file() and not blob.name.startswith("."):
                yield _file_member(f"media/{sub.name}/{blob.name}", blob)


def check_backup_destination(dest: Path) -> None:
    if not dest.parent.is_dir():
        raise BadInput(f"{dest.parent}: no such folder")
    if dest.exists():
        raise BadInput(f"{dest}: already exists; choose a new file name")


# progress(phase, bytes done, bytes in all): phase "snapshot" (0, 0), then "write", "verify"
BackupProgress = Callable[[str, int, int], None]


def write_backup(layout: LibraryLayout, slots: KeySlots, key: bytes, engine: Engine,
                 dest: Path, progress: BackupProgress | None = None) -> dict[str, str]:
    """Write a backup of the open library to ``dest`` and read it back to prove it.

    Returns the SHA-256 of each member. ``dest`` appears only when complete and verified;
    ``progress`` may raise to stop, and then nothing is left behind either.
    """
    say = progress or (lambda _phase, _done, _total: None)
    dest = Path(dest)
    check_backup_destination(dest)
    snapshot = layout.root / f".snapshot-{secrets.token_hex(6)}.db"
    tmp = temp_sibling(dest)
    try:
        say("snapshot", 0, 0)
        raw = engine.raw_connection()
        try:
            raw.cursor().execute("VACUUM INTO ?", (str(snapshot),))
        finally:
            raw.close()
        header = {"kind": BACKUP_KIND, "library_id": slots.library_id,
                  "app_version": __version__,
                  "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                  "keys": json.loads(slots.to_bytes())}
        members = [_file_member("library.db", snapshot),
                   Member(arcname="keys.json", size=len(slots.to_bytes()),
                          open=lambda: _bytes_io(slots.to_bytes())),
                   *_media_members(layout)]
        total = sum(m.size for m in members)
        say("write", 0, total)
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
            digests = write_container(out, header=header, key=key, members=members,
                                      progress=lambda done: say("write", done, total))
            out.flush()
            os.fsync(out.fileno())
        say("verify", 0, total)
        with open(tmp, "rb") as check:
            if verify_container(check, key=key,
                                progress=lambda done: say("verify", done, total)) != digests:
                raise LibraryDamaged(f"{dest}: the backup did not read back as written")
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
        return digests
    except (OSError, DatabaseError) as exc:  # the snapshot and the stream need free space
        full = disk_full(exc, writing=str(dest))
        if full is not None:
            raise full from exc
        raise
    finally:
        with contextlib.suppress(FileNotFoundError):
            snapshot.unlink()
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _bytes_io(data: bytes) -> BinaryIO:
    import io

    return io.BytesIO(data)


def backup_slots(backup: Path) -> KeySlots:
    """The key slots stored in a backup's header, to unlock it with a user's password."""
    try:
        with open(backup, "rb") as fh:
            header = read_header(fh)
    except FileNotFoundError as exc:
        raise BadInput(f"{backup}: no such file") from exc
    except IsADirectoryError as exc:
        raise BadInput(f"{backup}: is a folder, not a backup file") from exc
    if header.get("kind") != BACKUP_KIND or not isinstance(header.get("keys"), dict):
        raise BadInput(f"{backup}: not a Patient Story Studio library backup")
    # Read-only: a failed unlock must never write anything, least of all over the backup.
    return KeySlots.from_dict(backup, header["keys"], read_only=True)


def restore_backup(backup: Path, dest: Path, key: bytes) -> None:
    """Unpack a verified backup into the new folder ``dest`` (which must not exist).

    Everything is unpacked into a hidden sibling folder and checked before it is renamed into
    place, so a damaged or foreign backup leaves nothing behind.
    """
    dest = Path(dest)
    if dest.exists():
        raise BadInput(f"{dest}: already exists; restore into a new folder")
    if not dest.parent.is_dir():
        raise BadInput(f"{dest.parent}: no such folder")
    staging = dest.with_name(f".{dest.name}.{secrets.token_hex(4)}.restoring")
    staging.mkdir(mode=0o700)  # only this OS user may list or read the library
    try:
        with open(backup, "rb") as fh:
            try:
                extract_container(fh, key=key, dest=staging)
            except BackupDamaged as exc:
                raise LibraryDamaged(f"{backup}: {exc}") from exc
        layout = LibraryLayout(staging)
        if not layout.looks_like_library():
            raise LibraryDamaged(f"{backup}: the backup does not contain a whole library")
        report = verify_library(layout, key)
        if not report.ok:
            raise LibraryDamaged(f"{backup}: the restored library fails verification: "
                                 f"{report.problems[0]}")
        (staging / "backups").mkdir(exist_ok=True)
        (staging / "media").mkdir(exist_ok=True)
        os.replace(staging, dest)
        fsync_dir(dest.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
