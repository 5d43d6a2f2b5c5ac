"""Import many small generated JPEGs into a library, reporting each one as it commits.

Run by tests/test_crash_import.py in a subprocess that it SIGKILLs part-way through:

    python tests/helpers/import_many.py LIBRARY USER COUNT SEED

The password comes from $STUDIO_PASSWORD (not argv, where any process listing shows it). The
script adds a subject and a story, prints ``story S-n``, then imports COUNT images one by one
with the studio's own import_media and prints ``M-n <sha256>`` after each call has returned,
flushing stdout so the parent knows exactly which imports had committed when it killed us.
"""

from __future__ import annotations

import io
import os
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw

from studio.library.library import open_library
from studio.workflow.media import import_media
from studio.workflow.stories import add_story
from studio.workflow.subjects import add_subject


def make_jpeg(seed: int, index: int) -> bytes:
    """A 64x48 JPEG that differs from every other (seed, index): colours, a box and a line."""
    rng = random.Random(seed * 1_000_003 + index)
    im = Image.new("RGB", (64, 48), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(im)
    x, y = rng.randrange(48), rng.randrange(32)
    draw.rectangle((x, y, x + rng.randrange(4, 16), y + rng.randrange(4, 16)),
                   fill=tuple(rng.randrange(256) for _ in range(3)))
    draw.line((0, rng.randrange(48), 63, rng.randrange(48)), fill=(index % 256, 0, 255), width=2)
    out = io.BytesIO()
    im.save(out, format="JPEG", quality=85)
    return out.getvalue()


def main(argv: list[str]) -> int:
    library, user, count, seed = Path(argv[0]), argv[1], int(argv[2]), int(argv[3])
    with open_library(library, user, password=os.environ["STUDIO_PASSWORD"]) as lib:
        subject = add_subject(lib, f"Crash Test {seed}")
        story = add_story(lib, subject.display_id, f"Kill round {seed}",
                          "Images imported while the test kills this process.")
        print(f"story {story.display_id}", flush=True)
        for i in range(count):
            row = import_media(lib, story.display_id, make_jpeg(seed, i), name=f"img{i:03}.jpg",
                               alt_text=f"generated image {i}")
            print(f"{row.display_id} {row.sha256}", flush=True)
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
