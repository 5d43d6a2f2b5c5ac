"""Channel-sized pictures: crop, resize and re-encode in a process pool, in memory only.

Each output has exactly the size the job asks for. The workflow chooses it
(studio.workflow.crops.export_plan): for a crop, the export size of the crop's own shape, and
the crop is sent exactly as saved (``exact``); for a picture with no crop, the channel's
recommended size, the whole picture centre-trimmed to that shape. The region is resized and
encoded in the channel's first accepted format with nothing but pixels (no EXIF, XMP or
comments; colours converted to sRGB and no profile kept, as Instagram asks for sRGB).

The work runs in worker processes over every usable core. They are started with "spawn", so a
worker never inherits the library key or database handles; decrypted image bytes reach it
pickled through a pipe and its output comes back the same way: no plaintext temp files.
JPEG sources are decoded at a reduced scale (libjpeg's DCT scaling) when the output is smaller,
which is most of the speed.
"""

from __future__ import annotations

import io
import math
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass

from PIL import Image, ImageCms

from studio.exporters.model import CancelFlag, Crop, Progress

FORMATS = {"image/jpeg": ("JPEG", "jpg"), "image/png": ("PNG", "png"),
           "image/webp": ("WEBP", "webp")}
QUALITIES = (88, 80, 70, 60, 50)
_OPEN_FORMATS = ["JPEG", "PNG", "WEBP"]   # what the library stores after sanitising


class ExportCancelledError(Exception):
    """The cancel flag was set; the caller throws away everything written so far."""


@dataclass(frozen=True)
class ImageJob:
    key: str                      # the caller's name for the output
    data: bytes                   # the decrypted, sanitised source image
    size: tuple[int, int]         # exact output size
    mime: str                     # output format
    crop: Crop | None
    max_bytes: int
    exact: bool = False           # send the crop as it is (its shape is ``size``'s), not trimmed


@dataclass(frozen=True)
class ImageOutput:
    key: str
    data: bytes
    mime: str
    extension: str
    width: int
    height: int
    upscaled: bool                # the source region was smaller than the output


def source_box(width: int, height: int, crop: Crop | None, aspect: float, *,
               exact: bool = False) -> tuple[float, float, float, float]:
    """The source region in pixels: the crop (or the whole image), centre-trimmed to
    ``aspect`` unless ``exact`` (the crop as it is)."""
    x, y, w, h = crop if crop else (0.0, 0.0, 1.0, 1.0)
    left, top, bw, bh = x * width, y * height, w * width, h * height
    if exact and crop:
        return left, top, left + bw, top + bh
    if bw / bh > aspect:                      # too wide: trim the sides
        new_w = bh * aspect
        left += (bw - new_w) / 2
        bw = new_w
    else:                                     # too tall: trim top and bottom
        new_h = bw / aspect
        top += (bh - new_h) / 2
        bh = new_h
    return left, top, left + bw, top + bh


def _to_srgb(im: Image.Image) -> Image.Image:
    icc = im.info.get("icc_profile")
    if not icc:
        return im
    mode = "RGBA" if im.mode in ("RGBA", "LA") else "RGB"
    try:
        src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        out = ImageCms.profileToProfile(im.convert(mode), src, ImageCms.createProfile("sRGB"),
                                        outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        out = im.convert(mode)                # unreadable profile: keep the numbers as they are
    assert out is not None
    return out


def render(job: ImageJob) -> ImageOutput:
    """Runs in a worker: decode, crop, resize, encode one picture for one channel."""
    out_w, out_h = job.size
    fmt, ext = FORMATS[job.mime]
    with Image.open(io.BytesIO(job.data), formats=_OPEN_FORMATS) as im:
        full_w, full_h = im.size
        box = source_box(full_w, full_h, job.crop, out_w / out_h, exact=job.exact)
        upscaled = (box[2] - box[0]) < out_w - 0.5
        if im.format == "JPEG" and not upscaled:
            scale = out_w / (box[2] - box[0])
            im.draft("RGB", (math.ceil(full_w * scale), math.ceil(full_h * scale)))
            fx, fy = im.size[0] / full_w, im.size[1] / full_h
            box = (box[0] * fx, box[1] * fy, box[2] * fx, box[3] * fy)
        pixels = _to_srgb(im)
        if pixels.mode not in ("RGB", "RGBA"):
            pixels = pixels.convert("RGBA" if "A" in pixels.mode or "transparency" in
                                    pixels.info else "RGB")
        resized = pixels.resize((out_w, out_h), Image.Resampling.LANCZOS, box=box)
    if fmt == "JPEG" and resized.mode == "RGBA":
        flat = Image.new("RGB", resized.size, "white")
        flat.paste(resized, mask=resized.getchannel("A"))
        resized = flat
    resized.info = {}
    data = b""
    for quality in QUALITIES if fmt != "PNG" else (0,):
        buf = io.BytesIO()
        options = {"optimize": True} if fmt == "PNG" else {"quality": quality}
        resized.save(buf, format=fmt, **options)
        data = buf.getvalue()
        if len(data) <= job.max_bytes:
            break
    else:
        raise ValueError(f"{job.key}: cannot encode under {job.max_bytes} bytes")
    return ImageOutput(job.key, data, job.mime, ext, out_w, out_h, upscaled)


def _worker_setup() -> None:
    """Ctrl-C goes to the exporting process alone, which cancels and cleans up; and a worker
    whose exporting process died (killed, crashed) exits at once instead of idling forever
    with patient pictures in its memory (its task pipe never reports end-of-file, because
    every worker holds a copy of the writing end).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True).start()


def _exit_with(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:                    # macOS, Windows
        return os.cpu_count() or 1


def run_jobs(jobs: Iterable[Callable[[], ImageJob]], total: int, *,
             progress: Progress | None = None, cancel: CancelFlag | None = None,
             workers: int | None = None) -> Iterator[ImageOutput]:
    """Render every job in a process pool, yielding outputs as they finish.

    ``jobs`` yields thunks that load (decrypt) one job's bytes when called, so only a few
    decrypted pictures are in memory at a time: at most two per worker are in flight.
    """
    workers = max(1, min(workers or usable_cores(), 8))
    if progress:
        progress(0, total)
    if total == 0:
        return
    context = multiprocessing.get_context("spawn")
    pending: set[Future[ImageOutput]] = set()
    done_count = 0
    source = iter(jobs)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_setup) as pool:
        try:
            exhausted = False
            while pending or not exhausted:
                while not exhausted and len(pending) < 2 * workers:
                    if cancel is not None and cancel.is_set():
                        raise ExportCancelledError
                    thunk = next(source, None)
                    if thunk is None:
                        exhausted = True
                    else:
                        pending.add(pool.submit(render, thunk()))
                finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                for future in finished:
                    done_count += 1
                    yield future.result()
                    if progress:
                        progress(done_count, total)
                if cancel is not None and cancel.is_set():
                    raise ExportCancelledError
        except BaseException:
            for future in pending:
                future.cancel()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
