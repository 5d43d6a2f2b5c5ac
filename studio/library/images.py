"""Turn untrusted image and PDF bytes into media the library can store and publish safely.

Patient photos arrive from phones and scanners carrying GPS positions, device serials, names in
captions and comments. None of that may reach the library or a social post, so every image is
decoded to pixels and re-encoded from scratch: metadata is not "removed", it is never written.
Everything happens in memory on ``bytes`` (nothing touches disk, so no plaintext copy of a
patient photo is left outside the encrypted library) and every failure becomes a ``BadInput``
that names the file and says what is wrong in plain words.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from typing import Any, Final

from PIL import (
    BmpImagePlugin,
    GifImagePlugin,
    Image,
    ImageFile,
    ImageOps,
    JpegImagePlugin,
    PngImagePlugin,
    TiffImagePlugin,
    WebPImagePlugin,
)

from studio.errors import BadInput

THUMB_MAX: Final = 256
MAX_PIXELS: Final = 50_000_000  # decompression-bomb limit, checked from the header
MAX_SIDE: Final = 20_000
MAX_BYTES: Final = 50 * 1024 * 1024


@dataclass(frozen=True)
class SanitizedImage:
    """A re-encoded image with no metadata but its ICC profile, plus a small preview."""

    data: bytes
    mime: str
    width: int
    height: int
    thumbnail: bytes
    thumb_mime: str
    sha256: str


@dataclass(frozen=True)
class SanitizedDocument:
    """A PDF that passed structural checks; its bytes are kept as they are (not rewritten)."""

    data: bytes
    mime: str
    sha256: str


# Each accepted format is opened with its own plugin class, never Image.open: that way only the
# decoder the magic bytes promised ever sees the data, and we read the header size ourselves
# before Pillow's global decompression-bomb check (whose limit is another module's business).
_OPENERS: Final[dict[str, type[ImageFile.ImageFile]]] = {
    "jpeg": JpegImagePlugin.JpegImageFile,
    "png": PngImagePlugin.PngImageFile,
    "webp": WebPImagePlugin.WebPImageFile,
    "gif": GifImagePlugin.GifImageFile,
    "bmp": BmpImagePlugin.BmpImageFile,
    "tiff": TiffImagePlugin.TiffImageFile,
}
# Formats kept as themselves (Pillow format, MIME); the rest become PNG, which is lossless.
_KEPT: Final = {"jpeg": ("JPEG", "image/jpeg"), "png": ("PNG", "image/png"),
                "webp": ("WEBP", "image/webp")}
_MAGIC: Final = (
    (b"\xff\xd8\xff", "jpeg"), (b"\x89PNG\r\n\x1a\n", "png"), (b"GIF87a", "gif"),
    (b"GIF89a", "gif"), (b"II*\x00", "tiff"), (b"MM\x00*", "tiff"), (b"BM", "bmp"),
    (b"%PDF-", "pdf"), (b"PK\x03\x04", "a ZIP archive"), (b"PK\x05\x06", "a ZIP archive"),
    (b"Rar!", "a RAR archive"), (b"8BPS", "a Photoshop file"), (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
)
_DESCRIPTIONS: Final = {
    "jpeg": "a JPEG image", "png": "a PNG image", "webp": "a WebP image", "gif": "a GIF image",
    "bmp": "a BMP image", "tiff": "a TIFF image", "pdf": "a PDF document",
}
_HTML_STARTS: Final = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<meta",
                       b"<!--", b"<div", b"<title", b"<p>", b"<a ")
# Whole messages for files we recognise but refuse, each saying how to get an accepted file.
_REFUSALS: Final = {
    "svg": "SVG images are not accepted (they can carry scripts); export it as PNG or JPEG",
    "heic": "HEIC photos are not accepted; export it as JPEG (on iPhone: Settings > Camera > "
            "Formats > Most Compatible)",
    "avif": "AVIF images are not accepted; export it as JPEG or PNG",
    "blank": "the file is blank (it contains only zero bytes)",
}
_ACCEPTED: Final = "JPEG, PNG, WebP, GIF, BMP or TIFF"


def _sniff(raw: bytes) -> str:
    """Name what the bytes are, from their content only: a file name proves nothing."""
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            return kind
    if raw[:4] == b"RIFF" and raw[8:12] == b"WEBP":
        return "webp"
    if raw[4:8] == b"ftyp":
        brand = raw[8:12]
        if brand in (b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1", b"hevc", b"hevx"):
            return "heic"
        return "avif" if brand in (b"avif", b"avis") else "a video"
    if raw.count(0) == len(raw):
        return "blank"
    head = raw[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<") and b"<svg" in raw[:4096].lower():
        return "svg"
    if head.startswith(_HTML_STARTS):
        return "an HTML page"
    if head.startswith(b"<?xml"):
        return "an XML document"
    if not any(b < 9 or 13 < b < 32 for b in head):
        return "a text file"
    return "unknown"


def _checked_kind(raw: bytes, name: str) -> str:
    """Refuse empty and oversized files before looking inside them, then sniff."""
    if not raw:
        raise BadInput(f"{name}: the file is empty")
    if len(raw) > MAX_BYTES:
        raise BadInput(f"{name}: the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    return _sniff(raw)


def _refuse(name: str, kind: str, wanted: str) -> BadInput:
    """Build the one-line refusal for a file that is not what the caller accepts."""
    if kind in _REFUSALS:
        return BadInput(f"{name}: {_REFUSALS[kind]}")
    if kind == "unknown":
        accepted = _ACCEPTED if wanted != "a PDF" else "PDF"
        return BadInput(f"{name}: this is not {wanted} in a format this app accepts ({accepted})")
    return BadInput(f"{name}: this is not {wanted} (it looks like {_DESCRIPTIONS.get(kind, kind)})")


def _webp_is_lossless(raw: bytes) -> bool:
    """Walk the RIFF chunks for a VP8L bitstream; Pillow does not say whether a WebP is lossless."""
    pos = 12
    while pos + 8 <= len(raw):
        fourcc = raw[pos : pos + 4]
        if fourcc in (b"VP8L", b"VP8 "):
            return fourcc == b"VP8L"
        size = int.from_bytes(raw[pos + 4 : pos + 8], "little")
        pos += 8 + size + (size & 1)
    return False


def _pixels_only(im: Image.Image) -> Image.Image:
    """Bring odd modes to L, LA, RGB or RGBA, which every encoder and the JPEG thumbnail take."""
    if im.mode in ("L", "LA", "RGB", "RGBA"):
        return im
    if im.mode.startswith("I;16") or im.mode == "I":
        # A plain convert("L") clips 16-bit values to white; scale them to 8 bits instead.
        return im.convert("I").point(lambda v: v * (1 / 257)).convert("L")
    if im.mode == "1":
        return im.convert("L")
    if im.mode in ("PA", "La", "RGBa") or "transparency" in im.info:
        return im.convert("RGBA")
    return im.convert("RGB")


def _encode(im: Image.Image, fmt: str, icc: bytes | None, **options: Any) -> bytes:
    """Write pixels with only the options we choose; the ICC profile is the one thing carried."""
    if icc:
        options["icc_profile"] = icc
    out = io.BytesIO()
    im.save(out, format=fmt, **options)
    return out.getvalue()


def _unreadable(name: str, exc: Exception) -> BadInput:
    """Why Pillow could not read the file, in words; a bomb is named as one."""
    if isinstance(exc, ValueError) and "decompressed data too large" in str(exc).lower():
        # Pillow's cap on PNG text, ICC and EXIF chunks: a few kB that inflate to megabytes.
        return BadInput(f"{name}: the image holds a compressed block that inflates far beyond "
                        "its size (a decompression bomb)")
    return BadInput(f"{name}: the image is truncated or damaged")


def _sanitize(raw: bytes, name: str, kind: str) -> SanitizedImage:
    """Check the header size, decode, orient, re-encode and thumbnail one image."""
    try:
        im = _OPENERS[kind](io.BytesIO(raw))  # reads the header only
    except Exception as exc:  # plugins raise SyntaxError, OSError, struct.error, ... on junk
        raise _unreadable(name, exc) from exc
    width, height = im.size
    if width * height > MAX_PIXELS:
        raise BadInput(f"{name}: the image is too large ({width} x {height} pixels; the limit "
                       f"is {MAX_PIXELS // 1_000_000} megapixels)")
    if max(width, height) > MAX_SIDE:
        raise BadInput(f"{name}: the image is too large ({width} x {height} pixels; no side may "
                       f"be longer than {MAX_SIDE} pixels)")
    fmt, mime = _KEPT.get(kind, ("PNG", "image/png"))
    try:
        with im:
            im.load()  # GIF and TIFF stay on their first frame / page
            icc = im.info.get("icc_profile")
            # A CMYK profile would mislabel the RGB pixels we write, so it is dropped.
            icc = icc if isinstance(icc, bytes) and im.mode != "CMYK" else None
            clean = _pixels_only(ImageOps.exif_transpose(im))
        clean.info = {}  # EXIF, XMP, IPTC, comments, text chunks: nothing is carried over
        if fmt == "JPEG":
            data = _encode(clean, fmt, icc, quality=92)
        elif fmt == "WEBP":
            data = _encode(clean, fmt, icc, quality=90, lossless=_webp_is_lossless(raw))
        else:
            data = _encode(clean, fmt, icc, optimize=True)
        thumb = clean.copy()
        thumb.thumbnail((THUMB_MAX, THUMB_MAX), Image.Resampling.LANCZOS)
        has_alpha = thumb.mode in ("LA", "RGBA")
        thumb_fmt, thumb_mime = ("PNG", "image/png") if has_alpha else ("JPEG", "image/jpeg")
        thumbnail = _encode(thumb, thumb_fmt, icc, **({"optimize": True} if has_alpha else
                                                      {"quality": 85}))
    except MemoryError as exc:
        raise BadInput(f"{name}: the image is too large to open on this computer") from exc
    except Exception as exc:  # truncated data, bad EXIF, warnings raised as errors, ...
        raise _unreadable(name, exc) from exc
    return SanitizedImage(data=data, mime=mime, width=clean.width, height=clean.height,
                          thumbnail=thumbnail, thumb_mime=thumb_mime,
                          sha256=hashlib.sha256(data).hexdigest())


def _check_pdf(raw: bytes, name: str) -> SanitizedDocument:
    """Structural check only: the bytes (and any metadata inside the PDF) are kept as given."""
    if not re.match(rb"%PDF-[12]\.\d", raw):
        raise BadInput(f"{name}: the PDF is damaged (its header has no valid version)")
    if b"%%EOF" not in raw[-1024:]:
        raise BadInput(f"{name}: the PDF is truncated or damaged (its end-of-file marker is "
                       "missing)")
    return SanitizedDocument(data=raw, mime="application/pdf",
                             sha256=hashlib.sha256(raw).hexdigest())


def sanitize_image(raw: bytes, *, name: str) -> SanitizedImage:
    """Return a metadata-free copy of an image; ``name`` is used only in error messages."""
    kind = _checked_kind(raw, name)
    if kind not in _OPENERS:
        raise _refuse(name, kind, "an image")
    return _sanitize(raw, name, kind)


def check_pdf(raw: bytes, *, name: str) -> SanitizedDocument:
    """Accept a PDF whose header and end-of-file marker are present; ``name`` is for messages."""
    kind = _checked_kind(raw, name)
    if kind != "pdf":
        raise _refuse(name, kind, "a PDF")
    return _check_pdf(raw, name)


def sanitize_media(raw: bytes, *, name: str) -> SanitizedImage | SanitizedDocument:
    """Route by content, never by extension, so a renamed file cannot pick its own checks."""
    kind = _checked_kind(raw, name)
    if kind == "pdf":
        return _check_pdf(raw, name)
    if kind in _OPENERS:
        return _sanitize(raw, name, kind)
    raise _refuse(name, kind, "an image or PDF")
