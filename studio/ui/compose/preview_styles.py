"""How each channel family lays a post out, for the composer's preview card.

Only the arrangement differs (picture above or below the text, the account name repeated in
the caption, the row of actions under the post, an article for the blog and the newsletter);
colours always come from the palette. No platform's branding or numbers are copied here: where
a feed cuts the text is a channel fact in assets/channels.toml (``see_more_after``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CardStyle:
    family: str                  # x, instagram, facebook, linkedin, article, social
    picture_first: bool          # the picture above the text (Instagram)
    name_in_caption: bool        # the caption starts with the account name in bold
    square_avatar: bool          # organisation pages with a square logo (LinkedIn)
    rounded: int                 # the card's corner radius, px
    actions: tuple[str, ...]     # the row under the post (words, never counts)
    more_word: str               # the truncation link's word
    width: int                   # the card's width, px


_SOCIAL = CardStyle("social", False, False, False, 10, (), "more", 420)
STYLES: dict[str, CardStyle] = {
    "x": CardStyle("x", False, False, False, 14, ("Reply", "Repost", "Like", "Share"),
                   "Show more", 420),
    "instagram": CardStyle("instagram", True, True, False, 4, ("Like", "Comment", "Share",
                                                                "Save"), "more", 400),
    "facebook": CardStyle("facebook", False, False, False, 8, ("Like", "Comment", "Share"),
                          "See more", 440),
    "linkedin": CardStyle("linkedin", False, False, True, 8, ("Like", "Comment", "Repost",
                                                              "Send"), "…see more", 440),
    "article": CardStyle("article", True, False, False, 2, (), "Read more", 520),
}
FAMILY = {"x": "x", "instagram": "instagram", "facebook": "facebook", "linkedin": "linkedin",
          "blog": "article", "newsletter": "article"}


def card_style(channel: str) -> CardStyle:
    """The layout for ``channel``; channels without their own (Threads, Google Business
    Profile) get a plain social card."""
    return STYLES.get(FAMILY.get(channel, ""), _SOCIAL)
