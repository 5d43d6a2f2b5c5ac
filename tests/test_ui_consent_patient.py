"""Edit patient from the consent wizard's who page: the real dialog on a real library; a saved
correction is read back on the worker, so a new date of birth decides who must sign."""

from __future__ import annotations

import datetime as dt

import shiboken6
from factories import subject_and_story
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from ui_fixtures import WAIT_MS, UiHarness, close_library, ui_thread_statements
from ui_flows import click_option, consents_page, next_page, open_wizard

from conftest import AUTHOR, COMPLIANCE
from studio.library.library import Library
from studio.ui.consent.who_page import WhoPage
from studio.ui.story.edit_subject_dialog import EditSubjectDialog
from studio.workflow.abilities import why_not_do
from studio.workflow.subject_edits import subject_details

LEFT = Qt.MouseButton.LeftButton
TODAY = dt.date.today()


def _edit_dialog(qtbot: QtBot, who: WhoPage) -> EditSubjectDialog:
    assert who.edit_button.isEnabled(), who.edit_button.toolTip()
    qtbot.mouseClick(who.edit_button, LEFT)
    dialog = who.patient_dialog
    assert isinstance(dialog, EditSubjectDialog) and dialog.subject == who.subject()
    qtbot.waitUntil(lambda: dialog.details is not None and dialog.isVisible(), timeout=WAIT_MS)
    return dialog


def test_a_corrected_birth_date_makes_the_page_ask_for_a_representative(
        qtbot: QtBot, harness: UiHarness, author_lib: Library) -> None:
    subject_and_story(author_lib)                                   # PT-1, born 1970
    window = harness.window(close_library(author_lib), AUTHOR)
    wizard = open_wizard(qtbot, window)
    who = wizard.who
    assert "a minor" not in who.age_label.text() and who.patient_radio.isChecked()
    assert "1970-05-01" in who.subject_combo.currentText()
    with ui_thread_statements(window.ctx.lib) as on_ui_thread:
        dialog = _edit_dialog(qtbot, who)
        minor = TODAY.replace(year=TODAY.year - 12, day=1)
        dialog.dob_edit.setFocus()
        qtbot.keyClicks(dialog.dob_edit, minor.strftime("%Y%m%d"))
        assert dialog.date_of_birth() == minor.isoformat()
        qtbot.mouseClick(dialog.add_button, LEFT)
        qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(),
                        timeout=WAIT_MS)
        qtbot.waitUntil(lambda: who.facts is not None, timeout=WAIT_MS)
    assert on_ui_thread == []
    assert who.facts is not None and who.facts.minor and who.facts.age == 12
    assert "12 years old on the signing date: a minor." in who.age_label.text()
    assert who.representative_radio.isChecked()          # the page now asks for one
    assert minor.isoformat() in who.subject_combo.currentText()
    assert subject_details(window.ctx.lib, "PT-1").date_of_birth == minor
    # The patient signing for themselves is refused in the workflow's words.
    click_option(qtbot, who.patient_radio)
    next_page(qtbot, wizard)
    assert wizard.currentPage() is who
    assert "parent or guardian must sign" in who.error_label.text()


def test_a_clearance_for_the_old_details_does_not_survive_the_correction(
        qtbot: QtBot, harness: UiHarness, author_lib: Library) -> None:
    subject_and_story(author_lib)
    window = harness.window(close_library(author_lib), AUTHOR)
    wizard = open_wizard(qtbot, window)
    who = wizard.who
    next_page(qtbot, wizard)                    # the adult may sign: cleared, on to the scope
    assert wizard.currentPage() is wizard.scope
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.BackButton), LEFT)
    assert wizard.currentPage() is who
    dialog = _edit_dialog(qtbot, who)
    dialog.dob_edit.setFocus()
    qtbot.keyClicks(dialog.dob_edit, TODAY.replace(year=TODAY.year - 9, day=1)
                    .strftime("%Y%m%d"))
    qtbot.mouseClick(dialog.add_button, LEFT)
    qtbot.waitUntil(lambda: who.facts is not None and who.facts.minor, timeout=WAIT_MS)
    click_option(qtbot, who.patient_radio)      # the same answers the workflow cleared before
    next_page(qtbot, wizard)
    assert wizard.currentPage() is who and "parent or guardian" in who.error_label.text()


def test_edit_patient_is_off_without_a_person_and_says_why(
        qtbot: QtBot, harness: UiHarness, author_lib: Library) -> None:
    window = harness.window(close_library(author_lib), AUTHOR)      # nobody in the library
    page = consents_page(window)
    qtbot.mouseClick(page.new_button, LEFT)
    wizard = page.wizard
    assert wizard is not None and wizard.isVisible()
    who = wizard.who
    qtbot.waitUntil(lambda: who.loaded, timeout=WAIT_MS)
    assert not who.edit_button.isEnabled()
    assert who.edit_button.toolTip() == "Choose a patient in the list first"
    who.edit_patient()                          # the shortcut's way in refuses too
    assert who.patient_dialog is None
    wizard.reject()


def test_a_role_that_may_not_edit_sees_the_workflows_reason(
        qtbot: QtBot, harness: UiHarness, author_lib: Library) -> None:
    """No such role can open the wizard today (consent.add and subject.edit are both the
    author's), so the page is built directly on a compliance officer's session: the button
    follows why_not_do, not a rule of its own."""
    subject_and_story(author_lib)
    window = harness.window(close_library(author_lib), COMPLIANCE)
    reason = why_not_do(window.ctx.lib, "subject.edit")
    assert reason is not None and "author role" in reason
    assert why_not_do(window.ctx.lib, "consent.add") is not None
    who = WhoPage(window.ctx, "PT-1")
    qtbot.addWidget(who)
    qtbot.waitUntil(lambda: who.facts is not None, timeout=WAIT_MS)
    assert not who.edit_button.isEnabled()
    assert who.edit_button.toolTip() == reason[:1].upper() + reason[1:]
    who.edit_patient()
    assert who.patient_dialog is None
