"""readability: Flesch-Kincaid grade (English), Szigriszt-Pazos / INFLESZ (Spanish)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from studio.checks import readability
from studio.checks.base import CheckContext

from .conftest import spans

Make = Callable[..., CheckContext]

PLAIN_EN = ("Maria came to us last spring. She was tired all the time. Our heart team found "
            "the problem fast. Now she walks every day with her dog. She says the nurses made "
            "her feel at home.")
HARD_SENTENCE = ("Notwithstanding considerable postoperative complications, the "
                 "multidisciplinary interventional cardiology department successfully "
                 "coordinated comprehensive rehabilitation interventions.")
PLAIN_ES = ("María llegó al hospital en primavera. Estaba muy cansada. El equipo del corazón "
            "encontró el problema. Hoy camina cada día con su perro. Dice que las enfermeras "
            "la cuidaron mucho.")
HARD_ES = ("La implementación de intervenciones multidisciplinarias individualizadas "
           "posibilitó la optimización significativa de la funcionalidad cardiovascular "
           "postoperatoria característica de pacientes pluripatológicos institucionalizados.")


@pytest.mark.parametrize(("word", "count"), [
    ("cat", 1), ("garden", 2), ("nurses", 2), ("changes", 2), ("homes", 1),
    ("rehabilitation", 6), ("walked", 1), ("needed", 2), ("the", 1), ("hospital", 3),
])
def test_english_syllables(word: str, count: int) -> None:
    assert readability.syllables_en(word) == count


@pytest.mark.parametrize(("word", "count"), [
    ("casa", 2), ("corazón", 3), ("hospital", 3), ("cuidado", 3), ("país", 2),
    ("día", 2), ("enfermería", 5), ("María", 3), ("agua", 2), ("poeta", 3),
])
def test_spanish_syllables(word: str, count: int) -> None:
    assert readability.syllables_es(word) == count


def test_plain_english_passes(make_ctx: Make) -> None:
    assert readability.check(make_ctx(PLAIN_EN + " #Recovery https://example.org/a")) == []


def test_hard_english_warns_and_points_at_the_hard_sentence(make_ctx: Make) -> None:
    text = PLAIN_EN + " " + HARD_SENTENCE
    findings = readability.check(make_ctx(text))
    assert spans(findings, text) == [HARD_SENTENCE]
    assert findings[0].severity == "warning"
    assert "Flesch-Kincaid" in findings[0].message and "aim for 8" in findings[0].message


def test_at_most_three_sentences_are_pointed_at(make_ctx: Make) -> None:
    text = " ".join([HARD_SENTENCE] * 5)
    assert len(readability.check(make_ctx(text))) == 3


def test_plain_spanish_passes(make_ctx: Make) -> None:
    assert readability.check(make_ctx(PLAIN_ES, language="es")) == []


def test_hard_spanish_warns_with_the_inflesz_scale(make_ctx: Make) -> None:
    text = PLAIN_ES + " " + HARD_ES
    findings = readability.check(make_ctx(text, language="es"))
    assert spans(findings, text) == [HARD_ES]
    assert "Szigriszt-Pazos / INFLESZ" in findings[0].message


def test_short_posts_are_not_scored(make_ctx: Make) -> None:
    assert readability.check(make_ctx("Multidisciplinary interventional cardiology rocks.")) == []


def test_hashtags_links_and_mentions_are_left_out(make_ctx: Make) -> None:
    text = (PLAIN_EN + " @ExampleHospital #InterdisciplinaryRehabilitationExcellence "
            "https://example.org/extraordinarily-long-path-name")
    assert readability.check(make_ctx(text)) == []


def test_a_single_short_sentence_is_not_scored(make_ctx: Make) -> None:
    text = "Maria and her husband, Jack, celebrated 50 years together in the hospital chapel."
    assert readability.check(make_ctx(text)) == []
