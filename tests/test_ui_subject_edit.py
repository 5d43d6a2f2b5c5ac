"""Edit patient: the real dialog, from the story view and from the patient picker, offscreen,
on a real library; the workflow (edit_subject) decides and the dialog shows its words."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import shiboken6
from factories import consent, subject_and_story
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from ui_fixtures import WAIT_MS, UiHarness, close_library

from conftest import AUTHOR, COMPLIANCE
from studio.library.library import Library
from studio.ui.main_window import MainWindow
from studio.ui.pages.stories import StoriesPage
from studio.ui.pages.story_view import StoryView
from studio.ui.story.edit_subject_dialog import EditSubjectDialog
from studio.ui.story.new_story_dialog import NewStoryDialog
from studio.workflow.audit_log import list_events
from studio.workflow.subject_edits import subject_details

LEFT = Qt.MouseButton.LeftButton
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
RTL_EMOJI_NAME = "רוזה Alvarado-Reyes 👩🏽‍⚕️ مرحبا"
TODAY = dt.date.today()


@pytest.fixture
def story_path(author_lib: Library) -> Path:
    """Rosa (PT-1, born 1970) with story S-1 and a consent signed 10 days ago; Teo (PT-2,
    no date of birth) with story S-2 and no consent."""
    subject, _story = subject_and_story(author_lib)
    consent(author_lib, subject)
    subject_and_story(author_lib, name="Teo Marsh", dob=None)
    return close_library(author_lib)


def _open_story(qtbot: QtBot, window: MainWindow, story: str = "S-1") -> StoryView:
    window.open_item(story)
    page = window.page("stories")
    assert isinstance(page, StoriesPage)
    view = page.story_view
    assert isinstance(view, StoryView) and view.display_id == story
    qtbot.waitUntil(lambda: view.overview is not None, timeout=WAIT_MS)
    return view


def _loaded(qtbot: QtBot, dialog: EditSubjectDialog | None) -> EditSubjectDialog:
    assert isinstance(dialog, EditSubjectDialog)
    qtbot.waitUntil(lambda: dialog.details is not None and dialog.isVisible(), timeout=WAIT_MS)
    return dialog


def _closed(qtbot: QtBot, dialog: QWidget) -> None:
    """Wait for a saved dialog to close (it deletes itself once finished)."""
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(),
                    timeout=WAIT_MS)


def _retype(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Select all and paste ``text``, as a person correcting a field would."""
    widget.setFocus()
    widget.selectAll()  # type: ignore[attr-defined]
    QApplication.clipboard().setText(text)
    qtbot.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def _save_refused(qtbot: QtBot, dialog: EditSubjectDialog) -> str:
    dialog.error_label.clear()
    qtbot.mouseClick(dialog.add_button, LEFT)
    qtbot.waitUntil(lambda: bool(dialog.error_label.text()) and dialog.add_button.isEnabled(),
                    timeout=WAIT_MS)
    assert dialog.isVisible()
    return dialog.error_label.text()


def test_the_shortcut_opens_the_patient_filled_in_and_a_correction_is_saved(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    window = harness.window(story_path, AUTHOR)
    view = _open_story(qtbot, window)
    button = view.editor.patient_button
    assert button.isEnabled() and "Ctrl+Shift+E" in button.toolTip()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(view.narrative, Qt.Key.Key_E, CTRL_SHIFT)
    qtbot.waitUntil(lambda: view.editor.patient_dialog is not None, timeout=WAIT_MS)
    dialog = _loaded(qtbot, view.editor.patient_dialog)
    assert dialog.windowTitle() == "Edit patient PT-1"
    assert (dialog.name_edit.text(), dialog.first_edit.text()) == ("Rosa Alvarado", "Rosa")
    assert dialog.dob_known.isChecked() and dialog.date_of_birth() == "1970-05-01"
    assert dialog.dob_words.text().startswith("1 May 1970 · ")

    _retype(qtbot, dialog.name_edit, RTL_EMOJI_NAME)
    qtbot.keyClicks(dialog.email_edit, "rosa@example.org")
    qtbot.mouseClick(dialog.add_button, LEFT)
    _closed(qtbot, dialog)
    lib = window.ctx.lib
    stored = subject_details(lib, "PT-1")
    assert (stored.name, stored.first_name, stored.email) == (
        RTL_EMOJI_NAME, "Rosa", "rosa@example.org")
    assert stored.date_of_birth == dt.date(1970, 5, 1)
    event = list_events(lib, limit=1)[0]
    assert (event.action, event.entity) == ("subject.edit", "PT-1")
    assert json.loads(event.details) == {"changed": ["name", "email"]}  # names, never values
    # The story view reads again (STORY was announced) and the status bar says what changed.
    qtbot.waitUntil(lambda: view.subject_label.text() == f"{RTL_EMOJI_NAME} (PT-1)",
                    timeout=WAIT_MS)
    assert "Saved PT-1: name, email." in window.status_text()


def test_bad_input_is_named_and_nothing_is_half_written(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    window = harness.window(story_path, AUTHOR)
    view = _open_story(qtbot, window)
    qtbot.mouseClick(view.editor.patient_button, LEFT)
    dialog = _loaded(qtbot, view.editor.patient_dialog)
    lib = window.ctx.lib
    before = subject_details(lib, "PT-1")
    seq = list_events(lib, limit=1)[0].seq

    dialog.name_edit.clear()
    assert "Name: must not be empty" in _save_refused(qtbot, dialog)
    _retype(qtbot, dialog.name_edit, "Rosa \u202eAlvarado")
    assert "invisible character U+202E" in _save_refused(qtbot, dialog)
    _retype(qtbot, dialog.name_edit, "Rosa Alvarado-Reyes")
    qtbot.keyClicks(dialog.email_edit, "rosa@")
    assert "'rosa@' is not an email address" in _save_refused(qtbot, dialog)
    dialog.email_edit.clear()
    # A date that makes Rosa a minor when C-1 was signed, with the name change beside it:
    # the workflow refuses the whole edit, so the corrected name is not stored either.
    minor = TODAY.replace(year=TODAY.year - 15)
    dialog.dob_edit.setFocus()
    qtbot.keyClicks(dialog.dob_edit, minor.strftime("%Y%m%d"))
    assert dialog.date_of_birth() == minor.isoformat()
    text = _save_refused(qtbot, dialog)
    assert "was a minor when C-1 was signed" in text and "revoke C-1 first" in text
    assert dialog.name_edit.text() == "Rosa Alvarado-Reyes"   # nothing typed is lost
    assert subject_details(lib, "PT-1") == before
    assert list_events(lib, limit=1)[0].seq == seq            # and nothing was recorded
    dialog.reject()


def test_a_typed_date_is_what_is_stored_and_can_be_cleared(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    window = harness.window(story_path, AUTHOR)
    view = _open_story(qtbot, window, "S-2")
    qtbot.mouseClick(view.editor.patient_button, LEFT)
    dialog = _loaded(qtbot, view.editor.patient_dialog)
    assert not dialog.dob_known.isChecked() and dialog.dob_words.text() == "not given"
    qtbot.mouseClick(dialog.dob_known, LEFT)
    assert dialog.dob_edit.hasFocus()
    # Month 13 cannot be typed: the box is left showing "1988-1-01" while still holding its
    # old date. That text, not a date nobody sees, goes to the workflow, which names it.
    qtbot.keyClicks(dialog.dob_edit, "19881345")
    assert dialog.date_of_birth() == "1988-1-01"
    assert "'1988-1-01' is not a real date in the form YYYY-MM-DD" in _save_refused(
        qtbot, dialog)
    assert dialog.dob_words.text() == "“1988-1-01” is not a whole date; type it again"
    lib = window.ctx.lib
    assert subject_details(lib, "PT-2").date_of_birth is None
    dialog.dob_edit.setFocus()
    dialog.dob_edit.setSelectedSection(dialog.dob_edit.Section.YearSection)
    qtbot.keyClicks(dialog.dob_edit, "19881204")
    shown = dialog.date_of_birth()
    assert shown == "1988-12-04" and dialog.dob_words.text().startswith("4 December 1988 · ")
    qtbot.mouseClick(dialog.add_button, LEFT)
    _closed(qtbot, dialog)
    assert subject_details(lib, "PT-2").date_of_birth == dt.date(1988, 12, 4)

    qtbot.mouseClick(view.editor.patient_button, LEFT)
    again = _loaded(qtbot, view.editor.patient_dialog)
    assert again is not dialog and again.date_of_birth() == shown
    qtbot.mouseClick(again.dob_known, LEFT)                   # unknown again: cleared
    qtbot.mouseClick(again.add_button, LEFT)
    _closed(qtbot, again)
    assert subject_details(lib, "PT-2").date_of_birth is None


def test_a_compliance_officer_sees_why_not_and_the_shortcut_does_nothing(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    window = harness.window(story_path, COMPLIANCE)
    view = _open_story(qtbot, window)
    button = view.editor.patient_button
    assert not button.isEnabled()
    assert button.toolTip() == "Subject edit needs the author role, which casey lacks"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(view.narrative, Qt.Key.Key_E, CTRL_SHIFT)
    qtbot.wait(300)  # longer than a shortcut's animated click
    assert view.editor.patient_dialog is None


def test_the_patient_picker_edits_the_chosen_patient(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    window = harness.window(story_path, AUTHOR)
    page = window.page("stories")
    assert isinstance(page, StoriesPage)
    qtbot.mouseClick(page.new_button, LEFT)
    dialog = page.new_dialog
    assert isinstance(dialog, NewStoryDialog)
    picker = dialog.subject
    qtbot.waitUntil(lambda: picker.combo.count() == 2, timeout=WAIT_MS)
    assert not picker.edit_button.isEnabled()
    assert picker.edit_button.toolTip() == "Choose a patient in the list first"
    qtbot.keyClicks(picker.combo.lineEdit(), "pt-2")
    assert picker.edit_button.isEnabled()
    qtbot.mouseClick(picker.edit_button, LEFT)
    patient = _loaded(qtbot, picker.dialog)  # type: ignore[arg-type]
    assert patient.name_edit.text() == "Teo Marsh"
    _retype(qtbot, patient.name_edit, "Teodoro Marsh")
    _retype(qtbot, patient.first_edit, "Teo")
    qtbot.mouseClick(patient.add_button, LEFT)
    _closed(qtbot, patient)
    assert picker.combo.currentText() == "Teodoro Marsh (PT-2)"
    assert picker.subject() == "PT-2"
    stored = subject_details(window.ctx.lib, "PT-2")
    assert (stored.name, stored.first_name) == ("Teodoro Marsh", "Teo")
    dialog.reject()
