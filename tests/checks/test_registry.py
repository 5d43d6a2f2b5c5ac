"""run_checks: the rule ids, ordering, failure handling, and a whole post end to end."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from studio.checks import RULES, run_checks
from studio.checks.base import CheckContext, Finding
from studio.checks.registry import blocking, needs_justification, sort_key
from studio.checks.text import field_text
from studio.errors import BadInput

from .conftest import image

Make = Callable[..., CheckContext]


def test_the_rule_ids_are_the_contract() -> None:
    assert list(RULES) == ["phi.identifiers", "consent.scope", "claims", "ftc.disclosure",
                           "channel", "a11y", "readability"]


def test_a_clean_post_has_no_findings(make_ctx: Make) -> None:
    ctx = make_ctx("Maria is back in her garden, planting tomatoes with her grandson. 🌱",
                   media=(image(),), hashtags=("GardenTherapy",))
    assert run_checks(ctx) == []


def test_findings_are_sorted_by_severity_then_position(make_ctx: Make) -> None:
    text = ("Maria Lopez says it was a miracle. Call her at (555) 123-4567. "
            "#breastcancerawareness")
    ctx = make_ctx(text, uses={"first-name", "photo", "condition"},
                   media=(image(alt_text=""),))
    findings = run_checks(ctx)
    assert [f.severity for f in findings] == sorted(
        (f.severity for f in findings), key=["error", "warning", "info"].index)
    assert findings == sorted(findings, key=sort_key)
    errors = [(f.rule, f.field, field_text(ctx.post, f.field)[f.span[0]:f.span[1]]
               if f.span else None) for f in blocking(findings)]
    assert errors == [("consent.scope", "text", "Maria Lopez"),
                      ("phi.identifiers", "text", "(555) 123-4567"),
                      ("a11y", "alt:M-1", None)]
    assert needs_justification(findings) == ["claims"]


def test_only_the_named_rules_run_and_unknown_ids_are_refused(make_ctx: Make) -> None:
    ctx = make_ctx("It was a miracle! Call 555-123-4567.")
    assert {f.rule for f in run_checks(ctx, ["claims"])} == {"claims"}
    with pytest.raises(BadInput, match="unknown check nope"):
        run_checks(ctx, ["claims", "nope"])


def test_a_crashing_rule_fails_closed(make_ctx: Make, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(ctx: CheckContext) -> list[Finding]:
        raise RuntimeError("boom")

    monkeypatch.setitem(RULES, "claims", broken)
    findings = run_checks(make_ctx("Maria is home."), ["claims"])
    assert [(f.rule, f.severity) for f in findings] == [("claims", "error")]
    assert "could not run" in findings[0].message and "boom" in findings[0].message


def test_a_text_only_check_without_a_patient(make_ctx: Make) -> None:
    findings = run_checks(make_ctx("Maria had chemotherapy. It was a miracle!", subject=None,
                                   the_consent=None))
    assert [(f.rule, f.severity) for f in findings] == [("claims", "warning"),
                                                         ("consent.scope", "info")]


def test_spans_give_line_and_column(make_ctx: Make) -> None:
    text = "Line one.\nCall 555-123-4567 now."
    finding = next(f for f in run_checks(make_ctx(text)) if f.rule == "phi.identifiers")
    assert finding.line_col(text) == (2, 6)


def test_every_message_and_fix_is_a_sentence(make_ctx: Make) -> None:
    text = ("Maria Lopez, 94 years old, was born March 3, 1930 in Riverton. She lost 40 pounds, "
            "a miracle cure! #ad " + "🎉" * 5)
    ctx = make_ctx(text, channel="threads", uses={"photo"}, remuneration="gift card",
                   media=(image(alt_text="image", mime="image/webp"),))
    findings = run_checks(ctx)
    assert len({f.rule for f in findings}) >= 6
    for f in findings:
        assert re.match(r"^[A-Z'0-9M#‘“(]", f.message) and f.message.rstrip().endswith(
            (".", ")", "!")), f.message
        assert f.fix and f.fix.rstrip().endswith((".", "'", ")")), f.fix
