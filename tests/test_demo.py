"""The demo library: fictional people, and something in every workflow state."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from studio.demo import DEMO_USERS, build_demo
from studio.library.keyslots import MINIMUM_KDF
from studio.library.library import open_library
from studio.library.verify import verify_library
from studio.models import Post, Subject
from studio.workflow import consent_queries, posts, stories
from studio.workflow.exports import export_calendar, export_posts
from studio.workflow.takedown import takedown_item


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "Demo.studio"
    build_demo(path, kdf=MINIMUM_KDF)
    return path


def test_demo_has_every_state(demo: Path) -> None:
    author = DEMO_USERS[0]
    with open_library(demo, author.username, password=author.password, read_only=True) as lib:
        assert len(stories.list_stories(lib)) == 6
        states = Counter(p.status for p in posts.list_posts(lib))
        assert set(states) == {"draft", "in_review", "changes_requested", "approved",
                               "exported", "rejected", "withdrawn"}
        consent_states = {r.consent.status for r in consent_queries.list_consents(lib)}
        assert {"active", "expiring", "revoked"} <= consent_states
        assert verify_library(lib.layout, lib.raw_key).ok


def test_demo_people_are_fictional(demo: Path) -> None:
    from studio.demo import _PEOPLE

    for name, _, _ in _PEOPLE:
        assert len(name.split()) >= 2
    author = DEMO_USERS[0]
    with open_library(demo, author.username, password=author.password, read_only=True) as lib, \
            lib.read() as session:
        emails = set(session.scalars(select(Subject.email)))
        phones = set(session.scalars(select(Subject.phone)))
    assert all(e.endswith("@example.org") for e in emails)
    assert all("-555-01" in p for p in phones)  # the range reserved for fiction


def test_demo_revocation_names_the_earlier_export(demo: Path) -> None:
    author = DEMO_USERS[0]
    with open_library(demo, author.username, password=author.password, read_only=True) as lib, \
            lib.read() as session:
        withdrawn = session.scalars(select(Post).where(Post.status == "withdrawn")).all()
        items = [takedown_item(session, p, "exported") for p in withdrawn]
    assert [(i.post, i.exports) for i in items if i.exports] == [("P-6", ("E-1",))]


@pytest.mark.parametrize("fmt", ["posts", "ics", "csv", "hootsuite", "buffer", "sprout",
                                 "publer"])
def test_demo_exports_something_in_every_format(demo: Path, tmp_path: Path, fmt: str) -> None:
    copy = tmp_path / "Demo.studio"
    shutil.copytree(demo, copy)
    author = DEMO_USERS[0]
    with open_library(copy, author.username, password=author.password) as lib:
        if fmt == "posts":
            result = export_posts(lib, tmp_path / "out")
        else:
            result = export_calendar(lib, fmt, tmp_path / f"calendar.{fmt}",
                                     observances=fmt == "ics")
    assert result.export_id == "E-2"
    assert set(result.posts) == {"P-1", "P-5"}
    assert result.files and all(Path(p).stat().st_size > 0 for p in result.files
                                if Path(p).is_absolute())
    if fmt == "ics":
        assert result.cancelled == ("P-6",)     # withdrawn after E-1: a cancellation
    if fmt == "posts":
        assert not result.warnings              # demo pictures are big enough for Instagram
