"""Wizard page 1: whom the authorization is about, when it is signed, and who signs it.

The person's age on the signing date comes from the workflow (``signer_facts``), and so does
the refusal when a minor would sign for themselves or a representative gives no authority
(``signer_problem``): the page shows the workflow's own words and does not let the wizard go on.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFormLayout,
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
from studio.ui.errors import sentence, without_cli_hints
from studio.ui.widgets.palette_follow import set_text_tone
from studio.workflow.consent_checks import SignerFacts, signer_facts, signer_problem
from studio.workflow.library_views import list_subjects
from studio.workflow.subjects import SubjectRow


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class WhoPage(QWizardPage):
    def __init__(self, ctx: UiContext, subject: str | None) -> None:
        super().__init__()
        self.ctx = ctx
        self.facts: SignerFacts | None = None
        self.setTitle(self.tr("Who is this about, and who signs?"))
        self.setSubTitle(self.tr("Fill this in with the patient (or their representative) "
                                 "present."))
        self.subject_combo = QComboBox()
        self.subject_combo.setAccessibleName(self.tr("Person the authorization is about"))
        for row in list_subjects(ctx.lib):
            self.subject_combo.addItem(self._subject_text(row), row.display_id)
        if subject:
            self.subject_combo.setCurrentIndex(max(self.subject_combo.findData(subject), 0))
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
        form.addRow(self.tr("&Person:"), self.subject_combo)
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
        self.signed_on.dateChanged.connect(self._refresh_facts)
        self.representative_radio.toggled.connect(self._sync_representative)
        for edit in (self.rep_name,):
            edit.textChanged.connect(self._clear_error)
        self._sync_representative()
        self._refresh_facts()

    def _subject_text(self, row: SubjectRow) -> str:
        born = self.tr(", born {day}").format(day=row.date_of_birth) if row.date_of_birth \
            else ""
        return f"{row.name} ({row.display_id}{born})"

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

    def _refresh_facts(self) -> None:
        self._clear_error()
        if not self.subject():
            self.facts = None
            self.age_label.setText(self.tr("No people in this library yet: add the subject "
                                           "first."))
            return
        self.facts = signer_facts(self.ctx.lib, self.subject(), self.signed_date())
        if self.facts.age is None:
            text = self.tr("No date of birth on record: make sure the signer is an adult or a "
                           "representative with authority.")
        elif self.facts.minor:
            text = self.tr("{age} years old on the signing date: a minor.").format(
                age=self.facts.age)
            self.representative_radio.setChecked(True)
        else:
            text = self.tr("{age} years old on the signing date.").format(age=self.facts.age)
        self.age_label.setText(text)

    def isComplete(self) -> bool:
        return bool(self.subject())

    def validatePage(self) -> bool:
        """Ask the workflow whether this signer may sign; show its refusal here if not."""
        problem = signer_problem(self.ctx.lib, self.subject(), signer_type=self.signer_type(),
                                 signer_name=self.signer_name(),
                                 authority=self.signer_authority(),
                                 signed_on=self.signed_date())
        if problem is None:
            return True
        self.error_label.setText(sentence(without_cli_hints(problem)))
        self.error_label.show()
        return False
