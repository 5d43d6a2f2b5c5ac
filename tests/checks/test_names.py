"""The name lists and name matching behind phi.identifiers and consent.scope."""

from __future__ import annotations

from studio.checks import names, people
from studio.checks.base import PersonInfo
from studio.checks.text import compact_tokens

from .conftest import OTHER_PATIENT, REPRESENTATIVE, STAFF, SUBJECT


def test_the_census_lists_are_shipped_with_their_sizes() -> None:
    given, sur = names.given_names(), names.surnames()
    assert 4_900 <= len(given) <= 5_300
    assert 9_900 <= len(sur) <= 10_100
    assert {"maria", "jose", "james", "mateo", "sofia", "liam"} <= given   # accents folded
    assert {"garcia", "smith", "nguyen", "obrien", "sanz"} <= sur
    assert not {"in", "the", "new", "my"} & given                    # function words dropped


def test_find_person_tells_full_name_from_first_name_and_surname() -> None:
    text = "Maria López García says Maria loves the López family garden."
    hits = [(text[h.start:h.end], h.kind) for h in people.find_person(text, SUBJECT)]
    assert hits == [("Maria López García", "full"), ("Maria", "first"), ("López", "surname")]


def test_find_person_needs_capitals() -> None:
    text = "She said maria lopez in a whisper; the rose garden was in bloom."
    assert people.find_person(text, SUBJECT) == []


def test_run_together_names_in_hashtags_and_links() -> None:
    text = "#TeamMariaLopez and #FuerzaMaria"
    hits = people.find_in_compact(text, SUBJECT, compact_tokens("text", text))
    assert [(text[h.start:h.end], h.kind) for h in hits] == [
        ("TeamMariaLopez", "surname"), ("FuerzaMaria", "first")]


def test_known_index_finds_other_people_and_skips_the_subject_and_staff() -> None:
    library = (SUBJECT, OTHER_PATIENT, STAFF, REPRESENTATIVE,
               PersonInfo("PT-7", "María José de la Cruz", "María José"))
    index = people.known_index(library)
    text = ("Maria Lopez met Ana Ruiz, Priya Patel, Rosa Martinez and María José Cruz; "
            "Ana alone is not enough.")
    found = [(text[h.start:h.end], h.person.display_id)
             for h in people.find_known(text, index, SUBJECT.display_id)]
    assert found == [("Ana Ruiz", "PT-2"), ("Rosa Martinez", "PT-9"),
                     ("María José Cruz", "PT-7")]
    assert {"priya", "patel"} <= index.staff_words


def test_census_names_merge_two_surnames_and_respect_institutions() -> None:
    text = "Ayer Juan Pérez Gómez visitó el Hospital Juan Canalejo."
    found = [text[h.start:h.end] for h in names.census_names(text)]
    assert found == ["Juan Pérez Gómez"]
