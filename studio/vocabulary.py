"""The closed vocabularies of the domain; CHECK constraints and the workflow both use these.

Plain tuples with no import: the desktop app reads them before SQLAlchemy is loaded (its first
window shows while the library layer loads), so they live outside the ORM package.
"""

from __future__ import annotations

ROLES = ("author", "compliance", "admin")
CHANNELS = ("facebook", "instagram", "x", "linkedin", "threads", "google-business", "blog",
            "newsletter")
USES = ("name", "first-name", "photo", "video", "condition", "location")
STORY_STATUSES = ("draft", "ready", "archived")
# What the consent badge says of a subject now (derived, never stored):
# studio.workflow.consent_status decides which one applies.
CONSENT_BADGE_STATUSES = ("active", "expiring", "expired", "revoked", "superseded", "pending",
                          "none")
MEDIA_KINDS = ("image", "document")
SIGNER_TYPES = ("self", "parent", "guardian", "power-of-attorney", "executor", "other")
CONSENT_LANGUAGES = ("en", "es")
POST_STATUSES = ("draft", "in_review", "changes_requested", "approved", "exported", "published",
                 "rejected", "withdrawn")
REVIEW_DECISIONS = ("approve", "request_changes", "reject")
EXPORT_KINDS = ("posts", "calendar")
