"""consent.scope: channel, uses, validity on the scheduled date, people shown in media."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from studio.checks import consent_scope
from studio.checks.base import CheckContext, Finding

from .conftest import consent, image, spans

Make = Callable[..., CheckContext]
RULE = consent_scope.RULE


def _errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def test_a_covered_post_has_no_findings(make_ctx: Make) -> None:
    ctx = make_ctx("Maria is back in her garden, planting tomatoes with her grandson.",
                   media=(image(),))
    assert consent_scope.check(ctx) == []


def test_no_subject_gives_one_info_and_nothing_else(make_ctx: Make) -> None:
    findings = consent_scope.check(make_ctx("Ana Ruiz had chemotherapy.", subject=None))
    assert [(f.rule, f.severity) for f in findings] == [(RULE, "info")]


def test_no_consent_is_an_error(make_ctx: Make) -> None:
    findings = consent_scope.check(make_ctx("Maria is home.", the_consent=None))
    assert [(f.severity, f.field) for f in findings] == [("error", "schedule")]
    assert "No signed consent" in findings[0].message


def test_a_consent_for_someone_else_is_an_error(make_ctx: Make) -> None:
    ctx = make_ctx("Maria is home.", the_consent=consent(subject_id="PT-2"))
    assert "belongs to PT-2" in _errors(consent_scope.check(ctx))[0].message


def test_channel_not_in_the_consent_is_an_error(make_ctx: Make) -> None:
    ctx = make_ctx("Maria is home.", channel="x", consent_channels=("instagram", "facebook"))
    errors = _errors(consent_scope.check(ctx))
    assert len(errors) == 1 and "does not cover X" in errors[0].message
    assert "facebook, instagram" in errors[0].message


@pytest.mark.parametrize(("kw", "why"), [
    ({"expires_on": dt.date(2024, 5, 31)}, "expired on 2024-05-31"),
    ({"revoked_at": dt.datetime(2024, 5, 1, tzinfo=dt.UTC)}, "was revoked on 2024-05-01"),
    ({"revoked_at": dt.datetime(2024, 5, 1)}, "was revoked on 2024-05-01"),   # naive is UTC
    ({"signed_on": dt.date(2024, 7, 1)}, "is signed on 2024-07-01"),
])
def test_consent_not_in_force_on_the_scheduled_date_is_an_error(
        make_ctx: Make, kw: dict[str, object], why: str) -> None:
    ctx = make_ctx("Maria is home.", the_consent=consent(**kw))  # type: ignore[arg-type]
    errors = _errors(consent_scope.check(ctx))
    assert len(errors) == 1 and why in errors[0].message and errors[0].field == "schedule"


def test_expiry_on_the_scheduled_day_itself_is_still_in_force(make_ctx: Make) -> None:
    ctx = make_ctx("Maria is home.", the_consent=consent(expires_on=dt.date(2024, 6, 1)))
    assert consent_scope.check(ctx) == []


def test_without_a_schedule_validity_is_checked_for_today(make_ctx: Make) -> None:
    ctx = make_ctx("Maria is home.", scheduled_at=None,
                   the_consent=consent(expires_on=dt.date(2024, 5, 1)))
    errors = _errors(consent_scope.check(ctx))
    assert "today (2024-05-20" in errors[0].message


def test_an_expiry_event_is_noted_for_the_reviewer(make_ctx: Make) -> None:
    ctx = make_ctx("Maria is home.", the_consent=consent(expiry_event="end of treatment"))
    assert [f.severity for f in consent_scope.check(ctx)] == ["info"]


# ---------------------------------------------------------------- names


def test_full_name_needs_the_name_use(make_ctx: Make) -> None:
    text = "Maria Lopez rang the bell after her last treatment. The Lopez family cheered."
    findings = consent_scope.check(make_ctx(text, uses={"first-name"}))
    assert spans(findings, text, severity="error") == ["Maria Lopez", "Lopez"]
    assert "'name' use" in findings[0].message
    assert consent_scope.check(make_ctx(text, uses={"name"})) == []


def test_first_name_needs_first_name_or_name(make_ctx: Make) -> None:
    text = "Maria rang the bell after her last session."
    assert spans(consent_scope.check(make_ctx(text, uses={"photo"})), text) == ["Maria"]
    assert consent_scope.check(make_ctx(text, uses={"first-name"})) == []
    assert consent_scope.check(make_ctx(text, uses={"name"})) == []


def test_names_in_hashtags_alt_text_and_link_count(make_ctx: Make) -> None:
    ctx = make_ctx("Back on her feet!", uses={"first-name", "photo"},
                   hashtags=("TeamMariaLopez",),
                   link="https://example-hospital.org/stories/maria-lopez",
                   media=(image(alt_text="Maria Lopez waves from her bike."),))
    fields = sorted({f.field for f in _errors(consent_scope.check(ctx))})
    assert fields == ["alt:M-1", "hashtags", "link"]


def test_spanish_accents_do_not_hide_the_surname(make_ctx: Make) -> None:
    text = "María López volvió a caminar."
    assert spans(consent_scope.check(make_ctx(text, uses={"first-name"}, language="es")),
                 text) == ["María López"]


def test_lowercase_words_are_not_the_patients_name(make_ctx: Make) -> None:
    text = "We love the garcia-style garden and the maria cookies at the cafe."
    assert consent_scope.check(make_ctx(text, uses={"photo"})) == []


# ---------------------------------------------------------------- conditions and places


@pytest.mark.parametrize(("text", "expected"), [
    ("After six rounds of chemotherapy, Maria is cancer-free.", ["chemotherapy", "cancer"]),
    ("Maria's heart attack at 52 changed everything; a bypass saved her.",
     ["heart attack", "bypass"]),
    ("Living with diabetes and two seizures a year, Maria kept going.",
     ["diabetes", "seizures"]),
    ("María recibió quimioterapia y hoy no tiene cáncer.", ["quimioterapia", "cáncer"]),
    ("Tras un infarto y la diálisis, María volvió a casa.", ["infarto", "diálisis"]),
    ("She has been HIV-positive for ten years.", ["HIV"]),
])
def test_condition_words_need_the_condition_use(
        make_ctx: Make, text: str, expected: list[str]) -> None:
    findings = consent_scope.check(make_ctx(text))
    assert spans(findings, text, severity="error") == expected
    assert consent_scope.check(make_ctx(text, uses={"first-name", "condition"})) == []


@pytest.mark.parametrize(("text", "language"), [
    ("Maria helped us raise funds for first aid kits and hearing aids.", "en"),  # not "AIDS"
    ("Our ELA teachers read Maria's story in class.", "en"),     # ELA is Spanish-only
    ("Punto y coma: así escribe María su diario.", "es"),        # Spanish "coma" is a comma
    ("María corre 5 km cada mañana con su perro.", "es"),
    ("Maria's aide helped her plan the garden party.", "en"),
])
def test_ordinary_words_are_not_conditions(make_ctx: Make, text: str, language: str) -> None:
    assert consent_scope.check(make_ctx(text, language=language)) == []


@pytest.mark.parametrize(("text", "place"), [
    ("Maria lives in Riverton with her two dogs.", "Riverton"),
    ("Maria grew up in Lake Placid and still skis.", "Lake Placid"),
    ("María vive en Monterrey con su familia.", "Monterrey"),
    ("María es originaria de Ciudad Juárez.", "Ciudad Juárez"),
])
def test_where_the_patient_lives_needs_location_or_is_a_warning(
        make_ctx: Make, text: str, place: str) -> None:
    findings = consent_scope.check(make_ctx(text))
    assert spans(findings, text, severity="warning") == [place]
    assert consent_scope.check(make_ctx(text, uses={"first-name", "location"})) == []


@pytest.mark.parametrize("text", [
    "Maria is from Dr. Patel's clinic list.",
    "María es de Dios, dice su madre.",
    "A message from Sarah: thank you!",
    "Maria was born in May.",
    "Maria is from Mexico and moved to Texas in 2010.",       # a state or larger is fine
    "María es de Colombia y vive en Nuevo León desde 2015.",
])
def test_place_cues_without_a_place_are_not_flagged(make_ctx: Make, text: str) -> None:
    assert [f for f in consent_scope.check(make_ctx(text)) if f.severity == "warning"] == []


# ---------------------------------------------------------------- media


def test_photo_of_the_patient_needs_the_photo_use(make_ctx: Make) -> None:
    ctx = make_ctx("Maria is home.", uses={"first-name"}, media=(image(),))
    errors = _errors(consent_scope.check(ctx))
    assert [(f.field, "'photo' use" in f.message) for f in errors] == [("media:M-1", True)]


def test_video_of_the_patient_needs_the_video_use(make_ctx: Make) -> None:
    ctx = make_ctx("Maria is home.", uses={"first-name", "photo"},
                   media=(image("M-2", mime="video/mp4"),))
    assert "'video' use" in _errors(consent_scope.check(ctx))[0].message


def test_everyone_shown_needs_their_own_consent(make_ctx: Make) -> None:
    group = image("M-4", depicted=("PT-1", "PT-5", "PT-6", "PT-7", "PT-8"))
    depicted = {
        "PT-5": consent(subject_id="PT-5", display_id="C-5"),                  # fine
        "PT-6": None,                                                          # none
        "PT-7": consent(subject_id="PT-7", display_id="C-7", channels=("facebook",)),
        "PT-8": consent(subject_id="PT-8", display_id="C-8", uses=("name",),
                        expires_on=dt.date(2024, 3, 1)),
    }
    ctx = make_ctx("Maria with her support group.", media=(group,), depicted_consents=depicted)
    messages = [f.message for f in _errors(consent_scope.check(ctx))]
    assert len(messages) == 3
    assert "PT-6, who has no consent" in messages[0]
    assert "C-7: it does not cover Instagram" in messages[1]
    assert "not in force" in messages[2] and "'photo' use" in messages[2]


def test_an_image_with_nobody_recorded_needs_a_justification(make_ctx: Make) -> None:
    ctx = make_ctx("Our new garden.", media=(image(depicted=()),))
    assert [f.severity for f in consent_scope.check(ctx)] == ["warning"]
