"""Correcting a patient's details: the New patient form, filled with what is stored.

The details are read on the worker (:func:`studio.workflow.subject_edits.subject_details`) and
the change goes to :func:`studio.workflow.subject_edits.edit_subject` there, in one transaction
with its audit event. The workflow decides everything: who may edit (the dialog shows its
reason and stays read-only otherwise), what a valid name, date or email is, and whether a new
date of birth would contradict a consent already signed (refused until that consent is
revoked). A refusal is shown in the dialog in the workflow's words; nothing is stored and
nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QPushButton, QWidget

from studio.ui.context import CONSENT, STORY, UiContext
from studio.ui.errors import user_message
from studio.ui.qt_dates import qdate
from studio.ui.story.subject_dialog import SubjectDialog
from studio.ui.widgets.dialog_parts import gate
from studio.workflow.abilities import why_not_do
from studio.workflow.dates import MIN_YEAR
from studio.workflow.subject_edits import (
    SubjectDetails,
    SubjectEdit,
    edit_subject,
    subject_details,
)

SHORTCUT = "Ctrl+Shift+E"


class EditSubjectDialog(SubjectDialog):
    """Emits ``edited(SubjectEdit)`` once the workflow stored the correction."""

    edited = Signal(object)
    loaded = Signal()

    def __init__(self, ctx: UiContext, subject: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.subject = subject
        self.details: SubjectDetails | None = None
        self.setWindowTitle(self.tr("Edit patient {id}").format(id=subject))
        # A stored date older than the New patient form offers must survive unchanged.
        self.dob_edit.setMinimumDate(qdate(dt.date(MIN_YEAR, 1, 1)))
        self._set_inputs_enabled(False)
        lib = ctx.lib
        ctx.query(lambda: subject_details(lib, subject), self._fill, owner=self,
                  failed=self._not_read)

    def _title(self) -> str:
        return self.tr("Edit patient")

    def _action(self) -> str:
        return self.tr("Save patient")

    def _inputs(self) -> tuple[QWidget, ...]:
        return (self.name_edit, self.first_edit, self.dob_known, self.email_edit,
                self.phone_edit, self.add_button)

    def _set_inputs_enabled(self, on: bool) -> None:
        for widget in self._inputs():
            widget.setEnabled(on)
        self.dob_edit.setEnabled(on and self.dob_known.isChecked())

    def _fill(self, details: SubjectDetails) -> None:
        self.details = details
        self.name_edit.setText(details.name)
        self.first_edit.setText(details.first_name)
        if details.date_of_birth is not None:
            self.dob_edit.setDate(qdate(details.date_of_birth))
        self.dob_known.setChecked(details.date_of_birth is not None)
        self.email_edit.setText(details.email)
        self.phone_edit.setText(details.phone)
        self._say_dob()
        reason = why_not_do(self.ctx.lib, "subject.edit")
        self._set_inputs_enabled(reason is None)
        if reason is not None:
            self.error_label.setText(reason[:1].upper() + reason[1:])
        self.loaded.emit()

    def _add(self) -> None:
        """Save: every field goes to the workflow, which stores only what differs."""
        if self.details is None or not self.add_button.isEnabled():
            return
        lib, subject = self.ctx.lib, self.subject
        name, first = self.name_edit.text(), self.first_edit.text()
        dob, email, phone = self.date_of_birth() or "", self.email_edit.text(), \
            self.phone_edit.text()
        self.add_button.setEnabled(False)
        self.error_label.clear()
        # The name shows in the story list, the story and the consents: those screens reload.
        self.ctx.op(lambda: edit_subject(lib, subject, name=name, first_name=first, dob=dob,
                                         email=email, phone=phone),
                    self._saved, changes={STORY, CONSENT}, owner=self, failed=self._failed)

    def _not_read(self, exc: BaseException) -> None:
        self.error_label.setText(self.tr("The patient could not be read: {reason}").format(
            reason=user_message(exc)))

    def _saved(self, result: SubjectEdit) -> None:
        self.edited.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.add_button.setEnabled(self.details is not None)
        self.error_label.setText(self.tr("Not saved: {reason}").format(
            reason=user_message(exc)))


def edited_words(dialog: QWidget, result: SubjectEdit) -> str:
    """A status line saying what was corrected (field names only: the values are PHI)."""
    words = {"name": dialog.tr("name"), "first_name": dialog.tr("first name"),
             "date_of_birth": dialog.tr("date of birth"), "email": dialog.tr("email"),
             "phone": dialog.tr("phone")}
    if not result.changed:
        return dialog.tr("Nothing to save: {id} is as it was.").format(id=result.row.display_id)
    return dialog.tr("Saved {id}: {what}.").format(
        id=result.row.display_id, what=", ".join(words[f] for f in result.changed))


def open_edit_subject(ctx: UiContext, subject: str, parent: QWidget) -> EditSubjectDialog:
    """Open the dialog for ``subject`` (PT-n), window-modal over ``parent``; it deletes itself."""
    dialog = EditSubjectDialog(ctx, subject, parent)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def edit_patient_button(parent: QWidget) -> QPushButton:
    """The "Edit patient…" button beside a list of patients (story picker, consent wizard)."""
    button = QPushButton(parent.tr("E&dit patient…"), parent)
    button.setAccessibleName(parent.tr("Edit the chosen patient's details"))
    button.setShortcut(QKeySequence(SHORTCUT))
    return button


def gate_edit_patient(ctx: UiContext, button: QPushButton, chosen: str | None) -> None:
    """Enabled when the workflow lets this person edit and a patient is chosen; else why not."""
    reason = why_not_do(ctx.lib, "subject.edit")
    if reason is None and not chosen:
        reason = button.tr("choose a patient in the list first")
    gate(button, reason,
         button.tr("Correct the chosen patient's name, date of birth or contact ({keys})")
         .format(keys=SHORTCUT))


def edit_chosen_patient(ctx: UiContext, button: QPushButton, chosen: str | None,
                        parent: QWidget, on_edited: Callable[[SubjectEdit], None]
                        ) -> EditSubjectDialog | None:
    """Open Edit patient on ``chosen`` when ``button`` allows it (its shortcut can fire while
    it is disabled); ``on_edited`` gets the stored correction."""
    if not chosen or not button.isEnabled():
        return None
    dialog = open_edit_subject(ctx, chosen, parent)
    dialog.edited.connect(on_edited)
    return dialog
