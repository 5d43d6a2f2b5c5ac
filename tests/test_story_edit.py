"""Editing a story (and correcting a subject): checked like adding, role-checked, audited
without PHI, the search index follows, and posts already drafted keep their text."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from factories import TODAY, consent, draft, subject_and_story
from sqlalchemy import select

from conftest import AUTHOR, AUTHOR_PW, COMPLIANCE, COMPLIANCE_PW
from studio.errors import AuthError, BadInput, NotFound, RuleRefused
from studio.library.library import Library, open_library
from studio.models import Post, PostRevision, Subject
from studio.workflow import consents, stories
from studio.workflow.abilities import why_not_do
from studio.workflow.audit_log import list_events
from studio.workflow.subject_edits import edit_subject, subject_details
from studio.workflow.subjects import add_subject

RTL_EMOJI = "שלום! Rosa walked 🚶🏽‍♀️ again. مرحبا بك 👨‍👩‍👧"


def _titles(lib: Library, words: str) -> list[str]:
    return [r.title for r in stories.list_stories(lib, search=words)]


def test_edit_changes_only_what_is_given_and_records_which_fields(author_lib: Library) -> None:
    _subject, story = subject_and_story(author_lib)
    before = stories.show_story(author_lib, story)
    result = stories.edit_story(author_lib, story, title="Dancing at the wedding",
                                tags=["#Rehab", " knee  surgery ", "rehab", ""])
    assert result.changed == ("title", "tags")
    assert result.row.title == "Dancing at the wedding"
    shown = stories.show_story(author_lib, story)
    assert shown.narrative == before.narrative  # not given: kept
    assert shown.tags == ("knee surgery", "rehab")
    assert shown.row.updated_at > before.row.updated_at
    event = list_events(author_lib, limit=1)[0]
    assert (event.action, event.entity) == ("story.edit", story)
    assert json.loads(event.details) == {"changed": ["title", "tags"]}


def test_clearing_the_service_line_and_tags(author_lib: Library) -> None:
    _subject, story = subject_and_story(author_lib)
    stories.edit_story(author_lib, story, service_line="Orthopedics", tags=["knee"])
    assert stories.show_story(author_lib, story).row.service_line == "Orthopedics"
    result = stories.edit_story(author_lib, story, service_line="  ", tags=[])
    assert result.changed == ("service_line", "tags")
    shown = stories.show_story(author_lib, story)
    assert shown.row.service_line == "" and shown.tags == ()


def test_saving_the_same_text_writes_nothing(author_lib: Library) -> None:
    _subject, story = subject_and_story(author_lib)
    detail = stories.show_story(author_lib, story)
    seq = list_events(author_lib, limit=1)[0].seq
    result = stories.edit_story(author_lib, story, title=f"  {detail.row.title} ",
                                narrative=detail.narrative + "\n", tags=[])
    assert result.changed == ()
    assert list_events(author_lib, limit=1)[0].seq == seq


@pytest.mark.parametrize(("fields", "message"), [
    ({"title": "   "}, "title: must not be empty"),
    ({"title": "x" * 301}, "title: is 301 characters long; the limit is 300"),
    ({"title": "Two\nlines"}, "title: must be a single line"),
    ({"title": "Call 312\u200b-555-0199"}, "title: contains the invisible character U+200B"),
    ({"narrative": ""}, "story text: must not be empty"),
    ({"narrative": "null \x00 byte"}, "story text: contains a NUL byte"),
    ({"narrative": "evil \u202egnp.exe"}, "story text: contains the invisible character U+202E"),
    ({"narrative": "x" * 200_001}, "story text: is 200,001 characters long"),
    ({"service_line": "Ortho\x07"}, "service line: contains the control character U+0007"),
    ({"tags": ["t" * 61]}, "tag: is 61 characters long; the limit is 60"),
])
def test_bad_input_is_refused_and_nothing_changes(author_lib: Library, fields: dict[str, object],
                                                  message: str) -> None:
    _subject, story = subject_and_story(author_lib)
    before = stories.show_story(author_lib, story)
    seq = list_events(author_lib, limit=1)[0].seq
    with pytest.raises(BadInput) as refused:
        stories.edit_story(author_lib, story, **fields)  # type: ignore[arg-type]
    assert str(refused.value).startswith(message)
    assert stories.show_story(author_lib, story) == before
    assert list_events(author_lib, limit=1)[0].seq == seq


def test_an_unknown_story_is_named(author_lib: Library) -> None:
    with pytest.raises(NotFound, match="no story S-99"):
        stories.edit_story(author_lib, "S-99", title="New")


def test_a_compliance_officer_may_not_edit_and_is_told_why(author_lib: Library) -> None:
    _subject, story = subject_and_story(author_lib)
    path = author_lib.layout.root
    author_lib.close()
    with open_library(path, COMPLIANCE, password=COMPLIANCE_PW) as lib:
        reason = why_not_do(lib, "story.edit")
        assert reason == "story edit needs the author role, which casey lacks"
        with pytest.raises(AuthError, match="story edit needs the author role"):
            stories.edit_story(lib, story, title="Changed by the wrong person")
        with pytest.raises(AuthError, match="subject edit needs the author role"):
            edit_subject(lib, "PT-1", name="Rosa Alvarado-Reyes")
        assert stories.show_story(lib, story).row.title == "Back on her feet"


def test_audit_details_never_hold_story_text_or_names(author_lib: Library) -> None:
    subject, story = subject_and_story(author_lib)
    stories.edit_story(author_lib, story, title="Zanzibarquux marathon",
                       narrative="Quizzlewick ran the marathon.", service_line="Plughorn",
                       tags=["flibbertag"])
    edit_subject(author_lib, subject, name="Rosa Wobblesnatch", email="rosa@example.org",
                 phone="312-555-0100")
    details = " ".join(e.details for e in list_events(author_lib, limit=50))
    for secret in ("Zanzibarquux", "Quizzlewick", "Plughorn", "flibbertag", "Wobblesnatch",
                   "rosa@example", "555-0100", "Back on her feet", "knee surgery"):
        assert secret.lower() not in details.lower()
    assert json.loads(list_events(author_lib, limit=1)[0].details) == {
        "changed": ["name", "email", "phone"]}


def test_search_finds_the_new_words_and_not_the_old(author_lib: Library) -> None:
    _subject, story = subject_and_story(author_lib)
    assert _titles(author_lib, "knee") == ["Back on her feet"]
    stories.edit_story(author_lib, story, title="Marathon morning",
                       narrative="She ran her first marathon after hip surgery.",
                       service_line="Sports medicine", tags=["running"])
    assert _titles(author_lib, "knee") == []
    assert _titles(author_lib, "feet") == []
    assert _titles(author_lib, "marathon") == ["Marathon morning"]
    assert _titles(author_lib, "hip") == ["Marathon morning"]
    assert _titles(author_lib, "running") == ["Marathon morning"]
    assert _titles(author_lib, "sports medicine") == ["Marathon morning"]


def test_right_to_left_and_emoji_text_round_trips(author_lib: Library) -> None:
    _subject, story = subject_and_story(author_lib)
    stories.edit_story(author_lib, story, narrative=RTL_EMOJI, title="שלום 🌷")
    shown = stories.show_story(author_lib, story)
    assert shown.narrative == RTL_EMOJI and shown.row.title == "שלום 🌷"
    assert _titles(author_lib, "مرحبا") == ["שלום 🌷"]


def test_posts_already_drafted_keep_their_text(author_lib: Library) -> None:
    subject, story = subject_and_story(author_lib)
    consent(author_lib, subject)
    post = draft(author_lib, story)
    with author_lib.read() as session:
        before = session.execute(select(PostRevision.text, PostRevision.digest)
                                 .join(Post, Post.current_revision_id == PostRevision.id)).one()
    stories.edit_story(author_lib, story, narrative="An entirely different story text.")
    with author_lib.read() as session:
        after = session.execute(select(PostRevision.text, PostRevision.digest)
                                .join(Post, Post.current_revision_id == PostRevision.id)).one()
        assert session.scalar(select(Post.status).where(Post.id == int(post[2:]))) == "draft"
    assert after == before


def test_service_lines_in_use_and_tags_typed_in_one_field(author_lib: Library) -> None:
    person = add_subject(author_lib, "Lina Haddad")
    for title, line in (("A", "Cardiology"), ("B", "Maternity"), ("C", "Cardiology"),
                        ("D", None)):
        stories.add_story(author_lib, person.display_id, title, "Text.", service_line=line)
    assert stories.service_lines(author_lib) == ["Cardiology", "Maternity"]
    assert stories.split_tags("Knee, #rehab;  ,rehab , long   walk") == [
        "knee", "long walk", "rehab"]


def _subject(lib: Library, display_id: str) -> Subject:
    with lib.read() as session:
        person = session.get_one(Subject, int(display_id[3:]))
        session.expunge(person)
        return person


def test_correcting_a_subject_name_and_contact(author_lib: Library) -> None:
    person = add_subject(author_lib, "Rosa Alvarado", email="rosa@example.org",
                         phone="312-555-0101")
    result = edit_subject(author_lib, person.display_id, name="Rosa Alvarado-Reyes",
                          first_name="", email="", phone="312-555-0199")
    assert result.changed == ("name", "email", "phone")  # first name stays "Rosa"
    stored = _subject(author_lib, person.display_id)
    assert (stored.name, stored.first_name, stored.email, stored.phone) == (
        "Rosa Alvarado-Reyes", "Rosa", None, "312-555-0199")
    with pytest.raises(BadInput, match="email: 'rosa@' is not an email address"):
        edit_subject(author_lib, person.display_id, email="rosa@")
    with pytest.raises(BadInput, match="date of birth: .* is in the future"):
        edit_subject(author_lib, person.display_id,
                     dob=(TODAY + dt.timedelta(days=3)).isoformat())


def test_a_birth_date_that_would_void_a_signed_consent_is_refused(author_lib: Library) -> None:
    subject, _story = subject_and_story(author_lib, dob="1970-05-01")
    signed = consent(author_lib, subject)
    # Still an adult on the signing day: a typo fix is fine.
    assert edit_subject(author_lib, subject, dob="1971-05-01").changed == ("date_of_birth",)
    minor_then = (TODAY - dt.timedelta(days=365 * 15)).isoformat()
    with pytest.raises(RuleRefused, match=f"was a minor when {signed} was signed.*revoke"):
        edit_subject(author_lib, subject, dob=minor_then)
    assert _subject(author_lib, subject).date_of_birth == dt.date(1971, 5, 1)
    consents.revoke_consent(author_lib, signed, reason="Signed by the wrong person")
    assert edit_subject(author_lib, subject, dob=minor_then).changed == ("date_of_birth",)


def test_clearing_a_minor_birth_date_under_a_parent_consent_is_refused(
        author_lib: Library) -> None:
    child_dob = (TODAY - dt.timedelta(days=365 * 10)).isoformat()
    subject, _story = subject_and_story(author_lib, name="Mia Chen", dob=child_dob)
    signed = consent(author_lib, subject, signer_type="parent", signer_name="Li Chen",
                     signer_authority="mother")
    with pytest.raises(RuleRefused, match=f"was an adult when {signed} was signed"):
        edit_subject(author_lib, subject, dob="")


def test_a_birth_date_after_a_signed_consent_is_refused(author_lib: Library) -> None:
    child_dob = (TODAY - dt.timedelta(days=365 * 10)).isoformat()
    subject, _story = subject_and_story(author_lib, name="Mia Chen", dob=child_dob)
    signed = consent(author_lib, subject, signer_type="parent", signer_name="Li Chen",
                     signer_authority="mother", signed_days_ago=10)
    # Still a minor then, so the minor rule alone would let it through: born after signing.
    born_later = (TODAY - dt.timedelta(days=3)).isoformat()
    with pytest.raises(RuleRefused, match=f"is after .* the day {signed} was signed"):
        edit_subject(author_lib, subject, dob=born_later)
    assert _subject(author_lib, subject).date_of_birth == dt.date.fromisoformat(child_dob)
    consents.revoke_consent(author_lib, signed, reason="Wrong date of birth")
    assert edit_subject(author_lib, subject, dob=born_later).changed == ("date_of_birth",)
    # And the same fact from the other side: no consent signed before the birth.
    with pytest.raises(RuleRefused, match="consent.signed_on: .* is before .* date of birth"):
        consent(author_lib, subject, signer_type="parent", signer_name="Li Chen",
                signer_authority="mother", signed_days_ago=10)


def test_subject_details_are_what_the_edit_dialog_starts_from(author_lib: Library) -> None:
    person = add_subject(author_lib, "Rosa Alvarado", email="rosa@example.org", dob="1970-05-01")
    details = subject_details(author_lib, person.display_id)
    assert (details.name, details.first_name, details.date_of_birth, details.email,
            details.phone) == ("Rosa Alvarado", "Rosa", dt.date(1970, 5, 1),
                               "rosa@example.org", "")
    with pytest.raises(NotFound):
        subject_details(author_lib, "PT-999")


def test_the_command_line_edits_too(library_path: Path, tmp_path: Path) -> None:
    from test_cli import as_user, run

    env = as_user(library_path, AUTHOR, AUTHOR_PW)
    assert run("subject", "add", "--name", "Ana Example", env=env).returncode == 0
    text = tmp_path / "story.txt"
    text.write_text("Ana walked again.", encoding="utf-8")
    assert run("story", "add", "--subject", "PT-1", "--title", "Walking", "--text-file",
               str(text), "--tag", "rehab", env=env).returncode == 0
    text.write_text("Ana ran the 5K. ✨ שלום", encoding="utf-8")
    edited = run("--json", "story", "edit", "S-1", "--text-file", str(text), "--no-tags",
                 "--service-line", "Sports medicine", env=env)
    assert edited.returncode == 0, edited.stderr
    assert json.loads(edited.stdout) == {"id": "S-1",
                                         "changed": ["narrative", "service_line", "tags"]}
    shown = json.loads(run("--json", "story", "show", "S-1", env=env).stdout)
    assert (shown["text"], shown["tags"]) == ("Ana ran the 5K. ✨ שלום", [])
    again = run("story", "edit", "S-1", "--title", "Walking", env=env)
    assert again.stdout.strip() == "S-1: nothing to change"
    bad = run("story", "edit", "S-1", "--title", "", env=env)
    assert bad.returncode == 2 and "title: must not be empty" in bad.stderr
    fixed = run("subject", "edit", "PT-1", "--name", "Ana Example-Ruiz", "--email", "",
                env=env)
    assert fixed.returncode == 0 and fixed.stdout.strip() == "PT-1: changed name"
    officer = run("story", "edit", "S-1", "--title", "No",
                  env=as_user(library_path, COMPLIANCE, COMPLIANCE_PW))
    assert officer.returncode == 3 and "needs the author role" in officer.stderr
