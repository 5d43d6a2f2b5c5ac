"""A word diff of two revisions: what was removed and what was added, readable without colour.

Tokens are words and the whitespace between them (difflib on that sequence), so a changed word
is marked as a word, not as scattered letters. Removed runs are struck through and start with
"−", added runs start with "+"; the colours only repeat what the markers already say. They are
the palette's "bad" and "good" tints (:func:`studio.ui.widgets.palette_colors.tint`), light or
dark to match the text box they are shown in.
"""

from __future__ import annotations

import difflib
import re
from html import escape

from PySide6.QtGui import QPalette

from studio.ui.widgets.palette_colors import tint

_TOKENS = re.compile(r"\s+|[^\s]+")
REMOVED_STYLE = "text-decoration:line-through;"
ADDED_STYLE = "font-weight:600;"
MARKER_STYLE = "font-weight:700;"


def _tokens(text: str) -> list[str]:
    return _TOKENS.findall(text)


def diff_runs(old: str, new: str) -> list[tuple[str, str]]:
    """(kind, text) runs in reading order; kind is "same", "removed" or "added"."""
    a, b = _tokens(old), _tokens(new)
    runs: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(("same", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            runs.append(("removed", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            runs.append(("added", "".join(b[j1:j2])))
    return runs


def diff_text(old: str, new: str) -> str:
    """The diff as plain text: ``[-removed-]`` and ``{+added+}``, for screen readers and tests."""
    parts = []
    for kind, text in diff_runs(old, new):
        lead, core, trail = _split(text)
        if kind == "removed":
            parts.append(f"{lead}[-{core}-]{trail}")
        elif kind == "added":
            parts.append(f"{lead}{{+{core}+}}{trail}")
        else:
            parts.append(text)
    return "".join(parts)


def _split(text: str) -> tuple[str, str, str]:
    """Leading whitespace, the words, trailing whitespace: markers hug the words only."""
    core = text.strip()
    if not core:
        return text, "", ""
    start = text.index(core)
    return text[:start], core, text[start + len(core):]


def diff_html(old: str, new: str, palette: QPalette) -> str:
    """The diff as HTML for a QTextBrowser showing ``palette`` (its base is the page): markers
    and colours, line breaks kept."""
    colours = {}
    for kind, tone in (("removed", "bad"), ("added", "good")):
        background, text = tint(tone, palette, QPalette.ColorRole.Base)
        colours[kind] = f"background:{background.name()}; color:{text.name()}; "
    out = []
    for kind, text in diff_runs(old, new):
        if kind == "same":
            out.append(plain_html(text))
            continue
        lead, core, trail = (plain_html(part) for part in _split(text))
        style, marker = (REMOVED_STYLE, "&minus;") if kind == "removed" else (ADDED_STYLE, "+")
        if kind == "removed" and not trail:
            trail = " "  # keep "−old" and "+new" apart when one replaces the other
        # The marker sits outside the strike-through, so "−" stays legible.
        mark = f"<span style='{colours[kind]}{MARKER_STYLE}'>{marker}&#8201;</span>"
        out.append(f"{lead}{mark}<span style='{colours[kind]}{style}'>{core}</span>{trail}")
    return "".join(out)


def plain_html(text: str) -> str:
    return escape(text).replace("\n", "<br>")
