"""Export benchmark: `export posts` of 1,000 posts with 12 MP pictures for 4 channels, against
raw Pillow doing the same decode + resize + encode on the same pictures with both cores.

The library is built through the workflow (import, consent, draft, submit, signed approval) at
MINIMUM_KDF; that part is not timed. Then, in the same run:
  raw     the decrypted pictures already in memory, a spawn ProcessPoolExecutor over every
          core, each job Image.open -> draft (DCT scaling) -> centre-crop resize -> JPEG q88,
          output discarded: the floor for this work on this machine;
  export  studio.workflow.exports.export_posts into a fresh folder: selection and gate, vault
          decryption, the same pool, file writes with fsync, manifests, the recorded export.
Prints posts/s, the ratio raw time / export time (target >= 0.8) and each core's utilisation
during the export (from /proc/stat). See bench/README.md.
"""

# ruff: noqa: E402  (the studio imports follow the sys.path line that makes them importable)
from __future__ import annotations

import argparse
import io
import math
import multiprocessing
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from PIL import Image, ImageDraw, ImageFilter

CHANNELS = ("instagram", "facebook", "x", "linkedin")
TARGET_RATIO = 0.8
ADMIN, AUTHOR, OFFICER = "bench-admin", "bench-author", "bench-officer"
PASSWORD = "bench-password-123"


def make_photo(seed: int, size: tuple[int, int] = (4000, 3000)) -> bytes:
    """A 12 MP JPEG with shapes and grain, so it compresses and decodes like a photo."""
    rng = random.Random(seed)
    small = Image.new("RGB", (400, 300), tuple(rng.randrange(40, 200) for _ in range(3)))
    draw = ImageDraw.Draw(small)
    for _ in range(40):
        x, y, r = rng.randrange(400), rng.randrange(300), rng.randrange(10, 90)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256)
                                                              for _ in range(3)))
    img = small.resize(size, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(3))
    grain = Image.effect_noise(size, 24).convert("RGB")
    img = Image.blend(img, grain, 0.12)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=90)
    return out.getvalue()


def raw_job(job: tuple[bytes, tuple[int, int]]) -> int:
    """Plain Pillow: decode (DCT-scaled), centre-crop resize, encode; returns the size."""
    data, (w, h) = job
    with Image.open(io.BytesIO(data)) as im:
        fw, fh = im.size
        aspect = w / h
        bw, bh = (fh * aspect, fh) if fw / fh > aspect else (fw, fw / aspect)
        box = ((fw - bw) / 2, (fh - bh) / 2, (fw + bw) / 2, (fh + bh) / 2)
        im.draft("RGB", (math.ceil(fw * w / bw), math.ceil(fh * w / bw)))
        sx, sy = im.size[0] / fw, im.size[1] / fh
        out = im.convert("RGB").resize((w, h), Image.Resampling.LANCZOS,
                                       box=(box[0] * sx, box[1] * sy, box[2] * sx, box[3] * sy))
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=88)
    return len(buf.getvalue())


def cpu_times() -> dict[str, tuple[int, int]]:
    """(busy, total) jiffies per core from /proc/stat."""
    out = {}
    with open("/proc/stat") as fh:
        for line in fh:
            name, *vals = line.split()
            if name.startswith("cpu") and name != "cpu":
                nums = [int(v) for v in vals[:8]]
                idle = nums[3] + nums[4]
                out[name] = (sum(nums) - idle, sum(nums))
    return out


def utilisation(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]
                ) -> dict[str, float]:
    return {k: (after[k][0] - before[k][0]) / max(1, after[k][1] - before[k][1])
            for k in sorted(after)}


def build_library(path: Path, photos: list[bytes], posts_wanted: int) -> list[bytes]:
    """Returns the stored (sanitised) bytes of each picture, for the raw baseline."""
    from studio.library.keyslots import MINIMUM_KDF
    from studio.library.library import create_library, open_library
    from studio.workflow import (
        consents,
        media,
        posts,
        review,
        settings,
        stories,
        subjects,
        users,
    )

    with create_library(path, admin=ADMIN, password=PASSWORD, kdf=MINIMUM_KDF) as lib:
        users.add_user(lib, AUTHOR, PASSWORD, ["author"])
        users.add_user(lib, OFFICER, PASSWORD, ["compliance"])
        settings.set_setting(lib, "organization", "Bench Community Hospital")
    today = time.strftime("%Y-%m-%d")
    ids: list[str] = []
    stored: list[bytes] = []
    sig = io.BytesIO()
    Image.new("RGB", (300, 100), "white").save(sig, "PNG")
    start = __import__("datetime").datetime.now(__import__("datetime").UTC)
    dt = __import__("datetime")
    with open_library(path, AUTHOR, password=PASSWORD) as lib:
        person = subjects.add_subject(lib, "Rosa Alvarado", dob="1970-05-01")
        consents.add_consent(lib, person.display_id, signed_on=dt.date.fromisoformat(today),
                             expires_on=dt.date.fromisoformat(today) + dt.timedelta(days=365),
                             channels=",".join(CHANNELS), uses="first-name,photo,condition",
                             signature=consents.Signature(sig.getvalue(), "sig.png"))
        story = stories.add_story(lib, person.display_id, "Back on her feet",
                                  "She walked again after knee surgery.")
        for i, photo in enumerate(photos):
            asset = media.import_media(lib, story.display_id, photo, name=f"p{i}.jpg",
                                       alt_text="A patient walking on a trail",
                                       depicts=[person.display_id])
            stored.append(media.media_bytes(lib, asset.display_id)[1])
            for c, channel in enumerate(CHANNELS):
                if len(ids) == posts_wanted:
                    break
                at = start + dt.timedelta(days=1, minutes=10 * (4 * i + c))
                row = posts.draft_post(lib, story.display_id, channel,
                                       "Rosa is walking again. Thank you to our physical "
                                       "therapy team!", scheduled_at=at,
                                       media=[posts.MediaChoice(asset.display_id)])
                _, _, found = review.check_post(lib, row.display_id)
                review.submit_post(lib, row.display_id, {f.rule: "bench" for f in found
                                                         if f.severity == "warning"})
                ids.append(row.display_id)
    with open_library(path, OFFICER, password=PASSWORD) as lib:
        for post in ids:
            review.approve_post(lib, post, PASSWORD)
    return stored


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--out", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    from studio.channels import channel
    from studio.exporters.channel_images import usable_cores
    from studio.library.library import open_library
    from studio.workflow.exports import export_posts

    work = args.out or Path(tempfile.mkdtemp(prefix="bench-export-"))
    work.mkdir(parents=True, exist_ok=True)
    cores = usable_cores()
    n_photos = math.ceil(args.posts / len(CHANNELS))
    print(f"machine: {platform.machine()}, {cores} usable cores, Python "
          f"{platform.python_version()}, Pillow {Image.__version__}")
    print(f"building: {args.posts} posts over {', '.join(CHANNELS)}, {n_photos} pictures of "
          "4000x3000 (12 MP) ...", flush=True)
    t0 = time.perf_counter()
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(cores, mp_context=ctx) as pool:
        photos = list(pool.map(make_photo, range(n_photos)))
    library = work / "Bench.studio"
    stored = build_library(library, photos, args.posts)
    print(f"  built in {time.perf_counter() - t0:.0f} s (not timed below); mean picture "
          f"{sum(map(len, stored)) / len(stored) / 1e6:.1f} MB", flush=True)
    jobs = [(stored[i // len(CHANNELS)], channel(CHANNELS[i % len(CHANNELS)]).recommended_size)
            for i in range(args.posts)]

    t0 = time.perf_counter()
    with ProcessPoolExecutor(cores, mp_context=ctx) as pool:
        sizes = list(pool.map(raw_job, jobs, chunksize=1))
    raw_s = time.perf_counter() - t0
    assert len(sizes) == args.posts

    with open_library(library, AUTHOR, password=PASSWORD) as lib:
        before = cpu_times()
        t0 = time.perf_counter()
        result = export_posts(lib, work / "exports")
        export_s = time.perf_counter() - t0
        busy = utilisation(before, cpu_times())
    assert len(result.posts) == args.posts, (len(result.posts), result.blocked[:3])
    ratio = raw_s / export_s
    print()
    print(f"  raw Pillow ({cores} processes)   {raw_s:7.1f} s   {args.posts / raw_s:6.1f} "
          "outputs/s")
    print(f"  export posts ({result.export_id})       {export_s:7.1f} s   "
          f"{args.posts / export_s:6.1f} posts/s   ({len(result.files)} files)")
    verdict = "PASS" if ratio >= TARGET_RATIO else "MISS"
    print(f"  ratio raw/export            {ratio:7.2f}     target >= {TARGET_RATIO}  {verdict}")
    cores_line = ", ".join(f"{k} {v:.0%}" for k, v in busy.items())
    both = "PASS" if all(v >= 0.8 for v in busy.values()) else "MISS"
    print(f"  CPU during export           {cores_line}   (all >= 80%: {both})")
    print(f"  load average {os.getloadavg()[0]:.2f}")
    if not args.keep and not args.out:
        shutil.rmtree(work, ignore_errors=True)
    elif args.keep:
        print(f"kept {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
