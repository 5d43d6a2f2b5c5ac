"""Media: importing images and signed forms into the vault, and getting them back out.

Import order makes a crash harmless: sanitize in memory, write the encrypted blobs, then
commit the row and its audit event together. A crash before the commit leaves only encrypted
orphans (swept by :func:`sweep_orphans`); a row never points at a missing blob.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from studio.library import audit
from studio.library.fileio import atomic_write_bytes
from studio.library.images import (
    MAX_BYTES,
    SanitizedImage,
    sanitize_media,
)
from studio.library.library import Library
from studio.models import MediaAsset, MediaDepiction, Story, Subject
from studio.workflow.access import require
from studio.workflow.inputs import check_output_file, read_input_file
from studio.workflow.lookup import get_by_display_id
from studio.workflow.text import clean_text

MAX_ALT_TEXT = 1500


@dataclass(frozen=True)
class MediaRow:
    display_id: str
    kind: str
    mime: str
    width: int | None
    height: int | None
    byte_size: int
    sha256: str
    alt_text: str


def _row(asset: MediaAsset) -> MediaRow:
    return MediaRow(asset.display_id, asset.kind, asset.mime, asset.width, asset.height,
                    asset.byte_size, asset.sha256, asset.alt_text)


def read_media_file(path: Path) -> bytes:
    return read_input_file(path, max_bytes=MAX_BYTES)


def import_media(lib: Library, story: str | None, raw: bytes, *, name: str, alt_text: str = "",
                 depicts: list[str] | None = None) -> MediaRow:
    """Validate, strip metadata, encrypt and store one file; return its new M-n row."""
    require(lib.actor, "media.add")
    alt = clean_text(alt_text, what="alt text", max_len=MAX_ALT_TEXT, single_line=True)
    clean = sanitize_media(raw, name=name)
    # Check every reference before any blob is written.
    with lib.read() as session:
        story_id = get_by_display_id(session, Story, story).id if story else None
        depicted = sorted({get_by_display_id(session, Subject, d).id for d in depicts or []})
    blobs: list[str] = []
    try:
        blobs.append(lib.vault.put(clean.data))
        thumb = None
        if isinstance(clean, SanitizedImage):
            thumb = lib.vault.put(clean.thumbnail)
            blobs.append(thumb)
        with lib.write() as session:
            asset = MediaAsset(
                story_id=story_id, kind="image" if isinstance(clean, SanitizedImage)
                else "document", mime=clean.mime, byte_size=len(clean.data),
                sha256=clean.sha256, width=getattr(clean, "width", None),
                height=getattr(clean, "height", None), blob_name=blobs[0],
                thumb_blob_name=thumb, alt_text=alt, original_name=Path(name).name[:255],
                created_by_id=lib.actor.id)
            asset.depictions = [MediaDepiction(subject_id=s) for s in depicted]
            session.add(asset)
            session.flush()
            session.refresh(asset)
            audit.record(session, lib.actor.username, "media.add", asset.display_id,
                         {"sha256": asset.sha256, "kind": asset.kind,
                          "story": f"S-{story_id}" if story_id else None,
                          "depicts": [f"PT-{s}" for s in depicted]})
            return _row(asset)
    except BaseException:
        for blob in blobs:
            lib.vault.delete(blob)
        raise


def media_bytes(lib: Library, display_id: str, *, thumbnail: bool = False) -> tuple[MediaRow,
                                                                                     bytes]:
    """Decrypt a stored item into memory (never to a temp file)."""
    with lib.read() as session:
        asset = get_by_display_id(session, MediaAsset, display_id)
        row = _row(asset)
        name = asset.thumb_blob_name if thumbnail and asset.thumb_blob_name else asset.blob_name
    return row, lib.vault.get(name)


def export_media(lib: Library, display_id: str, out: Path) -> MediaRow:
    """Write the stored (metadata-free) file to ``out``: the user's explicit choice to export."""
    check_output_file(out)
    row, data = media_bytes(lib, display_id)
    # Decrypted patient media leaving the library is recorded, like every export.
    with lib.write() as session:
        audit.record(session, lib.actor.username, "media.export", row.display_id,
                     {"file": out.name})
    atomic_write_bytes(out, data)
    return row


def sweep_orphans(lib: Library) -> int:
    """Delete encrypted blobs no row points at (left by a crash mid-import); return how many."""
    with lib.read() as session:
        known = set(session.scalars(select(MediaAsset.blob_name)))
        known |= {n for n in session.scalars(select(MediaAsset.thumb_blob_name)) if n}
    removed = 0
    for name in list(lib.vault.names()):
        if name not in known:
            lib.vault.delete(name)
            removed += 1
    # Temporary names from an interrupted write are orphans too.
    if lib.layout.media.is_dir():
        for part in lib.layout.media.glob("*/.*.part"):
            with contextlib.suppress(OSError):
                os.remove(part)
                removed += 1
    return removed
