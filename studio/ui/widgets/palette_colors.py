"""Colours derived from the palette, so text stays readable in light and dark themes.

This module is the studio's one colour table (with the calendar's own hues in
:mod:`studio.ui.calendar.colors`, which shades them with the functions here). A fixed colour
(say a dark red for "over the limit") is readable on white but not on a dark window, so every
colour is a light/dark pair chosen by the palette's window lightness, then nudged until it
keeps the WCAG ratio (:func:`contrast`; 4.5 is the minimum for body text) on the background it
is painted on. :mod:`studio.ui.widgets.palette_follow` applies them and re-applies them when the
palette changes while the studio runs.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

AA = 4.5  # WCAG AA for body text

ERROR_ON_LIGHT, ERROR_ON_DARK = QColor("#b3261e"), QColor("#ff8a80")
WARNING_ON_LIGHT, WARNING_ON_DARK = QColor("#6b4200"), QColor("#ffcc80")
SUCCESS_ON_LIGHT, SUCCESS_ON_DARK = QColor("#0f5323"), QColor("#8fd19e")
_TEXT_TONES = {"error": (ERROR_ON_LIGHT, ERROR_ON_DARK),
               "warning": (WARNING_ON_LIGHT, WARNING_ON_DARK),
               "success": (SUCCESS_ON_LIGHT, SUCCESS_ON_DARK)}

# Tinted backgrounds with their text (badges, marked words): tone -> (on light, on dark), each
# (background, text).
_TINTS = {
    "good": (("#d7f0dd", "#0f5323"), ("#1e3b26", "#b5ebc1")),
    "warn": (("#fdebc8", "#6b4200"), ("#45330f", "#ffdca0")),
    "bad": (("#f9d9d6", "#7a1712"), ("#4a1f1c", "#ffc2bb")),
    "neutral": (("#e4e6ea", "#33373d"), ("#3a3d42", "#e2e5e9")),
}

# The span a finding points at: a yellow marker with near-black ink, readable in any theme.
HIGHLIGHT, HIGHLIGHT_INK = QColor("#ffe08a"), QColor("#1b1b1b")

# The guided tour's veil: translucent black dims what is behind it in either theme.
VEIL = QColor(0, 0, 0, 110)

# The signature pad is paper in every theme: what is signed is saved as dark ink on white.
PAPER, PAPER_INK = QColor("#ffffff"), QColor("#101840")
PAPER_GUIDE, PAPER_HINT = QColor("#9aa3ad"), QColor("#5f6b77")


# A typical dark Fusion palette: what a desktop in dark mode hands a Qt app. The studio is
# checked against it (tests/test_ui_palette.py) and shown in it (docs/screenshots/take.py).
_REFERENCE_DARK = {
    "Window": "#2b2b2b", "WindowText": "#e0e0e0", "Base": "#1f1f1f", "AlternateBase": "#262626",
    "Text": "#e0e0e0", "Button": "#353535", "ButtonText": "#e0e0e0", "Light": "#4a4a4a",
    "Midlight": "#404040", "Mid": "#303030", "Dark": "#1a1a1a", "Shadow": "#000000",
    "Highlight": "#2a82da", "HighlightedText": "#ffffff", "Link": "#6cb4ff",
    "ToolTipBase": "#353535", "ToolTipText": "#e0e0e0", "PlaceholderText": "#8c8c8c",
    "BrightText": "#ff5555",
}
_REFERENCE_DARK_DISABLED = "#7f7f7f"


def reference_dark_palette() -> QPalette:
    """The dark palette the studio is checked against (see ``_REFERENCE_DARK``)."""
    palette = QPalette()
    for role, colour in _REFERENCE_DARK.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(_REFERENCE_DARK_DISABLED))
    return palette


def luminance(colour: QColor) -> float:
    """WCAG relative luminance (0 black to 1 white)."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def is_dark(palette: QPalette, role: QPalette.ColorRole = QPalette.ColorRole.Window) -> bool:
    """Whether the palette's ``role`` colour (the window, by default) is a dark one."""
    return luminance(palette.color(role)) < 0.2


def mix(a: QColor, b: QColor, share_of_a: float) -> QColor:
    t = share_of_a
    return QColor(*(round(x * t + y * (1 - t)) for x, y in (
        (a.red(), b.red()), (a.green(), b.green()), (a.blue(), b.blue()))))


def towards_contrast(colour: QColor, against: QColor, ratio: float = AA) -> QColor:
    """``colour`` made darker (on a light ``against``) or lighter, hue kept, until it reaches
    ``ratio``."""
    hue, sat, light = colour.hslHue(), colour.hslSaturation(), colour.lightness()
    step = -6 if luminance(against) > 0.18 else 6
    out = QColor(colour)
    while contrast(out, against) < ratio and 0 < light < 255:
        light = max(0, min(255, light + step))
        out = QColor.fromHsl(max(hue, 0), sat, light)
    return out


def readable(colour: QColor, paper: QColor, ink: QColor, minimum: float = AA) -> QColor:
    """``colour``, moved towards ``ink`` until it reaches ``minimum`` contrast on ``paper``."""
    for step in range(11):
        candidate = mix(ink, colour, step / 10)
        if contrast(candidate, paper) >= minimum:
            return candidate
    return ink


def ink_role(role: QPalette.ColorRole) -> QPalette.ColorRole:
    """The text role the palette pairs with a background role."""
    return {QPalette.ColorRole.Base: QPalette.ColorRole.Text,
            QPalette.ColorRole.AlternateBase: QPalette.ColorRole.Text,
            QPalette.ColorRole.Button: QPalette.ColorRole.ButtonText,
            QPalette.ColorRole.Highlight: QPalette.ColorRole.HighlightedText,
            }.get(role, QPalette.ColorRole.WindowText)


def muted_colour(palette: QPalette,
                 role: QPalette.ColorRole = QPalette.ColorRole.Window) -> QColor:
    """Secondary text: the text colour a third of the way towards the background, still AA.

    (The placeholder colour is too faint for text people must read.)"""
    ink, paper = palette.color(ink_role(role)), palette.color(role)
    return readable(mix(ink, paper, 0.7), paper, ink)


def text_colour(tone: str, palette: QPalette,
                role: QPalette.ColorRole = QPalette.ColorRole.Window) -> QColor:
    """Text in ``tone`` ("error", "warning", "success" or "muted") that reads on the palette's
    ``role`` colour."""
    if tone == "muted":
        return muted_colour(palette, role)
    light, dark = _TEXT_TONES[tone]
    return towards_contrast(dark if is_dark(palette, role) else light, palette.color(role))


def error_colour(palette: QPalette,
                 role: QPalette.ColorRole = QPalette.ColorRole.Window) -> QColor:
    """Red text that reads on the palette's ``role`` colour."""
    return text_colour("error", palette, role)


def warning_colour(palette: QPalette,
                   role: QPalette.ColorRole = QPalette.ColorRole.Window) -> QColor:
    return text_colour("warning", palette, role)


def tint(tone: str, palette: QPalette,
         role: QPalette.ColorRole = QPalette.ColorRole.Window) -> tuple[QColor, QColor]:
    """(background, text) of a badge or marked run in ``tone`` ("good", "warn", "bad",
    "neutral") for a palette whose ``role`` colour it sits on; the text keeps AA on it."""
    light, dark = _TINTS.get(tone, _TINTS["neutral"])
    background, text = (QColor(c) for c in (dark if is_dark(palette, role) else light))
    return background, towards_contrast(text, background)


def style(colour: QColor, *, bold: bool = False) -> str:
    """A style sheet for a label's text colour."""
    return f"color: {colour.name()};" + (" font-weight: 600;" if bold else "")


def tint_style(tone: str, palette: QPalette) -> str:
    """Style sheet declarations for a run or pill in ``tone``."""
    background, text = tint(tone, palette)
    return f"background: {background.name()}; color: {text.name()};"
