"""The five-year library bench/scale.py measures: bulk-inserted, yet valid for the workflow.

Subjects, consents, stories, posts, revisions, submissions, reviews, exports and audit events go
in through SQLAlchemy Core executemany (thousands of rows a transaction); every derived value is
computed by the library's own functions, so nothing is faked:
  - revision digests by studio.workflow.revisions (digest_of/revision_payload), reviews bound
    to them, so the export gate's recomputation agrees;
  - the audit chain by studio.library.audit.event_digest, continuing the head the workflow
    left, so `audit verify` passes and its time is real;
  - pictures: the distinct photos are imported through studio.workflow.media.import_media
    (sanitise, encrypt, row, audit event); the other image records hold the same sanitised
    bytes sealed again by the vault under their own names (blob names are unique in the
    schema and AES-GCM binds each blob to its name), so every record has a real blob that
    verify decrypts and hashes.
Statuses follow the rules: a dated consent that has expired has its posts withdrawn (what the
expiry sweep does), posts past review carry a submission and a signed approval, exported and
published ones appear in an export. The newest posts, scheduled in the next two weeks, are
the export set: approved, with a picture, consent in force, plus some drafts and posts in
review that the export must block. Consents carry no signature image or form PDF.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from export import ADMIN, AUTHOR, OFFICER, PASSWORD, make_photo
from export import CHANNELS as EXPORT_CHANNELS
from library import story_batches, vocabulary
from sqlalchemy import Connection, bindparam, func, insert, select, update

from studio.exporters.channel_images import usable_cores
from studio.exporters.consent_form import FORM_VERSION
from studio.library import audit
from studio.library.keyslots import MINIMUM_KDF
from studio.library.library import Library, create_library, open_library
from studio.models import (
    AuditEvent,
    Consent,
    Export,
    ExportItem,
    MediaAsset,
    MediaDepiction,
    Post,
    PostRevision,
    Review,
    RevisionConsent,
    RevisionMedia,
    Story,
    Subject,
    Submission,
    User,
)
from studio.models.enums import CHANNELS
from studio.workflow import media as media_flow
from studio.workflow import users
from studio.workflow.consents import DEFAULT_PURPOSE
from studio.workflow.review import APPROVAL_MEANING
from studio.workflow.revisions import digest_of, revision_payload

PHOTO_SIZE = (1280, 960)        # small-ish but real: ~200 KB JPEGs with grain
SPAN = dt.timedelta(days=5 * 365)
NEWEST_STORY_AGE = dt.timedelta(days=30)
WINDOW = dt.timedelta(days=14)  # the export set is scheduled in the next two weeks
POST_CHUNK, ROW_CHUNK, EXPORT_GROUP = 5000, 10_000, 1000
ALT = "A patient smiling with the care team"
ACTIONS = ("story.add", "post.draft", "post.edit", "post.submit", "post.approve", "media.add",
           "consent.add", "export.run", "post.withdraw", "subject.add")


@dataclass(frozen=True)
class Sizes:
    stories: int
    posts: int
    images: int
    events: int
    exported: int                 # approved posts in the export window
    photos: int                   # distinct pictures imported through the workflow

    @classmethod
    def scaled(cls, factor: float, **given: int | None) -> Sizes:
        full = {"stories": 100_000, "posts": 300_000, "images": 20_000, "events": 50_000,
                "exported": 1000, "photos": 300}
        values = {k: given.get(k) or max(1, round(v * factor)) for k, v in full.items()}
        values["photos"] = min(values["photos"], values["images"])
        values["posts"] = max(values["posts"], values["exported"] * 2)
        return cls(**values)


@dataclass
class Built:
    path: Path
    sizes: Sizes
    seconds: dict[str, float] = field(default_factory=dict)
    window: tuple[dt.date, dt.date] = (dt.date.min, dt.date.min)
    photos: list[bytes] = field(default_factory=list)   # sanitised bytes, by photo index
    export_jobs: list[tuple[int, str]] = field(default_factory=list)  # (photo, channel) each
    counts: dict[str, int] = field(default_factory=dict)


class Plan:
    """Who belongs to what, as formulas of the ids, so every table is built independently."""

    def __init__(self, sizes: Sizes, now: dt.datetime) -> None:
        self.s, self.now = sizes, now
        self.start = now - SPAN
        self.subjects = math.ceil(sizes.stories / 2)
        self.window_statuses = []
        while self.window_statuses.count("approved") < sizes.exported:
            r = len(self.window_statuses) % 10
            self.window_statuses.append({8: "draft", 9: "in_review"}.get(r, "approved"))
        self.first_window_post = sizes.posts - len(self.window_statuses) + 1
        newest = [self.story_of_post(p) for p in range(sizes.posts, self.first_window_post - 1,
                                                        -1)]
        window_stories = list(dict.fromkeys(newest))[:sizes.images]
        taken = set(window_stories)
        others = [s for s in range(1, sizes.stories + 1) if s not in taken]
        rest = sizes.images - len(window_stories)
        self.media_story = window_stories + [others[i * len(others) // rest]
                                             for i in range(rest)] if rest else window_stories
        self.story_media: dict[int, int] = {}
        for m, story in enumerate(self.media_story, start=1):
            self.story_media.setdefault(story, m)

    def story_time(self, story: int) -> dt.datetime:
        return self.start + (SPAN - NEWEST_STORY_AGE) * (story - 1) / self.s.stories

    def story_of_post(self, post: int) -> int:
        return min(self.s.stories, (post - 1) * self.s.stories // self.s.posts + 1)

    @staticmethod
    def subject_of_story(story: int) -> int:
        return (story + 1) // 2

    def signed_on(self, subject: int) -> dt.date:
        return (self.story_time(2 * subject - 1) - dt.timedelta(days=1)).date()

    def expires_on(self, subject: int) -> dt.date | None:
        """Every other consent expires three years after signing; the rest on an event."""
        return self.signed_on(subject) + dt.timedelta(days=3 * 365) if subject % 2 == 0 \
            else None

    def expired(self, subject: int) -> bool:
        end = self.expires_on(subject)
        return end is not None and end < self.now.date()

    def photo_of_media(self, media: int) -> int:
        return (media - 1) % self.s.photos


def _batches(items: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert_all(conn: Connection, model: type, rows: Iterator[dict[str, Any]]) -> int:
    done = 0
    for batch in _batches(rows, ROW_CHUNK):
        conn.execute(insert(model), batch)
        conn.commit()
        done += len(batch)
    return done


def _people(conn: Connection, plan: Plan, author: int) -> None:
    vocab, _ = vocabulary()
    rng = random.Random(5)
    subjects, consents = [], []
    for k in range(1, plan.subjects + 1):
        first, last = (w.capitalize() for w in rng.sample(vocab[:2000], 2))
        signed = plan.signed_on(k)
        subjects.append({"id": k, "name": f"{first} {last}", "first_name": first,
                         "date_of_birth": dt.date(1940 + k % 60, 1 + k % 12, 1 + k % 28),
                         "created_at": plan.story_time(2 * k - 1), "created_by_id": author})
        expires = plan.expires_on(k)
        consents.append({"id": k, "subject_id": k, "signer_type": "self",
                         "signer_name": f"{first} {last}", "signed_on": signed,
                         "expires_on": expires,
                         "expiry_event": None if expires else "written revocation",
                         "channels": list(CHANNELS), "uses": ["first-name", "photo",
                                                              "condition"],
                         "purpose": DEFAULT_PURPOSE["en"], "language": "en",
                         "form_version": FORM_VERSION["en"], "form_sha256": "0" * 64,
                         "created_at": plan.story_time(2 * k - 1), "created_by_id": author})
    _insert_all(conn, Subject, iter(subjects))
    _insert_all(conn, Consent, iter(consents))


def _stories(conn: Connection, plan: Plan, author: int) -> None:
    story = 0
    for batch in story_batches(plan.s.stories):
        for row in batch:
            story += 1
            at = plan.story_time(story)
            row.update(id=story, subject_id=plan.subject_of_story(story), status="ready",
                       created_at=at, updated_at=at, created_by_id=author)
        conn.execute(insert(Story), batch)
        if story % ROW_CHUNK == 0 or story == plan.s.stories:
            conn.commit()


def _import_photos(lib: Library, plan: Plan, built: Built) -> None:
    """The distinct pictures, through the real import path (one audit event each)."""
    with ProcessPoolExecutor(usable_cores(), mp_context=get_context("spawn")) as pool:
        raws = list(pool.map(make_photo, range(plan.s.photos),
                             [PHOTO_SIZE] * plan.s.photos))
    for m, raw in enumerate(raws, start=1):
        story = plan.media_story[m - 1]
        row = media_flow.import_media(lib, f"S-{story}", raw, name=f"photo-{m}.jpg",
                                      alt_text=ALT,
                                      depicts=[f"PT-{plan.subject_of_story(story)}"])
        assert row.display_id == f"M-{m}", row.display_id
        built.photos.append(media_flow.media_bytes(lib, row.display_id)[1])


def _more_images(lib: Library, conn: Connection, plan: Plan, built: Built,
                 author: int) -> None:
    """Every other image record: the vault seals the sanitised bytes again under a new name."""
    with lib.read() as session:
        assets = {a.id: a for a in session.scalars(select(MediaAsset))}
        thumbs = {m: lib.vault.get(a.thumb_blob_name or "") for m, a in assets.items()}
    ids = list(range(plan.s.photos + 1, plan.s.images + 1))

    def seal(m: int) -> tuple[str, str]:
        photo = plan.photo_of_media(m)
        return lib.vault.put(built.photos[photo]), lib.vault.put(thumbs[photo + 1])

    with ThreadPoolExecutor(4) as pool:  # fsync waits overlap a little
        for chunk in (ids[i:i + ROW_CHUNK] for i in range(0, len(ids), ROW_CHUNK)):
            names = list(pool.map(seal, chunk))
            rows, depicted = [], []
            for m, (blob, thumb) in zip(chunk, names, strict=True):
                src = assets[plan.photo_of_media(m) + 1]
                story = plan.media_story[m - 1]
                rows.append({"id": m, "story_id": story, "kind": "image", "mime": src.mime,
                             "byte_size": src.byte_size, "sha256": src.sha256,
                             "width": src.width, "height": src.height, "blob_name": blob,
                             "thumb_blob_name": thumb, "alt_text": ALT,
                             "original_name": f"photo-{m}.jpg",
                             "created_at": plan.story_time(story), "created_by_id": author})
                depicted.append({"media_id": m, "subject_id": plan.subject_of_story(story)})
            conn.execute(insert(MediaAsset), rows)
            conn.execute(insert(MediaDepiction), depicted)
            conn.commit()


class PostRows:
    """The rows of one chunk of posts, with what they depend on already decided by the plan."""

    def __init__(self, plan: Plan, ids: dict[str, int], media: dict[int, tuple[str, str]],
                 exports: list[int]) -> None:
        self.plan, self.ids, self.media = plan, ids, media   # media: id -> (sha256, alt)
        self.vocab, self.cum = vocabulary()
        self.rng = random.Random(9)
        self.revision = 0
        self.exports = exports              # [next export id, items in the current one]
        self.tables: dict[type, list[dict[str, Any]]] = {}
        self.current: list[dict[str, int]] = []     # each post's current revision

    def add(self, model: type, **row: Any) -> None:
        self.tables.setdefault(model, []).append(row)

    def status_and_time(self, post: int, story: int) -> tuple[str, dt.datetime]:
        plan = self.plan
        if post >= plan.first_window_post:
            rank = post - plan.first_window_post
            at = plan.now + dt.timedelta(days=1) + WINDOW * rank / len(plan.window_statuses)
            return plan.window_statuses[rank], at.replace(second=0, microsecond=0)
        at = plan.story_time(story) + dt.timedelta(days=1 + post % 3, hours=post % 7)
        if plan.expired(plan.subject_of_story(story)):
            return "withdrawn", at
        return {0: "rejected", 1: "draft", 2: "exported"}.get(post % 20, "published"), at

    def post(self, post: int) -> None:
        plan, ids = self.plan, self.ids
        story = plan.story_of_post(post)
        subject = plan.subject_of_story(story)
        status, at = self.status_and_time(post, story)
        window = post >= plan.first_window_post
        channel = EXPORT_CHANNELS[post % 4] if window else CHANNELS[post % len(CHANNELS)]
        title = f"Story {story}"
        ns = SimpleNamespace(display_id=f"P-{post}", channel=channel, title=title)
        m = plan.story_media.get(story)
        items = [{"id": f"M-{m}", "sha256": self.media[m][0], "crop": None,
                  "alt_text": self.media[m][1]}] if m else []
        numbers = 1 if window or post % 3 else 2
        for number in range(1, numbers + 1):
            self.revision += 1
            text = " ".join(self.rng.choices(self.vocab, cum_weights=self.cum, k=20))
            text = text.capitalize() + ". Thank you to our care team!"
            digest = digest_of(revision_payload(ns, number, text, ["CommunityHealth"], None,  # type: ignore[arg-type]
                                                items))
            self.add(PostRevision, id=self.revision, post_id=post, number=number, text=text,
                     hashtags=["CommunityHealth"], consent_id=subject, author_id=ids["author"],
                     created_at=at - dt.timedelta(days=2 - number), digest=digest)
            self.add(RevisionConsent, revision_id=self.revision, consent_id=subject)
            if m:
                self.add(RevisionMedia, revision_id=self.revision, position=0, media_id=m,
                         media_sha256=items[0]["sha256"], crop=None, alt_text=ALT)
        self.add(Post, id=post, story_id=story, channel=channel, title=title, status=status,
                 scheduled_at=at, current_revision_id=None,
                 withdrawn_reason=f"consent C-{subject} expired on "
                 f"{plan.expires_on(subject)}" if status == "withdrawn" else None,
                 created_at=at - dt.timedelta(days=2), created_by_id=ids["author"])
        self.current.append({"post": post, "revision": self.revision})
        if status in ("draft",):
            return
        self.add(Submission, post_id=post, revision_id=self.revision, revision_digest=digest,
                 submitted_by_id=ids["author"], at=at - dt.timedelta(hours=20), findings=[],
                 justifications={})
        if status == "in_review":
            return
        approve = status != "rejected"
        self.add(Review, post_id=post, revision_id=self.revision, revision_digest=digest,
                 reviewer_id=ids["officer"], decision="approve" if approve else "reject",
                 comment="" if approve else "Not for this campaign.",
                 signed_name=ids["officer_name"] if approve else None,
                 signed_at=at - dt.timedelta(hours=10),
                 signature_meaning=APPROVAL_MEANING if approve else None, findings=[],
                 justifications={})
        if status in ("exported", "published", "withdrawn"):
            if self.exports[1] == 0:
                self.add(Export, id=self.exports[0], user_id=ids["author"],
                         at=at - dt.timedelta(hours=5), kind="posts", format="package",
                         params={}, files={})
            self.add(ExportItem, export_id=self.exports[0], post_id=post,
                     revision_id=self.revision, channel=channel, scheduled_at=at,
                     detail=digest)
            self.exports[1] += 1
            if self.exports[1] == EXPORT_GROUP:
                self.exports[:] = [self.exports[0] + 1, 0]


# Parents before children, so no foreign key is ever violated, not even for a moment: posts get
# their current revision in an UPDATE by id at the end of the chunk. (Deferring the keys instead
# makes every revision's insert scan the posts, reviews and export items for rows waiting for
# it, on columns without an index: quadratic.)
POST_TABLES = (Export, Post, PostRevision, RevisionConsent, RevisionMedia, Submission, Review,
               ExportItem)
SET_CURRENT = (update(Post.__table__).where(Post.__table__.c.id == bindparam("post"))
               .values(current_revision_id=bindparam("revision")))


def _posts(conn: Connection, plan: Plan, ids: dict[str, int]) -> None:
    media = {m: (sha, alt) for m, sha, alt in conn.execute(
        select(MediaAsset.id, MediaAsset.sha256, MediaAsset.alt_text))}
    rows = PostRows(plan, ids, media, [1, 0])
    for first in range(1, plan.s.posts + 1, POST_CHUNK):
        rows.tables, rows.current = {}, []
        for post in range(first, min(plan.s.posts, first + POST_CHUNK - 1) + 1):
            rows.post(post)
        for model in POST_TABLES:
            if rows.tables.get(model):
                conn.execute(insert(model), rows.tables[model])
        conn.execute(SET_CURRENT, rows.current)
        conn.commit()


def _events(conn: Connection, plan: Plan, target: int) -> int:
    """Continue the chain from the workflow's head up to ``target`` events, as record() does."""
    head = conn.execute(select(AuditEvent.seq, AuditEvent.digest)
                        .order_by(AuditEvent.seq.desc()).limit(1)).one()
    seq, prev = head.seq, head.digest
    n = target - seq
    batch = []
    for i in range(n):
        seq += 1
        at = (plan.start + SPAN * i / max(1, n)).isoformat(timespec="microseconds")
        action = ACTIONS[i % len(ACTIONS)]
        entity = f"{action.split('.')[0][0].upper()}-{1 + i % plan.s.stories}"
        details = audit.canonical_json({"bench": i})
        digest = audit.event_digest(prev, seq, at, AUTHOR, action, entity, details)
        batch.append({"seq": seq, "at": at, "actor": AUTHOR, "action": action,
                      "entity": entity, "details": details, "prev_digest": prev,
                      "digest": digest})
        prev = digest
        if len(batch) == ROW_CHUNK or i == n - 1:
            conn.execute(insert(AuditEvent), batch)
            conn.commit()
            batch = []
    return seq


def build(path: Path, sizes: Sizes, log: Any = print) -> Built:
    """Make the library at ``path``; returns what the measurements need to know about it."""
    built, now = Built(path, sizes), dt.datetime.now(dt.UTC)
    plan = Plan(sizes, now)
    last = time.perf_counter()

    def step(name: str) -> None:
        nonlocal last
        built.seconds[name] = time.perf_counter() - last
        log(f"  {name:<34}{built.seconds[name]:7.1f} s", flush=True)
        last = time.perf_counter()

    with create_library(path, admin=ADMIN, password=PASSWORD, kdf=MINIMUM_KDF) as lib:
        users.add_user(lib, AUTHOR, PASSWORD, ["author"])
        users.add_user(lib, OFFICER, PASSWORD, ["compliance"], display_name="Dana Officer")
    with open_library(path, AUTHOR, password=PASSWORD) as lib:
        with lib.read() as session:
            found = {name: id_ for name, id_ in session.execute(select(User.username, User.id))}
        ids = {"author": found[AUTHOR], "officer": found[OFFICER],
               "officer_name": "Dana Officer"}  # type: ignore[dict-item]
        with lib.engine.connect() as conn:
            _people(conn, plan, ids["author"])
            step(f"{plan.subjects:,} subjects + consents")
            _stories(conn, plan, ids["author"])
            step(f"{sizes.stories:,} stories (FTS)")
            _import_photos(lib, plan, built)
            step(f"{sizes.photos} photos made + imported")
            _more_images(lib, conn, plan, built, ids["author"])
            step(f"{sizes.images - sizes.photos:,} more image blobs")
            _posts(conn, plan, ids)
            step(f"{sizes.posts:,} posts + reviews + exports")
            built.counts = {model.__tablename__: conn.scalar(select(func.count()).select_from(
                model)) or 0 for model in (PostRevision, Review, ExportItem, Export)}
            built.counts["audit_events"] = _events(conn, plan, sizes.events)
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            step(f"{sizes.events:,} audit events")
    window_days = [plan.now.astimezone(lib.timezone).date() + dt.timedelta(days=d)
                   for d in (1, WINDOW.days + 1)]
    built.window = (window_days[0], window_days[1])
    built.export_jobs = [(plan.photo_of_media(plan.story_media[plan.story_of_post(p)]),
                          EXPORT_CHANNELS[p % 4])
                         for p, status in enumerate(plan.window_statuses,
                                                    start=plan.first_window_post)
                         if status == "approved" and plan.story_of_post(p) in plan.story_media]
    return built
