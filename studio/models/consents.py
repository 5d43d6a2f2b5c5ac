"""Consents: signed HIPAA marketing authorizations (45 CFR 164.508).

A signed consent never changes (a database trigger refuses updates to its signed fields); a
correction is a new consent that supersedes it, and a revocation is a new fact recorded on it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from studio.models.base import Base, JSONText, UTCDateTime, display_id_column, enum_check, utcnow
from studio.models.enums import CONSENT_LANGUAGES, SIGNER_TYPES

# Columns a trigger freezes once the row exists (everything but the revocation facts).
# (The rendered form's digest and file are set once, just after the insert.)
SIGNED_COLUMNS = ("subject_id", "signer_type", "signer_name", "signer_authority", "signed_on",
                  "expires_on", "expiry_event", "channels", "uses", "purpose", "remuneration",
                  "language", "form_version", "signature_media_id", "witness_id",
                  "supersedes_id", "created_at", "created_by_id")


class Consent(Base):
    __tablename__ = "consents"
    __table_args__ = (
        CheckConstraint(enum_check("signer_type", SIGNER_TYPES), name="signer_type"),
        CheckConstraint(enum_check("language", CONSENT_LANGUAGES), name="language"),
        CheckConstraint("expires_on IS NOT NULL OR expiry_event IS NOT NULL", name="expiry"),
        CheckConstraint("signer_type = 'self' OR length(signer_authority) > 0",
                        name="representative_authority"),
        CheckConstraint("expires_on IS NULL OR expires_on > signed_on", name="expiry_after_sign"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    display_id: Mapped[str] = display_id_column("C")
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    signer_type: Mapped[str] = mapped_column(String(24))
    signer_name: Mapped[str] = mapped_column(String(200))
    signer_authority: Mapped[str] = mapped_column(Text, default="")
    signed_on: Mapped[dt.date] = mapped_column(Date)
    expires_on: Mapped[dt.date | None] = mapped_column(Date)
    expiry_event: Mapped[str | None] = mapped_column(Text)
    channels: Mapped[list[str]] = mapped_column(JSONText)
    uses: Mapped[list[str]] = mapped_column(JSONText)
    purpose: Mapped[str] = mapped_column(Text)
    remuneration: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(4), default="en")
    form_version: Mapped[str] = mapped_column(String(40))
    form_sha256: Mapped[str | None] = mapped_column(String(64))
    form_media_id: Mapped[int | None] = mapped_column(ForeignKey("media.id"))
    signature_media_id: Mapped[int | None] = mapped_column(ForeignKey("media.id"))
    witness_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Indexed: every gate asks whether (and when) a consent was superseded.
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("consents.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # Revocation: facts added later, never a change to what was signed.
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revocation_received_on: Mapped[dt.date | None] = mapped_column(Date)
    revocation_method: Mapped[str | None] = mapped_column(String(80))
    revocation_reason: Mapped[str | None] = mapped_column(Text)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
