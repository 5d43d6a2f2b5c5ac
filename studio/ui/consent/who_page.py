"""Wizard page 1: whom the authorization is about, when it is signed, and who signs it.

The person's age on the signing date comes from the workflow (``signer_facts``), and so does
the refusal when a minor would sign for themselves or a representative gives no authority
(``signer_problem``): the page shows the workflow's own words and does not let the wizard go on.

Every one of those reads runs on the database worker (``UiContext.query``). Meanwhile the page
says "Loading people…" or "Checking…"; an answer for a person, date or signer changed since is
dropped. Next first asks ``signer_problem`` and returns False; when the workflow clears these
exact answers the page moves the wizard on itself.

"Edit patient…" opens the Edit patient dialog on the person chosen (``why_not_do`` gates it); a
saved correction (a date of birth that makes a minor) is read back like a new choice.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWizardPage,
)

from studio.exporters.consent_form import SIGNER_LABELS
from studio.models.enums import SIGNER_TYPES
from studio.ui.context import UiContext
from studio.ui.errors import sentence, user_message, without_cli_hints
from studio.ui.qt_dates import pydate, qdate
from studio.ui.story.edit_subject_dialog import (
    EditSubjectDialog,
    edit_chosen_patient,
    edit_patient_button,
    gate_edit_patient,
)
from studio.ui.widgets.palette_follow import set_text_tone
from studio.workflow.consent_checks import SignerFacts, signer_facts, signer_problem
from studio.workflow.library_views import list_subjects
from studio.workflow.subject_edits import SubjectEdit
from studio.workflow.subjects import SubjectRow

Answers = tuple[str, str, str, str, dt.date]  # subject, signer type, name, authority, date


class WhoPage(QWizardPage):
    def __init__(self, ctx: UiContext, subject: str | None) -> None:
        super().__init__()
        self.ctx = ctx
        self.facts: SignerFacts | None = None
        self.setTitle(self.tr("Who is this about, and who signs?"))
        self.setSubTitle(self.tr("Fill this in with the patient (or their representative) "
                                 "present."))
        self.loaded = False                        # the people are in the list
        self._facts_asked = self._check_asked = 0  # answers to older questions are dropped
        self._cleared: Answers | None = None       # the answers the workflow let sign
        self._next_wanted = False                  # Next was pressed while facts were read
        self._facts_pending = False                # signer_facts is on the worker
        self._signer_pending = False               # signer_problem is on the worker
        self.subject_combo = QComboBox()
        self.subject_combo.setAccessibleName(self.tr("Person the authorization is about"))
        self.subject_combo.setPlaceholderText(self.tr("Loading people…"))
        self.subject_combo.setEnabled(False)
        self.edit_button = edit_patient_button(self)
        self.patient_dialog: EditSubjectDialog | None = None   # the open one, for tests
        today = dt.datetime.now(ctx.lib.timezone).date()
        self.signed_on = QDateEdit(qdate(today))
        self.signed_on.setCalendarPopup(True)
        self.signed_on.setDisplayFormat("yyyy-MM-dd")
        self.signed_on.setMaximumDate(qdate(today))
        self.signed_on.setAccessibleName(self.tr("Date signed"))
        self.age_label = QLabel()
        self.age_label.setWordWrap(True)

        self.patient_radio = QRadioButton(self.tr("The patient signs"))
        self.representative_radio = QRadioButton(self.tr("A personal representative signs"))
        self.patient_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.patient_radio)
        group.addButton(self.representative_radio)
        self.relation_combo = QComboBox()
        self.relation_combo.setAccessibleName(self.tr("Representative's relationship"))
        for kind in SIGNER_TYPES[1:]:
            self.relation_combo.addItem(SIGNER_LABELS["en"][kind].capitalize(), kind)
        self.rep_name = QLineEdit()
        self.rep_name.setAccessibleName(self.tr("Representative's full name"))
        self.authority = QPlainTextEdit()
        self.authority.setAccessibleName(self.tr("Representative's authority to act"))
        self.authority.setPlaceholderText(self.tr(
            "For example: mother and legal guardian; health care power of attorney dated…"))
        self.authority.setFixedHeight(64)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        set_text_tone(self.error_label, "error")
        self.error_label.hide()

        form = QFormLayout()
        person = QHBoxLayout()
        person.addWidget(self.subject_combo, 1)
        person.addWidget(self.edit_button)
        form.addRow(self.tr("&Person:"), person)
        form.addRow(self.tr("&Date signed:"), self.signed_on)
        form.addRow("", self.age_label)
        form.addRow(self.tr("Signed by:"), self.patient_radio)
        form.addRow("", self.representative_radio)
        form.addRow(self.tr("&Relationship:"), self.relation_combo)
        form.addRow(self.tr("Representative's &name:"), self.rep_name)
        form.addRow(self.tr("&Authority:"), self.authority)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)

        self.subject_combo.currentIndexChanged.connect(self._refresh_facts)
        self.subject_combo.currentIndexChanged.connect(self._gate_edit)
        self.edit_button.clicked.connect(self.edit_patient)
        self.signed_on.dateChanged.connect(self._refresh_facts)
        self.representative_radio.toggled.connect(self._sync_representative)
        for edit in (self.rep_name,):
            edit.textChanged.connect(self._clear_error)
        self._sync_representative()
        self._gate_edit()
        self.age_label.setText(self.tr("Loading people…"))
        lib = ctx.lib
        ctx.query(lambda: list_subjects(lib), lambda rows: self._show_subjects(rows, subject),
                  owner=self, failed=lambda exc: self.age_label.setText(user_message(exc)))

    def _show_subjects(self, rows: list[SubjectRow], chosen: str | None) -> None:
        self.subject_combo.blockSignals(True)      # one facts read, for the person chosen
        for row in rows:
            self.subject_combo.addItem(self._subject_text(row), row.display_id)
        if rows:
            self.subject_combo.setCurrentIndex(max(self.subject_combo.findData(chosen), 0))
        self.subject_combo.blockSignals(False)
        self.subject_combo.setEnabled(True)
        self.loaded = True
        self.completeChanged.emit()
        self._gate_edit()
        self._refresh_facts()

    def _subject_text(self, row: SubjectRow) -> str:
        born = self.tr(", born {day}").format(day=row.date_of_birth) if row.date_of_birth \
            else ""
        return f"{row.name} ({row.display_id}{born})"

    # -- correcting the person -------------------------------------------------------------
    def _gate_edit(self) -> None:
        gate_edit_patient(self.ctx, self.edit_button, self.subject())

    def edit_patient(self) -> None:
        """Open Edit patient on the person chosen; a save is read back as a new choice."""
        dialog = edit_chosen_patient(self.ctx, self.edit_button, self.subject(), self,
                                     self._edited)
        if dialog is not None:
            self.patient_dialog = dialog

    def _edited(self, result: SubjectEdit) -> None:
        index = self.subject_combo.findData(result.row.display_id)
        if index < 0:
            return
        self.subject_combo.setItemText(index, self._subject_text(result.row))
        if index == self.subject_combo.currentIndex() and result.changed:
            self._refresh_facts()        # another person chosen meanwhile reads their own

    # -- values ----------------------------------------------------------------------------
    def subject(self) -> str:
        return str(self.subject_combo.currentData() or "")

    def signed_date(self) -> dt.date:
        return pydate(self.signed_on.date())

    def signer_type(self) -> str:
        return "self" if self.patient_radio.isChecked() else str(self.relation_combo.currentData())

    def signer_name(self) -> str:
        if self.patient_radio.isChecked():
            return self.facts.name if self.facts else ""
        return self.rep_name.text().strip()

    def signer_authority(self) -> str:
        return "" if self.patient_radio.isChecked() else self.authority.toPlainText().strip()

    # -- behaviour -------------------------------------------------------------------------
    def _sync_representative(self) -> None:
        on = self.representative_radio.isChecked()
        for widget in (self.relation_combo, self.rep_name, self.authority):
            widget.setEnabled(on)
        self._clear_error()

    def _clear_error(self) -> None:
        self.error_label.hide()

    def _say(self, text: str, *, error: bool) -> None:
        set_text_tone(self.error_label, "error" if error else None)
        self.error_label.setText(text)
        self.error_label.show()

    def _refresh_facts(self) -> None:
        """Ask the workflow for the person's age on the signing date (on the worker).

        A clearance or signer check made on the earlier facts no longer counts."""
        self._clear_error()
        self._facts_asked += 1
        self._check_asked += 1
        self.facts, self._cleared = None, None
        self._facts_pending = self._signer_pending = False
        if not self.loaded:
            return
        if not self.subject():
            self.age_label.setText(self.tr("No people in this library yet: add the subject "
                                           "first."))
            return
        self.age_label.setText(self.tr("Checking…"))
        self._facts_pending = True
        asked, lib, subject, day = self._facts_asked, self.ctx.lib, self.subject(), \
            self.signed_date()
        self.ctx.query(lambda: signer_facts(lib, subject, day),
                       lambda facts: self._show_facts(asked, facts), owner=self,
                       failed=lambda exc: self._facts_failed(asked, exc))

    def _show_facts(self, asked: int, facts: SignerFacts) -> None:
        if asked != self._facts_asked:
            return                       # another person or date was chosen since
        self.facts, self._facts_pending = facts, False
        if facts.age is None:
            text = self.tr("No date of birth on record: make sure the signer is an adult or a "
                           "representative with authority.")
        elif facts.minor:
            text = self.tr("{age} years old on the signing date: a minor.").format(
                age=facts.age)
            self.representative_radio.setChecked(True)
        else:
            text = self.tr("{age} years old on the signing date.").format(age=facts.age)
        self.age_label.setText(text)
        if self._next_wanted:
            self._next_wanted = False
            self._ask_signer()

    def _facts_failed(self, asked: int, exc: BaseException) -> None:
        if asked == self._facts_asked:
            self._facts_pending = self._next_wanted = False
            self.age_label.setText(user_message(exc))

    @property
    def checking(self) -> bool:
        """A read for this page is on the worker: the people, the facts or the signer."""
        return not self.loaded or self._facts_pending or self._signer_pending

    def _answers(self) -> Answers:
        return (self.subject(), self.signer_type(), self.signer_name(), self.signer_authority(),
                self.signed_date())

    def isComplete(self) -> bool:
        return bool(self.subject())

    def validatePage(self) -> bool:
        """Go on only once the workflow has said this signer may sign with these answers;
        until then ask it (on the worker) and stay here."""
        if self.facts is not None and self._cleared == self._answers():
            return True
        if self.facts is None:
            self._next_wanted = True     # asked once the person's facts are in
            self._say(self.tr("Checking…"), error=False)
        else:
            self._ask_signer()
        return False

    def _ask_signer(self) -> None:
        self._check_asked += 1
        asked, lib, answers = self._check_asked, self.ctx.lib, self._answers()
        subject, signer_type, name, authority, day = answers
        self._signer_pending = True
        self._say(self.tr("Checking…"), error=False)
        self.ctx.query(lambda: signer_problem(lib, subject, signer_type=signer_type,
                                              signer_name=name, authority=authority,
                                              signed_on=day),
                       lambda problem: self._signer_checked(asked, answers, problem),
                       owner=self,
                       failed=lambda exc: self._signer_checked(asked, answers,
                                                               user_message(exc)))

    def _signer_checked(self, asked: int, answers: Answers, problem: str | None) -> None:
        if asked != self._check_asked:
            return                       # a newer check is on its way
        self._signer_pending = False
        if answers != self._answers():
            return                       # the answers changed since: Next asks again
        if problem is not None:
            self._say(sentence(without_cli_hints(problem)), error=True)
            return
        self._cleared = answers
        self._clear_error()
        wizard = self.wizard()
        if wizard is not None and wizard.currentPage() is self:
            wizard.next()
