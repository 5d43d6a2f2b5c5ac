"""Free text: emoji and right-to-left script welcome; hidden characters refused."""

from __future__ import annotations

import pytest

from studio.errors import BadInput
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
