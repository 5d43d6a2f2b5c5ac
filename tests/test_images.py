"""Image and PDF sanitising: metadata never survives, bad files never get past as tracebacks."""

from __future__ import annotations

import hashlib
import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable

import pytest
from PIL import Image, ImageCms, ImageFile, PngImagePlugin

from studio.errors import BadInput
from studio.library.images import (
    MAX_BYTES,
    THUMB_MAX,
    SanitizedDocument,
    SanitizedImage,
    check_pdf,
    sanitize_image,
    sanitize_media,
)

MARKERS = (
    b"MARKER-DESCRIPTION-7f3a",
    b"MARKER-USERCOMMENT-91bc",
    b"MARKER-GPS-AREA-55d0",
    b"MARKER-XMP-c0de",
    b"MARKER-COM-4e11",
    b"MARKER-IPTC-a9a9",
)
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


# ---------------------------------------------------------------- builders (all in memory)


def _encode(im: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    im.save(out, format=fmt, **options)
    return out.getvalue()


def _marked_photo(width: int = 300, height: int = 200) -> Image.Image:
    """A landscape photo whose stored top-left corner is red, the rest blue."""
    im = Image.new("RGB", (width, height), (0, 0, 255))
    im.paste((255, 0, 0), (0, 0, 40, 40))
    return im


def _exif_with_markers() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x010E] = MARKERS[0].decode()  # ImageDescription
    exif_ifd = exif.get_ifd(0x8769)
    exif_ifd[0x9286] = b"ASCII\x00\x00\x00" + MARKERS[1]  # UserComment
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"  # GPSLatitudeRef
    gps[2] = (40.0, 26.0, 46.0)  # GPSLatitude
    gps[3] = "W"
    gps[4] = (79.0, 58.0, 56.0)
    gps[0x1C] = b"ASCII\x00\x00\x00" + MARKERS[2]  # GPSAreaInformation
    return exif.tobytes()


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def _jpeg_with_everything() -> bytes:
    """EXIF (GPS, orientation 6), ICC, and hand-built XMP, IPTC and COM segments."""
    base = _encode(_marked_photo(), "JPEG", quality=95, exif=_exif_with_markers(),
                   icc_profile=SRGB)
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
           b'22-rdf-syntax-ns#"><rdf:Description>' + MARKERS[3] + b"</rdf:Description>"
           b"</rdf:RDF></x:xmpmeta>")
    iptc = b"\x1c\x02\x78" + struct.pack(">H", len(MARKERS[5])) + MARKERS[5]
    photoshop = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    extra = (_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + xmp)
             + _segment(0xED, photoshop + b"\x00" * (len(iptc) % 2))
             + _segment(0xFE, MARKERS[4]))
    assert base[:2] == b"\xff\xd8"
    return base[:2] + extra + base[2:]


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def _png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG whose IHDR claims any size; it has no pixel data worth decoding."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 16)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat)
            + _png_chunk(b"IEND", b""))


def _pixel(im: Image.Image, xy: tuple[int, int]) -> tuple[int, ...]:
    value = im.getpixel(xy)
    assert isinstance(value, tuple)
    return tuple(int(channel) for channel in value)


def _assert_no_markers(result: SanitizedImage) -> None:
    for blob in (result.data, result.thumbnail):
        for marker in MARKERS:
            assert marker not in blob
            assert marker.lower() not in blob.lower()


def _refusal(raw: bytes, name: str, *, via: Callable[..., object] = sanitize_image) -> str:
    with pytest.raises(BadInput) as caught:
        via(raw, name=name)
    message = str(caught.value)
    assert message.startswith(f"{name}: ")
    assert "Traceback" not in message
    return message


# ---------------------------------------------------------------- metadata is stripped


def test_jpeg_exif_gps_xmp_iptc_and_comment_are_gone() -> None:
    raw = _jpeg_with_everything()
    for marker in MARKERS:  # the fixture really carries every marker, readable in the bytes
        assert marker in raw
    source = Image.open(io.BytesIO(raw))
    assert source.getexif()[0x0112] == 6 and "comment" in source.info and "xmp" in source.info

    result = sanitize_image(raw, name="IMG_0001.jpg")

    _assert_no_markers(result)
    out = Image.open(io.BytesIO(result.data))
    assert out.format == "JPEG" and result.mime == "image/jpeg"
    assert len(out.getexif()) == 0
    assert not {"exif", "xmp", "comment", "photoshop"} & set(out.info)
    assert b"Exif\x00\x00" not in result.data
    assert b"http://ns.adobe.com/xap" not in result.data
    assert b"Photoshop 3.0" not in result.data
    assert result.sha256 == hashlib.sha256(result.data).hexdigest()


def test_orientation_is_applied_to_pixels() -> None:
    result = sanitize_image(_jpeg_with_everything(), name="IMG_0001.jpg")

    assert (result.width, result.height) == (200, 300)
    out = Image.open(io.BytesIO(result.data)).convert("RGB")
    assert out.size == (200, 300)
    # Orientation 6 turns the stored top-left corner into the displayed top-right corner.
    red, _, blue = _pixel(out, (195, 5))
    assert red > 200 and blue < 60
    red, _, blue = _pixel(out, (5, 5))
    assert red < 60 and blue > 200


def test_icc_profile_is_the_one_thing_kept() -> None:
    result = sanitize_image(_jpeg_with_everything(), name="IMG_0001.jpg")

    assert Image.open(io.BytesIO(result.data)).info.get("icc_profile") == SRGB
    png = sanitize_image(_encode(_marked_photo(), "PNG", icc_profile=SRGB), name="p.png")
    assert Image.open(io.BytesIO(png.data)).info.get("icc_profile") == SRGB


def test_jpeg_thumbnail_is_small_clean_jpeg() -> None:
    big = _marked_photo(1200, 900)
    raw = _encode(big, "JPEG", exif=_exif_with_markers())

    result = sanitize_image(raw, name="big.jpg")

    _assert_no_markers(result)
    assert result.thumb_mime == "image/jpeg"
    thumb = Image.open(io.BytesIO(result.thumbnail))
    assert thumb.format == "JPEG"
    assert max(thumb.size) == THUMB_MAX
    assert thumb.size == (192, 256)  # rotated like the image itself
    assert len(thumb.getexif()) == 0


def test_png_text_chunks_are_removed_and_alpha_kept() -> None:
    im = Image.new("RGBA", (400, 100), (10, 200, 30, 255))
    im.putpixel((0, 0), (0, 0, 0, 0))
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", MARKERS[0].decode())
    info.add_itxt("Description", MARKERS[1].decode())
    info.add_text("Author", MARKERS[2].decode(), zip=True)
    exif = Image.Exif()
    exif[0x010E] = MARKERS[3].decode()
    raw = _encode(im, "PNG", pnginfo=info, exif=exif.tobytes())
    assert MARKERS[0] in raw and b"eXIf" in raw
    assert "Author" in Image.open(io.BytesIO(raw)).info

    result = sanitize_image(raw, name="chart.png")

    _assert_no_markers(result)
    out = Image.open(io.BytesIO(result.data))
    assert result.mime == "image/png" and out.format == "PNG"
    assert not {"Comment", "Description", "Author", "exif"} & set(out.info)
    assert b"tEXt" not in result.data and b"iTXt" not in result.data
    assert b"zTXt" not in result.data and b"eXIf" not in result.data
    assert out.mode == "RGBA" and _pixel(out, (0, 0))[3] == 0
    assert out.getpixel((5, 5)) == (10, 200, 30, 255)
    assert result.thumb_mime == "image/png"
    thumb = Image.open(io.BytesIO(result.thumbnail))
    assert thumb.format == "PNG" and thumb.mode == "RGBA" and thumb.size == (256, 64)


def test_webp_exif_and_xmp_are_removed_and_lossless_stays_lossless() -> None:
    exif = Image.Exif()
    exif[0x010E] = MARKERS[0].decode()
    xmp = b"<x:xmpmeta>" + MARKERS[3] + b"</x:xmpmeta>"
    lossy = _encode(_marked_photo(), "WEBP", quality=80, exif=exif.tobytes(), xmp=xmp)
    lossless = _encode(_marked_photo(), "WEBP", lossless=True, exif=exif.tobytes(), xmp=xmp)
    assert MARKERS[0] in lossy and MARKERS[3] in lossless

    for raw, bitstream in ((lossy, b"VP8 "), (lossless, b"VP8L")):
        result = sanitize_image(raw, name="photo.webp")
        _assert_no_markers(result)
        assert result.mime == "image/webp"
        assert result.data[12:16] == bitstream  # plain RIFF: no VP8X, so no EXIF/XMP chunks
        assert b"EXIF" not in result.data and b"XMP " not in result.data
    exact = Image.open(io.BytesIO(sanitize_image(lossless, name="l.webp").data)).convert("RGB")
    assert exact.tobytes() == _marked_photo().tobytes()


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_other_formats_become_png(fmt: str) -> None:
    im = _marked_photo(60, 30)
    raw = _encode(im, fmt, **({"description": MARKERS[0].decode()} if fmt == "TIFF" else {}))
    assert (MARKERS[0] in raw) == (fmt == "TIFF")  # the TIFF carries an ImageDescription

    result = sanitize_image(raw, name=f"scan.{fmt.lower()}")

    _assert_no_markers(result)
    assert result.mime == "image/png"
    out = Image.open(io.BytesIO(result.data))
    assert out.format == "PNG" and out.size == (60, 30)
    assert out.convert("RGB").getpixel((1, 1)) == (255, 0, 0)


def test_gif_keeps_only_the_first_frame() -> None:
    frames = [Image.new("RGB", (20, 20), colour) for colour in ((255, 0, 0), (0, 255, 0))]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], comment=MARKERS[4])
    assert MARKERS[4] in out.getvalue()

    result = sanitize_image(out.getvalue(), name="anim.gif")

    _assert_no_markers(result)
    decoded = Image.open(io.BytesIO(result.data))
    assert getattr(decoded, "n_frames", 1) == 1
    assert decoded.convert("RGB").getpixel((10, 10)) == (255, 0, 0)


def test_cmyk_jpeg_becomes_rgb() -> None:
    raw = _encode(Image.new("CMYK", (40, 40), (0, 255, 255, 0)), "JPEG")

    result = sanitize_image(raw, name="print.jpg")

    out = Image.open(io.BytesIO(result.data))
    assert out.mode == "RGB" and result.mime == "image/jpeg"
    red, green, blue = _pixel(out, (20, 20))
    assert red > 200 and green < 60 and blue < 60


def test_sixteen_bit_grey_is_scaled_not_clipped() -> None:
    raw = _encode(Image.new("I;16", (8, 8), 32896), "PNG")  # mid-grey at 16 bits

    out = Image.open(io.BytesIO(sanitize_image(raw, name="xray.png").data))

    assert out.mode == "L" and out.getpixel((4, 4)) == 128


# ---------------------------------------------------------------- refusals


def test_empty_file() -> None:
    assert "the file is empty" in _refusal(b"", "x.jpg")


def test_file_over_the_byte_limit() -> None:
    raw = b"\xff\xd8\xff" + bytes(MAX_BYTES)
    assert "larger than 50 MB" in _refusal(raw, "x.jpg")


def test_html_page() -> None:
    raw = b"\n<!DOCTYPE html>\n<html><body>Login</body></html>"
    message = _refusal(raw, "x.jpg")
    assert "not an image" in message and "HTML page" in message


def test_zip_archive() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff")
    message = _refusal(out.getvalue(), "photos.jpg")
    assert "not an image" in message and "ZIP archive" in message


def test_svg_says_why_and_what_to_do() -> None:
    raw = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
           b"<script>alert(1)</script></svg>")
    assert _refusal(raw, "scan.svg") == (
        "scan.svg: SVG images are not accepted (they can carry scripts); export it as PNG or JPEG"
    )


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_truncated_image(fmt: str) -> None:
    raw = _encode(Image.effect_noise((300, 300), 60).convert("RGB"), fmt)
    message = _refusal(raw[: len(raw) // 2], f"x.{fmt.lower()}")
    assert "truncated or damaged" in message


@pytest.mark.filterwarnings("error")
def test_truncated_image_with_warnings_as_errors() -> None:
    raw = _encode(_marked_photo(), "JPEG", exif=_exif_with_markers())
    assert "truncated or damaged" in _refusal(raw[:400], "x.jpg")


def test_header_only_damage() -> None:
    assert "truncated or damaged" in _refusal(b"\x89PNG\r\n\x1a\n\x00\x00", "x.png")


def test_decompression_bomb_is_refused_from_the_header() -> None:
    raw = _png_header_only(40000, 40000)
    assert len(raw) < 200
    limit_before = Image.MAX_IMAGE_PIXELS
    message = _refusal(raw, "big.png")
    assert message == ("big.png: the image is too large (40000 x 40000 pixels; "
                       "the limit is 50 megapixels)")
    assert limit_before == Image.MAX_IMAGE_PIXELS


def test_own_pixel_limit_is_below_pillows() -> None:
    # 60 MP passes Pillow's default bomb check (89 MP) but not ours.
    assert Image.MAX_IMAGE_PIXELS is None or Image.MAX_IMAGE_PIXELS > 60_000_000
    assert "10000 x 6000 pixels" in _refusal(_png_header_only(10000, 6000), "wide.png")


def test_absurd_side() -> None:
    message = _refusal(_png_header_only(1, 30000), "strip.png")
    assert "1 x 30000 pixels" in message and "20000" in message


def test_random_bytes() -> None:
    raw = b"\x13" + random.Random(1234).randbytes(4095)
    message = _refusal(raw, "x.jpg")
    assert "not an image in a format this app accepts" in message and "JPEG, PNG" in message


def test_nul_bytes() -> None:
    assert "only zero bytes" in _refusal(bytes(4096), "x.jpg")


def test_pdf_is_not_an_image() -> None:
    assert "it looks like a PDF document" in _refusal(b"%PDF-1.4\n%%EOF\n", "x.jpg")


def test_heic_gets_advice() -> None:
    raw = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64)
    assert "HEIC photos are not accepted" in _refusal(raw, "IMG_1234.HEIC")


def test_extension_does_not_help() -> None:
    """A JPEG-looking name on a text file is still refused, and on a PNG is still a PNG."""
    assert "text file" in _refusal(b"hello, these are my notes", "notes.jpg")
    png = _encode(_marked_photo(10, 10), "PNG")
    assert sanitize_image(png, name="photo.jpg").mime == "image/png"


# ---------------------------------------------------------------- PDF and dispatch

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def test_pdf_accepted_unchanged() -> None:
    doc = check_pdf(PDF, name="consent.pdf")
    assert doc == SanitizedDocument(PDF, "application/pdf", hashlib.sha256(PDF).hexdigest())


def test_pdf_without_eof_marker() -> None:
    message = _refusal(PDF[: -len(b"%%EOF\n")], "consent.pdf", via=check_pdf)
    assert "truncated or damaged" in message and "end-of-file" in message


def test_html_renamed_pdf() -> None:
    message = _refusal(b"<html><body>404</body></html>", "consent.pdf", via=check_pdf)
    assert "this is not a PDF (it looks like an HTML page)" in message


def test_image_given_as_pdf() -> None:
    message = _refusal(_encode(_marked_photo(), "PNG"), "consent.pdf", via=check_pdf)
    assert "it looks like a PNG image" in message


def test_pdf_with_bad_version() -> None:
    assert "header" in _refusal(b"%PDF-x\n%%EOF", "consent.pdf", via=check_pdf)


def test_media_dispatches_on_content_not_name() -> None:
    png = _encode(_marked_photo(), "PNG")
    as_image = sanitize_media(png, name="x.pdf")
    assert isinstance(as_image, SanitizedImage) and as_image.mime == "image/png"
    as_doc = sanitize_media(PDF, name="photo.jpg")
    assert isinstance(as_doc, SanitizedDocument) and as_doc.data == PDF
    message = _refusal(b"PK\x05\x06" + bytes(18), "x.pdf", via=sanitize_media)
    assert "not an image or PDF (it looks like a ZIP archive)" in message
    assert "export it as PNG" in _refusal(b"<svg/>", "a.png", via=sanitize_media)


def test_module_does_not_touch_pillow_globals() -> None:
    before = (Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES)
    sanitize_media(_jpeg_with_everything(), name="a.jpg")
    with pytest.raises(BadInput):
        sanitize_media(_png_header_only(40000, 40000), name="b.png")
    assert before == (Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES)
