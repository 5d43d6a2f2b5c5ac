"""The whole path through real windows, one person at a time, as the issue asks for it:
a new library (the administrator's, with an author and a compliance officer), the author
records the patient's consent with the wizard and writes and submits a post in the composer,
the officer approves it with the e-signature dialog, and the Exports screen sends it out as
an .ics file that a real parser reads back.

Only the subject and the story are made through the workflow: no screen adds them yet.
"""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest
import shiboken6
from factories import photo, subject_and_story
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWizard
from pytestqt.qtbot import QtBot
from ui_fixtures import PASSWORDS, WAIT_MS, UiHarness, close_library
from ui_flows import (
    answer_file_dialogs,
    click_option,
    exports_page,
    next_page,
    open_composer,
    open_wizard,
    review_page,
    run_export,
    show_tab,
    sign,
    tick,
    type_and_wait,
)

from conftest import AUTHOR, COMPLIANCE
from studio.exporters.ics import post_uid
from studio.library.library import Library
from studio.ui.compose.justify_dialog import JustifyDialog
from studio.ui.review.approve_dialog import ApproveDialog
from studio.workflow.post_queries import show_post

TEXT = "Rosa is walking again. Thank you to everyone who cheered her on!"


def test_consent_post_approval_and_export_through_the_windows(
        qtbot: QtBot, harness: UiHarness, author_lib: Library, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    subject, story = subject_and_story(author_lib)
    photo(author_lib, story, [subject])
    path = close_library(author_lib)

    # The author records the consent with the patient present.
    author = harness.window(path, AUTHOR)
    wizard = open_wizard(qtbot, author, subject)
    next_page(qtbot, wizard)
    scope = wizard.scope
    tick(qtbot, scope.channel_boxes[1]["instagram"], scope.use_boxes[1]["first-name"],
         scope.use_boxes[1]["photo"])
    next_page(qtbot, wizard)
    next_page(qtbot, wizard)
    sign(qtbot, wizard.signature.pad)
    next_page(qtbot, wizard)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.saved_row is not None, timeout=WAIT_MS)
    assert wizard.saved_row is not None
    assert (wizard.saved_row.display_id, wizard.saved_row.status) == ("C-1", "active")

    # ...then writes the Instagram post with the photo and submits it.
    composer = open_composer(qtbot, author, story)
    show_tab(composer, "instagram")
    editor = composer.editor()
    editor.media.list.item(0).setCheckState(Qt.CheckState.Checked)
    assert editor.schedule_box.isChecked()                 # tomorrow 09:00 by default
    type_and_wait(qtbot, composer, TEXT)
    assert not [f for f in composer.findings.findings if f.severity == "error"]
    qtbot.mouseClick(composer.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "waiting for review" in composer.message.text()
                    or bool(composer.findChildren(JustifyDialog)), timeout=WAIT_MS)
    for dialog in composer.findChildren(JustifyDialog):   # any warning needs words
        for edit in dialog.edits.values():
            qtbot.keyClicks(edit, "Checked with the patient.")
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "P-1 is waiting for review" in composer.message.text(),
                    timeout=WAIT_MS)
    harness.close(author)

    # The compliance officer approves it, signing with the password.
    officer = harness.window(path, COMPLIANCE)
    view = review_page(qtbot, officer).packet_view
    assert view.packet is not None and view.packet.detail.row.display_id == "P-1"
    qtbot.keyClicks(view.comment, "Consent C-1 covers it.")
    qtbot.mouseClick(view.approve_button, Qt.MouseButton.LeftButton)
    approve = view.findChildren(ApproveDialog)[0]
    qtbot.keyClicks(approve.password, PASSWORDS[COMPLIANCE])
    qtbot.mouseClick(approve.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(approve) or not approve.isVisible(),
                    timeout=WAIT_MS)
    assert show_post(officer.ctx.lib, "P-1").row.status == "approved"

    # The Exports screen sends the calendar out.
    page = exports_page(officer)
    click_option(qtbot, page.form.calendar_radio)
    answer_file_dialogs(monkeypatch, file=tmp_path / "calendar.ics")
    qtbot.mouseClick(page.form.browse_button, Qt.MouseButton.LeftButton)
    run_export(qtbot, page)
    assert page.outcome == "done", page.message.text()
    assert page.summary.title.text() == "E-1: 1 post(s) exported in 1 file(s); 0 blocked."
    cal = icalendar.Calendar.from_ical((tmp_path / "calendar.ics").read_bytes())
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == post_uid(officer.ctx.lib.library_id, 1)
    assert str(event["DESCRIPTION"]) == TEXT
    assert str(event["SUMMARY"]) == "Instagram: Back on her feet"  # the story's title
    assert show_post(officer.ctx.lib, "P-1").row.status == "exported"
