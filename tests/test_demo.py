"""The demo library: fictional people, and something in every workflow state."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from studio.demo import DEMO_USERS, build_demo
from studio.library.keyslots import MINIMUM_KDF
from studio.library.library import open_library
from studio.library.verify import verify_library
from studio.models import Subject
from studio.workflow import consent_queries, posts, stories


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
                               "rejected", "withdrawn"}
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
