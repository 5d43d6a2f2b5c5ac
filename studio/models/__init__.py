"""SQLAlchemy 2 ORM entities, one module per aggregate; importing this registers them all."""

from studio.models.audit import AuditEvent
from studio.models.base import Base
from studio.models.consents import Consent
from studio.models.exports import Export, ExportItem
from studio.models.media import MediaAsset, MediaDepiction
from studio.models.planning import Campaign, Observance
from studio.models.posts import (
    Post,
    PostRevision,
    Review,
    RevisionConsent,
    RevisionMedia,
    Submission,
)
from studio.models.settings import LibrarySetting
from studio.models.stories import Story
from studio.models.subjects import Subject
from studio.models.users import User, UserRole

__all__ = ["AuditEvent", "Base", "Campaign", "Consent", "Export", "ExportItem", "LibrarySetting",
           "MediaAsset", "MediaDepiction", "Observance", "Post", "PostRevision", "Review",
           "RevisionConsent", "RevisionMedia", "Story", "Subject", "Submission", "User",
           "UserRole"]
