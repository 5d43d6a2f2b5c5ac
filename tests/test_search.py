"""Full-text search: triggers keep the index in step; no typed text can break a query."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from studio.library.library import Library
from studio.library.search import fts_query, name_query
from studio.models import Story, Subject
from studio.workflow import stories, subjects
from studio.workflow.search_views import SearchHit, search_library


@pytest.fixture
def populated(author_lib: Library) -> Library:
    person = subjects.add_subject(author_lib, "Search Subject")
    stories.add_story(author_lib, person.display_id, "Cardiac rehab success",
                      "She walked again after rehabilitation.", service_line="Cardiology",
                      tags=["heart"])
    stories.add_story(author_lib, person.display_id, "Maternity night",
                      "Twins arrived early; the night team stayed calm. مرحبا 👶",
                      service_line="Maternity")
    stories.add_story(author_lib, person.display_id, "Café résumé", "Naïve coöperation.")
    return author_lib


def _titles(lib: Library, words: str, as_you_type: bool = False) -> list[str]:
    ids = stories.story_ids(lib, search=words, as_you_type=as_you_type)
    return [r.title for r in stories.story_rows(lib, ids)]


def test_finds_by_title_text_tag_and_prefix(populated: Library) -> None:
    assert _titles(populated, "twins") == ["Maternity night"]
    assert _titles(populated, "heart") == ["Cardiac rehab success"]
    assert _titles(populated, "rehabilitation") == ["Cardiac rehab success"]
    assert _titles(populated, "rehabilit") == []  # whole words unless typing
    assert _titles(populated, "rehabilit", as_you_type=True) == ["Cardiac rehab success"]
    assert _titles(populated, "rehabilit ", as_you_type=True) == []  # a space ends the word
    assert _titles(populated, "cafe resume") == ["Café résumé"]  # diacritics folded
    assert _titles(populated, "مرحبا") == ["Maternity night"]
    assert _titles(populated, "nothing-like-this") == []


def test_index_follows_updates_and_deletes(populated: Library) -> None:
    with populated.write() as session:
        story = session.query(Story).filter_by(title="Maternity night").one()
        story.narrative = "Triplets this time."
    assert _titles(populated, "twins") == []
    assert _titles(populated, "triplets") == ["Maternity night"]
    with populated.write() as session:
        session.delete(session.query(Story).filter_by(title="Maternity night").one())
    assert _titles(populated, "triplets") == []


@pytest.mark.parametrize("hostile", ['"', "*", "NEAR(", "a OR", "AND NOT", "^x", "col:val",
                                     "'; DROP TABLE stories; --", "\x00", "😀😀", "a" * 5000])
def test_hostile_search_text_never_raises(populated: Library, hostile: str) -> None:
    result = stories.list_stories(populated, search=hostile)
    assert isinstance(result, list)
    assert stories.count_stories(populated) == 3


def test_query_building() -> None:
    assert fts_query("  ") is None
    assert fts_query("heart rehab") == '"heart" "rehab"'
    assert fts_query("heart ", prefix=True) == '"heart"'
    assert fts_query("heart rehab", prefix=True) == '"heart" "rehab"*'
    assert fts_query('say "hi" OR', prefix=True) == '"say" "hi" "OR"*'
    assert name_query("m") is None and name_query("😀 !") is None
    assert name_query('Marisol V "x"') == '"Marisol"* "V"* "x"*'


# -- people by name (the subject_fts index of migration 0003) ----------------------------------
NAMES = ("Marisol Ventaja", "José Núñez", "Zoë O'Brien-Smith", "مريم الأحمد", "דוד כהן",
         "Ana 😀 Lee", "王小明", "Marcus Ventura")


@pytest.fixture
def people(author_lib: Library) -> Library:
    for name in NAMES:
        subjects.add_subject(author_lib, name)
    return author_lib


def _people(lib: Library, words: str) -> list[str]:
    return [h.title for h in search_library(lib, words) if h.kind == "subject"]


def test_people_are_found_by_the_start_of_any_word_of_their_name(people: Library) -> None:
    assert _people(people, "Mar") == ["Marcus Ventura", "Marisol Ventaja"]  # by name
    assert _people(people, "ventaja") == ["Marisol Ventaja"]
    assert _people(people, "VENTAJA") == ["Marisol Ventaja"]
    assert _people(people, "mar ven") == ["Marcus Ventura", "Marisol Ventaja"]
    assert _people(people, "ventaja mar") == ["Marisol Ventaja"]  # any order
    assert _people(people, "Marisol V") == ["Marisol Ventaja"]  # a letter narrows the others
    assert _people(people, "brien") == ["Zoë O'Brien-Smith"]
    assert _people(people, "smith zoe") == ["Zoë O'Brien-Smith"]


def test_accents_and_case_are_folded_both_ways(people: Library) -> None:
    assert _people(people, "jose") == ["José Núñez"]
    assert _people(people, "JOSÉ nunez") == ["José Núñez"]
    assert _people(people, "Jose\u0301 Nu\u0301n\u0303ez") == ["José Núñez"]  # decomposed input
    assert _people(people, "zoe") == ["Zoë O'Brien-Smith"]


def test_right_to_left_emoji_and_unspaced_names_are_found_without_crashing(
        people: Library) -> None:
    assert _people(people, "مري") == ["مريم الأحمد"]
    assert _people(people, "الأحمد") == ["مريم الأحمد"]
    assert _people(people, "דו") == ["דוד כהן"]
    assert _people(people, "ana lee") == ["Ana 😀 Lee"]
    assert _people(people, "😀") == []  # an emoji is not a word: nothing to look for
    assert _people(people, "王小") == ["王小明"]  # a name without spaces: by its start


def test_what_name_search_no_longer_finds(people: Library) -> None:
    """The substring scan it replaced found these; name_query's docstring says why not."""
    assert _people(people, "isol") == []      # the middle of a word
    assert _people(people, "taja") == []      # the end of a word
    assert _people(people, "小明") == []      # the inside of an unspaced name
    assert _people(people, "m") == []         # a single letter alone lists nobody


@pytest.mark.parametrize("hostile", ['"', "*", "NEAR(", "a OR b", "name:x", "^ma", "\x00",
                                     "ma*", '"ma" OR "ve"', "a" * 5000, "ma " * 400])
def test_hostile_name_search_never_raises(people: Library, hostile: str) -> None:
    assert isinstance(search_library(people, hostile), list)


def test_the_name_index_follows_renames_and_deletes(people: Library) -> None:
    with people.write() as session:
        person = session.scalars(select(Subject).where(Subject.name == "Marcus Ventura")).one()
        person.name = "Marcus Quillfeather"
    assert _people(people, "ventura") == []
    assert _people(people, "quillf") == ["Marcus Quillfeather"]
    with people.write() as session:
        session.delete(session.scalars(select(Subject)
                                       .where(Subject.name == "Marcus Quillfeather")).one())
    assert _people(people, "quillf") == []


# -- paging the global search ------------------------------------------------------------------
def test_pages_of_the_global_search_fit_together(author_lib: Library) -> None:
    """People first (by name), then stories (newest first), read a page at a time."""
    names = ("Quillon Abara", "Quillon Bex", "Quillon Cato")
    people = [subjects.add_subject(author_lib, n).display_id for n in names]
    for i in range(4):
        stories.add_story(author_lib, people[0], f"Quillon visit {i}", "The quillon ward.")
    for words in ("quillon", "quil", people[1]):
        whole = search_library(author_lib, words, limit=100)
        for limit in (1, 2, 3, 4):
            pages: list[SearchHit] = []
            while page := search_library(author_lib, words, limit=limit, offset=len(pages)):
                assert len(page) <= limit
                pages += page
            assert pages == whole, (words, limit)
    whole = search_library(author_lib, "quillon", limit=100)
    assert [h.title for h in whole] == [*names, *(f"Quillon visit {i}" for i in (3, 2, 1, 0))]
    assert [h.display_id for h in search_library(author_lib, people[1])][:1] == [people[1]]
    assert len(search_library(author_lib, "quillon")) == len(whole)  # under PAGE: all at once
