"""`studio demo`: a library of fictional people, stories and generated images.

Names are invented, emails use example.org and phone numbers the 555-01xx range reserved for
fiction, so nothing here can be mistaken for patient data.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from studio.library.keyslots import KdfParams
from studio.library.library import create_library, open_library
from studio.workflow import (
    consents,
    exports,
    media,
    posts,
    review,
    settings,
    stories,
    subjects,
    users,
)


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


def demo_image(seed: int, size: tuple[int, int] = (2000, 1500)) -> bytes:
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


def demo_signature(seed: int) -> bytes:
    """A scribble that looks like a hand-drawn signature."""
    rng = random.Random(seed)  # noqa: S311 - pictures, not secrets
    img = Image.new("RGB", (420, 120), "white")
    points = [(20 + k * 30, 60 + rng.randrange(-35, 35)) for k in range(13)]
    ImageDraw.Draw(img).line(points, fill=(20, 20, 90), width=4, joint="curve")
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


# (person index, channel, text, hashtags, days ahead, final state)
_POSTS = [
    (0, "instagram", "Marisol is back on the river trail, six months after heart surgery. "
     "Our cardiac rehab team walked with her every step.", ["HeartHealth"], 3, "approved"),
    (0, "facebook", "Marisol walks the river trail with her grandchildren again. "
     "Cardiac rehab meets three times a week. Ask us how to join.", [], 5, "in_review"),
    (1, "facebook", "Teodoro danced at a family wedding after his knee surgery. "
     "He says the nurses made him feel at home.", [], 8, "draft"),
    (1, "linkedin", "Teodoro Brightwell is dancing again. Our orthopedic team is proud of "
     "him.", [], 10, "changes_requested"),
    (2, "instagram", "Anouk received a $50 gift card for sharing her story. The night team "
     "kept her family calm when her twins came early.", ["Maternity"], 4, "approved"),
    (3, "facebook", "Kwame finished treatment with music from our infusion team.", [], 6,
     "revoked"),
    (4, "instagram", "Lior is back in goal this season. Our hand therapists planned around "
     "his practice days.", [], 12, "rejected"),
    (5, "threads", "Yusra walks to the market again after eight weeks of therapy.", [], 9,
     "draft"),
]
# (person index, channels, uses, remuneration, days until expiry)
_CONSENTS = [
    (0, "instagram,facebook,x", "first-name,photo,condition", None, 365),
    (1, "facebook,linkedin", "name,photo", None, 365),
    (2, "instagram,facebook", "first-name,photo,condition", "a $50 gift card", 365),
    (3, "facebook", "first-name,photo", None, 365),
    (4, "instagram", "first-name,photo", None, 365),
    (5, "threads,facebook", "first-name,photo", None, 20),
]


def build_demo(path: Path, *, kdf: KdfParams | None = None) -> DemoResult:
    """Create the demo library at ``path``; ``kdf`` lets tests use the cheapest cost.

    It holds consents (one signed by a parent, one paid, one expiring, one revoked) and posts
    in every state: one calendar export (E-1) carried P-5 and P-6 before P-6's consent was
    revoked, so P-6's take-down list names E-1; P-1 is approved and not yet exported.
    """
    admin = DEMO_USERS[2]
    with create_library(path, admin=admin.username, password=admin.password,
                        display_name="Dana Admin (demo)", kdf=kdf) as lib:
        for u in DEMO_USERS[:2]:
            users.add_user(lib, u.username, u.password, list(u.roles),
                           display_name=f"{u.username.title()} (demo)")
        settings.set_setting(lib, "organization", "Lakeside Community Hospital (demo)")
        settings.set_setting(lib, "privacy_contact", "the Privacy Office, 100 Lake Street")
    author, officer = DEMO_USERS[0], DEMO_USERS[1]
    today = dt.date.today()
    media_count = 0
    people: list[str] = []
    story_ids: list[str] = []
    photos: list[str] = []
    consent_ids: list[str] = []
    with open_library(path, author.username, password=author.password) as lib:
        for i, ((name, dob, line), (title, text)) in enumerate(zip(_PEOPLE, _STORIES,
                                                                  strict=True)):
            person = subjects.add_subject(lib, name, dob=dob,
                                          email=f"{name.split()[0].lower()}@example.org",
                                          phone=f"312-555-01{i:02d}")
            story = stories.add_story(lib, person.display_id, title, text, service_line=line,
                                      tags=["demo", line.lower().replace(" ", "-")])
            people.append(person.display_id)
            story_ids.append(story.display_id)
            for j in range(2):
                item = media.import_media(lib, story.display_id, demo_image(i * 10 + j),
                                          name=f"demo-{i}-{j}.jpg",
                                          alt_text=f"Abstract colourful shapes, demo image "
                                                   f"{j + 1}", depicts=[person.display_id])
                media_count += 1
                if j == 0:
                    photos.append(item.display_id)
        for who, chans, uses, paid, days in _CONSENTS:
            minor = who == 4
            row = consents.add_consent(
                lib, people[who], signed_on=today - dt.timedelta(days=20),
                expires_on=today + dt.timedelta(days=days), channels=chans, uses=uses,
                signature=consents.Signature(demo_signature(who), "signature.png"),
                remuneration=paid, signer_type="parent" if minor else "self",
                signer_name="Ada Ben-Halvorsen" if minor else None,
                signer_authority="mother and legal guardian" if minor else "")
            consent_ids.append(row.display_id)
        drafted = []
        for who, chan, text, tags, days, state in _POSTS:
            at = dt.datetime.combine(today + dt.timedelta(days=days), dt.time(9, 0),
                                     lib.timezone)
            post = posts.draft_post(lib, story_ids[who], chan, text, hashtags=tags,
                                    media=[posts.MediaChoice(photos[who])], scheduled_at=at)
            drafted.append((post.display_id, state))
            if state != "draft":
                review.submit_post(lib, post.display_id)
    with open_library(path, officer.username, password=officer.password) as lib:
        for post_id, state in drafted:
            if state in ("approved", "revoked"):
                review.approve_post(lib, post_id, officer.password, "Consent checked.")
            elif state == "changes_requested":
                review.request_changes(lib, post_id, "Use his first name only: the consent "
                                                     "covers it, but keep it friendly.")
            elif state == "rejected":
                review.reject_post(lib, post_id, "Not for this campaign.")
        # The officer sends the next days' approved posts to the calendar before Kwame's
        # revocation arrives, so the revocation has an export (E-1) to name for take-down.
        with tempfile.TemporaryDirectory() as scratch:
            exports.export_calendar(lib, "ics", Path(scratch) / "calendar.ics",
                                    date_from=today + dt.timedelta(days=4),
                                    date_to=today + dt.timedelta(days=6))
        consents.revoke_consent(lib, consent_ids[3], reason="Patient asked by phone, then "
                                "in writing, to stop using his story.")
    return DemoResult(DEMO_USERS, len(_STORIES), media_count)
