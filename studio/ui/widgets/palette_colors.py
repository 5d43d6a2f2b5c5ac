"""Colours derived from the palette, so text stays readable in light and dark themes.

A fixed colour (say a dark red for "over the limit") is readable on white but not on a dark
window; these pick the variant for the palette in use and can be checked with
:func:`contrast` (the WCAG ratio; 4.5 is the minimum for body text).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

ERROR_ON_LIGHT, ERROR_ON_DARK = QColor("#b3261e"), QColor("#ff8a80")
WARNING_ON_LIGHT, WARNING_ON_DARK = QColor("#6b4200"), QColor("#ffcc80")


def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def is_dark(palette: QPalette, role: QPalette.ColorRole = QPalette.ColorRole.Window) -> bool:
    return luminance(palette.color(role)) < 0.2


def error_colour(palette: QPalette,
                 role: QPalette.ColorRole = QPalette.ColorRole.Window) -> QColor:
    """Red text that reads on the palette's ``role`` colour."""
    return ERROR_ON_DARK if is_dark(palette, role) else ERROR_ON_LIGHT


def warning_colour(palette: QPalette,
                   role: QPalette.ColorRole = QPalette.ColorRole.Window) -> QColor:
    return WARNING_ON_DARK if is_dark(palette, role) else WARNING_ON_LIGHT


def mix(a: QColor, b: QColor, share_of_a: float) -> QColor:
    t = share_of_a
    return QColor(*(round(x * t + y * (1 - t)) for x, y in (
        (a.red(), b.red()), (a.green(), b.green()), (a.blue(), b.blue()))))


def style(colour: QColor, *, bold: bool = False) -> str:
    """A style sheet for a label's text colour."""
    return f"color: {colour.name()};" + (" font-weight: 600;" if bold else "")
