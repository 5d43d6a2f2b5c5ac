"""Builders for the exporter tests: approved posts drafted by alex and approved by casey."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from factories import consent, subject_and_story
from PIL import Image

from conftest import AUTHOR, AUTHOR_PW, COMPLIANCE, COMPLIANCE_PW
from studio.library.library import Library, open_library
from studio.workflow import media, posts, review

ALL_CHANNELS = "facebook,instagram,x,linkedin,threads,google-business,blog,newsletter"
TODAY = dt.date.today()


@dataclass(frozen=True)
class PostSpec:
    channel: str = "instagram"
    text: str = "Rosa is walking again. Thank you to our physical therapy team!"
    title: str = ""
    days: int = 7
    hour: int = 10
    with_photo: bool = True
    hashtags: tuple[str, ...] = ()
    link: str | None = None
    crop: tuple[float, float, float, float] | None = None


def at(days: int, hour: int = 10, tz: dt.tzinfo = dt.UTC) -> dt.datetime:
    return dt.datetime.combine(TODAY + dt.timedelta(days=days), dt.time(hour), tz)


def big_photo(lib: Library, story: str, subject: str, size: tuple[int, int] = (2400, 1800)
              ) -> str:
    """A JPEG bigger than every channel size: red left half, blue right half."""
    img = Image.new("RGB", size, "blue")
    img.paste((220, 0, 0), (0, 0, size[0] // 2, size[1]))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    return media.import_media(lib, story, buf.getvalue(), name="big.jpg",
                              alt_text="A patient on a trail", depicts=[subject]).display_id


def submit(lib: Library, post: str) -> None:
    """Submit, answering every warning with a justification (errors fail the test)."""
    _, _, findings = review.check_post(lib, post)
    errors = [f for f in findings if f.severity == "error"]
    assert not errors, errors
    review.submit_post(lib, post, {f.rule: "Reviewed for the test." for f in findings
                                   if f.severity == "warning"})


def approve_all(path: Path, ids: list[str]) -> None:
    with open_library(path, COMPLIANCE, password=COMPLIANCE_PW) as lib:
        for post in ids:
            review.approve_post(lib, post, COMPLIANCE_PW, "ok")


@dataclass
class Built:
    path: Path
    subject: str
    story: str
    consent: str
    photo: str
    posts: list[str]


def build(path: Path, specs: list[PostSpec], *, consent_days: int = 365) -> Built:
    with open_library(path, AUTHOR, password=AUTHOR_PW) as lib:
        subject, story = subject_and_story(lib)
        cid = consent(lib, subject, channels=ALL_CHANNELS,
                      uses="first-name,photo,condition", days=consent_days)
        pic = big_photo(lib, story, subject)
        ids = []
        for spec in specs:
            choice = [posts.MediaChoice(pic, spec.crop)] if spec.with_photo else []
            row = posts.draft_post(lib, story, spec.channel, spec.text, title=spec.title,
                                   media=choice, scheduled_at=at(spec.days, spec.hour),
                                   hashtags=list(spec.hashtags), link=spec.link)
            submit(lib, row.display_id)
            ids.append(row.display_id)
    approve_all(path, ids)
    return Built(path, subject, story, cid, pic, ids)


def reopen(lib: Library, user: str = AUTHOR, password: str = AUTHOR_PW) -> Library:
    path = lib.layout.root
    lib.close()
    return open_library(path, user, password=password)

