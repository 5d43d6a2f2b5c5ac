"""Random sequences of actions by random users never break the workflow's promises.

After every action: no approved post whose current digest differs from its approval, no post
relying on a revoked or expired consent outside 'withdrawn', and the audit chain verifies.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from pathlib import Path

from factories import GOOD_TEXT, consent, photo, when
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from conftest import ADMIN, ADMIN_PW, AUTHOR, AUTHOR_PW, COMPLIANCE, COMPLIANCE_PW
from studio.errors import StudioError
from studio.library.audit import verify_chain
from studio.library.library import Library, open_library
from studio.models import Consent, Post, PostRevision, Review
from studio.workflow import consents, posts, review, stories, subjects, users
from studio.workflow.consent_state import apply_expiries, in_force_now, relied_consents

BOTH, BOTH_PW = "cam", "cam has both roles"
USERS = {AUTHOR: AUTHOR_PW, COMPLIANCE: COMPLIANCE_PW, BOTH: BOTH_PW}
ACTIONS = ("consent", "short_consent", "supersede", "draft", "draft_photo", "edit",
           "reschedule", "submit", "approve", "request_changes", "reject", "revoke",
           "time_passes")

action_lists = st.lists(st.tuples(st.sampled_from(ACTIONS), st.sampled_from(sorted(USERS)),
                                  st.integers(0, 5)), min_size=3, max_size=14)


class World:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.now = dt.datetime.now(dt.UTC)
        with open_library(path, ADMIN, password=ADMIN_PW) as admin:
            users.add_user(admin, BOTH, BOTH_PW, ["author", "compliance"])
        with open_library(path, AUTHOR, password=AUTHOR_PW) as lib:
            self.subject = subjects.add_subject(lib, "Rosa Alvarado").display_id
            self.story = stories.add_story(lib, self.subject, "Walking", "She walks.").display_id
            self.photo = photo(lib, self.story, [self.subject])

    def act(self, lib: Library, action: str, pick: int) -> None:
        post_ids = [p.display_id for p in posts.list_posts(lib)]
        post = post_ids[pick % len(post_ids)] if post_ids else "P-1"
        if action == "consent":
            consent(lib, self.subject)
        elif action == "short_consent":
            consent(lib, self.subject, days=3)
        elif action == "supersede":
            with lib.read() as session:
                latest = session.scalars(select(Consent.display_id)
                                         .order_by(Consent.id.desc())).first()
            if latest:
                consent(lib, self.subject, supersedes=latest,
                        channels=("instagram", "facebook", "instagram,facebook")[pick % 3])
        elif action in ("draft", "draft_photo"):
            media = [posts.MediaChoice(self.photo)] if action == "draft_photo" else []
            posts.draft_post(lib, self.story, "instagram", GOOD_TEXT, media=media,
                             scheduled_at=when(1 + pick))
        elif action == "edit":
            posts.edit_post(lib, post, text=f"{GOOD_TEXT} Edit {pick}.")
        elif action == "reschedule":
            posts.edit_post(lib, post, scheduled_at=when(2 + pick * 3))
        elif action == "submit":
            review.submit_post(lib, post)
        elif action == "approve":
            review.approve_post(lib, post, USERS[lib.actor.username])
        elif action == "request_changes":
            review.request_changes(lib, post, "please adjust")
        elif action == "reject":
            review.reject_post(lib, post, "no")
        elif action == "revoke":
            with lib.read() as session:
                ids = list(session.scalars(select(Consent.id).where(
                    Consent.revoked_at.is_(None))))
            if ids:
                consents.revoke_consent(lib, f"C-{ids[pick % len(ids)]}", reason="letter")
        elif action == "time_passes":
            self.now += dt.timedelta(days=2 + pick)

    def check_invariants(self, lib: Library) -> None:
        with lib.read() as session:
            for post in session.scalars(select(Post)):
                revision = session.get_one(PostRevision, post.current_revision_id)
                approvals = session.scalars(select(Review).where(
                    Review.post_id == post.id, Review.decision == "approve")
                    .order_by(Review.id)).all()
                if post.status in ("approved", "exported", "published"):
                    assert approvals and approvals[-1].revision_digest == revision.digest
                for approval in approvals:  # nobody approved a revision they wrote
                    approved_rev = session.get_one(PostRevision, approval.revision_id)
                    assert approved_rev.author_id != approval.reviewer_id
                if post.status != "withdrawn":
                    for c in relied_consents(session, revision.id):
                        assert in_force_now(session, c, self.now, lib.timezone), \
                            (post.display_id, post.status, c.display_id)
            assert verify_chain(session).ok


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(actions=action_lists)
def test_random_actions_keep_the_promises(template_library: Path, tmp_path_factory,  # type: ignore[no-untyped-def]
                                          actions: list[tuple[str, str, int]]) -> None:
    path = tmp_path_factory.mktemp("prop") / "Lib.studio"
    shutil.copytree(template_library, path)
    world = World(path)
    for action, user, pick in actions:
        with open_library(path, user, password=USERS[user]) as lib:
            # A refusal is a correct outcome; the invariants must hold either way.
            with contextlib.suppress(StudioError):
                world.act(lib, action, pick)
            with lib.write() as session:  # the app's periodic expiry sweep, on the test clock
                apply_expiries(session, "clock", lib.timezone, now=world.now)
            world.check_invariants(lib)
    shutil.rmtree(path.parent, ignore_errors=True)
