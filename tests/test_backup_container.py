"""The backup container: round trip, clear header, and every way a backup file can go wrong."""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pytest
from PIL import Image

from studio.errors import BadInput, LibraryError
from studio.library import backup_container as bc
from studio.library.backup_container import (
    CHUNK_SIZE,
    MAGIC,
    BackupDamaged,
    BackupFormatError,
    Member,
    extract_container,
    read_header,
    verify_container,
    write_container,
)
from studio.library.crypto import TAG_LEN, new_key

BLOCK = CHUNK_SIZE + TAG_LEN
HEADER = {"library_id": "lib-1", "app_version": "0.1.0", "created": "2024-05-01T10:00:00Z",
          "key_slots": {"ana": {"salt": "00ff", "wrapped": "abcd"}}}
SECRET = b"Maria Lopez, MRN 12345 " * 1000


def file_member(path: Path, arcname: str) -> Member:
    return Member(arcname, path.stat().st_size, lambda: path.open("rb"))


def bytes_member(arcname: str, data: bytes) -> Member:
    return Member(arcname, len(data), lambda: io.BytesIO(data))


@pytest.fixture
def key() -> bytes:
    return new_key()


@pytest.fixture
def sources(tmp_path: Path) -> dict[str, bytes]:
    """Several members: a 'database', an empty blob, a 3.5 MiB blob, keys.json."""
    return {
        "library.db": SECRET,
        "media/00/empty.bin": b"",
        "media/ab/big.bin": os.urandom(CHUNK_SIZE * 3 + CHUNK_SIZE // 2),
        "keys.json": b'{"slots": []}',
    }


def write(path: Path, key: bytes, sources: dict[str, bytes]) -> dict[str, str]:
    src = path.parent / f"{path.name}.src"
    src.mkdir()
    members = []
    for name, data in sources.items():
        (src / name.replace("/", "_")).write_bytes(data)
        members.append(file_member(src / name.replace("/", "_"), name))
    with path.open("wb") as out:
        return write_container(out, header=HEADER, key=key, members=members)


@pytest.fixture
def backup(tmp_path: Path, key: bytes, sources: dict[str, bytes]) -> Path:
    path = tmp_path / "lib.pssbackup"
    write(path, key, sources)
    return path


def header_end(path: Path) -> int:
    with path.open("rb") as f:
        read_header(f)
        return f.tell()


def damage(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*"))


def test_round_trip(tmp_path: Path, key: bytes, sources: dict[str, bytes]) -> None:
    path = tmp_path / "b.pssbackup"
    written = write(path, key, sources)
    assert written == {n: hashlib.sha256(d).hexdigest() for n, d in sources.items()}
    dest = tmp_path / "restore"
    dest.mkdir()
    with path.open("rb") as f:
        assert verify_container(f, key=key) == written
    with path.open("rb") as f:
        assert extract_container(f, key=key, dest=dest) == written
    for name, data in sources.items():
        assert (dest / name).read_bytes() == data
    restored = {p.relative_to(dest).as_posix() for p in files_under(dest) if p.is_file()}
    assert restored == set(sources)  # no temporary files left over


def test_content_is_encrypted_and_file_is_chunked(backup: Path, sources: dict[str, bytes]) -> None:
    raw = backup.read_bytes()
    assert b"Maria Lopez" not in raw and b"library.db" not in raw and b"big.bin" not in raw
    assert len(raw) - header_end(backup) > sum(len(d) for d in sources.values())


def test_write_needs_no_seek(key: bytes) -> None:
    class Pipe(io.BytesIO):
        def seekable(self) -> bool:
            return False

        def seek(self, *args: object) -> int:
            raise OSError("not seekable")

        def tell(self) -> int:
            raise OSError("not seekable")

    pipe = Pipe()
    write_container(pipe, header={}, key=key, members=[bytes_member("a", b"x" * 10)])
    assert verify_container(io.BytesIO(pipe.getvalue()), key=key) == {
        "a": hashlib.sha256(b"x" * 10).hexdigest()}


def test_header_readable_without_key(backup: Path) -> None:
    with backup.open("rb") as f:
        assert read_header(f) == HEADER
    assert b'"library_id":"lib-1"' in backup.read_bytes()[:4096]


def test_each_backup_has_its_own_id(tmp_path: Path, key: bytes) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for p in (a, b):
        with p.open("wb") as out:
            write_container(out, header={}, key=key, members=[bytes_member("x", b"same")])
    assert a.read_bytes() != b.read_bytes()


@pytest.mark.parametrize("where", ["header", "middle", *[f"last-{i}" for i in range(1, 11)]])
def test_flipped_byte_is_detected(backup: Path, key: bytes, tmp_path: Path, where: str) -> None:
    size = backup.stat().st_size
    if where == "header":
        at = backup.read_bytes().index(b"lib-1")
    elif where == "middle":
        at = size // 2
    else:
        at = size - int(where.split("-")[1])
    damage(backup, at)
    with backup.open("rb") as f, pytest.raises(BackupDamaged, match="damaged"):
        verify_container(f, key=key)
    dest = tmp_path / "restore"
    dest.mkdir()
    with backup.open("rb") as f, pytest.raises(BackupDamaged):
        extract_container(f, key=key, dest=dest)
    assert files_under(dest) == []


def test_flipped_header_byte_detected_without_key(backup: Path) -> None:
    damage(backup, backup.read_bytes().index(b"lib-1"))
    with backup.open("rb") as f, pytest.raises(BackupDamaged, match="header"):
        read_header(f)


@pytest.mark.parametrize("cut", [1, BLOCK, BLOCK + 1])
def test_truncation_is_detected(backup: Path, key: bytes, cut: int) -> None:
    with backup.open("r+b") as f:
        f.truncate(backup.stat().st_size - cut)
    with backup.open("rb") as f, pytest.raises(BackupDamaged):
        verify_container(f, key=key)


def test_truncation_at_chunk_boundary_says_truncated(backup: Path, key: bytes) -> None:
    with backup.open("r+b") as f:
        f.truncate(header_end(backup) + 2 * BLOCK)
    with backup.open("rb") as f, pytest.raises(BackupDamaged, match="truncated after chunk 1"):
        verify_container(f, key=key)


def test_nothing_after_header(backup: Path, key: bytes) -> None:
    with backup.open("r+b") as f:
        f.truncate(header_end(backup))
    with backup.open("rb") as f, pytest.raises(BackupDamaged, match="after its header"):
        verify_container(f, key=key)


def chunks(path: Path) -> tuple[bytes, list[bytes]]:
    raw, start = path.read_bytes(), header_end(path)
    return raw[:start], [raw[i : i + BLOCK] for i in range(start, len(raw), BLOCK)]


def test_reordered_and_dropped_chunks_fail(backup: Path, key: bytes) -> None:
    head, blocks = chunks(backup)
    assert len(blocks) >= 4
    swapped = [blocks[0], blocks[2], blocks[1], *blocks[3:]]
    dropped = [blocks[0], *blocks[2:]]
    for variant in (swapped, dropped):
        backup.write_bytes(head + b"".join(variant))
        with backup.open("rb") as f, pytest.raises(BackupDamaged, match="chunk 1"):
            verify_container(f, key=key)


def test_chunk_spliced_from_other_backup_fails(
    tmp_path: Path, key: bytes, sources: dict[str, bytes], backup: Path
) -> None:
    other = tmp_path / "other.pssbackup"
    write(other, key, sources)  # same key, same content, different backup id
    head, blocks = chunks(backup)
    _, foreign = chunks(other)
    backup.write_bytes(head + b"".join([blocks[0], foreign[1], *blocks[2:]]))
    with backup.open("rb") as f, pytest.raises(BackupDamaged, match="chunk 1"):
        verify_container(f, key=key)
    # the other backup's header with this backup's chunks fails too
    other_head, _ = chunks(other)
    backup.write_bytes(other_head + b"".join(blocks))
    with backup.open("rb") as f, pytest.raises(BackupDamaged, match="chunk 0"):
        verify_container(f, key=key)


def test_wrong_key(backup: Path, tmp_path: Path) -> None:
    with backup.open("rb") as f, pytest.raises(BackupDamaged, match="cannot be decrypted with"):
        verify_container(f, key=new_key())
    dest = tmp_path / "restore"
    dest.mkdir()
    with backup.open("rb") as f, pytest.raises(BackupDamaged, match="another library"):
        extract_container(f, key=new_key(), dest=dest)
    assert files_under(dest) == []


def png_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.parametrize("content", [os.urandom(4096), b"", png_bytes(), MAGIC[:-1]],
                         ids=["random", "empty", "png", "short-magic"])
def test_not_a_backup(tmp_path: Path, key: bytes, content: bytes) -> None:
    path = tmp_path / "x.pssbackup"
    path.write_bytes(content)
    dest = tmp_path / "restore"
    dest.mkdir()
    calls: list[Callable[[BinaryIO], object]] = [
        read_header,
        lambda f: verify_container(f, key=key),
        lambda f: extract_container(f, key=key, dest=dest),
    ]
    for call in calls:
        with path.open("rb") as f, pytest.raises(BackupFormatError, match="not a Patient Story"):
            call(f)
    assert files_under(dest) == []


def test_newer_format(backup: Path) -> None:
    raw = bytearray(backup.read_bytes())
    raw[len(MAGIC)] = bc.FORMAT_VERSION + 1
    backup.write_bytes(bytes(raw))
    with backup.open("rb") as f, pytest.raises(BackupFormatError, match="newer version"):
        read_header(f)


BAD_NAMES = ["../evil", "/etc/passwd", "a/../../evil", "a\\evil", "nul\x00byte", "", "a//b",
             "./a", "a/", "C:evil", "\udc80"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_bad_name_refused_at_write(name: str) -> None:
    with pytest.raises(ValueError, match="backup member name"):
        bytes_member(name, b"x")


@pytest.mark.parametrize("names", [["a", "a"], ["a", "a/b"], ["a/b", "a"]])
def test_clashing_names_refused_at_write(key: bytes, names: list[str]) -> None:
    members = [bytes_member(n, b"x") for n in names]
    with pytest.raises(ValueError, match="used twice"):
        write_container(io.BytesIO(), header={}, key=key, members=members)


def hostile(
    path: Path, key: bytes, records: list[tuple[bytes, bytes]],
    after: bytes = b"", lie: bool = False
) -> None:
    """A correctly encrypted backup whose stream (names, manifest) no writer would produce."""
    backup_id = os.urandom(bc.ID_LEN)
    aead, key_check = bc._keys(key, backup_id)
    body = b"{}"
    head = MAGIC + bc._FIXED.pack(bc.FORMAT_VERSION, backup_id, key_check, len(body)) + body
    digest = hashlib.sha256(head).digest()
    with path.open("wb") as out:
        out.write(head + digest)
        w = bc._ChunkWriter(out, aead, digest + backup_id)
        listing = {}
        for name, data in records:
            w.write(b"F" + struct.pack(">H", len(name)) + name)
            w.write(struct.pack(">Q", len(data)) + data)
            listing[name.decode(errors="replace")] = hashlib.sha256(data + b"!" * lie).hexdigest()
        manifest = json.dumps(listing).encode()
        w.write(b"M" + struct.pack(">I", len(manifest)) + manifest + after)
        w.close()


def test_hostile_stream_builder_is_valid(tmp_path: Path, key: bytes) -> None:
    """Guard for the tests below: with good names the builder's stream is accepted, so their
    failures come from the names."""
    path = tmp_path / "h"
    hostile(path, key, [(b"ok", b"data"), (b"d/ok", b"")])
    dest = tmp_path / "restore"
    dest.mkdir()
    with path.open("rb") as f:
        assert set(extract_container(f, key=key, dest=dest)) == {"ok", "d/ok"}
    assert (dest / "ok").read_bytes() == b"data"


@pytest.mark.parametrize("records", [
    *[[(n.encode(errors="surrogateescape"), b"evil")] for n in BAD_NAMES],
    [(b"a", b"1"), (b"a", b"2")],
    [(b"a", b"1"), (b"a/b", b"2")],
    [(b"\xff\xfe", b"evil")],
], ids=[*map(repr, BAD_NAMES), "duplicate", "file-and-folder", "not-utf8"])
def test_hostile_stream_refused_at_extract(
    tmp_path: Path, key: bytes, records: list[tuple[bytes, bytes]]
) -> None:
    path = tmp_path / "hostile.pssbackup"
    hostile(path, key, records)
    dest = tmp_path / "in" / "restore"
    dest.mkdir(parents=True)
    with path.open("rb") as f, pytest.raises(BackupDamaged, match="member name"):
        extract_container(f, key=key, dest=dest)
    assert files_under(dest) == []
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["hostile.pssbackup", "in", "restore"]


@pytest.mark.parametrize("kind", ["data-after-manifest", "manifest-lies"])
def test_hostile_manifest_refused(tmp_path: Path, key: bytes, kind: str) -> None:
    path = tmp_path / "h"
    if kind == "data-after-manifest":
        hostile(path, key, [(b"ok", b"data")], after=b"F\x00\x01x")
    else:
        hostile(path, key, [(b"ok", b"data")], lie=True)
    dest = tmp_path / "restore"
    dest.mkdir()
    with path.open("rb") as f, pytest.raises(BackupDamaged, match="manifest"):
        extract_container(f, key=key, dest=dest)
    assert files_under(dest) == []


def test_extract_refuses_non_empty_or_missing_dest(
    backup: Path, key: bytes, tmp_path: Path
) -> None:
    dest = tmp_path / "restore"
    dest.mkdir()
    (dest / "keep.txt").write_text("mine")
    with backup.open("rb") as f, pytest.raises(BadInput, match="not empty"):
        extract_container(f, key=key, dest=dest)
    assert [p.name for p in dest.iterdir()] == ["keep.txt"]
    with backup.open("rb") as f, pytest.raises(BadInput, match="does not exist"):
        extract_container(f, key=key, dest=tmp_path / "missing")


def test_damage_late_in_large_member_leaves_nothing(
    backup: Path, key: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The big member spans chunks 0-3; damage chunk 3 so earlier members and most of the big
    one have been written (to temporary names) when the damage is found."""
    damage(backup, header_end(backup) + 3 * BLOCK + 100)
    dest = tmp_path / "restore"
    dest.mkdir()
    at_failure: dict[str, int] = {}

    class Spy(BackupDamaged):
        def __init__(self, *args: object) -> None:
            at_failure.update({p.name: p.stat().st_size for p in files_under(dest) if p.is_file()})
            super().__init__(*args)

    monkeypatch.setattr(bc, "BackupDamaged", Spy)
    with backup.open("rb") as f, pytest.raises(BackupDamaged, match=r"chunk 3 \(in media/ab/big"):
        extract_container(f, key=key, dest=dest)
    assert all(name.endswith(".partial") for name in at_failure)
    sizes = {name.split(".")[1]: size for name, size in at_failure.items()}
    assert sizes["library"] == len(SECRET)
    assert sizes["big"] >= 2 * CHUNK_SIZE
    assert files_under(dest) == []


def test_member_changing_size_during_backup(key: bytes) -> None:
    short = Member("a", 10, lambda: io.BytesIO(b"12345"))
    with pytest.raises(LibraryError, match="shorter"):
        write_container(io.BytesIO(), header={}, key=key, members=[short])
    long = Member("a", 3, lambda: io.BytesIO(b"12345"))
    with pytest.raises(LibraryError, match="grew"):
        write_container(io.BytesIO(), header={}, key=key, members=[long])


def test_members_opened_lazily_one_at_a_time(key: bytes) -> None:
    handles: list[io.BytesIO] = []

    def opener() -> BinaryIO:
        assert all(h.closed for h in handles)  # the previous member was closed first
        handles.append(io.BytesIO(b"data"))
        return handles[-1]

    members = [Member(f"m{i}", 4, opener) for i in range(3)]
    assert handles == []
    write_container(io.BytesIO(), header={}, key=key, members=members)
    assert len(handles) == 3 and all(h.closed for h in handles)
