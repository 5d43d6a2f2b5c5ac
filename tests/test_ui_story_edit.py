"""New patient, new story and editing a story, driven through the real widgets offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from factories import consent, draft, subject_and_story
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from ui_fixtures import WAIT_MS, UiHarness, close_library

from conftest import AUTHOR, COMPLIANCE
from studio.library.library import Library
from studio.models import PostRevision, Subject
from studio.ui.consent.wizard import ConsentWizard
from studio.ui.main_window import MainWindow
from studio.ui.pages.stories import StoriesPage
from studio.ui.pages.story_view import StoryView
from studio.ui.story.new_story_dialog import NewStoryDialog
from studio.ui.story.story_editor import StoryEditor
from studio.ui.story.subject_dialog import SubjectDialog
from studio.workflow.audit_log import list_events
from studio.workflow.stories import edit_story, show_story

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton
RTL_EMOJI = " שלום 👩🏽‍⚕️ مرحبا 👨‍👩‍👧"


@pytest.fixture
def story_path(author_lib: Library) -> Path:
    """Rosa's story S-1 with a consent and a draft post, and Teo's story S-2."""
    subject, story = subject_and_story(author_lib)
    consent(author_lib, subject)
    draft(author_lib, story)
    subject_and_story(author_lib, name="Teo Marsh")
    return close_library(author_lib)


def _active(qtbot: QtBot, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)


def _stories(window: MainWindow) -> StoriesPage:
    page = window.page("stories")
    assert isinstance(page, StoriesPage)
    return page


def _open_story(qtbot: QtBot, window: MainWindow, story: str = "S-1") -> StoryView:
    window.open_item(story)
    view = _stories(window).story_view
    assert isinstance(view, StoryView) and view.display_id == story
    qtbot.waitUntil(lambda: view.overview is not None, timeout=WAIT_MS)
    return view


def _paste(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Put ``text`` on the clipboard and paste it with Ctrl+V, as a person would."""
    QApplication.clipboard().setText(text)
    qtbot.keyClick(widget, Qt.Key.Key_V, CTRL)


def _question(qtbot: QtBot, editor: StoryEditor) -> QMessageBox:
    qtbot.waitUntil(lambda: editor.box is not None and editor.box.isVisible(), timeout=WAIT_MS)
    assert editor.box is not None
    return editor.box


def _answer(qtbot: QtBot, editor: StoryEditor, button: QMessageBox.StandardButton) -> None:
    qtbot.mouseClick(_question(qtbot, editor).button(button), LEFT)


def _start_editing(qtbot: QtBot, window: MainWindow, view: StoryView) -> StoryEditor:
    editor = view.editor
    assert editor.edit_button.isEnabled()
    _active(qtbot, window)
    qtbot.keyClick(view.narrative, Qt.Key.Key_E, CTRL)  # the button's shortcut: an animated click
    qtbot.waitUntil(lambda: editor.editing, timeout=WAIT_MS)
    assert not view.narrative.isReadOnly()
    assert editor.save_button.isVisible() and editor.cancel_button.isVisible()
    assert "Posts already drafted from it keep their own text" in editor.note.text()
    return editor


def test_a_patient_and_a_story_made_in_the_dialogs_are_listed_and_found(
        qtbot: QtBot, harness: UiHarness, library_path: Path) -> None:
    window = harness.window(library_path, AUTHOR)
    page = _stories(window)
    _active(qtbot, window)
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_N, CTRL)  # the Stories screen's Ctrl+N
    dialog = page.new_dialog
    assert isinstance(dialog, NewStoryDialog) and dialog.isVisible()

    qtbot.mouseClick(dialog.subject.new_button, LEFT)
    patient = dialog.subject.dialog
    assert isinstance(patient, SubjectDialog) and patient.isVisible()
    _active(qtbot, patient)
    qtbot.keyClicks(patient.name_edit, "Lina Haddad")
    qtbot.mouseClick(patient.dob_known, LEFT)
    assert patient.dob_edit.isEnabled() and patient.dob_edit.hasFocus()
    qtbot.keyClicks(patient.dob_edit, "19880314")
    assert patient.date_of_birth() == "1988-03-14"
    assert patient.dob_words.text().startswith("14 March 1988 · ")
    qtbot.keyClicks(patient.email_edit, "lina@")
    qtbot.mouseClick(patient.add_button, LEFT)
    qtbot.waitUntil(lambda: "not an email address" in patient.error_label.text(),
                    timeout=WAIT_MS)
    assert patient.isVisible() and patient.name_edit.text() == "Lina Haddad"  # nothing lost
    qtbot.keyClicks(patient.email_edit, "example.org")
    qtbot.mouseClick(patient.add_button, LEFT)
    qtbot.waitUntil(lambda: not shiboken6.isValid(patient), timeout=WAIT_MS)  # closed, deleted
    assert dialog.subject.combo.currentText() == "Lina Haddad (PT-1)"

    qtbot.keyClicks(dialog.title_edit, "Twins, home at last")
    qtbot.keyClicks(dialog.service_line.lineEdit(), "Maternity")
    qtbot.keyClicks(dialog.tags.edit, "NICU, #twins, nicu")
    assert dialog.tags.preview.text() == "Saved as: nicu · twins"
    qtbot.keyClicks(dialog.narrative.editor, "The twins went home after six weeks.")
    _paste(qtbot, dialog.narrative.editor, RTL_EMOJI)
    text = "The twins went home after six weeks." + RTL_EMOJI
    assert dialog.narrative.text() == text
    assert dialog.narrative.count_label.text() == f"11 words · {len(text)} characters"
    qtbot.mouseClick(dialog.add_button, LEFT)

    qtbot.waitUntil(lambda: isinstance(page.story_view, StoryView), timeout=WAIT_MS)
    view = page.story_view
    assert isinstance(view, StoryView)
    qtbot.waitUntil(lambda: view.overview is not None, timeout=WAIT_MS)
    assert view.display_id == "S-1" and view.title.text() == "Twins, home at last"
    assert view.subject_label.text() == "Lina Haddad (PT-1)"
    assert view.narrative.toPlainText() == text  # right-to-left and emoji, as typed
    assert "Added S-1" in window.status_text()
    lib = window.ctx.lib
    stored = show_story(lib, "S-1")
    assert stored.narrative == text and stored.tags == ("nicu", "twins")
    assert stored.row.service_line == "Maternity"
    with lib.read() as session:
        person = session.scalars(select(Subject)).one()
        assert (person.date_of_birth.isoformat() if person.date_of_birth else None,
                person.email) == ("1988-03-14", "lina@example.org")

    qtbot.mouseClick(view.back_button, LEFT)
    assert page.story_view is None
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT_MS)
    assert page.model.story_row(0).title == "Twins, home at last"  # type: ignore[union-attr]
    _paste(qtbot, window.search_edit, "مرحبا")  # keyClicks cannot type outside Latin-1
    search = window.page("search")
    qtbot.waitUntil(lambda: search.model.rowCount() == 1, timeout=WAIT_MS)  # type: ignore[attr-defined]
    assert window.current_key() == "search"


def test_ctrl_n_on_the_consents_screen_is_still_its_own(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    window = harness.window(story_path, AUTHOR)
    consents = window.show_page("consents")
    _active(qtbot, window)
    consents.table.setFocus()  # type: ignore[attr-defined]
    qtbot.keyClick(consents.table, Qt.Key.Key_N, CTRL)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: bool(consents.findChildren(ConsentWizard)), timeout=WAIT_MS)
    assert _stories(window).new_dialog is None


def test_editing_a_story_saves_it_and_leaves_its_posts_alone(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    window = harness.window(story_path, AUTHOR)
    view = _open_story(qtbot, window)
    lib = window.ctx.lib
    with lib.read() as session:
        post_text = session.scalars(select(PostRevision.text)).one()
    editor = _start_editing(qtbot, window, view)
    editor.title_edit.selectAll()
    qtbot.keyClicks(editor.title_edit, "Dancing at her wedding")
    view.narrative.selectAll()
    qtbot.keyClicks(view.narrative, "She danced at her wedding.")
    _paste(qtbot, view.narrative, " Oops, pasted the wrong thing")
    qtbot.keyClick(view.narrative, Qt.Key.Key_Z, CTRL)  # the editor's own undo
    assert view.narrative.toPlainText() == "She danced at her wedding."
    _paste(qtbot, view.narrative, RTL_EMOJI)
    qtbot.waitUntil(lambda: editor.line_box.count() == 0, timeout=WAIT_MS)
    editor.line_box.lineEdit().selectAll()
    qtbot.keyClicks(editor.line_box.lineEdit(), "Orthopedics")
    qtbot.keyClicks(editor.tags_field.edit, "Knee, wedding")
    assert editor.is_dirty()
    qtbot.keyClick(view.narrative, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not editor.editing, timeout=WAIT_MS)
    assert view.narrative.isReadOnly()
    assert ("Saved S-1: title, story text, service line, tags. Posts already drafted are "
            "unchanged.") in window.status_text()
    stored = show_story(lib, "S-1")
    assert stored.row.title == "Dancing at her wedding"
    assert stored.narrative == "She danced at her wedding." + RTL_EMOJI
    assert (stored.row.service_line, stored.tags) == ("Orthopedics", ("knee", "wedding"))
    qtbot.waitUntil(lambda: view.title.text() == "Dancing at her wedding", timeout=WAIT_MS)
    assert view.narrative.toPlainText() == stored.narrative
    assert view.tags_label.text() == "knee, wedding"
    with lib.read() as session:
        assert session.scalars(select(PostRevision.text)).one() == post_text
    assert list_events(lib, limit=1)[0].action == "story.edit"
    qtbot.mouseClick(view.back_button, LEFT)  # saved: leaving asks nothing
    assert _stories(window).story_view is None


def test_cancel_asks_then_discards(qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    window = harness.window(story_path, AUTHOR)
    view = _open_story(qtbot, window)
    editor = _start_editing(qtbot, window, view)
    qtbot.keyClick(view.narrative, Qt.Key.Key_Escape)  # no change yet: just leaves edit mode
    assert not editor.editing and _stories(window).story_view is view
    editor = _start_editing(qtbot, window, view)
    qtbot.keyClicks(view.narrative, "A sentence nobody wants.")
    qtbot.keyClick(view.narrative, Qt.Key.Key_Escape)
    box = _question(qtbot, editor)
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "Keep editing"
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), LEFT)
    assert editor.editing and "nobody wants" in view.narrative.toPlainText()
    qtbot.mouseClick(editor.cancel_button, LEFT)
    _answer(qtbot, editor, QMessageBox.StandardButton.Discard)
    assert not editor.editing
    assert view.narrative.toPlainText() == "She walked again after knee surgery."
    assert show_story(window.ctx.lib, "S-1").narrative == "She walked again after knee surgery."


def test_leaving_with_unsaved_changes_asks_save_discard_or_cancel(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    window = harness.window(story_path, AUTHOR)
    page = _stories(window)
    view = _open_story(qtbot, window)
    editor = _start_editing(qtbot, window, view)
    qtbot.keyClicks(view.narrative, " Then she ran.")
    qtbot.mouseClick(view.back_button, LEFT)
    _answer(qtbot, editor, QMessageBox.StandardButton.Cancel)
    assert page.story_view is view and editor.editing  # stayed, text and all
    window.open_item("S-2")  # opening another story asks too
    _answer(qtbot, editor, QMessageBox.StandardButton.Discard)
    other = page.story_view
    assert isinstance(other, StoryView) and other.display_id == "S-2"
    assert show_story(window.ctx.lib, "S-1").narrative == "She walked again after knee surgery."

    qtbot.waitUntil(lambda: other.overview is not None, timeout=WAIT_MS)
    editor = _start_editing(qtbot, window, other)
    qtbot.keyClick(other.narrative, Qt.Key.Key_End, CTRL)
    qtbot.keyClicks(other.narrative, " He ran too.")
    qtbot.keyClick(other.narrative, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    _answer(qtbot, editor, QMessageBox.StandardButton.Save)
    qtbot.waitUntil(lambda: page.story_view is None, timeout=WAIT_MS)
    assert show_story(window.ctx.lib, "S-2").narrative.endswith("He ran too.")


def test_a_refused_save_says_why_and_keeps_the_text(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    window = harness.window(story_path, AUTHOR)
    view = _open_story(qtbot, window)
    editor = _start_editing(qtbot, window, view)
    _paste(qtbot, view.narrative, " Call 312-555-\u202e0199")
    typed = view.narrative.toPlainText()
    qtbot.mouseClick(editor.save_button, LEFT)
    qtbot.waitUntil(lambda: bool(editor.error_label.text()), timeout=WAIT_MS)
    assert "invisible character U+202E" in editor.error_label.text()
    assert "Your text is still here" in editor.error_label.text()
    assert editor.editing and view.narrative.toPlainText() == typed
    assert editor.save_button.isEnabled()
    editor.title_edit.clear()
    qtbot.keyClicks(editor.tags_field.edit, "x" * 61)
    assert "limit is 60" in editor.tags_field.preview.text()
    qtbot.mouseClick(editor.save_button, LEFT)
    assert "limit is 60" in editor.error_label.text() and editor.editing
    assert show_story(window.ctx.lib, "S-1").narrative == "She walked again after knee surgery."


def test_a_compliance_officer_sees_why_they_cannot_add_or_edit(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    window = harness.window(story_path, COMPLIANCE)
    page = _stories(window)
    assert not page.new_button.isEnabled()
    assert page.new_button.toolTip() == "Story add needs the author role, which casey lacks"
    _active(qtbot, window)
    qtbot.keyClick(page.table, Qt.Key.Key_N, CTRL)
    assert page.new_dialog is None
    view = _open_story(qtbot, window)
    editor = view.editor
    assert not editor.edit_button.isEnabled()
    assert editor.edit_button.toolTip() == "Story edit needs the author role, which casey lacks"
    qtbot.keyClick(view.narrative, Qt.Key.Key_E, CTRL)
    qtbot.wait(300)  # longer than a shortcut's animated click
    assert not editor.editing and view.narrative.isReadOnly()


def test_the_patient_picker_searches_and_service_lines_are_offered(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    window = harness.window(story_path, AUTHOR)
    edit_story(window.ctx.lib, "S-2", service_line="Orthopedics")
    page = _stories(window)
    qtbot.mouseClick(page.new_button, LEFT)
    dialog = page.new_dialog
    assert isinstance(dialog, NewStoryDialog)
    qtbot.waitUntil(lambda: dialog.subject.combo.count() == 2, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: dialog.service_line.count() == 1, timeout=WAIT_MS)
    assert dialog.service_line.itemText(0) == "Orthopedics"
    combo = dialog.subject.combo
    assert [combo.itemText(i) for i in range(2)] == ["Rosa Alvarado (PT-1)", "Teo Marsh (PT-2)"]
    qtbot.keyClicks(combo.lineEdit(), "mars")  # any part of the name, any case
    assert dialog.subject.subject() == "PT-2"
    combo.lineEdit().clear()
    qtbot.keyClicks(combo.lineEdit(), "pt-1")
    assert dialog.subject.subject() == "PT-1"
    combo.lineEdit().clear()
    qtbot.keyClicks(combo.lineEdit(), "Nobody Known")
    qtbot.keyClicks(dialog.title_edit, "A title")
    qtbot.mouseClick(dialog.add_button, LEFT)
    assert "Choose the patient from the list" in dialog.error_label.text()
    assert dialog.isVisible() and dialog.title_edit.text() == "A title"
    qtbot.mouseClick(dialog.subject.new_button, LEFT)  # what was typed becomes the name
    patient = dialog.subject.dialog
    assert isinstance(patient, SubjectDialog) and patient.name_edit.text() == "Nobody Known"
    patient.reject()
    dialog.reject()


def test_a_read_only_window_says_why_nothing_can_change(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    window = harness.window(story_path, AUTHOR, read_only=True)
    page = _stories(window)
    assert not page.new_button.isEnabled() and "read-only" in page.new_button.toolTip()
    view = _open_story(qtbot, window)
    assert not view.editor.edit_button.isEnabled()
    assert "open read-only" in view.editor.edit_button.toolTip()


def test_escape_in_the_new_story_dialog_asks_before_throwing_text_away(
        qtbot: QtBot, harness: UiHarness, story_path: Path) -> None:
    window = harness.window(story_path, AUTHOR)
    page = _stories(window)
    qtbot.mouseClick(page.new_button, LEFT)
    dialog = page.new_dialog
    assert isinstance(dialog, NewStoryDialog)
    _active(qtbot, dialog)
    qtbot.keyClicks(dialog.narrative.editor, "Half a story")
    qtbot.keyClick(dialog.narrative.editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.box is not None and dialog.box.isVisible(), timeout=WAIT_MS)
    assert dialog.box is not None
    qtbot.mouseClick(dialog.box.button(QMessageBox.StandardButton.Cancel), LEFT)  # keep editing
    assert dialog.isVisible() and dialog.narrative.text() == "Half a story"
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel), LEFT)
    qtbot.waitUntil(lambda: dialog.box is not None and dialog.box.isVisible(), timeout=WAIT_MS)
    qtbot.mouseClick(dialog.box.button(QMessageBox.StandardButton.Discard), LEFT)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=WAIT_MS)
