"""The take-down list saved as CSV or PDF through the workflow: parsed back, on the record."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from exporters.builders import PostSpec, build
from factories import consent as consent_for
from factories import subject_and_story
from pypdf import PdfReader

from conftest import ADMIN, ADMIN_PW, AUTHOR, AUTHOR_PW
from studio.errors import BadInput, RuleRefused
from studio.exporters.takedown import TakedownSheet, takedown_csv, takedown_pdf
from studio.library.library import Library, open_library
from studio.workflow import consents
from studio.workflow.audit_log import list_events
from studio.workflow.exports import export_posts
from studio.workflow.settings import set_setting
from studio.workflow.takedown import TakedownItem
from studio.workflow.takedown_list import save_takedown_list


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def revoked(library_path: Path, tmp_path: Path, *, method: str = "in writing"
            ) -> tuple[Library, str, list[TakedownItem]]:
    """Two exported posts (Instagram, Facebook) and one approved after the export, revoked."""
    built = build(library_path, [PostSpec(channel="instagram", days=3),
                                 PostSpec(channel="facebook", days=4, with_photo=False),
                                 PostSpec(channel="linkedin", days=5, with_photo=False)])
    lib = open_library(library_path, AUTHOR, password=AUTHOR_PW)
    export_posts(lib, tmp_path / "exported", channels=["instagram", "facebook"])
    _row, items = consents.revoke_consent(lib, built.consent, reason="Letter from the patient.",
                                          method=method)
    return lib, built.consent, items


def test_the_pdf_names_every_post_channel_and_export_and_is_on_record(
        library_path: Path, tmp_path: Path) -> None:
    lib, consent, items = revoked(library_path, tmp_path)
    try:
        assert [(i.post, i.exports) for i in items] == \
            [("P-1", ("E-1",)), ("P-2", ("E-1",)), ("P-3", ())]
        out = save_takedown_list(lib, consent, items, tmp_path / "list.pdf", fmt="pdf")
        events = list_events(lib, limit=1)
    finally:
        lib.close()
    data = out.read_bytes()
    text = pdf_text(data)
    for expected in ("P-1", "P-2", "P-3", "Instagram", "Facebook", "LinkedIn", "E-1",
                     f"consent {consent}", "Lakeside Community Hospital (test)",
                     f"received on {dt.date.today().isoformat()}, in writing",
                     "Take it down", "None: it never left", "Done by (initials, date)"):
        assert expected in text, expected
    assert "Generated " in text and f"({lib.timezone.key})" in text
    assert "Rosa" not in text and "Back on her feet" not in text  # no patient or story data
    event = events[0]
    assert (event.action, event.entity, event.actor) == \
        ("consent.takedown_export", consent, AUTHOR)
    assert json.loads(event.details) == {"file": "list.pdf", "format": "pdf",
                             "posts": ["P-1", "P-2", "P-3"],
                             "sha256": hashlib.sha256(data).hexdigest()}


def test_the_csv_goes_through_the_same_call_and_parses(
        library_path: Path, tmp_path: Path) -> None:
    lib, consent, items = revoked(library_path, tmp_path)
    try:
        out = save_takedown_list(lib, consent, items, tmp_path / "list.csv", fmt="csv")
        event = list_events(lib, limit=1)[0]
    finally:
        lib.close()
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert rows[0] == ["post", "channel", "scheduled_at", "status_before", "exports",
                       "must_act"]
    assert [(r[0], r[1], r[3], r[4], r[5]) for r in rows[1:]] == [
        ("P-1", "instagram", "exported", "E-1", "yes"),
        ("P-2", "facebook", "exported", "E-1", "yes"),
        ("P-3", "linkedin", "approved", "", "no")]
    assert event.action == "consent.takedown_export"
    assert json.loads(event.details)["format"] == "csv"


def test_right_to_left_and_emoji_text_prints_without_the_missing_glyphs(
        library_path: Path, tmp_path: Path) -> None:
    with open_library(library_path, ADMIN, password=ADMIN_PW) as admin:
        set_setting(admin, "organization", "مستشفى Lakeside 🏥 בית חולים")
    lib, consent, items = revoked(library_path, tmp_path, method="by email 📧 בדואר")
    try:
        out = save_takedown_list(lib, consent, items, tmp_path / "rtl.pdf", fmt="pdf")
    finally:
        lib.close()
    text = pdf_text(out.read_bytes())
    assert "Lakeside" in text and "by email" in text and "P-3" in text
    assert "🏥" not in text  # DejaVu has no glyph for it: left out, the rest still prints


def test_a_long_list_runs_over_pages_and_keeps_every_row() -> None:
    zone = ZoneInfo("America/Chicago")
    items = [TakedownItem(f"P-{n}", "instagram", dt.datetime(2026, 5, 1, 15, tzinfo=dt.UTC),
                          "exported", (f"E-{n}",)) for n in range(1, 121)]
    sheet = TakedownSheet("C-9", "Lakeside", dt.date(2026, 4, 30), "by phone, then in writing",
                          dt.datetime(2026, 5, 1, 18, 5, tzinfo=dt.UTC), zone, items)
    data = takedown_pdf(sheet)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) > 2
    text = pdf_text(data)
    assert all(f"P-{n} " in text and f"E-{n}" in text for n in range(1, 121))
    assert "2026-05-01 10:00" in text                    # 15:00 UTC in Chicago (CDT)
    assert "Generated 2026-05-01 13:05 (America/Chicago)" in text
    assert text.count("Done by (initials, date)") == len(reader.pages)  # headings repeat


def test_an_empty_list_says_nothing_needs_taking_down() -> None:
    sheet = TakedownSheet("C-2", "Lakeside", dt.date(2026, 4, 30), "in person",
                          dt.datetime(2026, 5, 1, tzinfo=dt.UTC), ZoneInfo("UTC"), [])
    assert "nothing needs taking down" in pdf_text(takedown_pdf(sheet))


def test_csv_cells_that_look_like_formulas_are_neutralised() -> None:
    item = TakedownItem("=cmd|' /C calc'!A0", " +x", None, "exported", ("E-1",))
    rows = list(csv.reader(io.StringIO(takedown_csv([item], dt.UTC).decode("utf-8-sig"))))
    assert rows[1][:2] == ["'=cmd|' /C calc'!A0", "' +x"]


def test_a_folder_that_cannot_be_written_leaves_no_file_and_no_record(
        library_path: Path, tmp_path: Path, read_only_folder: Path) -> None:
    lib, consent, items = revoked(library_path, tmp_path)
    try:
        seq = list_events(lib, limit=1)[0].seq
        with pytest.raises(PermissionError):
            save_takedown_list(lib, consent, items, read_only_folder / "list.pdf", fmt="pdf")
        assert list_events(lib, limit=1)[0].seq == seq
    finally:
        lib.close()
    assert list(read_only_folder.iterdir()) == []


def test_refusals_name_the_problem(library_path: Path, tmp_path: Path) -> None:
    lib, consent, items = revoked(library_path, tmp_path)
    try:
        with pytest.raises(BadInput, match="'docx' is not one of csv, pdf"):
            save_takedown_list(lib, consent, items, tmp_path / "x.docx", fmt="docx")
        with pytest.raises(BadInput, match="no such folder"):
            save_takedown_list(lib, consent, items, tmp_path / "nope" / "x.pdf", fmt="pdf")
        subject, _story = subject_and_story(lib, "Ben Ortiz")
        active = consent_for(lib, subject)
        with pytest.raises(RuleRefused, match=f"{active} is not revoked, so it has no "):
            save_takedown_list(lib, active, [], tmp_path / "x.pdf", fmt="pdf")
    finally:
        lib.close()
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "x.docx").exists()
