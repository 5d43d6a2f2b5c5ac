"""claims: absolute or unsubstantiated medical claims are warnings that ask for evidence."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from studio.checks import claims
from studio.checks.base import CheckContext

from .conftest import image, spans

Make = Callable[..., CheckContext]


@pytest.mark.parametrize(("text", "expected"), [
    ("Our new procedure can cure back pain for good.", ["cure"]),
    ("Results guaranteed, or your consultation is free!", ["guaranteed"]),
    ("A 100% success rate in knee surgery last year.", ["100%"]),
    ("Her recovery was nothing short of a miracle.", ["miracle"]),
    ("The laser treatment is painless and takes ten minutes.", ["painless"]),
    ("Minimally invasive, no risk, back home the same day.", ["no risk"]),
    ("Voted the best in the region for heart care.", ["best in the region"]),
    ("The #1 hospital in the state for orthopedics.", ["#1 hospital"]),
    ("Clinically proven to relieve migraines.", ["Clinically proven"]),
    ("Nuestro tratamiento cura la artritis.", ["cura"]),
    ("Resultados garantizados con nuestra nueva técnica.", ["Resultados garantizados"]),
    ("Un procedimiento sin dolor y sin riesgo.", ["sin dolor", "sin riesgo"]),
    ("¡Fue un milagro! Los mejores médicos del país.", ["milagro", "Los mejores médicos"]),
    ("Somos el mejor de la región en cardiología.", ["el mejor de la región"]),
    ("Eficacia del 100 % comprobada.", ["100 %"]),
])
def test_claims_are_warnings(make_ctx: Make, text: str, expected: list[str]) -> None:
    findings = claims.check(make_ctx(text))
    assert spans(findings, text) == expected
    assert {f.severity for f in findings} == {"warning"}
    assert all("evidence" in f.fix for f in findings)


@pytest.mark.parametrize("text", [
    "Join our 5K to help find a cure for childhood cancer.",
    "There is no cure yet, but treatment helped Maria live well.",
    "We can't guarantee results, but we promise to listen.",
    "The security team was curious and accurate; we procure supplies securely.",
    "El cura de la parroquia visitó a los pacientes.",
    "Todavía no hay cura, pero el tratamiento la ayudó mucho.",
    "100 patients joined the walk, and 100% of proceeds go to the NICU.",
    "El 100% de lo recaudado irá a la unidad pediátrica.",
    "Maria says her nurses were wonderful and kind.",
    "Best wishes to all our graduates!",
])
def test_ordinary_wording_is_not_a_claim(make_ctx: Make, text: str) -> None:
    assert spans(claims.check(make_ctx(text)), text) == []


def test_claims_in_alt_text_are_found(make_ctx: Make) -> None:
    alt = "Banner reading: guaranteed results"
    ctx = make_ctx("Maria is home.", media=(image(alt_text=alt),))
    assert [(f.field, alt[f.span[0]:f.span[1]]) for f in claims.check(ctx) if f.span] == [
        ("alt:M-1", "guaranteed")]
