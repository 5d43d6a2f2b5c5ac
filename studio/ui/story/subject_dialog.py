"""Adding a patient (a subject): name, the first name posts would use, date of birth, contact.

Everything typed here is PHI; it goes to :func:`studio.workflow.subjects.add_subject` on the
worker, which checks it (and refuses a date in the future, an email without a domain...). A
refusal is shown in the dialog in the workflow's words and nothing typed is lost.

The date of birth is optional, but it is what tells the consent wizard that a minor needs a
parent or guardian to sign, so the box says so.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from studio.ui.context import UiContext
from studio.ui.errors import user_message
from studio.ui.pages.base import muted
from studio.ui.qt_dates import pydate, qdate
from studio.ui.widgets.dialog_parts import error_label, ok_cancel
from studio.workflow.subjects import SubjectRow, add_subject


class SubjectDialog(QDialog):
    """Emits ``created(SubjectRow)`` once the workflow stored the new patient."""

    created = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *, name: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self._title())
        self.name_edit = QLineEdit(name)
        self.name_edit.setAccessibleName(self.tr("Full name"))
        self.name_edit.setMaxLength(200)
        self.first_edit = QLineEdit()
        self.first_edit.setAccessibleName(self.tr("First name"))
        self.first_edit.setPlaceholderText(self.tr("The first word of the name, if empty"))
        self.first_edit.setMaxLength(100)
        self.dob_known = QCheckBox(self.tr("&Known"))
        self.dob_known.setAccessibleName(self.tr("Date of birth is known"))
        today = dt.date.today()
        self.dob_edit = QDateEdit(qdate(today.replace(year=today.year - 40)))
        self.dob_edit.setCalendarPopup(True)
        self.dob_edit.setDisplayFormat("yyyy-MM-dd")
        self.dob_edit.setMaximumDate(qdate(today))
        self.dob_edit.setMinimumDate(qdate(dt.date(1900, 1, 1)))
        self.dob_edit.setAccessibleName(self.tr("Date of birth"))
        self.dob_edit.setEnabled(False)
        self.dob_known.toggled.connect(self._dob_toggled)
        # Said back in words: the date edit's sections make a mistyped date easy to miss.
        self.dob_words = muted()
        self.dob_words.setAccessibleName(self.tr("Date of birth, as understood"))
        self.dob_edit.dateChanged.connect(self._say_dob)
        # Text left half-typed when focus leaves the box (Save clicked): see date_of_birth().
        self._dob_typed: str | None = None
        self.dob_edit.installEventFilter(self)
        dob_row = QHBoxLayout()
        dob_row.addWidget(self.dob_known)
        dob_row.addWidget(self.dob_edit)
        dob_row.addWidget(self.dob_words, 1)
        self.email_edit = QLineEdit()
        self.email_edit.setAccessibleName(self.tr("Email"))
        self.email_edit.setPlaceholderText(self.tr("optional"))
        self.phone_edit = QLineEdit()
        self.phone_edit.setAccessibleName(self.tr("Phone"))
        self.phone_edit.setPlaceholderText(self.tr("optional"))
        form = QFormLayout()
        form.addRow(self.tr("&Name:"), self.name_edit)
        form.addRow(self.tr("&First name:"), self.first_edit)
        dob_label = QLabel(self.tr("Date of &birth:"))
        dob_label.setBuddy(self.dob_known)  # a row of two has no buddy of its own
        form.addRow(dob_label, dob_row)
        form.addRow(self.tr("&Email:"), self.email_edit)
        form.addRow(self.tr("&Phone:"), self.phone_edit)
        note = muted(self.tr("The date of birth tells the consent wizard when a parent or "
                             "guardian must sign for a minor. These details stay inside the "
                             "encrypted library."))
        self.error_label = error_label()
        self.buttons, self.add_button = ok_cancel(self, self._action(), self._add)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._say_dob()
        self.setMinimumWidth(520)

    # What differs between adding and editing (see edit_subject_dialog.py).
    def _title(self) -> str:
        return self.tr("New patient")

    def _action(self) -> str:
        return self.tr("Add patient")

    def _dob_toggled(self, known: bool) -> None:
        self._dob_typed = None
        self.dob_edit.setEnabled(known)
        self._say_dob()
        if known:
            # As if tabbed into: the year is selected, so typing 19880314 fills the date.
            self.dob_edit.setFocus(Qt.FocusReason.TabFocusReason)

    def _say_dob(self) -> None:
        if not self.dob_known.isChecked():
            self.dob_words.setText(self.tr("not given"))
            return
        if self._dob_typed is not None:
            self.dob_words.setText(self.tr("“{typed}” is not a whole date; type it again")
                                   .format(typed=self._dob_typed))
            return
        born, today = pydate(self.dob_edit.date()), dt.date.today()
        years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        self.dob_words.setText(self.tr("{day} {month} {year} · {age} years old").format(
            day=born.day, month=QLocale().monthName(born.month), year=born.year, age=years))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keep the text of a half-typed date when focus leaves its box.

        Leaving the box ("1988-1-01" after an impossible month) puts its previous date back,
        a date the person did not see while they clicked Save. The typed text is kept so that
        it, not that date, goes to the workflow, which refuses it by name.
        """
        if watched is self.dob_edit:
            if event.type() == QEvent.Type.KeyPress:
                self._dob_typed = None
            elif event.type() == QEvent.Type.FocusOut and self.dob_known.isChecked():
                acceptable = self.dob_edit.hasAcceptableInput()
                self._dob_typed = None if acceptable else self.dob_edit.text()
                self._say_dob()
        return super().eventFilter(watched, event)

    def date_of_birth(self) -> str | None:
        """The date as the box shows it (or as it was typed, when not a date); None when not
        known."""
        if not self.dob_known.isChecked():
            return None
        if not self.dob_edit.hasAcceptableInput():
            return self.dob_edit.text()
        if self._dob_typed is not None:
            return self._dob_typed
        return pydate(self.dob_edit.date()).isoformat()

    def _add(self) -> None:
        lib = self.ctx.lib
        name, first = self.name_edit.text(), self.first_edit.text()
        dob, email, phone = self.date_of_birth(), self.email_edit.text(), self.phone_edit.text()
        self.add_button.setEnabled(False)
        self.error_label.clear()
        # No entity kind is announced: no screen lists subjects without their stories or
        # consents, and those screens reload when a story or consent is added.
        self.ctx.op(lambda: add_subject(lib, name, first_name=first or None, dob=dob,
                                        email=email or None, phone=phone or None),
                    self._done, changes=(), owner=self, failed=self._failed)

    def _done(self, row: SubjectRow) -> None:
        self.created.emit(row)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.add_button.setEnabled(True)
        self.error_label.setText(user_message(exc))
