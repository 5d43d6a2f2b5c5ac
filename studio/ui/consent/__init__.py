"""Consent capture and revocation screens."""
