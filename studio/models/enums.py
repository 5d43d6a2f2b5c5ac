"""The ORM package's name for the domain vocabularies (see :mod:`studio.vocabulary`)."""

from studio.vocabulary import (
    CHANNELS,
    CONSENT_LANGUAGES,
    EXPORT_KINDS,
    MEDIA_KINDS,
    POST_STATUSES,
    REVIEW_DECISIONS,
    ROLES,
    SIGNER_TYPES,
    STORY_STATUSES,
    USES,
)

__all__ = ["CHANNELS", "CONSENT_LANGUAGES", "EXPORT_KINDS", "MEDIA_KINDS", "POST_STATUSES",
           "REVIEW_DECISIONS", "ROLES", "SIGNER_TYPES", "STORY_STATUSES", "USES"]
