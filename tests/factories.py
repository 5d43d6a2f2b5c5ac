"""Small builders for workflow tests: real images, real consents, real posts."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from PIL import Image, ImageDraw

from studio.library.library import Library
from studio.workflow import consents, media, posts, stories, subjects
from studio.workflow.stories import StoryRow
from studio.workflow.story_listing import StoryListing

TODAY = dt.date.today()


def png(color: str = "white", size: tuple[int, int] = (1080, 1350)) -> bytes:
    img = Image.new("RGB", size, color)
    ImageDraw.Draw(img).ellipse((100, 100, 400, 400), fill="navy")
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def signature() -> consents.Signature:
    img = Image.new("RGB", (400, 120), "white")
    ImageDraw.Draw(img).line((10, 100, 120, 20, 250, 90, 390, 30), fill="black", width=4)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return consents.Signature(buf.getvalue(), "signature.png")


def subject_and_story(lib: Library, name: str = "Rosa Alvarado",
                      dob: str | None = "1970-05-01") -> tuple[str, str]:
    person = subjects.add_subject(lib, name, dob=dob)
    story = stories.add_story(lib, person.display_id, "Back on her feet",
                              "She walked again after knee surgery.")
    return person.display_id, story.display_id


def consent(lib: Library, subject: str, *, channels: str = "instagram,facebook",
            uses: str = "first-name,photo", days: int = 365, signed_days_ago: int = 10,
            remuneration: str | None = None, **kw: object) -> str:
    row = consents.add_consent(
        lib, subject, signed_on=TODAY - dt.timedelta(days=signed_days_ago),
        expires_on=TODAY + dt.timedelta(days=days), channels=channels, uses=uses,
        signature=signature(), remuneration=remuneration, **kw)  # type: ignore[arg-type]
    return row.display_id


def photo(lib: Library, story: str, depicts: list[str], alt: str = "A woman smiling in a park",
          color: str = "white") -> str:
    return media.import_media(lib, story, png(color), name="photo.png", alt_text=alt,
                              depicts=depicts).display_id


def when(days: int = 7, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(TODAY + dt.timedelta(days=days), dt.time(hour),
                               dt.UTC)


GOOD_TEXT = "Rosa is walking again. Thank you to our physical therapy team!"


def draft(lib: Library, story: str, *, channel: str = "instagram", text: str = GOOD_TEXT,
          media_ids: tuple[str, ...] = (), days: int = 7) -> str:
    return posts.draft_post(lib, story, channel, text,
                            media=[posts.MediaChoice(m) for m in media_ids],
                            scheduled_at=when(days)).display_id


def mark_upgraded_by_newer_app(library: Path, key: bytes, version: str = "9.9.0") -> None:
    """Make the library look upgraded by a future app: an unknown schema and its version."""
    import sqlcipher3

    conn = sqlcipher3.connect(str(library / "library.db"), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.execute("UPDATE library_settings SET value = ? WHERE key = 'migrated_by_app'",
                 (version,))
    conn.close()


def consented_copy(template: Path, dest: Path, *, channels: str, uses: str
                   ) -> tuple[str, str]:
    """Copy a library to ``dest`` and give it a consented subject and a story (as alex)."""
    import shutil

    from conftest import AUTHOR, AUTHOR_PW
    from studio.library.library import open_library

    shutil.copytree(template, dest)
    with open_library(dest, AUTHOR, password=AUTHOR_PW) as lib:
        subject, story = subject_and_story(lib)
        consent(lib, subject, channels=channels, uses=uses)
    return subject, story


def every_consent_state(lib: Library) -> dict[str, str]:
    """A subject and a story in each consent state the badge shows now but pending (it
    cannot be recorded: no signing day in the future); subject name -> that badge status."""
    def person(name: str) -> str:
        return subject_and_story(lib, name)[0]

    consent(lib, person("Ana Active"), days=60)
    consent(lib, person("Tom Tomorrow"), days=1)
    gone = consent(lib, person("Rita Revoked"))
    consents.revoke_consent(lib, gone, reason="Asked us to stop.")
    consent(lib, person("Eva Expired"), days=-3, signed_days_ago=400)
    # Replaced by a newer consent that is in force: the badge shows the newer one, active.
    replaced = person("Sam Superseded")
    old = consent(lib, replaced, days=200, signed_days_ago=30)
    consent(lib, replaced, days=300, signed_days_ago=5, supersedes=old)
    # Replaced by one that was then revoked: nothing is in force, and the newest signed one
    # is the replaced one, so the badge says superseded.
    orphan = person("Olga Orphaned")
    old = consent(lib, orphan, days=200, signed_days_ago=10)
    newer = consent(lib, orphan, days=300, signed_days_ago=20, supersedes=old)
    consents.revoke_consent(lib, newer, reason="Signed on the wrong form.")
    person("Nick Nobody")
    return {"Ana Active": "active", "Tom Tomorrow": "expiring", "Rita Revoked": "revoked",
            "Eva Expired": "expired", "Sam Superseded": "active",
            "Olga Orphaned": "superseded", "Nick Nobody": "none"}


def listed_rows(lib: Library, listing: StoryListing, page: int = 2) -> list[StoryRow]:
    """Every story ``listing`` lists, read in pages of ``page`` as the list's model reads them."""
    ids: list[int] = []
    while True:
        more = stories.story_ids(lib, limit=page, offset=len(ids), listing=listing)
        ids.extend(more)
        if len(more) < page:
            return stories.story_rows(lib, ids)
