"""Compliance checks on a post revision: pure functions from a CheckContext to findings."""

from __future__ import annotations

from studio.checks.base import CheckContext, Finding
from studio.checks.registry import RULES, run_checks

__all__ = ["RULES", "CheckContext", "Finding", "run_checks"]
