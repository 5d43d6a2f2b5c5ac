"""Turning display ids people type (S-12, M-55) into rows, with one message style."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from studio.errors import BadInput, NotFound
from studio.models import Consent, MediaAsset, Post, Story, Subject
from studio.models.base import Base, parse_display_id

T = TypeVar("T", bound=Base)

KINDS: dict[type[Base], tuple[str, str]] = {
    Subject: ("PT", "subject"), Story: ("S", "story"), MediaAsset: ("M", "media item"),
    Consent: ("C", "consent"), Post: ("P", "post"),
}


def get_by_display_id(session: Session, model: type[T], display_id: str) -> T:
    prefix, noun = KINDS[model]
    number = parse_display_id(display_id, prefix)
    if number is None:
        raise BadInput(f"{display_id!r} is not a {noun} id (like {prefix}-1)")
    row = session.get(model, number)
    if row is None:
        raise NotFound(f"no {noun} {prefix}-{number} in this library")
    return row
