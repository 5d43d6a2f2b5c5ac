"""The rules and how to run them.

``run_checks(ctx)`` runs every rule (or the ids given), and returns the findings sorted by
severity (error, warning, info), then by where they are (field order: text, hashtags, link,
alt texts, media, schedule; then offset). A rule that raises does not vanish silently: it
becomes an error finding of that rule ("could not run"), so a broken check blocks submit
instead of waving a post through.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from studio.checks import (
    a11y,
    channel_rules,
    claims,
    consent_scope,
    ftc,
    phi,
    readability,
)
from studio.checks.base import SEVERITIES, CheckContext, Finding
from studio.checks.text import field_text
from studio.errors import BadInput

__all__ = ["RULES", "blocking", "field_text", "needs_justification", "run_checks", "sort_key"]

Rule = Callable[[CheckContext], list[Finding]]

RULES: dict[str, Rule] = {
    phi.RULE: phi.check,                      # "phi.identifiers"
    consent_scope.RULE: consent_scope.check,  # "consent.scope"
    claims.RULE: claims.check,                # "claims"
    ftc.RULE: ftc.check,                      # "ftc.disclosure"
    channel_rules.RULE: channel_rules.check,  # "channel"
    a11y.RULE: a11y.check,                    # "a11y"
    readability.RULE: readability.check,      # "readability"
}

_FIELD_ORDER = ("text", "title", "hashtags", "link", "alt", "media", "schedule")


def sort_key(f: Finding) -> tuple[int, int, str, int, int, str]:
    kind = f.field.split(":", 1)[0]
    rank = _FIELD_ORDER.index(kind) if kind in _FIELD_ORDER else len(_FIELD_ORDER)
    start, end = f.span if f.span is not None else (-1, -1)
    return SEVERITIES.index(f.severity), rank, f.field, start, end, f.rule


def run_checks(ctx: CheckContext, rules: Iterable[str] | None = None) -> list[Finding]:
    """Findings of the named rules (all when None), sorted; duplicates dropped.

    Raises BadInput for an unknown rule id.
    """
    names = list(RULES) if rules is None else list(dict.fromkeys(rules))
    unknown = [r for r in names if r not in RULES]
    if unknown:
        raise BadInput(f"unknown check {', '.join(unknown)}; checks are {', '.join(RULES)}")
    found: list[Finding] = []
    for rule in names:
        try:
            found.extend(RULES[rule](ctx))
        except Exception as exc:  # fail closed: see the module docstring
            found.append(Finding(rule, "error", f"The {rule} check could not run "
                                 f"({type(exc).__name__}: {exc}).",
                                 "Report this to the people who maintain the studio; the post "
                                 "cannot be submitted until the check runs."))
    return sorted(dict.fromkeys(found), key=sort_key)


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that block submit (errors)."""
    return [f for f in findings if f.severity == "error"]


def needs_justification(findings: Iterable[Finding]) -> list[str]:
    """Rule ids with at least one warning: each needs ``--justify RULE=TEXT`` at submit."""
    return list(dict.fromkeys(f.rule for f in findings if f.severity == "warning"))
