"""The read-only workflow queries the desktop screens rely on (no Qt involved)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from factories import TODAY, consent, draft, signature, subject_and_story

from conftest import COMPLIANCE, COMPLIANCE_PW
from studio.library.library import Library, open_library
from studio.workflow import consents, review
from studio.workflow.consent_checks import signer_problem, why_not_revoke
from studio.workflow.library_views import story_overview, subject_badge
from studio.workflow.post_abilities import why_not_save, why_not_submit
from studio.workflow.preview import preview_findings
from studio.workflow.review_queries import review_packet, review_queue
from studio.workflow.search_views import search_library


def test_consent_badge_follows_the_consent_through_its_life(author_lib: Library) -> None:
    subject, story = subject_and_story(author_lib)
    assert subject_badge(author_lib, subject).status == "none"
    cid = consent(author_lib, subject, days=10)
    badge = story_overview(author_lib, story).badge
    assert (badge.status, badge.consent) == ("expiring", cid)
    assert badge.channels == ("facebook", "instagram")
    consents.revoke_consent(author_lib, cid, reason="Asked us to stop.")
    badge = subject_badge(author_lib, subject)
    assert badge.status == "revoked" and badge.reason.startswith("revoked (received")


def test_preview_spans_point_into_the_text_as_typed(author_lib: Library) -> None:
    subject, story = subject_and_story(author_lib)
    consent(author_lib, subject)
    text = "   Rosa is walking again. Call 312-555-0142!"
    phone = next(f for f in preview_findings(author_lib, story, "instagram", text)
                 if f.rule == "phi.identifiers")
    assert phone.span is not None and text[phone.span[0]:phone.span[1]] == "312-555-0142"


def test_review_queue_is_oldest_submission_first(author_lib: Library, library_path: Path
                                                 ) -> None:
    subject, story = subject_and_story(author_lib)
    consent(author_lib, subject)
    first = draft(author_lib, story, channel="facebook")
    second = draft(author_lib, story)
    review.submit_post(author_lib, second)
    review.submit_post(author_lib, first)
    assert [q.post.display_id for q in review_queue(author_lib)] == [second, first]
    assert why_not_submit(author_lib, first) is not None  # already in review
    assert why_not_save(author_lib, first) is None        # an edit voids it; allowed
    packet = review_packet(author_lib, first)
    assert packet.baseline_text is None and packet.why_not is not None  # an author
    author_lib.close()
    with open_library(library_path, COMPLIANCE, password=COMPLIANCE_PW) as officer:
        assert review_packet(officer, first).why_not is None


def test_signer_and_revocation_questions(author_lib: Library) -> None:
    born = TODAY.replace(year=TODAY.year - 10, day=1)
    subject, _story = subject_and_story(author_lib, "Kid Person", dob=born.isoformat())
    problem = signer_problem(author_lib, subject, signer_type="self", signer_name="",
                             authority="", signed_on=TODAY)
    assert problem is not None and problem.startswith("consent.minor:")
    assert signer_problem(author_lib, subject, signer_type="parent", signer_name="Ada Person",
                          authority="mother", signed_on=TODAY) is None
    cid = consents.add_consent(author_lib, subject, signed_on=TODAY,
                               expires_on=TODAY + dt.timedelta(days=30), channels="facebook",
                               uses="photo", signature=signature(),
                               signer_type="parent", signer_name="Ada Person",
                               signer_authority="mother").display_id
    assert why_not_revoke(author_lib, cid) is None
    consents.revoke_consent(author_lib, cid, reason="Letter.")
    assert "already revoked" in (why_not_revoke(author_lib, cid) or "")


def test_search_finds_ids_people_and_stories(author_lib: Library) -> None:
    subject, story = subject_and_story(author_lib)
    assert [h.display_id for h in search_library(author_lib, story.lower())] == [story]
    assert search_library(author_lib, "S-99") == []
    kinds = {(h.kind, h.display_id) for h in search_library(author_lib, "alvar")}
    assert ("subject", subject) in kinds
    assert [h.display_id for h in search_library(author_lib, "surger")] == [story]
