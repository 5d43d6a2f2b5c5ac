"""a11y: alt text present, within the limit and meaningful; CamelCase hashtags; emoji runs."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from studio.checks import a11y
from studio.checks.base import CheckContext

from .conftest import image, spans

Make = Callable[..., CheckContext]


def test_good_alt_text_passes(make_ctx: Make) -> None:
    ctx = make_ctx("Maria is home.", media=(image(),))
    assert a11y.check(ctx) == []


def test_missing_alt_text_is_an_error(make_ctx: Make) -> None:
    findings = a11y.check(make_ctx("Maria is home.", media=(image(alt_text="  "),)))
    assert [(f.severity, f.field) for f in findings] == [("error", "alt:M-1")]


def test_alt_text_over_the_limit(make_ctx: Make) -> None:
    alt = "Maria in the garden. " * 50                       # 1,050 characters
    findings = a11y.check(make_ctx("Hi", media=(image(alt_text=alt),)))
    assert [(f.severity, f.span) for f in findings] == [("error", (1000, 1050))]
    # Threads' alt-text limit is a convention: a warning that says so
    threads = a11y.check(make_ctx("Hi", channel="threads", media=(image(alt_text=alt),)))
    assert threads[0].severity == "warning" and "a common convention" in threads[0].message


@pytest.mark.parametrize("alt", ["image", "Photo.", "foto", "IMG_2041.jpg", "DSC01234",
                                 "maria-garden-final.png", "Imagen"])
def test_placeholder_alt_text_is_a_warning(make_ctx: Make, alt: str) -> None:
    findings = a11y.check(make_ctx("Hi", media=(image(alt_text=alt),)))
    assert [f.severity for f in findings] == ["warning"]


@pytest.mark.parametrize(("alt", "opener"), [("Photo of Maria waving from her bike.", "Photo of"),
                                            ("Foto de María con su enfermera.", "Foto de")])
def test_alt_text_opening_with_photo_of_is_a_warning(make_ctx: Make, alt: str,
                                                      opener: str) -> None:
    findings = a11y.check(make_ctx("Hi", media=(image(alt_text=alt),)))
    assert [(f.severity, alt[f.span[0]:f.span[1]]) for f in findings if f.span] == [
        ("warning", opener)]


@pytest.mark.parametrize("alt", [
    "A photographer's view of the garden where Maria walks each morning.",
    "Maria and her nurse laugh in the hallway of 4 West.",
    "Imagine Maria's smile: she hugs her grandson in the lobby.",
])
def test_descriptive_alt_text_is_not_flagged(make_ctx: Make, alt: str) -> None:
    assert a11y.check(make_ctx("Hi", media=(image(alt_text=alt),))) == []


def test_lowercase_multiword_hashtags_get_a_camelcase_hint(make_ctx: Make) -> None:
    text = "Maria's story #breastcancerawareness #saludmental #Recovery #nurses"
    findings = a11y.check(make_ctx(text, hashtags=("hearthealth",)))
    assert spans(findings, text) == ["#breastcancerawareness", "#saludmental"]
    fixes = [f.fix for f in findings]
    assert fixes == ["Write it as #BreastCancerAwareness.", "Write it as #SaludMental.",
                     "Write it as #HeartHealth."]
    assert {f.severity for f in findings} == {"info"}


def test_camelcase_and_single_word_hashtags_are_fine(make_ctx: Make) -> None:
    text = "#BreastCancerAwareness #SaludMental #survivor #nurses #2024 #ICU #gracias"
    assert a11y.check(make_ctx(text)) == []


def test_more_than_three_emoji_in_a_row_is_info(make_ctx: Make) -> None:
    text = "Home at last! 🎉 🎉🎉👩🏽‍⚕️ and thanks 💙💙💙"
    findings = a11y.check(make_ctx(text))
    assert spans(findings, text) == ["🎉 🎉🎉👩🏽‍⚕️"]
    assert findings[0].severity == "info" and "4 emoji" in findings[0].message
