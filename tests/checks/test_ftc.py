"""ftc.disclosure: material connections disclosed in words; outcome claims need typicality."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from studio.checks import ftc
from studio.checks.base import CheckContext

from .conftest import spans

Make = Callable[..., CheckContext]
PAID = "$50 gift card"


def _errors(ctx: CheckContext) -> list[str]:
    return [f.message for f in ftc.check(ctx) if f.severity == "error"]


@pytest.mark.parametrize(("text", "language"), [
    ("Maria received a $50 gift card as thanks for sharing her story. She is home now.", "en"),
    ("Maria was compensated for her time. She is home now.", "en"),
    ("#ad Maria shares how she got back to her garden.", "en"),
    ("Sponsored by Example Hospital: Maria's story.", "en"),
    ("María recibió una tarjeta de regalo por compartir su historia.", "es"),
    ("#publicidad María cuenta cómo volvió a su jardín.", "es"),
    ("María fue compensada por su tiempo. Hoy está en casa.", "es"),
])
def test_a_clear_disclosure_satisfies_the_rule(make_ctx: Make, text: str, language: str) -> None:
    assert _errors(make_ctx(text, remuneration=PAID, language=language)) == []


@pytest.mark.parametrize(("text", "hashtags", "where"), [
    ("Maria is home and gardening again!", (), "is missing"),
    ("Maria is home and gardening again! #HeartHealth #Recovery #ad", (), "only a hashtag"),
    ("Maria is home and gardening again!", ("HeartHealth", "ad"), "only a hashtag"),
    ("¡María ya está en casa! #Salud #publicidad", (), "only a hashtag"),
    ("All that hard work paid off for Maria.", (), "is missing"),    # "paid off" is not it
])
def test_a_missing_or_buried_disclosure_is_an_error(
        make_ctx: Make, text: str, hashtags: tuple[str, ...], where: str) -> None:
    errors = _errors(make_ctx(text, remuneration=PAID, hashtags=hashtags))
    assert len(errors) == 1
    assert where in errors[0] and PAID in errors[0]


def test_no_remuneration_needs_no_disclosure(make_ctx: Make) -> None:
    assert ftc.check(make_ctx("Maria is home and gardening again!")) == []


def test_a_late_disclosure_on_instagram_is_noted(make_ctx: Make) -> None:
    text = "Maria is home. " * 10 + "Maria received a gift card for sharing her story."
    findings = ftc.check(make_ctx(text, remuneration=PAID))
    assert [(f.severity, "a common convention" in f.message) for f in findings] == [
        ("info", True)]
    assert ftc.check(make_ctx(text, remuneration=PAID, channel="facebook")) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("I lost 40 pounds and finally feel like myself.", ["I lost 40 pounds"]),
    ("Three months later, my pain is gone.", ["my pain is gone"]),
    ("She was back to running in 2 weeks!", ["back to running in 2 weeks"]),
    ("I no longer need my insulin.", ["no longer need my insulin"]),
    ("Perdí 20 kilos y mi dolor desapareció.", ["Perdí 20 kilos", "mi dolor desapareció"]),
    ("Volví a caminar en 3 días.", ["Volví a caminar en 3 días"]),
    ("I lost 30 pounds. Results may vary.", ["I lost 30 pounds"]),
])
def test_outcome_claims_ask_for_typical_results(
        make_ctx: Make, text: str, expected: list[str]) -> None:
    findings = ftc.check(make_ctx(text))
    assert spans(findings, text, severity="warning") == expected
    if "vary" in text:
        assert "not enough" in findings[0].message


@pytest.mark.parametrize("text", [
    "I lost 40 pounds. Most patients in the program lose 5-10% of their weight in a year.",
    "Volví a caminar en 3 días; la mayoría de los pacientes camina en una semana.",
    "I lost my keys twice during my stay, but the nurses found them.",
    "My dog is back to running in the park.",   # not a result of treatment (no time frame)
    "Maria thanked her nurses with a card.",
])
def test_no_outcome_warning_when_typical_results_are_stated_or_none_claimed(
        make_ctx: Make, text: str) -> None:
    assert ftc.check(make_ctx(text)) == []


def test_a_disclosure_word_as_a_trailing_hashtag_is_still_buried(make_ctx: Make) -> None:
    errors = _errors(make_ctx("¡María ya está en casa! #Salud #patrocinado", remuneration=PAID,
                              language="es"))
    assert len(errors) == 1 and "only a hashtag" in errors[0]
