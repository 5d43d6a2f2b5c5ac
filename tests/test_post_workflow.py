"""Posts and review: the consent gate, revisions, submit checks, signed approval, voiding."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import GOOD_TEXT, consent, draft, photo, subject_and_story, when

from conftest import ADMIN, ADMIN_PW, AUTHOR, AUTHOR_PW, COMPLIANCE, COMPLIANCE_PW
from studio.errors import AuthError, RuleRefused
from studio.library.library import Library, open_library
from studio.models import MediaAsset, Post
from studio.workflow import post_queries, posts, review, users
from studio.workflow.audit_log import list_events
from studio.workflow.export_gate import export_blocker
from studio.workflow.lookup import get_by_display_id
from studio.workflow.post_views import post_row


@pytest.fixture
def ready(author_lib: Library) -> tuple[Library, str, str, str]:
    """A subject with consent for instagram+facebook (first name, photo) and a story."""
    subject, story = subject_and_story(author_lib)
    cid = consent(author_lib, subject)
    return author_lib, subject, story, cid


def _as(lib: Library, user: str, password: str) -> Library:
    path = lib.layout.root
    lib.close()
    return open_library(path, user, password=password)


def test_draft_needs_consent_for_the_channel(author_lib: Library) -> None:
    subject, story = subject_and_story(author_lib)
    with pytest.raises(RuleRefused, match="no consent in force"):
        draft(author_lib, story)
    consent(author_lib, subject, channels="facebook")
    with pytest.raises(RuleRefused, match="covers facebook only"):
        draft(author_lib, story, channel="instagram")
    assert draft(author_lib, story, channel="facebook") == "P-1"


def test_every_depicted_person_needs_consent(ready: tuple[Library, str, str, str]) -> None:
    lib, subject, story, _ = ready
    from studio.workflow import subjects

    friend = subjects.add_subject(lib, "Pat Friend").display_id
    group = photo(lib, story, [subject, friend])
    with pytest.raises(RuleRefused, match=f"consent.depicted: {friend}"):
        draft(lib, story, media_ids=(group,))
    consent(lib, friend, uses="first-name")  # no photo use
    with pytest.raises(RuleRefused, match="photo use"):
        draft(lib, story, media_ids=(group,))
    consent(lib, friend, uses="photo")
    assert draft(lib, story, media_ids=(group,)).startswith("P-")


def test_edits_make_revisions_and_void_approval(ready: tuple[Library, str, str, str]) -> None:
    lib, subject, story, _ = ready
    pic = photo(lib, story, [subject])
    post = draft(lib, story, media_ids=(pic,))
    review.submit_post(lib, post)
    lib = _as(lib, COMPLIANCE, COMPLIANCE_PW)
    approved = review.approve_post(lib, post, COMPLIANCE_PW, "fine")
    assert approved.status == "approved"
    with lib.read() as session:
        assert export_blocker(session, get_by_display_id(session, Post, post),
                              lib.timezone) is None
    lib = _as(lib, AUTHOR, AUTHOR_PW)
    edited = posts.edit_post(lib, post, text=GOOD_TEXT + " See you soon!")
    assert (edited.revision, edited.status) == (2, "draft")
    with lib.read() as session:
        assert "not approved" in str(export_blocker(
            session, get_by_display_id(session, Post, post), lib.timezone))
    events = [e.action for e in list_events(lib, entity=post)]
    assert events == ["post.edit", "post.approve", "post.submit", "post.draft"]
    lib.close()


def test_reschedule_keeps_approval_only_inside_consent(
        ready: tuple[Library, str, str, str]) -> None:
    lib, _, story, _ = ready
    post = draft(lib, story, days=5)
    review.submit_post(lib, post)
    lib = _as(lib, COMPLIANCE, COMPLIANCE_PW)
    review.approve_post(lib, post, COMPLIANCE_PW)
    lib = _as(lib, AUTHOR, AUTHOR_PW)
    assert posts.edit_post(lib, post, scheduled_at=when(days=30)).status == "approved"
    assert posts.edit_post(lib, post, scheduled_at=when(days=400)).status == "draft"
    lib.close()


def test_submit_refuses_a_post_scheduled_after_expiry(author_lib: Library) -> None:
    subject, story = subject_and_story(author_lib)
    consent(author_lib, subject, days=20)
    post = draft(author_lib, story, days=30)
    with pytest.raises(RuleRefused, match="consent"):
        review.submit_post(author_lib, post)
    assert posts.list_posts(author_lib)[0].status == "draft"


def test_paid_testimonial_without_disclosure_cannot_be_submitted(author_lib: Library) -> None:
    subject, story = subject_and_story(author_lib)
    consent(author_lib, subject, remuneration="a $50 gift card")
    post = draft(author_lib, story)
    with pytest.raises(RuleRefused, match="ftc.disclosure"):
        review.submit_post(author_lib, post)
    posts.edit_post(author_lib, post, text="Rosa received a $50 gift card for sharing her "
                    "story. " + GOOD_TEXT)
    assert review.submit_post(author_lib, post).post.status == "in_review"


def test_only_another_compliance_officer_approves(ready: tuple[Library, str, str, str],
                                                  library_path: Path) -> None:
    lib, _, story, _ = ready
    post = draft(lib, story)
    review.submit_post(lib, post)
    with pytest.raises(AuthError, match="compliance"):
        review.approve_post(lib, post, AUTHOR_PW)
    lib.close()
    with open_library(library_path, ADMIN, password=ADMIN_PW) as admin:
        users.add_user(admin, "both", "both roles password", ["author", "compliance"])
    with open_library(library_path, "both", password="both roles password") as both:
        posts.edit_post(both, post, text=GOOD_TEXT + " Thanks!")
        review.submit_post(both, post)
        with pytest.raises(RuleRefused, match="review.self"):
            review.approve_post(both, post, "both roles password")
    with open_library(library_path, COMPLIANCE, password=COMPLIANCE_PW) as officer:
        with pytest.raises(AuthError, match="wrong"):
            review.approve_post(officer, post, "not my password")
        row = review.approve_post(officer, post, COMPLIANCE_PW)
        detail = post_queries.show_post(officer, post)
    signed = next(r for r in detail.reviews if r.decision == "approve")
    assert signed.meaning == "approved for publication"
    assert signed.signed_name == COMPLIANCE and signed.revision_digest == row.digest


def test_changed_media_bytes_block_export(ready: tuple[Library, str, str, str]) -> None:
    lib, subject, story, _ = ready
    pic = photo(lib, story, [subject])
    post = draft(lib, story, media_ids=(pic,))
    review.submit_post(lib, post)
    lib = _as(lib, COMPLIANCE, COMPLIANCE_PW)
    review.approve_post(lib, post, COMPLIANCE_PW)
    with lib.write() as session:  # someone swaps the picture's record behind the workflow
        get_by_display_id(session, MediaAsset, pic).sha256 = "f" * 64
    with lib.read() as session:
        assert "differs" in str(export_blocker(session, get_by_display_id(session, Post, post),
                                               lib.timezone))
    lib.close()


def test_request_changes_and_reject_need_a_comment_and_allow_rework(
        ready: tuple[Library, str, str, str]) -> None:
    lib, _, story, _ = ready
    post = draft(lib, story)
    review.submit_post(lib, post)
    lib = _as(lib, COMPLIANCE, COMPLIANCE_PW)
    with pytest.raises(Exception, match="--comment"):
        review.request_changes(lib, post, "  ")
    assert review.request_changes(lib, post, "Use her first name only").status == \
        "changes_requested"
    lib = _as(lib, AUTHOR, AUTHOR_PW)
    review.submit_post(lib, post)
    lib = _as(lib, COMPLIANCE, COMPLIANCE_PW)
    assert review.reject_post(lib, post, "Not for this campaign").status == "rejected"
    lib = _as(lib, AUTHOR, AUTHOR_PW)
    with pytest.raises(RuleRefused, match="post.state"):
        review.submit_post(lib, post)
    assert posts.edit_post(lib, post, text=GOOD_TEXT + " New angle.").status == "draft"
    lib.close()


def test_an_officer_who_edited_since_the_last_approval_cannot_approve(
        ready: tuple[Library, str, str, str], library_path: Path) -> None:
    lib, _, story, _ = ready
    lib.close()
    with open_library(library_path, ADMIN, password=ADMIN_PW) as admin:
        users.add_user(admin, "cam", "cam both roles pw", ["author", "compliance"])
    with open_library(library_path, "cam", password="cam both roles pw") as cam:
        post = draft(cam, story)  # cam writes revision 1
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as alex:
        posts.edit_post(alex, post, hashtags=["ThankYou"])  # alex adds revision 2, submits
        review.submit_post(alex, post)
    with open_library(library_path, "cam", password="cam both roles pw") as cam, \
            pytest.raises(RuleRefused, match="review.self: you wrote revision 1"):
        review.approve_post(cam, post, "cam both roles pw")
    with open_library(library_path, COMPLIANCE, password=COMPLIANCE_PW) as casey:
        assert review.approve_post(casey, post, COMPLIANCE_PW).status == "approved"


def test_a_picture_resealed_under_the_same_name_is_caught(
        ready: tuple[Library, str, str, str]) -> None:
    """Someone with the key replaces an approved picture's bytes, keeping its record."""
    from factories import png

    from studio.library.crypto import seal
    from studio.library.verify import verify_library

    lib, subject, story, _ = ready
    pic = photo(lib, story, [subject])
    post = draft(lib, story, media_ids=(pic,))
    review.submit_post(lib, post)
    with lib.read() as session:
        blob = get_by_display_id(session, MediaAsset, pic).blob_name
    path = lib.layout.media / blob[:2] / blob
    path.write_bytes(seal(lib.vault._key, png("red"), blob.encode()))
    lib = _as(lib, COMPLIANCE, COMPLIANCE_PW)
    with pytest.raises(RuleRefused, match=f"review.digest.*{pic}"):
        review.approve_post(lib, post, COMPLIANCE_PW)
    report = verify_library(lib.layout, lib.raw_key)
    assert not report.ok and "replaced" in report.problems[0]
    lib.close()


def test_the_title_leaves_with_the_post_so_it_is_checked(author_lib: Library) -> None:
    subject, story = subject_and_story(author_lib)
    consent(author_lib, subject)  # first name and photo only
    post = posts.draft_post(author_lib, story, "instagram", GOOD_TEXT,
                            title="Rosa Alvarado beats breast cancer",
                            scheduled_at=when()).display_id
    with pytest.raises(RuleRefused, match="consent.scope"):
        review.submit_post(author_lib, post)
    _, _, findings = review.check_post(author_lib, post)
    assert {f.field for f in findings if f.severity == "error"} == {"title"}


def test_post_list_rows_match_each_posts_own_row_in_schedule_order(
        ready: tuple[Library, str, str, str]) -> None:
    """The list's one-query rows say what post_row says of each post, soonest first and the
    unscheduled ones last, with the status and channel filters applied."""
    lib, _, story, _ = ready
    later = draft(lib, story, days=20)
    unscheduled = posts.draft_post(lib, story, "facebook", GOOD_TEXT).display_id
    soon = draft(lib, story, channel="facebook", days=3)
    posts.edit_post(lib, soon, text=GOOD_TEXT + " See you there!")   # revision 2
    review.submit_post(lib, later)
    listed = posts.list_posts(lib)
    assert [r.display_id for r in listed] == [soon, later, unscheduled]
    with lib.read() as session:
        one_by_one = [post_row(session, get_by_display_id(session, Post, r.display_id))
                      for r in listed]
    assert listed == one_by_one
    assert listed[0].revision == 2 and listed[0].author == AUTHOR
    assert [r.display_id for r in posts.list_posts(lib, status="in_review")] == [later]
    assert [r.display_id for r in posts.list_posts(lib, channel="facebook")] == [
        soon, unscheduled]
    assert [r.display_id for r in posts.list_posts(lib, limit=1)] == [soon]
