"""What editing functions share: clean only the fields given, then change only what differs."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


def cleaned(given: dict[str, tuple[Any, Callable[[Any], object]]]) -> dict[str, object]:
    """Each field given (not None) through its cleaner; a bad value raises before any write."""
    return {field: clean(value) for field, (value, clean) in given.items() if value is not None}


def apply_changes(row: object, wanted: dict[str, object], order: Iterable[str]
                  ) -> tuple[str, ...]:
    """Set on ``row`` the wanted values that differ from its own; return those fields."""
    changed = tuple(f for f in order if f in wanted and wanted[f] != getattr(row, f))
    for field in changed:
        setattr(row, field, wanted[field])
    return changed
