"""Free text: emoji and right-to-left script welcome; hidden characters refused."""

from __future__ import annotations

import pytest
from factories import subject_and_story

from studio.errors import BadInput
from studio.library.library import Library
from studio.workflow.stories import add_story, list_stories
from studio.workflow.text import clean_text


@pytest.mark.parametrize("text", [
    "Rosa walks again 👩🏽‍🦯 and smiles 👨‍👩‍👧",          # ZWJ emoji sequences
    "שלום Rosa, مرحبا بك",                                # Hebrew and Arabic
    "می\u200cخواهم",                                       # Persian with a ZWNJ
    "Call \u200e312-555-0199 (טלפון)",                      # LRM before a number in RTL text
    "Café résumé naïve",
])
def test_real_world_text_is_kept(text: str) -> None:
    assert clean_text(text, what="t", max_len=500) == text


@pytest.mark.parametrize("text", [
    "Call 312\u200b-555-0199",            # zero-width space splits a phone number
    "Rosa Al\u200cvarado",                # a joiner hides a surname
    "SSN 123-45\u00ad-6789",              # soft hyphen
    "evil \u202egnp.exe",                 # right-to-left override
    "x\u2066y\u2069",                      # bidi isolate
    "null \x00 byte",
    "bell \x07",
])
def test_hidden_characters_are_refused_with_their_name(text: str) -> None:
    with pytest.raises(BadInput, match="U\\+|NUL"):
        clean_text(text, what="post text", max_len=500)


@pytest.mark.parametrize("title", ["Rosa walks\nagain", "Rosa walks\r\nagain", "Rosa\ragain",
                                   "Rosa walks\u2028again"])
def test_a_line_break_in_a_story_title_says_it_must_be_one_line(
        author_lib: Library, title: str) -> None:
    subject, _story = subject_and_story(author_lib)
    with pytest.raises(BadInput) as refused:
        add_story(author_lib, subject, title, "She walked again after the surgery.")
    assert str(refused.value) == "title: must be a single line"
    assert [s.title for s in list_stories(author_lib)] == ["Back on her feet"]  # no new story


def test_a_multi_line_field_keeps_its_line_breaks_and_refuses_other_controls() -> None:
    assert clean_text("one\r\ntwo", what="narrative", max_len=50) == "one\ntwo"
    with pytest.raises(BadInput, match="control character U\\+0007"):
        clean_text("one\x07two", what="title", max_len=50, single_line=True)
