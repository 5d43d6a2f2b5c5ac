"""The schema enforces what it can: enums, foreign keys, immutable signed rows, display ids."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.exc import IntegrityError

from studio.library.library import Library
from studio.models import Consent, Post, PostRevision, Story, UserRole
from studio.workflow import stories, subjects


def _story(lib: Library) -> int:
    person = subjects.add_subject(lib, "Schema Person")
    return stories.add_story(lib, person.display_id, "T", "text").id


def test_display_ids_are_derived_and_unique(author_lib: Library) -> None:
    first = subjects.add_subject(author_lib, "One Person")
    second = subjects.add_subject(author_lib, "Two Person")
    assert (first.display_id, second.display_id) == ("PT-1", "PT-2")
    with author_lib.read() as session:
        assert session.get(Story, _story(author_lib)).display_id == "S-1"  # type: ignore[union-attr]


@pytest.mark.parametrize("bad", [
    lambda sid, uid: Post(story_id=sid, channel="myspace", created_by_id=uid),
    lambda sid, uid: Post(story_id=sid, channel="x", status="published-ish", created_by_id=uid),
    lambda sid, uid: Post(story_id=9999, channel="x", created_by_id=uid),
    lambda sid, uid: UserRole(user_id=uid, role="root"),
])
def test_check_and_foreign_key_constraints(author_lib: Library, bad) -> None:  # type: ignore[no-untyped-def]
    story_id = _story(author_lib)
    with pytest.raises(IntegrityError), author_lib.write() as session:
        session.add(bad(story_id, author_lib.actor.id))


def _consent(lib: Library) -> int:
    person = subjects.add_subject(lib, "Consenting Person")
    with lib.write() as session:
        consent = Consent(subject_id=int(person.display_id[3:]), signer_type="self",
                          signer_name="Consenting Person", signed_on=dt.date(2026, 1, 5),
                          expires_on=dt.date(2027, 1, 5), channels=["facebook"],
                          uses=["first-name", "photo"], purpose="Patient story",
                          form_version="en-1", created_by_id=lib.actor.id)
        session.add(consent)
        session.flush()
        return consent.id


def test_signed_consent_is_immutable_but_revocable(author_lib: Library) -> None:
    consent_id = _consent(author_lib)
    with pytest.raises(IntegrityError, match="signed consent cannot change"), \
            author_lib.write() as session:
        session.get_one(Consent, consent_id).channels = ["facebook", "instagram"]
    with author_lib.write() as session:
        consent = session.get_one(Consent, consent_id)
        consent.revoked_at = dt.datetime.now(dt.UTC)
        consent.revocation_reason = "patient asked by letter"
    with author_lib.read() as session:
        assert session.get_one(Consent, consent_id).revocation_reason == "patient asked by letter"


def test_consent_without_expiry_or_representative_authority_is_refused(
        author_lib: Library) -> None:
    person = subjects.add_subject(author_lib, "Minor Person")
    base = {"subject_id": int(person.display_id[3:]), "signer_name": "Parent",
            "signed_on": dt.date(2026, 1, 5), "channels": ["x"], "uses": ["photo"],
            "purpose": "story", "form_version": "en-1", "created_by_id": author_lib.actor.id}
    for extra in ({"signer_type": "self"},  # no expiry date or event
                  {"signer_type": "parent", "expires_on": dt.date(2027, 1, 1)},  # no authority
                  {"signer_type": "self", "expires_on": dt.date(2025, 1, 1)}):  # before signing
        with pytest.raises(IntegrityError), author_lib.write() as session:
            session.add(Consent(**base, **extra))


def test_post_revisions_are_immutable(author_lib: Library) -> None:
    story_id = _story(author_lib)
    with author_lib.write() as session:
        post = Post(story_id=story_id, channel="instagram", created_by_id=author_lib.actor.id)
        session.add(post)
        session.flush()
        rev = PostRevision(post_id=post.id, number=1, text="Hello", author_id=author_lib.actor.id,
                           digest="a" * 64)
        session.add(rev)
        session.flush()
        rev_id = rev.id
    with pytest.raises(IntegrityError, match="immutable"), author_lib.write() as session:
        session.get_one(PostRevision, rev_id).text = "Changed after approval"


def test_known_revisions_match_alembic_history() -> None:
    from studio.library import migrate

    assert list(migrate.REVISIONS) == migrate.alembic_history()


def test_migrations_build_exactly_the_models(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A model change without its migration would silently differ on users' libraries."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import create_engine

    from studio.library import migrate
    from studio.models import Base

    engine = create_engine(f"sqlite:///{tmp_path / 'plain.db'}")
    migrate.upgrade(engine)
    with engine.connect() as conn:
        fts = ("story_fts", "subject_fts")  # FTS5 tables: raw SQL, not models
        context = MigrationContext.configure(conn, opts={
            "include_object": lambda o, n, t, r, c: not (t == "table" and n
                                                         and n.startswith(fts))})
        assert compare_metadata(context, Base.metadata) == []


def test_posts_are_found_by_their_current_revision_through_an_index(
        author_lib: Library) -> None:
    """The expiry sweep and revocation go consent -> revision -> post relying on it; without an
    index on posts.current_revision_id each expired consent scanned every post (bench/scale.py:
    the sweep on a writing open ran for hours at 300,000 posts, 0.4 s with it)."""
    from sqlalchemy import text

    with author_lib.read() as session:
        plan = " ".join(str(row[-1]) for row in session.execute(text(
            "EXPLAIN QUERY PLAN SELECT id FROM posts WHERE current_revision_id = 1")))
    assert "ix_posts_current_revision_id" in plan and "SCAN" not in plan, plan


def test_whether_a_consent_was_superseded_is_looked_up_through_an_index(
        author_lib: Library) -> None:
    """Every gate (drafting, export, the consent badge) asks superseded_at of each consent it
    checks; without an index on consents.supersedes_id each ask scanned every consent
    (bench/scale.py: 0.1 s at 50,000 consents, minutes for an export of 1,000 posts)."""
    from sqlalchemy import text

    with author_lib.read() as session:
        plan = " ".join(str(row[-1]) for row in session.execute(text(
            "EXPLAIN QUERY PLAN SELECT min(created_at) FROM consents WHERE supersedes_id = 1")))
    assert "ix_consents_supersedes_id" in plan, plan
