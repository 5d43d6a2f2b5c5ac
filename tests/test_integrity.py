"""Tamper evidence: a flipped byte or an edited audit row is found and named."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import select

from conftest import AUTHOR, AUTHOR_PW
from studio.errors import StudioError
from studio.library.layout import LibraryLayout
from studio.library.library import open_library
from studio.library.verify import verify_library
from studio.models import Subject
from studio.workflow import stories, subjects

ROOT = Path(__file__).resolve().parents[1]


def _populate(path: Path) -> bytes:
    with open_library(path, AUTHOR, password=AUTHOR_PW) as lib:
        for i in range(30):
            person = subjects.add_subject(lib, f"Person Number{i}")
            stories.add_story(lib, person.display_id, f"Story {i}", "words " * 300)
        return lib.raw_key


def _cli(path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "STUDIO_LIBRARY": str(path),
           "STUDIO_USER": AUTHOR, "STUDIO_PASSWORD": AUTHOR_PW}
    return subprocess.run([sys.executable, "-m", "studio.cli", *argv], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def _raw(path: Path, key: bytes) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path / "library.db"), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def _guard_sql(name: str) -> str:
    from studio.library.verify import _expected_guards

    return _expected_guards()[name]


def test_fresh_library_verifies(library_path: Path) -> None:
    key = _populate(library_path)
    report = verify_library(LibraryLayout(library_path), key)
    assert report.ok, report.problems
    assert report.events >= 60
    result = _cli(library_path, "audit", "verify")
    assert result.returncode == 0 and result.stdout.startswith("OK:")


def _flip_positions(size: int) -> list[int]:
    rng = random.Random(20261123)
    return [0, 17, 100, 4096 + 7, size // 2, size - 1, *rng.sample(range(size), 3)]


def test_one_flipped_byte_anywhere_is_named(library_path: Path) -> None:
    key = _populate(library_path)
    db = library_path / "library.db"
    pristine = db.read_bytes()
    for pos in _flip_positions(len(pristine)):
        damaged = bytearray(pristine)
        damaged[pos] ^= 0x20
        db.write_bytes(bytes(damaged))
        page = pos // 4096 + 1
        report = verify_library(LibraryLayout(library_path), key)
        assert not report.ok, f"flip at {pos} not detected"
        assert f"page {page}" in report.problems[0], (pos, report.problems)
        # Opening never shows a traceback: either it works or it says what is wrong.
        try:
            with open_library(library_path, AUTHOR, password=AUTHOR_PW, read_only=True):
                pass
        except StudioError as exc:
            assert "damaged" in str(exc)
    db.write_bytes(pristine)
    assert verify_library(LibraryLayout(library_path), key).ok


@pytest.mark.parametrize("pos_kind", ["header", "middle", "last"])
def test_cli_names_the_damage_and_exits_1(library_path: Path, pos_kind: str) -> None:
    _populate(library_path)
    db = library_path / "library.db"
    data = bytearray(db.read_bytes())
    pos = {"header": 40, "middle": len(data) // 2, "last": len(data) - 1}[pos_kind]
    data[pos] ^= 0x01
    db.write_bytes(bytes(data))
    result = _cli(library_path, "audit", "verify")
    assert result.returncode == 1
    assert f"page {pos // 4096 + 1}" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    listing = _cli(library_path, "story", "list")
    assert "Traceback" not in listing.stderr + listing.stdout
    assert len(listing.stderr.strip().splitlines()) <= 1


def test_audit_row_edited_with_the_key_is_named(library_path: Path) -> None:
    key = _populate(library_path)
    conn = _raw(library_path, key)
    conn.execute("DROP TRIGGER audit_events_no_update")  # a determined insider...
    conn.execute("UPDATE audit_events SET actor = 'someone-else' WHERE seq = 7")
    conn.execute(_guard_sql("audit_events_no_update"))  # ...who puts the guard back
    conn.close()
    report = verify_library(LibraryLayout(library_path), key)
    assert not report.ok
    assert "event 7 " in report.problems[0]
    result = _cli(library_path, "audit", "verify")
    assert result.returncode == 1 and "event 7 " in result.stderr


def test_deleted_audit_row_is_named(library_path: Path) -> None:
    key = _populate(library_path)
    conn = _raw(library_path, key)
    conn.execute("DROP TRIGGER audit_events_no_delete")
    conn.execute("DELETE FROM audit_events WHERE seq = 12")
    conn.execute(_guard_sql("audit_events_no_delete"))
    conn.close()
    report = verify_library(LibraryLayout(library_path), key)
    assert report.problems and "event 12 is missing" in report.problems[0]


def test_audit_rows_cannot_be_changed_through_the_app_connection(library_path: Path) -> None:
    key = _populate(library_path)
    conn = _raw(library_path, key)
    with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit_events SET actor = 'x' WHERE seq = 1")
    with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit_events WHERE seq = 1")
    conn.close()


def test_missing_media_blob_is_named(library_path: Path) -> None:
    import io

    from PIL import Image

    from studio.workflow import media

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buf, "PNG")
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        row = media.import_media(lib, None, buf.getvalue(), name="a.png", alt_text="teal")
        key = lib.raw_key
    blobs = list((library_path / "media").glob("*/*"))
    assert len(blobs) == 2  # image and thumbnail
    blobs[0].unlink()
    report = verify_library(LibraryLayout(library_path), key)
    assert report.problems and row.display_id in report.problems[0]


def test_a_dropped_guard_is_named(library_path: Path) -> None:
    key = _populate(library_path)
    conn = _raw(library_path, key)
    conn.execute("DROP TRIGGER reviews_no_update")
    conn.close()
    report = verify_library(LibraryLayout(library_path), key)
    assert report.problems and "reviews_no_update" in report.problems[0]


def test_events_cut_from_the_end_are_noticed(library_path: Path) -> None:
    key = _populate(library_path)  # closing the library anchored the head in keys.json
    conn = _raw(library_path, key)
    conn.execute("DROP TRIGGER audit_events_no_delete")
    last = conn.execute("SELECT max(seq) FROM audit_events").fetchone()[0]
    conn.execute("DELETE FROM audit_events WHERE seq >= ?", (last - 1,))
    conn.execute(_guard_sql("audit_events_no_delete"))
    conn.close()
    report = verify_library(LibraryLayout(library_path), key)
    assert report.problems and f"event {last} was recorded" in report.problems[0]


def test_a_checkpoint_cut_short_by_a_full_disk_is_not_damage(library_path: Path,
                                                             tmp_path: Path) -> None:
    """Committed pages wait in the write-ahead log until a checkpoint copies them into
    library.db; a full disk can stop that copy half-way through a page. The log still holds
    the good page, so the library is whole: verify merges the log first and passes (it used
    to report the torn page as damage). A torn page the log does not cover is still named."""
    import shutil
    import struct

    key = _populate(library_path)
    conn = _raw(library_path, key)  # a second connection keeps the log from being merged
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        subjects.add_subject(lib, "Committed Before The Disk Filled")
        copy = tmp_path / "Copy.studio"
        shutil.copytree(library_path, copy)  # library.db + the unmerged -wal, as on disk
    conn.close()
    wal = (copy / "library.db-wal").read_bytes()
    page_size = struct.unpack(">I", wal[8:12])[0]
    in_log = {struct.unpack(">I", wal[o:o + 4])[0]
              for o in range(32, len(wal) - 24, 24 + page_size)}
    torn = max(in_log)
    with open(copy / "library.db", "r+b") as db:  # half of that page never reached the file
        db.seek((torn - 1) * page_size + page_size // 2)
        db.write(bytes(page_size // 2))

    report = verify_library(LibraryLayout(copy), key)
    assert report.ok, report.problems
    with open_library(copy, AUTHOR, password=AUTHOR_PW, read_only=True) as lib, \
            lib.read() as session:
        assert "Committed Before The Disk Filled" in set(session.scalars(select(Subject.name)))

    not_in_log = next(p for p in range(2, torn) if p not in in_log)
    with open(copy / "library.db", "r+b") as db:
        db.seek((not_in_log - 1) * page_size + 100)
        db.write(b"\xff" * 16)
    report = verify_library(LibraryLayout(copy), key)
    assert not report.ok and f"page {not_in_log}" in report.problems[0]


@pytest.mark.parametrize("guard", ["audit_events_no_update", "subjects_fts_au"])
def test_a_dropped_trigger_is_named(library_path: Path, guard: str) -> None:
    """The guards of 0001 and the name index's triggers of 0003 are all checked."""
    key = _populate(library_path)
    conn = _raw(library_path, key)
    conn.execute(f"DROP TRIGGER {guard}")
    conn.close()
    report = verify_library(LibraryLayout(library_path), key)
    assert not report.ok and f"the guard {guard} " in report.problems[0]
