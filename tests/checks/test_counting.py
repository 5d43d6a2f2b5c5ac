"""Channel text counting. The X cases follow X's documented rules (docs.x.com "Counting
characters") and the twitter-text conformance suite's weighted-length cases (validate.yml,
WeightedTweetsWithDiscountedEmojiCounterTest), re-typed here with our own texts where they
were not the point.
"""

from __future__ import annotations

import pytest

from studio.checks.base import PostDraft
from studio.checks.counting import composed_text, count, x_weighted_length


@pytest.mark.parametrize(("text", "expected"), [
    ("This is a test.", 15),
    ("Hi http://test.co", 26),                       # a URL is 23 whatever its length
    ("http://test.co", 23),
    ("Test https://test.com test https://test.com test.com test", 86),  # bare domains too
    ("Read more at hospital.org/stories/maria-lopez-garcia-recovery", 13 + 23),
    ("https://example.org/a_very/long/path/that/is/much/longer/than/23?x=1&y=2", 23),
    ("Learn more (https://example.org/stories).", 12 + 23 + 2),  # trailing ")." not in URL
    ("\U00010000\U0010ffff", 4),                    # outside the BMP: 2 each
    ("저찀쯿쿿", 8),                                  # Hangul: 2 each
    ("のののの", 8),                                  # CJK: 2 each
    ("😷👾😡🔥💩", 10),                               # emoji: 2 each
    ("🙋🏽👨\u200d🎤", 4),                              # skin tone and ZWJ sequences: 2 each
    ("👨\u200d👩\u200d👧\u200d👦", 2),                   # a family is one emoji
    ("🇲🇽🇪🇸", 4),                                    # flags
    ("1️⃣ #️⃣", 5),                                    # keycaps: 2 + space + 2
    ("🧑\u200d⚕️ 🫶🏽", 5),                             # Unicode 12.1 / 14 emoji still count 2
    ("H🐱☺", 5),
    ("A\u0301B", 2),                                 # NFC: A + combining acute is one char
    ("Niño con café, señora Núñez", 27),            # Latin-1 accents weigh 1
    ("— “quoted” ‘text’ …", 20),                      # U+2010-201F weigh 1, … (U+2026) 2
    ("a\nb\r\nc", 5),                                # CRLF counts as one line break
    ("maria@clinic.org", 16),                        # the domain of an e-mail is not a URL
    ("#SaludMental", 12),
])
def test_x_weighted_length_follows_the_documented_rules(text: str, expected: int) -> None:
    assert x_weighted_length(text) == expected


def test_x_limit_position_points_at_the_first_character_past_280() -> None:
    text = "x" * 270 + " " + "🎉" * 10
    c = count(text, "x-weighted", 280)
    assert c.length == 291
    # 271 characters of weight 1, then emoji of weight 2: 271 + 2*4 = 279, 281 at the 5th
    assert c.over_at == 275
    assert c.normalized_same


def test_x_counts_a_long_domain_label_as_characters_not_as_a_link() -> None:
    label = "a" * 64                                 # DNS labels stop at 63
    assert x_weighted_length(f"https://{label}.com/x") == len(f"https://{label}.com/x")


def test_threads_counts_emoji_as_their_utf8_bytes() -> None:
    assert count("Hola 😊", "threads").length == 5 + 4
    assert count("👍🏽", "threads").length == 8
    assert count("👨\u200d👩\u200d👧", "threads").length == len(
        "👨\u200d👩\u200d👧".encode())
    assert count("Sin emoji, con acentos: ñ á", "threads").length == 27


def test_codepoints_count_after_nfc() -> None:
    assert count("Jose\u0301", "codepoints").length == 4
    assert count("😊😊", "codepoints").length == 2
    c = count("abcdef", "codepoints", 4)
    assert (c.length, c.over_at) == (6, 4)


def test_unknown_counting_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown counting"):
        count("hi", "bytes")


def test_composed_text_appends_missing_hashtags_and_link_only() -> None:
    post = PostDraft("x", "Maria is home! #Recovery", hashtags=("Recovery", "#HeartHealth"),
                     link="https://example.org/s/1")
    assert composed_text(post) == ("Maria is home! #Recovery\n\n#HeartHealth\n"
                                   "https://example.org/s/1")
    same = PostDraft("x", "See https://example.org/s/1 #A", hashtags=("a",),
                     link="https://example.org/s/1")
    assert composed_text(same) == same.text
