"""Consent capture and revocation through the real wizard, signature pad and dialogs."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from factories import consent, draft, subject_and_story
from PIL import Image
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from ui_fixtures import WAIT_MS, UiHarness, close_library, ui_thread_statements
from ui_flows import (
    answer_file_dialogs,
    click_option,
    consents_page,
    next_page,
    open_wizard,
    sign,
    tick,
)

from conftest import AUTHOR, AUTHOR_PW, COMPLIANCE
from studio.library.library import Library, open_library
from studio.ui.consent.revoke import RevokeDialog
from studio.ui.consent.saved_dialog import SavedFormDialog
from studio.ui.consent.takedown import TakedownDialog
from studio.workflow.audit_log import list_events
from studio.workflow.consent_queries import list_consents


def test_consent_wizard_end_to_end_with_a_drawn_signature(
        qtbot: QtBot, harness: UiHarness, author_lib: Library, tmp_path: Path) -> None:
    subject_and_story(author_lib)
    window = harness.window(close_library(author_lib), AUTHOR)
    wizard = open_wizard(qtbot, window)
    assert "years old on the signing date." in wizard.who.age_label.text()
    next_page(qtbot, wizard)
    scope = wizard.scope
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # nothing ticked
    tick(qtbot, scope.channel_boxes[1]["instagram"], scope.channel_boxes[1]["facebook"],
         scope.use_boxes[1]["first-name"], scope.use_boxes[1]["photo"])
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    next_page(qtbot, wizard)
    statements = wizard.statements.text.toPlainText()
    assert "You may cancel (revoke) this authorization at any time" in statements
    assert "Rosa Alvarado" in statements and "Instagram" in statements
    click_option(qtbot, wizard.statements.spanish)
    assert "Puede cancelar (revocar)" in wizard.statements.text.toPlainText()
    next_page(qtbot, wizard)
    pad = wizard.signature.pad
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    sign(qtbot, pad)
    assert not pad.is_empty() and wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    qtbot.mouseClick(wizard.signature.clear_button, Qt.MouseButton.LeftButton)
    assert pad.is_empty() and not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    sign(qtbot, pad)
    image = Image.open(io.BytesIO(pad.to_png()))
    assert image.format == "PNG"
    inked = image.convert("L").histogram()[:128]
    assert sum(inked) > 200  # the strokes are on it, not just a white box
    next_page(qtbot, wizard)
    summary = wizard.review.summary.text()
    assert "Facebook, Instagram" in summary and "drawn on screen" in summary
    assert "Español" in summary
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.saved_row is not None, timeout=WAIT_MS)
    assert wizard.saved_row is not None and wizard.saved_row.display_id == "C-1"
    page = consents_page(window)
    qtbot.waitUntil(lambda: bool(page.findChildren(SavedFormDialog)), timeout=WAIT_MS)
    saved = page.findChildren(SavedFormDialog)[0]
    out = tmp_path / "chosen" / "form.pdf"
    out.parent.mkdir()
    saved.save_to(out)
    qtbot.waitUntil(lambda: saved.saved_path == out, timeout=WAIT_MS)
    assert saved.open_button.isEnabled()
    assert any(e.action == "consent.form_export" and e.entity == "C-1"
               for e in list_events(window.ctx.lib))  # the plaintext copy is on record
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Rosa Alvarado" in text and "C-1" in text
    rows = list_consents(window.ctx.lib)
    assert [r.consent.channels for r in rows] == [("facebook", "instagram")]
    assert rows[0].consent.status == "active"
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT_MS)


def test_a_minor_cannot_sign_and_the_workflow_says_why(
        qtbot: QtBot, harness: UiHarness, author_lib: Library) -> None:
    born = dt.date.today().replace(year=dt.date.today().year - 12, day=1)
    subject_and_story(author_lib, "Lior Child", dob=born.isoformat())
    window = harness.window(close_library(author_lib), AUTHOR)
    wizard = open_wizard(qtbot, window)
    who = wizard.who
    assert "a minor" in who.age_label.text()
    assert who.representative_radio.isChecked()  # suggested, because the workflow says minor
    click_option(qtbot, who.patient_radio)
    next_page(qtbot, wizard)
    assert wizard.currentPage() is who
    assert who.error_label.text().startswith("consent.minor: PT-1 was")
    assert "parent or guardian must sign" in who.error_label.text()
    assert "--" not in who.error_label.text()
    click_option(qtbot, who.representative_radio)
    qtbot.keyClicks(who.rep_name, "Ada Child")
    next_page(qtbot, wizard)
    assert wizard.currentPage() is who and "authority" in who.error_label.text()
    qtbot.keyClicks(who.authority, "Mother and legal guardian")
    next_page(qtbot, wizard)
    assert wizard.currentPage() is wizard.scope


def test_the_who_page_reads_on_the_worker_and_drops_answers_for_an_earlier_choice(
        qtbot: QtBot, harness: UiHarness, author_lib: Library) -> None:
    born = dt.date.today().replace(year=dt.date.today().year - 12, day=1)
    subject_and_story(author_lib)                                   # PT-1, an adult
    subject_and_story(author_lib, "Lior Child", dob=born.isoformat())  # PT-2, a minor
    lib = open_library(close_library(author_lib), AUTHOR, password=AUTHOR_PW)
    with ui_thread_statements(lib) as on_ui_thread:
        window = harness.window_on(lib)
        wizard = open_wizard(qtbot, window, "PT-1")
        who = wizard.who
        assert who.facts is not None and who.facts.subject == "PT-1"
        assert who.patient_radio.isChecked()
        who.subject_combo.setCurrentIndex(who.subject_combo.findData("PT-2"))
        assert who.facts is None and who.age_label.text() == "Checking…" and who.checking
        who.subject_combo.setCurrentIndex(who.subject_combo.findData("PT-1"))  # changed mind
        harness.idle()                                              # both answers are in
        assert who.facts is not None and who.facts.subject == "PT-1"
        assert who.patient_radio.isChecked()    # PT-2's "a minor" came late and was dropped
        assert "years old on the signing date." in who.age_label.text()
        who.subject_combo.setCurrentIndex(who.subject_combo.findData("PT-2"))
        qtbot.waitUntil(lambda: not who.checking, timeout=WAIT_MS)
        assert "a minor" in who.age_label.text() and who.representative_radio.isChecked()
        click_option(qtbot, who.patient_radio)
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton),
                         Qt.MouseButton.LeftButton)
        assert who.error_label.text() == "Checking…" and wizard.currentPage() is who
        qtbot.waitUntil(lambda: not who.checking, timeout=WAIT_MS)
        assert who.error_label.text().startswith("consent.minor: PT-2 was")
        assert wizard.currentPage() is who
        click_option(qtbot, who.representative_radio)
        qtbot.keyClicks(who.rep_name, "Ada Child")
        qtbot.keyClicks(who.authority, "Mother and legal guardian")
        who.signed_on.setDate(who.signed_on.date().addDays(-1))     # the facts are re-read
        assert who.facts is None
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton),  # Next at once:
                         Qt.MouseButton.LeftButton)                 # asked once they are in
        assert wizard.currentPage() is who and who.error_label.text() == "Checking…"
        qtbot.waitUntil(lambda: wizard.currentPage() is wizard.scope, timeout=WAIT_MS)
        harness.idle()
    assert on_ui_thread == []


def test_revoking_shows_the_takedown_list_and_saves_it_as_csv(
        qtbot: QtBot, harness: UiHarness, author_lib: Library, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    subject, story = subject_and_story(author_lib)
    consent(author_lib, subject)
    draft(author_lib, story)
    window = harness.window(close_library(author_lib), COMPLIANCE)  # compliance may revoke
    page = consents_page(window)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT_MS)
    assert not page.new_button.isEnabled()
    assert "needs the author role" in page.new_button.toolTip()
    qtbot.waitUntil(page.revoke_button.isEnabled, timeout=WAIT_MS)  # the workflow answered
    qtbot.mouseClick(page.revoke_button, Qt.MouseButton.LeftButton)
    dialog = page.findChildren(RevokeDialog)[0]
    qtbot.mouseClick(dialog.revoke_button, Qt.MouseButton.LeftButton)  # no reason given
    qtbot.waitUntil(lambda: dialog.error_label.text() != "", timeout=WAIT_MS)
    assert "Say how and why the revocation came in" in dialog.error_label.text()
    qtbot.keyClicks(dialog.reason, "Letter from the patient.")
    qtbot.mouseClick(dialog.revoke_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.findChildren(TakedownDialog)), timeout=WAIT_MS)
    takedown = page.findChildren(TakedownDialog)[0]
    assert takedown.model.rowCount() == 1 and takedown.model.item(0, 0).text() == "P-1"
    assert "1 post(s) were withdrawn; 0 of them" in takedown.summary.text()
    out = tmp_path / "takedown"                   # the suffix is added when it is missing
    asked = answer_file_dialogs(monkeypatch, file=out)
    qtbot.mouseClick(takedown.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: takedown.saved_path is not None, timeout=WAIT_MS)
    assert asked == [f"Save the take-down list|{Path.home() / 'C-1-takedown.csv'}|"
                     "CSV files (*.csv)"]
    out = tmp_path / "takedown.csv"
    assert takedown.saved_path == out and takedown.result_label.text() == f"Saved to {out}"
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "post,channel,scheduled_at,status_before,exports,must_act"
    assert lines[1].startswith("P-1,instagram,") and lines[1].endswith(",draft,,no")
    qtbot.waitUntil(lambda: page.selected() is not None
                    and page.selected().consent.status == "revoked"
                    and "already revoked" in page.revoke_button.toolTip(), timeout=WAIT_MS)
    assert not page.revoke_button.isEnabled()



def revoke_through_the_page(qtbot: QtBot, harness: UiHarness, author_lib: Library
                            ) -> TakedownDialog:
    """A draft Instagram post relying on C-1, whose consent compliance revokes in the window."""
    subject, story = subject_and_story(author_lib)
    consent(author_lib, subject)
    draft(author_lib, story)
    window = harness.window(close_library(author_lib), COMPLIANCE)
    page = consents_page(window)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT_MS)
    qtbot.waitUntil(page.revoke_button.isEnabled, timeout=WAIT_MS)  # the workflow's answer
    qtbot.mouseClick(page.revoke_button, Qt.MouseButton.LeftButton)
    dialog = page.findChildren(RevokeDialog)[0]
    qtbot.keyClicks(dialog.reason, "Letter from the patient.")
    qtbot.mouseClick(dialog.revoke_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.findChildren(TakedownDialog)), timeout=WAIT_MS)
    return page.findChildren(TakedownDialog)[0]


def test_the_takedown_list_saves_as_a_pdf_on_record(
        qtbot: QtBot, harness: UiHarness, author_lib: Library, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    takedown = revoke_through_the_page(qtbot, harness, author_lib)
    out = tmp_path / "chosen" / "list.pdf"
    out.parent.mkdir()
    asked = answer_file_dialogs(monkeypatch, file=out)
    qtbot.mouseClick(takedown.pdf_button, Qt.MouseButton.LeftButton)
    assert not takedown.pdf_button.isEnabled()            # one save at a time
    qtbot.waitUntil(lambda: takedown.saved_path == out, timeout=WAIT_MS)
    assert asked[0].endswith("|PDF files (*.pdf)") and takedown.pdf_button.isEnabled()
    assert takedown.result_label.text() == f"Saved to {out}"
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Take-down list for consent C-1" in text and "P-1" in text and "Instagram" in text
    event = list_events(takedown.ctx.lib, limit=1)[0]
    assert (event.action, event.entity, event.actor) == \
        ("consent.takedown_export", "C-1", COMPLIANCE)


def test_saving_into_a_read_only_folder_says_so_and_leaves_no_file(
        qtbot: QtBot, harness: UiHarness, author_lib: Library, read_only_folder: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    takedown = revoke_through_the_page(qtbot, harness, author_lib)
    out = read_only_folder / "list.pdf"
    answer_file_dialogs(monkeypatch, file=out)
    qtbot.mouseClick(takedown.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: takedown.result_label.text().startswith("Could not save"),
                    timeout=WAIT_MS)
    assert re.fullmatch(f"Could not save {re.escape(str(out))}: (Permission denied|Operation "
                        "not permitted). Nothing was written; choose another folder.",
                        takedown.result_label.text())  # root: the folder is immutable
    assert takedown.saved_path is None and takedown.pdf_button.isEnabled()
    assert list(read_only_folder.iterdir()) == []
    assert list_events(takedown.ctx.lib, limit=1)[0].action != "consent.takedown_export"


def test_cancelling_the_file_dialog_writes_nothing(
        qtbot: QtBot, harness: UiHarness, author_lib: Library,
        monkeypatch: pytest.MonkeyPatch) -> None:
    takedown = revoke_through_the_page(qtbot, harness, author_lib)
    answer_file_dialogs(monkeypatch, file=None)
    qtbot.mouseClick(takedown.pdf_button, Qt.MouseButton.LeftButton)
    assert takedown.result_label.text() == "" and takedown.pdf_button.isEnabled()
