"""`studio demo`: a library of fictional people, stories and generated images.

Names are invented, emails use example.org and phone numbers the 555-01xx range reserved for
fiction, so nothing here can be mistaken for patient data.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from studio.library.keyslots import KdfParams
from studio.library.library import create_library, open_library
from studio.workflow import media, stories, subjects, users


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class DemoResult:
    users: tuple[DemoUser, ...]
    stories: int
    media: int


DEMO_USERS = (
    DemoUser("alex", "alex-demo-password", ("author",)),
    DemoUser("casey", "casey-demo-password", ("compliance",)),
    DemoUser("dana", "dana-demo-password", ("admin",)),
)

_PEOPLE = [
    ("Marisol Ventaja", "1961-04-12", "Cardiology"),
    ("Teodoro Brightwell", "1948-09-30", "Orthopedics"),
    ("Anouk Perrault-Diaz", "1990-02-17", "Maternity"),
    ("Kwame Osei-Lindqvist", "1975-11-03", "Oncology"),
    ("Lior Ben-Halvorsen", "2012-06-21", "Pediatrics"),
    ("Yusra Calloway", "1983-08-08", "Physical therapy"),
]

_STORIES = [
    ("Back on the trail after bypass surgery",
     "Six months after her bypass, she walked the river trail with her grandchildren. "
     "The cardiac rehab team met her three times a week and taught her to read her body."),
    ("A new knee and a first dance",
     "He had put off the operation for years. After rehab he danced at his grand-daughter's "
     "wedding, and the nurses came by his room to hear about it."),
    ("Twins, a long night and a calm team",
     "The labour was long and the twins were early. The night team kept the family informed "
     "every hour; both babies went home in two weeks."),
    ("Finishing treatment with a bell and a band",
     "On the last day of treatment the infusion centre staff formed a band with pots and "
     "spoons. He says the music is what he will remember."),
    ("Back to the soccer field",
     "After a broken wrist the young goalkeeper worried about the season. The hand "
     "therapists built a plan around practice days."),
    ("Walking without the cane",
     "Eight weeks of physical therapy after a fall: she now walks to the market again and "
     "teaches the exercises to her neighbours."),
]


def demo_image(seed: int, size: tuple[int, int] = (1200, 900)) -> bytes:
    """A colourful abstract 'photo' (no people, no text) made with Pillow."""
    rng = random.Random(seed)  # noqa: S311 - pictures, not secrets
    img = Image.new("RGB", size, tuple(rng.randrange(60, 200) for _ in range(3)))
    draw = ImageDraw.Draw(img)
    for _ in range(12):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        r = rng.randrange(40, 260)
        draw.ellipse((x - r, y - r, x + r, y + r),
                     fill=tuple(rng.randrange(256) for _ in range(3)))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=88)
    return out.getvalue()


def build_demo(path: Path, *, kdf: KdfParams | None = None) -> DemoResult:
    """Create the demo library at ``path``; ``kdf`` lets tests use the cheapest cost."""
    admin = DEMO_USERS[2]
    with create_library(path, admin=admin.username, password=admin.password,
                        display_name="Dana Admin (demo)", kdf=kdf) as lib:
        for u in DEMO_USERS[:2]:
            users.add_user(lib, u.username, u.password, list(u.roles),
                           display_name=f"{u.username.title()} (demo)")
    author = DEMO_USERS[0]
    media_count = 0
    with open_library(path, author.username, password=author.password) as lib:
        for i, ((name, dob, line), (title, text)) in enumerate(zip(_PEOPLE, _STORIES,
                                                                  strict=True)):
            person = subjects.add_subject(lib, name, dob=dob,
                                          email=f"{name.split()[0].lower()}@example.org",
                                          phone=f"312-555-01{i:02d}")
            story = stories.add_story(lib, person.display_id, title, text, service_line=line,
                                      tags=["demo", line.lower().replace(" ", "-")])
            for j in range(2):
                media.import_media(lib, story.display_id, demo_image(i * 10 + j),
                                   name=f"demo-{i}-{j}.jpg",
                                   alt_text=f"Abstract colourful shapes, demo image {j + 1}",
                                   depicts=[person.display_id])
                media_count += 1
    return DemoResult(DEMO_USERS, len(_STORIES), media_count)
