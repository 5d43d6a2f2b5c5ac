"""Consents: capture with every HIPAA element, minors, supersede, revoke with take-down list."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from factories import GOOD_TEXT, TODAY, consent, draft, signature, subject_and_story
from pypdf import PdfReader

from studio.errors import BadInput, RuleRefused
from studio.library.library import Library
from studio.models import Consent, Export, ExportItem, MediaAsset, Post
from studio.workflow import consent_queries, consents, posts
from studio.workflow.consent_state import apply_expiries
from studio.workflow.lookup import get_by_display_id


def _pdf_text(lib: Library, consent_id: str) -> tuple[str, str, bytes]:
    with lib.read() as session:
        row = get_by_display_id(session, Consent, consent_id)
        blob = session.get_one(MediaAsset, row.form_media_id).blob_name
        digest = row.form_sha256
    data = lib.vault.get(blob)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split()), str(digest), data


def test_signed_form_holds_every_required_element(author_lib: Library) -> None:
    subject, _ = subject_and_story(author_lib)
    cid = consent(author_lib, subject, remuneration="a $50 gift card")
    text, digest, data = _pdf_text(author_lib, cid)
    assert hashlib.sha256(data).hexdigest() == digest
    for element in ("Rosa Alvarado", "my first name only", "photographs of me", "Instagram",
                    "Facebook", "Why", "When this authorization ends",
                    "cancel (revoke) this authorization at any time, in writing",
                    "will not make your treatment", "may no longer be protected",
                    "copy of this signed form", "remuneration: a $50 gift card", cid):
        assert element in text, element


def test_spanish_form(author_lib: Library) -> None:
    subject, _ = subject_and_story(author_lib, name="José Núñez")
    cid = consent(author_lib, subject, language="es")
    text, _, _ = _pdf_text(author_lib, cid)
    assert "Puede cancelar (revocar) esta autorización" in text and "José Núñez" in text


def test_minor_needs_a_representative_with_authority(author_lib: Library) -> None:
    minor = (TODAY - dt.timedelta(days=365 * 12)).isoformat()
    subject, _ = subject_and_story(author_lib, name="Lior Teen", dob=minor)
    with pytest.raises(RuleRefused, match="consent.minor"):
        consent(author_lib, subject)
    with pytest.raises(RuleRefused, match="authority"):
        consent(author_lib, subject, signer_type="parent", signer_name="Dana Teen")
    cid = consent(author_lib, subject, signer_type="parent", signer_name="Dana Teen",
                  signer_authority="mother and legal guardian")
    text, _, _ = _pdf_text(author_lib, cid)
    assert "Dana Teen" in text and "mother and legal guardian" in text


@pytest.mark.parametrize(("kwargs", "error", "fragment"), [
    ({"expires_on": None}, RuleRefused, "expiry"),
    ({"expires_on": TODAY - dt.timedelta(days=30)}, BadInput, "not after the signing date"),
    ({"signed_on": TODAY + dt.timedelta(days=1)}, BadInput, "in the future"),
    ({"channels": "instagram,myspace"}, BadInput, "myspace"),
    ({"uses": ""}, BadInput, "at least one"),
])
def test_incomplete_authorizations_are_refused(author_lib: Library, kwargs: dict[str, object],
                                               error: type[Exception], fragment: str) -> None:
    subject, _ = subject_and_story(author_lib)
    args: dict[str, object] = {"signed_on": TODAY - dt.timedelta(days=5),
                               "expires_on": TODAY + dt.timedelta(days=300),
                               "channels": "instagram", "uses": "photo",
                               "signature": signature()}
    args.update(kwargs)
    with pytest.raises(error, match=fragment):
        consents.add_consent(author_lib, subject, **args)  # type: ignore[arg-type]
    assert consent_queries.list_consents(author_lib) == []


def test_a_broken_signature_file_stores_nothing(author_lib: Library) -> None:
    subject, _ = subject_and_story(author_lib)
    blobs_before = set(author_lib.vault.names())
    with pytest.raises(BadInput, match="sig.png"):
        consents.add_consent(author_lib, subject, signed_on=TODAY, channels="x", uses="photo",
                             expires_on=TODAY + dt.timedelta(days=9),
                             signature=consents.Signature(b"\x89PNG\r\n\x1a\n broken",
                                                          "sig.png"))
    assert set(author_lib.vault.names()) == blobs_before


def test_supersede_replaces_the_consent_in_force(author_lib: Library) -> None:
    subject, _ = subject_and_story(author_lib)
    old = consent(author_lib, subject, channels="facebook")
    new = consent(author_lib, subject, channels="facebook,instagram", supersedes=old)
    statuses = {r.consent.display_id: r.consent.status
                for r in consent_queries.list_consents(author_lib)}
    assert statuses == {old: "superseded", new: "active"}


def _mark_exported(lib: Library, post_id: str) -> str:
    """Stand-in for the exporter (a later issue): the rows an export writes."""
    with lib.write() as session:
        post = get_by_display_id(session, Post, post_id)
        export = Export(user_id=lib.actor.id, kind="calendar", format="ics")
        session.add(export)
        session.flush()
        session.add(ExportItem(export_id=export.id, post_id=post.id,
                               revision_id=post.current_revision_id, channel=post.channel,
                               scheduled_at=post.scheduled_at))
        post.status = "exported"
        session.flush()
        session.refresh(export)
        return export.display_id


def test_revocation_withdraws_posts_and_lists_exported_ones(author_lib: Library) -> None:
    subject, story = subject_and_story(author_lib)
    cid = consent(author_lib, subject)
    kept_draft = draft(author_lib, story)
    exported = draft(author_lib, story, channel="facebook", days=3)
    export_id = _mark_exported(author_lib, exported)
    row, items = consents.revoke_consent(author_lib, cid, reason="letter from patient",
                                         received_on=TODAY)
    assert row.status == "revoked"
    assert {i.post: i.must_act for i in items} == {kept_draft: False, exported: True}
    assert [i.exports for i in items if i.post == exported] == [(export_id,)]
    for post in posts.list_posts(author_lib):
        assert post.status == "withdrawn"
    with pytest.raises(RuleRefused, match="withdrawn"):
        posts.edit_post(author_lib, kept_draft, text=GOOD_TEXT + " More.")
    with pytest.raises(RuleRefused, match="no consent in force"):
        draft(author_lib, story)
    with pytest.raises(RuleRefused, match="already revoked"):
        consents.revoke_consent(author_lib, cid, reason="again")


def test_expiry_withdraws_like_revocation_and_is_listed_ahead(author_lib: Library) -> None:
    subject, story = subject_and_story(author_lib)
    cid = consent(author_lib, subject, days=20)
    post = draft(author_lib, story, days=5)
    soon = consent_queries.list_consents(author_lib, expiring_within=30)
    assert [(r.consent.display_id, r.posts) for r in soon] == [(cid, (post,))]
    assert consent_queries.list_consents(author_lib, expiring_within=10) == []
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=22)
    with author_lib.write() as session:
        assert apply_expiries(session, "test", author_lib.timezone, now=later) != []
    with author_lib.write() as session:
        assert apply_expiries(session, "test", author_lib.timezone, now=later) == []
    assert [p.status for p in posts.list_posts(author_lib)] == ["withdrawn"]


def test_superseding_consent_takes_over_or_withdraws(author_lib: Library) -> None:
    subject, story = subject_and_story(author_lib)
    old = consent(author_lib, subject, channels="instagram,facebook")
    on_instagram = draft(author_lib, story, channel="instagram")
    on_facebook = draft(author_lib, story, channel="facebook")
    new = consents.add_consent(author_lib, subject, signed_on=TODAY,
                               expires_on=TODAY + dt.timedelta(days=100), channels="facebook",
                               uses="first-name,photo", signature=signature(), supersedes=old)
    assert new.withdrawn == (on_instagram,)
    statuses = {p.display_id: p.status for p in posts.list_posts(author_lib)}
    assert statuses == {on_instagram: "withdrawn", on_facebook: "draft"}
    # The surviving post now relies on the new consent: revoking it withdraws the post.
    _, items = consents.revoke_consent(author_lib, new.display_id, reason="letter")
    assert [i.post for i in items] == [on_facebook]


def test_takedown_lists_exported_copies_of_earlier_revisions(author_lib: Library) -> None:
    from factories import photo

    from studio.workflow import subjects

    subject, story = subject_and_story(author_lib)
    consent(author_lib, subject)
    friend = subjects.add_subject(author_lib, "Tomas Friend").display_id
    friend_consent = consent(author_lib, friend, uses="photo")
    pic = photo(author_lib, story, [subject, friend])
    post = draft(author_lib, story, media_ids=(pic,))
    export_id = _mark_exported(author_lib, post)
    posts.edit_post(author_lib, post, media=[])  # the photo of Tomas is taken out
    _, items = consents.revoke_consent(author_lib, friend_consent, reason="Tomas asked")
    assert [(i.post, i.exports, i.must_act) for i in items] == [(post, (export_id,), True)]
    assert posts.list_posts(author_lib)[0].status == "draft"  # the current revision is fine


def test_consent_validity_uses_the_library_time_zone(author_lib: Library) -> None:
    from zoneinfo import ZoneInfo

    from studio.workflow import review

    subject, story = subject_and_story(author_lib)
    consent(author_lib, subject, days=10)
    expiry = TODAY + dt.timedelta(days=10)
    chicago = author_lib.timezone
    assert chicago == ZoneInfo("America/Chicago")
    # 20:00 in Chicago on the expiry day is 02:00 UTC the next day: still in force.
    evening = dt.datetime.combine(expiry, dt.time(20), chicago)
    post = posts.draft_post(author_lib, story, "instagram", GOOD_TEXT,
                            scheduled_at=evening).display_id
    assert review.submit_post(author_lib, post).post.status == "in_review"
    # 08:00 in Chicago the day after expiry: refused.
    morning = dt.datetime.combine(expiry + dt.timedelta(days=1), dt.time(8), chicago)
    late = posts.draft_post(author_lib, story, "instagram", GOOD_TEXT,
                            scheduled_at=morning).display_id
    with pytest.raises(RuleRefused, match=f"expired on {expiry}"):
        review.submit_post(author_lib, late)
