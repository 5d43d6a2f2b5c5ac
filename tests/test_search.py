"""Full-text search: triggers keep the index in step; no typed text can break a query."""

from __future__ import annotations

import pytest

from studio.library.library import Library
from studio.library.search import fts_query
from studio.models import Story
from studio.workflow import stories, subjects


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
