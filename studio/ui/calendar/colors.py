"""The calendar's colours: one hue per post status and per channel, shaded for the palette.

Colours are derived from the window palette (light or dark), then nudged until text keeps the
WCAG AA ratio of 4.5:1 on its background and a channel stripe keeps 3:1 against the chip, so
both themes stay readable (the arithmetic is :mod:`studio.ui.widgets.palette_colors`'s). Colour
is never the only signal: every status has a symbol and a word, every channel a short tag, and
the legend names them all.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

from studio.ui.widgets.palette_colors import contrast, is_dark, luminance, towards_contrast

__all__ = [
    "ChipLook",
    "channel_color",
    "channel_tag",
    "channels",
    "contrast",
    "is_dark",
    "luminance",
    "observance_colors",
    "status_look",
    "statuses",
]

# status -> (hue, saturation 0-255, symbol)
_STATUS = {
    "draft": (0, 0, "✎"),
    "in_review": (45, 200, "◷"),
    "changes_requested": (25, 210, "↺"),
    "approved": (135, 150, "✓"),
    "exported": (210, 170, "↗"),
    "published": (265, 130, "●"),
    "rejected": (355, 170, "✕"),
    "withdrawn": (0, 60, "⊘"),
}
# channel -> (hue, saturation, short tag)
_CHANNEL = {
    "facebook": (218, 200, "FB"),
    "instagram": (322, 190, "IG"),
    "x": (0, 0, "X"),
    "linkedin": (195, 230, "IN"),
    "threads": (275, 170, "TH"),
    "google-business": (28, 220, "GB"),
    "blog": (100, 170, "BL"),
    "newsletter": (50, 220, "NL"),
}
OBSERVANCE_HUE = (175, 110)


@dataclass(frozen=True)
class ChipLook:
    background: QColor
    text: QColor
    symbol: str


def status_look(status: str, palette: QPalette) -> ChipLook:
    hue, sat, symbol = _STATUS.get(status, _STATUS["draft"])
    if is_dark(palette):
        background, text = QColor.fromHsl(hue, sat * 2 // 3, 62), QColor.fromHsl(hue, sat, 225)
    else:
        background, text = QColor.fromHsl(hue, sat, 228), QColor.fromHsl(hue, sat, 45)
    return ChipLook(background, towards_contrast(text, background, 4.5), symbol)


def channel_color(channel: str, palette: QPalette, against: QColor) -> QColor:
    """The channel's stripe, with 3:1 against the chip it is drawn on (a graphic, not text)."""
    hue, sat, _tag = _CHANNEL.get(channel, (0, 0, "?"))
    start = QColor.fromHsl(hue, sat, 170 if is_dark(palette) else 105)
    return towards_contrast(start, against, 3.0)


def channel_tag(channel: str) -> str:
    return _CHANNEL.get(channel, (0, 0, channel[:2].upper()))[2]


def observance_colors(palette: QPalette) -> tuple[QColor, QColor]:
    """(band, text) for the observance bands behind the days."""
    hue, sat = OBSERVANCE_HUE
    if is_dark(palette):
        band, text = QColor.fromHsl(hue, sat, 48), QColor.fromHsl(hue, sat, 215)
    else:
        band, text = QColor.fromHsl(hue, sat, 222), QColor.fromHsl(hue, sat, 55)
    return band, towards_contrast(text, band, 4.5)


def statuses() -> tuple[str, ...]:
    return tuple(_STATUS)


def channels() -> tuple[str, ...]:
    return tuple(_CHANNEL)
