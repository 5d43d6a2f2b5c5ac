"""phi.identifiers: Safe Harbor identifiers in what a post publishes (EN and ES)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from studio.checks import phi
from studio.checks.base import CheckContext

from .conftest import image, spans

Make = Callable[..., CheckContext]


def _errors(make_ctx: Make, text: str, **kw: object) -> list[str]:
    return spans(phi.check(make_ctx(text, **kw)), text, severity="error")


def _warnings(make_ctx: Make, text: str, **kw: object) -> list[str]:
    return spans(phi.check(make_ctx(text, **kw)), text, severity="warning")


@pytest.mark.parametrize(("text", "expected"), [
    ("If you want to send Maria a card, call her daughter at (555) 123-4567.",
     ["(555) 123-4567"]),
    ("Her husband's cell is 555.867.5309 if you'd like to help.", ["555.867.5309"]),
    ("Text 555-0199 to reach her mom.", ["555-0199"]),
    ("Reach the family on +1 312 555 0100 any evening.", ["+1 312 555 0100"]),
    ("Pueden escribirle al móvil 612 345 678 para felicitarla.", ["612 345 678"]),
    ("Su teléfono es +34 612 34 56 78.", ["+34 612 34 56 78"]),
    ("Llámenla al 55 1234 5678 en Ciudad de México.", ["55 1234 5678"]),
    ("Send her your wishes: maria.lopez82@gmail.com", ["maria.lopez82@gmail.com"]),
    ("Escríbele a maria_g@hotmail.es para darle ánimos.", ["maria_g@hotmail.es"]),
    ("His SSN 123-45-6789 was on the form.", ["123-45-6789"]),
    ("She was born on March 3, 2015, weighing just two pounds.", ["March 3, 2015"]),
    ("Maria was admitted on 3/14/2023 and went home a week later.", ["3/14/2023"]),
    ("He was discharged 14 June 2022 after three weeks.", ["14 June 2022"]),
    ("María nació el 12 de marzo de 2015 en nuestro hospital.", ["12 de marzo de 2015"]),
    ("Fue dada de alta el 3 de mayo, justo a tiempo.", ["3 de mayo"]),
    ("She lives at 742 Evergreen Terrace, so neighbors brought meals.", ["742 Evergreen Terrace"]),
    ("Vive en la Calle Mayor 12, a dos pasos del parque.", ["Calle Mayor 12"]),
    ("Her family in Springfield, IL 62704 cheered her on.", ["62704"]),
    ("Vive cerca del código postal 28013 en Madrid.", ["28013"]),
    ("Her MRN 00482913 was on the wristband in the photo.", ["00482913"]),
    ("Su número de expediente AB-778812 aparece en la foto.", ["AB-778812"]),
    ("Medicare number 1EG4-TE5-MK72 was visible.", ["1EG4-TE5-MK72"]),
    ("The photo shows her license plate 7ABC123 in the lot.", ["7ABC123"]),
    ("Logged in from 192.168.10.24 to watch the livestream.", ["192.168.10.24"]),
    ("At 94 years old, Maria is our oldest marathon finisher.", ["94 years old"]),
    ("The 101-year-old veteran thanked his nurses.", ["101-year-old"]),
    ("La abuela de Maria tiene 93 años y vino a verla.", ["tiene 93 años"]),
    ("Help her family: https://www.gofundme.com/f/help-maria-heal", [
        "https://www.gofundme.com/f/help-maria-heal"]),
])
def test_identifiers_are_errors(make_ctx: Make, text: str, expected: list[str]) -> None:
    assert _errors(make_ctx, text) == expected


@pytest.mark.parametrize("text", [
    "Maria spent a week in Room 555 and loved the view of the lake.",
    "Our 4 West unit has 32 beds and a team of 60 nurses.",
    "We raised $10,000 for the NICU at the 2023 gala, and 1,500 people ran.",
    "In May she walked 5 miles; by June 2024 she was running.",
    "Recaudamos 100.000.000 pesos para la nueva unidad pediátrica.",
    "Open 7 days a week, 24/7, with 3 locations.",
    "She is 89 years old and still gardening.",         # 89 is fine; 90+ is not
    "Celebrating 95 years of service to our community!",  # not a person's age
    "El hospital cumple 100 años de historia.",
    "Maria was diagnosed in 2019 and finished treatment in 2020.",  # years alone are fine
    "Visit https://example-hospital.org/heart to learn more.",
    "Version 2.0.1 of our app is out.",
    "Our policy since 2019-2020 is to keep families together.",
    "La habitación 512 tiene vista al jardín.",
])
def test_ordinary_numbers_and_dates_are_not_flagged(make_ctx: Make, text: str) -> None:
    assert [f for f in phi.check(make_ctx(text)) if f.severity == "error"] == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Questions? Call us at (555) 010-2000 to book a visit.", ["(555) 010-2000"]),
    ("Appointments: 1-800-555-0199.", ["1-800-555-0199"]),
    ("Write to info@example-hospital.org for the full story.", ["info@example-hospital.org"]),
    ("Llámenos al 91 123 45 67 para pedir cita.", ["91 123 45 67"]),
    ("Visit us at 100 Main Street for the health fair.", ["100 Main Street"]),
    ("Join us on June 5, 2025 for the Heart Walk.", ["June 5, 2025"]),   # no birth/admission
    ("The family shared https://instagram.com/mariasjourney with us.", [
        "https://instagram.com/mariasjourney"]),
    ("Her donor card 4111222233334444 was in the photo.", ["4111222233334444"]),
    ("Mandó fotos desde la Plaza Mayor.", ["Plaza Mayor"]),
])
def test_the_hospitals_own_contacts_and_ambiguous_items_are_warnings(
        make_ctx: Make, text: str, expected: list[str]) -> None:
    findings = phi.check(make_ctx(text))
    assert spans(findings, text, severity="error") == []
    assert spans(findings, text, severity="warning") == expected


def test_identifiers_in_alt_text_are_found_with_the_alt_field(make_ctx: Make) -> None:
    alt = "Maria holds a sign with her phone number 555-123-4567."
    ctx = make_ctx("Maria is home!", media=(image(alt_text=alt),))
    findings = [f for f in phi.check(ctx) if f.field == "alt:M-1"]
    assert [alt[f.span[0]:f.span[1]] for f in findings if f.span] == ["555-123-4567"]


def test_a_personal_link_in_the_link_field_is_an_error(make_ctx: Make) -> None:
    ctx = make_ctx("Maria is home!", link="https://www.caringbridge.org/visit/marialg")
    assert [(f.field, f.severity) for f in phi.check(ctx)] == [("link", "error")]


# ---------------------------------------------------------------- names


def test_another_patients_full_name_is_an_error(make_ctx: Make) -> None:
    text = "Maria met Ana Ruiz in the infusion room and they became friends."
    assert _errors(make_ctx, text) == ["Ana Ruiz"]


def test_another_patients_surname_in_a_hashtag_is_an_error(make_ctx: Make) -> None:
    ctx = make_ctx("Go team!", hashtags=("TeamRuiz",))
    findings = phi.check(ctx)
    assert [(f.field, f.severity) for f in findings] == [("hashtags", "error")]


def test_a_representative_is_a_warning_when_the_patients_name_use_is_consented(
        make_ctx: Make) -> None:
    text = "Thanks to Rosa Martinez, who never left Maria's side."
    assert _warnings(make_ctx, text) == ["Rosa Martinez"]
    assert _errors(make_ctx, text, uses={"photo"}) == ["Rosa Martinez"]


def test_staff_names_are_fine(make_ctx: Make) -> None:
    text = "Dr. Patel and Priya Patel's team cared for Maria. Thank you, Dr. Patel!"
    assert phi.check(make_ctx(text)) == []


def test_the_patients_own_name_is_left_to_consent_scope(make_ctx: Make) -> None:
    text = "Maria Lopez Garcia is back on her bike."
    assert phi.check(make_ctx(text, uses={"photo"})) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Maria's roommate Sarah Miller cheered her on.", ["Sarah Miller"]),
    ("Después llegó José Martínez con flores.", ["José Martínez"]),
    ("Her neighbor, Mrs. Johnson, drove her to every appointment.", ["Mrs. Johnson"]),
    ("La Sra. Fernández la acompañó siempre.", ["Sra. Fernández"]),
    ("She met Grace Miller in rehab.", ["Grace Miller"]),
    ("A visit from Kevin O'Brien made her day.", ["Kevin O'Brien"]),
])
def test_census_names_that_are_not_the_patients_are_warnings(
        make_ctx: Make, text: str, expected: list[str]) -> None:
    assert _warnings(make_ctx, text) == expected


@pytest.mark.parametrize("text", [
    "In May Maria finished her last round of physical therapy.",
    "May Day brought the whole unit outside.",
    "By the grace of God and great nurses, she is home.",
    "Grace Hall was full for the celebration.",
    "Will Power is the name of our rehab walking club.",
    "We partnered with Mary Washington Hospital and St. Mary Medical Center.",
    "Trasladada al Hospital Juan Ramón Jiménez de Huelva.",
    "Follow us on Facebook and Instagram for more stories.",
    "Happy Thanksgiving from all of us!",
    "Heart Health Month starts Monday.",
    "Our Dolores Clinic and Santa Rosa campus are open.",
    "HOPE AND STRENGTH: JOHN SMITH WAS HERE",          # all-caps words are not looked at
])
def test_words_that_look_like_names_are_not_flagged(make_ctx: Make, text: str) -> None:
    assert [f for f in phi.check(make_ctx(text)) if f.severity != "info"] == []


def test_an_unknown_clinician_is_info_only(make_ctx: Make) -> None:
    text = "Dr. Smith led the surgery."
    findings = phi.check(make_ctx(text))
    assert [(f.severity, text[f.span[0]:f.span[1]]) for f in findings if f.span] == [
        ("info", "Dr. Smith")]
