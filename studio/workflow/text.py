"""Checking free text people give us: real text, of a sane size, with nothing invisible.

Emoji and right-to-left scripts are welcome; NUL bytes, other control characters and
unpaired surrogates are refused with a message, never stored.
"""

from __future__ import annotations

import unicodedata

from studio.errors import BadInput

MAX_NARRATIVE = 200_000

# Invisible characters that have no business in a post: they can split a phone number or a
# name so that no check sees it, or reorder what a reviewer reads (bidi overrides).
_ALWAYS_REFUSED = {0x00AD, 0x180E, 0x200B, 0x2060, 0xFEFF, *range(0x202A, 0x202F),
                   *range(0x2066, 0x206A)}
_WORDISH = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@.-_/:+")


def _hides_something(value: str, i: int) -> bool:
    """True for a format character that could hide an identifier from the checks.

    Joiners and direction marks are needed in emoji sequences, Persian and mixed
    right-to-left text; between two ASCII letters or digits they only hide.
    """
    if ord(value[i]) in _ALWAYS_REFUSED:
        return True
    before = value[i - 1] if i > 0 else ""
    after = value[i + 1] if i + 1 < len(value) else ""
    return before in _WORDISH and after in _WORDISH and bool(before) and bool(after)


def clean_text(value: str, *, what: str, max_len: int, single_line: bool = False) -> str:
    """Normalise to NFC and strip; refuse control characters and oversize text."""
    if "\x00" in value:
        raise BadInput(f"{what}: contains a NUL byte (is this a binary file?)")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise BadInput(f"{what}: contains characters that are not valid Unicode") from exc
    value = unicodedata.normalize("NFC", value).strip()
    if len(value) > max_len:  # before the per-character scan: a 10 MB paste is refused at once
        raise BadInput(f"{what}: is {len(value):,} characters long; the limit is {max_len:,}")
    # Before the control-character scan: a line break in a one-line field is a control
    # character too, but "must be a single line" is what the person needs to read.
    if single_line and len(value.splitlines()) > 1:
        raise BadInput(f"{what}: must be a single line")
    allowed = {"\t"} if single_line else {"\t", "\n", "\r"}
    for i, ch in enumerate(value):
        category = unicodedata.category(ch)
        if category == "Cc" and ch not in allowed:
            raise BadInput(f"{what}: contains the control character U+{ord(ch):04X}")
        if category == "Cf" and _hides_something(value, i):
            raise BadInput(f"{what}: contains the invisible character U+{ord(ch):04X} "
                           f"({unicodedata.name(ch, 'format character').lower()}); remove it")
    return value.replace("\r\n", "\n")


def read_text_file(path: str, *, what: str, max_len: int = MAX_NARRATIVE) -> str:
    """Read a UTF-8 text file given on the command line, with a clear message on failure."""
    from studio.workflow.inputs import read_input_file

    raw = read_input_file(path, max_bytes=max_len * 4, what=what)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{what}: {path}: is not UTF-8 text (byte {exc.start})") from exc
    return clean_text(text, what=f"{what} ({path})", max_len=max_len)
