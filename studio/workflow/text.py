"""Checking free text people give us: real text, of a sane size, with nothing invisible.

Emoji and right-to-left scripts are welcome; NUL bytes, other control characters and
unpaired surrogates are refused with a message, never stored.
"""

from __future__ import annotations

import unicodedata

from studio.errors import BadInput

MAX_NARRATIVE = 200_000


def clean_text(value: str, *, what: str, max_len: int, single_line: bool = False) -> str:
    """Normalise to NFC and strip; refuse control characters and oversize text."""
    if "\x00" in value:
        raise BadInput(f"{what}: contains a NUL byte (is this a binary file?)")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise BadInput(f"{what}: contains characters that are not valid Unicode") from exc
    value = unicodedata.normalize("NFC", value).strip()
    allowed = {"\t"} if single_line else {"\t", "\n", "\r"}
    for ch in value:
        if unicodedata.category(ch) == "Cc" and ch not in allowed:
            raise BadInput(f"{what}: contains the control character U+{ord(ch):04X}")
    if single_line and ("\n" in value or "\r" in value):
        raise BadInput(f"{what}: must be a single line")
    if len(value) > max_len:
        raise BadInput(f"{what}: is {len(value):,} characters long; the limit is {max_len:,}")
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
