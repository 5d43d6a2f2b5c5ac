"""Channel pictures: exact size, crop honoured, no metadata, sRGB, in a spawned pool."""

from __future__ import annotations

import io
import threading

import pytest
from PIL import Image, ImageCms

from studio.channels import all_channels
from studio.exporters.channel_images import ExportCancelledError, ImageJob, render, run_jobs


def _jpeg_with_metadata(size: tuple[int, int] = (3000, 2000)) -> bytes:
    img = Image.new("RGB", size, "blue")
    img.paste((220, 0, 0), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"                     # Make
    exif[0x8825] = {1: "N", 2: (41.0, 52.0, 0.0)}    # GPS
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes(), comment=b"Rosa, room 12",
             icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    return buf.getvalue()


@pytest.mark.parametrize("name", sorted(all_channels()))
def test_exact_size_and_no_metadata(name: str) -> None:
    spec = all_channels()[name]
    out = render(ImageJob("k", _jpeg_with_metadata(), spec.recommended_size,
                          spec.image_formats[0], None, spec.image_max_bytes))
    assert (out.width, out.height) == spec.recommended_size and not out.upscaled
    with Image.open(io.BytesIO(out.data)) as im:
        assert im.size == spec.recommended_size
        assert not im.getexif()
        assert not {"exif", "icc_profile", "comment", "xmp"} & set(im.info)
    assert b"PhoneMaker" not in out.data and b"Rosa" not in out.data
    assert len(out.data) <= spec.image_max_bytes


def test_crop_then_centre_crop_to_aspect() -> None:
    data = _jpeg_with_metadata()
    right = render(ImageJob("k", data, (1080, 1350), "image/jpeg", (0.5, 0.0, 0.5, 1.0),
                            8_000_000))
    with Image.open(io.BytesIO(right.data)) as im:
        r, _, b = im.convert("RGB").resize((1, 1)).getpixel((0, 0))  # type: ignore[misc]
    assert b > 200 and r < 30
    whole = render(ImageJob("k", data, (1000, 1000), "image/jpeg", None, 8_000_000))
    with Image.open(io.BytesIO(whole.data)) as im:
        left = im.getpixel((100, 500))
        right_px = im.getpixel((900, 500))
    assert left[0] > 200 and right_px[2] > 200        # centre crop keeps both halves


def test_small_source_is_enlarged_and_flagged() -> None:
    out = render(ImageJob("k", _jpeg_with_metadata((400, 300)), (1600, 900), "image/jpeg",
                          None, 5_000_000))
    assert out.upscaled and (out.width, out.height) == (1600, 900)


def test_png_with_alpha_to_jpeg_is_flattened() -> None:
    img = Image.new("RGBA", (800, 800), (0, 0, 0, 0))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    out = render(ImageJob("k", buf.getvalue(), (500, 500), "image/jpeg", None, 5_000_000))
    with Image.open(io.BytesIO(out.data)) as im:
        assert im.mode == "RGB" and im.getpixel((10, 10)) == (255, 255, 255)


def test_pool_yields_every_job_and_reports_progress() -> None:
    data = _jpeg_with_metadata((1200, 900))
    seen: list[tuple[int, int]] = []
    jobs = [lambda i=i: ImageJob(str(i), data, (300, 300), "image/png", None, 10**7)
            for i in range(7)]
    outs = list(run_jobs(jobs, 7, progress=lambda d, t: seen.append((d, t)), workers=2))
    assert sorted(o.key for o in outs) == [str(i) for i in range(7)]
    assert seen[0] == (0, 7) and seen[-1] == (7, 7)
    assert all(o.mime == "image/png" and o.data.startswith(b"\x89PNG") for o in outs)


def test_pool_stops_on_cancel() -> None:
    data = _jpeg_with_metadata((1200, 900))
    flag = threading.Event()
    flag.set()
    jobs = [lambda: ImageJob("x", data, (300, 300), "image/jpeg", None, 10**7)] * 5
    with pytest.raises(ExportCancelledError):
        list(run_jobs(jobs, 5, cancel=flag, workers=2))
