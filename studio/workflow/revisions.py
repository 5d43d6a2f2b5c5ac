"""The digest that binds an approval to exactly the words and pictures that go out."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy.orm import Session

from studio.library.vault import MediaVault
from studio.models import MediaAsset, Post, PostRevision


def revision_payload(post: Post, number: int, text: str, hashtags: list[str],
                     link: str | None, media: list[dict[str, Any]]) -> dict[str, Any]:
    """Everything a reader of the post sees, in one canonical structure."""
    return {"post": post.display_id, "channel": post.channel, "title": post.title,
            "number": number, "text": text,
            "hashtags": hashtags, "link": link,
            "media": [{"id": m["id"], "sha256": m["sha256"], "crop": m.get("crop"),
                       "alt_text": m["alt_text"]} for m in media]}


def digest_of(payload: dict[str, Any]) -> str:
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def recompute_digest(session: Session, post: Post, revision: PostRevision) -> str:
    """The digest from what is stored now, media bytes' digests included: what export checks."""
    media = []
    for item in revision.media:
        asset = session.get_one(MediaAsset, item.media_id)
        crop = [item.crop[k] for k in "xywh"] if item.crop else None  # as drafted: a list
        media.append({"id": asset.display_id, "sha256": asset.sha256, "crop": crop,
                      "alt_text": item.alt_text})
        if asset.sha256 != item.media_sha256:
            media[-1]["sha256"] = "changed:" + asset.sha256
    return digest_of(revision_payload(post, revision.number, revision.text,
                                      list(revision.hashtags), revision.link, media))


def changed_media(session: Session, vault: MediaVault, revision: PostRevision) -> str | None:
    """The first picture of ``revision`` whose decrypted bytes differ from what was approved.

    The digest covers each picture's SHA-256 as recorded; this proves the stored bytes still
    have it (someone holding the key could re-seal another image under the same name).
    """
    for item in revision.media:
        asset = session.get_one(MediaAsset, item.media_id)
        data = vault.get(asset.blob_name)
        if hashlib.sha256(data).hexdigest() != item.media_sha256:
            return asset.display_id
    return None
